/**
 * Client-side limits: at most N requests in flight, and at most R requests per second spaced
 * evenly (a token bucket whose size is the burst). Waiters are served in arrival order.
 */

export interface LimiterOptions {
  readonly maxConcurrency?: number
  readonly requestsPerSecond?: number
  /** Requests that may go back to back before spacing applies; 1 by default. */
  readonly burst?: number
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
}

export interface Limiter {
  /** Resolves when a request may start; call the returned function when it ends. */
  readonly acquire: () => Promise<() => void>
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const createLimiter = (options: LimiterOptions = {}): Limiter => {
  const maxConcurrency = options.maxConcurrency ?? Infinity
  const rps = options.requestsPerSecond
  const burst = Math.max(1, options.burst ?? 1)
  const now = options.now ?? (() => Date.now())
  const sleep = options.sleep ?? realSleep

  let inFlight = 0
  const slotWaiters: Array<() => void> = []
  let tokens = burst
  let refilledAt = now()
  let rateChain: Promise<void> = Promise.resolve()

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
  const takeToken = (): Promise<void> => {
    if (rps === undefined) return Promise.resolve()
    const turn = rateChain.then(async () => {
      const refill = () => {
        const t = now()
        tokens = Math.min(burst, tokens + ((t - refilledAt) * rps) / 1000)
        refilledAt = t
      }
      refill()
      if (tokens < 1) {
        await sleep(Math.ceil(((1 - tokens) * 1000) / rps))
        refill()
      }
      tokens = Math.max(0, tokens - 1)
    })
    rateChain = turn
    return turn
  }

  return {
    acquire: async () => {
      await takeSlot()
      await takeToken()
      let released = false
      return () => {
        if (released) return
        released = true
        releaseSlot()
      }
    },
  }
}
