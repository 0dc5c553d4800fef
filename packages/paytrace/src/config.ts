/**
 * What a PayTrace vault is configured with: the hosts, the credentials, how card numbers leave,
 * and the check that tells a usable configuration from one whose every call must fail.
 */
import type { AdapterHttpOptions, FieldIssue } from '@vaultport/core'
import type { RouteTable } from './routes'
import type { ShortMonths } from './translate'

/** @category Configuration */
export const PAYTRACE_BASE_URLS = {
  sandbox: 'https://api.sandbox.paytrace.com',
  production: 'https://api.paytrace.com',
} as const

/** @category Configuration */
export type PayTraceEnvironment = keyof typeof PAYTRACE_BASE_URLS

/**
 * Core's HTTP client options: timeouts, retry policy, limits, transcripts, transport.
 * @category Configuration
 */
export type PayTraceHttpOptions = AdapterHttpOptions

/** @category Configuration */
export interface PayTraceConfig {
  /** Default `sandbox`. */
  readonly environment?: PayTraceEnvironment
  /** Overrides `environment`: a white-label host or the local simulator. */
  readonly baseUrl?: string
  /** The API user's login name. */
  readonly clientId: string
  /** The API user's password. */
  readonly clientSecret: string
  /** `X-Integrator-Id` on every request (at most 12 characters). */
  readonly integratorId?: string
  /** `merchant_id` in the bodies that take it (ISV / partner API users). */
  readonly merchantId?: number
  /**
   * How `card.number` and `check.account_number` are sent: `encrypted` runs them through
   * `encrypt` (PayTrace client-side RSA encryption, base64); `raw` sends digits (where the
   * account allows it).
   */
  readonly cardNumberMode: 'encrypted' | 'raw'
  readonly encrypt?: (plain: string) => string
  /**
   * What PayTrace does with a schedule's billing day of 29–31 in a shorter month, which it does
   * not publish. `lastDay` (default, assumed): it charges on that month's last day and comes
   * back to the day afterwards. `refuse`: no promise is made; a schedule naming such a day (or
   * `last`) is refused, and a stored one reads the day of its next date as it is.
   */
  readonly shortMonths?: ShortMonths
  readonly routes?: Partial<RouteTable>
  readonly http?: PayTraceHttpOptions
  readonly now?: () => Date
}

export const GATEWAY = 'paytrace'

/** The host every request goes to: the explicit `baseUrl`, else the environment's. */
export const baseUrlOf = (config: PayTraceConfig): string =>
  config.baseUrl ?? PAYTRACE_BASE_URLS[config.environment ?? 'sandbox']

/** The configured clock, else the system's; read before the config is checked. */
export const clockOf = (config: PayTraceConfig | undefined): (() => Date) =>
  config?.now ?? (() => new Date())

/**
 * Problems with the configuration itself; empty when it is usable.
 * @category Configuration
 */
export const checkPayTraceConfig = (config: PayTraceConfig): ReadonlyArray<FieldIssue> => {
  const issues: FieldIssue[] = []
  const issue = (path: string, message: string) => issues.push({ path, message })
  const c = (config ?? {}) as Partial<PayTraceConfig>
  if (typeof c.clientId !== 'string' || c.clientId.trim() === '') {
    issue('clientId', 'the API user name is required')
  }
  if (typeof c.clientSecret !== 'string' || c.clientSecret === '') {
    issue('clientSecret', 'the API user password is required')
  }
  if (c.environment !== undefined && !(c.environment in PAYTRACE_BASE_URLS)) {
    issue('environment', "must be 'sandbox' or 'production'")
  }
  if (c.baseUrl !== undefined) {
    let ok = false
    try {
      const u = new URL(c.baseUrl)
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.search === '' && u.hash === ''
    } catch {
      ok = false
    }
    if (!ok) issue('baseUrl', 'must be an absolute http(s) URL without query or fragment')
  }
  if (
    c.integratorId !== undefined &&
    (typeof c.integratorId !== 'string' || c.integratorId === '' || c.integratorId.length > 12)
  ) {
    issue('integratorId', 'must be 1 to 12 characters (X-Integrator-Id)')
  }
  if (c.merchantId !== undefined && !(Number.isSafeInteger(c.merchantId) && c.merchantId > 0)) {
    issue('merchantId', 'must be a positive integer')
  }
  if (c.cardNumberMode !== 'encrypted' && c.cardNumberMode !== 'raw') {
    issue('cardNumberMode', "must be 'encrypted' or 'raw'")
  } else if (c.cardNumberMode === 'encrypted' && typeof c.encrypt !== 'function') {
    issue('encrypt', "cardNumberMode 'encrypted' needs an encrypt(plain) function")
  }
  if (c.shortMonths !== undefined && c.shortMonths !== 'lastDay' && c.shortMonths !== 'refuse') {
    issue('shortMonths', "must be 'lastDay' or 'refuse'")
  }
  return issues
}
