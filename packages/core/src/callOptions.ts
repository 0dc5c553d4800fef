/**
 * Per-call options: a vault whose every operation runs with an abort signal, its own per-attempt
 * deadline or extra headers. The options travel to the HTTP client in an `AsyncLocalStorage`
 * (they follow the call through every `await`), so no port signature changes and no adapter
 * has to pass them on: any request an adapter sends through core's client while serving the
 * call sees them.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Limiter } from './http/limiter'
import type { Vault } from './ports'

// ---- model

/** @category HTTP */
export interface CallOptions {
  /**
   * Ends the call when aborted. A request not yet sent is not sent, one in flight is abandoned,
   * and the call answers `Left`: `Unavailable` when nothing was sent or a read was cut short,
   * `OutcomeUnknown` when a write was already on its way (it may have happened). A call that
   * never reaches the HTTP client (the memory vault, a refused argument) is not affected.
   */
  readonly signal?: AbortSignal
  /** The deadline of each attempt of each request of the call, instead of the client's own. */
  readonly timeoutMs?: number
  /**
   * Headers added to every request of the call. They never replace a header vaultport sets
   * itself (accept, content type, the adapter's headers, credentials): such a name is dropped.
   */
  readonly headers?: Readonly<Record<string, string>>
  /**
   * A limiter every attempt of every request of the call waits for before it is sent, retries
   * included, on top of the client's own limits: one limiter shared by many calls (made with
   * `createLimiter`) holds them all to one rate of HTTP requests, however many requests each
   * call sends. An abort ends the wait.
   */
  readonly limiter?: Limiter
  /** Told of every attempt once it ended (what a caller sizing its own concurrency needs). */
  readonly onAttempt?: (report: AttemptReport) => void
}

/**
 * One attempt of one request, once it ended. Carries no URL, header or body.
 * @category HTTP
 */
export interface AttemptReport {
  readonly gateway: string
  readonly operation: string
  /** The HTTP status answered; undefined when no answer came (a timeout, a reset). */
  readonly status: number | undefined
  /** From sending the attempt to its answer or failure. */
  readonly latencyMs: number
  /** How long the attempt waited for the limiters (the call's and the client's) first. */
  readonly queuedMs: number
  /**
   * The rate the client holds this gateway to now, in requests per second: its configured
   * `requestsPerSecond`, or the lower rate it learned from the gateway's refusals. Undefined
   * when it knows of no limit.
   */
  readonly clientRate: number | undefined
}

/**
 * What the HTTP client reads for the current call: the options of every wrapper it passed
 * through, merged (signals, limiters and observers all count; for the rest the outermost wrapper
 * wins).
 * @internal
 */
export interface ActiveCallOptions {
  readonly signals: ReadonlyArray<AbortSignal>
  readonly timeoutMs?: number
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  /** Every wrapper's limiter, outermost last: an attempt waits for each. */
  readonly limiters: ReadonlyArray<Limiter>
  readonly observers: ReadonlyArray<(report: AttemptReport) => void>
}

// ---- the store

// One store per process, even when two copies of core are loaded (an ESM and a CJS build, say):
// the copy that wraps the vault and the copy an adapter sends through must see the same calls.
const STORE_KEY = Symbol.for('vaultport.callOptions.v1')
const globalStore = globalThis as { [STORE_KEY]?: AsyncLocalStorage<ActiveCallOptions> }
const storage: AsyncLocalStorage<ActiveCallOptions> = (globalStore[STORE_KEY] ??=
  new AsyncLocalStorage<ActiveCallOptions>())

/** The options of the call being served, if it was made through `withCallOptions`. @internal */
export const activeCallOptions = (): ActiveCallOptions | undefined => storage.getStore()

/**
 * Runs `f` as part of no call: for work shared between calls (one token fetch serving many),
 * which one caller's signal, deadline or headers must not shape. @internal
 */
export const outsideAnyCall = <A>(f: () => A): A => storage.exit(f)

// ---- checking the options

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// Visible ASCII, space, tab and obs-text; never CR, LF or NUL (they would split the request).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/

/** Whether a header name and value can be sent as they are. @internal */
export const isSendableHeader = (name: string, value: unknown): value is string =>
  typeof value === 'string' && HEADER_NAME.test(name) && HEADER_VALUE.test(value)

const MAX_TIMER_MS = 2_147_483_647

const checkOptions = (options: CallOptions): ActiveCallOptions => {
  const { signal, timeoutMs, headers, limiter, onAttempt } = options
  const signalLike =
    signal === undefined ||
    (typeof signal === 'object' &&
      signal !== null &&
      typeof signal.aborted === 'boolean' &&
      typeof signal.addEventListener === 'function')
  if (!signalLike) throw new TypeError('withCallOptions: signal must be an AbortSignal')
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)
  )
    throw new RangeError(
      `withCallOptions: timeoutMs must be a number of milliseconds from 1 to ${MAX_TIMER_MS}`,
    )
  const named: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!isSendableHeader(name, value))
      throw new TypeError(`withCallOptions: header ${JSON.stringify(name)} cannot be sent`)
    named[name.toLowerCase()] = value
  }
  if (limiter !== undefined && typeof (limiter as Partial<Limiter>).acquire !== 'function')
    throw new TypeError('withCallOptions: limiter must have an acquire function')
  if (onAttempt !== undefined && typeof onAttempt !== 'function')
    throw new TypeError('withCallOptions: onAttempt must be a function')
  return {
    signals: signal === undefined ? [] : [signal],
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    headers: named,
    limiters: limiter === undefined ? [] : [limiter],
    observers: onAttempt === undefined ? [] : [onAttempt],
  }
}

const union = <A>(own: ReadonlyArray<A>, outer: ReadonlyArray<A>): ReadonlyArray<A> =>
  outer.length === 0 ? own : [...own, ...outer.filter((x) => !own.includes(x))]

/** A wrapper's own options under the ones already in force (an outer wrapper's). */
const merged = (
  own: ActiveCallOptions,
  outer: ActiveCallOptions | undefined,
): ActiveCallOptions => {
  if (outer === undefined) return own
  const timeoutMs = outer.timeoutMs ?? own.timeoutMs
  return {
    signals: union(own.signals, outer.signals),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    headers: { ...own.headers, ...outer.headers },
    limiters: union(own.limiters, outer.limiters),
    observers: union(own.observers, outer.observers),
  }
}

const within = <A>(own: ActiveCallOptions, f: () => A): A =>
  storage.run(merged(own, storage.getStore()), f)

// ---- wrapping a vault

type AnyFunction = (...args: Array<unknown>) => unknown

const isAsyncGenerator = (u: unknown): u is AsyncGenerator =>
  Object.prototype.toString.call(u) === '[object AsyncGenerator]'

/**
 * A stream (an async generator, as adapters' `stream…` members return) whose every step runs as
 * part of the call. It keeps the generator's prototype, so it is still an `AsyncGenerator`.
 */
const generatorWithin = (gen: AsyncGenerator, own: ActiveCallOptions): AsyncGenerator =>
  Object.defineProperties(Object.create(Object.getPrototypeOf(gen) as object) as AsyncGenerator, {
    next: { value: (...args: [] | [unknown]) => within(own, () => gen.next(...args)) },
    return: { value: (value: unknown) => within(own, () => gen.return(value)) },
    throw: { value: (e: unknown) => within(own, () => gen.throw(e)) },
  })

/**
 * What an operation returned, made to run as part of the call: a TaskEither (or any thunk)
 * runs inside it, an async generator steps inside it, anything else is passed through as it is
 * (other streams included: their own API is kept, and what they do later is not part of the call).
 */
const resultWithin = (result: unknown, own: ActiveCallOptions): unknown => {
  if (typeof result === 'function') {
    const f = result as AnyFunction
    return (...args: Array<unknown>) => within(own, () => f(...args))
  }
  return isAsyncGenerator(result) ? generatorWithin(result, own) : result
}

const functionWithin =
  (f: AnyFunction, self: unknown, own: ActiveCallOptions) =>
  (...args: Array<unknown>): unknown =>
    resultWithin(
      within(own, () => f.apply(self, args)),
      own,
    )

const isPlainObject = (u: unknown): u is object => {
  if (typeof u !== 'object' || u === null) return false
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/**
 * A copy of `obj` whose functions run as part of the call, recursing into plain objects. An
 * object with no function anywhere (the capabilities record) is kept as it is.
 */
const objectWithin = (obj: object, own: ActiveCallOptions, seen: Map<object, object>): object => {
  const known = seen.get(obj)
  if (known !== undefined) return known
  seen.set(obj, obj)
  const member = (value: unknown): unknown =>
    typeof value === 'function'
      ? functionWithin(value as AnyFunction, obj, own)
      : isPlainObject(value)
        ? objectWithin(value, own, seen)
        : value
  let changed = false
  const descriptors: PropertyDescriptorMap = {}
  for (const key of Reflect.ownKeys(obj)) {
    const d = Object.getOwnPropertyDescriptor(obj, key) as PropertyDescriptor
    if ('value' in d) {
      const value: unknown = member(d.value)
      changed ||= value !== d.value
      descriptors[key] = { ...d, value }
    } else {
      const get = d.get
      changed = true
      descriptors[key] = {
        ...d,
        ...(get === undefined ? {} : { get: () => member(get.call(obj)) }),
      }
    }
  }
  if (!changed) return obj
  const copy = Object.defineProperties(
    Object.create(Object.getPrototypeOf(obj) as object | null) as object,
    descriptors,
  )
  seen.set(obj, copy)
  return copy
}

/**
 * The same vault, every operation of which runs with `options`: a signal to abort it, a
 * per-attempt deadline, extra headers. The vault's own members the adapter added
 * (`vault.fluidpay`, `vault.paytrace`, the memory vault's `inspect`) are wrapped the same way;
 * values that are not functions pass through unchanged. Wrapping again layers the options: every
 * signal, limiter and `onAttempt` counts, and the outermost wrapper's deadline and headers win.
 *
 * Throws a `TypeError` or `RangeError` at once for options that cannot work (a timeout that is
 * not a positive number, a header that cannot be sent); a call never throws or rejects.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { customerId, withCallOptions } from '@vaultport/core'
 * import { createMemoryVault } from '@vaultport/memory'
 *
 * const vault = createMemoryVault()
 * const controller = new AbortController() // abort it when the caller goes away
 * const bounded = withCallOptions(vault, { signal: controller.signal, timeoutMs: 5_000 })
 * const customer = await bounded.customers.get(customerId('cus_1'))()
 * if (E.isLeft(customer)) console.log(customer.left.kind) // 'NotFound'
 * ```
 * @category HTTP
 */
export const withCallOptions = <V extends Vault>(vault: V, options: CallOptions): V =>
  objectWithin(vault, checkOptions(options), new Map()) as V
