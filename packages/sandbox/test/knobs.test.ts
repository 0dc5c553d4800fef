/**
 * Knobs of every simulator (issue 4 "Knobs"): latency, rate limit answered in each gateway's
 * envelope, each fault kind, fault scripts and seeded random faults, and the admin HTTP API.
 */
import { FAULT_KINDS, type GatewayName, type RunningSandbox, startSandbox } from '../src/index'
import { call, fakeClock, rawOutcome } from './http'

const fpHeaders = (sb: RunningSandbox<'fluidpay'>) => ({
  authorization: sb.credentials.apiKey,
  'content-type': 'application/json',
})
const fpCount = async (sb: RunningSandbox<'fluidpay'>): Promise<number> =>
  (
    await call(`${sb.url}/api/vault/customer/search`, {
      method: 'POST',
      headers: fpHeaders(sb),
      body: {},
    })
  ).body.total_count as number
const fpCreate = (sb: RunningSandbox<'fluidpay'>) =>
  call(`${sb.url}/api/vault/customer`, {
    method: 'POST',
    headers: fpHeaders(sb),
    body: { description: 'x' },
  })

describe('latency (fixed and jitter)', () => {
  test('fixedMs delays every answer; jitter stays within [fixed, fixed + jitter)', async () => {
    const sb = await startSandbox({ gateway: 'fluidpay', knobs: { latency: { fixedMs: 120 } } })
    try {
      // Ordering, not a stopwatch: a loaded machine only makes the answer later still.
      const answer = call(`${sb.url}/api/vault/x`, { headers: fpHeaders(sb) }).then(() => 'answer')
      const timer = new Promise((resolve) => setTimeout(() => resolve('timer'), 60))
      expect(await Promise.race([answer, timer])).toBe('timer')
      await answer
      sb.knobs.set({ latency: { fixedMs: 0, jitterMs: 60 } })
      expect(sb.knobs.get().latency).toEqual({ fixedMs: 0, jitterMs: 60 })
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => call(`${sb.url}/api/vault/x`, { headers: fpHeaders(sb) })),
      )
      expect(answers).toHaveLength(10)
    } finally {
      await sb.close()
    }
  })
})

describe('rate limit: at most R per second, answered as each gateway would (429 + Retry-After)', () => {
  test('R = 50/s admits 500 ± 5% of 2,000 requests spread over a 10 s window (injected clock)', async () => {
    const clock = fakeClock()
    const sb = await startSandbox({
      gateway: 'valor',
      clock: clock.now,
      knobs: { rateLimit: { requestsPerSecond: 50 } },
    })
    try {
      const h = { 'valor-app-id': sb.credentials.appId, 'valor-app-key': sb.credentials.appKey }
      const admittedAt: number[] = []
      for (let i = 0; i < 2000; i++) {
        const r = await call(`${sb.url}/api/valor-vault/getcustomerlist`, { headers: h })
        if (r.status !== 429) admittedAt.push(clock.now().getTime())
        clock.advance(5)
      }
      expect(admittedAt.length).toBeGreaterThanOrEqual(475)
      expect(admittedAt.length).toBeLessThanOrEqual(525)
      // No one-second window, wherever it starts, holds more than R admitted requests.
      for (let i = 50; i < admittedAt.length; i++) {
        expect((admittedAt[i] as number) - (admittedAt[i - 50] as number)).toBeGreaterThanOrEqual(
          1000,
        )
      }
    } finally {
      await sb.close()
    }
  })

  const limited: [GatewayName, (url: string) => ReturnType<typeof call>, unknown][] = [
    [
      'paytrace',
      (url) => call(`${url}/v3/customer`),
      {
        data: [{ field: 'request', detail: 'rate limit exceeded: at most 2 requests per second' }],
      },
    ],
    [
      'fluidpay',
      (url) => call(`${url}/api/vault/x`),
      { status: 'failed', msg: 'too many requests error: rate limit exceeded' },
    ],
    [
      'valor',
      (url) => call(`${url}/api/valor-vault/getcustomerlist`),
      {
        code: 429,
        status: 'FAILED',
        errors: ['Too many requests. Please retry after 1 second(s).'],
      },
    ],
  ]
  test.each(limited)(
    '%s: the third request within a second is 429 in its envelope (WA §P.2, §F.2, §V.0)',
    async (gateway, send, body) => {
      const clock = fakeClock()
      const sb = await startSandbox({
        gateway,
        clock: clock.now,
        knobs: { rateLimit: { requestsPerSecond: 2 } },
      })
      try {
        await send(sb.url)
        clock.advance(300)
        await send(sb.url)
        clock.advance(300)
        const r = await send(sb.url)
        expect(r.status).toBe(429)
        expect(r.headers.get('retry-after')).toBe('1')
        expect(r.body).toEqual(body)
        clock.advance(500)
        expect((await send(sb.url)).status).not.toBe(429)
        sb.knobs.set({ rateLimit: null })
        for (let i = 0; i < 5; i++) expect((await send(sb.url)).status).not.toBe(429)
      } finally {
        await sb.close()
      }
    },
  )

  test('Valor under valorAlways200 answers the rate limit with HTTP 200 and Retry-After', async () => {
    const clock = fakeClock()
    const sb = await startSandbox({
      gateway: 'valor',
      clock: clock.now,
      valorAlways200: true,
      knobs: { rateLimit: { requestsPerSecond: 1 } },
    })
    try {
      await call(`${sb.url}/api/valor-vault/getcustomerlist`)
      const r = await call(`${sb.url}/api/valor-vault/getcustomerlist`)
      expect(r.status).toBe(200)
      expect(r.body.code).toBe(429)
      expect(r.headers.get('retry-after')).toBe('1')
    } finally {
      await sb.close()
    }
  })
})

describe('fault kinds', () => {
  let sb: RunningSandbox<'fluidpay'>
  beforeAll(async () => {
    sb = await startSandbox({ gateway: 'fluidpay' })
  })
  afterAll(() => sb.close())
  beforeEach(() => {
    sb.knobs.reset()
    sb.reset()
  })

  test.each([
    ['http500', 500],
    ['http502', 502],
    ['http503', 503],
  ] as const)(
    '%s answers %i in the gateway envelope and the write does not happen',
    async (kind, status) => {
      sb.knobs.enqueueFaults({ kind })
      const r = await fpCreate(sb)
      expect(r.status).toBe(status)
      expect(r.body).toEqual({
        status: 'failed',
        msg: expect.stringMatching(/error: simulated failure$/),
      })
      expect(await fpCount(sb)).toBe(0)
    },
  )

  test('reset destroys the socket without an answer (fetch rejects) and the write does not happen', async () => {
    sb.knobs.enqueueFaults({ kind: 'reset' })
    await expect(fpCreate(sb)).rejects.toThrow()
    expect(await fpCount(sb)).toBe(0)
  })

  test('timeoutAfterCommit applies the write, never answers, and closes the connection after hangMs', async () => {
    sb.knobs.set({ faults: { hangMs: 150 } })
    sb.knobs.enqueueFaults({ kind: 'timeoutAfterCommit' })
    const url = `${sb.url}/api/vault/customer`
    const outcome = await rawOutcome(
      url,
      { method: 'POST', headers: fpHeaders(sb), body: '{}' },
      3000,
    )
    expect(outcome).toEqual({ kind: 'closed' })
    expect(await fpCount(sb)).toBe(1)
    sb.knobs.set({ faults: { hangMs: 10_000 } })
    sb.knobs.enqueueFaults({ kind: 'timeoutAfterCommit' })
    expect(
      await rawOutcome(url, { method: 'POST', headers: fpHeaders(sb), body: '{}' }, 300),
    ).toEqual({ kind: 'pending' })
    expect(await fpCount(sb)).toBe(2)
  })

  test('truncatedJson: the write happens, the body is cut in half and is not JSON', async () => {
    sb.knobs.enqueueFaults({ kind: 'truncatedJson' })
    const r = await fpCreate(sb)
    expect(r.status).toBe(200)
    expect(r.body).toBeUndefined()
    expect(r.text.startsWith('{"status":"success"')).toBe(true)
    expect(await fpCount(sb)).toBe(1)
  })

  test('htmlErrorPage: a 502 text/html page from a "proxy"', async () => {
    sb.knobs.enqueueFaults({ kind: 'htmlErrorPage' })
    const r = await fpCreate(sb)
    expect(r.status).toBe(502)
    expect(r.headers.get('content-type')).toMatch(/^text\/html/)
    expect(r.text).toContain('<html>')
    expect(await fpCount(sb)).toBe(0)
  })

  test('emptyBody: the write happens and the answer has no body', async () => {
    sb.knobs.enqueueFaults({ kind: 'emptyBody' })
    const r = await fpCreate(sb)
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
    expect(await fpCount(sb)).toBe(1)
  })

  test('badCredentials answers as the gateway answers bad credentials, on every gateway', async () => {
    sb.knobs.enqueueFaults({ kind: 'badCredentials' })
    expect((await fpCreate(sb)).body).toEqual({
      status: 'failed',
      msg: 'unauthorized error: invalid api key',
    })
    const valor = await startSandbox({
      gateway: 'valor',
      knobs: { faults: { script: [{ kind: 'badCredentials' }] } },
    })
    const paytrace = await startSandbox({
      gateway: 'paytrace',
      knobs: { faults: { script: [{ kind: 'badCredentials' }] } },
    })
    try {
      const v = await call(`${valor.url}/api/valor-vault/getcustomerlist`, {
        headers: {
          'valor-app-id': valor.credentials.appId,
          'valor-app-key': valor.credentials.appKey,
        },
      })
      expect(v.body).toEqual({
        status: false,
        code: '400',
        message: 'Not a valid APP ID or APP Key.',
      })
      const p = await call(`${paytrace.url}/v3/customer`)
      expect(p.status).toBe(401)
      expect(p.body.error).toBe('invalid_token')
    } finally {
      await Promise.all([valor.close(), paytrace.close()])
    }
  })

  test('5xx envelopes of PayTrace and Valor', async () => {
    const valor = await startSandbox({
      gateway: 'valor',
      knobs: { faults: { script: [{ kind: 'http503' }] } },
    })
    const paytrace = await startSandbox({
      gateway: 'paytrace',
      knobs: { faults: { script: [{ kind: 'http500' }] } },
    })
    try {
      const v = await call(`${valor.url}/api/valor-vault/getcustomerlist`)
      expect(v.status).toBe(503)
      expect(v.body).toEqual({ code: 503, status: 'FAILED', errors: ['Internal Server Error'] })
      const p = await call(`${paytrace.url}/v3/customer`)
      expect(p.status).toBe(500)
      expect(p.body).toEqual({ detail: 'Internal Server Error' })
    } finally {
      await Promise.all([valor.close(), paytrace.close()])
    }
  })

  test('scripted faults match method, route id and path (prefix with *), for `times` requests', async () => {
    sb.knobs.enqueueFaults(
      { kind: 'http503', method: 'POST', route: 'F5', times: 2 },
      { kind: 'http502', path: '/api/vault/customer/*' },
    )
    expect((await call(`${sb.url}/api/vault/x`, { headers: fpHeaders(sb) })).status).toBe(404)
    expect((await fpCreate(sb)).status).toBe(200)
    const search = () =>
      call(`${sb.url}/api/vault/customer/search`, {
        method: 'POST',
        headers: fpHeaders(sb),
        body: {},
      })
    expect((await search()).status).toBe(503)
    expect((await search()).status).toBe(503)
    expect((await search()).status).toBe(502)
    expect((await search()).status).toBe(200)
    expect(sb.knobs.get().faults.script).toEqual([])
  })

  test('random faults by rate are deterministic under their seed', async () => {
    const run = async (): Promise<number[]> => {
      sb.knobs.set({ faults: { rate: 0.5, kinds: ['http500', 'http503'], seed: 42 } })
      const statuses: number[] = []
      for (let i = 0; i < 20; i++)
        statuses.push((await call(`${sb.url}/api/vault/x`, { headers: fpHeaders(sb) })).status)
      return statuses
    }
    const first = await run()
    expect(await run()).toEqual(first)
    expect(first.filter((s) => s >= 500).length).toBeGreaterThan(3)
    expect(first.filter((s) => s === 404).length).toBeGreaterThan(3)
  })

  test('every fault kind is known to the knobs; unknown kinds and bad values are refused', () => {
    expect(sb.knobs.set({ faults: { kinds: [...FAULT_KINDS] } }).faults.kinds).toEqual(FAULT_KINDS)
    expect(() => sb.knobs.set({ faults: { rate: 2 } })).toThrow(/between 0 and 1/)
    expect(() => sb.knobs.enqueueFaults({ kind: 'meltdown' as never })).toThrow(
      /unknown fault kind/,
    )
    expect(() => sb.knobs.set({ rateLimit: { requestsPerSecond: 0 } })).toThrow()
  })
})

describe('admin HTTP API under /__sandbox/', () => {
  test('GET/PUT knobs, knobs/reset, reset, seed, credentials and routes', async () => {
    const sb = await startSandbox({ gateway: 'valor' })
    try {
      const admin = (method: string, name: string, body?: unknown) =>
        call(`${sb.url}/__sandbox/${name}`, { method, ...(body === undefined ? {} : { body }) })
      expect((await admin('GET', 'knobs')).body).toEqual(sb.knobs.get())
      const put = await admin('PUT', 'knobs', {
        latency: { fixedMs: 5 },
        rateLimit: { requestsPerSecond: 1000 },
        faults: { script: [{ kind: 'http500', route: 'V14' }] },
      })
      expect(put.status).toBe(200)
      expect(sb.knobs.get()).toMatchObject({
        latency: { fixedMs: 5, jitterMs: 0 },
        rateLimit: { requestsPerSecond: 1000 },
      })
      expect((await call(`${sb.url}/api/valor-vault/getcustomerlist`)).status).toBe(500)
      expect((await admin('PUT', 'knobs', { faults: { kinds: ['nope'] } })).status).toBe(400)
      expect((await admin('POST', 'knobs/reset')).body.rateLimit).toBeNull()
      const seeded = await admin('POST', 'seed', { n: 3, withCards: true, seed: 9 })
      expect(seeded.body).toEqual({ created: 3, ids: ['100001', '100002', '100003'] })
      const h = { 'valor-app-id': sb.credentials.appId, 'valor-app-key': sb.credentials.appKey }
      expect(
        (await call(`${sb.url}/api/valor-vault/getcustomerlist`, { headers: h })).body.total_count,
      ).toBe(3)
      expect((await admin('POST', 'reset')).body).toEqual({ reset: true })
      expect(
        (await call(`${sb.url}/api/valor-vault/getcustomerlist`, { headers: h })).body.total_count,
      ).toBe(0)
      expect((await admin('GET', 'credentials')).body).toEqual([sb.credentials])
      const routes = (await admin('GET', 'routes')).body as { id: string }[]
      expect(routes.map((r) => r.id)).toHaveLength(19) // V1–V18 and the subscription route VR
      expect((await admin('GET', 'nothing')).status).toBe(404)
      expect((await admin('POST', 'seed', { n: -1 })).status).toBe(400)
    } finally {
      await sb.close()
    }
  })
})
