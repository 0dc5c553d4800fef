/**
 * Client-side limits: at most N requests in flight, and at most R requests per second spaced
 * evenly (a token bucket whose size is the burst). Waiters are served in arrival order. The rate
 * can change while the limiter runs (the HTTP client lowers it to what a gateway admits), but
 * never above the `requestsPerSecond` it was created with, and it can be held shut until an
 * instant (a gateway that said its allowance is spent until then).
 * @category HTTP
 */

export interface LimiterOptions {
  readonly maxConcurrency?: number
  readonly requestsPerSecond?: number
  /** Requests that may go back to back before spacing applies; 1 by default. */
  readonly burst?: number
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
}

/** @category HTTP */
export interface Limiter {
  /** Resolves when a request may start; call the returned function when it ends. */
  readonly acquire: () => Promise<() => void>
}

/**
 * A limiter whose rate can be lowered and raised again while it runs.
 * @category HTTP
 */
export interface AdjustableLimiter extends Limiter {
  /**
   * Requests per second from now on, capped by the configured `requestsPerSecond`; `undefined`
   * goes back to the configured rate (no spacing when none was configured).
   */
  readonly setRate: (requestsPerSecond: number | undefined) => void
  /** The rate in force: the configured one or a lower one set since; undefined when unlimited. */
  readonly rate: () => number | undefined
  /** No request starts before `at` (on the limiter's clock); a later hold replaces an earlier. */
  readonly holdUntil: (at: number) => void
  /** Whether a request had to wait for the rate since the last call: the rate is what binds. */
  readonly takeWaited: () => boolean
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The lower of two rates, either of which may be unlimited.
 * @category HTTP
 */
export const lowerRate = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b)

interface Bucket {
  tokens: number
  refilledAt: number
  rate: number | undefined
  heldUntil: number
  waited: boolean
}

const refill = (bucket: Bucket, burst: number, t: number) => {
  if (bucket.rate !== undefined)
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.refilledAt) * bucket.rate) / 1000)
  else bucket.tokens = burst
  bucket.refilledAt = t
}

/**
 * Waits out a hold, then for a whole token, and takes it. Each wait is slept once, as computed:
 * a clock that does not move while it sleeps (a test's) cannot spin it. A token taken after a
 * wait is taken at the instant it came due, so the time slept past it (timers round up to whole
 * milliseconds) counts toward the next one instead of slowing the rate.
 */
const takeToken = async (
  bucket: Bucket,
  burst: number,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): Promise<void> => {
  const t = now()
  if (t < bucket.heldUntil) {
    bucket.waited = true
    await sleep(bucket.heldUntil - t)
  }
  refill(bucket, burst, now())
  const rate = bucket.rate
  if (rate === undefined) return
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1
    return
  }
  const due = bucket.refilledAt + ((1 - bucket.tokens) * 1000) / rate
  bucket.waited = true
  await sleep(Math.max(1, Math.ceil(due - now())))
  bucket.tokens = 0
  bucket.refilledAt = due
}

/** @category HTTP */
export const createLimiter = (options: LimiterOptions = {}): AdjustableLimiter => {
  const maxConcurrency = options.maxConcurrency ?? Infinity
  const ceiling = options.requestsPerSecond
  const burst = Math.max(1, options.burst ?? 1)
  const now = options.now ?? (() => Date.now())
  const sleep = options.sleep ?? realSleep

  let inFlight = 0
  const slotWaiters: Array<() => void> = []
  const bucket: Bucket = {
    tokens: burst,
    refilledAt: now(),
    rate: ceiling,
    heldUntil: -Infinity,
    waited: false,
  }
  let rateChain: Promise<void> = Promise.resolve()
  let queued = 0

  const takeSlot = (): Promise<void> => {
    if (inFlight < maxConcurrency) {
      inFlight++
      return Promise.resolve()
    }
    return new Promise((resolve) => slotWaiters.push(() => resolve()))
  }
  const releaseSlot = () => {
    const next = slotWaiters.shift()
    if (next !== undefined) next()
    else inFlight--
  }

  // Token requests are chained so that each waits for the previous one: strict arrival order.
  // With no rate, no hold and nobody waiting, a request need not queue at all.
  const nextToken = (): Promise<void> => {
    if (bucket.rate === undefined && queued === 0 && now() >= bucket.heldUntil)
      return Promise.resolve()
    queued++
    const turn = rateChain.then(() => takeToken(bucket, burst, now, sleep))
    rateChain = turn.then(() => {
      queued--
    })
    return turn
  }

  return {
    acquire: async () => {
      await takeSlot()
      await nextToken()
      let released = false
      return () => {
        if (released) return
        released = true
        releaseSlot()
      }
    },
    setRate: (requestsPerSecond) => {
      // Tokens earned at the old rate are counted before the new one applies.
      refill(bucket, burst, now())
      const wanted =
        requestsPerSecond === undefined || !(requestsPerSecond > 0) ? undefined : requestsPerSecond
      bucket.rate = lowerRate(ceiling, wanted)
    },
    rate: () => bucket.rate,
    holdUntil: (at) => {
      if (at > bucket.heldUntil) bucket.heldUntil = at
    },
    takeWaited: () => {
      const waited = bucket.waited
      bucket.waited = false
      return waited
    },
  }
}
