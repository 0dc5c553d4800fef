// Hostile input and hostile answers over HTTP: ids that would reach another path, arguments that
// throw when read, filters PayTrace cannot apply, every status class whatever its body, and the
// OAuth token under load.
import * as E from 'fp-ts/Either'
import nock from 'nock'
import {
  customerId,
  recurrenceId,
  type CustomerId,
  type RecurrenceId,
  type VaultError,
} from '@vaultport/core'
import type * as TE from 'fp-ts/TaskEither'
import type { TaskEither } from 'fp-ts/TaskEither'
import { createPayTraceVault, type PayTraceVault } from '../src'
import { recurrenceItem } from './fixtures'
import { api, BASE, config, detail, left, now, PAN, right, TOKEN, tokenOk } from './harness'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

/** How many requests `f` sent: with no interceptor registered, nock sees every one unmatched. */
const requestsDuring = async (f: () => Promise<void>): Promise<number> => {
  let n = 0
  const count = () => void n++
  nock.emitter.on('no match', count)
  try {
    await f()
  } finally {
    nock.emitter.removeListener('no match', count)
  }
  return n
}

const quiet = () =>
  createPayTraceVault(
    config({
      http: { timeoutMs: 10_000, retry: { maxAttempts: 1 }, sleep: async () => undefined },
    }),
  )

type Run = (v: PayTraceVault, id: string) => TE.TaskEither<VaultError, unknown>
const cid = (id: string) => id as CustomerId
const rid = (id: string) => id as RecurrenceId

/** Every call whose id reaches a path, by the argument it names. */
const idCalls: ReadonlyArray<readonly [string, string, Run]> = [
  ['customers.get', 'id', (v, id) => v.customers.get(cid(id))],
  ['customers.update', 'id', (v, id) => v.customers.update(cid(id), { email: 'a@b.co' })],
  ['customers.delete', 'id', (v, id) => v.customers.delete(cid(id))],
  [
    'addresses.add',
    'customerId',
    (v, id) => v.addresses.add(cid(id), { role: 'billing', city: 'X' }),
  ],
  [
    'addresses.update',
    'customerId',
    (v, id) => v.addresses.update(cid(id), 'billing' as never, { city: 'X' }),
  ],
  ['addresses.remove', 'customerId', (v, id) => v.addresses.remove(cid(id), 'billing' as never)],
  [
    'paymentMethods.add',
    'customerId',
    (v, id) =>
      v.paymentMethods.add(cid(id), {
        kind: 'card',
        number: PAN,
        expiry: { month: 1, year: 2030 },
      }),
  ],
  ['paymentMethods.list', 'customerId', (v, id) => v.paymentMethods.list(cid(id))],
  ['recurrences.get', 'id', (v, id) => v.recurrences.get(rid(id))],
  ['recurrences.update', 'id', (v, id) => v.recurrences.update(rid(id), { totalCount: 3 })],
  ['recurrences.delete', 'id', (v, id) => v.recurrences.delete(rid(id))],
  [
    'recurrences.create',
    'input.customerId',
    (v, id) =>
      v.recurrences.create({
        customerId: cid(id),
        amount: { amount: 100, currency: 'USD' },
        schedule: { kind: 'interval', unit: 'month', every: 1 },
        startDate: '2026-10-01',
        totalCount: 3,
      }),
  ],
  ['recurrences.listByCustomer', 'customerId', (v, id) => v.recurrences.listByCustomer(cid(id))],
  ['paytrace.getAchCustomer', 'customerId', (v, id) => v.paytrace.getAchCustomer(id)],
  [
    'paytrace.updateCustomerWithProtect',
    'customerId',
    (v, id) => v.paytrace.updateCustomerWithProtect(id, { hpfToken: 'h', encKey: 'k' }),
  ],
  [
    'paytrace.listRecurrencesByCustomer',
    'customerId',
    (v, id) => v.paytrace.listRecurrencesByCustomer(id),
  ],
  [
    'paytrace.exportRecurrencesByCustomer',
    'customerId',
    (v, id) => v.paytrace.exportRecurrencesByCustomer(id),
  ],
  ['paytrace.exportRecurrence', 'recurrenceId', (v, id) => v.paytrace.exportRecurrence(id)],
  [
    'paytrace.lastApprovedRecurringTransaction',
    'customerId',
    (v, id) => v.paytrace.lastApprovedRecurringTransaction(id),
  ],
]
const hostileIds = [
  '.',
  '..',
  'a/b',
  '../1000001',
  '1000001/..',
  'a\\b',
  '12\n34',
  'x\u0000',
  '\u007f',
]

describe('ids that would reach another path', () => {
  it.each(idCalls)(
    '%s: every hostile id is Validation (%s), and no request is sent',
    async (_op, field, run) => {
      const v = quiet()
      const sent = await requestsDuring(async () => {
        for (const id of hostileIds) {
          const e = left(await run(v, id)())
          expect(e.kind).toBe('Validation')
          expect(e.kind === 'Validation' && e.issues.map((i) => i.path)).toEqual([field])
        }
      })
      expect(sent).toBe(0)
    },
  )

  it('the request counter sees a request that is sent (the control for the tests above)', async () => {
    const sent = await requestsDuring(async () => {
      expect(left(await quiet().customers.get(customerId('1000001'))()).kind).toBe('Unavailable')
    })
    expect(sent).toBeGreaterThan(0)
  })

  it('an id that is not an integer is NotFound without a request; a good one is encoded', async () => {
    const sent = await requestsDuring(async () => {
      expect(left(await quiet().customers.get(customerId('abc'))()).kind).toBe('NotFound')
      expect(left(await quiet().customers.get(customerId('1%2F2'))()).kind).toBe('NotFound')
    })
    expect(sent).toBe(0)
  })
})

describe('the PayTrace-only calls guard their arguments', () => {
  const throwing = Object.defineProperty({}, 'reference', {
    enumerable: true,
    get: () => {
      throw new Error('getter ran')
    },
  })
  const cycle: Record<string, unknown> = { hpfToken: 'h', encKey: 'k' }
  cycle['patch'] = cycle
  const cases: ReadonlyArray<
    readonly [string, (v: PayTraceVault) => TaskEither<VaultError, unknown>]
  > = [
    ['exportCustomers(null)', (v) => v.paytrace.exportCustomers(null as never)],
    ['exportCustomers(a getter)', (v) => v.paytrace.exportCustomers(throwing as never)],
    ['exportCustomers(a Proxy)', (v) => v.paytrace.exportCustomers(new Proxy({}, {}) as never)],
    ['exportCustomers(a BigInt)', (v) => v.paytrace.exportCustomers({ includeBin: 1n } as never)],
    [
      'exportCustomers(an unknown filter)',
      (v) => v.paytrace.exportCustomers({ state: 'IL' } as never),
    ],
    [
      'exportCustomers(a bad date)',
      (v) => v.paytrace.exportCustomers({ createdSince: 'yesterday' }),
    ],
    ['exportCustomers(an array)', (v) => v.paytrace.exportCustomers([] as never)],
    [
      'updateCustomerWithProtect(id)',
      (v) =>
        (v.paytrace.updateCustomerWithProtect as (id: string) => TaskEither<VaultError, unknown>)(
          '1000001',
        ),
    ],
    [
      'updateCustomerWithProtect()',
      (v) => (v.paytrace.updateCustomerWithProtect as () => TaskEither<VaultError, unknown>)(),
    ],
    [
      'updateCustomerWithProtect(id, no encKey)',
      (v) => v.paytrace.updateCustomerWithProtect('1000001', { hpfToken: 'h' } as never),
    ],
    [
      'updateCustomerWithProtect(id, a cycle)',
      (v) => v.paytrace.updateCustomerWithProtect('1000001', cycle as never),
    ],
    [
      'updateCustomerWithProtect(id, a Proxy patch)',
      (v) =>
        v.paytrace.updateCustomerWithProtect('1000001', {
          hpfToken: 'h',
          encKey: 'k',
          patch: new Proxy({}, {}),
        } as never),
    ],
    [
      'getAchCustomer()',
      (v) => (v.paytrace.getAchCustomer as () => TaskEither<VaultError, unknown>)(),
    ],
    ['getAchCustomer(a number)', (v) => v.paytrace.getAchCustomer(1000001 as never)],
    ['getAchCustomer(a BigInt)', (v) => v.paytrace.getAchCustomer(1000001n as never)],
    ['exportRecurrence(a Proxy)', (v) => v.paytrace.exportRecurrence(new Proxy({}, {}) as never)],
    [
      'exportRecurrencesByCustomer(id, limit 51)',
      (v) => v.paytrace.exportRecurrencesByCustomer('1', { limit: 51 }),
    ],
    [
      'exportRecurrencesByCustomer(id, a BigInt)',
      (v) => v.paytrace.exportRecurrencesByCustomer('1', { offset: 1n } as never),
    ],
    [
      'exportRecurrencesByCustomer(id, an unknown key)',
      (v) => v.paytrace.exportRecurrencesByCustomer('1', { page: 2 } as never),
    ],
    [
      'lastApprovedRecurringTransaction(null)',
      (v) => v.paytrace.lastApprovedRecurringTransaction(null as never),
    ],
    [
      'listRecurrencesByCustomer(an object)',
      (v) => v.paytrace.listRecurrencesByCustomer({} as never),
    ],
  ]
  it.each(cases)('%s: a Validation Left, no throw, no rejection, no request', async (_n, make) => {
    const sent = await requestsDuring(async () => {
      let task: TaskEither<VaultError, unknown> | undefined
      expect(() => {
        task = make(quiet())
      }).not.toThrow()
      const r = await (task as TaskEither<VaultError, unknown>)()
      expect(left(r).kind).toBe('Validation')
    })
    expect(sent).toBe(0)
  })

  it.each([
    ['null', null],
    ['a filter PayTrace cannot apply', { filter: { state: 'IL' } }],
    ['a page over 50', { pageSize: 51 }],
    ['a getter', throwing],
  ])('streamCustomers(%s) yields one Validation and stops', async (_n, query) => {
    const out: E.Either<VaultError, unknown>[] = []
    for await (const item of quiet().paytrace.streamCustomers(query as never)) out.push(item)
    expect(out).toHaveLength(1)
    expect(out[0] !== undefined && E.isLeft(out[0]) && out[0].left.kind).toBe('Validation')
  })

  it('a port input with a throwing getter or a Proxy is a Validation Left (core guards the ports)', async () => {
    const v = quiet()
    expect(left(await v.customers.create(throwing as never)()).kind).toBe('Validation')
    expect(left(await v.customers.update(customerId('1'), new Proxy({}, {}) as never)()).kind).toBe(
      'Validation',
    )
  })
})

describe('filters', () => {
  it.each([
    [{ state: 'IL' }, ['filter.state']],
    [{ name: 'ada', postalCode: '55424' }, ['filter.postalCode']],
    [{ company: 'ACME', phone: '612' }, ['filter.company', 'filter.phone']],
  ])('customers.list({ filter: %j }) is Validation before any request', async (filter, paths) => {
    const sent = await requestsDuring(async () => {
      const e = left(await quiet().customers.list({ filter: filter as never })())
      expect(e.kind === 'Validation' && e.issues.map((i) => i.path)).toEqual(paths)
    })
    expect(sent).toBe(0)
  })

  it('the filters PayTrace applies are sent: name on C9, email on C10', async () => {
    tokenOk()
    api()
      .get('/v3/customer')
      .query({ limit: '50', offset: '0', name_filter: 'ada' })
      .reply(200, { data: [], total_count: 0 })
    let body: unknown
    api()
      .post('/v3/customer/export', (b: unknown) => ((body = b), true))
      .reply(200, { data: [detail()], total_count: 1 })
    const v = quiet()
    right(await v.customers.list({ filter: { name: 'ada' } })())
    const p = right(await v.customers.list({ filter: { email: 'ada.lee@example.com' } })())
    expect(body).toEqual({ email: 'ada.lee@example.com', include_bin: true })
    expect(p.items.map((c) => c.id)).toEqual(['1000001'])
  })
})

describe('every status class over HTTP, whatever the body', () => {
  const bodies = [
    ['empty', '', 'text/plain'],
    ['plain text', 'denied', 'text/plain'],
    ['HTML', '<html><body><h1>Proxy error</h1></body></html>', 'text/html'],
  ] as const
  const classes: ReadonlyArray<readonly [number, string, string]> = [
    // status, a read's kind, a write's kind
    [301, 'UnexpectedResponse', 'OutcomeUnknown'],
    [302, 'UnexpectedResponse', 'OutcomeUnknown'],
    [307, 'UnexpectedResponse', 'OutcomeUnknown'],
    [400, 'Validation', 'Validation'],
    [401, 'Auth', 'Auth'],
    [403, 'Auth', 'Auth'],
    [404, 'NotFound', 'NotFound'],
    [409, 'Conflict', 'Conflict'],
    [410, 'NotFound', 'NotFound'],
    [422, 'Validation', 'Validation'],
    [429, 'RateLimited', 'RateLimited'],
    [501, 'UnexpectedResponse', 'UnexpectedResponse'],
    [520, 'Unavailable', 'OutcomeUnknown'],
  ]
  const input = {
    reference: 'r',
    paymentMethod: { kind: 'card', number: PAN, expiry: { month: 1, year: 2030 } },
  } as const
  it.each(bodies)(
    'with a %s body: get, create and delete map by status',
    async (_n, body, type) => {
      nock(BASE)
        .persist()
        .post('/v3/token')
        .reply(201, { data: { access_token: TOKEN, expires_in: 7200 } })
      const wrong: string[] = []
      for (const [status, read, write] of classes) {
        // A 401 is answered twice: the client refreshes the token and replays once.
        const times = status === 401 ? 2 : 1
        const headers = { 'content-type': type }
        api().get('/v3/customer/1000001').times(times).reply(status, body, headers)
        api().post('/v3/customer/create').times(times).reply(status, body, headers)
        api().delete('/v3/customer/1000001').times(times).reply(status, body, headers)
        const v = quiet()
        const got = [
          left(await v.customers.get(customerId('1000001'))()).kind,
          left(await v.customers.create(input)()).kind,
          left(await v.customers.delete(customerId('1000001'))()).kind,
        ]
        const want = [read, write, status === 520 ? 'Unavailable' : write]
        if (got.join() !== want.join()) wrong.push(`${status}: ${got.join()} (want ${want.join()})`)
      }
      expect(wrong).toEqual([])
    },
  )
})

describe('every error dialect over HTTP, on a refusal and on a success status', () => {
  const dialects: ReadonlyArray<readonly [string, unknown, string, string]> = [
    // name, body, kind, the first issue's path (Validation only)
    [
      'FastAPI',
      {
        detail: [
          { loc: ['body', 'email'], msg: 'value is not a valid email', type: 'value_error.email' },
        ],
      },
      'Validation',
      'email',
    ],
    [
      'FastAPI not found',
      { detail: [{ loc: ['path', 'customer_id'], msg: 'customer 1000001 not found', type: 'x' }] },
      'NotFound',
      '',
    ],
    [
      'v3',
      { data: [{ field: 'body/phone', detail: 'ensure this value has at most 20 characters' }] },
      'Validation',
      'phone',
    ],
    [
      'v3 duplicate',
      { data: [{ field: 'body/customer_label', detail: 'customer_label already exists' }] },
      'Conflict',
      '',
    ],
    [
      'legacy v1',
      {
        success: false,
        response_code: 1,
        status_message: 'One or more errors',
        errors: { '35': ['bad'] },
      },
      'Validation',
      'request',
    ],
    [
      'OAuth',
      { error: 'invalid_token', error_description: 'The access token expired' },
      'Auth',
      '',
    ],
  ]
  it.each(dialects.map(([n, b, k, p]) => [n, k, b, p] as const))(
    '%s at 422 and at 200: %s',
    async (_n, kind, body, path) => {
      tokenOk()
      api().patch('/v3/customer/1000001').reply(422, JSON.stringify(body))
      api().patch('/v3/customer/1000001').reply(200, JSON.stringify(body))
      const v = quiet()
      for (let i = 0; i < 2; i++) {
        const e = left(await v.customers.update(customerId('1000001'), { email: 'a@b.co' })())
        expect(e.kind).toBe(kind)
        if (e.kind === 'Validation') expect(e.issues[0]?.path).toBe(path)
      }
      expect(nock.pendingMocks()).toEqual([])
    },
  )
})

/** Answers every token request with the n-th token; returns how many were asked for. */
const countingGrants = (token: (n: number) => string, expiresIn: number): (() => number) => {
  let grants = 0
  nock(BASE)
    .persist()
    .post('/v3/token')
    .reply(201, () => {
      grants++
      return { data: { access_token: token(grants), expires_in: expiresIn } }
    })
  return () => grants
}

describe('the OAuth token under load (core owns the provider)', () => {
  it('50 calls across a token expiry make exactly one token request', async () => {
    let clock = now.getTime()
    const grants = countingGrants((n) => `${TOKEN}${n}`, 120)
    api().get('/v3/customer/1000001').reply(200, { data: detail() })
    nock(BASE).persist().get('/v3/customer/1000001').reply(200, { data: detail() })
    const v = createPayTraceVault(config({ now: () => new Date(clock) }))
    right(await v.customers.get(customerId('1000001'))())
    clock += 121_000
    const all = await Promise.all(
      Array.from({ length: 50 }, () => v.customers.get(customerId('1000001'))()),
    )
    expect(all.every(E.isRight)).toBe(true)
    expect(grants()).toBe(2)
  })

  it('50 calls answered 401 together, when PayTrace expires the token early, refresh it once', async () => {
    const grants = countingGrants((n) => `tok-${n}-5b0f2c9e8d7a6b5c`, 7200)
    nock(BASE)
      .persist()
      .get('/v3/customer/1000001')
      .reply(function () {
        const auth = this.req.headers['authorization']
        return auth === 'Bearer tok-1-5b0f2c9e8d7a6b5c'
          ? [401, { error: 'invalid_token', error_description: 'expired' }]
          : [200, { data: detail() }]
      })
    const v = createPayTraceVault(config())
    const all = await Promise.all(
      Array.from({ length: 50 }, () => v.customers.get(customerId('1000001'))()),
    )
    expect(all.filter(E.isLeft).map((r) => r.left.kind)).toEqual([])
    expect(grants()).toBe(2)
  })

  it('a token that lives 60 s or less is still cached (20 calls, one grant)', async () => {
    const grants = countingGrants(() => TOKEN, 60)
    nock(BASE)
      .persist()
      .get('/v3/recurrence/export/by-id/500001')
      .reply(200, { data: recurrenceItem() })
    const v = createPayTraceVault(config())
    for (let i = 0; i < 20; i++) right(await v.recurrences.get(recurrenceId('500001'))())
    expect(grants()).toBe(1)
  })
})
