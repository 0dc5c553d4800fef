/**
 * PayTrace v3 simulator, raw HTTP. Section references: PT = paytrace-v3-customer-vault.txt,
 * PTR = paytrace-v3-recurring-payment.txt, GF = GATEWAY-FACTS.md, WA = docs/wire-assumptions.md.
 */
import { type RunningSandbox, startSandbox } from '../src/index'
import { call, fakeClock, leaksNoSecret } from './http'

const clock = fakeClock()
let sb: RunningSandbox<'paytrace'>

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

const grant = () =>
  call(`${sb.url}/v3/token`, {
    method: 'POST',
    headers: FORM,
    body: form({
      grant_type: 'client_credentials',
      client_id: sb.credentials.clientId,
      client_secret: sb.credentials.clientSecret,
    }),
  })

let auth: Record<string, string>
const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(`${sb.url}${path}`, {
    method,
    headers: { ...auth, ...headers },
    ...(body === undefined ? {} : { body }),
  })

const CARD = { number: '4111111111111111', expiration_month: 12, expiration_year: 30 }
const CHECK = {
  account_number: '000123456789',
  routing_number: '021000021',
  sec_code: 'PPD',
  account_type: 'Checking',
}
let labelN = 0
const create = (extra: Record<string, unknown> = {}) =>
  api('POST', '/v3/customer/create', { customer_label: `cust-${++labelN}`, card: CARD, ...extra })

beforeAll(async () => {
  sb = await startSandbox({ gateway: 'paytrace', clock: clock.now })
  const t = await grant()
  auth = { authorization: `Bearer ${t.body.access_token as string}` }
})
afterAll(() => sb.close())

describe('POST /v3/token (GF §1.2, WA §P.1)', () => {
  test('client_credentials, form-encoded, answers 201 with the token under data and at top level', async () => {
    const t = await grant()
    expect(t.status).toBe(201)
    expect(t.body.data).toEqual({
      access_token: expect.stringMatching(/^ptsbx_at_/),
      token_type: 'Bearer',
      expires_in: 7200,
      refresh_token: expect.stringMatching(/^ptsbx_rt_/),
    })
    expect(t.body.access_token).toBe(t.body.data.access_token)
  })

  test.each([
    ['data', ['data']],
    ['top', ['access_token', 'expires_in', 'refresh_token', 'token_type']],
  ] as const)(
    'paytraceTokenShape %s puts the token only there (GF §1.2 CONFLICT)',
    async (shape, keys) => {
      const only = await startSandbox({ gateway: 'paytrace', paytraceTokenShape: shape })
      try {
        const t = await call(`${only.url}/v3/token`, {
          method: 'POST',
          headers: FORM,
          body: form({
            grant_type: 'client_credentials',
            client_id: only.credentials.clientId,
            client_secret: only.credentials.clientSecret,
          }),
        })
        expect(Object.keys(t.body).sort()).toEqual(keys)
      } finally {
        await only.close()
      }
    },
  )

  test('a JSON body is not read: 422 body/grant_type field required', async () => {
    const t = await call(`${sb.url}/v3/token`, {
      method: 'POST',
      body: {
        grant_type: 'client_credentials',
        client_id: sb.credentials.clientId,
        client_secret: sb.credentials.clientSecret,
      },
    })
    expect(t.status).toBe(422)
    expect(t.body).toEqual({ data: [{ field: 'body/grant_type', detail: 'field required' }] })
  })

  test('wrong secret: 401 invalid_client (legacy OAuth shape)', async () => {
    const t = await call(`${sb.url}/v3/token`, {
      method: 'POST',
      headers: FORM,
      body: form({
        grant_type: 'client_credentials',
        client_id: sb.credentials.clientId,
        client_secret: 'nope',
      }),
    })
    expect(t.status).toBe(401)
    expect(t.body.error).toBe('invalid_client')
  })

  test('missing client fields and unsupported grant types are 422', async () => {
    const missing = await call(`${sb.url}/v3/token`, {
      method: 'POST',
      headers: FORM,
      body: form({ grant_type: 'client_credentials' }),
    })
    expect(missing.status).toBe(422)
    expect(missing.body.data.map((d: { field: string }) => d.field)).toEqual([
      'body/client_id',
      'body/client_secret',
    ])
    const pw = await call(`${sb.url}/v3/token`, {
      method: 'POST',
      headers: FORM,
      body: form({ grant_type: 'password' }),
    })
    expect(pw.status).toBe(422)
  })

  test('refresh_token grant issues a new pair; an unknown refresh token is 401 invalid_grant', async () => {
    const t = await grant()
    const r = await call(`${sb.url}/v3/token`, {
      method: 'POST',
      headers: FORM,
      body: form({ grant_type: 'refresh_token', refresh_token: t.body.refresh_token }),
    })
    expect(r.status).toBe(201)
    expect(r.body.access_token).not.toBe(t.body.access_token)
    const bad = await call(`${sb.url}/v3/token`, {
      method: 'POST',
      headers: FORM,
      body: form({ grant_type: 'refresh_token', refresh_token: 'x' }),
    })
    expect(bad.status).toBe(401)
    expect(bad.body.error).toBe('invalid_grant')
  })

  test('an access token expires after expires_in by the simulator clock (401 invalid_token)', async () => {
    const t = await grant()
    const h = { authorization: `Bearer ${t.body.access_token as string}` }
    expect((await call(`${sb.url}/v3/customer`, { headers: h })).status).toBe(200)
    clock.advance(7200 * 1000)
    const expired = await call(`${sb.url}/v3/customer`, { headers: h })
    clock.advance(-7200 * 1000)
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
  })
})

describe('auth and common headers (GF §1.2, §1.4, WA §P.2)', () => {
  test('no bearer token: 401 invalid_token', async () => {
    const r = await call(`${sb.url}/v3/customer`)
    expect(r.status).toBe(401)
    expect(r.body).toEqual({ error: 'invalid_token', error_description: expect.any(String) })
  })

  test('X-Integrator-Id > 12 and X-Permalinks > 4 characters are 422 header errors; valid ones pass', async () => {
    const bad = await api('GET', '/v3/customer', undefined, {
      'x-integrator-id': 'x'.repeat(13),
      'x-permalinks': 'truee',
    })
    expect(bad.status).toBe(422)
    expect(bad.body.data.map((d: { field: string }) => d.field)).toEqual([
      'header/x-integrator-id',
      'header/x-permalinks',
    ])
    const good = await api('GET', '/v3/customer', undefined, {
      'x-integrator-id': sb.credentials.integratorId,
      'x-permalinks': 'true',
    })
    expect(good.status).toBe(200)
  })

  test('merchant_id of another merchant is 422 body/merchant_id', async () => {
    const r = await create({ merchant_id: 13579 })
    expect(r.status).toBe(422)
    expect(r.body.data[0].field).toBe('body/merchant_id')
    expect((await create({ merchant_id: sb.credentials.merchantId })).status).toBe(200)
  })

  test('unknown path is 404 {detail}, wrong method is 405 (FastAPI defaults)', async () => {
    expect((await api('GET', '/v3/nothing')).body).toEqual({ detail: 'Not Found' })
    const r = await api('PUT', '/v3/customer/create', {})
    expect(r.status).toBe(405)
  })
})

describe('POST /v3/customer/create (PT "Create Customer Profile", WA §P.3, §P.4)', () => {
  test('customer_label is required: 422 {data:[{field, detail}]}', async () => {
    const r = await api('POST', '/v3/customer/create', { card: CARD })
    expect(r.status).toBe(422)
    expect(r.body).toEqual({ data: [{ field: 'body/customer_label', detail: 'field required' }] })
  })

  test('maximum lengths: label 50, email 50, phone 20, fax 20', async () => {
    const r = await api('POST', '/v3/customer/create', {
      customer_label: 'l'.repeat(51),
      email: `${'e'.repeat(45)}@x.com`,
      phone: '1'.repeat(21),
      fax: '1'.repeat(21),
    })
    expect(r.status).toBe(422)
    expect(r.body.data).toEqual([
      { field: 'body/customer_label', detail: 'ensure this value has at most 50 characters' },
      { field: 'body/email', detail: 'ensure this value has at most 50 characters' },
      { field: 'body/phone', detail: 'ensure this value has at most 20 characters' },
      { field: 'body/fax', detail: 'ensure this value has at most 20 characters' },
    ])
  })

  test('answers 200 {data: detail} with integer customer_id, masked card and check, no full numbers', async () => {
    const r = await create({
      check: CHECK,
      billing_address: {
        name: 'Ada Lee',
        street_address: '1 Main St.',
        city: 'Spokane',
        state: 'WA',
        postal_code: '99201',
        country: 'US',
      },
      email: 'ada@example.com',
      discretionary_data: { disc_id: 1, value: 'gold' },
    })
    expect(r.status).toBe(200)
    const d = r.body.data
    expect(Number.isInteger(d.customer_id)).toBe(true)
    expect(d.card).toEqual({
      masked_number: '411111xxxxxx1111',
      expiration_month: 12,
      expiration_year: 2030,
    })
    expect(d.card_masked).toBe('411111xxxxxx1111')
    expect(d.check).toEqual({
      masked_account_number: 'xxxxxxxx6789',
      routing_number: '021000021',
      account_type: 'Checking',
      sec_code: 'PPD',
    })
    expect(d.billing_address.street_address2).toBe('')
    expect(d.shipping_address.county).toBe('')
    expect(d.discretionary_data).toEqual([{ disc_id: 1, value: 'gold' }])
    expect(d.created_at).toBe(clock.now().toISOString())
    expect(leaksNoSecret(r.text)).toBe(true)
  })

  test('card.number may be the base64 "encrypted" form of the PAN (WA §P.3)', async () => {
    const r = await create({
      card: { ...CARD, number: Buffer.from('5555555555554444').toString('base64') },
    })
    expect(r.status).toBe(200)
    expect(r.body.data.card.masked_number).toBe('555555xxxxxx4444')
  })

  test('a non-Luhn number and a real RSA blob are rejected; an expired card is rejected', async () => {
    const luhn = await create({ card: { ...CARD, number: '4111111111111112' } })
    expect(luhn.body.data).toEqual([
      { field: 'body/card/number', detail: 'card number is invalid' },
    ])
    const rsa = await create({
      card: {
        ...CARD,
        number: 'htpAmr1TJ2hujwO/ObS8oFG3/AhF3AU0zh4QzgynFJejRxUOoyJ1MTXW54UD6F2cvuDCgLLMjY==',
      },
    })
    expect(rsa.status).toBe(422)
    const expired = await create({ card: { ...CARD, expiration_year: 25 } })
    expect(expired.body.data).toEqual([
      { field: 'body/card/expiration_year', detail: 'card is expired' },
    ])
  })

  test('check: ABA routing checksum, sec_code and account_type enumerations', async () => {
    const r = await create({
      card: undefined,
      check: { ...CHECK, routing_number: '021000022', sec_code: 'XYZ', account_type: 'Loan' },
    })
    expect(r.status).toBe(422)
    expect(r.body.data.map((d: { field: string }) => d.field)).toEqual([
      'body/check/sec_code',
      'body/check/account_type',
      'body/check/routing_number',
    ])
  })

  test('customer_label is unique per merchant (WA §P.3)', async () => {
    const first = await create({ customer_label: 'unique-label' })
    expect(first.status).toBe(200)
    const dup = await create({ customer_label: 'unique-label' })
    expect(dup.body).toEqual({
      data: [{ field: 'body/customer_label', detail: 'customer_label already exists' }],
    })
  })
})

describe('the other creates (PT by-transaction, pt-protect)', () => {
  test('C2 by-transaction requires transaction_id and stores a card', async () => {
    const missing = await api('POST', '/v3/customer/create/by-transaction', {
      customer_label: 'bt-1',
    })
    expect(missing.body.data).toEqual([{ field: 'body/transaction_id', detail: 'field required' }])
    const r = await api('POST', '/v3/customer/create/by-transaction', {
      customer_label: 'bt-1',
      transaction_id: '123456789',
      customer_reference_id: 'PO123',
    })
    expect(r.status).toBe(200)
    expect(r.body.data.card.masked_number).toBe('411111xxxxxx1111')
  })

  test('C3 ACH by-transaction stores a check', async () => {
    const r = await api('POST', '/v3/customer/ach/create/by-transaction', {
      customer_label: 'bt-ach',
      transaction_id: '99',
    })
    expect(r.body.data.check.masked_account_number).toBe('xxxxxxxx6789')
    expect(r.body.data.card).toBeUndefined()
  })

  test('C4 pt-protect requires hpf_token (UUID) and enc_key (base64)', async () => {
    const bad = await api('POST', '/v3/customer/create/pt-protect', {
      customer_label: 'pp-1',
      hpf_token: 'nope',
    })
    expect(bad.body.data.map((d: { field: string }) => d.field)).toEqual([
      'body/hpf_token',
      'body/enc_key',
    ])
    const ok = await api('POST', '/v3/customer/create/pt-protect', {
      customer_label: 'pp-1',
      hpf_token: 'e369847e-3027-4174-9161-fa0d4e98d318',
      enc_key: 'lI785yOBMet4Rt9o4NLXEyV84WBU3tdStExcsfoaOoo=',
    })
    expect(ok.status).toBe(200)
    const upd = await api(
      'PATCH',
      `/v3/customer/pt-protect/${ok.body.data.customer_id as number}`,
      { hpf_token: 'e369847e-3027-4174-9161-fa0d4e98d318' },
    )
    expect(upd.body.data).toEqual([{ field: 'body/enc_key', detail: 'field required' }])
  })
})

describe('GET /v3/customer/{id} and /v3/customer/ach/{id} (PT "Get Customer Detail", WA §P.4)', () => {
  test('returns the same detail as the create', async () => {
    const c = await create({ check: CHECK })
    const r = await api('GET', `/v3/customer/${c.body.data.customer_id as number}?allow_partial=0`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual(c.body)
  })

  test('unknown id is 422 path/customer_id, not 404 (GF §1.4)', async () => {
    const r = await api('GET', '/v3/customer/42')
    expect(r.status).toBe(422)
    expect(r.body).toEqual({
      data: [{ field: 'path/customer_id', detail: 'customer_id 42 was not found' }],
    })
  })

  test('a non-integer id is 422 "value is not a valid integer"', async () => {
    const r = await api('GET', '/v3/customer/abc')
    expect(r.body.data).toEqual([
      { field: 'path/customer_id', detail: 'value is not a valid integer' },
    ])
  })

  test('the ACH detail needs a check on the profile', async () => {
    const cardOnly = await create()
    const none = await api('GET', `/v3/customer/ach/${cardOnly.body.data.customer_id as number}`)
    expect(none.status).toBe(422)
    const withCheck = await create({ card: undefined, check: CHECK })
    const r = await api('GET', `/v3/customer/ach/${withCheck.body.data.customer_id as number}`)
    expect(r.body.data.check.routing_number).toBe('021000021')
  })
})

describe('PATCH /v3/customer/{id} (PT "Update Customer Profile")', () => {
  test('only the fields sent change; inside an address only the keys sent change; label can change', async () => {
    const c = await create({
      billing_address: { name: 'Ada Lee', city: 'Spokane' },
      email: 'a@example.com',
    })
    const id = c.body.data.customer_id as number
    clock.advance(1000)
    const r = await api('PATCH', `/v3/customer/${id}`, {
      billing_address: { city: 'Edina' },
      customer_label: 'renamed-1',
    })
    expect(r.status).toBe(200)
    expect(r.body.data.billing_address.name).toBe('Ada Lee')
    expect(r.body.data.billing_address.city).toBe('Edina')
    expect(r.body.data.email).toBe('a@example.com')
    expect(r.body.data.customer_label).toBe('renamed-1')
    expect(r.body.data.updated_at).not.toBe(r.body.data.created_at)
  })

  test('renaming onto a taken label is 422', async () => {
    await create({ customer_label: 'taken-label' })
    const c = await create()
    const r = await api('PATCH', `/v3/customer/${c.body.data.customer_id as number}`, {
      customer_label: 'taken-label',
    })
    expect(r.body.data[0].field).toBe('body/customer_label')
  })
})

describe('GET /v3/customer and POST /v3/customer/export (PT list/export, WA §P.5, §P.6)', () => {
  let local: RunningSandbox<'paytrace'>
  let h: Record<string, string>
  beforeAll(async () => {
    local = await startSandbox({ gateway: 'paytrace', clock: clock.now })
    local.seedCustomers(25, { withCards: true })
    const t = await call(`${local.url}/v3/token`, {
      method: 'POST',
      headers: FORM,
      body: form({
        grant_type: 'client_credentials',
        client_id: local.credentials.clientId,
        client_secret: local.credentials.clientSecret,
      }),
    })
    h = { authorization: `Bearer ${t.body.access_token as string}` }
  })
  afterAll(() => local.close())

  test('limit/offset paging with total_count, in customer_id order', async () => {
    const r = await call(`${local.url}/v3/customer?limit=10&offset=20`, { headers: h })
    expect(r.body.total_count).toBe(25)
    expect(r.body.limit).toBe(10)
    expect(r.body.offset).toBe(20)
    expect(r.body.data).toHaveLength(5)
    expect(r.body.data[0].customer_id).toBe(1_000_021)
    expect(r.body.data[0].card_masked).toBeUndefined()
  })

  test('include_card_number=1 adds card_masked; bad limit is 422 query/limit', async () => {
    const r = await call(`${local.url}/v3/customer?include_card_number=1&limit=1`, { headers: h })
    expect(r.body.data[0].card_masked).toMatch(/^\d{6}x+\d{4}$/)
    const bad = await call(`${local.url}/v3/customer?limit=0`, { headers: h })
    expect(bad.status).toBe(422)
    expect(bad.body.data[0].field).toBe('query/limit')
  })

  test('name_filter matches label or billing name, case-insensitively', async () => {
    const all = await call(`${local.url}/v3/customer?limit=1000`, { headers: h })
    const name = all.body.data[3].name as string
    const r = await call(
      `${local.url}/v3/customer?name_filter=${encodeURIComponent(name.toUpperCase())}`,
      { headers: h },
    )
    expect(r.body.total_count).toBeGreaterThan(0)
    for (const item of r.body.data) expect(item.name.toLowerCase()).toBe(name.toLowerCase())
  })

  test('export filters by label and hides the BIN unless include_bin', async () => {
    const first = (await call(`${local.url}/v3/customer?limit=1`, { headers: h })).body.data[0]
    const r = await call(`${local.url}/v3/customer/export`, {
      method: 'POST',
      headers: h,
      body: { customer_label: first.customer_label },
    })
    expect(r.body.total_count).toBe(1)
    expect(r.body.data[0].card.masked_number).toMatch(/^x+\d{4}$/)
    const bin = await call(`${local.url}/v3/customer/export`, {
      method: 'POST',
      headers: h,
      body: { customer_label: first.customer_label, include_bin: true },
    })
    expect(bin.body.data[0].card.masked_number).toMatch(/^\d{6}x+\d{4}$/)
  })

  test('export created.at filter (M/D/YYYY h:mm:ss AM) and a bad format', async () => {
    const later = await call(`${local.url}/v3/customer/export`, {
      method: 'POST',
      headers: h,
      body: { created: { at: '1/5/2027 10:00:00 AM', by: 'x' } },
    })
    expect(later.body.total_count).toBe(0)
    const earlier = await call(`${local.url}/v3/customer/export`, {
      method: 'POST',
      headers: h,
      body: { created: { at: '1/5/2025 10:00:00 AM' } },
    })
    expect(earlier.body.total_count).toBe(25)
    const bad = await call(`${local.url}/v3/customer/export`, {
      method: 'POST',
      headers: h,
      body: { created: { at: '2025-01-05' } },
    })
    expect(bad.body.data[0].field).toBe('body/created/at')
  })

  test('export by label follows a relabel and a delete; an unknown label finds none', async () => {
    const exportBy = async (label: string) =>
      (
        await call(`${local.url}/v3/customer/export`, {
          method: 'POST',
          headers: h,
          body: { customer_label: label },
        })
      ).body.data.map((x: { customer_id: number }) => x.customer_id)
    const second = (await call(`${local.url}/v3/customer?limit=2`, { headers: h })).body.data[1]
    const id = second.customer_id as number
    expect(await exportBy(second.customer_label)).toEqual([id])
    expect(await exportBy('no-such-label')).toEqual([])
    const renamed = await call(`${local.url}/v3/customer/${id}`, {
      method: 'PATCH',
      headers: h,
      body: { customer_label: 'export-relabelled' },
    })
    expect(renamed.status).toBe(200)
    expect(await exportBy(second.customer_label)).toEqual([])
    expect(await exportBy('export-relabelled')).toEqual([id])
    await call(`${local.url}/v3/customer/${id}`, { method: 'DELETE', headers: h })
    expect(await exportBy('export-relabelled')).toEqual([])
  })
})

describe('recurring payments (PTR, GF §1.5, §1.6, WA §P.8)', () => {
  let customerId: number
  beforeAll(async () => {
    customerId = (await create({ check: CHECK })).body.data.customer_id as number
  })
  const rec = (extra: Record<string, unknown> = {}) => ({
    amount: 24.95,
    frequency: '3',
    start_date: '10/01/2026',
    total_count: '12',
    ...extra,
  })

  test('R1 create answers the recurrence item with an integer id and numeric total_count', async () => {
    const r = await api('POST', '/v3/recurrence/create', {
      customer_id: customerId,
      recurrence: rec(),
      surcharge_info: { omit_surcharge: true },
    })
    expect(r.status).toBe(200)
    expect(r.body.data).toMatchObject({
      customer_id: customerId,
      amount: 24.95,
      frequency: '3',
      start_date: '10/01/2026',
      next_date: '10/01/2026',
      total_count: 12,
      current_count: 0,
      transaction_type: 'Sale',
      type: 'C',
      surcharge_info: { omit_surcharge: true },
    })
    expect(Number.isInteger(r.body.data.id)).toBe(true)
  })

  test('R1 validation: the ten frequency codes only, MM/DD/YYYY, total_count 1..999, 2 decimals', async () => {
    const r = await api('POST', '/v3/recurrence/create', {
      customer_id: customerId,
      recurrence: rec({
        frequency: 'B',
        start_date: '2026-10-01',
        total_count: 1000,
        amount: 1.005,
      }),
    })
    expect(r.body.data.map((d: { field: string }) => d.field)).toEqual([
      'body/recurrence/amount',
      'body/recurrence/frequency',
      'body/recurrence/start_date',
      'body/recurrence/total_count',
    ])
    for (const f of ['1', '8', 'A', '2', '9', '3', '4', '7', '5', '6']) {
      expect(
        (
          await api('POST', '/v3/recurrence/create', {
            customer_id: customerId,
            recurrence: rec({ frequency: f }),
          })
        ).status,
      ).toBe(200)
    }
    expect(
      (
        await api('POST', '/v3/recurrence/create', {
          customer_id: customerId,
          recurrence: rec({ total_count: 999 }),
        })
      ).status,
    ).toBe(200)
  })

  test('R1 on an unknown customer is 422 body/customer_id; type A needs a check', async () => {
    const r = await api('POST', '/v3/recurrence/create', { customer_id: 9, recurrence: rec() })
    expect(r.body.data[0].field).toBe('body/customer_id')
    const cardOnly = (await create()).body.data.customer_id as number
    const a = await api('POST', '/v3/recurrence/create', {
      customer_id: cardOnly,
      recurrence: rec({ type: 'A', sec_code: 'PPD' }),
    })
    expect(a.body.data).toEqual([
      { field: 'body/recurrence/type', detail: 'customer has no check' },
    ])
  })

  test('R2 PATCH /v3/recurrence (id in the body) changes fields and next_date', async () => {
    const created = await api('POST', '/v3/recurrence/create', {
      customer_id: customerId,
      recurrence: rec(),
    })
    const id = String(created.body.data.id)
    const r = await api('PATCH', '/v3/recurrence', {
      recurrence: { id, amount: 80.05 },
      next_date: '05/01/2027',
      customer_id: customerId,
    })
    expect(r.body.data).toMatchObject({
      amount: 80.05,
      next_date: '05/01/2027',
      start_date: '10/01/2026',
    })
    const missing = await api('PATCH', '/v3/recurrence', { recurrence: { id: '1' } })
    expect(missing.body.data[0].field).toBe('body/recurrence/id')
  })

  test('R3 DELETE /v3/recurrence carries a JSON body; without it, 422 body/recurrence', async () => {
    const created = await api('POST', '/v3/recurrence/create', {
      customer_id: customerId,
      recurrence: rec(),
    })
    const id = created.body.data.id as number
    const r = await api('DELETE', '/v3/recurrence', { recurrence: { id: String(id) } })
    expect(r.body).toEqual({ data: { id } })
    expect((await api('GET', `/v3/recurrence/export/by-id/${id}`)).status).toBe(422)
    const noBody = await api('DELETE', '/v3/recurrence')
    expect(noBody.body.data).toEqual([{ field: 'body/recurrence', detail: 'field required' }])
  })

  test('R4, R5 (limit 1..50, offset, label check), R6 exports', async () => {
    const cid = (await create()).body.data.customer_id as number
    const ids: number[] = []
    for (let i = 0; i < 3; i++)
      ids.push(
        (await api('POST', '/v3/recurrence/create', { customer_id: cid, recurrence: rec() })).body
          .data.id,
      )
    const all = await api('GET', `/v3/recurrence/export/by-customer/${cid}`)
    expect(all.body.total_count).toBe(3)
    expect(all.body.data.map((x: { id: number }) => x.id)).toEqual(ids)
    const page = await api('POST', `/v3/recurrence/export/by-customer/${cid}`, {
      limit: 2,
      offset: 1,
    })
    expect(page.body).toMatchObject({ total_count: 3, limit: 2, offset: 1 })
    expect(page.body.data.map((x: { id: number }) => x.id)).toEqual(ids.slice(1))
    const one = await api('POST', `/v3/recurrence/export/by-customer/${cid}`, {
      recurrence: { id: String(ids[0]) },
    })
    expect(one.body.total_count).toBe(1)
    expect(
      (await api('POST', `/v3/recurrence/export/by-customer/${cid}`, { limit: 51 })).body.data[0]
        .field,
    ).toBe('body/limit')
    expect(
      (await api('POST', `/v3/recurrence/export/by-customer/${cid}`, { customer_label: 'other' }))
        .body.data[0].field,
    ).toBe('body/customer_label')
    const byId = await api('GET', `/v3/recurrence/export/by-id/${ids[0] as number}`)
    expect(byId.body.data.id).toBe(ids[0])
  })

  test('R7 approved export: 422 without a processed run, a transaction for seeded runs', async () => {
    const none = await api('POST', `/v3/recurrence/export/approved/by-customer/${customerId}`)
    expect(none.status).toBe(422)
    const seeded = await startSandbox({ gateway: 'paytrace', clock: clock.now })
    try {
      const { ids } = seeded.seedCustomers(30, { withCards: true, withRecurrences: true, seed: 7 })
      const t = await call(`${seeded.url}/v3/token`, {
        method: 'POST',
        headers: FORM,
        body: form({
          grant_type: 'client_credentials',
          client_id: seeded.credentials.clientId,
          client_secret: seeded.credentials.clientSecret,
        }),
      })
      const h = { authorization: `Bearer ${t.body.access_token as string}` }
      const answers = await Promise.all(
        ids.map((id) =>
          call(`${seeded.url}/v3/recurrence/export/approved/by-customer/${id}`, {
            method: 'POST',
            headers: h,
          }),
        ),
      )
      const approved = answers.filter((a) => a.status === 200)
      expect(approved.length).toBeGreaterThan(0)
      expect(approved[0]?.body.data).toMatchObject({
        response_code: 101,
        transaction_id: expect.any(String),
      })
    } finally {
      await seeded.close()
    }
  })
})

describe('DELETE /v3/customer/{id} (PT "Delete Customer Profile", WA §P.7)', () => {
  test('answers {data:{customer_id}} and removes the customer and its recurrences', async () => {
    const c = await create()
    const id = c.body.data.customer_id as number
    const rec = await api('POST', '/v3/recurrence/create', {
      customer_id: id,
      recurrence: { amount: 5, frequency: '5', start_date: '1/2/2026', total_count: 3 },
    })
    const r = await api('DELETE', `/v3/customer/${id}`)
    expect(r.body).toEqual({ data: { customer_id: id } })
    expect((await api('GET', `/v3/customer/${id}`)).status).toBe(422)
    expect(
      (await api('GET', `/v3/recurrence/export/by-id/${rec.body.data.id as number}`)).status,
    ).toBe(422)
    expect((await api('DELETE', `/v3/customer/${id}`)).status).toBe(422)
  })
})
