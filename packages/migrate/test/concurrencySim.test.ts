// The run's sizing end to end on a virtual clock: the pool and its concurrency controller, the
// target's meter and core's HTTP client, against a gateway that admits R requests in any second
// after L ms (429 + Retry-After past it). A customer is two requests one after the other (a
// create, then a read back). With no flags, the run reaches ≥ 90 % of the bound, R / 2 customers
// a second, whether the adapter is told the limit or learns it from the 429s. Time is virtual:
// the figures are counts per virtual second, and the client's CPU costs nothing here (what it
// costs is the benchmark's business, docs/benchmarks.md).
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import { createHttpClient, type HttpClient, type HttpRequest, type Vault } from '@vaultport/core'
import { concurrencyTarget, runPool } from '../src/run/concurrency'
import { createTargetMeter, withTargetLimits } from '../src/run/rateLimit'
import { limitedGateway, virtualClock } from '../../core/test/virtualClock'

const create: HttpRequest = {
  operation: 'customers.create',
  method: 'POST',
  path: '/c',
  idempotent: false,
}
const readBack: HttpRequest = {
  operation: 'customers.get',
  method: 'GET',
  path: '/c/1',
  idempotent: true,
}

const twoRequestVault = (client: HttpClient): Vault =>
  ({
    capabilities: { gateway: 'sim' },
    customers: {
      create: () =>
        pipe(
          client.send(create),
          TE.chain(() => client.send(readBack)),
        ),
    },
  }) as unknown as Vault

async function* customers(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i
}

interface Sim {
  readonly rate: number
  readonly latencyMs: number
  readonly configured: boolean
  /** Virtual seconds the run should last at the bound. */
  readonly seconds: number
}

const simulate = async ({ rate, latencyMs, configured, seconds }: Sim) => {
  const clock = virtualClock()
  const gateway = limitedGateway(clock, rate, latencyMs)
  const client = createHttpClient({
    gateway: 'sim',
    baseUrl: 'http://sim.test',
    transport: gateway.transport,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    retry: { maxAttempts: 5 },
    ...(configured ? { requestsPerSecond: rate } : {}),
  })
  const meter = createTargetMeter()
  const vault = withTargetLimits(twoRequestVault(client), undefined, meter)
  let done = 0
  let inFlight = 0
  let peak = 0
  const size = concurrencyTarget({ meter, customersDone: () => done, now: clock.now })
  const work = async (stream: AsyncIterator<number>) => {
    for (;;) {
      const next = await stream.next()
      if (next.done === true) return
      inFlight++
      peak = Math.max(peak, inFlight)
      await vault.customers.create({} as never)()
      inFlight--
      done++
    }
  }
  const total = Math.round((rate / 2) * seconds)
  await clock.run(runPool(customers(total), work, size, () => false))
  const perSecond = done / (clock.now() / 1000)
  return { share: perSecond / (rate / 2), refused: gateway.refused(), peak, done, total }
}

describe('default concurrency, simulated: ≥ 90 % of the bound with no flags', () => {
  it.each([
    [200, 20, true],
    [200, 20, false],
    [50, 100, true],
    [50, 100, false],
    [5, 5, true],
    [5, 200, false],
    [20, 50, false],
    [100, 5, true],
    [200, 200, true],
    [200, 200, false],
  ])('%i req/s at %i ms, limit configured: %s', async (rate, latencyMs, configured) => {
    const r = await simulate({ rate, latencyMs, configured, seconds: 30 })
    expect(r.done).toBe(r.total)
    expect(r.share).toBeGreaterThanOrEqual(0.9)
    // Told the limit, the client never exceeds it; learning it costs a few refusals.
    if (configured) expect(r.refused).toBe(0)
    else expect(r.refused).toBeLessThanOrEqual(Math.max(15, 0.02 * r.total * 2))
  })
})
