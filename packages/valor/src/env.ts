/**
 * The environment every Valor operation runs over, built once per vault from a checked config:
 * core's HTTP client (with the app id / app key headers), the resolved routes, the name and
 * street settings, `ctxOf`, the clock's today, and — with an EPI — the subscription API's own
 * client (its host; the app id, app key and EPI go in each body, and are scrubbed everywhere).
 */
import {
  createHttpClient,
  staticHeaders,
  type ErrorContext,
  type HttpClient,
} from '@vaultport/core'
import type { SubscriptionSettings, ValorConfig, ValorNameRule, ValorSettings } from './config'
import type { ValorStreetLayout } from './config'
import type { RouteTable } from './routes'

export const GATEWAY = 'valor'

/** The error context of one operation (the gateway is always Valor). */
export const ctxOf = (operation: string): ErrorContext => ({ gateway: GATEWAY, operation })

/** The subscription API: its client, its settings and the credentials every body carries. */
export interface SubscriptionEnv extends SubscriptionSettings {
  readonly http: HttpClient
  readonly appId: string
  readonly appKey: string
}

export interface ValorEnv {
  readonly http: HttpClient
  readonly routes: RouteTable
  readonly nameRule: ValorNameRule
  readonly streetLayout: ValorStreetLayout
  readonly ctxOf: (operation: string) => ErrorContext
  /** Today, `YYYY-MM-DD` in UTC, by the configured clock. */
  readonly today: () => string
  /** Present when the config has an EPI. */
  readonly subscriptions?: SubscriptionEnv
}

export const makeValorEnv = (config: ValorConfig, settings: ValorSettings): ValorEnv => {
  const now = config.now ?? (() => new Date())
  const subs = settings.subscriptions
  return {
    http: createHttpClient({
      gateway: GATEWAY,
      baseUrl: settings.baseUrl,
      auth: staticHeaders({ 'Valor-App-ID': config.appId, 'Valor-App-Key': config.appKey }),
      ...(config.http ?? {}),
    }),
    routes: settings.routes,
    nameRule: settings.nameRule,
    streetLayout: settings.streetLayout,
    ctxOf,
    today: () => now().toISOString().slice(0, 10),
    ...(subs === undefined
      ? {}
      : {
          subscriptions: {
            ...subs,
            appId: config.appId,
            appKey: config.appKey,
            http: createHttpClient({
              gateway: GATEWAY,
              baseUrl: subs.baseUrl,
              secrets: [config.appId, config.appKey, subs.epi],
              ...(config.http ?? {}),
            }),
          },
        }),
  }
}
