import nock from 'nock'
import { customerId, recurrenceId, type TranscriptEvent, type Vault } from '@vaultport/core'
import { createPayTraceVault, type PayTraceConfig } from '../src'
import { recurrenceItem, withCard, withCheck } from './fixtures'
import {
  ACCOUNT,
  api,
  BASE,
  config,
  detail,
  left,
  now,
  PAN,
  right,
  SECRET,
  TOKEN,
  tokenOk,
} from './harness'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

describe('auth', () => {
  it('posts the form grant once, caches the token, and sends X-Integrator-Id', async () => {
    const t = tokenOk()
    const a = api().get('/v3/customer/1000001').times(2).reply(200, { data: detail() })
    const v = createPayTraceVault(config())
    right(await v.customers.get(customerId('1000001'))())
    right(await v.customers.get(customerId('1000001'))())
    expect(t.isDone()).toBe(true)
    expect(a.isDone()).toBe(true)
  })

  it('accepts the token at top level', async () => {
    tokenOk({ access_token: TOKEN, expires_in: '7200' })
    api().get('/v3/customer/1000001').reply(200, { data: detail() })
    right(await createPayTraceVault(config()).customers.get(customerId('1000001'))())
  })

  it('replays exactly once after a 401, with a refresh grant, then gives Auth', async () => {
    tokenOk({ data: { access_token: TOKEN, refresh_token: 'ptsbx_rt_1', expires_in: 7200 } })
    nock(BASE)
      .post(
        '/v3/token',
        (b: Record<string, string>) =>
          b['grant_type'] === 'refresh_token' && b['refresh_token'] === 'ptsbx_rt_1',
      )
      .reply(201, { data: { access_token: TOKEN, expires_in: 7200 } })
    const a = api().get('/v3/customer/1000001').times(2).reply(401, {
      error: 'invalid_token',
      error_description: 'The access token is missing, invalid or expired.',
    })
    const e = left(await createPayTraceVault(config()).customers.get(customerId('1000001'))())
    expect(e.kind).toBe('Auth')
    expect(e.gatewayCode).toBe('invalid_token')
    expect(a.isDone()).toBe(true)
  })

  it('refreshes the token before it expires', async () => {
    let clock = now.getTime()
    let grants = 0
    nock(BASE)
      .post('/v3/token')
      .times(2)
      .reply(201, () => {
        grants++
        return { data: { access_token: TOKEN, expires_in: 120 } }
      })
    api().get('/v3/customer/1000001').times(2).reply(200, { data: detail() })
    const v = createPayTraceVault(config({ now: () => new Date(clock) }))
    right(await v.customers.get(customerId('1000001'))())
    clock += 61_000
    right(await v.customers.get(customerId('1000001'))())
    expect(grants).toBe(2)
  })

  it('a refused client secret is Auth after one token request, and the secret appears nowhere', async () => {
    const t = nock(BASE)
      .post('/v3/token')
      .reply(401, { error: 'invalid_client', error_description: `bad secret ${SECRET}` })
    const e = left(await createPayTraceVault(config()).customers.get(customerId('1000001'))())
    expect(e.kind).toBe('Auth')
    expect(e.gatewayCode).toBe('invalid_client')
    expect(JSON.stringify(e)).not.toContain(SECRET)
    expect(t.isDone()).toBe(true)
  })
})

describe('configuration', () => {
  it.each([
    [{ clientId: '' }, 'Auth'],
    [{ clientSecret: '' }, 'Auth'],
    [{ baseUrl: 'not a url' }, 'Validation'],
    [{ integratorId: 'thirteen-char' }, 'Validation'],
    [{ merchantId: -1 }, 'Validation'],
    [{ cardNumberMode: 'encrypted' as const }, 'Validation'],
  ])('%j makes every call a Left (%s) before any request', async (bad, kind) => {
    const v = createPayTraceVault(config(bad as Partial<PayTraceConfig>))
    expect(left(await v.customers.get(customerId('1'))()).kind).toBe(kind)
    expect(left(await v.recurrences.get(recurrenceId('1'))()).kind).toBe(kind)
    expect(left(await v.paytrace.exportCustomers()()).kind).toBe(kind)
  })
})

describe('customers', () => {
  const created = { data: detail(withCard) }

  it('create with a raw card: C1 body exactly, the answer read as a customer', async () => {
    tokenOk()
    let body: unknown
    api()
      .post('/v3/customer/create', (b: unknown) => ((body = b), true))
      .matchHeader('content-type', 'application/json')
      .reply(200, created)
    const v = createPayTraceVault(config({ merchantId: 246810 }))
    const w = right(
      await v.customers.create({
        reference: 'lee-ada-000001',
        name: 'Ada Lee',
        email: 'ada.lee@example.com',
        company: 'ACME',
        addresses: [
          {
            role: 'billing',
            line1: '12 Elm Street',
            city: 'Edina',
            region: 'MN',
            postalCode: '55424',
            country: 'US',
          },
        ],
        paymentMethod: { kind: 'card', number: PAN, expiry: { month: 12, year: 2028 } },
      })(),
    )
    expect(body).toEqual({
      customer_label: 'lee-ada-000001',
      email: 'ada.lee@example.com',
      billing_address: {
        name: 'Ada Lee',
        street_address: '12 Elm Street',
        city: 'Edina',
        state: 'MN',
        postal_code: '55424',
        country: 'US',
      },
      merchant_id: 246810,
      card: { number: PAN, expiration_month: 12, expiration_year: 28 },
    })
    expect(w.warnings.map((x) => x.field)).toEqual(['company'])
    expect(w.value).toMatchObject({
      id: '1000001',
      reference: 'lee-ada-000001',
      name: 'Ada Lee',
      paymentMethods: [
        {
          kind: 'card',
          id: 'card',
          brand: 'visa',
          last4: '1111',
          bin: '411111',
          expiry: { month: 12, year: 2028 },
        },
      ],
      gatewayData: { discretionary_data: [{ disc_id: 1, value: 'gold' }] },
    })
    expect(w.value.addresses.map((a) => a.id)).toEqual(['billing'])
  })

  it('create with a check in encrypted mode sends the encrypted account number', async () => {
    tokenOk()
    let body: Record<string, unknown> = {}
    api()
      .post('/v3/customer/create', (b: Record<string, unknown>) => ((body = b), true))
      .reply(200, { data: detail(withCheck) })
    const v = createPayTraceVault(
      config({ cardNumberMode: 'encrypted', encrypt: (p) => Buffer.from(p).toString('base64') }),
    )
    const w = right(
      await v.customers.create({
        reference: 'r',
        paymentMethod: {
          kind: 'bank_account',
          accountNumber: ACCOUNT,
          routingNumber: '021000021',
          accountType: 'checking',
          secCode: 'PPD',
        },
      })(),
    )
    expect(body['check']).toEqual({
      account_number: Buffer.from(ACCOUNT).toString('base64'),
      routing_number: '021000021',
      account_type: 'Checking',
      sec_code: 'PPD',
    })
    expect(w.value.paymentMethods).toEqual([
      {
        kind: 'bank_account',
        id: 'check',
        accountType: 'checking',
        accountLast4: '6789',
        routingLast4: '0021',
        secCode: 'PPD',
        status: 'active',
      },
    ])
  })

  it('create from a Protect.js token: C4 with hpf_token and enc_key', async () => {
    tokenOk()
    let body: Record<string, unknown> = {}
    api()
      .post('/v3/customer/create/pt-protect', (b: Record<string, unknown>) => ((body = b), true))
      .reply(200, created)
    const v = createPayTraceVault(config())
    right(
      await v.customers.create({
        reference: 'r',
        paymentMethod: {
          kind: 'gateway_token',
          token: 'e369847e-3027-4174-9161-fa0d4e98d318',
          extras: { enc_key: 'lI785y=' },
        },
      })(),
    )
    expect(body).toEqual({
      customer_label: 'r',
      hpf_token: 'e369847e-3027-4174-9161-fa0d4e98d318',
      enc_key: 'lI785y=',
    })
  })

  it('a Protect.js token without enc_key is Validation, before any request', async () => {
    const e = left(
      await createPayTraceVault(config()).customers.create({
        reference: 'r',
        paymentMethod: { kind: 'gateway_token', token: 'tok' },
      })(),
    )
    expect(e.kind).toBe('Validation')
    expect(e.kind === 'Validation' && e.issues[0]?.path).toBe('paymentMethod.extras.enc_key')
  })

  it.each([
    ['card', '/v3/customer/create/by-transaction'],
    ['bank_account', '/v3/customer/ach/create/by-transaction'],
  ] as const)('create from a prior %s transaction: %s', async (rail, path) => {
    tokenOk()
    let body: Record<string, unknown> = {}
    api()
      .post(path, (b: Record<string, unknown>) => ((body = b), true))
      .reply(200, { data: { customer_id: 1000001 } })
    api()
      .get('/v3/customer/1000001')
      .reply(200, { data: detail(rail === 'card' ? withCard : withCheck) })
    const v = createPayTraceVault(config({ merchantId: 246810 }))
    const w = right(
      await v.customers.create({
        reference: 'r',
        paymentMethod: { kind: 'prior_transaction', transactionId: '123456789', rail },
        gatewayData: { customer_reference_id: 'PO123456' },
      })(),
    )
    expect(body).toEqual({
      customer_label: 'r',
      transaction_id: '123456789',
      customer_reference_id: 'PO123456',
    })
    expect(w.value.paymentMethods[0]?.id).toBe(rail === 'card' ? 'card' : 'check')
  })

  it('a duplicate label is Conflict', async () => {
    tokenOk()
    api()
      .post('/v3/customer/create')
      .reply(422, {
        data: [{ field: 'body/customer_label', detail: 'customer_label already exists' }],
      })
    expect(
      left(await createPayTraceVault(config()).customers.create({ reference: 'r' })()).kind,
    ).toBe('Conflict')
  })

  it('a create that times out is OutcomeUnknown after exactly one request', async () => {
    tokenOk()
    let calls = 0
    api()
      .post('/v3/customer/create')
      .times(3)
      .delay(1500)
      .reply(() => {
        calls++
        return [200, created]
      })
    const e = left(await createPayTraceVault(config()).customers.create({ reference: 'r' })())
    expect(e.kind).toBe('OutcomeUnknown')
    expect(calls).toBe(1)
  })

  it('a read that times out is retried', async () => {
    tokenOk()
    api().get('/v3/customer/1000001').delay(1500).reply(200, { data: detail() })
    api().get('/v3/customer/1000001').reply(200, { data: detail() })
    right(await createPayTraceVault(config()).customers.get(customerId('1000001'))())
  })

  it.each([
    ['empty', ''],
    ['HTML', '<html><body>502</body></html>'],
    ['truncated', '{"data":{"customer_id":10'],
    ['wrong shape', '{"data":{"nothing":true}}'],
  ])('a %s 200 body is UnexpectedResponse', async (_n, body) => {
    tokenOk()
    api().get('/v3/customer/1000001').reply(200, body)
    expect(
      left(await createPayTraceVault(config()).customers.get(customerId('1000001'))()).kind,
    ).toBe('UnexpectedResponse')
  })

  it('get of an unknown id is NotFound (422 path/customer_id); a non-integer id never leaves', async () => {
    tokenOk()
    api()
      .get('/v3/customer/9999999')
      .reply(422, {
        data: [{ field: 'path/customer_id', detail: 'customer_id 9999999 was not found' }],
      })
    const v = createPayTraceVault(config())
    expect(left(await v.customers.get(customerId('9999999'))()).kind).toBe('NotFound')
    expect(left(await v.customers.get(customerId('abc'))()).kind).toBe('NotFound')
  })

  it('update: C5 PATCH with a new label, name into the billing slot', async () => {
    tokenOk()
    let body: unknown
    api()
      .patch('/v3/customer/1000001', (b: unknown) => ((body = b), true))
      .reply(200, { data: detail({ customer_label: 'new-label' }) })
    const w = right(
      await createPayTraceVault(config()).customers.update(customerId('1000001'), {
        reference: 'new-label',
        name: 'Ada Lee',
        notes: 'x',
      })(),
    )
    expect(body).toEqual({ customer_label: 'new-label', billing_address: { name: 'Ada Lee' } })
    expect(w.value.reference).toBe('new-label')
    expect(w.warnings.map((x) => x.field)).toEqual(['notes'])
  })

  it('delete: C11; the second delete is NotFound', async () => {
    tokenOk()
    api()
      .delete('/v3/customer/1000001')
      .reply(200, { data: { customer_id: 1000001 } })
    api()
      .delete('/v3/customer/1000001')
      .reply(422, {
        data: [{ field: 'path/customer_id', detail: 'customer_id 1000001 was not found' }],
      })
    const v = createPayTraceVault(config())
    right(await v.customers.delete(customerId('1000001'))())
    expect(left(await v.customers.delete(customerId('1000001'))()).kind).toBe('NotFound')
  })

  it('list: C9 query with name filter, activity days, limit/offset cursor', async () => {
    tokenOk()
    const item = {
      customer_id: 1000001,
      customer_label: 'lee-ada-000001',
      name: 'Ada Lee',
      email: 'ada.lee@example.com',
      phone: '612',
      last_activity: '2026-01-05T10:00:00.000Z',
    }
    api()
      .get('/v3/customer')
      .query({ limit: '2', offset: '0', name_filter: 'ada', last_activity_days: '2' })
      .reply(200, {
        data: [item, { ...item, customer_id: 1000002 }],
        total_count: 3,
        limit: 2,
        offset: 0,
      })
    api()
      .get('/v3/customer')
      .query({ limit: '2', offset: '2', name_filter: 'ada', last_activity_days: '2' })
      .reply(200, {
        data: [{ ...item, customer_id: 1000003 }],
        total_count: 3,
        limit: 2,
        offset: 2,
      })
    const v = createPayTraceVault(config())
    const filter = { name: 'ada', changedSince: '2026-01-13T12:00:00.000Z' }
    const p1 = right(await v.customers.list({ pageSize: 2, filter })())
    expect(p1.items.map((c) => c.id)).toEqual(['1000001', '1000002'])
    expect(p1.items[0]).toEqual({
      id: '1000001',
      reference: 'lee-ada-000001',
      name: 'Ada Lee',
      email: 'ada.lee@example.com',
      phone: '612',
      updatedAt: '2026-01-05T10:00:00.000Z',
    })
    expect(p1.totalCount).toBe(3)
    const p2 = right(
      await v.customers.list({
        pageSize: 2,
        filter,
        ...(p1.nextCursor === undefined ? {} : { cursor: p1.nextCursor }),
      })(),
    )
    expect(p2.items.map((c) => c.id)).toEqual(['1000003'])
    expect(p2.nextCursor).toBeUndefined()
    expect(left(await v.customers.list({ cursor: 'nonsense' })()).kind).toBe('Validation')
  })

  it('streamCustomers walks every page', async () => {
    tokenOk()
    const item = (id: number) => ({ customer_id: id, customer_label: `c${id}` })
    api()
      .get('/v3/customer')
      .query({ limit: '2', offset: '0' })
      .reply(200, { data: [item(1), item(2)], total_count: 3 })
    api()
      .get('/v3/customer')
      .query({ limit: '2', offset: '2' })
      .reply(200, { data: [item(3)], total_count: 3 })
    const ids: string[] = []
    for await (const c of createPayTraceVault(config()).paytrace.streamCustomers({ pageSize: 2 }))
      ids.push(right(c).id)
    expect(ids).toEqual(['1', '2', '3'])
  })

  it('findByReference and export: C10 with the label filter', async () => {
    tokenOk()
    let body: unknown
    api()
      .post('/v3/customer/export', (b: unknown) => ((body = b), true))
      .reply(200, { data: [detail(withCard)], total_count: 1 })
    api().post('/v3/customer/export').reply(200, { data: [], total_count: 0 })
    const v = createPayTraceVault(config())
    const found = right(await v.customers.findByReference('lee-ada-000001')())
    expect(body).toEqual({ customer_label: 'lee-ada-000001', include_bin: true })
    expect(found?.id).toBe('1000001')
    expect(right(await v.customers.findByReference('nobody')())).toBeUndefined()
  })

  it('export with filters sends created.at as M/D/YYYY h:mm:ss AM|PM', async () => {
    tokenOk()
    let body: unknown
    api()
      .post('/v3/customer/export', (b: unknown) => ((body = b), true))
      .reply(200, { data: [detail()], total_count: 1 })
    right(
      await createPayTraceVault(config()).paytrace.exportCustomers({
        email: 'ada.lee@example.com',
        createdSince: '2024-01-25T12:30:22.000Z',
        includeBin: false,
      })(),
    )
    expect(body).toEqual({
      email: 'ada.lee@example.com',
      created: { at: '1/25/2024 12:30:22 PM' },
      include_bin: false,
    })
  })

  it('get ACH detail: C8', async () => {
    tokenOk()
    api()
      .get('/v3/customer/ach/1000001')
      .reply(200, { data: detail(withCheck) })
    api()
      .get('/v3/customer/ach/1000002')
      .reply(422, {
        data: [
          {
            field: 'path/customer_id',
            detail: 'customer_id 1000002 has no check (ACH) information',
          },
        ],
      })
    const v = createPayTraceVault(config())
    expect(right(await v.paytrace.getAchCustomer('1000001')()).paymentMethods[0]?.id).toBe('check')
    expect(left(await v.paytrace.getAchCustomer('1000002')()).kind).toBe('NotFound')
  })

  it('update with Protect.js: C6', async () => {
    tokenOk()
    let body: unknown
    api()
      .patch('/v3/customer/pt-protect/1000001', (b: unknown) => ((body = b), true))
      .reply(200, { data: detail(withCard) })
    right(
      await createPayTraceVault(config()).paytrace.updateCustomerWithProtect('1000001', {
        hpfToken: 'h',
        encKey: 'k',
        patch: { email: 'a@b.co' },
      })(),
    )
    expect(body).toEqual({ email: 'a@b.co', hpf_token: 'h', enc_key: 'k' })
  })
})

describe('addresses and payment methods', () => {
  it('add a shipping address into the empty slot; a taken slot is Conflict', async () => {
    tokenOk()
    let body: unknown
    api().get('/v3/customer/1000001').reply(200, { data: detail() })
    api()
      .patch('/v3/customer/1000001', (b: unknown) => ((body = b), true))
      .reply(200, {
        data: detail({
          shipping_address: { name: 'Ada', street_address: '1 Main', city: 'X', county: 'Oakland' },
        }),
      })
    api().get('/v3/customer/1000001').reply(200, { data: detail() })
    const v = createPayTraceVault(config())
    const a = right(
      await v.addresses.add(customerId('1000001'), {
        role: 'shipping',
        name: 'Ada',
        line1: '1 Main',
        city: 'X',
        county: 'Oakland',
      })(),
    )
    expect(body).toEqual({
      shipping_address: { name: 'Ada', street_address: '1 Main', city: 'X', county: 'Oakland' },
    })
    expect(a.value).toEqual({
      id: 'shipping',
      role: 'shipping',
      name: 'Ada',
      line1: '1 Main',
      city: 'X',
      county: 'Oakland',
    })
    expect(
      left(await v.addresses.add(customerId('1000001'), { role: 'billing', line1: 'y' })()).kind,
    ).toBe('Conflict')
  })

  it('remove clears the slot with empty strings (keeping the billing name); an unknown slot is NotFound', async () => {
    tokenOk()
    let body: unknown
    api().get('/v3/customer/1000001').reply(200, { data: detail() })
    api()
      .patch('/v3/customer/1000001', (b: unknown) => ((body = b), true))
      .reply(200, { data: detail({ billing_address: { name: 'Ada Lee' } }) })
    const v = createPayTraceVault(config())
    right(await v.addresses.remove(customerId('1000001'), 'billing' as never)())
    expect(body).toEqual({
      billing_address: {
        street_address: '',
        street_address2: '',
        city: '',
        state: '',
        postal_code: '',
        country: '',
      },
    })
    expect(left(await v.addresses.remove(customerId('1000001'), 'home' as never)()).kind).toBe(
      'NotFound',
    )
  })

  it('update patches only the keys given', async () => {
    tokenOk()
    let body: unknown
    api().get('/v3/customer/1000001').reply(200, { data: detail() })
    api()
      .patch('/v3/customer/1000001', (b: unknown) => ((body = b), true))
      .reply(200, { data: detail() })
    right(
      await createPayTraceVault(config()).addresses.update(
        customerId('1000001'),
        'billing' as never,
        { city: 'Edina' },
      )(),
    )
    expect(body).toEqual({ billing_address: { city: 'Edina' } })
  })

  it('add a card into the empty slot (PATCH card); a second card is Conflict with no write', async () => {
    tokenOk()
    let body: unknown
    api().get('/v3/customer/1000001').reply(200, { data: detail() })
    api()
      .patch('/v3/customer/1000001', (b: unknown) => ((body = b), true))
      .reply(200, { data: detail(withCard) })
    api()
      .get('/v3/customer/1000001')
      .reply(200, { data: detail(withCard) })
    const v = createPayTraceVault(config())
    const m = right(
      await v.paymentMethods.add(customerId('1000001'), {
        kind: 'card',
        number: PAN,
        expiry: { month: 12, year: 2028 },
      })(),
    )
    expect(body).toEqual({ card: { number: PAN, expiration_month: 12, expiration_year: 28 } })
    expect(m.value.id).toBe('card')
    const e = left(
      await v.paymentMethods.add(customerId('1000001'), {
        kind: 'card',
        number: PAN,
        expiry: { month: 1, year: 2029 },
      })(),
    )
    expect(e.kind).toBe('Conflict')
    expect(nock.pendingMocks()).toEqual([])
  })

  it('list reads both slots; remove, update and setDefault are Unsupported', async () => {
    tokenOk()
    api()
      .get('/v3/customer/1000001')
      .reply(200, { data: detail({ ...withCard, ...withCheck }) })
    const v = createPayTraceVault(config())
    expect(right(await v.paymentMethods.list(customerId('1000001'))()).map((m) => m.id)).toEqual([
      'card',
      'check',
    ])
    const wide = v as unknown as Vault
    expect(left(await wide.paymentMethods.remove(customerId('1'), 'card' as never)()).kind).toBe(
      'Unsupported',
    )
    expect(
      left(await wide.paymentMethods.setDefault(customerId('1'), 'card' as never)()).kind,
    ).toBe('Unsupported')
    expect(
      left(await wide.paymentMethods.update(customerId('1'), 'card' as never, {})()).kind,
    ).toBe('Unsupported')
  })
})

describe('recurrences', () => {
  it('create: R1 body exactly and the item read back', async () => {
    tokenOk()
    let body: unknown
    api()
      .post('/v3/recurrence/create', (b: unknown) => ((body = b), true))
      .reply(200, { data: recurrenceItem() })
    const w = right(
      await createPayTraceVault(config({ merchantId: 246810 })).recurrences.create({
        customerId: customerId('1000001'),
        amount: { amount: 2495, currency: 'USD' },
        schedule: { kind: 'interval', unit: 'month', every: 1 },
        startDate: '2026-10-01',
        totalCount: 12,
        description: 'Monthly fee for service.',
      })(),
    )
    expect(body).toEqual({
      merchant_id: 246810,
      customer_id: 1000001,
      recurrence: {
        amount: 24.95,
        frequency: '3',
        start_date: '10/01/2026',
        total_count: '12',
        transaction_type: 'Sale',
        type: 'C',
        description: 'Monthly fee for service.',
      },
    })
    expect(w.value).toMatchObject({
      id: '500001',
      customerId: '1000001',
      amount: { amount: 2495, currency: 'USD' },
      schedule: { kind: 'interval', unit: 'month', every: 1 },
      totalCount: 12,
      startDate: '2026-10-01',
      nextDate: '2026-10-01',
      status: 'active',
      paymentMethodId: 'card',
    })
  })

  it('a create that only returns the id is read back by R6', async () => {
    tokenOk()
    api()
      .post('/v3/recurrence/create')
      .reply(200, { data: { recurrence_id: 500001 } })
    api()
      .get('/v3/recurrence/export/by-id/500001')
      .reply(200, { data: recurrenceItem({ total_count: 999 }) })
    const w = right(
      await createPayTraceVault(config()).recurrences.create({
        customerId: customerId('1000001'),
        amount: { amount: 100, currency: 'USD' },
        schedule: {
          kind: 'named',
          gateway: 'paytrace',
          code: '7',
          label: '1st and 15th of each month',
        },
        startDate: '2026-10-01',
        totalCount: 'open_ended',
        paymentMethodId: 'check' as never,
      })(),
    )
    expect(w.value.totalCount).toBe('open_ended')
  })

  it('update: R2 with the id inside recurrence and next_date beside it', async () => {
    tokenOk()
    let body: unknown
    // A next date alone is checked against the stored schedule's billing day first (R6).
    api().get('/v3/recurrence/export/by-id/500001').reply(200, { data: recurrenceItem() })
    api()
      .patch('/v3/recurrence', (b: unknown) => ((body = b), true))
      .reply(200, { data: recurrenceItem({ amount: 80.05, next_date: '05/01/2026' }) })
    const w = right(
      await createPayTraceVault(config()).recurrences.update(recurrenceId('500001'), {
        amount: { amount: 8005, currency: 'USD' },
        nextDate: '2026-05-01',
        totalCount: 'open_ended',
      })(),
    )
    expect(body).toEqual({
      recurrence: { amount: 80.05, total_count: '999', id: '500001' },
      next_date: '05/01/2026',
    })
    expect(w.value.nextDate).toBe('2026-05-01')
  })

  it('delete: R3 is a DELETE with a JSON body; unknown is NotFound', async () => {
    tokenOk()
    let body: unknown
    api()
      .delete('/v3/recurrence', (b: unknown) => ((body = b), true))
      .matchHeader('content-type', 'application/json')
      .reply(200, { data: { id: 500001 } })
    api()
      .delete('/v3/recurrence')
      .reply(422, {
        data: [{ field: 'body/recurrence/id', detail: 'recurrence 500001 was not found' }],
      })
    const v = createPayTraceVault(config())
    right(await v.recurrences.delete(recurrenceId('500001'))())
    expect(body).toEqual({ recurrence: { id: '500001' } })
    expect(left(await v.recurrences.delete(recurrenceId('500001'))()).kind).toBe('NotFound')
  })

  it('get: R6; unknown is NotFound', async () => {
    tokenOk()
    api()
      .get('/v3/recurrence/export/by-id/500001')
      .reply(200, { data: recurrenceItem({ current_count: 12 }) })
    api()
      .get('/v3/recurrence/export/by-id/500002')
      .reply(422, {
        data: [{ field: 'path/recurrence_id', detail: 'recurrence_id 500002 was not found' }],
      })
    const v = createPayTraceVault(config())
    const r = right(await v.recurrences.get(recurrenceId('500001'))())
    expect(r.status).toBe('completed')
    expect(r.completedCount).toBe(12)
    expect(left(await v.recurrences.get(recurrenceId('500002'))()).kind).toBe('NotFound')
  })

  it('listByCustomer: R5 POST with limit ≤ 50 and offset', async () => {
    tokenOk()
    const bodies: unknown[] = []
    api()
      .post('/v3/recurrence/export/by-customer/1000001', (b: unknown) => (bodies.push(b), true))
      .reply(200, {
        data: [recurrenceItem(), recurrenceItem({ id: 500002 })],
        total_count: 3,
        limit: 2,
        offset: 0,
      })
    api()
      .post('/v3/recurrence/export/by-customer/1000001', (b: unknown) => (bodies.push(b), true))
      .reply(200, { data: [recurrenceItem({ id: 500003 })], total_count: 3, limit: 2, offset: 2 })
    const v = createPayTraceVault(config())
    const p1 = right(await v.recurrences.listByCustomer(customerId('1000001'), { pageSize: 2 })())
    const p2 = right(
      await v.recurrences.listByCustomer(customerId('1000001'), {
        pageSize: 2,
        cursor: p1.nextCursor ?? '',
      })(),
    )
    expect([...p1.items, ...p2.items].map((r) => r.id)).toEqual(['500001', '500002', '500003'])
    expect(p2.nextCursor).toBeUndefined()
    expect(bodies).toEqual([
      { limit: 2, offset: 0 },
      { limit: 2, offset: 2 },
    ])
    expect(
      left(await v.paytrace.exportRecurrencesByCustomer('1000001', { limit: 51 })()).kind,
    ).toBe('Validation')
  })

  it('R5 for one recurrence with the label; R4 GET; R7 the last approved run', async () => {
    tokenOk()
    let body: unknown
    api()
      .post('/v3/recurrence/export/by-customer/1000001', (b: unknown) => ((body = b), true))
      .reply(200, { data: [recurrenceItem()], total_count: 1 })
    api()
      .get('/v3/recurrence/export/by-customer/1000001')
      .reply(200, { data: [recurrenceItem()], total_count: 1 })
    api()
      .post('/v3/recurrence/export/approved/by-customer/1000001')
      .reply(200, {
        data: {
          transaction_id: '70000001',
          recurrence_id: 500001,
          customer_id: 1000001,
          amount: 24.95,
          response_code: 101,
          status_message: 'approved',
          approval_code: 'TAS123',
          date: '12/01/2025',
        },
      })
    api()
      .post('/v3/recurrence/export/approved/by-customer/1000002')
      .reply(422, {
        data: [
          {
            field: 'path/customer_id',
            detail: 'no approved recurring transaction for customer_id 1000002',
          },
        ],
      })
    const x = createPayTraceVault(config()).paytrace
    right(
      await x.exportRecurrencesByCustomer('1000001', {
        recurrenceId: '500001',
        reference: 'lee-ada-000001',
      })(),
    )
    expect(body).toEqual({
      customer_label: 'lee-ada-000001',
      recurrence: { id: '500001' },
      limit: 50,
      offset: 0,
    })
    expect(right(await x.listRecurrencesByCustomer('1000001')()).map((r) => r.id)).toEqual([
      '500001',
    ])
    expect(right(await x.lastApprovedRecurringTransaction('1000001')())).toEqual({
      transactionId: '70000001',
      recurrenceId: '500001',
      customerId: '1000001',
      amount: { amount: 2495, currency: 'USD' },
      responseCode: 101,
      statusMessage: 'approved',
      approvalCode: 'TAS123',
      date: '2025-12-01',
    })
    expect(left(await x.lastApprovedRecurringTransaction('1000002')()).kind).toBe('NotFound')
  })

  it('a recurrence item with an unknown frequency is UnexpectedResponse, never a success', async () => {
    tokenOk()
    api()
      .get('/v3/recurrence/export/by-id/500001')
      .reply(200, { data: recurrenceItem({ frequency: 'Q' }) })
    expect(
      left(await createPayTraceVault(config()).recurrences.get(recurrenceId('500001'))()).kind,
    ).toBe('UnexpectedResponse')
  })
})

describe('secrets', () => {
  it('an error echoing the card number, account number and secret carries none of them, nor does the transcript', async () => {
    const events: TranscriptEvent[] = []
    tokenOk()
    api()
      .post('/v3/customer/create')
      .reply(422, {
        data: [
          {
            field: 'body/card/number',
            detail: `card ${PAN} / ${ACCOUNT} / ${SECRET} / ${TOKEN} rejected`,
          },
        ],
      })
    const v = createPayTraceVault(
      config({ http: { onTranscript: (e) => events.push(e), timeoutMs: 1000 } }),
    )
    const e = left(
      await v.customers.create({
        reference: 'r',
        paymentMethod: {
          kind: 'bank_account',
          accountNumber: ACCOUNT,
          routingNumber: '021000021',
          accountType: 'checking',
        },
      })(),
    )
    const text = JSON.stringify(e) + JSON.stringify(events)
    expect(e.kind).toBe('Validation')
    for (const s of [PAN, ACCOUNT, SECRET, TOKEN]) expect(text).not.toContain(s)
    expect(events.length).toBe(2)
  })
})
