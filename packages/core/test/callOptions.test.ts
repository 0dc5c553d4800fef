// Per-call options, the request hook and the gateway's request id, through core's HTTP client.
// Most tests drive the client with a scripted transport (every step decided by the test); the
// ones about the axios transport run against a real server on loopback. (No nock here: a second
// copy of nock loaded beside another file's would take over that file's interceptors.)
import { getEventListeners } from 'node:events'
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import {
  allOperations,
  answerEvidence,
  axiosTransport,
  confirmedUnread,
  createHttpClient,
  customerId,
  defineVault,
  formatVaultError,
  readRequestId,
  requestIdEvidence,
  staticHeaders,
  tokenProvider,
  vaultError,
  withCallOptions,
  written,
  type Capabilities,
  type Customer,
  type HttpClient,
  type HttpClientConfig,
  type HttpRequest,
  type OutgoingRequest,
  type TranscriptEvent,
  type Transport,
  type TransportResult,
  type Vault,
  type VaultError,
  type WireRequest,
} from '../src'

const KEY = 'api_LiveSecretKey1234567890'
const PAN = '4111111111111111'

// ---- a scripted transport

type Step = TransportResult | 'hang' | ((req: WireRequest) => TransportResult | 'hang')

const ok = (body = '{}', headers: Record<string, string> = {}): TransportResult => ({
  kind: 'response',
  response: { status: 200, headers: { 'content-type': 'application/json', ...headers }, body },
})
const status = (code: number, headers: Record<string, string> = {}): TransportResult => ({
  kind: 'response',
  response: { status: code, headers, body: 'busy' },
})

/** Answers each request with the next step (the last repeats); 'hang' never answers. */
const scripted = (...steps: Step[]) => {
  const sent: WireRequest[] = []
  const transport = (req: WireRequest): Promise<TransportResult> => {
    sent.push(req)
    const step = steps[Math.min(sent.length - 1, steps.length - 1)] as Step
    const r = typeof step === 'function' ? step(req) : step
    return r === 'hang' ? new Promise<TransportResult>(() => undefined) : Promise.resolve(r)
  }
  return { sent, transport }
}

const clientWith = (transport: Transport, extra: Partial<HttpClientConfig> = {}): HttpClient =>
  createHttpClient({
    gateway: 'test',
    baseUrl: 'http://gateway.test',
    auth: staticHeaders({ Authorization: KEY }),
    timeoutMs: 1000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    sleep: async () => undefined,
    random: () => 0.5,
    transport,
    ...extra,
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
  json: { name: 'Ada' },
  idempotent: false,
}

const leftOf = <A>(r: E.Either<VaultError, A>): VaultError => {
  if (E.isRight(r)) throw new Error('expected a Left')
  return r.left
}

// ---- a vault over the client, with members of its own

const caps: Capabilities = {
  gateway: 'test',
  displayName: 'Test',
  operations: allOperations(true),
  limits: {
    addressesPerCustomer: null,
    billingAddressesPerCustomer: null,
    shippingAddressesPerCustomer: null,
    paymentMethodsPerCustomer: null,
    cardsPerCustomer: null,
    bankAccountsPerCustomer: null,
    maxPageSize: 50,
    referenceMaxLength: 10,
  },
  customerReference: 'optional',
  paymentMethodInputs: ['card'],
  recurrences: { intervals: { month: [1] }, named: [], openEnded: true, currencies: ['USD'] },
  paging: 'offset',
  lossless: { customer: ['email'], address: [], card: [], bankAccount: [] },
  paymentMethodStatus: false,
  assumptions: [],
}

const stored: Customer = { id: customerId('c1'), addresses: [], paymentMethods: [], defaults: {} }

const testVault = (http: HttpClient) => {
  const get = (path: string, operation: string) =>
    TE.map(() => stored)(http.send({ operation, method: 'GET', path, idempotent: true }))
  const vault = defineVault({
    capabilities: caps,
    ports: {
      customers: {
        get: (id) => get(`/customers/${id}`, 'customers.get'),
        // A write and its read-back: two requests serving one call.
        create: () =>
          TE.chain(() => TE.map(() => written(stored))(get('/customers/c1', 'customers.create')))(
            http.send({ ...create, path: '/customers' }),
          ),
      },
    },
  })
  const topology = { addresses: 5 }
  let streamed = 0
  return {
    ...vault,
    topology,
    inspect: () => ({ streamed }),
    ext: {
      search: (q: string) => get(`/search?q=${q}`, 'ext.search'),
      plans: { list: () => get('/plans', 'ext.plans.list') },
      /** Not a generator: passed through as it is. */
      feed: () => ({ label: 'feed', [Symbol.asyncIterator]: async function* () {} }),
      stream: async function* () {
        for (const path of ['/page/1', '/page/2']) {
          streamed++
          yield await get(path, 'ext.stream')()
        }
      },
    },
  }
}

/** A token provider whose grant is one anonymous request through the client it serves. */
const sharedTokens = (client: () => HttpClient) =>
  tokenProvider({
    fetchToken: () =>
      TE.map(() => ({ accessToken: 'tok_abcdef123456', expiresInSeconds: 3600 }))(
        client().send({
          operation: 'auth.token',
          method: 'POST',
          path: '/token',
          form: {},
          idempotent: true,
          anonymous: true,
        }),
      ),
  })

// ---- the options reach every request of the call

describe('withCallOptions: what the wrapped vault is', () => {
  it('keeps the vault type, its capabilities and every member the adapter added', async () => {
    const { sent, transport } = scripted(ok())
    const vault = testVault(clientWith(transport))
    const wrapped: typeof vault = withCallOptions(vault, { headers: { 'x-call': 'yes' } })
    const asVault: Vault = wrapped
    expect(asVault.capabilities).toBe(vault.capabilities)
    expect(wrapped.topology).toBe(vault.topology)
    expect(E.isRight(await wrapped.customers.get(customerId('c1'))())).toBe(true)
    expect(E.isRight(await wrapped.ext.search('ada')())).toBe(true)
    expect(E.isRight(await wrapped.ext.plans.list()())).toBe(true)
    const pages: unknown[] = []
    for await (const page of wrapped.ext.stream()) pages.push(page)
    expect(pages.every((p) => E.isRight(p as E.Either<unknown, unknown>))).toBe(true)
    expect(wrapped.inspect()).toEqual({ streamed: 2 })
    expect(Object.prototype.toString.call(wrapped.ext.stream())).toBe('[object AsyncGenerator]')
    expect(wrapped.ext.feed().label).toBe('feed')
    expect(sent.map((r) => [new URL(r.url).pathname, r.headers['x-call']])).toEqual([
      ['/customers/c1', 'yes'],
      ['/search', 'yes'],
      ['/plans', 'yes'],
      ['/page/1', 'yes'],
      ['/page/2', 'yes'],
    ])
    // The original vault is untouched.
    await vault.customers.get(customerId('c1'))()
    expect(sent[5]?.headers['x-call']).toBeUndefined()
  })

  it('keeps concurrent calls apart: options never leak into calls made without them', async () => {
    const { sent, transport } = scripted(ok())
    const vault = testVault(clientWith(transport))
    const a = withCallOptions(vault, { headers: { 'x-call': 'a' } })
    const b = withCallOptions(vault, { headers: { 'x-call': 'b' } })
    await Promise.all([
      a.customers.get(customerId('1'))(),
      vault.customers.get(customerId('2'))(),
      b.customers.get(customerId('3'))(),
      a.ext.search('4')(),
    ])
    const byPath = Object.fromEntries(
      sent.map((r) => [new URL(r.url).pathname, r.headers['x-call']]),
    )
    expect(byPath).toEqual({
      '/customers/1': 'a',
      '/customers/2': undefined,
      '/customers/3': 'b',
      '/search': 'a',
    })
  })

  it('layers wrappers: the outer one wins for deadline and headers, every signal counts', async () => {
    const { sent, transport } = scripted(ok())
    const vault = testVault(clientWith(transport))
    const inner = new AbortController()
    const layered = withCallOptions(
      withCallOptions(vault, {
        signal: inner.signal,
        timeoutMs: 200,
        headers: { 'x-a': 'in', 'x-b': 'in' },
      }),
      { timeoutMs: 300, headers: { 'x-a': 'out' } },
    )
    await layered.customers.get(customerId('c1'))()
    expect(sent[0]?.timeoutMs).toBe(300)
    expect(sent[0]?.headers).toMatchObject({ 'x-a': 'out', 'x-b': 'in' })
    inner.abort()
    expect(leftOf(await layered.customers.get(customerId('c1'))()).kind).toBe('Unavailable')
    expect(sent).toHaveLength(1)
  })

  it('refuses options that cannot work at once, with a TypeError or RangeError', () => {
    const vault = testVault(clientWith(scripted(ok()).transport))
    expect(() => withCallOptions(vault, { timeoutMs: 0 })).toThrow(RangeError)
    expect(() => withCallOptions(vault, { timeoutMs: Number.NaN })).toThrow(RangeError)
    expect(() => withCallOptions(vault, { headers: { 'x-a': 'one\r\nx-b: two' } })).toThrow(
      TypeError,
    )
    expect(() => withCallOptions(vault, { headers: { 'bad name': 'v' } })).toThrow(TypeError)
    expect(() => withCallOptions(vault, { signal: {} as AbortSignal })).toThrow(TypeError)
  })
})

describe('withCallOptions: timeoutMs and headers', () => {
  it('replaces the per-attempt deadline for every attempt of the call only', async () => {
    const { sent, transport } = scripted(status(503), ok())
    const vault = testVault(clientWith(transport))
    expect(
      E.isRight(await withCallOptions(vault, { timeoutMs: 250 }).customers.get(customerId('c1'))()),
    ).toBe(true)
    await vault.customers.get(customerId('c1'))()
    expect(sent.map((r) => r.timeoutMs)).toEqual([250, 250, 1000])
  })

  it('adds the headers to every request of the call, never replacing the client’s own', async () => {
    const { sent, transport } = scripted(ok())
    const vault = testVault(clientWith(transport))
    const r = await withCallOptions(vault, {
      headers: { 'X-Tenant': 't1', authorization: 'Bearer stolen', 'Content-Type': 'text/plain' },
    }).customers.create({ name: 'Ada' })()
    expect(E.isRight(r)).toBe(true)
    expect(sent).toHaveLength(2)
    for (const req of sent) {
      expect(req.headers['x-tenant']).toBe('t1')
      const auth = Object.entries(req.headers).filter(([k]) => k.toLowerCase() === 'authorization')
      expect(auth).toEqual([['Authorization', KEY]])
    }
    expect(sent[0]?.headers['content-type']).toBe('application/json')
  })

  it('does not shape a token fetch shared between calls', async () => {
    const { sent, transport } = scripted(ok())
    const http: HttpClient = clientWith(transport, { auth: sharedTokens(() => http) })
    const r = await withCallOptions(testVault(http), {
      timeoutMs: 250,
      headers: { 'x-call': 'a' },
    }).customers.get(customerId('c1'))()
    expect(E.isRight(r)).toBe(true)
    expect(sent.map((q) => [new URL(q.url).pathname, q.timeoutMs, q.headers['x-call']])).toEqual([
      ['/token', 1000, undefined],
      ['/customers/c1', 250, 'a'],
    ])
  })

  it('keeps a refused refresh and the fresh grant after it out of the call too', async () => {
    let clock = 1_000_000
    const { sent, transport } = scripted((req) =>
      req.url.endsWith('/refresh') ? status(400) : ok(),
    )
    const http: HttpClient = clientWith(transport, {
      auth: tokenProvider({
        now: () => clock,
        fetchToken: (ctx, refreshToken) => async () => {
          const path = refreshToken === undefined ? '/token' : '/refresh'
          const r = await http.send({ ...read, operation: 'auth.token', path, anonymous: true })()
          if (E.isLeft(r)) return r
          if (r.right.status !== 200) return E.left(vaultError('Auth', ctx, 'refresh refused'))
          return E.right({
            accessToken: 'tok_abcdef123456',
            refreshToken: 'rtok_abcdef123456',
            expiresInSeconds: 3600,
          })
        },
      }),
    })
    const vault = testVault(http)
    expect(E.isRight(await vault.customers.get(customerId('1'))())).toBe(true)
    clock += 3_600_000
    const wrapped = withCallOptions(vault, { headers: { 'x-call': 'a' } })
    expect(E.isRight(await wrapped.customers.get(customerId('2'))())).toBe(true)
    expect(sent.map((q) => [new URL(q.url).pathname, q.headers['x-call']])).toEqual([
      ['/token', undefined],
      ['/customers/1', undefined],
      ['/refresh', undefined],
      ['/token', undefined],
      ['/customers/2', 'a'],
    ])
  })

  it('lets an aborted call stop waiting for a shared token, which still serves the others', async () => {
    let grant: ((r: TransportResult) => void) | undefined
    const sent: string[] = []
    const http: HttpClient = clientWith(
      (req) => {
        sent.push(new URL(req.url).pathname)
        return req.url.endsWith('/token')
          ? new Promise((resolve) => (grant = resolve))
          : Promise.resolve(ok())
      },
      { auth: sharedTokens(() => http) },
    )
    const controller = new AbortController()
    const vault = testVault(http)
    const impatient = withCallOptions(vault, { signal: controller.signal }).customers.get(
      customerId('1'),
    )()
    const patient = vault.customers.get(customerId('2'))()
    await until(() => sent.length === 1)
    controller.abort()
    const e = leftOf(await impatient)
    expect([e.kind, e.message]).toEqual(['Unavailable', expect.stringMatching(/not sent/)])
    grant?.(ok())
    expect(E.isRight(await patient)).toBe(true)
    expect(sent).toEqual(['/token', '/customers/2'])
  })
})

describe('withCallOptions: an aborted call is a Left, never a rejection', () => {
  it('sends nothing when the signal is already aborted: Unavailable, even for a write', async () => {
    const { sent, transport } = scripted(ok())
    const vault = testVault(clientWith(transport))
    const controller = new AbortController()
    controller.abort()
    const cancelled = withCallOptions(vault, { signal: controller.signal })
    const got = leftOf(await cancelled.customers.get(customerId('c1'))())
    const made = leftOf(await cancelled.customers.create({ name: 'Ada' })())
    expect([got.kind, made.kind]).toEqual(['Unavailable', 'Unavailable'])
    expect(made.message).toMatch(/not sent/)
    expect(sent).toHaveLength(0)
  })

  it('says why, when the signal carries a reason', async () => {
    const vault = testVault(clientWith(scripted(ok()).transport))
    const e = leftOf(
      await withCallOptions(vault, {
        signal: AbortSignal.abort(new Error('shutting down')),
      }).customers.get(customerId('c1'))(),
    )
    expect(e.message).toMatch(/call aborted \(shutting down\)/)
  })

  it('ends a call whose transport ignores the signal: a read is Unavailable, a write OutcomeUnknown', async () => {
    for (const [req, kind] of [
      [read, 'Unavailable'],
      [create, 'OutcomeUnknown'],
    ] as const) {
      const { sent, transport } = scripted('hang')
      const http = clientWith(transport)
      const controller = new AbortController()
      const vault = withCallOptions(
        defineVault({
          capabilities: caps,
          ports: {
            customers: {
              get: () => TE.map(() => stored)(http.send(req)),
            },
          },
        }),
        { signal: controller.signal },
      )
      const pending = vault.customers.get(customerId('c1'))()
      await until(() => sent.length === 1)
      controller.abort()
      const e = leftOf(await pending)
      expect(e.kind).toBe(kind)
      expect(sent).toHaveLength(1)
      expect(sent[0]?.signal?.aborted).toBe(true)
    }
  })

  it('does not send the next attempt when aborted during the backoff', async () => {
    const controller = new AbortController()
    const { sent, transport } = scripted(status(503))
    const vault = testVault(
      clientWith(transport, {
        sleep: async () => {
          controller.abort()
        },
      }),
    )
    const e = leftOf(
      await withCallOptions(vault, { signal: controller.signal }).customers.get(customerId('c1'))(),
    )
    expect(e.kind).toBe('Unavailable')
    expect(e.message).toMatch(/not sent/)
    expect(sent).toHaveLength(1)
  })

  it('leaves the limiter queue when aborted waiting for a slot, and the slot is not lost', async () => {
    let release: ((r: TransportResult) => void) | undefined
    const sent: string[] = []
    const http = clientWith(
      (req) => {
        sent.push(new URL(req.url).pathname)
        return req.url.endsWith('/first')
          ? new Promise((resolve) => (release = resolve))
          : Promise.resolve(ok())
      },
      { maxConcurrency: 1 },
    )
    const controller = new AbortController()
    const first = http.send({ ...read, path: '/first' })()
    await until(() => sent.length === 1)
    const queued = withCallOptions(testVault(http), { signal: controller.signal }).customers.get(
      customerId('queued'),
    )()
    controller.abort()
    expect(leftOf(await queued).kind).toBe('Unavailable')
    release?.(ok())
    expect(E.isRight(await first)).toBe(true)
    expect(E.isRight(await http.send({ ...read, path: '/third' })())).toBe(true)
    expect(sent).toEqual(['/first', '/third'])
  })

  it('leaves no listener on a long-lived signal', async () => {
    const { transport } = scripted(ok())
    const vault = testVault(clientWith(transport))
    const appSignal = new AbortController().signal
    const wrapped = withCallOptions(vault, { signal: appSignal })
    for (let i = 0; i < 20; i++) await wrapped.customers.create({ name: 'Ada' })()
    expect(getEventListeners(appSignal, 'abort')).toHaveLength(0)
  })
})

// ---- the request hook

describe('onRequest: headers for each attempt', () => {
  it('adds its headers to every attempt and sees the redacted URL and the attempt number', async () => {
    const seen: OutgoingRequest[] = []
    const { sent, transport } = scripted(status(503), ok())
    const http = clientWith(transport, {
      onRequest: (r) => {
        seen.push(r)
        return { traceparent: `00-${'a'.repeat(32)}-${String(r.attempt).padStart(16, '0')}-01` }
      },
    })
    const r = await http.send({ ...read, query: { number: PAN } })()
    expect(E.isRight(r)).toBe(true)
    expect(seen.map((s) => [s.gateway, s.operation, s.method, s.attempt])).toEqual([
      ['test', 'customers.get', 'GET', 1],
      ['test', 'customers.get', 'GET', 2],
    ])
    expect(seen[0]?.url).not.toContain(PAN)
    expect(seen[0]?.url).toMatch(/^http:\/\/gateway\.test\/c\/1\?number=/)
    expect(sent.map((q) => q.headers['traceparent']?.slice(-5))).toEqual(['01-01', '02-01'])
  })

  it('never replaces the credentials or the client’s headers, and drops what cannot be sent', async () => {
    const { sent, transport } = scripted(ok())
    const http = clientWith(transport, {
      defaultHeaders: { 'X-Integrator-Id': 'int1' },
      onRequest: () =>
        ({
          AUTHORIZATION: 'Bearer stolen',
          'x-integrator-id': 'spoofed',
          'x-split': 'a\r\nx-evil: 1',
          'x-number': 42,
          'x-fine': 'yes',
        }) as unknown as Record<string, string>,
    })
    expect(E.isRight(await http.send(create)())).toBe(true)
    const h = sent[0]?.headers ?? {}
    const guarded = Object.entries(h).filter(([k]) => /^(authorization|x-integrator-id)$/i.test(k))
    expect(Object.fromEntries(guarded)).toEqual({ Authorization: KEY, 'X-Integrator-Id': 'int1' })
    expect(guarded).toHaveLength(2)
    expect(h['x-fine']).toBe('yes')
    expect(h['x-split']).toBeUndefined()
    expect(h['x-number']).toBeUndefined()
  })

  it('shares each attempt’s exchangeId with its transcript event (a span’s start and end)', async () => {
    const started: string[] = []
    const ended: Array<string | undefined> = []
    const { transport } = scripted(status(503), ok())
    const http = clientWith(transport, {
      onRequest: (r) => {
        started.push(r.exchangeId)
        return undefined
      },
      onTranscript: (e) => ended.push(e.exchangeId),
    })
    // Two calls at once: one answered at once, one after a retry.
    await Promise.all([http.send(read)(), http.send(read)()])
    expect(started).toHaveLength(3)
    expect(new Set(started).size).toBe(3)
    expect([...ended].sort()).toEqual([...started].sort())
  })

  it('ends an attempt whose transport throws as data, with its transcript event', async () => {
    const events: TranscriptEvent[] = []
    const http = clientWith(
      () => {
        throw new Error('socket factory missing')
      },
      { onTranscript: (e) => events.push(e) },
    )
    const e = leftOf(await http.send(create)())
    expect(e.kind).toBe('OutcomeUnknown')
    expect(events[0]?.failure).toMatch(/the transport failed: socket factory missing/)
  })

  it('survives a throwing hook: the request goes out without its headers', async () => {
    const { sent, transport } = scripted(ok())
    const http = clientWith(transport, {
      onRequest: () => {
        throw new Error('tracer not started')
      },
    })
    expect(E.isRight(await http.send(create)())).toBe(true)
    expect(sent).toHaveLength(1)
    expect(sent[0]?.headers['Authorization']).toBe(KEY)
  })

  it('is called for the adapter’s own requests too, and may return nothing', async () => {
    const operations: string[] = []
    const { transport } = scripted(ok())
    const http = clientWith(transport, {
      onRequest: (r) => {
        operations.push(r.operation)
        return undefined
      },
    })
    await http.send({ ...read, operation: 'auth.token', anonymous: true })()
    expect(operations).toEqual(['auth.token'])
  })
})

// ---- the gateway's request id

describe('the gateway request id', () => {
  it('is on the answer, from the first configured header present', async () => {
    const { transport } = scripted(ok('{}', { 'x-correlation-id': 'corr-1', 'request-id': 'r-2' }))
    const r = await clientWith(transport).send(read)()
    expect(E.isRight(r) && r.right.requestId).toBe('corr-1')
    const custom = await clientWith(transport, { requestIdHeaders: ['Request-Id'] }).send(read)()
    expect(E.isRight(custom) && custom.right.requestId).toBe('r-2')
    const none = await clientWith(scripted(ok()).transport).send(read)()
    expect(E.isRight(none) && 'requestId' in none.right).toBe(false)
  })

  it('is on every error the client builds from an answer, and in its one-line form', async () => {
    const unavailable = leftOf(
      await clientWith(scripted(status(503, { 'x-request-id': 'req-503' })).transport).send(read)(),
    )
    expect([unavailable.kind, unavailable.requestId]).toEqual(['Unavailable', 'req-503'])
    expect(formatVaultError(unavailable)).toBe(
      'Unavailable (test customers.get HTTP 503, request id req-503): test answered HTTP 503',
    )
    const limited = leftOf(
      await clientWith(
        scripted(status(429, { 'retry-after': '120', 'x-request-id': 'req-429' })).transport,
      ).send(read)(),
    )
    expect([limited.kind, limited.requestId]).toEqual(['RateLimited', 'req-429'])
    const unknown = leftOf(
      await clientWith(scripted(status(502, { 'X-Correlation-Id': ' corr-502\n' })).transport).send(
        create,
      )(),
    )
    expect([unknown.kind, unknown.requestId]).toEqual(['OutcomeUnknown', 'corr-502'])
    // An error wrapping one that has it keeps it.
    const ctx = { gateway: 'test', operation: 'customers.create' }
    expect(confirmedUnread(ctx, 'c1', unavailable).requestId).toBe('req-503')
  })

  it('is in the transcript', async () => {
    const events: TranscriptEvent[] = []
    const { transport } = scripted(ok('{}', { 'x-request-id': 'req-t' }))
    await clientWith(transport, { onTranscript: (e) => events.push(e) }).send(read)()
    expect(events[0]?.response?.requestId).toBe('req-t')
  })

  it('reaches errors adapters build through answerEvidence and requestIdEvidence', async () => {
    const { transport } = scripted({
      kind: 'response',
      response: { status: 400, headers: { 'x-request-id': 'req-400' }, body: `{"card":"${PAN}"}` },
    })
    const r = await clientWith(transport).send(create)()
    if (E.isLeft(r)) throw new Error('a 400 is the adapter’s to read')
    const res = r.right
    const ctx = { gateway: 'test', operation: 'customers.create' }
    const evidence = answerEvidence(res.redactor ?? (undefined as never), res)
    expect(evidence.requestId).toBe('req-400')
    expect(evidence.rawBody).not.toContain(PAN)
    const e = vaultError(
      'Validation',
      ctx,
      'refused',
      { gatewayCode: 'E1', ...requestIdEvidence(res) },
      { issues: [] },
    )
    expect(e.requestId).toBe('req-400')
    expect(requestIdEvidence({ status: 200, headers: {}, body: '' })).toEqual({})
  })

  it('is read without regard to case, trimmed and capped', () => {
    expect(readRequestId({ 'X-Request-Id': 'abc' })).toBe('abc')
    expect(readRequestId({ 'x-request-id': '   ', 'request-id': 'def' })).toBe('def')
    expect(readRequestId({ 'x-request-id': 'x'.repeat(500) })?.length).toBe(200)
    expect(readRequestId({})).toBeUndefined()
  })
})

// ---- the axios transport against a real server

let server: Server
let base = ''
const hanging: ServerResponse[] = []
const received: Array<{ path: string; headers: IncomingHttpHeaders }> = []

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push({ path: req.url ?? '', headers: req.headers })
    req.resume()
    if (req.url?.startsWith('/hang') === true) {
      hanging.push(res)
      return
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-correlation-id': 'corr-live' })
    res.end('{}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const res of hanging) res.destroy()
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

/** Polls until `done()` holds: the test waits on events, never on a clock it asserts. */
const until = async (done: () => boolean): Promise<void> => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5))
}

const liveClient = (extra: Partial<HttpClientConfig> = {}) =>
  createHttpClient({
    gateway: 'live',
    baseUrl: base,
    auth: staticHeaders({ Authorization: KEY }),
    timeoutMs: 20_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    transport: axiosTransport(),
    ...extra,
  })
const liveVault = (extra: Partial<HttpClientConfig> = {}) => testVault(liveClient(extra))

describe('axios transport: the caller’s signal', () => {
  it('aborts a read in flight: Unavailable, asked once', async () => {
    const controller = new AbortController()
    const before = received.length
    const held = withCallOptions(liveVault({ baseUrl: `${base}/hang` }), {
      signal: controller.signal,
    })
    const call = held.customers.get(customerId('c1'))()
    await until(() => received.length === before + 1)
    controller.abort()
    const e = leftOf(await call)
    expect(e.kind).toBe('Unavailable')
    expect(e.message).toMatch(/before live answered/)
    expect(received.length).toBe(before + 1)
  })

  it('aborts a write in flight: OutcomeUnknown, sent once', async () => {
    const controller = new AbortController()
    const before = received.length
    const held = withCallOptions(liveVault({ baseUrl: `${base}/hang` }), {
      signal: controller.signal,
    })
    const call = held.customers.create({ name: 'Ada' })()
    await until(() => received.length === before + 1)
    controller.abort()
    const e = leftOf(await call)
    expect([e.kind, e.retry]).toEqual(['OutcomeUnknown', 'reconcile'])
    expect(received.length).toBe(before + 1)
  })

  it('ends a read at the call’s own deadline, shorter than the client’s', async () => {
    const held = withCallOptions(
      liveVault({ baseUrl: `${base}/hang`, retry: { maxAttempts: 1 } }),
      {
        timeoutMs: 100,
      },
    )
    const e = leftOf(await held.customers.get(customerId('c1'))())
    expect(e.kind).toBe('Unavailable')
    expect(e.message).toMatch(/timeout of 100ms/)
  })

  it('reports a request whose signal is already aborted as not sent', async () => {
    const before = received.length
    const r = await axiosTransport()({
      method: 'GET',
      url: `${base}/ok`,
      headers: {},
      timeoutMs: 1000,
      maxAnswerBytes: 1024,
      signal: AbortSignal.abort(),
    })
    expect(r.kind === 'failure' && r.failure).toBe('not-sent')
    expect(received.length).toBe(before)
  })

  it('sends the call’s and the hook’s headers and reads the request id', async () => {
    const before = received.length
    const traceparent = `00-${'b'.repeat(32)}-${'c'.repeat(16)}-01`
    const http = liveClient({ onRequest: () => ({ traceparent }) })
    const r = await withCallOptions(testVault(http), {
      headers: { 'x-tenant': 't9' },
    }).customers.get(customerId('c1'))()
    expect(E.isRight(r)).toBe(true)
    const got = received[before]?.headers ?? {}
    expect([got['x-tenant'], got['traceparent'], got['authorization']]).toEqual([
      't9',
      traceparent,
      KEY,
    ])
    const answer = await http.send(read)()
    expect(E.isRight(answer) && answer.right.requestId).toBe('corr-live')
  })
})
