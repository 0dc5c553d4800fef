/**
 * Run-time knobs of a simulator: latency, rate limit, fault injection, and the gateway rules
 * whose real behaviour is uncertain (Valor duplicate names, FluidPay duplicate addresses and
 * custom-id characters). The same state is changed from code (`KnobControl`) and over HTTP
 * (`/__sandbox/knobs`).
 */
import { createPrng, type Prng } from './prng'
import {
  type BillingSettings,
  type FluidPayRecurringRules,
  type ValorRecurringRules,
  defaultBilling,
  defaultFluidPayRecurring,
  defaultValorRecurring,
  parseBilling,
  parseFluidPayRecurring,
  parseValorRecurring,
} from './recurringKnobs'

export type { BillingSettings, FluidPayRecurringRules, ValorRecurringRules } from './recurringKnobs'

/** @category Knobs */
export const FAULT_KINDS = [
  'http500',
  'http502',
  'http503',
  'reset',
  'timeoutAfterCommit',
  'truncatedJson',
  'htmlErrorPage',
  'badCredentials',
  'emptyBody',
] as const
/** @category Knobs */
export type FaultKind = (typeof FAULT_KINDS)[number]

/**
 * A fault for the next matching request(s); filters left out match everything.
 * @category Knobs
 */
export interface ScriptedFault {
  readonly kind: FaultKind
  /** HTTP method, e.g. `POST`. */
  readonly method?: string
  /** Route id from the simulator's table, e.g. `C1`, `F5`, `V14`. */
  readonly route?: string
  /** Exact request path, or a prefix when it ends with `*`. */
  readonly path?: string
  /** How many matching requests it applies to (default 1). */
  readonly times?: number
}

/** @category Knobs */
export interface Latency {
  readonly fixedMs: number
  readonly jitterMs: number
}

/** @category Knobs */
export interface RateLimit {
  readonly requestsPerSecond: number
}

/** @category Knobs */
export interface Faults {
  /** Probability in [0, 1] that a request gets a random fault from `kinds`. */
  readonly rate: number
  readonly kinds: readonly FaultKind[]
  /** Seed of the random fault choice. */
  readonly seed: number
  /** Faults applied, in order, to the next matching requests (before any random fault). */
  readonly script: readonly ScriptedFault[]
  /** How long `timeoutAfterCommit` holds the connection before destroying it. */
  readonly hangMs: number
}

/**
 * Rules of the Valor simulator (the other simulators ignore them).
 * @category Knobs
 */
export interface ValorRules {
  /**
   * Refuse a create or rename to a `customer_name` another customer of the merchant has
   * (compared ignoring case, surrounding spaces and repeated spaces). Default off.
   */
  readonly duplicateNames: boolean
}

/**
 * Rules of the FluidPay simulator (the other simulators ignore them).
 * @category Knobs
 */
export interface FluidPayRules {
  /** Refuse adding (or editing into) an address identical to another of the customer. Default off. */
  readonly duplicateAddresses: boolean
  /**
   * The characters a custom customer `id` may have: a regular expression that must match the
   * whole id (it is anchored for you). The 40-character maximum applies whatever it says.
   * Default `[a-zA-Z0-9]+`, the spec's rule.
   */
  readonly customIdPattern: string
}

/**
 * Custom-id patterns for `fluidpay.customIdPattern`: the spec's and one SDK's wider reading.
 * @category Knobs
 */
export const FLUIDPAY_CUSTOM_ID_PATTERNS = {
  spec: '[a-zA-Z0-9]+',
  sdk: '[a-zA-Z0-9._^-]{2,40}',
} as const

/** @category Knobs */
export interface Knobs {
  readonly latency: Latency
  readonly rateLimit: RateLimit | null
  readonly faults: Faults
  readonly valor: ValorRules
  readonly fluidpay: FluidPayRules
  /** When the billing clock's runs happen. */
  readonly billing: BillingSettings
  /** FluidPay subscriptions: the switches for what the documents leave open. */
  readonly fluidpayRecurring: FluidPayRecurringRules
  /** Valor subscriptions: the switches for what the documents leave open. */
  readonly valorRecurring: ValorRecurringRules
}

/** @category Knobs */
export interface KnobsPatch {
  readonly latency?: Partial<Latency>
  readonly rateLimit?: RateLimit | null
  readonly faults?: Partial<Faults>
  readonly valor?: Partial<ValorRules>
  readonly fluidpay?: Partial<FluidPayRules>
  readonly billing?: Partial<BillingSettings>
  readonly fluidpayRecurring?: Partial<FluidPayRecurringRules>
  readonly valorRecurring?: Partial<ValorRecurringRules>
}

/** @category Knobs */
export const defaultKnobs = (): Knobs => ({
  latency: { fixedMs: 0, jitterMs: 0 },
  rateLimit: null,
  faults: { rate: 0, kinds: ['http500'], seed: 1, script: [], hangMs: 30_000 },
  valor: { duplicateNames: false },
  fluidpay: { duplicateAddresses: false, customIdPattern: FLUIDPAY_CUSTOM_ID_PATTERNS.spec },
  billing: defaultBilling(),
  fluidpayRecurring: defaultFluidPayRecurring(),
  valorRecurring: defaultValorRecurring(),
})

/** What the handlers read on each request: the rule knobs, with the custom-id pattern compiled. */
export interface GatewayRules {
  readonly valor: ValorRules
  readonly fluidpay: FluidPayRules
  /** `fluidpay.customIdPattern`, anchored at both ends. */
  readonly fluidpayCustomId: RegExp
  readonly billing: BillingSettings
  readonly fluidpayRecurring: FluidPayRecurringRules
  readonly valorRecurring: ValorRecurringRules
}

/** @category Knobs */
export interface KnobControl {
  readonly get: () => Knobs
  /** Merges a patch (field by field) and returns the new knobs. Throws on invalid values. */
  readonly set: (patch: KnobsPatch) => Knobs
  /** Back to the defaults: no latency, no rate limit, no faults, the default rules. */
  readonly reset: () => Knobs
  /** Appends faults to the script. */
  readonly enqueueFaults: (...faults: readonly ScriptedFault[]) => void
}

// ---- validation

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const nonNegative = (u: unknown, name: string): number => {
  if (typeof u !== 'number' || !Number.isFinite(u) || u < 0) {
    throw new Error(`${name} must be a non-negative number`)
  }
  return u
}

const faultKind = (u: unknown): FaultKind => {
  if (typeof u === 'string' && (FAULT_KINDS as readonly string[]).includes(u)) return u as FaultKind
  throw new Error(`unknown fault kind ${JSON.stringify(u)}; known: ${FAULT_KINDS.join(', ')}`)
}

const scripted = (u: unknown): ScriptedFault => {
  if (!isRecord(u)) throw new Error('a scripted fault must be an object')
  const out: { -readonly [K in keyof ScriptedFault]: ScriptedFault[K] } = {
    kind: faultKind(u.kind),
  }
  for (const key of ['method', 'route', 'path'] as const) {
    const v = u[key]
    if (v === undefined) continue
    if (typeof v !== 'string') throw new Error(`fault ${key} must be a string`)
    out[key] = key === 'method' ? v.toUpperCase() : v
  }
  if (u.times !== undefined) {
    const times = nonNegative(u.times, 'fault times')
    if (!Number.isInteger(times) || times < 1) throw new Error('fault times must be an integer ≥ 1')
    out.times = times
  }
  return out
}

const flag = (u: unknown, name: string): boolean => {
  if (typeof u !== 'boolean') throw new Error(`${name} must be true or false`)
  return u
}

/** The anchored form of a custom-id pattern; throws when it is not a regular expression. */
export const compileCustomId = (source: string): RegExp => {
  try {
    return new RegExp(`^(?:${source})$`)
  } catch (e) {
    throw new Error(
      `fluidpay.customIdPattern is not a regular expression: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
}

const parseValor = (u: unknown): Partial<ValorRules> => {
  if (!isRecord(u)) throw new Error('valor must be an object')
  return u.duplicateNames === undefined
    ? {}
    : { duplicateNames: flag(u.duplicateNames, 'valor.duplicateNames') }
}

const parseFluidPay = (u: unknown): Partial<FluidPayRules> => {
  if (!isRecord(u)) throw new Error('fluidpay must be an object')
  const out: { -readonly [K in keyof FluidPayRules]?: FluidPayRules[K] } = {}
  if (u.duplicateAddresses !== undefined)
    out.duplicateAddresses = flag(u.duplicateAddresses, 'fluidpay.duplicateAddresses')
  if (u.customIdPattern !== undefined) {
    if (typeof u.customIdPattern !== 'string' || u.customIdPattern === '')
      throw new Error('fluidpay.customIdPattern must be a non-empty string')
    compileCustomId(u.customIdPattern)
    out.customIdPattern = u.customIdPattern
  }
  return out
}

/** Validates an untrusted patch (from the admin endpoint) into a typed one. */
export const parseKnobsPatch = (u: unknown): KnobsPatch => {
  if (!isRecord(u)) throw new Error('knobs must be a JSON object')
  const patch: { -readonly [K in keyof KnobsPatch]: KnobsPatch[K] } = {}
  if (u.latency !== undefined) {
    if (!isRecord(u.latency)) throw new Error('latency must be an object')
    const latency: { fixedMs?: number; jitterMs?: number } = {}
    if (u.latency.fixedMs !== undefined)
      latency.fixedMs = nonNegative(u.latency.fixedMs, 'latency.fixedMs')
    if (u.latency.jitterMs !== undefined)
      latency.jitterMs = nonNegative(u.latency.jitterMs, 'latency.jitterMs')
    patch.latency = latency
  }
  if (u.rateLimit !== undefined) {
    if (u.rateLimit === null) patch.rateLimit = null
    else if (isRecord(u.rateLimit)) {
      const rps = nonNegative(u.rateLimit.requestsPerSecond, 'rateLimit.requestsPerSecond')
      if (!Number.isInteger(rps) || rps < 1)
        throw new Error('rateLimit.requestsPerSecond must be an integer ≥ 1')
      patch.rateLimit = { requestsPerSecond: rps }
    } else throw new Error('rateLimit must be an object or null')
  }
  if (u.faults !== undefined) {
    if (!isRecord(u.faults)) throw new Error('faults must be an object')
    const f = u.faults
    const faults: { -readonly [K in keyof Faults]?: Faults[K] } = {}
    if (f.rate !== undefined) {
      const rate = nonNegative(f.rate, 'faults.rate')
      if (rate > 1) throw new Error('faults.rate must be between 0 and 1')
      faults.rate = rate
    }
    if (f.kinds !== undefined) {
      if (!Array.isArray(f.kinds) || f.kinds.length === 0)
        throw new Error('faults.kinds must be a non-empty array')
      faults.kinds = f.kinds.map(faultKind)
    }
    if (f.seed !== undefined) faults.seed = nonNegative(f.seed, 'faults.seed')
    if (f.hangMs !== undefined) faults.hangMs = nonNegative(f.hangMs, 'faults.hangMs')
    if (f.script !== undefined) {
      if (!Array.isArray(f.script)) throw new Error('faults.script must be an array')
      faults.script = f.script.map(scripted)
    }
    patch.faults = faults
  }
  if (u.valor !== undefined) patch.valor = parseValor(u.valor)
  if (u.fluidpay !== undefined) patch.fluidpay = parseFluidPay(u.fluidpay)
  if (u.billing !== undefined) patch.billing = parseBilling(u.billing)
  if (u.fluidpayRecurring !== undefined)
    patch.fluidpayRecurring = parseFluidPayRecurring(u.fluidpayRecurring)
  if (u.valorRecurring !== undefined) patch.valorRecurring = parseValorRecurring(u.valorRecurring)
  return patch
}

// ---- the live state

interface ScriptEntry {
  readonly fault: ScriptedFault
  remaining: number
}

export interface RequestFacts {
  readonly method: string
  readonly path: string
  readonly routeId: string
}

const matches = (fault: ScriptedFault, req: RequestFacts): boolean =>
  (fault.method === undefined || fault.method === req.method) &&
  (fault.route === undefined || fault.route === req.routeId) &&
  (fault.path === undefined ||
    (fault.path.endsWith('*')
      ? req.path.startsWith(fault.path.slice(0, -1))
      : req.path === fault.path))

/**
 * Sliding one-second window: a request is admitted only if fewer than R were admitted in the
 * preceding 1000 ms, so every 1 s window, and hence every 10 s window, holds at most R (10·R).
 */
class RateLimiter {
  private readonly admitted: number[]
  private head = 0
  private count = 0

  constructor(readonly rps: number) {
    this.admitted = new Array<number>(rps).fill(0)
  }

  /** `null` when admitted, else the whole seconds to wait (≥ 1). */
  admit(nowMs: number): number | null {
    if (this.count === this.rps) {
      const oldest = this.admitted[this.head] as number
      if (nowMs - oldest < 1000) return Math.max(1, Math.ceil((oldest + 1000 - nowMs) / 1000))
      this.head = (this.head + 1) % this.rps
      this.count--
    }
    this.admitted[(this.head + this.count) % this.rps] = nowMs
    this.count++
    return null
  }
}

export class KnobState implements KnobControl {
  private knobs: Knobs = defaultKnobs()
  private script: ScriptEntry[] = []
  private faultPrng: Prng = createPrng(1)
  private readonly jitterPrng: Prng
  private limiter: RateLimiter | null = null
  private compiled: GatewayRules = KnobState.rulesOf(this.knobs)

  constructor(initial: KnobsPatch | undefined, seed: number) {
    this.jitterPrng = createPrng(seed ^ 0x5eed)
    this.set(initial ?? {})
  }

  readonly get = (): Knobs => ({
    ...this.knobs,
    faults: {
      ...this.knobs.faults,
      script: this.script.map((e) => ({ ...e.fault, times: e.remaining })),
    },
  })

  readonly set = (patch: KnobsPatch): Knobs => {
    const checked = parseKnobsPatch(patch)
    const prev = this.knobs
    const faults = { ...prev.faults, ...checked.faults }
    this.knobs = {
      latency: { ...prev.latency, ...checked.latency },
      rateLimit: checked.rateLimit === undefined ? prev.rateLimit : checked.rateLimit,
      faults,
      valor: { ...prev.valor, ...checked.valor },
      fluidpay: { ...prev.fluidpay, ...checked.fluidpay },
      billing: { ...prev.billing, ...checked.billing },
      fluidpayRecurring: { ...prev.fluidpayRecurring, ...checked.fluidpayRecurring },
      valorRecurring: { ...prev.valorRecurring, ...checked.valorRecurring },
    }
    this.compiled = KnobState.rulesOf(this.knobs)
    if (checked.faults?.seed !== undefined) this.faultPrng = createPrng(faults.seed)
    if (checked.faults?.script !== undefined) {
      this.script = checked.faults.script.map((fault) => ({ fault, remaining: fault.times ?? 1 }))
    }
    if (checked.rateLimit !== undefined) {
      this.limiter =
        checked.rateLimit === null ? null : new RateLimiter(checked.rateLimit.requestsPerSecond)
    }
    return this.get()
  }

  readonly reset = (): Knobs => {
    this.script = []
    this.limiter = null
    this.knobs = defaultKnobs()
    this.compiled = KnobState.rulesOf(this.knobs)
    this.faultPrng = createPrng(this.knobs.faults.seed)
    return this.get()
  }

  readonly enqueueFaults = (...faults: readonly ScriptedFault[]): void => {
    const checked = parseKnobsPatch({ faults: { script: faults } }).faults?.script ?? []
    for (const fault of checked) this.script.push({ fault, remaining: fault.times ?? 1 })
  }

  private static rulesOf(knobs: Knobs): GatewayRules {
    return {
      valor: knobs.valor,
      fluidpay: knobs.fluidpay,
      fluidpayCustomId: compileCustomId(knobs.fluidpay.customIdPattern),
      billing: knobs.billing,
      fluidpayRecurring: knobs.fluidpayRecurring,
      valorRecurring: knobs.valorRecurring,
    }
  }

  // ---- used by the handlers

  /** The rule knobs as they are now (read on every request, so a change applies at once). */
  get rules(): GatewayRules {
    return this.compiled
  }

  // ---- used by the server

  /** Seconds to wait when the request is over the rate limit, else `null` (and it is counted). */
  rateLimited(nowMs: number): number | null {
    return this.limiter === null ? null : this.limiter.admit(nowMs)
  }

  get requestsPerSecond(): number {
    return this.knobs.rateLimit?.requestsPerSecond ?? 0
  }

  /** The fault for this request, if any: the first matching scripted one, else a random one. */
  nextFault(req: RequestFacts): FaultKind | null {
    const i = this.script.findIndex((e) => matches(e.fault, req))
    if (i >= 0) {
      const entry = this.script[i] as ScriptEntry
      entry.remaining--
      if (entry.remaining <= 0) this.script.splice(i, 1)
      return entry.fault.kind
    }
    const { rate, kinds } = this.knobs.faults
    if (rate > 0 && this.faultPrng.next() < rate) return this.faultPrng.pick(kinds)
    return null
  }

  delayMs(): number {
    const { fixedMs, jitterMs } = this.knobs.latency
    return fixedMs + (jitterMs > 0 ? this.jitterPrng.next() * jitterMs : 0)
  }

  get hangMs(): number {
    return this.knobs.faults.hangMs
  }
}
