import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import nock from 'nock'
import {
  createHttpClient,
  parseJson,
  readJson,
  staticHeaders,
  tokenProvider,
  type HttpClientConfig,
  type HttpRequest,
  type TranscriptEvent,
  type Transport,
} from '../src'
import * as t from 'io-ts'

const BASE = 'http://gateway.test'
const PAN = '4111111111111111'
const KEY = 'api_LiveSecretKey1234567890'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const sleeps: number[] = []
const client = (extra: Partial<HttpClientConfig> = {}) =>
  createHttpClient({
    gateway: 'test',
    baseUrl: BASE,
    auth: staticHeaders({ Authorization: KEY }),
    timeoutMs: 1000,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5_000 },
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0.5,
    ...extra,
  })
beforeEach(() => {
  sleeps.length = 0
})

const read: HttpRequest = {
  operation: 'customers.get',
  method: 'GET',
  path: '/c/1',
  idempotent: true,
}
const create: HttpRequest = {
  operation: 'customers.create',
  method: 'POST',
  path: '/c',
  json: { card: { number: PAN } },
  idempotent: false,
}

// nock 14 needs a real Error here; a plain object breaks its interceptor.
const errorWithCode = (code: string, message: string) => Object.assign(new Error(message), { code })

const leftKind = (r: E.Either<{ kind: string }, unknown>) => (E.isLeft(r) ? r.left.kind : 'Right')

describe('HTTP kit: retries', () => {
  it('retries a read after a timeout and returns the answer', async () => {
    const scope = nock(BASE)
      .get('/c/1')
      .delay(1500)
      .reply(200, '{}')
      .get('/c/1')
      .reply(200, '{"ok":true}')
    const r = await client().send(read)()
    expect(E.isRight(r) && r.right.body).toBe('{"ok":true}')
    expect(scope.isDone()).toBe(true)
  })

  it('never retries a create after a timeout: OutcomeUnknown after exactly one request', async () => {
    let calls = 0
    nock(BASE)
      .post('/c')
      .times(3)
      .delay(1500)
      .reply(() => {
        calls++
        return [201, '{}']
      })
    const r = await client().send(create)()
    expect(leftKind(r)).toBe('OutcomeUnknown')
    expect(E.isLeft(r) && r.left.retry).toBe('reconcile')
    expect(calls).toBe(1)
  })

  it('retries 503 on a read with backoff, then gives up as Unavailable', async () => {
    nock(BASE).get('/c/1').times(3).reply(503, 'busy')
    const r = await client().send(read)()
    expect(leftKind(r)).toBe('Unavailable')
    expect(sleeps).toEqual([10, 20])
  })

  it('never retries a create after 500/502/504 (it may have happened), and a 503 refused it', async () => {
    for (const status of [500, 502, 504]) {
      nock(BASE).post('/c').reply(status, 'oops')
      expect(leftKind(await client().send(create)())).toBe('OutcomeUnknown')
    }
    nock(BASE).post('/c').reply(503, 'busy')
    expect(leftKind(await client().send(create)())).toBe('Unavailable')
    expect(sleeps).toEqual([])
  })

  it('honours Retry-After on 429, even for a create (the gateway refused it)', async () => {
    nock(BASE).post('/c').reply(429, '{}', { 'Retry-After': '2' }).post('/c').reply(201, '{"id":1}')
    const r = await client().send(create)()
    expect(E.isRight(r) && r.right.status).toBe(201)
    expect(sleeps).toEqual([2000])
  })

  it('answers RateLimited at once when Retry-After is longer than the policy waits', async () => {
    nock(BASE).get('/c/1').reply(429, '{}', { 'Retry-After': '120' })
    const r = await client().send(read)()
    if (E.isRight(r) || r.left.kind !== 'RateLimited') throw new Error('expected RateLimited')
    expect(r.left.retryAfterMs).toBe(120_000)
    expect(sleeps).toEqual([])
  })

  it('retries a request that was never sent, even a create', async () => {
    nock(BASE)
      .post('/c')
      .replyWithError(errorWithCode('ECONNREFUSED', 'connect ECONNREFUSED'))
      .post('/c')
      .reply(201, '{}')
    const r = await client().send(create)()
    expect(E.isRight(r)).toBe(true)
  })

  it('calls a reset connection on a create OutcomeUnknown', async () => {
    nock(BASE).post('/c').replyWithError(errorWithCode('ECONNRESET', 'socket hang up'))
    expect(leftKind(await client().send(create)())).toBe('OutcomeUnknown')
  })
})

describe('HTTP kit: token auth', () => {
  const grant = (token: string, expiresInSeconds = 3600) =>
    TE.right({ accessToken: token, expiresInSeconds })

  it('fetches one token for concurrent requests and caches it', async () => {
    let fetches = 0
    const auth = tokenProvider({
      fetchToken: () => {
        fetches++
        return grant('tok-one')
      },
    })
    nock(BASE).matchHeader('authorization', 'Bearer tok-one').get('/c/1').times(3).reply(200, '{}')
    const c = client({ auth })
    const rs = await Promise.all([c.send(read)(), c.send(read)(), c.send(read)()])
    expect(rs.every(E.isRight)).toBe(true)
    expect(fetches).toBe(1)
  })

  it('refreshes before expiry', async () => {
    let clock = 0
    let n = 0
    const auth = tokenProvider({
      fetchToken: () => grant(`tok-${++n}`, 120),
      refreshSkewMs: 60_000,
      now: () => clock,
    })
    nock(BASE).matchHeader('authorization', 'Bearer tok-1').get('/c/1').reply(200, '{}')
    nock(BASE).matchHeader('authorization', 'Bearer tok-2').get('/c/1').reply(200, '{}')
    const c = client({ auth, now: () => clock })
    expect(E.isRight(await c.send(read)())).toBe(true)
    clock = 61_000
    expect(E.isRight(await c.send(read)())).toBe(true)
  })

  it('replays exactly once after a 401 with a fresh token', async () => {
    let n = 0
    const auth = tokenProvider({ fetchToken: () => grant(`tok-${++n}`) })
    nock(BASE).matchHeader('authorization', 'Bearer tok-1').get('/c/1').reply(401, '{}')
    nock(BASE).matchHeader('authorization', 'Bearer tok-2').get('/c/1').reply(200, '{"fresh":true}')
    const r = await client({ auth }).send(read)()
    expect(E.isRight(r) && r.right.body).toBe('{"fresh":true}')
  })

  it('returns the second 401 to the adapter instead of looping', async () => {
    let n = 0
    const auth = tokenProvider({ fetchToken: () => grant(`tok-${++n}`) })
    const scope = nock(BASE).get('/c/1').times(2).reply(401, '{"error":"nope"}')
    const r = await client({ auth }).send(read)()
    expect(E.isRight(r) && r.right.status).toBe(401)
    expect(scope.isDone()).toBe(true)
    expect(n).toBe(2)
  })

  it('50 calls in flight across a token expiry make exactly one token request', async () => {
    let fetches = 0
    let valid = 'tok-1'
    const auth = tokenProvider({
      fetchToken: () => {
        fetches++
        return grant(`tok-${fetches}`)
      },
    })
    // The gateway expires tok-1 while the calls are on their way: every one of them gets a 401.
    let answered = 0
    const transport: Transport = async (req) => {
      answered++
      const ok = req.headers['Authorization'] === `Bearer ${valid}`
      return { kind: 'response', response: { status: ok ? 200 : 401, headers: {}, body: '{}' } }
    }
    const c = client({ auth, transport })
    const first = await c.send(read)()
    expect(E.isRight(first) && first.right.status).toBe(200)
    valid = 'tok-2'
    const rs = await Promise.all(Array.from({ length: 50 }, () => c.send(read)()))
    expect(rs.every((r) => E.isRight(r) && r.right.status === 200)).toBe(true)
    expect(fetches).toBe(2)
    expect(answered).toBe(1 + 50 + 50)
  })

  it('caches a token that lives 60 s or less (the refresh margin fits its lifetime)', async () => {
    let fetches = 0
    let clock = 0
    const auth = tokenProvider({
      fetchToken: () => {
        fetches++
        return grant(`tok-${fetches}`, 60)
      },
      now: () => clock,
    })
    nock(BASE).get('/c/1').times(20).reply(200, '{}')
    const c = client({ auth, now: () => clock })
    for (let i = 0; i < 20; i++) {
      expect(E.isRight(await c.send(read)())).toBe(true)
      clock += 1000
    }
    expect(fetches).toBe(1)
  })

  it('hands a 401 on an anonymous request (the token grant itself) straight back', async () => {
    const auth = tokenProvider({ fetchToken: () => grant('tok-x') })
    const scope = nock(BASE).post('/token').reply(401, '{"error":"invalid_client"}')
    const r = await client({ auth }).send({
      operation: 'auth.token',
      method: 'POST',
      path: '/token',
      form: { grant_type: 'client_credentials' },
      idempotent: false,
      anonymous: true,
    })()
    expect(E.isRight(r) && r.right.status).toBe(401)
    expect(scope.isDone()).toBe(true)
  })
})

describe('HTTP kit: malformed answers never throw', () => {
  const ctx = { gateway: 'test', operation: 'customers.get' }
  const c = client()
  const Shape = t.type({ id: t.number })
  const cases: ReadonlyArray<readonly [string, string, Record<string, string>, RegExp]> = [
    ['empty', '', {}, /empty body/],
    ['whitespace', '   \n', {}, /empty body/],
    ['HTML', '<!doctype html><h1>502</h1>', { 'content-type': 'text/html' }, /HTML page/],
    ['truncated', '{"id": 12, "name": "Ad', {}, /malformed or truncated JSON/],
    ['wrong shape', '{"id":"12"}', {}, /did not match the expected shape: id expected number/],
  ]
  it.each(cases)('%s body → UnexpectedResponse', async (_name, body, headers, message) => {
    nock(BASE).get('/c/1').reply(200, body, headers)
    const r = await c.send(read)()
    if (E.isLeft(r)) throw new Error('expected the kit to hand the answer over')
    const decoded = readJson(Shape, ctx, c.redactor(), r.right)
    if (E.isRight(decoded)) throw new Error('expected a Left')
    expect(decoded.left.kind).toBe('UnexpectedResponse')
    expect(decoded.left.message).toMatch(message)
    expect(decoded.left.httpStatus).toBe(200)
  })

  it('parses valid JSON', () => {
    expect(parseJson(ctx, c.redactor(), { status: 200, headers: {}, body: '{"a":1}' })).toEqual(
      E.right({ a: 1 }),
    )
  })
})

describe('HTTP kit: transcripts and errors are redacted', () => {
  it('emits redacted request/response pairs and redacted error evidence', async () => {
    const events: TranscriptEvent[] = []
    nock(BASE)
      .post('/c')
      .reply(503, { message: `card ${PAN} refused for key ${KEY}`, echo: { number: PAN } })
    const r = await client({ onTranscript: (e) => events.push(e) }).send(create)()
    expect(events).toHaveLength(1)
    const everything = JSON.stringify({ events, r })
    expect(everything).not.toContain(PAN)
    expect(everything).not.toContain(KEY)
    expect(events[0]?.request.headers['Authorization']).toBe('[REDACTED]')
    expect(events[0]?.response?.status).toBe(503)
  })

  it('scrubs a bank account number the gateway echoes in free text', async () => {
    const account = '000123456789'
    nock(BASE).post('/ach').reply(500, `account ${account} is closed`)
    const r = await client().send({
      operation: 'paymentMethods.add',
      method: 'POST',
      path: '/ach',
      json: { account_number: account },
      idempotent: false,
    })()
    expect(JSON.stringify(r)).not.toContain(account)
  })

  it("scrubs the values a request names as its own secrets (a follow-up read's echo)", async () => {
    const account = '000123456789'
    nock(BASE).get('/c/1').reply(500, `account ${account} is closed`)
    const events: TranscriptEvent[] = []
    const r = await client({ onTranscript: (e) => events.push(e) }).send({
      ...read,
      secrets: [account],
    })()
    expect(E.isLeft(r)).toBe(true)
    expect(JSON.stringify([r, events])).not.toContain(account)
  })

  it('survives a throwing transcript hook', async () => {
    nock(BASE).get('/c/1').reply(200, '{}')
    const r = await client({
      onTranscript: () => {
        throw new Error('hook bug')
      },
    }).send(read)()
    expect(E.isRight(r)).toBe(true)
  })
})

describe('HTTP kit: client-side limits', () => {
  it('keeps at most maxConcurrency requests in flight', async () => {
    let inFlight = 0
    let peak = 0
    nock(BASE)
      .get('/c/1')
      .times(6)
      .reply(async () => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await new Promise((res) => setTimeout(res, 20))
        inFlight--
        return [200, '{}']
      })
    const c = client({ maxConcurrency: 2 })
    await Promise.all(Array.from({ length: 6 }, () => c.send(read)()))
    expect(peak).toBe(2)
  })
})
