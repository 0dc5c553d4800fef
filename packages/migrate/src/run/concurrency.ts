/**
 * How many customers a run keeps in flight, and the pool of workers that keeps to it. An explicit
 * `concurrency` is used as it is. Otherwise the number is adjusted as the run goes, from what the
 * target's HTTP client reports of each attempt (`rateLimit.ts`):
 * - the target's rate is known (the run's own `targetRequestsPerSecond`, or the rate the client
 *   is configured with or learned from 429s): by Little's law the requests in flight needed are
 *   rate × latency; the run is sending `achieved` requests a second with N customers in flight,
 *   so it needs about N × rate / achieved of them, plus a fifth for headroom. Once requests
 *   queue for the limiter the rate is what binds, and N is held.
 * - no rate known: N doubles while throughput rises with it (a slow start, as TCP's), and holds
 *   when it stops rising (the client's CPU, the source or the journal binds), trying again now
 *   and then.
 * - the target refused requests (429): N does not grow, and is cut by a quarter when the
 *   target's client reports no rate (one that learned the rate queues the excess instead).
 */
import { lowerRate } from '@vaultport/core'
import type { RunContext } from './context'
import type { MeterTotals, TargetMeter } from './rateLimit'

export interface ConcurrencyOptions {
  /** An explicit number of customers in flight: used as it is. */
  readonly fixed?: number
  /** The run's own rate limit on the target, in HTTP requests per second. */
  readonly runRate?: number
  readonly meter: TargetMeter
  /** Customers finished so far. */
  readonly customersDone: () => number
  /** A monotonic clock in milliseconds. */
  readonly now: () => number
}

/** The number of customers to keep in flight now; read before each customer is taken. */
export type ConcurrencyTarget = () => number

export const INITIAL_CONCURRENCY = 4
export const MAX_CONCURRENCY = 256
// Below this much evidence an interval is extended rather than judged.
const MIN_ATTEMPTS = 8
const MIN_CUSTOMERS = 4
const HEADROOM = 1.2
// Requests that waited this share of their time for a limiter: the rate binds.
const BINDING_QUEUE_SHARE = 0.1
const PLATEAU_INTERVALS = 4
// The most one interval multiplies the number by, with a rate to aim at.
const MAX_STEP = 8

interface Interval {
  readonly seconds: number
  readonly attempts: number
  readonly accepted: number
  readonly refused: number
  readonly latencyMs: number
  readonly queuedMs: number
  readonly customers: number
  readonly clientRate: number | undefined
}

interface ControlState {
  n: number
  startedAt: number
  from: MeterTotals
  customersFrom: number
  /** Throughput of the interval before the last growth; undefined when the last step did not grow. */
  beforeGrowth: number | undefined
  /** Intervals left before growth is tried again after a plateau. */
  plateau: number
}

const clamp = (n: number): number => Math.max(1, Math.min(MAX_CONCURRENCY, Math.round(n)))

/** What happened since the interval began, or undefined when it is too early to tell. */
const intervalOf = (
  state: ControlState,
  totals: MeterTotals,
  customers: number,
  t: number,
): Interval | undefined => {
  const attempts = totals.attempts - state.from.attempts
  const latencyMs = totals.latencyMs - state.from.latencyMs
  const meanLatency = attempts > 0 ? latencyMs / attempts : 0
  const elapsed = t - state.startedAt
  // Long enough for several round trips of a customer, and for some evidence.
  if (elapsed < Math.max(250, 2 * meanLatency)) return undefined
  const done = customers - state.customersFrom
  if (attempts < MIN_ATTEMPTS && done < MIN_CUSTOMERS) return undefined
  const refused = totals.refused - state.from.refused
  return {
    seconds: elapsed / 1000,
    attempts,
    accepted: attempts - refused,
    refused,
    latencyMs,
    queuedMs: totals.queuedMs - state.from.queuedMs,
    customers: done,
    clientRate: totals.clientRate,
  }
}

/** The next number of customers in flight, after an interval of `current`. */
const nextSize = (state: ControlState, i: Interval, runRate: number | undefined): number => {
  const n = state.n
  if (i.refused > 0) {
    state.beforeGrowth = undefined
    // A client that lowered its rate holds the extra customers in its limiter's queue, which
    // costs nothing: do not grow. One that knows no rate keeps sending them: cut the number.
    return i.clientRate === undefined ? clamp(n * 0.75) : n
  }
  // Requests a second when the target is metered, else customers a second (a memory target).
  const throughput = (i.attempts > 0 ? i.accepted : i.customers) / i.seconds
  const grewLast = state.beforeGrowth
  state.beforeGrowth = undefined
  if (grewLast !== undefined && throughput < grewLast * 1.05) {
    // More in flight bought nothing: something other than latency binds. Hold a while.
    state.plateau = PLATEAU_INTERVALS
    return n
  }
  const rate = lowerRate(runRate, i.clientRate)
  if (rate !== undefined && i.attempts > 0) {
    const queueShare = i.queuedMs / Math.max(1, i.queuedMs + i.latencyMs)
    if (queueShare > BINDING_QUEUE_SHARE) return n
    const wanted = Math.min(
      MAX_STEP * n,
      Math.max(n + 1, (n * rate * HEADROOM) / Math.max(throughput, 1e-9)),
    )
    state.beforeGrowth = throughput
    return clamp(wanted)
  }
  if (state.plateau > 0) {
    state.plateau--
    return n
  }
  state.beforeGrowth = throughput
  return clamp(2 * n)
}

/** The number of customers to keep in flight, adjusted as the run goes unless it is fixed. */
export const concurrencyTarget = (options: ConcurrencyOptions): ConcurrencyTarget => {
  if (options.fixed !== undefined) {
    const fixed = Math.max(1, Math.floor(options.fixed))
    return () => fixed
  }
  const { meter, customersDone, now, runRate } = options
  const state: ControlState = {
    n: INITIAL_CONCURRENCY,
    startedAt: now(),
    from: meter.totals(),
    customersFrom: customersDone(),
    beforeGrowth: undefined,
    plateau: 0,
  }
  let warm = false
  return () => {
    const t = now()
    const totals = meter.totals()
    const customers = customersDone()
    if (!warm) {
      // The first interval starts with the first customer done: what came before (a token, the
      // first page of the source) is start-up, not what more customers in flight would speed up.
      if (customers === 0) return state.n
      warm = true
      state.startedAt = t
      state.from = totals
      state.customersFrom = customers
      return state.n
    }
    const interval = intervalOf(state, totals, customers, t)
    if (interval === undefined) return state.n
    state.n = nextSize(state, interval, runRate)
    state.startedAt = t
    state.from = totals
    state.customersFrom = customers
    return state.n
  }
}

// ---- the pool

/**
 * Runs `work` on workers that share `stream`, keeping as many as `size` says: more are started
 * when it grows, and a worker whose turn comes while there are too many is handed the end of
 * the stream (it finishes the customer it has and stops). Resolves once every worker returned;
 * rejects as soon as one rejects (a worker records its own failures, so that is a bug).
 */
export const runPool = <T>(
  stream: AsyncIterator<T>,
  work: (stream: AsyncIterator<T>) => Promise<void>,
  size: ConcurrencyTarget,
  stopped: () => boolean,
): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    let active = 0
    let ended = false
    const topUp = () => {
      const wanted = size()
      while (!ended && !stopped() && active < wanted) start()
    }
    const start = () => {
      active++
      let retired = false
      const view: AsyncIterator<T> = {
        next: async () => {
          if (active > size()) {
            retired = true
            active--
            return { done: true, value: undefined }
          }
          const next = await stream.next()
          if (next.done === true) ended = true
          else topUp()
          return next
        },
      }
      work(view).then(() => {
        if (!retired) active--
        if (active === 0) resolve()
      }, reject)
    }
    topUp()
    if (active === 0) resolve()
  })

/**
 * `stream` read up to `depth()` items ahead of its consumers, so that the next page of a listing
 * is being fetched while the customers of this one are still being taken, rather than every
 * worker waiting for it at the page's end. Items come out in order; at most `depth()` are held.
 */
export const readAhead = <T>(stream: AsyncIterator<T>, depth: () => number): AsyncIterator<T> => {
  const ahead: Array<Promise<IteratorResult<T>>> = []
  let ended = false
  const fill = () => {
    while (!ended && ahead.length < Math.max(1, depth())) {
      const next = stream.next()
      // The handler also marks a rejection as handled: its consumer gets it when it comes.
      next.then(
        (r) => {
          if (r.done === true) ended = true
        },
        () => {
          ended = true
        },
      )
      ahead.push(next)
    }
  }
  return {
    next: () => {
      fill()
      // Once the stream ended nothing is held: it answers its end again itself.
      const next = ahead.shift() ?? stream.next()
      fill()
      return next
    },
  }
}

/** The run's workers over `stream`: as many as its concurrency says, until it ends or aborts. */
export const runWorkers = <T>(
  ctx: RunContext,
  stream: AsyncIterator<T>,
  work: (stream: AsyncIterator<T>) => Promise<void>,
): Promise<void> => {
  const size = concurrencyTarget({
    ...(ctx.options.concurrency === undefined ? {} : { fixed: ctx.options.concurrency }),
    ...(ctx.options.targetRequestsPerSecond === undefined
      ? {}
      : { runRate: ctx.options.targetRequestsPerSecond }),
    meter: ctx.meter,
    customersDone: () => ctx.tally.done,
    now: () => performance.now(),
  })
  return runPool(readAhead(stream, size), work, size, () => ctx.tally.aborted !== undefined)
}
