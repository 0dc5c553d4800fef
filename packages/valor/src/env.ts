/**
 * The environment every Valor operation runs over, built once per vault from a checked config:
 * core's HTTP client (with the app id / app key headers), the resolved routes, the name and
 * street settings, and `ctxOf`.
 */
import {
  createHttpClient,
  staticHeaders,
  type ErrorContext,
  type HttpClient,
} from '@vaultport/core'
import type { ValorConfig, ValorNameRule, ValorSettings, ValorStreetLayout } from './config'
import type { RouteTable } from './routes'

export const GATEWAY = 'valor'

/** The error context of one operation (the gateway is always Valor). */
export const ctxOf = (operation: string): ErrorContext => ({ gateway: GATEWAY, operation })

export interface ValorEnv {
  readonly http: HttpClient
  readonly routes: RouteTable
  readonly nameRule: ValorNameRule
  readonly streetLayout: ValorStreetLayout
  readonly ctxOf: (operation: string) => ErrorContext
}

export const makeValorEnv = (config: ValorConfig, settings: ValorSettings): ValorEnv => ({
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
})
