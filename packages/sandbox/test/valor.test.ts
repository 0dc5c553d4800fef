/**
 * Valor vault simulator, raw HTTP. VL = valor-vault-responses.txt (operations V1–V18 in
 * GATEWAY-FACTS §3.4 order), GF = GATEWAY-FACTS.md, WA = docs/wire-assumptions.md.
 */
import { type RunningSandbox, VALOR_TEST_TOKENS, startSandbox } from '../src/index'
import { call, leaksNoSecret } from './http'

let sb: RunningSandbox<'valor'>
let h: Record<string, string>
const P = '/api/valor-vault'

const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = h) =>
  call(`${sb.url}${P}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })

const address = (label: string, extra: Record<string, string> = {}) => ({
  address_label: label,
  billing_customer_name: 'Ada Lee',
  billing_street_no: '12',
  billing_street_name: 'Elm Street',
  billing_city: 'Edina',
  billing_state: 'MN',
  billing_zip: '55424',
  ...extra,
})

const newCustomer = async (extra: Record<string, unknown> = {}): Promise<number> => {
  const r = await api('POST', '/addcustomer', {
    customer_name: 'Ada Lee',
    customer_phone: '6125550100',
    address_details: [address('Home')],
    ...extra,
  })
  return r.body.vault_customer_id as number
}
const CARD = { pan_num: '4111111111111111', expiry: '12/30', cardholder_name: 'Ada Lee' }
const ACH = {
  account_number: '000123456789',
  routing_number: '021000021',
  payee_name: 'Ada Lee',
  account_type: 'C',
  entry_class: 'Personal',
}

beforeAll(async () => {
  sb = await startSandbox({ gateway: 'valor' })
  h = { 'valor-app-id': sb.credentials.appId, 'valor-app-key': sb.credentials.appKey }
})
afterAll(() => sb.close())

describe('auth (GF §3.2, VL V12/V14 auth answers, WA §V.0)', () => {
  test('missing headers: {status:false, code:"400", message:"Please provide…"} with HTTP 400', async () => {
    const r = await api('GET', '/getcustomerlist', undefined, {
      'valor-app-id': sb.credentials.appId,
    })
    expect(r.status).toBe(400)
    expect(r.body).toEqual({
      status: false,
      code: '400',
      message: 'Please provide a valid APP ID or APP Key.',
    })
  })

  test('wrong key: "Not a valid APP ID or APP Key."', async () => {
    const r = await api('GET', '/getpaymentprofile/1', undefined, {
      ...h,
      'valor-app-key': 'x'.repeat(32),
    })
    expect(r.body).toEqual({
      status: false,
      code: '400',
      message: 'Not a valid APP ID or APP Key.',
    })
  })

  test('credentials are 32 characters; state is per credential pair', async () => {
    expect(sb.credentials.appId).toHaveLength(32)
    expect(sb.credentials.appKey).toHaveLength(32)
    const other = { appId: 'B'.repeat(32), appKey: 'C'.repeat(32) }
    const two = await startSandbox({ gateway: 'valor', extraCredentials: [other] })
    try {
      const hA = { 'valor-app-id': two.credentials.appId, 'valor-app-key': two.credentials.appKey }
      const hB = { 'valor-app-id': other.appId, 'valor-app-key': other.appKey }
      const id = (
        await call(`${two.url}${P}/addcustomer`, {
          method: 'POST',
          headers: hA,
          body: { customer_name: 'Ada' },
        })
      ).body.vault_customer_id
      expect(
        (await call(`${two.url}${P}/getcustomer/${id as number}`, { headers: hB })).body.errors,
      ).toEqual(['Customer not exist'])
    } finally {
      await two.close()
    }
  })
})

describe('V1 addcustomer (VL "Create a new customer profile", GF §3.5, §3.6)', () => {
  test('201 {code:201, status:"OK", vault_customer_id:int}', async () => {
    const r = await api('POST', '/addcustomer', {
      customer_name: 'Ada Lee',
      customer_email: 'ada@example.com',
      company_name: 'Lee Tools',
      address_details: [address('Home')],
    })
    expect(r.status).toBe(201)
    expect(r.body).toEqual({ code: 201, status: 'OK', vault_customer_id: expect.any(Number) })
  })

  test('AJV-style errors array: missing name, name rules, phone, email', async () => {
    expect((await api('POST', '/addcustomer', {})).body).toEqual({
      code: 400,
      status: 'FAILED',
      errors: ["data must have required property 'customer_name'"],
    })
    expect(
      (await api('POST', '/addcustomer', { customer_name: 'A'.repeat(26) })).body.errors,
    ).toEqual(['data/customer_name must NOT have more than 25 characters'])
    expect((await api('POST', '/addcustomer', { customer_name: 'Ada 2' })).body.errors).toEqual([
      'data/customer_name must match pattern "^[A-Za-z ]+$"',
    ])
    expect(
      (await api('POST', '/addcustomer', { customer_name: 'Ada', customer_phone: '12ab' })).body
        .errors,
    ).toEqual(['data/customer_phone Enter a valid Phone Number'])
    expect(
      (await api('POST', '/addcustomer', { customer_name: 'Ada', customer_email: 'nope' })).body
        .errors,
    ).toEqual(['data/customer_email Enter a valid Email'])
  })

  test('address rules: label required and unique, state 2 letters, zip 5–6, at most 5 addresses', async () => {
    const body = (list: unknown[]) => ({ customer_name: 'Ada', address_details: list })
    expect(
      (await api('POST', '/addcustomer', body([{ billing_zip: '55424' }]))).body.errors,
    ).toEqual(["data/address_details/0 must have required property 'address_label'"])
    expect(
      (await api('POST', '/addcustomer', body([address('Home', { billing_zip: '554' })]))).body
        .errors,
    ).toEqual(['data/address_details/0/billing_zip must NOT have fewer than 5 characters'])
    expect(
      (await api('POST', '/addcustomer', body([address('Home', { billing_state: 'Minn' })])))
        .status,
    ).toBe(400)
    expect(
      (await api('POST', '/addcustomer', body([address('Home'), address('Home')]))).body.errors,
    ).toEqual(['Address label already exist'])
    const six = [1, 2, 3, 4, 5, 6].map((i) => address(`A${i}`))
    expect((await api('POST', '/addcustomer', body(six))).body.errors).toEqual([
      'data/address_details must NOT have more than 5 items',
    ])
  })
})

describe('V2 addpaymentprofile, V4 token, V8 map transaction, the 5-card cap (VL, GF §3.5, §3.6, WA §V.2)', () => {
  test('V2: 201 {payment_id}; unknown customer "Customer not exist"; card checks', async () => {
    const id = await newCustomer()
    const r = await api('POST', `/addpaymentprofile/${id}`, CARD)
    expect(r.status).toBe(201)
    expect(r.body).toEqual({ code: 201, status: 'OK', payment_id: expect.any(Number) })
    expect((await api('POST', '/addpaymentprofile/999999', CARD)).body).toEqual({
      code: 400,
      status: 'FAILED',
      errors: ['Customer not exist'],
    })
    expect(
      (await api('POST', `/addpaymentprofile/${id}`, { ...CARD, pan_num: '4111111111111112' })).body
        .errors,
    ).toEqual(['data/pan_num Enter a valid Card Number'])
    expect(
      (await api('POST', `/addpaymentprofile/${id}`, { ...CARD, expiry: '2030-12' })).body.errors,
    ).toEqual(['data/expiry Enter a valid Expiry Date'])
    expect(
      (await api('POST', `/addpaymentprofile/${id}`, { ...CARD, expiry: '1230' })).status,
    ).toBe(201)
    expect((await api('POST', `/addpaymentprofile/${id}`, { expiry: '1230' })).body.errors).toEqual(
      ["data must have required property 'pan_num'"],
    )
  })

  test('the sixth card is refused with the cap message (cards of any status count)', async () => {
    const id = await newCustomer()
    for (let i = 0; i < 5; i++)
      expect((await api('POST', `/addpaymentprofile/${id}`, CARD)).status).toBe(201)
    const sixth = await api('POST', `/addpaymentprofile/${id}`, CARD)
    expect(sixth.body).toEqual({
      code: 400,
      status: 'FAILED',
      errors: ['Maximum of 5 payment profiles reached for this customer'],
    })
    expect(
      (
        await api('POST', `/addpaymentprofiletoken/${id}`, {
          token: Object.keys(VALOR_TEST_TOKENS)[0],
        })
      ).body.errors,
    ).toEqual(['Maximum of 5 payment profiles reached for this customer'])
  })

  test('V4: test tokens and existing profile tokens are accepted; a bad token is FAILED without code', async () => {
    const id = await newCustomer()
    const tok = Object.keys(VALOR_TEST_TOKENS)[1] as string
    const r = await api('POST', `/addpaymentprofiletoken/${id}`, {
      token: tok,
      cardholder_name: 'Ada Lee',
    })
    expect(r.body).toEqual({ code: 201, status: 'OK', payment_id: expect.any(Number) })
    const bad = await api('POST', `/addpaymentprofiletoken/${id}`, { token: 'nope' })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ status: 'FAILED', errors: ['Invalid Token'] })
    const listed = (await api('GET', `/getpaymentprofile/${id}`)).body.data[0]
    expect(listed.card_brand).toBe('Mastercard')
    const again = await api('POST', `/addpaymentprofiletoken/${await newCustomer()}`, {
      token: listed.token,
    })
    expect(again.status).toBe(201)
  })

  test('V8: ref_txn_id required, FAILED without code', async () => {
    const id = await newCustomer()
    expect((await api('POST', `/addpaymentprofiletxn/${id}`, {})).body).toEqual({
      status: 'FAILED',
      errors: ['Reference transaction ID missing'],
    })
    expect(
      (await api('POST', `/addpaymentprofiletxn/${id}`, { ref_txn_id: '10176309' })).body,
    ).toEqual({ code: 201, status: 'OK', payment_id: expect.any(Number) })
  })
})

describe('V12 list cards, V7 update card, V10 status, V18 delete card (VL)', () => {
  test('V12 lists masked_pan XXXX1111, a 40-hex token, card_type C, brand, status; no expiry, no PAN', async () => {
    const id = await newCustomer()
    await api('POST', `/addpaymentprofile/${id}`, CARD)
    const r = await api('GET', `/getpaymentprofile/${id}`)
    expect(r.body).toEqual({
      code: 200,
      status: 'OK',
      message: 'Success',
      data: [
        {
          payment_id: expect.any(Number),
          masked_pan: 'XXXX1111',
          token: expect.stringMatching(/^[0-9A-F]{40}$/),
          card_type: 'C',
          card_brand: 'Visa',
          cardholder_name: 'Ada Lee',
          status: 'active',
        },
      ],
    })
    expect(leaksNoSecret(r.text)).toBe(true)
    expect((await api('GET', '/getpaymentprofile/424242')).body.errors).toEqual([
      'Customer not exist',
    ])
  })

  test('V7 update card: 200 {payment_id}; bad id "Please provide a valid payment profile ID." without code', async () => {
    const id = await newCustomer()
    const pid = (await api('POST', `/addpaymentprofile/${id}`, CARD)).body.payment_id as number
    expect(
      (
        await api('PUT', `/updatepaymentprofile/${id}/${pid}`, {
          expiry: '01/31',
          cardholder_name: 'Ada B Lee',
        })
      ).body,
    ).toEqual({ code: 200, status: 'OK', payment_id: pid })
    expect((await api('GET', `/getpaymentprofile/${id}`)).body.data[0].cardholder_name).toBe(
      'Ada B Lee',
    )
    expect((await api('PUT', `/updatepaymentprofile/${id}/1`, { expiry: '01/31' })).body).toEqual({
      status: 'FAILED',
      errors: ['Please provide a valid payment profile ID.'],
    })
  })

  test('V10 status: required, active|inactive; inactive profiles stay listed', async () => {
    const id = await newCustomer()
    const pid = (await api('POST', `/addpaymentprofile/${id}`, CARD)).body.payment_id as number
    expect((await api('PUT', `/updatepaymentprofilestatus/${id}/${pid}`, {})).body).toEqual({
      status: 'FAILED',
      errors: ["data must have required property 'status'"],
    })
    expect(
      (await api('PUT', `/updatepaymentprofilestatus/${id}/${pid}`, { status: 'paused' })).body
        .errors,
    ).toEqual(['data/status must be equal to one of the allowed values'])
    expect(
      (await api('PUT', `/updatepaymentprofilestatus/${id}/${pid}`, { status: 'inactive' })).body,
    ).toEqual({ code: 200, status: 'OK', message: 'Success' })
    expect((await api('GET', `/getpaymentprofile/${id}`)).body.data[0].status).toBe('inactive')
  })

  test('V18 delete card: OK/Success, then "Unable to delete the payment profile"', async () => {
    const id = await newCustomer()
    const pid = (await api('POST', `/addpaymentprofile/${id}`, CARD)).body.payment_id as number
    expect((await api('DELETE', `/deletepaymentprofile/${id}/${pid}`)).body).toEqual({
      code: 200,
      status: 'OK',
      message: 'Success',
    })
    expect((await api('DELETE', `/deletepaymentprofile/${id}/${pid}`)).body).toEqual({
      code: 400,
      status: 'FAILED',
      errors: ['Unable to delete the payment profile'],
    })
  })
})

describe('ACH: V3 add, V13 list, V9 update, V15 delete (VL, GF §3.3 SUCCESS and string errors)', () => {
  test('V3: 200 {status:"SUCCESS", ach_profile_id:int}; missing fields as one string', async () => {
    const id = await newCustomer()
    const r = await api('POST', `/addachprofile/${id}`, ACH)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ code: 200, status: 'SUCCESS', ach_profile_id: expect.any(Number) })
    expect((await api('POST', `/addachprofile/${id}`, { payee_name: 'x' })).body).toEqual({
      code: 400,
      status: 'FAILED',
      errors: 'Missing required field(s): account_number, routing_number',
    })
    expect(
      (await api('POST', `/addachprofile/${id}`, { ...ACH, routing_number: '021000022' })).body
        .errors,
    ).toBe('Invalid routing_number')
    expect((await api('POST', '/addachprofile/777777', ACH)).body.errors).toBe('Customer not exist')
  })

  test('V13: SUCCESS with masked numbers and no message field; unknown customer errors as a string', async () => {
    const id = await newCustomer()
    await api('POST', `/addachprofile/${id}`, ACH)
    const r = await api('GET', `/getachprofile/${id}`)
    expect(r.body).toEqual({
      code: 200,
      status: 'SUCCESS',
      data: [
        {
          ach_profile_id: expect.any(Number),
          account_number: 'XXXX6789',
          routing_number: 'XXXX0021',
          payee_name: 'Ada Lee',
          account_type: 'C',
          entry_class: 'Personal',
        },
      ],
    })
    expect(leaksNoSecret(r.text)).toBe(true)
    expect((await api('GET', '/getachprofile/777777')).body).toEqual({
      code: 400,
      status: 'FAILED',
      errors: 'Customer not exist',
    })
  })

  test('V9: a no-op update is "No changes detected…"; a change answers ach_profile_id as a string', async () => {
    const id = await newCustomer()
    const achId = (await api('POST', `/addachprofile/${id}`, ACH)).body.ach_profile_id as number
    expect((await api('PUT', `/updateachprofile/${id}/${achId}`, ACH)).body).toEqual({
      code: 400,
      status: 'FAILED',
      errors: 'No changes detected. ACH profile already contains the same information',
    })
    expect(
      (await api('PUT', `/updateachprofile/${id}/${achId}`, { account_number: '000123456789' }))
        .status,
    ).toBe(400)
    expect(
      (await api('PUT', `/updateachprofile/${id}/${achId}`, { account_number: '000987654321' }))
        .body,
    ).toEqual({ code: 200, status: 'SUCCESS', ach_profile_id: String(achId) })
    expect((await api('PUT', `/updateachprofile/${id}/1`, { account_type: 'S' })).body.errors).toBe(
      'ACH profile ID does not exist',
    )
  })

  test('V15: string ach_profile_id; unknown "ACH profile ID does not exist"', async () => {
    const id = await newCustomer()
    const achId = (await api('POST', `/addachprofile/${id}`, ACH)).body.ach_profile_id as number
    expect((await api('DELETE', `/deleteachprofile/${id}/${achId}`)).body).toEqual({
      code: 200,
      status: 'SUCCESS',
      ach_profile_id: String(achId),
    })
    expect((await api('DELETE', `/deleteachprofile/${id}/${achId}`)).body).toEqual({
      code: 400,
      status: 'FAILED',
      errors: 'ACH profile ID does not exist',
    })
  })
})

describe('V5 edit, V11 get, V16 delete address, V17 delete customer, V6 transactions (VL, WA §V.2)', () => {
  test('V11: data.id, email/phone/company naming, total_card_count, address_details', async () => {
    const id = await newCustomer({ customer_email: 'ada@example.com', company_name: 'Lee Tools' })
    await api('POST', `/addpaymentprofile/${id}`, CARD)
    const r = await api('GET', `/getcustomer/${id}`)
    expect(r.body).toMatchObject({ code: 200, status: 'OK', message: 'Success' })
    expect(r.body.data).toMatchObject({
      id,
      customer_name: 'Ada Lee',
      email: 'ada@example.com',
      phone: '6125550100',
      company: 'Lee Tools',
      total_card_count: 1,
    })
    expect(r.body.data.address_details[0]).toMatchObject({
      address_id: expect.any(Number),
      address_label: 'Home',
      billing_zip: '55424',
      shipping_zip: '',
    })
    expect((await api('GET', '/getcustomer/1')).body).toEqual({
      code: 400,
      status: 'FAILED',
      errors: ['Customer not exist'],
    })
  })

  test('V5: changes only what is sent, updates addresses by address_id, adds others, caps at 5', async () => {
    const id = await newCustomer()
    const addressId = (await api('GET', `/getcustomer/${id}`)).body.data.address_details[0]
      .address_id as number
    const r = await api('PUT', `/editcustomer/${id}`, {
      customer_email: 'new@example.com',
      address_details: [{ address_id: addressId, billing_zip: '55410' }, address('Work')],
    })
    expect(r.body).toEqual({ code: 200, status: 'OK', vault_customer_id: id })
    const after = (await api('GET', `/getcustomer/${id}`)).body.data
    expect(after.customer_name).toBe('Ada Lee')
    expect(after.email).toBe('new@example.com')
    expect(after.address_details.map((a: { billing_zip: string }) => a.billing_zip)).toEqual([
      '55410',
      '55424',
    ])
    expect(
      (await api('PUT', `/editcustomer/${id}`, { customer_phone: 'abc' })).body.errors,
    ).toEqual(['data/customer_phone Enter a valid Phone Number'])
    const more = [3, 4, 5, 6].map((i) => address(`L${i}`))
    expect(
      (await api('PUT', `/editcustomer/${id}`, { address_details: more })).body.errors,
    ).toEqual(['Maximum of 5 addresses reached for this customer'])
  })

  test('V16: delete address, then "Unable to delete the address."', async () => {
    const id = await newCustomer()
    const addressId = (await api('GET', `/getcustomer/${id}`)).body.data.address_details[0]
      .address_id as number
    expect((await api('DELETE', `/deleteaddress/${id}/${addressId}`)).body).toEqual({
      code: 200,
      status: 'OK',
      message: 'Success',
    })
    expect((await api('DELETE', `/deleteaddress/${id}/${addressId}`)).body).toEqual({
      code: 400,
      status: 'FAILED',
      errors: ['Unable to delete the address.'],
    })
  })

  test('V17: delete customer with all its data', async () => {
    const id = await newCustomer()
    await api('POST', `/addpaymentprofile/${id}`, CARD)
    expect((await api('DELETE', `/deletecustomer/${id}`)).body).toEqual({
      code: 200,
      status: 'OK',
      message: 'Success',
    })
    expect((await api('GET', `/getpaymentprofile/${id}`)).body.errors).toEqual([
      'Customer not exist',
    ])
    expect((await api('DELETE', `/deletecustomer/${id}`)).body.errors).toEqual([
      'Customer not exist',
    ])
  })

  test('V6: OK/SUCCESS with limit/offset; unknown customer without code', async () => {
    const id = await newCustomer()
    expect(
      (
        await api(
          'GET',
          `/getcustomertransactions/${id}?start_date=2026-01-01&end_date=2026-01-31&limit=10`,
        )
      ).body,
    ).toEqual({
      code: 200,
      status: 'OK',
      message: 'SUCCESS',
      data: [],
      total_count: 0,
      limit: 10,
      offset: 0,
    })
    expect((await api('GET', '/getcustomertransactions/1')).body).toEqual({
      status: 'FAILED',
      errors: ['Vault customer ID does not exist.'],
    })
    expect((await api('GET', `/getcustomertransactions/${id}?start_date=01/01/2026`)).status).toBe(
      400,
    )
  })
})

describe('V14 getcustomerlist (VL, GF §3.6: 1-based pages, paging at top level)', () => {
  test('page_number/page_size with number_of_records, total_pages, total_count at top level', async () => {
    const local = await startSandbox({ gateway: 'valor' })
    try {
      local.seedCustomers(23, { withCards: true })
      const lh = {
        'valor-app-id': local.credentials.appId,
        'valor-app-key': local.credentials.appKey,
      }
      const r = await call(`${local.url}${P}/getcustomerlist?page_number=3&page_size=10`, {
        headers: lh,
      })
      expect(r.body).toMatchObject({
        code: 200,
        status: 'OK',
        message: 'Success',
        number_of_records: 3,
        page_number: 3,
        total_pages: 3,
        total_count: 23,
        page_size: 10,
      })
      expect(r.body.data.customers[0]).toEqual({
        vault_id: 100021,
        customer_name: expect.any(String),
        email: expect.any(String),
        phone: expect.any(String),
        company: expect.any(String),
        total_card_count: 1,
        total_recursive_billing: 0,
        transaction_count: 0,
        last_txn_date: null,
      })
      const first = await call(`${local.url}${P}/getcustomerlist`, { headers: lh })
      expect(first.body).toMatchObject({ page_number: 1, page_size: 10, number_of_records: 10 })
      const past = await call(`${local.url}${P}/getcustomerlist?page_number=9`, { headers: lh })
      expect(past.body.data.customers).toEqual([])
      expect(
        (await call(`${local.url}${P}/getcustomerlist?page_number=0`, { headers: lh })).body.errors,
      ).toEqual(['data/page_number must be >= 1'])
    } finally {
      await local.close()
    }
  })
})

describe('HTTP status switch and the route table (GF §3.8, WA §V.0, §V.1)', () => {
  test('valorAlways200: failures, auth errors and unknown routes all arrive as HTTP 200', async () => {
    const s = await startSandbox({ gateway: 'valor', valorAlways200: true })
    try {
      const bad = await call(`${s.url}${P}/addcustomer`, {
        method: 'POST',
        headers: { 'valor-app-id': s.credentials.appId, 'valor-app-key': s.credentials.appKey },
        body: {},
      })
      expect(bad.status).toBe(200)
      expect(bad.body.code).toBe(400)
      expect((await call(`${s.url}${P}/getcustomerlist`)).status).toBe(200)
      const created = await call(`${s.url}${P}/addcustomer`, {
        method: 'POST',
        headers: { 'valor-app-id': s.credentials.appId, 'valor-app-key': s.credentials.appKey },
        body: { customer_name: 'Ada' },
      })
      expect(created.status).toBe(200)
      expect(created.body.code).toBe(201)
    } finally {
      await s.close()
    }
  })

  test('a guessed route can be moved by configuration', async () => {
    const s = await startSandbox({
      gateway: 'valor',
      valorRoutes: { V5: { method: 'POST', path: `${P}/updatecustomer/{vault_customer_id}` } },
    })
    try {
      const sh = { 'valor-app-id': s.credentials.appId, 'valor-app-key': s.credentials.appKey }
      const id = (
        await call(`${s.url}${P}/addcustomer`, {
          method: 'POST',
          headers: sh,
          body: { customer_name: 'Ada' },
        })
      ).body.vault_customer_id as number
      expect(
        (
          await call(`${s.url}${P}/updatecustomer/${id}`, {
            method: 'POST',
            headers: sh,
            body: { customer_name: 'Bea' },
          })
        ).body.status,
      ).toBe('OK')
      expect(
        (await call(`${s.url}${P}/editcustomer/${id}`, { method: 'PUT', headers: sh, body: {} }))
          .status,
      ).toBe(404)
    } finally {
      await s.close()
    }
  })

  test('unknown route: 404 in the Valor envelope', async () => {
    expect((await api('GET', '/nothing')).body).toEqual({
      code: 404,
      status: 'FAILED',
      errors: ['Route not found'],
    })
  })
})
