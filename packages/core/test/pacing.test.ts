// Rates through core's HTTP client, on a virtual clock with a scripted transport (no network):
// a call's limiter counts every HTTP request and every retry; the client learns an unconfigured
// gateway limit from its 429s and keeps a configured one as a ceiling. Counts per virtual
// second are checked, never real time.
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import {
  createHttpClient,
  createLimiter,
  withCallOptions,
  type AttemptReport,
  type HttpClient,
  type HttpClientConfig,
  type HttpRequest,
  type Transport,
  type Vault,
} from '../src'
import { limitedGateway, mostInAnyWindow, virtualClock, type VirtualClock } from './virtualClock'

const read: HttpRequest = {
  operation: 'customers.get',
  method: 'GET',
  path: '/c/1',
  idempotent: true,
}
const write: HttpRequest = {
  operation: 'customers.create',
  method: 'POST',
  path: '/c',
  json: { name: 'Ada' },
  idempotent: false,
}

const clientOn = (
  clock: VirtualClock,
  transport: Transport,
  extra: Partial<HttpClientConfig> = {},
): HttpClient =>
  createHttpClient({
    gateway: 'test',
    baseUrl: 'http://gateway.test',
    transport,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    retry: { maxAttempts: 5 },
    ...extra,
  })

/** A vault whose create is four HTTP requests, three of them at once (as Valor's adapter sends). */
const fourRequestVault = (client: HttpClient): Vault =>
  ({
    capabilities: { gateway: 'test' },
    customers: {
      create: () =>
        pipe(
          client.send(write),
          TE.chain(() =>
            TE.sequenceArray([client.send(read), client.send(read), client.send(read)]),
          ),
          TE.map(() => 'created'),
        ),
    },
  }) as unknown as Vault

/** `n` creates at once, all made through `vault`. */
const createAll = (vault: Vault, n: number) =>
  Promise.all(Array.from({ length: n }, () => vault.customers.create({} as never)()))

describe('a call limiter counts HTTP requests, not calls', () => {
  it('holds four-request creates to R requests a second, retries included', async () => {
    const clock = virtualClock()
    const gateway = limitedGateway(clock, Infinity, 20)
    // Every third request answers 503 once: its retry is one more request to count.
    let n = 0
    const flaky: Transport = async (req) => {
      n++
      if (n % 3 === 0 && req.method === 'GET') {
        gateway.sent.push(clock.now())
        return { kind: 'response', response: { status: 503, headers: {}, body: '' } }
      }
      return gateway.transport(req)
    }
    const client = clientOn(clock, flaky)
    const limiter = createLimiter({ requestsPerSecond: 20, ...clock })
    const vault = withCallOptions(fourRequestVault(client), { limiter })
    const results = await clock.run(createAll(vault, 30))
    expect(results.every(E.isRight)).toBe(true)
    expect(gateway.sent.length).toBeGreaterThan(120)
    expect(mostInAnyWindow(gateway.sent, 1000)).toBeLessThanOrEqual(20 + 1)
  })

  it('without it, a create sends its requests at once (what the limiter is there for)', async () => {
    const clock = virtualClock()
    const gateway = limitedGateway(clock, Infinity, 20)
    const vault = fourRequestVault(clientOn(clock, gateway.transport))
    await clock.run(createAll(vault, 30))
    expect(mostInAnyWindow(gateway.sent, 1000)).toBe(120)
  })

  it('tells onAttempt of every attempt: status, latency, queueing, the client rate', async () => {
    const clock = virtualClock()
    const gateway = limitedGateway(clock, Infinity, 25)
    const reports: AttemptReport[] = []
    const client = clientOn(clock, gateway.transport, { requestsPerSecond: 10 })
    const vault = withCallOptions(fourRequestVault(client), { onAttempt: (r) => reports.push(r) })
    await clock.run(createAll(vault, 2))
    expect(reports).toHaveLength(8)
    expect(reports.every((r) => r.status === 200 && r.latencyMs === 25)).toBe(true)
    expect(reports.every((r) => r.clientRate === 10 && r.gateway === 'test')).toBe(true)
    expect(reports.some((r) => r.queuedMs > 0)).toBe(true)
    expect(JSON.stringify(reports)).not.toContain('Ada')
  })

  it('ends the wait for a call limiter on abort, sending nothing', async () => {
    const clock = virtualClock()
    const gateway = limitedGateway(clock, Infinity, 5)
    const client = clientOn(clock, gateway.transport)
    // A limiter that never lets anything through.
    const shut = { acquire: () => new Promise<() => void>(() => undefined) }
    const controller = new AbortController()
    const vault = withCallOptions(fourRequestVault(client), {
      limiter: shut,
      signal: controller.signal,
    })
    const pending = vault.customers.create({} as never)()
    setImmediate(() => controller.abort())
    const r = await pending
    expect(E.isLeft(r) && r.left.kind).toBe('Unavailable')
    expect(gateway.sent).toHaveLength(0)
  })

  it('refuses a limiter or an observer that is not one', () => {
    const clock = virtualClock()
    const vault = fourRequestVault(clientOn(clock, limitedGateway(clock, 1, 1).transport))
    expect(() => withCallOptions(vault, { limiter: {} as never })).toThrow(TypeError)
    expect(() => withCallOptions(vault, { onAttempt: 'x' as never })).toThrow(TypeError)
  })

  it('an observer that throws does not end the request', async () => {
    const clock = virtualClock()
    const gateway = limitedGateway(clock, Infinity, 5)
    const vault = withCallOptions(fourRequestVault(clientOn(clock, gateway.transport)), {
      onAttempt: () => {
        throw new Error('observer bug')
      },
    })
    const [r] = await clock.run(createAll(vault, 1))
    expect(r !== undefined && E.isRight(r)).toBe(true)
  })
})

/** `workers` loops calling `send` until virtual time `untilMs`. */
const drive = (
  send: () => Promise<unknown>,
  workers: number,
  clock: VirtualClock,
  untilMs: number,
) =>
  Promise.all(
    Array.from({ length: workers }, async () => {
      while (clock.now() < untilMs) await send()
    }),
  )

/** A vault whose get is one request, observed. */
const observedReads = (client: HttpClient, reports: AttemptReport[]): Vault =>
  withCallOptions(
    { capabilities: {}, customers: { get: () => client.send(read) } } as unknown as Vault,
    { onAttempt: (r) => reports.push(r) },
  )

const admittedBetween = (times: ReadonlyArray<number>, from: number, to: number) =>
  times.filter((t) => t >= from && t < to).length

describe('the client learns a limit it was not told', () => {
  it.each([
    [200, 20, 16],
    [50, 100, 16],
    [10, 5, 4],
  ])(
    'a gateway admitting %i req/s at %i ms: ≥ 90 % of the limit, few 429s, the rate learned',
    async (limit, latencyMs, workers) => {
      const clock = virtualClock()
      const gateway = limitedGateway(clock, limit, latencyMs)
      const reports: AttemptReport[] = []
      const vault = observedReads(clientOn(clock, gateway.transport), reports)
      const get = () => vault.customers.get('c1' as never)()
      await clock.run(drive(get, workers, clock, 40_000))
      // Judged after a warm-up: the last 30 virtual seconds.
      const admitted = admittedBetween(gateway.admitted, 10_000, 40_000)
      expect(admitted).toBeGreaterThanOrEqual(0.9 * limit * 30)
      expect(gateway.refused()).toBeLessThanOrEqual(Math.max(10, 0.02 * gateway.sent.length))
      const learned = reports.at(-1)?.clientRate
      expect(learned).toBeGreaterThanOrEqual(0.85 * limit)
      expect(learned).toBeLessThanOrEqual(1.05 * limit)
    },
  )

  it('learns from refused creates too (a 429 refused the write: it is sent again)', async () => {
    const clock = virtualClock()
    const gateway = limitedGateway(clock, 40, 30)
    const client = clientOn(clock, gateway.transport)
    await clock.run(drive(client.send(write), 12, clock, 20_000))
    expect(admittedBetween(gateway.admitted, 5_000, 20_000)).toBeGreaterThanOrEqual(0.9 * 40 * 15)
    expect(gateway.refused()).toBeLessThanOrEqual(Math.max(10, 0.02 * gateway.sent.length))
  })

  it('keeps a configured requestsPerSecond as a hard ceiling, even below the gateway limit', async () => {
    const clock = virtualClock()
    const gateway = limitedGateway(clock, 50, 10)
    const client = clientOn(clock, gateway.transport, { requestsPerSecond: 30 })
    await clock.run(drive(client.send(read), 16, clock, 20_000))
    expect(gateway.refused()).toBe(0)
    expect(mostInAnyWindow(gateway.sent, 1000)).toBeLessThanOrEqual(31)
    expect(admittedBetween(gateway.admitted, 1_000, 20_000)).toBeGreaterThanOrEqual(0.95 * 30 * 19)
  })

  it('with learnRate off, it keeps sending as fast as asked: many more 429s', async () => {
    const refusals = async (learnRate: boolean) => {
      const clock = virtualClock()
      const gateway = limitedGateway(clock, 50, 10)
      const client = clientOn(clock, gateway.transport, { learnRate })
      await clock.run(drive(client.send(read), 16, clock, 10_000))
      return gateway.refused()
    }
    const learning = await refusals(true)
    const blind = await refusals(false)
    expect(blind).toBeGreaterThan(5 * Math.max(1, learning))
  })
})
