/**
 * The environment every PayTrace operation runs in, built once from the config: one HTTP client
 * with one OAuth token cache, the resolved routes, the clock, how card numbers are encoded, the
 * merchant the bodies name and the billing-day rules schedules are read and written by. The
 * token is fetched with the client-credentials grant, refreshed before it expires, and the
 * request replayed exactly once after a 401.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import type * as t from 'io-ts'
import {
  createHttpClient,
  tokenProvider,
  vaultError,
  type AuthPlugin,
  type ErrorContext,
  type HttpClient,
  type TokenGrant,
  type VaultError,
} from '@vaultport/core'
import { baseUrlOf, clockOf, GATEWAY, type PayTraceConfig } from './config'
import { exchange } from './request'
import { fillPath, resolveRoutes, type RouteTable } from './routes'
import { DEFAULT_SCHEDULE_RULES, type NumberEncoding, type ScheduleRules } from './translate'
import { WireTokenResponse } from './wire'

export interface PayTraceEnv {
  readonly http: HttpClient
  readonly routes: RouteTable
  /** The OAuth token cache the client authenticates with. */
  readonly tokens: ReturnType<typeof tokenProvider>
  readonly now: () => Date
  readonly numbers: NumberEncoding
  readonly merchantId: number | undefined
  /** `{ merchant_id }` for the bodies that take it; empty without a merchant id. */
  readonly merchant: { readonly merchant_id?: number }
  readonly schedules: ScheduleRules
  readonly ctxOf: (operation: string) => ErrorContext
}

export const TOKEN_OPERATION = 'auth.token'

export const ctxOf = (operation: string): ErrorContext => ({ gateway: GATEWAY, operation })

/** The environment of a checked config (see `checkPayTraceConfig`). */
export const makePayTraceEnv = (config: PayTraceConfig): PayTraceEnv => {
  const now = clockOf(config)
  const routes = resolveRoutes(config.routes)
  const headers =
    config.integratorId === undefined ? {} : { 'X-Integrator-Id': config.integratorId }
  // The token provider sends through the client it authenticates: the plug-in defers to it.
  const auth: AuthPlugin = {
    headers: (ctx) => tokens.headers(ctx),
    refresh: (ctx, rejected) => tokens.refresh?.(ctx, rejected) ?? TE.right(undefined),
    secrets: () => [config.clientSecret, ...tokens.secrets()],
  }
  const http = createHttpClient({
    gateway: GATEWAY,
    baseUrl: baseUrlOf(config),
    auth,
    defaultHeaders: headers,
    secrets: [config.clientSecret],
    ...(config.http ?? {}),
  })
  const tokens = oauthTokens(config, routes, http, now)
  return {
    http,
    routes,
    tokens,
    now,
    numbers: {
      mode: config.cardNumberMode,
      ...(config.encrypt === undefined ? {} : { encrypt: config.encrypt }),
    },
    merchantId: config.merchantId,
    merchant: config.merchantId === undefined ? {} : { merchant_id: config.merchantId },
    schedules: { shortMonths: config.shortMonths ?? DEFAULT_SCHEDULE_RULES.shortMonths },
    ctxOf,
  }
}

/** The client-credentials grant, and the refresh grant once PayTrace has given a refresh token. */
const oauthTokens = (
  config: PayTraceConfig,
  routes: RouteTable,
  http: HttpClient,
  now: () => Date,
) =>
  tokenProvider({
    now: () => now().getTime(),
    credentialSecrets: [config.clientSecret],
    fetchToken: (_ctx, refreshToken) =>
      pipe(
        exchange(
          http,
          {
            operation: TOKEN_OPERATION,
            method: routes.token.method,
            path: fillPath(routes.token),
            form:
              refreshToken === undefined
                ? {
                    grant_type: 'client_credentials',
                    client_id: config.clientId,
                    client_secret: config.clientSecret,
                  }
                : { grant_type: 'refresh_token', refresh_token: refreshToken },
            idempotent: true,
            anonymous: true,
          },
          WireTokenResponse,
        ),
        TE.chainEitherK((body) => tokenGrantOf(body)),
      ),
  })

/** Reads the grant at top level or under `data`: public clients disagree (see docs/gateways/sources.md#paytrace-hosts-and-auth). */
export const tokenGrantOf = (
  body: t.TypeOf<typeof WireTokenResponse>,
): E.Either<VaultError, TokenGrant> => {
  const accessToken = body.access_token ?? body.data?.access_token
  if (accessToken === undefined || accessToken === '') {
    return E.left(
      vaultError(
        'Auth',
        { gateway: GATEWAY, operation: TOKEN_OPERATION },
        'PayTrace token answer carried no access_token',
      ),
    )
  }
  const expires = Number(body.expires_in ?? body.data?.expires_in)
  const refreshToken = body.refresh_token ?? body.data?.refresh_token
  return E.right({
    accessToken,
    ...(Number.isFinite(expires) && expires > 0 ? { expiresInSeconds: expires } : {}),
    ...(refreshToken === undefined || refreshToken === '' ? {} : { refreshToken }),
  })
}
