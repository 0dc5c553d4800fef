import nock from 'nock'
import { customerId, paymentMethodId, addressId, collectAll } from '@vaultport/core'
import {
  api,
  KEY,
  PAN,
  ach,
  address,
  card,
  failed,
  left,
  ok,
  record,
  right,
  vault,
} from './fixtures'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const C = customerId('ada001')
const BILLING = {
  billing_address_id: 'a1',
  shipping_address_id: 'a1',
  payment_method_id: 'p1',
  payment_method_type: 'card',
}
const full = () =>
  record('ada001', {
    addresses: [address('a1')],
    cards: [card('p1')],
    ach: [ach('b1')],
    defaults: BILLING,
    description: 'Gold member',
    flags: ['surcharge_exempt'],
  })

describe('configuration', () => {
  it.each([
    ['a public key', { apiKey: 'pub_PublicKey0123456789' }, 'Auth', /public keys/],
    ['no key', { apiKey: '' }, 'Auth', /needs an API key/],
    ['a malformed base URL', { apiKey: KEY, baseUrl: 'not a url' }, 'Validation', /baseUrl/],
    ['an ftp base URL', { apiKey: KEY, baseUrl: 'ftp://x.example' }, 'Validation', /baseUrl/],
    [
      'an unknown environment',
      { apiKey: KEY, environment: 'staging' as never },
      'Validation',
      /environment/,
    ],
  ])('%s: every operation is Left before any request', async (_name, cfg, kind, message) => {
    const scope = nock(/.*/).get(/.*/).reply(200, ok(full())).post(/.*/).reply(200, ok(full()))
    const v = vault(cfg)
    const e1 = await left(v.customers.get(C))
    const e2 = await left(v.customers.create({ reference: 'ada001' }))
    const e3 = await left(v.fluidpay.search({}))
    for (const e of [e1, e2, e3]) {
      expect(e.kind).toBe(kind)
      expect(e.message).toMatch(message)
      expect(JSON.stringify(e)).not.toContain('PublicKey0123456789')
    }
    expect(scope.isDone()).toBe(false)
    expect(scope.pendingMocks()).toHaveLength(2)
  })

  it('sends to a white-label host, with or without /api, and the raw key', async () => {
    nock('https://app.example-brand.com', { reqheaders: { authorization: KEY } })
      .get('/api/vault/ada001')
      .twice()
      .reply(200, ok(full()))
    const a = await right(vault({ baseUrl: 'https://app.example-brand.com' }).customers.get(C))
    const b = await right(vault({ baseUrl: 'https://app.example-brand.com/api/' }).customers.get(C))
    expect(a.id).toBe('ada001')
    expect(b).toEqual(a)
  })

  it('uses the production host for environment production', async () => {
    nock('https://app.fluidpay.com').get('/api/vault/ada001').reply(200, ok(full()))
    expect((await right(vault({ environment: 'production' }).customers.get(C))).id).toBe('ada001')
  })

  it('lets a route be overridden', async () => {
    api().get('/api/v2/vault/ada001').reply(200, ok(full()))
    const v = vault({
      routes: {
        getCustomer: {
          method: 'GET',
          path: '/api/v2/vault/{customerId}',
          status: 'assumed',
          source: 'test',
        },
      },
    })
    expect((await right(v.customers.get(C))).id).toBe('ada001')
  })
})

describe('customers.get / findByReference', () => {
  it('reads the record into the canonical customer', async () => {
    api().get('/api/vault/ada001').reply(200, ok(full()), { 'x-correlation-id': 'c-1' })
    const c = await right(vault().customers.get(C))
    expect(c).toEqual({
      id: 'ada001',
      reference: 'ada001',
      name: 'Ada Lee',
      company: 'Lee Tools',
      email: 'ada@example.com',
      phone: '6125550100',
      description: 'Gold member',
      addresses: [
        {
          id: 'a1',
          role: 'billing',
          name: 'Ada Lee',
          company: 'Lee Tools',
          line1: '12 Elm Street',
          city: 'Edina',
          region: 'MN',
          postalCode: '55424',
          country: 'US',
          email: 'ada@example.com',
          phone: '6125550100',
        },
      ],
      paymentMethods: [
        {
          kind: 'card',
          id: 'p1',
          brand: 'visa',
          last4: '1111',
          bin: '411111',
          status: 'active',
          expiry: { month: 12, year: 2028 },
        },
        {
          kind: 'bank_account',
          id: 'b1',
          accountType: 'checking',
          accountLast4: '6789',
          routingLast4: '0021',
          secCode: 'PPD',
          status: 'active',
        },
      ],
      defaults: { billingAddressId: 'a1', shippingAddressId: 'a1', paymentMethodId: 'p1' },
      createdAt: '2026-01-05T10:00:00.000000000Z',
      updatedAt: '2026-01-05T10:00:00.000000000Z',
      gatewayData: { flags: ['surcharge_exempt'] },
    })
  })

  it('reads the spec example: RFC 3339 expiry, UUID id, a shipping-only default', async () => {
    const rec = record('952f250d-fa85-40ac-a45e-3886f98032c6', {
      addresses: [address('s1'), address('b2', { first_name: 'Bo', last_name: '' })],
      cards: [card('p9', { expiration_date: '2020-12-31T00:00:00Z', card_type: '' })],
      defaults: { billing_address_id: 'b2', shipping_address_id: 's1' },
    })
    api().get('/api/vault/952f250d-fa85-40ac-a45e-3886f98032c6').reply(200, ok(rec))
    const c = await right(vault().customers.get(customerId('952f250d-fa85-40ac-a45e-3886f98032c6')))
    expect(c.addresses.map((a) => [a.id, a.role])).toEqual([
      ['s1', 'shipping'],
      ['b2', 'billing'],
    ])
    expect(c.name).toBe('Bo')
    expect(c.paymentMethods[0]).toMatchObject({ brand: 'visa', expiry: { month: 12, year: 2020 } })
  })

  it('integer ids decode as strings', async () => {
    api()
      .get('/api/vault/42')
      .reply(200, ok({ ...record('x'), id: 42 }))
    expect((await right(vault().customers.get(customerId('42')))).id).toBe('42')
  })

  it('404 → NotFound with the prefix as gateway code', async () => {
    api().get('/api/vault/nobody').reply(404, failed('not found error: customer not found'))
    const e = await left(vault().customers.get(customerId('nobody')))
    expect(e).toMatchObject({ kind: 'NotFound', httpStatus: 404, gatewayCode: 'not found error' })
  })

  it('retries a read after a 503', async () => {
    api().get('/api/vault/ada001').reply(503, failed('internal server error: busy'))
    api().get('/api/vault/ada001').reply(200, ok(full()))
    expect((await right(vault().customers.get(C))).id).toBe('ada001')
  })

  it('findByReference: found, NotFound → undefined, an impossible id → undefined without a request', async () => {
    api().get('/api/vault/ada001').reply(200, ok(full()))
    api().get('/api/vault/nobody').reply(404, failed('not found error: customer not found'))
    const v = vault()
    expect((await right(v.customers.findByReference('ada001')))?.id).toBe('ada001')
    expect(await right(v.customers.findByReference('nobody'))).toBeUndefined()
    expect(await right(v.customers.findByReference('not-alnum!'))).toBeUndefined()
  })

  it('findByReference passes other errors through', async () => {
    api().get('/api/vault/ada001').reply(401, failed('unauthorized error: invalid api key'))
    expect((await left(vault().customers.findByReference('ada001'))).kind).toBe('Auth')
  })
})

describe('customers.create', () => {
  it('sends the documented body and reads the record', async () => {
    const scope = api()
      .post('/api/vault/customer', {
        id: 'ada001',
        description: 'Gold member',
        flags: ['surcharge_exempt'],
        default_payment: { card: { number: PAN, expiration_date: '12/28' } },
        default_billing_address: {
          first_name: 'Ada',
          last_name: 'Lee',
          company: 'Lee Tools',
          line_1: '12 Elm Street',
          city: 'Edina',
          state: 'MN',
          postal_code: '55424',
          country: 'US',
          email: 'ada@example.com',
          phone: '6125550100',
        },
        default_shipping_address: { first_name: 'Bo', last_name: 'Lee', line_1: '1 Dock Rd' },
      })
      .matchHeader('content-type', 'application/json')
      .reply(200, ok(full()))
    const w = await right(
      vault().customers.create({
        reference: 'ada001',
        name: 'Ada Lee',
        email: 'ada@example.com',
        phone: '6125550100',
        description: 'Gold member',
        addresses: [
          {
            role: 'billing',
            line1: '12 Elm Street',
            city: 'Edina',
            region: 'MN',
            postalCode: '55424',
            country: 'US',
            company: 'Lee Tools',
            county: 'Hennepin',
          },
          { role: 'shipping', name: 'Bo Lee', line1: '1 Dock Rd' },
        ],
        paymentMethod: {
          kind: 'card',
          number: PAN,
          expiry: { month: 12, year: 2028 },
          holderName: 'Ada Lee',
        },
        gatewayData: { flags: ['surcharge_exempt'] },
      }),
    )
    expect(scope.isDone()).toBe(true)
    expect(w.value.id).toBe('ada001')
    expect(w.warnings.map((x) => [x.code, x.field])).toEqual([
      ['field_dropped', 'addresses[0].county'],
      ['field_dropped', 'paymentMethod.holderName'],
    ])
  })

  it('contact without a billing address becomes the default billing address, with a warning', async () => {
    api()
      .post('/api/vault/customer', {
        id_format: 'xid_type_last4',
        default_payment: {
          ach: {
            account_number: '000123456789',
            routing_number: '021000021',
            account_type: 'savings',
            sec_code: 'ccd',
          },
        },
        default_billing_address: { first_name: 'Ada', last_name: 'Lee', email: 'ada@example.com' },
      })
      .reply(200, ok(full()))
    const w = await right(
      vault().customers.create({
        name: 'Ada Lee',
        email: 'ada@example.com',
        paymentMethod: {
          kind: 'bank_account',
          accountNumber: '000123456789',
          routingNumber: '021000021',
          accountType: 'savings',
          holderType: 'business',
        },
        gatewayData: { idFormat: 'xid_type_last4' },
      }),
    )
    expect(w.warnings.map((x) => x.code)).toEqual([
      'contact_stored_as_address',
      'sec_code_defaulted',
      'field_dropped',
    ])
  })

  it('stores notes and extra billing addresses after the create, then re-reads', async () => {
    const created = record('ada001', {
      addresses: [address('a1')],
      defaults: BILLING,
      description: 'd',
    })
    const scope = api()
      .post('/api/vault/customer', {
        id: 'ada001',
        description: 'd',
        default_billing_address: { line_1: 'A' },
      })
      .reply(200, ok(created))
      .post('/api/vault/customer/ada001/address', { line_1: 'B' })
      .reply(200, ok(created))
      .post('/api/vault/customer/ada001', { description: 'd', notes: 'call first', flags: [] })
      .reply(200, ok(null))
      .get('/api/vault/ada001')
      .reply(
        200,
        ok({ ...created, data: { customer: { ...created.data.customer, notes: 'call first' } } }),
      )
    const w = await right(
      vault().customers.create({
        reference: 'ada001',
        description: 'd',
        notes: 'call first',
        addresses: [
          { role: 'billing', line1: 'A' },
          { role: 'billing', line1: 'B' },
        ],
      }),
    )
    expect(scope.isDone()).toBe(true)
    expect(w.value.notes).toBe('call first')
    expect(w.warnings).toEqual([])
  })

  it('a follow-up that fails is a warning, not a failure', async () => {
    api()
      .post('/api/vault/customer')
      .reply(200, ok(record('ada001')))
      .post('/api/vault/customer/ada001')
      .reply(400, failed('bad request error: invalid notes'))
      .get('/api/vault/ada001')
      .reply(200, ok(record('ada001')))
    const w = await right(vault().customers.create({ reference: 'ada001', notes: 'x' }))
    expect(w.warnings).toEqual([expect.objectContaining({ code: 'not_stored', field: 'notes' })])
  })

  it('data:null with a reference → re-read by id', async () => {
    api()
      .post('/api/vault/customer')
      .reply(200, ok(null))
      .get('/api/vault/ada001')
      .reply(200, ok(full()))
    expect((await right(vault().customers.create({ reference: 'ada001' }))).value.id).toBe('ada001')
  })

  it('data:null without a reference → OutcomeUnknown (it happened, unnamed), nothing resent', async () => {
    const scope = api().post('/api/vault/customer').reply(200, ok(null))
    const e = await left(vault().customers.create({ description: 'x' }))
    expect(e).toMatchObject({ kind: 'OutcomeUnknown', retry: 'reconcile' })
    expect(scope.isDone()).toBe(true)
  })

  it('a duplicate custom id → Conflict', async () => {
    api()
      .post('/api/vault/customer')
      .reply(409, failed('conflict error: customer id already exists'))
    const e = await left(vault().customers.create({ reference: 'ada001' }))
    expect(e).toMatchObject({ kind: 'Conflict', gatewayCode: 'conflict error', httpStatus: 409 })
  })

  it('a timeout is OutcomeUnknown and the create is not resent', async () => {
    const scope = api().post('/api/vault/customer').delay(1_500).reply(200, ok(full()))
    const second = api().post('/api/vault/customer').reply(200, ok(full()))
    const e = await left(vault().customers.create({ reference: 'ada001' }))
    expect(e).toMatchObject({ kind: 'OutcomeUnknown', retry: 'reconcile' })
    expect(scope.isDone()).toBe(true)
    expect(second.isDone()).toBe(false)
  })

  it('a 502 on a create is OutcomeUnknown, not retried', async () => {
    api().post('/api/vault/customer').reply(502, 'Bad Gateway')
    const second = api().post('/api/vault/customer').reply(200, ok(full()))
    expect((await left(vault().customers.create({ reference: 'ada001' }))).kind).toBe(
      'OutcomeUnknown',
    )
    expect(second.isDone()).toBe(false)
  })

  it('refuses before any request: long description, TEL, idFormat with reference, string Apple Pay', async () => {
    const scope = api().post('/api/vault/customer').reply(200, ok(full()))
    const v = vault()
    const bad = [
      { description: 'x'.repeat(256) },
      {
        paymentMethod: {
          kind: 'bank_account' as const,
          accountNumber: '000123456789',
          routingNumber: '021000021',
          accountType: 'checking' as const,
          secCode: 'TEL' as const,
        },
      },
      { reference: 'ada001', gatewayData: { idFormat: 'xid_type_last4' } },
      { gatewayData: { flags: 'surcharge_exempt' } },
      { paymentMethod: { kind: 'wallet' as const, wallet: 'apple_pay' as const, payload: 'tok' } },
    ]
    for (const input of bad) expect((await left(v.customers.create(input))).kind).toBe('Validation')
    expect((await left(v.customers.create({ reference: 'has-dash' }))).kind).toBe('Validation')
    expect(scope.isDone()).toBe(false)
  })
})

describe('customers.update / delete', () => {
  it('merges description, notes, flags and defaults, then re-reads', async () => {
    const rec = record('ada001', {
      addresses: [address('a1'), address('a2')],
      cards: [card('p1')],
      ach: [ach('b1')],
      defaults: BILLING,
      description: 'old',
      notes: 'n',
      flags: ['surcharge_exempt'],
    })
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(rec))
      .post('/api/vault/customer/ada001', {
        description: 'new',
        notes: 'n',
        flags: [],
        defaults: {
          billing_address_id: 'a1',
          shipping_address_id: 'a2',
          payment_method_id: 'b1',
          payment_method_type: 'ach',
        },
      })
      .reply(200, ok(null))
      .get('/api/vault/ada001')
      .reply(200, ok(rec))
    const w = await right(
      vault().customers.update(C, {
        description: 'new',
        defaults: { shippingAddressId: addressId('a2'), paymentMethodId: paymentMethodId('b1') },
        gatewayData: { flags: [] },
      }),
    )
    expect(scope.isDone()).toBe(true)
    expect(w.value.id).toBe('ada001')
  })

  it('contact fields update the default billing address', async () => {
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(full()))
      .post('/api/vault/customer/ada001/address/a1', {
        first_name: 'Ada',
        last_name: 'King',
        company: 'Lee Tools',
        line_1: '12 Elm Street',
        city: 'Edina',
        state: 'MN',
        postal_code: '55424',
        country: 'US',
        email: 'ada@king.example',
        phone: '6125550100',
      })
      .reply(200, ok(full()))
      .get('/api/vault/ada001')
      .reply(200, ok(full()))
    await right(vault().customers.update(C, { name: 'Ada King', email: 'ada@king.example' }))
    expect(scope.isDone()).toBe(true)
  })

  it('contact fields without any address create the default billing address', async () => {
    const bare = record('ada001')
    const withAddr = record('ada001', { addresses: [address('n1')] })
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(bare))
      .post('/api/vault/customer/ada001/address', { first_name: 'Ada', last_name: 'Lee' })
      .reply(200, ok(withAddr))
      .post('/api/vault/customer/ada001', {
        description: '',
        notes: '',
        flags: [],
        defaults: { billing_address_id: 'n1' },
      })
      .reply(200, ok(null))
      .get('/api/vault/ada001')
      .reply(200, ok(withAddr))
    const w = await right(vault().customers.update(C, { name: 'Ada Lee' }))
    expect(scope.isDone()).toBe(true)
    expect(w.warnings.map((x) => x.code)).toEqual(['contact_stored_as_address'])
  })

  it('refuses a new reference and unknown default ids', async () => {
    api().get('/api/vault/ada001').times(2).reply(200, ok(full()))
    const v = vault()
    const e = await left(v.customers.update(C, { reference: 'other' }))
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'reference' }] })
    const e2 = await left(
      v.customers.update(C, { defaults: { paymentMethodId: paymentMethodId('zz') } }),
    )
    expect(e2).toMatchObject({ kind: 'Validation', issues: [{ path: 'defaults.paymentMethodId' }] })
  })

  it('delete → DELETE /api/vault/{id}; twice → NotFound', async () => {
    api()
      .delete('/api/vault/ada001')
      .reply(200, ok(null))
      .delete('/api/vault/ada001')
      .reply(404, failed('not found error: customer not found'))
    const v = vault()
    expect(await right(v.customers.delete(C))).toBeUndefined()
    expect((await left(v.customers.delete(C))).kind).toBe('NotFound')
  })
})

describe('customers.list', () => {
  it('maps the filter and pages by offset', async () => {
    const scope = api()
      .post('/api/vault/customer/search', {
        id: { value: 'ada001', operator: '=' },
        email: { value: 'ada@example.com', operator: '=' },
        first_name: { value: 'Ada', operator: '=' },
        last_name: { value: 'Lee', operator: '=' },
        updated_at: { start_date: '2026-01-01T00:00:00Z' },
        limit: 2,
        offset: 0,
      })
      .reply(200, ok([full(), record('ada002')], { total_count: 3 }))
      .post(
        '/api/vault/customer/search',
        (b: Record<string, unknown>) => b['offset'] === 2 && b['limit'] === 2,
      )
      .reply(200, ok([record('ada003')], { total_count: 3 }))
    const v = vault()
    const filter = {
      reference: 'ada001',
      email: 'ada@example.com',
      name: 'Ada Lee',
      changedSince: '2026-01-01T00:00:00Z',
    }
    const p1 = await right(v.customers.list({ pageSize: 2, filter }))
    expect(p1.items.map((c) => c.id)).toEqual(['ada001', 'ada002'])
    expect(p1.items[0]).toMatchObject({
      name: 'Ada Lee',
      email: 'ada@example.com',
      reference: 'ada001',
    })
    expect(p1.totalCount).toBe(3)
    expect(p1.nextCursor).toBeDefined()
    const p2 = await right(
      v.customers.list({ pageSize: 2, filter, cursor: p1.nextCursor as string }),
    )
    expect(p2.items.map((c) => c.id)).toEqual(['ada003'])
    expect(p2.nextCursor).toBeUndefined()
    expect(scope.isDone()).toBe(true)
  })

  it('collects every customer exactly once with the default page size', async () => {
    const all = Array.from({ length: 23 }, (_, i) => record(`c${i}`))
    api()
      .post('/api/vault/customer/search')
      .times(3)
      .reply(200, (_uri, body) => {
        const { limit, offset } = body as { limit: number; offset: number }
        return ok(all.slice(offset, offset + limit), { total_count: all.length })
      })
    const got = await right(collectAll(vault().customers.list, {}))
    expect(got.map((c) => c.id)).toEqual(all.map((r) => r.id))
  })

  it('a foreign cursor and a page over 100 are Validation', async () => {
    const v = vault()
    expect((await left(v.customers.list({ cursor: 'page:2' }))).kind).toBe('Validation')
    expect((await left(v.customers.list({ pageSize: 101 }))).kind).toBe('Validation')
  })
})

describe('fluidpay.search', () => {
  it('sends every filter, operator and date range', async () => {
    const scope = api()
      .post('/api/vault/customer/search', {
        city: { value: 'Edina', operator: '=' },
        payment_method_type: { value: 'ach', operator: '!=' },
        created_at: { start_date: '2026-01-01', end_date: '2026-01-31T23:59:59Z' },
        updated_at: { end_date: '2026-02-01' },
        limit: 1,
        offset: 5,
      })
      .reply(200, ok([full()], { total_count: 9 }))
    const r = await right(
      vault().fluidpay.search({
        filters: { city: 'Edina', payment_method_type: { value: 'ach', operator: '!=' } },
        createdAt: { start: '2026-01-01', end: '2026-01-31T23:59:59Z' },
        updatedAt: { end: '2026-02-01' },
        limit: 1,
        offset: 5,
      }),
    )
    expect(scope.isDone()).toBe(true)
    expect(r.customers[0]?.paymentMethods).toHaveLength(2)
    expect(r).toMatchObject({ totalCount: 9, nextOffset: 6 })
  })

  it('refuses bad criteria before any request', async () => {
    const v = vault()
    for (const c of [
      { limit: 0 },
      { limit: 101 },
      { offset: -1 },
      { createdAt: { start: 'yesterday' } },
      { filters: { nickname: 'x' } as never },
      { filters: { city: { value: 'x', operator: '<' as never } } },
    ]) {
      expect((await left(v.fluidpay.search(c))).kind).toBe('Validation')
    }
  })
})

describe('addresses', () => {
  const one = record('ada001', { addresses: [address('a1')], defaults: BILLING })
  const two = record('ada001', {
    addresses: [address('a1'), address('a2', { first_name: 'Bo' })],
    defaults: BILLING,
  })

  it('add shipping: creates it and makes it the default shipping address', async () => {
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(one))
      .post('/api/vault/customer/ada001/address', {
        first_name: 'Bo',
        last_name: 'Lee',
        line_1: '1 Dock Rd',
      })
      .reply(200, ok(two))
      .post('/api/vault/customer/ada001', { defaults: { ...BILLING, shipping_address_id: 'a2' } })
      .reply(200, ok(null))
    const w = await right(
      vault().addresses.add(C, { role: 'shipping', name: 'Bo Lee', line1: '1 Dock Rd' }),
    )
    expect(scope.isDone()).toBe(true)
    expect(w.value).toMatchObject({ id: 'a2', role: 'shipping', name: 'Bo Lee' })
  })

  it('add billing to a customer that has a billing default: one request besides the read', async () => {
    api()
      .get('/api/vault/ada001')
      .reply(200, ok(one))
      .post('/api/vault/customer/ada001/address')
      .reply(200, ok(two))
    const w = await right(
      vault().addresses.add(C, { role: 'billing', name: 'Bo Lee', label: 'Home' }),
    )
    expect(w.value).toMatchObject({ id: 'a2', role: 'billing' })
    expect(w.warnings.map((x) => x.code)).toEqual(['field_dropped'])
  })

  it('a lone shipping address reads back as billing, with a warning', async () => {
    const only = record('ada001', {
      addresses: [address('a1')],
      defaults: { billing_address_id: 'a1', shipping_address_id: 'a1' },
    })
    api()
      .get('/api/vault/ada001')
      .reply(200, ok(record('ada001')))
      .post('/api/vault/customer/ada001/address')
      .reply(200, ok(only))
    const w = await right(vault().addresses.add(C, { role: 'shipping', name: 'Ada Lee' }))
    expect(w.value.role).toBe('billing')
    expect(w.warnings.map((x) => x.code)).toEqual(['address_role_not_kept'])
  })

  it('add to an unknown customer → NotFound', async () => {
    api().get('/api/vault/nobody').reply(404, failed('not found error: customer not found'))
    expect(
      (await left(vault().addresses.add(customerId('nobody'), { role: 'billing' }))).kind,
    ).toBe('NotFound')
  })

  it('update merges with the stored address', async () => {
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(two))
      .post('/api/vault/customer/ada001/address/a2', {
        first_name: 'Bo',
        last_name: 'Lee',
        company: 'Lee Tools',
        line_1: '12 Elm Street',
        city: 'Minneapolis',
        state: 'MN',
        postal_code: '55424',
        country: 'US',
        email: 'ada@example.com',
        phone: '6125550100',
      })
      .reply(200, ok(null))
      .get('/api/vault/ada001')
      .reply(200, ok(two))
    await right(vault().addresses.update(C, addressId('a2'), { city: 'Minneapolis' }))
    expect(scope.isDone()).toBe(true)
  })

  it('update of an unknown address → NotFound', async () => {
    api().get('/api/vault/ada001').reply(200, ok(one))
    expect((await left(vault().addresses.update(C, addressId('zz'), { city: 'X' }))).kind).toBe(
      'NotFound',
    )
  })

  it('remove → DELETE; unknown → NotFound', async () => {
    api()
      .delete('/api/vault/customer/ada001/address/a1')
      .reply(200, ok(null))
      .delete('/api/vault/customer/ada001/address/zz')
      .reply(404, failed('not found error: address not found'))
    const v = vault()
    expect(await right(v.addresses.remove(C, addressId('a1')))).toBeUndefined()
    expect((await left(v.addresses.remove(C, addressId('zz')))).kind).toBe('NotFound')
  })
})

describe('paymentMethods', () => {
  const before = record('ada001', { cards: [card('p1')], defaults: BILLING })
  const withNew = (extra: unknown) =>
    record('ada001', { cards: [card('p1')], ach: [extra], defaults: BILLING })

  it.each([
    [
      'ACH',
      {
        kind: 'bank_account',
        accountNumber: '000123456789',
        routingNumber: '021000021',
        accountType: 'checking',
        secCode: 'PPD',
      },
      '/ach',
      {
        account_number: '000123456789',
        routing_number: '021000021',
        account_type: 'checking',
        sec_code: 'ppd',
      },
    ],
    [
      'a tokenizer token',
      { kind: 'gateway_token', token: 'tok_ach' },
      '/token',
      { token: 'tok_ach' },
    ],
  ] as const)('add %s', async (_n, input, path, body) => {
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(before))
      .post(`/api/vault/customer/ada001${path}`, body)
      .reply(200, ok(withNew(ach('b7'))))
    const w = await right(vault().paymentMethods.add(C, input))
    expect(scope.isDone()).toBe(true)
    expect(w.value).toMatchObject({ kind: 'bank_account', id: 'b7', accountLast4: '6789' })
  })

  it.each([
    [
      'Apple Pay',
      {
        kind: 'wallet',
        wallet: 'apple_pay',
        payload: { key_id: 'merchant.com.example', temporary_token: 'wjs_tmp_0001' },
      },
      '/applepay',
      { key_id: 'merchant.com.example', temporary_token: 'wjs_tmp_0001' },
    ],
    [
      'Google Pay',
      { kind: 'wallet', wallet: 'google_pay', payload: '{"signature":"x"}' },
      '/googlepay',
      { google_pay_token: '{"signature":"x"}' },
    ],
    [
      'a card',
      { kind: 'card', number: '5555555555554444', expiry: { month: 3, year: 2030 } },
      '/card',
      { number: '5555555555554444', expiration_date: '03/30' },
    ],
  ] as const)('add %s', async (_n, input, path, body) => {
    const after = record('ada001', {
      cards: [
        card('p1'),
        card('p8', {
          card_type: 'mastercard',
          masked_number: '555555******4444',
          expiration_date: '03/30',
        }),
      ],
      defaults: BILLING,
    })
    api()
      .get('/api/vault/ada001')
      .reply(200, ok(before))
      .post(`/api/vault/customer/ada001${path}`, body)
      .reply(200, ok(after))
    const w = await right(vault().paymentMethods.add(C, input))
    expect(w.value).toMatchObject({ kind: 'card', id: 'p8', brand: 'mastercard', last4: '4444' })
  })

  it('add with makeDefault sets payment_method_id and type', async () => {
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(before))
      .post('/api/vault/customer/ada001/ach')
      .reply(200, ok(withNew(ach('b7'))))
      .post('/api/vault/customer/ada001', {
        defaults: { ...BILLING, payment_method_id: 'b7', payment_method_type: 'ach' },
      })
      .reply(200, ok(null))
    const w = await right(
      vault().paymentMethods.add(
        C,
        {
          kind: 'bank_account',
          accountNumber: '000123456789',
          routingNumber: '021000021',
          accountType: 'checking',
        },
        { makeDefault: true },
      ),
    )
    expect(scope.isDone()).toBe(true)
    expect(w.value.id).toBe('b7')
    expect(w.warnings.map((x) => x.code)).toEqual(['sec_code_defaulted'])
  })

  it('a refused card → Validation on the number, no secret in the error', async () => {
    api().get('/api/vault/ada001').reply(200, ok(before))
    api()
      .post('/api/vault/customer/ada001/card')
      .reply(400, failed(`bad request error: invalid card number ${PAN} for key ${KEY}`))
    const e = await left(
      vault().paymentMethods.add(C, {
        kind: 'card',
        number: PAN,
        expiry: { month: 1, year: 2030 },
      }),
    )
    expect(e).toMatchObject({
      kind: 'Validation',
      gatewayCode: 'bad request error',
      issues: [{ path: 'number' }],
    })
    expect(JSON.stringify(e)).not.toContain(PAN)
    expect(JSON.stringify(e)).not.toContain(KEY)
  })

  it('prior transactions and status changes are Unsupported', async () => {
    const v = vault()
    expect(
      (
        await left(
          v.paymentMethods.add(C, { kind: 'prior_transaction', transactionId: 't1', rail: 'card' }),
        )
      ).kind,
    ).toBe('Unsupported')
    expect(
      (await left(v.paymentMethods.update(C, paymentMethodId('p1'), { status: 'inactive' }))).kind,
    ).toBe('Unsupported')
  })

  it('a patch field FluidPay cannot change is a warning', async () => {
    api().get('/api/vault/ada001').reply(200, ok(full()))
    const w = await right(
      vault().paymentMethods.update(C, paymentMethodId('b1'), { holderName: 'X', secCode: 'WEB' }),
    )
    expect(w.value.id).toBe('b1')
    expect(w.warnings.map((x) => [x.code, x.field])).toEqual([
      ['field_dropped', 'holderName'],
      ['field_dropped', 'secCode'],
    ])
  })

  it('a second shipping address is Conflict before any write', async () => {
    const shipped = record('ada001', {
      addresses: [address('a1'), address('a2')],
      defaults: { billing_address_id: 'a1', shipping_address_id: 'a2' },
    })
    api().get('/api/vault/ada001').reply(200, ok(shipped))
    const e = await left(vault().addresses.add(C, { role: 'shipping', name: 'Bo Lee' }))
    expect(e.kind).toBe('Conflict')
  })

  it('list reads cards and ACH from the customer', async () => {
    api().get('/api/vault/ada001').reply(200, ok(full()))
    expect((await right(vault().paymentMethods.list(C))).map((m) => m.id)).toEqual(['p1', 'b1'])
  })

  it('update expiry: POST card/{id} with MM/YY, data:null → re-read', async () => {
    const updated = record('ada001', {
      cards: [card('p1', { expiration_date: '2031-01-31T00:00:00Z' })],
    })
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(before))
      .post('/api/vault/customer/ada001/card/p1', { expiration_date: '01/31' })
      .reply(200, ok(null))
      .get('/api/vault/ada001')
      .reply(200, ok(updated))
    const w = await right(
      vault().paymentMethods.update(C, paymentMethodId('p1'), { expiry: { month: 1, year: 2031 } }),
    )
    expect(scope.isDone()).toBe(true)
    expect(w.value).toMatchObject({ expiry: { month: 1, year: 2031 } })
  })

  it('update: expiry on ACH → Validation, unknown id → NotFound', async () => {
    api().get('/api/vault/ada001').times(2).reply(200, ok(full()))
    const v = vault()
    expect(
      (
        await left(
          v.paymentMethods.update(C, paymentMethodId('b1'), { expiry: { month: 1, year: 2031 } }),
        )
      ).kind,
    ).toBe('Validation')
    expect(
      (
        await left(
          v.paymentMethods.update(C, paymentMethodId('zz'), { expiry: { month: 1, year: 2031 } }),
        )
      ).kind,
    ).toBe('NotFound')
  })

  it('remove picks the card or ACH path', async () => {
    const scope = api()
      .get('/api/vault/ada001')
      .twice()
      .reply(200, ok(full()))
      .delete('/api/vault/customer/ada001/ach/b1')
      .reply(200, ok(null))
      .delete('/api/vault/customer/ada001/card/p1')
      .reply(200, ok(null))
    const v = vault()
    await right(v.paymentMethods.remove(C, paymentMethodId('b1')))
    await right(v.paymentMethods.remove(C, paymentMethodId('p1')))
    expect(scope.isDone()).toBe(true)
  })

  it('remove / setDefault of an unknown method → NotFound', async () => {
    api().get('/api/vault/ada001').twice().reply(200, ok(full()))
    const v = vault()
    expect((await left(v.paymentMethods.remove(C, paymentMethodId('zz')))).kind).toBe('NotFound')
    expect((await left(v.paymentMethods.setDefault(C, paymentMethodId('zz')))).kind).toBe(
      'NotFound',
    )
  })

  it('setDefault sends the method id and type', async () => {
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(full()))
      .post('/api/vault/customer/ada001', {
        defaults: { ...BILLING, payment_method_id: 'b1', payment_method_type: 'ach' },
      })
      .reply(200, ok(null))
    await right(vault().paymentMethods.setDefault(C, paymentMethodId('b1')))
    expect(scope.isDone()).toBe(true)
  })

  it('setPaymentMethodFlags posts flags on the method route', async () => {
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(full()))
      .post('/api/vault/customer/ada001/ach/b1', { flags: ['locked_security'] })
      .reply(200, ok(full()))
    await right(
      vault().fluidpay.setPaymentMethodFlags(C, paymentMethodId('b1'), ['locked_security']),
    )
    expect(scope.isDone()).toBe(true)
  })
})

describe('answers that are not successes', () => {
  it('HTTP 200 with status "failed" is an error, never a success', async () => {
    api().get('/api/vault/ada001').reply(200, failed('not found error: customer not found'))
    expect((await left(vault().customers.get(C))).kind).toBe('NotFound')
  })

  it.each([
    ['empty', ''],
    ['HTML', '<html><body>502</body></html>'],
    ['truncated', '{"status":"success","data":{"id":'],
    ['wrong shape', '{"status":"success","msg":"success","data":{"id":"x"}}'],
    ['not an envelope', '[1,2,3]'],
  ])('%s body → UnexpectedResponse', async (_n, body) => {
    api().get('/api/vault/ada001').reply(200, body)
    expect((await left(vault().customers.get(C))).kind).toBe('UnexpectedResponse')
  })

  it('a 401 → Auth and the key never shows', async () => {
    api()
      .get('/api/vault/ada001')
      .reply(401, failed(`unauthorized error: invalid api key ${KEY}`))
    const e = await left(vault().customers.get(C))
    expect(e).toMatchObject({ kind: 'Auth', gatewayCode: 'unauthorized error' })
    expect(JSON.stringify(e)).not.toContain(KEY)
  })

  it('a 429 that persists → RateLimited', async () => {
    api()
      .get('/api/vault/ada001')
      .times(3)
      .reply(429, failed('too many requests error: rate limit exceeded'), { 'retry-after': '0' })
    expect((await left(vault().customers.get(C))).kind).toBe('RateLimited')
  })

  it('transcripts carry no key and no card number', async () => {
    const events: string[] = []
    api().get('/api/vault/ada001').reply(200, ok(full()))
    api().post('/api/vault/customer/ada001/card').reply(200, ok(full()))
    const v = vault({ http: { onTranscript: (e) => events.push(JSON.stringify(e)) } })
    await v.paymentMethods.add(C, { kind: 'card', number: PAN, expiry: { month: 1, year: 2030 } })()
    expect(events.length).toBe(2)
    for (const e of events) {
      expect(e).not.toContain(KEY)
      expect(e).not.toContain(PAN)
    }
  })
})
