// The run's concurrency: the controller on a fake clock and a fake meter (each interval's
// figures decided by the test), the pool that keeps to it, and a run whose `targetRequestsPerSecond`
// counts the HTTP requests the target's client sends, not the port calls.
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import { createHttpClient, type HttpClient, type Transport, type Vault } from '@vaultport/core'
import { createMemoryVault } from '@vaultport/memory'
import { memoryJournal, runMigration } from '../src'
import { mapPorts } from '../src/mapPorts'
import {
  concurrencyTarget,
  INITIAL_CONCURRENCY,
  MAX_CONCURRENCY,
  readAhead,
  runPool,
} from '../src/run/concurrency'
import type { MeterTotals, TargetMeter } from '../src/run/rateLimit'
import { mostInAnyWindow } from '../../core/test/virtualClock'
import { now, seedSource } from './fixtures'

/** A meter and a clock the test moves: each `step` is one interval of the given figures. */
const scripted = () => {
  let t = 0
  // One customer done already: the controller's first interval starts with it.
  let done = 1
  let totals: MeterTotals = {
    attempts: 0,
    refused: 0,
    latencyMs: 0,
    queuedMs: 0,
    clientRate: undefined,
  }
  const meter: TargetMeter = { observe: () => undefined, totals: () => totals }
  const options = { meter, customersDone: () => done, now: () => t }
  const step = (
    size: () => number,
    i: {
      ms?: number
      attempts?: number
      refused?: number
      latencyMs?: number
      queuedMs?: number
      customers?: number
      clientRate?: number
    },
  ) => {
    const ms = i.ms ?? 1000
    const attempts = i.attempts ?? 0
    t += ms
    done += i.customers ?? 0
    totals = {
      attempts: totals.attempts + attempts,
      refused: totals.refused + (i.refused ?? 0),
      latencyMs: totals.latencyMs + attempts * (i.latencyMs ?? 20),
      queuedMs: totals.queuedMs + (i.queuedMs ?? 0),
      clientRate: i.clientRate ?? totals.clientRate,
    }
    return size()
  }
  return { options, step }
}

/** A controller past its start-up: its first interval begins now. */
const warm = (options: Parameters<typeof concurrencyTarget>[0]) => {
  const size = concurrencyTarget(options)
  size()
  return size
}

describe('concurrency controller', () => {
  it('judges nothing before the first customer is done (start-up is not latency)', () => {
    let t = 0
    let done = 0
    let attempts = 0
    const meter: TargetMeter = {
      observe: () => undefined,
      totals: () => ({
        attempts,
        refused: 0,
        latencyMs: attempts * 20,
        queuedMs: 0,
        clientRate: 200,
      }),
    }
    const size = concurrencyTarget({ meter, customersDone: () => done, now: () => t })
    t = 2_000
    attempts = 3
    expect(size()).toBe(INITIAL_CONCURRENCY)
    done = 1
    expect(size()).toBe(INITIAL_CONCURRENCY) // the first interval starts here
    t = 3_000
    attempts = 83
    done = 21
    expect(size()).toBe(12)
  })

  it('uses an explicit number as it is', () => {
    const { options, step } = scripted()
    const size = warm({ ...options, fixed: 3 })
    expect(size()).toBe(3)
    expect(step(size, { attempts: 10, refused: 10 })).toBe(3)
  })

  it('with a known rate, sizes the customers in flight from what it achieved (Little’s law), with headroom', () => {
    const { options, step } = scripted()
    const size = warm({ ...options, runRate: 200 })
    expect(size()).toBe(INITIAL_CONCURRENCY)
    // 4 in flight sent 80 requests a second at 20 ms: 200 a second needs 4 × 200 / 80 × 1.2 = 12.
    expect(step(size, { attempts: 80, customers: 20 })).toBe(12)
    // Now the requests wait for the limiter: the rate binds, hold.
    expect(step(size, { attempts: 200, customers: 50, queuedMs: 2_000 })).toBe(12)
  })

  it('grows at most eightfold an interval, and never past its maximum', () => {
    const { options, step } = scripted()
    const size = warm({ ...options, runRate: 10_000 })
    expect(step(size, { attempts: 10, customers: 5 })).toBe(32)
    expect(step(size, { attempts: 80, customers: 40 })).toBe(MAX_CONCURRENCY)
    expect(step(size, { attempts: 600, customers: 300 })).toBe(MAX_CONCURRENCY)
  })

  it('takes the rate the target’s client holds to (configured or learned) when the run sets none', () => {
    const { options, step } = scripted()
    const size = warm(options)
    expect(step(size, { attempts: 25, customers: 6, clientRate: 50 })).toBe(10)
  })

  it('cuts the number by a quarter when the target refused requests and its client knows no rate', () => {
    const { options, step } = scripted()
    const size = warm(options)
    expect(step(size, { customers: 40 })).toBe(8)
    expect(step(size, { attempts: 150, refused: 12, customers: 30 })).toBe(6)
  })

  it('holds the number (no growth) on refusals once the client lowered its rate', () => {
    const { options, step } = scripted()
    const size = warm({ ...options, runRate: 200 })
    expect(step(size, { attempts: 80, customers: 20 })).toBe(12)
    expect(step(size, { attempts: 150, refused: 12, customers: 30, clientRate: 120 })).toBe(12)
  })

  it('with no rate known, doubles while throughput rises and holds when it stops', () => {
    const { options, step } = scripted()
    const size = warm(options)
    expect(step(size, { customers: 40 })).toBe(8)
    expect(step(size, { customers: 70 })).toBe(16)
    // Sixteen bought no more than eight: hold for a few intervals, then try again.
    expect(step(size, { customers: 72 })).toBe(16)
    for (let i = 0; i < 4; i++) expect(step(size, { customers: 72 })).toBe(16)
    expect(step(size, { customers: 72 })).toBe(32)
  })

  it('judges no interval on too little evidence: too short, or too few requests and customers', () => {
    const short = scripted()
    const size = warm({ ...short.options, runRate: 100 })
    expect(short.step(size, { ms: 100, attempts: 50, customers: 20 })).toBe(INITIAL_CONCURRENCY)
    const few = scripted()
    const other = warm({ ...few.options, runRate: 100 })
    expect(few.step(other, { ms: 2_000, attempts: 2, customers: 1 })).toBe(INITIAL_CONCURRENCY)
    // The evidence adds up until there is enough.
    expect(few.step(other, { ms: 100, attempts: 8, customers: 1 })).toBeGreaterThan(
      INITIAL_CONCURRENCY,
    )
  })
})

/** A stream of `n` numbers whose every item the test can see taken. */
async function* numbers(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('the pool', () => {
  it('takes every item once, keeping as many workers as it is told, fewer when told fewer', async () => {
    let wanted = 6
    let inFlight = 0
    const peaks: Array<[number, number]> = []
    const taken: number[] = []
    const work = async (stream: AsyncIterator<number>) => {
      for (;;) {
        const next = await stream.next()
        if (next.done === true) return
        inFlight++
        peaks.push([inFlight, wanted])
        taken.push(next.value)
        await tick()
        if (next.value === 30) wanted = 2
        if (next.value === 70) wanted = 5
        inFlight--
      }
    }
    await runPool(
      numbers(100),
      work,
      () => wanted,
      () => false,
    )
    expect([...taken].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(Math.max(...peaks.map(([n]) => n))).toBe(6)
    // Once told 2, a worker whose turn comes while there are more stops: after the change has
    // had a round to take effect, no more than 2 are in flight until told 5.
    const afterShrink = peaks.slice(peaks.findIndex(([, w]) => w === 2) + 6)
    const beforeGrowth = afterShrink.slice(
      0,
      afterShrink.findIndex(([, w]) => w === 5),
    )
    expect(beforeGrowth.length).toBeGreaterThan(10)
    expect(Math.max(...beforeGrowth.map(([n]) => n))).toBeLessThanOrEqual(2)
    expect(Math.max(...peaks.slice(-20).map(([n]) => n))).toBe(5)
  })

  it('starts no worker once stopped, and ends with the stream', async () => {
    let stopped = false
    let workers = 0
    const work = async (stream: AsyncIterator<number>) => {
      workers++
      stopped = true
      while ((await stream.next()).done !== true) await tick()
    }
    await runPool(
      numbers(10),
      work,
      () => 8,
      () => stopped,
    )
    expect(workers).toBe(1)
  })
})

// ---- through a run

/**
 * The memory vault as a gateway whose every port call is HTTP requests through core's client:
 * a customer create is four of them, anything else one. The transport records when each went.
 */
const httpBacked = (vault: Vault, client: HttpClient): Vault => {
  const request = () => client.send({ operation: 'x', method: 'GET', path: '/x', idempotent: true })
  return mapPorts(vault, (port, name, call) => (...args) => {
    const n = port === 'customers' && name === 'create' ? 4 : 1
    return pipe(
      TE.sequenceArray(Array.from({ length: n }, request)),
      TE.chain(() => call(...args)),
    )
  })
}

describe('a run’s rate counts HTTP requests', () => {
  it('targetRequestsPerSecond R lets at most R requests (plus the burst of 1) reach the target in any second', async () => {
    const source = await seedSource(8)
    const sent: number[] = []
    const transport: Transport = async () => {
      sent.push(Date.now())
      return { kind: 'response', response: { status: 200, headers: {}, body: '{}' } }
    }
    const client = createHttpClient({ gateway: 'memory', baseUrl: 'http://target.test', transport })
    const target = httpBacked(createMemoryVault({ now, idPrefix: 't_' }), client)
    const report = await runMigration({
      source: source.vault,
      target,
      journal: memoryJournal(),
      targetRequestsPerSecond: 40,
      now,
    })
    expect(report.status).toBe('completed')
    expect(report.counts.migrated + report.counts.partial).toBe(8)
    // Each customer's create alone is four requests: a limit on port calls would let 160 a second.
    expect(sent.length).toBeGreaterThan(8 * 4)
    expect(mostInAnyWindow(sent, 1000)).toBeLessThanOrEqual(40 + 1)
  })
})

describe('a run’s default concurrency', () => {
  /** The memory target, each write taking `ms` of real time, with its peak of creates in flight. */
  const slowTarget = (ms: number) => {
    const vault = createMemoryVault({ now, idPrefix: 't_' })
    let inFlight = 0
    let peak = 0
    const create: Vault['customers']['create'] = (input) => async () => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((resolve) => setTimeout(resolve, ms))
      inFlight--
      return vault.customers.create(input)()
    }
    return {
      vault: { ...vault, customers: { ...vault.customers, create } } as Vault,
      peak: () => peak,
    }
  }

  it('grows past the initial number for a target that does not push back', async () => {
    const source = await seedSource(80)
    const target = slowTarget(40)
    const report = await runMigration({
      source: source.vault,
      target: target.vault,
      journal: memoryJournal(),
      now,
    })
    expect(report.status).toBe('completed')
    expect(target.peak()).toBeGreaterThan(INITIAL_CONCURRENCY)
  })

  it('an explicit concurrency wins', async () => {
    const source = await seedSource(40)
    const target = slowTarget(20)
    const report = await runMigration({
      source: source.vault,
      target: target.vault,
      journal: memoryJournal(),
      concurrency: 3,
      now,
    })
    expect(report.status).toBe('completed')
    expect(target.peak()).toBe(3)
  })
})

describe('reading ahead', () => {
  it('keeps up to the depth read ahead, in order, and ends with the stream', async () => {
    let pulled = 0
    async function* counted(n: number): AsyncGenerator<number> {
      for (let i = 0; i < n; i++) {
        pulled++
        yield i
      }
    }
    const stream = readAhead(counted(10), () => 3)
    const first = await stream.next()
    expect(first).toEqual({ done: false, value: 0 })
    await tick()
    // The first item and three more behind it.
    expect(pulled).toBe(4)
    const rest: number[] = []
    for (;;) {
      const next = await stream.next()
      if (next.done === true) break
      rest.push(next.value)
    }
    expect(rest).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect((await stream.next()).done).toBe(true)
  })

  it('hands a failure of the stream to the consumer whose turn it is, never as an unhandled rejection', async () => {
    // eslint-disable-next-line require-yield
    async function* failing(): AsyncGenerator<number> {
      throw new Error('stream bug')
    }
    const stream = readAhead(failing(), () => 4)
    await expect(stream.next()).rejects.toThrow('stream bug')
  })

  it('a worker that rejects ends the pool with its reason', async () => {
    const work = async (stream: AsyncIterator<number>) => {
      await stream.next()
      throw new Error('worker bug')
    }
    await expect(
      runPool(
        numbers(5),
        work,
        () => 2,
        () => false,
      ),
    ).rejects.toThrow('worker bug')
  })
})
