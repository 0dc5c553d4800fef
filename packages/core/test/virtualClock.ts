/**
 * A clock for tests of rates: `now` reads virtual milliseconds, `sleep` waits on them, and `run`
 * moves time to the next timer whenever every promise has settled. Timing is then exact and
 * repeatable, and a test counts requests per virtual second without measuring any real time.
 * Also a gateway on that clock that limits its rate as the simulators do.
 */
import type { Transport } from '../src'

export interface VirtualClock {
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  /** Runs `work` to its end, moving time forward whenever nothing else can happen. */
  readonly run: <A>(work: Promise<A>) => Promise<A>
}

interface Timer {
  readonly at: number
  readonly seq: number
  readonly resolve: () => void
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

export const virtualClock = (): VirtualClock => {
  let t = 0
  let seq = 0
  const timers: Timer[] = []
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      timers.push({ at: t + Math.max(0, ms), seq: seq++, resolve })
    })
  const run = async <A>(work: Promise<A>): Promise<A> => {
    let done = false
    const finished = work.finally(() => {
      done = true
    })
    for (;;) {
      await settle()
      if (done) return finished
      if (timers.length === 0) throw new Error('virtual clock: nothing left to wait for')
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
      const next = timers.shift() as Timer
      t = Math.max(t, next.at)
      next.resolve()
    }
  }
  return { now: () => t, sleep, run }
}

/** The most events that fall in any span of `spanMs` (a sliding window over sorted times). */
export const mostInAnyWindow = (times: ReadonlyArray<number>, spanMs: number): number => {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  let lo = 0
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] as number) - (sorted[lo] as number) >= spanMs) lo++
    most = Math.max(most, hi - lo + 1)
  }
  return most
}
/**
 * A gateway that admits a request only if fewer than `limit` were admitted in the last second
 * (as the simulators do), answering 429 with Retry-After: 1 otherwise, after `latencyMs`.
 */
export const limitedGateway = (clock: VirtualClock, limit: number, latencyMs: number) => {
  const sent: number[] = []
  const admitted: number[] = []
  let refused = 0
  const transport: Transport = async () => {
    const t = clock.now()
    sent.push(t)
    const lastSecond = admitted.filter((a) => a > t - 1000).length
    const ok = limit === Infinity || lastSecond < limit
    if (ok) admitted.push(t)
    else refused++
    await clock.sleep(latencyMs)
    return ok
      ? { kind: 'response', response: { status: 200, headers: {}, body: '{}' } }
      : { kind: 'response', response: { status: 429, headers: { 'retry-after': '1' }, body: '{}' } }
  }
  return { transport, sent, admitted, refused: () => refused }
}
