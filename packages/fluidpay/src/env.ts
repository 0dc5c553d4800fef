/**
 * The environment every FluidPay operation reads: built once per vault from the config, so the
 * operations are plain functions of it. No operations live here.
 */
import {
  createHttpClient,
  defaultRedactor,
  sensitiveValuesOf,
  staticHeaders,
  type ErrorContext,
  type HttpClient,
  type Redactor,
  type VaultError,
} from '@vaultport/core'
import {
  capabilitiesWith,
  FLUIDPAY_REFERENCE_PATTERN,
  fluidpayCapabilities,
  type FluidPayVaultCapabilities,
} from './capabilities'
import { baseUrlOf, configProblem, referencePatternOf, type FluidPayConfig } from './config'
import { resolveRoutes, type RouteTable } from './routes'
import { recurringSettingsOf, type RecurringSettings } from './translate/schedules'

/** An operation's name as errors and transcripts carry it, e.g. `customers.get`. */
export type Op = string

export interface FluidPayEnv {
  /** Why the config cannot work; every request answers this error. Undefined when it can. */
  readonly problem: ((ctx: ErrorContext) => VaultError) | undefined
  /** Core's HTTP client; only built when the config can work. */
  readonly client: HttpClient | undefined
  readonly routes: RouteTable
  readonly ctxOf: (operation: Op) => ErrorContext
  /** The custom-id rule references are checked against. */
  readonly referencePattern: RegExp
  /** The vault's capabilities: the static ones with the configured custom-id rule. */
  readonly capabilities: FluidPayVaultCapabilities
  /**
   * The sensitive values of the write an operation is making (card and account numbers,
   * tokens): every answer of that operation, its follow-up reads included, is scrubbed of them.
   */
  readonly secrets: ReadonlyArray<string>
  /** The recurring settings, defaults filled in. */
  readonly recurring: RecurringSettings
  /** Today, `YYYY-MM-DD` (UTC), by the configured clock. */
  readonly today: () => string
}

const GATEWAY = fluidpayCapabilities.gateway

export const makeFluidPayEnv = (config: FluidPayConfig): FluidPayEnv => {
  const problem = configProblem(config)
  const routes = resolveRoutes(config.routes)
  const pattern = referencePatternOf(config) ?? {
    source: FLUIDPAY_REFERENCE_PATTERN,
    regexp: new RegExp(FLUIDPAY_REFERENCE_PATTERN),
  }
  const recurring = recurringSettingsOf(problem === undefined ? config.recurring : undefined)
  const now = config.now ?? (() => new Date())
  return {
    problem,
    client:
      problem === undefined
        ? createHttpClient({
            gateway: GATEWAY,
            baseUrl: baseUrlOf(config) as string,
            auth: staticHeaders({ Authorization: config.apiKey.trim() }),
            ...config.http,
          })
        : undefined,
    routes,
    ctxOf: (operation) => ({ gateway: GATEWAY, operation }),
    referencePattern: pattern.regexp,
    capabilities: capabilitiesWith(pattern.source, recurring.daily),
    secrets: [],
    recurring,
    today: () => now().toISOString().slice(0, 10),
  }
}

/** The env of one write: its answers and follow-up reads are scrubbed of `body`'s values. */
export const withSecretsOf = (env: FluidPayEnv, body: unknown): FluidPayEnv => {
  const more = secretsOf(body)
  return more.length === 0 ? env : { ...env, secrets: [...env.secrets, ...more] }
}

/** The client's redactor with the operation's own secrets: for errors not built from an answer. */
export const envRedactor = (env: FluidPayEnv): Redactor =>
  (env.client?.redactor() ?? defaultRedactor).withSecrets(env.secrets)

/**
 * The sensitive values a request carries, so that an echo of them is scrubbed too: core's list
 * (values under sensitive keys) and any string under a key naming a number or a token.
 */
export const secretsOf = (json: unknown): string[] => {
  const out = new Set<string>(sensitiveValuesOf(json))
  const walk = (u: unknown, depth: number) => {
    if (u === null || typeof u !== 'object' || depth > 8) return
    for (const [k, v] of Object.entries(u as Record<string, unknown>)) {
      if (typeof v === 'string' && /number|token/i.test(k) && v.length >= 4) out.add(v)
      else walk(v, depth + 1)
    }
  }
  walk(json, 0)
  return [...out]
}
