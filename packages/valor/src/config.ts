/**
 * What a Valor vault is configured with, and the check that runs before anything is built: the
 * credentials, the host (`VALOR_BASE_URLS` or `baseUrl`), the route overrides and the two rules
 * integrators disagree on (`nameRule`, `streetLayout`); and, with an `epi`, the subscription API
 * (its own host, routes, body key names and the settings its open questions call for).
 */
import * as E from 'fp-ts/Either'
import type { AdapterHttpOptions } from '@vaultport/core'
import {
  resolveRoutes,
  resolveSubscriptionRoutes,
  type RouteOverrides,
  type RouteTable,
  type SubscriptionRouteOverrides,
  type SubscriptionRouteTable,
} from './routes'
import {
  defaultSubscriptionKeys,
  type SubscriptionKeyOverrides,
  type SubscriptionKeys,
} from './wire'

/** @category Configuration */
export const VALOR_BASE_URLS = {
  sandbox: 'https://demo.valorpaytech.com',
  production: 'https://online.valorpaytech.com',
} as const

/** @category Configuration */
export type ValorEnvironment = keyof typeof VALOR_BASE_URLS

/**
 * The subscription API's hosts (the securelink transaction host). The sandbox one is where one
 * integrator ran subscriptions (Valor's pages print port 4430 on it); the production one is the
 * host Valor's card transactions use, presumed to serve subscriptions too.
 * @category Configuration
 */
export const VALOR_SUBSCRIPTION_URLS = {
  sandbox: 'https://securelink-staging.valorpaytech.com',
  production: 'https://securelink.valorpaytech.com',
} as const

/**
 * How a customer name is sent. `strict` (the default): letters and spaces only, as one public
 * client found Valor to require; anything else is taken out, with a `name_changed` warning that
 * says what. `as-typed`: sent as given, as Valor's own plugins do.
 * @category Configuration
 */
export type ValorNameRule = 'strict' | 'as-typed'

/**
 * How an address's street lines sit in Valor's street fields. `split` (the default, as Valor's
 * documentation shows): line1 "2629 Rocket Drive" is `street_no` "2629" + `street_name`
 * "Rocket Drive", line2 is `unit`. `line`: line1 whole in `street_no`, line2 in `street_name`,
 * as Valor's own plugins write (and so read back records they made).
 * @category Configuration
 */
export type ValorStreetLayout = 'split' | 'line'

/** @category Configuration */
export const nameRules: ReadonlyArray<ValorNameRule> = ['strict', 'as-typed']
/** @category Configuration */
export const streetLayouts: ReadonlyArray<ValorStreetLayout> = ['split', 'line']

/**
 * Which weekday `charge_on` "0" is on weekly and bi-weekly schedules.
 * @category Configuration
 */
export type ValorWeekdayZero = 'sunday' | 'monday'
/**
 * Which months a quarterly or annual schedule charges in: `start`, counted from its first charge
 * on or after `subscription_starts_from`; `calendar`, January, April, July and October (annual:
 * January).
 * @category Configuration
 */
export type ValorAnchorMonth = 'start' | 'calendar'
/**
 * How a count goes in `charge_until`: `remaining`, the number of charges as a decimal string;
 * `none`, no counts (finite schedules are refused before any request).
 * @category Configuration
 */
export type ValorCountFormat = 'remaining' | 'none'
/**
 * The date format of the list call's start-date filter.
 * @category Configuration
 */
export type ValorListDateFormat = 'MM/DD/YYYY' | 'YYYY-MM-DD'

/** @category Configuration */
export const weekdayZeros: ReadonlyArray<ValorWeekdayZero> = ['sunday', 'monday']
/** @category Configuration */
export const anchorMonths: ReadonlyArray<ValorAnchorMonth> = ['start', 'calendar']
/** @category Configuration */
export const countFormats: ReadonlyArray<ValorCountFormat> = ['remaining', 'none']
/** @category Configuration */
export const listDateFormats: ReadonlyArray<ValorListDateFormat> = ['MM/DD/YYYY', 'YYYY-MM-DD']

/**
 * The subscription API: every entry optional; each default is what the facts suggest.
 * @category Configuration
 */
export interface ValorSubscriptionConfig {
  /** Default: `baseUrl` when given, else `VALOR_SUBSCRIPTION_URLS[environment]`. */
  readonly baseUrl?: string
  /** Replace a call's path or `txn_type` (see `defaultSubscriptionRoutes`). */
  readonly routes?: SubscriptionRouteOverrides
  /** Rename body keys (see `defaultSubscriptionKeys`). */
  readonly keys?: SubscriptionKeyOverrides
  /** Default `sunday`. */
  readonly weekdayZero?: ValorWeekdayZero
  /** Default `start`. */
  readonly anchorMonth?: ValorAnchorMonth
  /** Default `remaining`. */
  readonly countFormat?: ValorCountFormat
  /** Default `MM/DD/YYYY` (Valor's list page). */
  readonly listDateFormat?: ValorListDateFormat
}

/** What a valid subscription config resolves to. */
export interface SubscriptionSettings {
  readonly baseUrl: string
  readonly epi: string
  readonly routes: SubscriptionRouteTable
  readonly keys: SubscriptionKeys
  readonly weekdayZero: ValorWeekdayZero
  readonly anchorMonth: ValorAnchorMonth
  readonly countFormat: ValorCountFormat
  readonly listDateFormat: ValorListDateFormat
}

/**
 * Core's HTTP client options: timeouts, retry policy, limits, transcripts, transport.
 * @category Configuration
 */
export type ValorHttpOptions = AdapterHttpOptions

/** @category Configuration */
export interface ValorConfig {
  /** Picks the host when `baseUrl` is absent. Default `sandbox`. */
  readonly environment?: ValorEnvironment
  /** Overrides `environment`: a white-label host or the local simulator. */
  readonly baseUrl?: string
  /** `Valor-App-ID` (32 characters in Valor's portal). */
  readonly appId: string
  /** `Valor-App-Key` (32 characters in Valor's portal). */
  readonly appKey: string
  /**
   * The merchant's EPI (10 digits, starting with 2): sent with the app id and key in the body of
   * every subscription call. Without it the vault has no recurrences.
   */
  readonly epi?: string
  /** The subscription API's host, routes, key names and settings. */
  readonly subscriptions?: ValorSubscriptionConfig
  /** Replace guessed paths once Valor's pages are read (see `defaultRoutes`). */
  readonly routes?: RouteOverrides
  /** Default `strict`. */
  readonly nameRule?: ValorNameRule
  /** Default `split`. */
  readonly streetLayout?: ValorStreetLayout
  readonly http?: ValorHttpOptions
  /** The clock expiry checks and schedule dates (today, in UTC) use. */
  readonly now?: () => Date
}

/** What a valid config resolves to: the host to call and the route table in use. */
export interface ValorSettings {
  readonly baseUrl: string
  readonly routes: RouteTable
  readonly nameRule: ValorNameRule
  readonly streetLayout: ValorStreetLayout
  /** Present when the config has an `epi`. */
  readonly subscriptions?: SubscriptionSettings
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
  const subscriptions = subscriptionSettings(config, env as ValorEnvironment, problems)
  if (problems.length > 0 || E.isLeft(routes)) return E.left({ kind: 'Validation', problems })
  return E.right({
    baseUrl,
    routes: routes.right,
    nameRule,
    streetLayout,
    ...(subscriptions === undefined ? {} : { subscriptions }),
  })
}

const EPI = /^2\d{9}$/
const KEY = /^[A-Za-z0-9_.-]{1,64}$/

/** The subscription settings, when the config has an EPI; each problem is pushed. */
const subscriptionSettings = (
  config: ValorConfig,
  env: ValorEnvironment,
  problems: string[],
): SubscriptionSettings | undefined => {
  const given: unknown = config.subscriptions
  if (config.epi === undefined) {
    if (given !== undefined) problems.push('subscriptions needs epi (the merchant EPI)')
    return undefined
  }
  if (typeof config.epi !== 'string' || !EPI.test(config.epi)) {
    problems.push('epi must be 10 digits starting with 2')
  }
  if (given !== undefined && (given === null || typeof given !== 'object')) {
    problems.push('subscriptions must be an object')
    return undefined
  }
  const sub = (given ?? {}) as ValorSubscriptionConfig
  const baseUrl = sub.baseUrl ?? config.baseUrl ?? VALOR_SUBSCRIPTION_URLS[env] ?? ''
  if (!isHttpUrl(baseUrl)) problems.push('subscriptions.baseUrl must be an http(s) URL')
  const routes = resolveSubscriptionRoutes(sub.routes)
  if (E.isLeft(routes)) problems.push(...routes.left)
  return {
    baseUrl,
    epi: config.epi,
    routes: E.isRight(routes) ? routes.right : {},
    keys: subscriptionKeys(sub.keys, problems),
    weekdayZero: oneOf('subscriptions.weekdayZero', sub.weekdayZero, weekdayZeros, problems),
    anchorMonth: oneOf('subscriptions.anchorMonth', sub.anchorMonth, anchorMonths, problems),
    countFormat: oneOf('subscriptions.countFormat', sub.countFormat, countFormats, problems),
    listDateFormat: oneOf(
      'subscriptions.listDateFormat',
      sub.listDateFormat,
      listDateFormats,
      problems,
    ),
  } as SubscriptionSettings
}

/** The default key names with the configured ones in place; a stranger or a bad name is a problem. */
const subscriptionKeys = (overrides: unknown, problems: string[]): SubscriptionKeys => {
  if (overrides === undefined) return defaultSubscriptionKeys
  if (overrides === null || typeof overrides !== 'object') {
    problems.push('subscriptions.keys must be an object')
    return defaultSubscriptionKeys
  }
  const keys: Record<string, string> = { ...defaultSubscriptionKeys }
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in defaultSubscriptionKeys)) problems.push(`subscriptions.keys.${k}: no such key`)
    else if (typeof v !== 'string' || !KEY.test(v)) {
      problems.push(`subscriptions.keys.${k}: must be 1–64 letters, digits, "_", "." or "-"`)
    } else keys[k] = v
  }
  return Object.freeze(keys) as SubscriptionKeys
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
