// Hostile answers and hostile input: every status class read by status first, whatever the
// body; ids that would reach another path; list filters FluidPay cannot apply; the extensions'
// arguments; the custom-id setting; FluidPay's correlation id.
import nock from 'nock'
import {
  addressId,
  customerId,
  formatVaultError,
  paymentMethodId,
  type VaultError,
} from '@vaultport/core'
import { FLUIDPAY_EXTENDED_REFERENCE_PATTERN, FLUIDPAY_REFERENCE_PATTERN } from '../src'
import {
  BASE,
  api,
  address,
  card,
  expectedKind,
  failed,
  left,
  ok,
  record,
  right,
  vault,
  type OpKind,
} from './fixtures'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const C = customerId('ada001')

/** Counts every request to the gateway; each is answered with a full record. */
const countRequests = () => {
  let n = 0
  for (const method of ['GET', 'POST', 'DELETE'])
    nock(BASE)
      .persist()
      .intercept(/.*/, method)
      .reply(() => {
        n++
        return [200, ok(record('ada001', { addresses: [address('a1')], cards: [card('p1')] }))]
      })
  return () => n
}

// ---- status first, body second

const STATUSES = [
  300, 301, 302, 303, 304, 307, 308, 400, 401, 402, 403, 404, 405, 408, 409, 410, 413, 415, 418,
  422, 429, 451, 499, 500, 501, 502, 503, 504, 505, 520, 599,
]

const BODIES: ReadonlyArray<readonly [string, string, string]> = [
  ['empty', '', 'text/plain'],
  ['plain text', 'Forbidden', 'text/plain'],
  ['an HTML proxy page', '<html><body><h1>Gateway says no</h1></body></html>', 'text/html'],
  ['other JSON', '{"error":"nope"}', 'application/json'],
  ['truncated JSON', '{"status":"fai', 'application/json'],
  ['the envelope, an unknown message', JSON.stringify(failed('something odd')), 'application/json'],
]

const OPS: ReadonlyArray<readonly [OpKind, string, () => Promise<unknown>]> = [
  ['read', 'GET', () => vault().customers.get(C)()],
  ['create', 'POST', () => vault().customers.create({ reference: 'ada001' })()],
  ['delete', 'DELETE', () => vault().customers.delete(C)()],
]

describe('every status class maps to its kind whatever the body (the table walked in full)', () => {
  it('the walk covers every class', () => {
    const classes = new Set(STATUSES.map((s) => Math.floor(s / 100)))
    expect([...classes]).toEqual([3, 4, 5])
  })

  it.each(STATUSES)('HTTP %i', async (status) => {
    for (const [bodyName, body, type] of BODIES) {
      for (const [op, method, run] of OPS) {
        nock.cleanAll()
        nock(BASE).persist().intercept(/.*/, method).reply(status, body, { 'content-type': type })
        const r = (await run()) as { _tag: string; left?: VaultError }
        expect([bodyName, op, r._tag, r.left?.kind]).toEqual([
          bodyName,
          op,
          'Left',
          expectedKind(status, op),
        ])
        expect(r.left?.httpStatus).toBe(status)
      }
    }
  })

  it('a plain-text 4xx keeps its words as the gateway message', async () => {
    api().get('/api/vault/ada001').reply(401, 'Invalid API key', { 'content-type': 'text/plain' })
    const e = await left(vault().customers.get(C))
    expect(e).toMatchObject({ kind: 'Auth', gatewayMessages: ['Invalid API key'] })
  })

  it('an HTML page is never taken as a message', async () => {
    api()
      .get('/api/vault/ada001')
      .reply(403, '<html><title>Access denied</title></html>', { 'content-type': 'text/html' })
    const e = await left(vault().customers.get(C))
    expect(e).toMatchObject({ kind: 'Auth', gatewayMessages: [] })
    expect(e.rawBody).toContain('Access denied')
  })

  it("the x-correlation-id of a failed answer is the error's requestId", async () => {
    api().get('/api/vault/ada001').reply(404, failed('not found error: customer not found'), {
      'x-correlation-id': '3f2a9c1e-77aa-4b7e-9d1c-0a1b2c3d4e5f',
    })
    const e = await left(vault().customers.get(C))
    expect(e.requestId).toBe('3f2a9c1e-77aa-4b7e-9d1c-0a1b2c3d4e5f')
    expect(formatVaultError(e)).toContain('request id 3f2a9c1e-77aa-4b7e-9d1c-0a1b2c3d4e5f')
  })
})

describe('nothing an operation sent comes back in an error or a transcript', () => {
  const account = '000123456789'
  const bank = {
    kind: 'bank_account' as const,
    accountNumber: account,
    routingNumber: '021000021',
    accountType: 'checking' as const,
    secCode: 'PPD' as const,
  }

  // Each answers the write that carried the number.
  it.each([
    ['a 200 that is not the envelope', 200, { result: { echoed: account } }],
    ['a 200 whose data cannot be read', 200, ok({ notes: { account }, account_type: account })],
    ['a 200 that names the number as the new id', 200, ok({ id: account })],
    ['a plain-text 400', 400, `refused ${account}`],
    ['a failure envelope', 422, failed(`bad request error: invalid account number ${account}`)],
  ] as const)('%s', async (_n, status, body) => {
    api().post('/api/vault/customer').reply(status, body)
    const e = await left(vault().customers.create({ paymentMethod: bank }))
    expect(e.kind).toBe(status === 200 ? 'OutcomeUnknown' : 'Validation')
    expect(JSON.stringify(e)).not.toContain(account)
    expect(formatVaultError(e)).not.toContain(account)
  })

  // Every request of an operation carries its values as secrets: here the create is confirmed
  // without its record, and the read after it echoes the number.; the read after it echoes the number.
  it.each([
    ['a plain-text 503 on every attempt', 503, `unavailable for ${account}`],
    ['a failure envelope', 400, failed(`bad request error: ${account}`)],
    ['a record the model cannot hold', 200, ok({ id: account, data: { customer: account } })],
  ] as const)('the read after the write answers %s', async (_n, status, body) => {
    const events: string[] = []
    api()
      .post('/api/vault/customer')
      .reply(200, ok(null))
      .get('/api/vault/ada001')
      .times(status === 503 ? 3 : 1)
      .reply(status, body)
    const v = vault({ http: { onTranscript: (e) => events.push(JSON.stringify(e)) } })
    const e = await left(v.customers.create({ reference: 'ada001', paymentMethod: bank }))
    expect(e).toMatchObject({ kind: 'ConfirmedUnread', writtenId: 'ada001' })
    expect(JSON.stringify(e)).not.toContain(account)
    expect(formatVaultError(e)).not.toContain(account)
    expect(events.length).toBeGreaterThanOrEqual(2)
    for (const t of events) expect(t).not.toContain(account)
  })
})

// ---- ids

const HOSTILE_IDS = ['.', '..', 'a/b', '../x', 'a\\b', 'a\u0000b', 'a\nb', 'x\u007f']

describe('ids that would reach another path → Validation, no request', () => {
  const v = () => vault({ referencePattern: FLUIDPAY_EXTENDED_REFERENCE_PATTERN })
  const ops = (id: string) =>
    [
      ['customers.get', () => v().customers.get(customerId(id))],
      ['customers.update', () => v().customers.update(customerId(id), { description: 'x' })],
      ['customers.delete', () => v().customers.delete(customerId(id))],
      ['addresses.add', () => v().addresses.add(customerId(id), { role: 'billing' })],
      [
        'addresses.update (customer)',
        () => v().addresses.update(customerId(id), addressId('a1'), {}),
      ],
      ['addresses.update (address)', () => v().addresses.update(C, addressId(id), { city: 'X' })],
      ['addresses.remove', () => v().addresses.remove(C, addressId(id))],
      ['paymentMethods.list', () => v().paymentMethods.list(customerId(id))],
      [
        'paymentMethods.add',
        () => v().paymentMethods.add(customerId(id), { kind: 'gateway_token', token: 'tok_visa' }),
      ],
      [
        'paymentMethods.update',
        () =>
          v().paymentMethods.update(C, paymentMethodId(id), { expiry: { month: 1, year: 2031 } }),
      ],
      ['paymentMethods.remove', () => v().paymentMethods.remove(C, paymentMethodId(id))],
      ['paymentMethods.setDefault', () => v().paymentMethods.setDefault(C, paymentMethodId(id))],
      [
        'fluidpay.setPaymentMethodFlags',
        () => v().fluidpay.setPaymentMethodFlags(C, paymentMethodId(id), []),
      ],
    ] as const

  it.each(HOSTILE_IDS)('%j', async (id) => {
    const requests = countRequests()
    for (const [name, run] of ops(id)) {
      const r = await run()()
      expect([name, r._tag, r._tag === 'Left' ? r.left.kind : r.right]).toEqual([
        name,
        'Left',
        'Validation',
      ])
    }
    // A reference the pattern refuses cannot exist (undefined); one it allows is refused.
    const found = await v().customers.findByReference(id)()
    expect(found).toEqual(
      v().capabilities.referencePattern !== undefined &&
        new RegExp(v().capabilities.referencePattern).test(id)
        ? expect.objectContaining({
            _tag: 'Left',
            left: expect.objectContaining({ kind: 'Validation' }),
          })
        : { _tag: 'Right', right: undefined },
    )
    expect(requests()).toBe(0)
  })

  it('customers.delete("..") never sends DELETE /api/', async () => {
    const scope = nock(BASE).delete('/api/').reply(200, ok(null))
    expect((await left(vault().customers.delete(customerId('..')))).kind).toBe('Validation')
    expect(scope.isDone()).toBe(false)
  })

  it('a custom id the wider pattern allows but no path can carry is refused before the create', async () => {
    const requests = countRequests()
    const e = await left(
      vault({ referencePattern: FLUIDPAY_EXTENDED_REFERENCE_PATTERN }).customers.create({
        reference: '..',
      }),
    )
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'reference' }] })
    expect(requests()).toBe(0)
  })

  it('a safe id is sent percent-encoded', async () => {
    api()
      .get('/api/vault/a%20b%3F')
      .reply(200, ok(record('a b?')))
    expect((await right(vault().customers.get(customerId('a b?')))).id).toBe('a b?')
  })
})

// ---- list filters

describe('customers.list filters: sent, or refused before any request', () => {
  it('state is sent (not dropped), and region is the same field', async () => {
    const scope = api()
      .post('/api/vault/customer/search', {
        state: { value: 'IL', operator: '=' },
        limit: 10,
        offset: 0,
      })
      .twice()
      .reply(200, ok([], { total_count: 0 }))
    const v = vault()
    await right(v.customers.list({ filter: { state: 'IL' } as never }))
    await right(v.customers.list({ filter: { region: 'IL' } as never }))
    expect(scope.isDone()).toBe(true)
  })

  it('every address field FluidPay searches is sent under its own name', async () => {
    const scope = api()
      .post('/api/vault/customer/search', {
        company: { value: 'Lee Tools', operator: '=' },
        phone: { value: '6125550100', operator: '=' },
        fax: { value: '6125550101', operator: '=' },
        address_line_1: { value: '12 Elm Street', operator: '=' },
        address_line_2: { value: 'Suite 4', operator: '=' },
        city: { value: 'Edina', operator: '=' },
        postal_code: { value: '55424', operator: '=' },
        country: { value: 'US', operator: '=' },
        limit: 10,
        offset: 0,
      })
      .reply(200, ok([], { total_count: 0 }))
    const filter = {
      company: 'Lee Tools',
      phone: '6125550100',
      fax: '6125550101',
      line1: '12 Elm Street',
      line2: 'Suite 4',
      city: 'Edina',
      postalCode: '55424',
      country: 'US',
    }
    await right(vault().customers.list({ filter: filter as never }))
    expect(scope.isDone()).toBe(true)
  })

  it.each([
    ['an unknown key', { nickname: 'Ada' }, 'filter.nickname'],
    ['a key with an operator in it', { 'email!=': 'a@b.example' }, 'filter.email!='],
    ['an operator object', { state: { value: 'IL', operator: '!=' } }, 'filter.state'],
    ['a number', { city: 5 }, 'filter.city'],
    ['an empty string', { city: ' ' }, 'filter.city'],
    ['two keys for one field that disagree', { state: 'IL', region: 'MN' }, 'filter.region'],
  ])('%s → Validation, no request', async (_n, filter, path) => {
    const requests = countRequests()
    const e = await left(vault().customers.list({ filter: filter as never }))
    expect(e).toMatchObject({ kind: 'Validation' })
    expect(e.kind === 'Validation' ? e.issues.map((i) => i.path) : []).toContain(path)
    expect(requests()).toBe(0)
  })
})

// ---- the extensions guard their arguments

describe('vault.fluidpay.* guard their arguments: a Validation Left, never a throw', () => {
  const getter = Object.defineProperty({}, 'limit', { enumerable: true, get: () => 10 })
  const throwing = Object.defineProperty({}, 'filters', {
    enumerable: true,
    get: () => {
      throw new Error('boom')
    },
  })
  const proxy = new Proxy({}, { get: () => 'x', ownKeys: () => ['filters'] })
  const cycle: Record<string, unknown> = {}
  cycle['filters'] = cycle
  const searches: ReadonlyArray<readonly [string, unknown]> = [
    ['null', null],
    ['a string', 'everyone'],
    ['an array', []],
    ['a getter', getter],
    ['a throwing getter', throwing],
    ['a Proxy', proxy],
    ['a BigInt limit', { limit: 10n }],
    ['a cycle', cycle],
    ['an unknown criterion', { nickname: 'Ada' }],
    ['filters that are not an object', { filters: 'city=Edina' }],
    ['a filter that is a number', { filters: { city: 5 } }],
    ['dates that are not strings', { createdAt: { start: 20260101 } }],
    ['a string limit', { limit: '10' }],
  ]

  it.each(searches)('search(%s)', async (_n, criteria) => {
    const requests = countRequests()
    const v = vault()
    let te: ReturnType<typeof v.fluidpay.search> | undefined
    expect(() => {
      te = v.fluidpay.search(criteria as never)
    }).not.toThrow()
    const r = await (te as NonNullable<typeof te>)()
    expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'Validation' } })
    expect(requests()).toBe(0)
  })

  const flagCalls: ReadonlyArray<readonly [string, ReadonlyArray<unknown>]> = [
    ['no arguments', []],
    ['a missing customer id', [undefined, 'p1', []]],
    ['a missing method id', ['ada001', undefined, []]],
    ['null flags', ['ada001', 'p1', null]],
    ['BigInt flags', ['ada001', 'p1', [1n]]],
    ['a Proxy for flags', ['ada001', 'p1', new Proxy([], {})]],
    [
      'a getter in flags',
      ['ada001', 'p1', Object.defineProperty([], 0, { get: () => 'x', enumerable: true })],
    ],
    ['a numeric customer id', [42, 'p1', []]],
    ['an id of ..', ['..', 'p1', []]],
  ]

  it.each(flagCalls)('setPaymentMethodFlags with %s', async (_n, args) => {
    const requests = countRequests()
    const f = vault().fluidpay.setPaymentMethodFlags as unknown as (
      ...a: ReadonlyArray<unknown>
    ) => () => Promise<unknown>
    const r = await f(...args)()
    expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'Validation' } })
    expect(requests()).toBe(0)
  })

  it('search() with no criteria searches everything', async () => {
    api()
      .post('/api/vault/customer/search', {})
      .reply(200, ok([], { total_count: 0 }))
    const search = vault().fluidpay.search as unknown as () => ReturnType<
      ReturnType<typeof vault>['fluidpay']['search']
    >
    expect(await right(search())).toMatchObject({ customers: [], totalCount: 0 })
  })
})

// ---- the custom-id pattern setting

describe('referencePattern', () => {
  it('defaults to the documented rule; the capabilities say which rule a vault has', () => {
    expect(vault().capabilities.referencePattern).toBe(FLUIDPAY_REFERENCE_PATTERN)
    expect(
      vault({ referencePattern: FLUIDPAY_EXTENDED_REFERENCE_PATTERN }).capabilities
        .referencePattern,
    ).toBe(FLUIDPAY_EXTENDED_REFERENCE_PATTERN)
  })

  it('the documented rule refuses a dotted id before any request; the wider one sends it', async () => {
    const requests = countRequests()
    expect((await left(vault().customers.create({ reference: 'ada.001' }))).kind).toBe('Validation')
    expect(await right(vault().customers.findByReference('ada.001'))).toBeUndefined()
    expect(requests()).toBe(0)
    nock.cleanAll()
    const wide = vault({ referencePattern: FLUIDPAY_EXTENDED_REFERENCE_PATTERN })
    const scope = api()
      .post('/api/vault/customer', { id: 'ada.001' })
      .reply(200, ok(record('ada.001')))
      .get('/api/vault/ada.001')
      .reply(200, ok(record('ada.001')))
    expect((await right(wide.customers.create({ reference: 'ada.001' }))).value.id).toBe('ada.001')
    expect((await right(wide.customers.findByReference('ada.001')))?.id).toBe('ada.001')
    expect(scope.isDone()).toBe(true)
  })

  it.each([['('], [''], [42]])(
    'a pattern that is not one (%j) → Validation on the config',
    async (p) => {
      const e = await left(vault({ referencePattern: p as never }).customers.get(C))
      expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'config.referencePattern' }] })
    },
  )
})
