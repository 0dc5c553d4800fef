/**
 * What a Valor vault is configured with, and the check that runs before anything is built: the
 * credentials, the host (`VALOR_BASE_URLS` or `baseUrl`) and the route overrides.
 */
import * as E from 'fp-ts/Either'
import type { AdapterHttpOptions } from '@vaultport/core'
import { resolveRoutes, type RouteOverrides, type RouteTable } from './routes'

export const VALOR_BASE_URLS = {
  sandbox: 'https://demo.valorpaytech.com',
  production: 'https://online.valorpaytech.com',
} as const

export type ValorEnvironment = keyof typeof VALOR_BASE_URLS

/** Core's HTTP client options: timeouts, retry policy, limits, transcripts, transport. */
export type ValorHttpOptions = AdapterHttpOptions

export interface ValorConfig {
  /** Picks the host when `baseUrl` is absent. Default `sandbox`. */
  readonly environment?: ValorEnvironment
  /** Overrides `environment`: a white-label host or the local simulator. */
  readonly baseUrl?: string
  /** `Valor-App-ID` (32 characters in Valor's portal). */
  readonly appId: string
  /** `Valor-App-Key` (32 characters in Valor's portal). */
  readonly appKey: string
  /** Replace guessed paths once Valor's pages are read (see `defaultRoutes`). */
  readonly routes?: RouteOverrides
  readonly http?: ValorHttpOptions
  /** The clock expiry checks use. */
  readonly now?: () => Date
}

/** What a valid config resolves to: the host to call and the route table in use. */
export interface ValorSettings {
  readonly baseUrl: string
  readonly routes: RouteTable
}

export type ConfigProblem = {
  readonly kind: 'Auth' | 'Validation'
  readonly problems: ReadonlyArray<string>
}

export const checkConfig = (config: ValorConfig): E.Either<ConfigProblem, ValorSettings> => {
  if (config === null || typeof config !== 'object') {
    return E.left({ kind: 'Validation', problems: ['the Valor config must be an object'] })
  }
  const auth: string[] = []
  for (const k of ['appId', 'appKey'] as const) {
    const v: unknown = config[k]
    if (typeof v !== 'string' || v.trim() === '') auth.push(`${k} is missing`)
    else if (/\s/.test(v)) auth.push(`${k} contains white space`)
  }
  if (auth.length > 0) return E.left({ kind: 'Auth', problems: auth })
  const problems: string[] = []
  const env = config.environment ?? 'sandbox'
  if (!(env in VALOR_BASE_URLS)) problems.push(`environment must be "sandbox" or "production"`)
  const baseUrl = config.baseUrl ?? VALOR_BASE_URLS[env as ValorEnvironment] ?? ''
  if (!isHttpUrl(baseUrl)) problems.push('baseUrl must be an http(s) URL')
  const routes = resolveRoutes(config.routes)
  if (E.isLeft(routes)) problems.push(...routes.left)
  if (problems.length > 0 || E.isLeft(routes)) return E.left({ kind: 'Validation', problems })
  return E.right({ baseUrl, routes: routes.right })
}

const isHttpUrl = (s: string): boolean => {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
  } catch {
    return false
  }
}
