/**
 * Learning a gateway's rate limit from its answers. A client that was never told the limit sends
 * as fast as it is asked to until the gateway refuses (429). The learner then counts what the
 * gateway accepted in the second before the refusal — what it admits — and sets the client's
 * rate a little below that (never above what the client was sending: each refusal lowers it).
 * While the lowered rate is what holds the client back, it probes upward slowly, so a limit that
 * rises is found again, at the cost of an occasional refusal. Refusals of requests sent before
 * the last decrease are the same overshoot and are not counted again.
 */

export interface RateLearnerOptions {
  readonly now: () => number
  /** The span accepted requests are counted over. Default 1 s. */
  readonly windowMs?: number
  /** How far below the admitted rate the learner settles. Default 0.05 (5 %). */
  readonly margin?: number
  /** Each probe adds this share of the rate last learned. Default 0.01 (1 %). */
  readonly probeStep?: number
  /** Time between probes, while the learned rate binds and nothing is refused. Default 1 s. */
  readonly probeEveryMs?: number
  /** The lowest rate the learner sets, in requests per second. Default 0.5. */
  readonly minRate?: number
}

export interface RateLearner {
  /** An attempt sent at `sentAt` was answered with anything but 429. */
  readonly accepted: (sentAt: number) => void
  /** An attempt sent at `sentAt` was refused with 429. Returns whether the rate was lowered. */
  readonly refused: (sentAt: number) => boolean
  /** Raises the rate by one step if it is due: `binding` says whether requests waited for it. */
  readonly probe: (binding: boolean) => boolean
  /** The rate learned so far, in requests per second; undefined until the first refusal. */
  readonly rate: () => number | undefined
}

/**
 * Send times of accepted attempts over the last window, oldest first (nearly: answers arrive in
 * their own order). Older ones are dropped as new ones come, so it holds one window's worth.
 */
class SendWindow {
  private times: number[] = []
  private head = 0

  constructor(private readonly span: number) {}

  add(t: number): void {
    this.times.push(t)
    this.drop(t)
  }

  /** How many fall in (t - span, t]. */
  countUpTo(t: number): number {
    this.drop(t)
    let n = 0
    for (let i = this.head; i < this.times.length; i++) if ((this.times[i] as number) <= t) n++
    return n
  }

  private drop(t: number): void {
    while (this.head < this.times.length && (this.times[this.head] as number) <= t - this.span)
      this.head++
    // Compact now and then, so the array does not grow with the run.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head)
      this.head = 0
    }
  }
}

export const createRateLearner = (options: RateLearnerOptions): RateLearner => {
  const now = options.now
  const windowMs = options.windowMs ?? 1000
  const margin = options.margin ?? 0.05
  const probeStep = options.probeStep ?? 0.01
  const probeEveryMs = options.probeEveryMs ?? 1000
  const minRate = options.minRate ?? 0.5
  const window = new SendWindow(windowMs)
  let rate: number | undefined
  let learned = 0
  let loweredAt = -Infinity
  let probedAt = -Infinity
  // Attempts accepted since the rate last changed: a probe is only due for a rate in use.
  let acceptedSinceChange = 0

  const refused = (sentAt: number): boolean => {
    // Sent before (or as) the rate was lowered: the same overshoot, already counted.
    if (sentAt <= loweredAt) return false
    // Counted up to the refused attempt's own send: what was sent after it is still in flight.
    const admittedCount = window.countUpTo(sentAt)
    let next: number
    if (admittedCount === 0) {
      // The window says nothing (another client spent the allowance, say): halve a rate in
      // force, and learn nothing yet without one (the refused request waits its Retry-After).
      if (rate === undefined) return false
      next = rate / 2
    } else {
      const admitted = (admittedCount * 1000) / windowMs
      // Never above what was being sent, so a refusal the window does not explain (a longer
      // window at the gateway, or other clients sharing the limit) still lowers the rate.
      next = (1 - margin) * Math.min(admitted, rate ?? Infinity)
    }
    const t = now()
    rate = Math.max(minRate, next)
    learned = rate
    loweredAt = t
    probedAt = t
    acceptedSinceChange = 0
    return true
  }

  const probe = (binding: boolean): boolean => {
    if (rate === undefined || !binding || acceptedSinceChange === 0) return false
    const t = now()
    if (t - probedAt < probeEveryMs) return false
    rate += Math.max(probeStep * learned, 0.1)
    probedAt = t
    return true
  }

  return {
    accepted: (sentAt) => {
      window.add(sentAt)
      acceptedSinceChange++
    },
    refused,
    probe,
    rate: () => rate,
  }
}

/**
 * An allowance the gateway says is spent, from the rate headers some gateways send
 * (`RateLimit-Remaining` / `X-RateLimit-Remaining` at 0 with `…-Reset`): the instant it renews,
 * on the clock `now` reads, or undefined when the headers say nothing of the kind. A reset
 * above 10⁹ is read as a Unix time in seconds, anything else as seconds from now.
 */
export const allowanceSpentUntil = (
  headers: Readonly<Record<string, string>>,
  now: number,
  wallClock: number = Date.now(),
): number | undefined => {
  const remaining = headers['ratelimit-remaining'] ?? headers['x-ratelimit-remaining']
  const reset = headers['ratelimit-reset'] ?? headers['x-ratelimit-reset']
  if (remaining === undefined || reset === undefined) return undefined
  if (Number(remaining.trim()) !== 0) return undefined
  const value = Number(reset.trim())
  if (!Number.isFinite(value) || value < 0) return undefined
  const delayMs = value > 1e9 ? value * 1000 - wallClock : value * 1000
  // A reset in the past, or absurdly far ahead, is not a hold worth obeying.
  return delayMs > 0 && delayMs <= 60_000 ? now + delayMs : undefined
}
