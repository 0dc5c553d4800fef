/**
 * What a gateway simulator gives the shared HTTP server: its route table (handlers already do
 * their own auth), and how that gateway words the answers the server makes on its behalf
 * (rate limit, faults, unknown routes).
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { BillingSource } from './billing'
import { createPrng, type Prng } from './prng'
import type { RouteDef, Router } from './router'

/** @category Simulators */
export type GatewayName = 'paytrace' | 'fluidpay' | 'valor'

export interface SimRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
  readonly body: string
  readonly params: Readonly<Record<string, string>>
}

export interface SimResponse {
  readonly status: number
  /** Serialized as JSON unless `text` is given. */
  readonly json?: unknown
  readonly text?: string
  readonly contentType?: string
  readonly headers?: Readonly<Record<string, string>>
}

export type Handler = (req: SimRequest) => SimResponse

export type Route = RouteDef<Handler>

/** @category Simulators */
export interface SeedOptions {
  /** Seed of the generated data (default: the sandbox seed). */
  readonly seed?: number
  readonly withCards?: boolean
  readonly withChecks?: boolean
  /**
   * Add 1–2 recurring schedules per customer that has a payment method they can charge:
   * PayTrace recurrences (card or check), FluidPay subscriptions (card or ach), Valor
   * subscriptions (cards only), each in frequencies that gateway can express.
   */
  readonly withRecurrences?: boolean
  /** Which credential (merchant) to seed: its index in `credentials` (default 0). */
  readonly credential?: number
}

/** @category Simulators */
export interface SeedResult {
  readonly created: number
  /** The gateway ids of the created customers, as strings. */
  readonly ids: readonly string[]
}

export interface GatewayEngine {
  readonly gateway: GatewayName
  readonly router: Router<Handler>
  /** The answer of this gateway to bad credentials (the `badCredentials` fault). */
  readonly badCredentials: (req: SimRequest) => SimResponse
  readonly rateLimited: (retryAfterSeconds: number, requestsPerSecond: number) => SimResponse
  readonly serverError: (status: number) => SimResponse
  readonly notFound: (req: SimRequest) => SimResponse
  readonly methodNotAllowed: (req: SimRequest) => SimResponse
  /** Last touch on every answer (FluidPay's correlation id, Valor's always-200 switch). */
  readonly finish: (res: SimResponse) => SimResponse
  readonly reset: () => void
  readonly seed: (n: number, options: SeedOptions) => SeedResult
  /** What the billing clock charges. */
  readonly billing: BillingSource
  /**
   * A finer route id for fault scripts, where one route serves several operations (Valor's
   * subscription endpoint dispatches on `txn_type`).
   */
  readonly routeIdOf?: (routeId: string, req: SimRequest) => string
}

/** An answer in JSON. */
export const json = (
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): SimResponse => (headers === undefined ? { status, json: body } : { status, json: body, headers })

export type JsonObject = Record<string, unknown>

export const isObject = (u: unknown): u is JsonObject =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** Parses a JSON body; `undefined` when it is not JSON. An empty body is `{}`. */
export const parseJson = (body: string): unknown => {
  if (body.trim() === '') return {}
  try {
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}

/** The credential a seed call targets and the PRNG of its data. */
export const seedTarget = <C>(
  credentials: readonly C[],
  options: SeedOptions,
  fallbackSeed: number,
): { readonly credentials: C; readonly prng: Prng } => {
  const index = options.credential ?? 0
  const target = credentials[index]
  if (target === undefined) throw new Error(`no credential #${index}`)
  return { credentials: target, prng: createPrng(options.seed ?? fallbackSeed) }
}
