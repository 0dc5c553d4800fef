/**
 * `POST /v3/token` (docs/wire-assumptions.md P.1): the OAuth grant, form-encoded, answering 201 with an access token (and
 * a refresh token) in the configured shape; `client_credentials` and `refresh_token` grants.
 */
import { createHash } from 'node:crypto'
import type { Handler, SimResponse } from '../../common/engine'
import { json } from '../../common/engine'
import { fieldError, unprocessable } from '../respond'
import type { PayTraceCredentials, PayTraceSim } from '../state'

const mintToken = (sim: PayTraceSim, prefix: string): string => {
  sim.tokenCounter++
  const hex = createHash('sha256')
    .update(`${sim.options.seed}:${prefix}:${sim.tokenCounter}`)
    .digest('hex')
    .slice(0, 32)
  return `ptsbx_${prefix}_${hex}`
}

const grant = (sim: PayTraceSim, credentials: PayTraceCredentials): SimResponse => {
  const access = mintToken(sim, 'at')
  const refresh = mintToken(sim, 'rt')
  sim.accessTokens.set(access, {
    credentials,
    expiresAt: sim.clock().getTime() + sim.ttlSeconds * 1000,
  })
  sim.refreshTokens.set(refresh, credentials)
  const token = {
    access_token: access,
    token_type: 'Bearer',
    expires_in: sim.ttlSeconds,
    refresh_token: refresh,
  }
  const shape = sim.options.tokenShape ?? 'both'
  return json(
    201,
    shape === 'data' ? { data: token } : shape === 'top' ? token : { data: token, ...token },
  )
}

export const token =
  (sim: PayTraceSim): Handler =>
  (req) => {
    const form = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')
      ? new URLSearchParams(req.body)
      : new URLSearchParams()
    const grantType = form.get('grant_type')
    if (grantType === null || grantType === '')
      return fieldError('body/grant_type', 'field required')
    if (grantType === 'refresh_token') {
      const refresh = form.get('refresh_token')
      if (refresh === null || refresh === '')
        return fieldError('body/refresh_token', 'field required')
      const known = sim.refreshTokens.get(refresh)
      if (known === undefined) {
        return json(401, {
          error: 'invalid_grant',
          error_description: 'The refresh token is invalid or expired.',
        })
      }
      return grant(sim, known)
    }
    if (grantType !== 'client_credentials') {
      return fieldError('body/grant_type', `unsupported grant_type: ${grantType.slice(0, 40)}`)
    }
    const missing = ['client_id', 'client_secret'].filter((k) => (form.get(k) ?? '') === '')
    if (missing.length > 0)
      return unprocessable(missing.map((k) => ({ field: `body/${k}`, detail: 'field required' })))
    const credentials = sim.options.credentials.find(
      (c) => c.clientId === form.get('client_id') && c.clientSecret === form.get('client_secret'),
    )
    if (credentials === undefined) {
      return json(401, {
        error: 'invalid_client',
        error_description:
          'Client authentication failed: unknown client_id or wrong client_secret.',
      })
    }
    return grant(sim, credentials)
  }
