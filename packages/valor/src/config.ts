/**
 * What a Valor vault is configured with, and the check that runs before anything is built: the
 * credentials, the host (`VALOR_BASE_URLS` or `baseUrl`), the route overrides and the two rules
 * integrators disagree on (`nameRule`, `streetLayout`).
 */
import * as E from 'fp-ts/Either'
import type { AdapterHttpOptions } from '@vaultport/core'
import { resolveRoutes, type RouteOverrides, type RouteTable } from './routes'

export const VALOR_BASE_URLS = {
  sandbox: 'https://demo.valorpaytech.com',
  production: 'https://online.valorpaytech.com',
} as const

export type ValorEnvironment = keyof typeof VALOR_BASE_URLS

/**
 * How a customer name is sent. `strict` (the default): letters and spaces only, as one public
 * client found Valor to require; anything else is taken out, with a `name_changed` warning that
 * says what. `as-typed`: sent as given, as Valor's own plugins do.
 */
export type ValorNameRule = 'strict' | 'as-typed'

/**
 * How an address's street lines sit in Valor's street fields. `split` (the default, as Valor's
 * documentation shows): line1 "2629 Rocket Drive" is `street_no` "2629" + `street_name`
 * "Rocket Drive", line2 is `unit`. `line`: line1 whole in `street_no`, line2 in `street_name`,
 * as Valor's own plugins write (and so read back records they made).
 */
export type ValorStreetLayout = 'split' | 'line'

export const nameRules: ReadonlyArray<ValorNameRule> = ['strict', 'as-typed']
export const streetLayouts: ReadonlyArray<ValorStreetLayout> = ['split', 'line']

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
  /** Default `strict`. */
  readonly nameRule?: ValorNameRule
  /** Default `split`. */
  readonly streetLayout?: ValorStreetLayout
  readonly http?: ValorHttpOptions
  /** The clock expiry checks use. */
  readonly now?: () => Date
}

/** What a valid config resolves to: the host to call and the route table in use. */
export interface ValorSettings {
  readonly baseUrl: string
  readonly routes: RouteTable
  readonly nameRule: ValorNameRule
  readonly streetLayout: ValorStreetLayout
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
  const nameRule = oneOf('nameRule', config.nameRule, nameRules, problems)
  const streetLayout = oneOf('streetLayout', config.streetLayout, streetLayouts, problems)
  if (problems.length > 0 || E.isLeft(routes)) return E.left({ kind: 'Validation', problems })
  return E.right({ baseUrl, routes: routes.right, nameRule, streetLayout })
}

/** The configured value, or the first (the default) when absent; a stranger is a problem. */
const oneOf = <A extends string>(
  key: string,
  value: unknown,
  allowed: ReadonlyArray<A>,
  problems: string[],
): A => {
  if (value === undefined) return allowed[0] as A
  if (allowed.includes(value as A)) return value as A
  problems.push(`${key} must be ${allowed.map((a) => `"${a}"`).join(' or ')}`)
  return allowed[0] as A
}

const isHttpUrl = (s: string): boolean => {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
  } catch {
    return false
  }
}
