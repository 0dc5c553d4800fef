// The limiter's adjustable rate and the learner that sets it from a gateway's refusals, on a
// fake clock: every figure here is virtual milliseconds, no real time is measured.
import { createLimiter } from '../src'
import { allowanceSpentUntil, createRateLearner } from '../src/http/rateLearning'
import { mostInAnyWindow, virtualClock } from './virtualClock'

describe('limiter: rate, ceiling and hold', () => {
  it('spaces requests so that no second holds more than the rate plus the burst', async () => {
    const clock = virtualClock()
    const limiter = createLimiter({ requestsPerSecond: 10, burst: 3, ...clock })
    const starts: number[] = []
    await clock.run(
      Promise.all(
        Array.from({ length: 60 }, async () => {
          const release = await limiter.acquire()
          starts.push(clock.now())
          release()
        }),
      ),
    )
    expect(starts).toHaveLength(60)
    expect(mostInAnyWindow(starts, 1000)).toBeLessThanOrEqual(10 + 3)
    // 60 requests at 10 a second, 3 of them free: the last starts no sooner than 5.7 s in.
    expect(Math.max(...starts)).toBeGreaterThanOrEqual(5_700)
  })

  it('takes a lower rate at once and never goes above the configured one', async () => {
    const clock = virtualClock()
    const limiter = createLimiter({ requestsPerSecond: 20, ...clock })
    expect(limiter.rate()).toBe(20)
    limiter.setRate(100)
    expect(limiter.rate()).toBe(20)
    limiter.setRate(5)
    expect(limiter.rate()).toBe(5)
    const starts: number[] = []
    await clock.run(
      Promise.all(
        Array.from({ length: 20 }, async () => {
          ;(await limiter.acquire())()
          starts.push(clock.now())
        }),
      ),
    )
    expect(mostInAnyWindow(starts, 1000)).toBeLessThanOrEqual(5 + 1)
    limiter.setRate(undefined)
    expect(limiter.rate()).toBe(20)
  })

  it('a limiter with no configured rate takes a learned one, and drops it again', () => {
    const limiter = createLimiter({ now: () => 0 })
    expect(limiter.rate()).toBeUndefined()
    limiter.setRate(42)
    expect(limiter.rate()).toBe(42)
    limiter.setRate(undefined)
    expect(limiter.rate()).toBeUndefined()
  })

  it('starts nothing before a hold ends, and says the rate made a request wait', async () => {
    const clock = virtualClock()
    const limiter = createLimiter(clock)
    await clock.run(limiter.acquire())
    expect(limiter.takeWaited()).toBe(false)
    limiter.holdUntil(2_500)
    const starts: number[] = []
    await clock.run(
      Promise.all(
        [1, 2, 3].map(async () => {
          ;(await limiter.acquire())()
          starts.push(clock.now())
        }),
      ),
    )
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(2_500)
    expect(limiter.takeWaited()).toBe(true)
    expect(limiter.takeWaited()).toBe(false)
  })
})

describe('rate learner', () => {
  const learnerAt = () => {
    let t = 0
    const learner = createRateLearner({ now: () => t })
    return { learner, at: (ms: number) => (t = ms) }
  }
  /** `n` accepted sends spread evenly over (from, to]. */
  const acceptSpread = (
    learner: ReturnType<typeof createRateLearner>,
    n: number,
    from: number,
    to: number,
  ) => {
    for (let i = 1; i <= n; i++) learner.accepted(from + ((to - from) * i) / n)
  }

  it('knows no rate until the gateway refuses, then settles 5 % below what it admitted', () => {
    const { learner, at } = learnerAt()
    acceptSpread(learner, 400, 0, 2_000)
    expect(learner.rate()).toBeUndefined()
    at(2_020)
    expect(learner.refused(2_000)).toBe(true)
    // 200 accepted in the second before the refused send.
    expect(learner.rate()).toBeCloseTo(190, 5)
  })

  it('does not count again the refusals of requests sent before it lowered the rate', () => {
    const { learner, at } = learnerAt()
    acceptSpread(learner, 100, 0, 1_000)
    at(1_010)
    expect(learner.refused(1_000)).toBe(true)
    const learned = learner.rate()
    expect(learner.refused(1_005)).toBe(false)
    expect(learner.rate()).toBe(learned)
    // A request sent after the decrease that is refused again lowers it again.
    acceptSpread(learner, 50, 1_010, 1_600)
    at(1_700)
    expect(learner.refused(1_650)).toBe(true)
    expect(learner.rate()).toBeLessThan(learned as number)
  })

  it('never settles above what it was sending: a refusal the window does not explain still lowers it', () => {
    const { learner, at } = learnerAt()
    acceptSpread(learner, 100, 0, 1_000)
    at(1_000)
    learner.refused(1_000)
    expect(learner.rate()).toBeCloseTo(95, 5)
    // The gateway counts over a longer window: it refuses while 95 a second are admitted.
    acceptSpread(learner, 95, 1_000, 2_000)
    at(2_000)
    learner.refused(2_000)
    expect(learner.rate()).toBeCloseTo(0.95 * 95, 5)
  })

  it('with nothing accepted lately it learns nothing without a rate, and halves one in force', () => {
    const { learner, at } = learnerAt()
    at(10)
    expect(learner.refused(5)).toBe(false)
    expect(learner.rate()).toBeUndefined()
    acceptSpread(learner, 40, 0, 1_000)
    at(1_000)
    learner.refused(1_000)
    expect(learner.rate()).toBeCloseTo(38, 5)
    at(5_000)
    expect(learner.refused(4_900)).toBe(true)
    expect(learner.rate()).toBeCloseTo(19, 5)
  })

  it('probes upward by 1 % of the learned rate a second, only while the rate binds', () => {
    const { learner, at } = learnerAt()
    acceptSpread(learner, 100, 0, 1_000)
    at(1_000)
    learner.refused(1_000)
    expect(learner.probe(true)).toBe(false) // nothing accepted at the new rate yet
    learner.accepted(1_100)
    at(1_500)
    expect(learner.probe(true)).toBe(false) // not a second yet
    at(2_000)
    expect(learner.probe(false)).toBe(false) // the rate held nobody back
    expect(learner.probe(true)).toBe(true)
    expect(learner.rate()).toBeCloseTo(95 + 0.95, 5)
    at(2_500)
    expect(learner.probe(true)).toBe(false)
    at(3_000)
    expect(learner.probe(true)).toBe(true)
    expect(learner.rate()).toBeCloseTo(95 + 2 * 0.95, 5)
  })

  it('never sets a rate below its floor', () => {
    const { learner, at } = learnerAt()
    learner.accepted(0)
    at(100)
    learner.refused(50)
    for (let i = 1; i <= 10; i++) {
      at(100 + i * 5_000)
      learner.refused(100 + i * 5_000 - 1)
    }
    expect(learner.rate()).toBe(0.5)
  })
})

describe('rate headers: a spent allowance', () => {
  it('reads a reset in seconds from now, or as a Unix time', () => {
    expect(allowanceSpentUntil({ 'ratelimit-remaining': '0', 'ratelimit-reset': '3' }, 100)).toBe(
      3_100,
    )
    expect(
      allowanceSpentUntil(
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000010' },
        500,
        1_700_000_000_000,
      ),
    ).toBe(10_500)
  })

  it('ignores an allowance not spent, a reset past, absurd or unreadable, and missing headers', () => {
    expect(allowanceSpentUntil({ 'ratelimit-remaining': '4', 'ratelimit-reset': '3' }, 0)).toBe(
      undefined,
    )
    expect(allowanceSpentUntil({ 'ratelimit-remaining': '0', 'ratelimit-reset': '0' }, 0)).toBe(
      undefined,
    )
    expect(allowanceSpentUntil({ 'ratelimit-remaining': '0', 'ratelimit-reset': '86400' }, 0)).toBe(
      undefined,
    )
    expect(allowanceSpentUntil({ 'ratelimit-remaining': '0', 'ratelimit-reset': 'soon' }, 0)).toBe(
      undefined,
    )
    expect(allowanceSpentUntil({ 'retry-after': '3' }, 0)).toBe(undefined)
  })
})
