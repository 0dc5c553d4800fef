// The nock harness the adapter's HTTP tests share: a vault on a fake host, the token grant, an
// API interceptor that checks the bearer token, a stored profile, and Either unwrappers.
import * as E from 'fp-ts/Either'
import nock from 'nock'
import type { VaultError } from '@vaultport/core'
import type { PayTraceConfig } from '../src'

export const BASE = 'http://paytrace.test'
export const SECRET = 'sandbox-secret-0001'
export const TOKEN = 'ptsbx_at_5b0f2c9e8d7a6b5c4d3e2f1a0b9c8d7e'
export const PAN = '4111111111111111'
export const ACCOUNT = '000123456789'
export const now = new Date('2026-01-15T10:00:00.000Z')

export const config = (extra: Partial<PayTraceConfig> = {}): PayTraceConfig => ({
  baseUrl: BASE,
  clientId: 'vaultport_sandbox',
  clientSecret: SECRET,
  integratorId: 'vaultport01',
  cardNumberMode: 'raw',
  now: () => now,
  http: { timeoutMs: 1000, retry: { baseDelayMs: 1, maxDelayMs: 2 }, sleep: async () => undefined },
  ...extra,
})

export const tokenOk = (
  body: object = { data: { access_token: TOKEN, token_type: 'Bearer', expires_in: 7200 } },
) =>
  nock(BASE)
    .post(
      '/v3/token',
      (b: Record<string, string>) =>
        b['grant_type'] === 'client_credentials' && b['client_secret'] === SECRET,
    )
    .matchHeader('content-type', 'application/x-www-form-urlencoded')
    .reply(201, body)

/** An API interceptor that checks the bearer token and the integrator header. */
export const api = () =>
  nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}`, 'x-integrator-id': 'vaultport01' } })

export const detail = (extra: object = {}) => ({
  customer_id: 1000001,
  customer_label: 'lee-ada-000001',
  billing_address: {
    name: 'Ada Lee',
    street_address: '12 Elm Street',
    street_address2: 'Suite 4',
    city: 'Edina',
    state: 'MN',
    postal_code: '55424',
    country: 'US',
  },
  shipping_address: {
    name: '',
    street_address: '',
    street_address2: '',
    city: '',
    state: '',
    postal_code: '',
    country: '',
    county: '',
  },
  email: 'ada.lee@example.com',
  phone: '612-555-0100',
  fax: '',
  discretionary_data: [{ disc_id: 1, value: 'gold' }],
  created_at: '2026-01-05T10:00:00.000Z',
  updated_at: '2026-01-05T10:00:00.000Z',
  ...extra,
})
export const right = <A>(r: E.Either<VaultError, A>): A => {
  if (E.isLeft(r)) throw new Error(`expected Right, got ${r.left.kind}: ${r.left.message}`)
  return r.right
}
export const left = <A>(r: E.Either<VaultError, A>): VaultError => {
  if (E.isRight(r)) throw new Error(`expected Left, got ${JSON.stringify(r.right)}`)
  return r.left
}
