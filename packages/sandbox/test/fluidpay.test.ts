/**
 * FluidPay vault simulator, raw HTTP. FP = fluidpay-customer-vault.txt, GF = GATEWAY-FACTS.md,
 * WA = docs/wire-assumptions.md.
 */
import { type RunningSandbox, startSandbox } from '../src/index'
import { call, fakeClock, leaksNoSecret } from './http'

const clock = fakeClock()
let sb: RunningSandbox<'fluidpay'>
let key: Record<string, string>

const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = key) =>
  call(`${sb.url}/api${path}`, { method, headers, ...(body === undefined ? {} : { body }) })

const CARD = { number: '4111111111111111', expiration_date: '12/30' }
const ACH = {
  account_number: '000123456789',
  routing_number: '021000021',
  account_type: 'checking',
  sec_code: 'ppd',
}
const ADDRESS = {
  first_name: 'Ada',
  last_name: 'Lee',
  line_1: '12 Elm Street',
  city: 'Edina',
  state: 'MN',
  postal_code: '55424',
  country: 'US',
  email: 'ada@example.com',
}

const create = (body: Record<string, unknown> = {}) => api('POST', '/vault/customer', body)

beforeAll(async () => {
  sb = await startSandbox({ gateway: 'fluidpay', clock: clock.now })
  key = { authorization: sb.credentials.apiKey }
})
afterAll(() => sb.close())

describe('auth (GF §2.2, WA §F.1)', () => {
  test.each([
    ['missing', {}, 'unauthorized error: missing api key'],
    ['unknown', { authorization: 'api_nope' }, 'unauthorized error: invalid api key'],
    [
      'Bearer prefix',
      { authorization: 'Bearer api_vaultportsandbox000000000001' },
      'unauthorized error: invalid api key',
    ],
    [
      'public key',
      { authorization: 'pub_vaultportsandbox000000000001' },
      'unauthorized error: public api keys cannot be used on this endpoint',
    ],
  ])('%s key: 401 {status:"failed", msg}', async (_name, headers, msg) => {
    const r = await api('GET', '/vault/x', undefined, headers)
    expect(r.status).toBe(401)
    expect(r.body).toEqual({ status: 'failed', msg })
  })

  test('every answer carries x-correlation-id (GF §2.2)', async () => {
    const a = await api('GET', '/vault/nope')
    const b = await api('GET', '/vault/nope', undefined, {})
    expect(a.headers.get('x-correlation-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    )
    expect(b.headers.get('x-correlation-id')).not.toBe(a.headers.get('x-correlation-id'))
  })
})

describe('POST /api/vault/customer (FP "Create Customer Record", GF §2.4, §2.5)', () => {
  test('answers the full double-nested record with xid ids, masked card, defaults and RFC 3339 nano timestamps', async () => {
    const r = await create({
      description: 'Gold member',
      flags: ['surcharge_exempt'],
      default_payment: { card: CARD },
      default_billing_address: ADDRESS,
      default_shipping_address: ADDRESS,
    })
    expect(r.status).toBe(200)
    expect(r.body.status).toBe('success')
    expect(r.body.msg).toBe('success')
    const rec = r.body.data
    expect(rec.id).toMatch(/^[0-9a-v]{20}$/)
    expect(rec.owner_id).toBe(sb.credentials.merchantId)
    const cust = rec.data.customer
    expect(cust.addresses).toHaveLength(1)
    expect(cust.addresses[0].hash).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(cust.defaults).toEqual({
      billing_address_id: cust.addresses[0].id,
      shipping_address_id: cust.addresses[0].id,
      payment_method_id: cust.payments.cards[0].id,
      payment_method_type: 'card',
    })
    expect(cust.payments.cards[0]).toMatchObject({
      card_type: 'visa',
      masked_number: '411111******1111',
      expiration_date: '12/30',
    })
    expect(cust.flags).toEqual(['surcharge_exempt'])
    expect(rec.created_at).toBe('2026-01-05T10:00:00.000000000Z')
    expect(leaksNoSecret(r.text)).toBe(true)
  })

  test('different billing and shipping addresses are two addresses', async () => {
    const r = await create({
      default_billing_address: ADDRESS,
      default_shipping_address: { ...ADDRESS, city: 'Fresno', postal_code: '93721' },
    })
    const cust = r.body.data.data.customer
    expect(cust.addresses).toHaveLength(2)
    expect(cust.defaults.shipping_address_id).toBe(cust.addresses[1].id)
  })

  test('custom id: [a-zA-Z0-9]{1,40}; a duplicate is 409', async () => {
    expect((await create({ id: 'custom42' })).body.data.id).toBe('custom42')
    expect((await create({ id: 'custom42' })).body).toEqual({
      status: 'failed',
      msg: 'conflict error: customer id already exists',
    })
    const bad = await create({ id: 'has-dash' })
    expect(bad.status).toBe(400)
    expect(bad.body.msg).toBe('bad request error: id has an invalid format')
    expect((await create({ id: 'x'.repeat(41) })).body.msg).toBe(
      'bad request error: id must be at most 40 characters',
    )
  })

  test('id_format xid_type_last4 (WA §F.3), not with a custom id', async () => {
    const r = await create({ id_format: 'xid_type_last4', default_payment: { card: CARD } })
    expect(r.body.data.id).toMatch(/^[0-9a-v]{20}_visa_1111$/)
    expect(
      (await create({ id: 'abc', id_format: 'xid_type_last4', default_payment: { card: CARD } }))
        .status,
    ).toBe(400)
  })

  test('validation: description ≤ 255, card number, expiry MMYY or MM/YY, postal code, email', async () => {
    expect((await create({ description: 'd'.repeat(256) })).body.msg).toBe(
      'bad request error: description must be at most 255 characters',
    )
    expect(
      (await create({ default_payment: { card: { ...CARD, number: '4111111111111112' } } })).body
        .msg,
    ).toBe('bad request error: invalid card number')
    expect(
      (await create({ default_payment: { card: { ...CARD, expiration_date: '13/30' } } })).body.msg,
    ).toBe('bad request error: invalid expiration date')
    expect(
      (await create({ default_payment: { card: { ...CARD, expiration_date: '1230' } } })).status,
    ).toBe(200)
    expect(
      (await create({ default_billing_address: { ...ADDRESS, postal_code: '1234' } })).body.msg,
    ).toBe('bad request error: invalid Postal Code')
    expect(
      (await create({ default_billing_address: { ...ADDRESS, email: 'nope' } })).body.msg,
    ).toBe('bad request error: invalid Email')
  })

  test('default_payment holds exactly one method; ach, token and wallets are accepted', async () => {
    expect((await create({ default_payment: { card: CARD, ach: ACH } })).status).toBe(400)
    const ach = await create({ default_payment: { ach: ACH } })
    expect(ach.body.data.data.customer.payments.ach[0]).toMatchObject({
      masked_account_number: '********6789',
      routing_number: '021000021',
      account_type: 'checking',
      sec_code: 'ppd',
    })
    expect(
      (await create({ default_payment: { ach: { ...ACH, account_type: 'loan' } } })).status,
    ).toBe(400)
    expect(
      (await create({ default_payment: { token: 'tok_amex' } })).body.data.data.customer.payments
        .cards[0].card_type,
    ).toBe('amex')
    expect((await create({ default_payment: { token: 'tok_nope' } })).body.msg).toBe(
      'bad request error: invalid token',
    )
    expect(
      (await create({ default_payment: { apple_pay: { key_id: 'k', temporary_token: 't' } } })).body
        .data.data.customer.payments.cards[0].flags,
    ).toEqual(['applepay'])
    expect(
      (await create({ default_payment: { google_pay_token: { signature: 'x' } } })).body.data.data
        .customer.payments.cards[0].card_type,
    ).toBe('mastercard')
  })

  test('malformed JSON is 400 invalid json', async () => {
    const r = await call(`${sb.url}/api/vault/customer`, {
      method: 'POST',
      headers: key,
      body: '{nope',
    })
    expect(r.body).toEqual({ status: 'failed', msg: 'bad request error: invalid json' })
  })
})

describe('GET, update and DELETE /api/vault/... (FP, GF §2.3, WA §F.4)', () => {
  test('GET /api/vault/{id} (no /customer/ segment) answers the record; unknown is 404', async () => {
    const c = await create({ default_payment: { card: CARD } })
    const r = await api('GET', `/vault/${c.body.data.id as string}`)
    expect(r.body).toEqual(c.body)
    expect((await api('GET', '/vault/unknown')).body).toEqual({
      status: 'failed',
      msg: 'not found error: customer not found',
    })
  })

  test('update is POST /api/vault/customer/{id} and answers data: null', async () => {
    const c = await create({ default_billing_address: ADDRESS, default_payment: { card: CARD } })
    const id = c.body.data.id as string
    clock.advance(1000)
    const r = await api('POST', `/vault/customer/${id}`, { description: 'new', notes: 'n' })
    clock.advance(-1000)
    expect(r.body).toEqual({ status: 'success', msg: 'success', data: null })
    const after = (await api('GET', `/vault/${id}`)).body.data
    expect(after.data.customer.description).toBe('new')
    expect(after.updated_at).not.toBe(after.created_at)
  })

  test('update defaults: payment_method_id and _type together, ids must exist', async () => {
    const c = await create({ default_payment: { card: CARD } })
    const id = c.body.data.id as string
    const withAch = await api('POST', `/vault/customer/${id}/ach`, ACH)
    const achId = withAch.body.data.data.customer.payments.ach[0].id as string
    expect(
      (await api('POST', `/vault/customer/${id}`, { defaults: { payment_method_id: achId } }))
        .status,
    ).toBe(400)
    expect(
      (
        await api('POST', `/vault/customer/${id}`, {
          defaults: { payment_method_id: 'nope', payment_method_type: 'ach' },
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await api('POST', `/vault/customer/${id}`, {
          defaults: { payment_method_id: achId, payment_method_type: 'ach' },
        })
      ).status,
    ).toBe(200)
    expect(
      (await api('GET', `/vault/${id}`)).body.data.data.customer.defaults.payment_method_type,
    ).toBe('ach')
  })

  test('DELETE /api/vault/{id} answers data: null, then 404', async () => {
    const c = await create()
    const id = c.body.data.id as string
    expect((await api('DELETE', `/vault/${id}`)).body).toEqual({
      status: 'success',
      msg: 'success',
      data: null,
    })
    expect((await api('GET', `/vault/${id}`)).status).toBe(404)
  })
})

describe('addresses (FP "Create/Update/Delete Address Record")', () => {
  test('create, update and delete answer the record / the record / data: null; deleting a default clears it', async () => {
    const c = await create()
    const id = c.body.data.id as string
    const added = await api('POST', `/vault/customer/${id}/address`, ADDRESS)
    const address = added.body.data.data.customer.addresses[0]
    expect(added.body.data.data.customer.defaults.billing_address_id).toBe(address.id)
    const updated = await api('POST', `/vault/customer/${id}/address/${address.id as string}`, {
      city: 'Minneapolis',
    })
    const after = updated.body.data.data.customer.addresses[0]
    expect(after.city).toBe('Minneapolis')
    expect(after.first_name).toBe('Ada')
    expect(after.hash).not.toBe(address.hash)
    expect(
      (await api('DELETE', `/vault/customer/${id}/address/${address.id as string}`)).body.data,
    ).toBeNull()
    const rec = (await api('GET', `/vault/${id}`)).body.data.data.customer
    expect(rec.addresses).toEqual([])
    expect(rec.defaults.billing_address_id).toBe('')
    expect((await api('DELETE', `/vault/customer/${id}/address/nope`)).status).toBe(404)
  })
})

describe('payment methods (FP "Create/Update/Delete Payment Method Record")', () => {
  test('card, ach and token creates answer the full record; the first becomes the default', async () => {
    const id = (await create()).body.data.id as string
    const card = await api('POST', `/vault/customer/${id}/card?validate=true&currency=USD`, CARD)
    expect(card.body.data.data.customer.defaults.payment_method_type).toBe('card')
    const ach = await api('POST', `/vault/customer/${id}/ach`, ACH)
    expect(ach.body.data.data.customer.payments.ach).toHaveLength(1)
    expect(ach.body.data.data.customer.defaults.payment_method_type).toBe('card')
    const tok = await api('POST', `/vault/customer/${id}/token`, { token: 'tok_discover' })
    expect(
      tok.body.data.data.customer.payments.cards.map((x: { card_type: string }) => x.card_type),
    ).toEqual(['visa', 'discover'])
    expect(
      (await api('POST', `/vault/customer/${id}/applepay`, { key_id: 'k', pkpaymenttoken: {} }))
        .status,
    ).toBe(200)
    expect(
      (await api('POST', `/vault/customer/${id}/googlepay`, { google_pay_token: 'x' })).status,
    ).toBe(200)
    expect(
      (await api('POST', `/vault/customer/${id}/card`, { number: CARD.number })).body.msg,
    ).toBe('bad request error: expiration_date is required')
    expect((await api('POST', '/vault/customer/nope/card', CARD)).status).toBe(404)
  })

  test('update card (expiry, flags), update ach, update via token; delete clears the default', async () => {
    const c = await create({ default_payment: { card: CARD } })
    const id = c.body.data.id as string
    const cardId = c.body.data.data.customer.payments.cards[0].id as string
    const upd = await api('POST', `/vault/customer/${id}/card/${cardId}`, {
      expiration_date: '0131',
      flags: ['locked_security'],
    })
    expect(upd.body.data.data.customer.payments.cards[0]).toMatchObject({
      expiration_date: '01/31',
      flags: ['locked_security'],
      masked_number: '411111******1111',
    })
    expect(
      (await api('POST', `/vault/customer/${id}/card/${cardId}`, { flags: ['nope'] })).status,
    ).toBe(400)
    const viaToken = await api('POST', `/vault/customer/${id}/token/${cardId}`, {
      token: 'tok_mastercard',
    })
    expect(viaToken.body.data.data.customer.payments.cards[0].card_type).toBe('mastercard')
    expect((await api('POST', `/vault/customer/${id}/ach/${cardId}`, ACH)).status).toBe(404)
    const achRec = await api('POST', `/vault/customer/${id}/ach`, ACH)
    const achId = achRec.body.data.data.customer.payments.ach[0].id as string
    const achUpd = await api('POST', `/vault/customer/${id}/ach/${achId}`, {
      account_type: 'savings',
    })
    expect(achUpd.body.data.data.customer.payments.ach[0].account_type).toBe('savings')
    expect((await api('DELETE', `/vault/customer/${id}/card/${cardId}`)).body).toEqual({
      status: 'success',
      msg: 'success',
      data: null,
    })
    const after = (await api('GET', `/vault/${id}`)).body.data.data.customer
    expect(after.defaults.payment_method_id).toBe('')
    expect((await api('DELETE', `/vault/customer/${id}/ach/${achId}`)).status).toBe(200)
    expect((await api('DELETE', `/vault/customer/${id}/ach/${achId}`)).status).toBe(404)
  })
})

describe('POST /api/vault/customer/search (FP "Search Customer Records", GF §2.6, WA §F.5)', () => {
  let local: RunningSandbox<'fluidpay'>
  const local_ = (body: unknown) =>
    call(`${local.url}/api/vault/customer/search`, {
      method: 'POST',
      headers: { authorization: local.credentials.apiKey },
      body,
    })
  const localClock = fakeClock('2026-03-01T00:00:00.000Z')
  beforeAll(async () => {
    local = await startSandbox({
      gateway: 'fluidpay',
      clock: localClock.now,
      fluidpaySearchMaxOffset: 1000,
    })
    for (let day = 0; day < 3; day++) {
      local.seedCustomers(5, { withCards: true, seed: day + 1 })
      localClock.advance(86_400_000)
    }
  })
  afterAll(() => local.close())

  test('empty body: all customers, default limit 10, total_count, newest first', async () => {
    const r = await local_({})
    expect(r.body.status).toBe('success')
    expect(r.body.total_count).toBe(15)
    expect(r.body.data).toHaveLength(10)
    const created = r.body.data.map((x: { created_at: string }) => x.created_at)
    expect([...created].sort().reverse()).toEqual(created)
    expect(r.body.data[0].created_at).toBe('2026-03-03T00:00:00.000000000Z')
  })

  test('limit 1..100 is enforced; offset pages; the optional offset maximum', async () => {
    expect((await local_({ limit: 0 })).body.msg).toBe(
      'bad request error: limit must be between 1 and 100',
    )
    expect((await local_({ limit: 101 })).status).toBe(400)
    const page = await local_({ limit: 4, offset: 12 })
    expect(page.body.data).toHaveLength(3)
    expect(page.body.total_count).toBe(15)
    expect((await local_({ offset: 1001 })).body.msg).toBe(
      'bad request error: offset must be between 0 and 1000',
    )
  })

  test('= and != filters on address fields, case-insensitive', async () => {
    const all = (await local_({ limit: 100 })).body.data
    const city = all[0].data.customer.addresses[0].city as string
    const eq = await local_({ city: { value: city.toUpperCase(), operator: '=' }, limit: 100 })
    const ne = await local_({ city: { value: city, operator: '!=' }, limit: 100 })
    expect(eq.body.total_count + ne.body.total_count).toBe(15)
    for (const x of eq.body.data) expect(x.data.customer.addresses[0].city).toBe(city)
    const byId = await local_({ id: { value: all[2].id, operator: '=' } })
    expect(byId.body.data.map((x: { id: string }) => x.id)).toEqual([all[2].id])
    expect(
      (await local_({ payment_method_type: { value: 'card', operator: '=' } })).body.total_count,
    ).toBe(15)
    expect((await local_({ city: { value: 'x', operator: '~' } })).status).toBe(400)
  })

  test('a record changed after a search is searched as it is now, filters included', async () => {
    const api_ = (method: string, path: string, body?: unknown) =>
      call(`${local.url}/api${path}`, {
        method,
        headers: { authorization: local.credentials.apiKey },
        ...(body === undefined ? {} : { body }),
      })
    const found = async (id: string) =>
      (await local_({ id: { value: id, operator: '=' } })).body.data[0]
    const byCity = async (city: string) =>
      (await local_({ city: { value: city, operator: '=' }, limit: 100 })).body.data.map(
        (x: { id: string }) => x.id,
      )
    const newest = (await local_({ limit: 1 })).body.data[0]
    const id = newest.id as string
    const address = newest.data.customer.addresses[0]
    expect(await byCity('Searchville')).toEqual([])
    expect(await found(id)).toEqual(newest)
    localClock.advance(1000)
    await api_('POST', `/vault/customer/${id}`, { description: 'changed after a search' })
    await api_('POST', `/vault/customer/${id}/address/${address.id as string}`, {
      city: 'Searchville',
    })
    const card = await api_('POST', `/vault/customer/${id}/card`, {
      number: '5555555555554444',
      expiration_date: '12/29',
    })
    expect(card.status).toBe(200)
    const now = (await api_('GET', `/vault/${id}`)).body.data
    expect(now.data.customer.description).toBe('changed after a search')
    expect(now.data.customer.payments.cards).toHaveLength(2)
    expect(await found(id)).toEqual(now)
    expect(await byCity('searchville')).toEqual([id])
    await api_('POST', `/vault/customer/${id}/address/${address.id as string}`, {
      city: address.city,
    })
    expect(await byCity('searchville')).toEqual([])
    expect((await local_({})).body.total_count).toBe(15)
  })

  test('created_at range accepts YYYY-MM-DD (inclusive days) and RFC 3339', async () => {
    expect(
      (await local_({ created_at: { start_date: '2026-03-02', end_date: '2026-03-02' } })).body
        .total_count,
    ).toBe(5)
    expect(
      (await local_({ created_at: { start_date: '2026-03-02T00:00:00Z' } })).body.total_count,
    ).toBe(10)
    expect((await local_({ updated_at: { end_date: '2026-03-01' } })).body.total_count).toBe(5)
    expect((await local_({ created_at: { start_date: 'yesterday' } })).status).toBe(400)
  })
})

describe('routes and state per credential', () => {
  test('unknown route is 404 in the FluidPay envelope', async () => {
    expect((await api('GET', '/nothing/here')).body).toEqual({
      status: 'failed',
      msg: 'not found error: route not found',
    })
  })

  test('each api key sees only its own customers', async () => {
    const other = {
      apiKey: 'api_second_merchant_key_000000001',
      publicKey: 'pub_second',
      merchantId: 'secondmerchant000001',
    }
    const two = await startSandbox({ gateway: 'fluidpay', extraCredentials: [other] })
    try {
      const a = await call(`${two.url}/api/vault/customer`, {
        method: 'POST',
        headers: { authorization: two.credentials.apiKey },
        body: {},
      })
      const seen = await call(`${two.url}/api/vault/${a.body.data.id as string}`, {
        headers: { authorization: other.apiKey },
      })
      expect(seen.status).toBe(404)
      const b = await call(`${two.url}/api/vault/customer`, {
        method: 'POST',
        headers: { authorization: other.apiKey },
        body: {},
      })
      expect(b.body.data.owner_id).toBe('secondmerchant000001')
    } finally {
      await two.close()
    }
  })
})
