/**
 * What a FluidPay vault is built from: the config type, the base URLs of FluidPay's own hosts,
 * and the checks that refuse a config which cannot work before any request is sent.
 */
import {
  validationError,
  vaultError,
  type AdapterHttpOptions,
  type ErrorContext,
  type VaultError,
} from '@vaultport/core'
import { FLUIDPAY_REFERENCE_PATTERN } from './capabilities'
import type { RouteTable } from './routes'

/** @category Configuration */
export const FLUIDPAY_BASE_URLS = {
  sandbox: 'https://sandbox.fluidpay.com',
  production: 'https://app.fluidpay.com',
} as const

/** @category Configuration */
export type FluidPayEnvironment = keyof typeof FLUIDPAY_BASE_URLS

/**
 * Core's HTTP client options: timeouts, retry policy, limits, transcripts, transport.
 * @category Configuration
 */
export type FluidPayHttpOptions = AdapterHttpOptions

/** @category Configuration */
export interface FluidPayConfig {
  /** Default `sandbox`. Ignored when `baseUrl` is given. */
  readonly environment?: FluidPayEnvironment
  /** Any FluidPay host: a white-label (https://app.example-brand.com) or the local simulator. */
  readonly baseUrl?: string
  /** A secret `api_…` key. A public `pub_…` key is refused before any request. */
  readonly apiKey: string
  readonly routes?: Partial<RouteTable>
  /**
   * The custom-id (merchant reference) rule, as a regular-expression source. Default
   * `FLUIDPAY_REFERENCE_PATTERN` (1–40 letters and digits, as documented);
   * `FLUIDPAY_EXTENDED_REFERENCE_PATTERN` is the wider rule one public SDK shows. References are
   * checked against it before any request, and `findByReference` answers `undefined` without a
   * request for one it refuses.
   */
  readonly referencePattern?: string
  readonly http?: FluidPayHttpOptions
  /** What FluidPay's public sources leave open about subscriptions (see `FluidPayRecurringSettings`); each has a default. */
  readonly recurring?: FluidPayRecurringSettings
  /** The clock for expiry checks, and for "today" when a next bill date must lie after it. */
  readonly now?: () => Date
}

/**
 * A canonical status a gateway-set subscription status may read as: never `active`.
 * @category Configuration
 */
export type NonChargingStatus = 'paused' | 'cancelled' | 'completed'

/**
 * Recurring billing settings: each covers a wire fact only public clients show (or none), so
 * each has a documented default that follows the evidence (docs/gateways/sources.md#fluidpay-recurring).
 * @category Configuration
 */
export interface FluidPayRecurringSettings {
  /** The `billing_days` value for "the last day of the month". Default "0". */
  readonly lastDay?: '0' | '31'
  /** Whether schedules may bill daily (`billing_frequency: "daily"`, every day). Default true. */
  readonly daily?: boolean
  /**
   * How a new next bill date is set: `activate` (default) reactivates the subscription with it
   * (`GET …/status/active?next_bill_date=`); `update` sends `next_bill_date` in the update.
   */
  readonly nextDateBy?: 'activate' | 'update'
  /**
   * How gateway-set statuses read (`failing`, `failed`, `error`, `past_due`, `stopped`, or one
   * no source names), over the defaults. `active` is never a choice: only FluidPay's own
   * `active` reads as active.
   */
  readonly statuses?: Readonly<Record<string, NonChargingStatus>>
}

const NON_CHARGING: ReadonlyArray<string> = ['paused', 'cancelled', 'completed']

/** Why a config cannot work, as an error for the given operation; undefined when it can. */
export const configProblem = (
  config: FluidPayConfig,
): ((ctx: ErrorContext) => VaultError) | undefined => {
  const key: unknown = (config as { apiKey?: unknown }).apiKey
  if (typeof key !== 'string' || key.trim() === '') {
    return (ctx) => vaultError('Auth', ctx, 'FluidPay needs an API key: set config.apiKey')
  }
  if (key.trim().startsWith('pub_')) {
    return (ctx) =>
      vaultError(
        'Auth',
        ctx,
        'FluidPay public keys (pub_…) only work with the client-side Tokenizer; the vault needs a secret api_… key',
      )
  }
  const env: unknown = config.environment
  if (env !== undefined && env !== 'sandbox' && env !== 'production') {
    return (ctx) =>
      validationError(ctx, [
        { path: 'config.environment', message: 'must be sandbox or production' },
      ])
  }
  if (config.baseUrl !== undefined && baseUrlOf(config) === undefined) {
    return (ctx) =>
      validationError(ctx, [
        {
          path: 'config.baseUrl',
          message: 'must be an http(s) URL such as https://app.fluidpay.com',
        },
      ])
  }
  const recurring = recurringProblem(config.recurring)
  if (recurring !== undefined) return (ctx) => validationError(ctx, [recurring])
  if (referencePatternOf(config) === undefined) {
    return (ctx) =>
      validationError(ctx, [
        {
          path: 'config.referencePattern',
          message: 'must be a regular-expression source such as ^[a-zA-Z0-9]{1,40}$',
        },
      ])
  }
  return undefined
}

/** Why the recurring settings cannot work, as a field issue; undefined when they can. */
const recurringProblem = (
  r: FluidPayRecurringSettings | undefined,
): { path: string; message: string } | undefined => {
  if (r === undefined) return undefined
  const at = (key: string, message: string) => ({ path: `config.recurring.${key}`, message })
  if (typeof r !== 'object' || r === null) return at('', 'must be an object')
  const u = r as Record<string, unknown>
  if (u['lastDay'] !== undefined && u['lastDay'] !== '0' && u['lastDay'] !== '31') {
    return at('lastDay', 'must be "0" or "31"')
  }
  if (u['daily'] !== undefined && typeof u['daily'] !== 'boolean') {
    return at('daily', 'must be true or false')
  }
  if (
    u['nextDateBy'] !== undefined &&
    u['nextDateBy'] !== 'activate' &&
    u['nextDateBy'] !== 'update'
  ) {
    return at('nextDateBy', 'must be activate or update')
  }
  const statuses = u['statuses']
  if (statuses === undefined) return undefined
  if (typeof statuses !== 'object' || statuses === null || Array.isArray(statuses)) {
    return at('statuses', 'must be an object')
  }
  for (const [status, reads] of Object.entries(statuses)) {
    if (status === 'active') return at('statuses.active', 'FluidPay active always reads as active')
    if (typeof reads !== 'string' || !NON_CHARGING.includes(reads)) {
      return at(`statuses.${status}`, 'must be paused, cancelled or completed (never active)')
    }
  }
  return undefined
}

/** The configured custom-id rule, compiled; undefined when it is not a usable pattern. */
export const referencePatternOf = (
  config: FluidPayConfig,
): { readonly source: string; readonly regexp: RegExp } | undefined => {
  const source: unknown = config.referencePattern ?? FLUIDPAY_REFERENCE_PATTERN
  if (typeof source !== 'string' || source === '') return undefined
  try {
    return { source, regexp: new RegExp(source) }
  } catch {
    return undefined
  }
}

/** The base URL without a trailing slash or `/api` (the routes carry `/api`). */
export const baseUrlOf = (config: FluidPayConfig): string | undefined => {
  const raw = config.baseUrl ?? FLUIDPAY_BASE_URLS[config.environment ?? 'sandbox']
  try {
    const url = new URL(raw)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
    if (url.search !== '' || url.hash !== '' || url.username !== '') return undefined
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '').replace(/\/api$/, '')
  } catch {
    return undefined
  }
}
