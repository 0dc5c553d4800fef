// nock tests for every Valor operation and every response dialect. Each test names the spec
// example (valor-vault-responses.txt) or wire-assumptions section it reproduces.
import type * as E from 'fp-ts/Either'
import nock from 'nock'
import { addressId, customerId, paymentMethodId, type VaultError } from '@vaultport/core'
import { createValorVault, defaultRoutes } from '../src'
import {
  APP_ID,
  APP_KEY,
  BASE,
  P,
  detailWith,
  emptyHalf,
  home,
  left,
  makeVault,
  noAch,
  noCards,
  reads,
  right,
  spec,
  useNock,
  valor,
} from './fixtures'

useNock()

const C = customerId('100864')
const visa = { kind: 'card', number: '4111111111111111', expiry: { month: 3, year: 2028 } } as const

describe('customers', () => {
  it('create: V1 body with name asymmetry and address pairs; reads back (spec: Create customer 201)', async () => {
    valor()
      .post(`${P}/addcustomer`, {
        customer_name: 'Ada Lee',
        customer_email: 'ada@example.com',
        customer_phone: '6125550100',
        company_name: 'Lee Tools',
        address_details: [
          {
            address_label: 'Home',
            billing_customer_name: 'Ada Lee',
            billing_street_no: '12',
            billing_street_name: 'Elm Street',
            billing_city: 'Edina',
            billing_state: 'MN',
            billing_zip: '55424',
            shipping_customer_name: 'Ada Lee',
            shipping_street_no: '',
            shipping_street_name: 'Rural Route',
            shipping_city: 'Edina',
            shipping_state: 'MN',
            shipping_zip: '55424',
          },
        ],
      })
      .matchHeader('content-type', /application\/json/)
      .reply(201, spec.customerCreated)
    reads(100864)
    const vault = makeVault()
    const w = await right(
      vault.customers.create({
        name: 'Ada Lee',
        email: 'ada@example.com',
        phone: '6125550100',
        company: 'Lee Tools',
        fax: '6125550199',
        addresses: [
          {
            role: 'billing',
            label: 'Home',
            name: 'Ada Lee',
            line1: '12 Elm Street',
            city: 'Edina',
            region: 'MN',
            postalCode: '55424',
            country: 'US',
          },
          {
            role: 'shipping',
            label: 'Home',
            name: 'Ada Lee',
            line1: 'Rural Route',
            city: 'Edina',
            region: 'MN',
            postalCode: '55424',
            country: 'CA',
          },
        ],
      }),
    )
    expect(w.value.id).toBe('100864')
    expect(w.warnings.map((x) => `${x.code}@${x.field}`).sort()).toEqual([
      'address_split_guessed@addresses[1].line1',
      'country_dropped@addresses[1].country',
      'field_dropped@fax',
    ])
  })

  it('create: a first card is added after the customer (spec: Add card 201)', async () => {
    valor().post(`${P}/addcustomer`).reply(201, spec.customerCreated)
    valor()
      .post(`${P}/addpaymentprofile/100864`, {
        pan_num: '4111111111111111',
        expiry: '12/29',
        cardholder_name: 'Ada Lee',
      })
      .reply(201, spec.cardCreated)
    reads(100864, detailWith([]), spec.cards)
    const w = await right(
      makeVault().customers.create({
        name: 'Ada Lee',
        paymentMethod: {
          kind: 'card',
          number: '4111111111111111',
          expiry: { month: 12, year: 2029 },
          holderName: 'Ada Lee',
        },
      }),
    )
    expect(w.value.paymentMethods).toEqual([
      {
        kind: 'card',
        id: 'card:97555',
        brand: 'visa',
        last4: '1111',
        status: 'active',
        holderName: 'Sheila Mitch',
        funding: 'debit',
      },
    ])
  })

  it('create: a refused first card rolls the customer back (wire-assumptions V.2 card cap)', async () => {
    valor().post(`${P}/addcustomer`).reply(201, spec.customerCreated)
    valor().post(`${P}/addpaymentprofile/100864`).reply(400, spec.cardCap)
    valor().delete(`${P}/deletecustomer/100864`).reply(200, spec.success)
    const e = await left(
      makeVault().customers.create({
        name: 'Ada Lee',
        paymentMethod: {
          kind: 'card',
          number: '4111111111111111',
          expiry: { month: 12, year: 2029 },
        },
      }),
    )
    expect(e.kind).toBe('Conflict')
    expect(e.message).toContain('deleted again')
  })

  it('create: a name too long or with no letters is a Validation error before any request', async () => {
    const vault = makeVault()
    const long = await left(
      vault.customers.create({ name: 'Augusta Ada King Countess of Lovelace' }),
    )
    expect(long).toMatchObject({ kind: 'Validation', issues: [{ path: 'name' }] })
    const nothing = await left(vault.customers.create({ name: "-- '' --" }))
    expect(nothing).toMatchObject({ kind: 'Validation', issues: [{ path: 'name' }] })
    const none = await left(vault.customers.create({ email: 'a@b.co' }))
    expect(none).toMatchObject({ kind: 'Validation', issues: [{ path: 'name' }] })
  })

  it('create: the gateway validation message maps to a field (spec: Create customer 400)', async () => {
    valor().post(`${P}/addcustomer`).reply(400, spec.customerNameMissing)
    const e = await left(makeVault().customers.create({ name: 'Ada' }))
    expect(e).toMatchObject({
      kind: 'Validation',
      httpStatus: 400,
      gatewayCode: '400',
      issues: [{ path: 'name', message: 'is required' }],
    })
  })

  it('create: a timeout is OutcomeUnknown and is not retried', async () => {
    valor().post(`${P}/addcustomer`).delay(1500).reply(201, spec.customerCreated)
    const e = await left(
      makeVault({
        http: { timeoutMs: 1000, retry: { maxAttempts: 3, baseDelayMs: 1 } },
      }).customers.create({ name: 'Ada' }),
    )
    expect(e.kind).toBe('OutcomeUnknown')
    expect(e.retry).toBe('reconcile')
  })

  it('create: `error` instead of `errors` (GATEWAY-FACTS §3.3, VL-DEXA) → Conflict', async () => {
    valor().post(`${P}/addcustomer`).reply(400, spec.nameExists)
    const e = await left(makeVault().customers.create({ name: 'Ada' }))
    expect(e).toMatchObject({ kind: 'Conflict', gatewayMessages: ['Customer name already exist'] })
  })

  it('get: V11 + V12 + V13 → customer with address halves, cards and ACH (spec: Get customer, List cards, List ACH)', async () => {
    reads(100867, spec.customer, spec.cards, spec.ach)
    const c = await right(makeVault().customers.get(customerId('100867')))
    expect(c).toEqual({
      id: '100867',
      name: 'Melvin',
      email: 'melvin@example.com',
      phone: '6129160161',
      company: 'Home Centers',
      addresses: [
        {
          id: '154246:billing',
          role: 'billing',
          label: 'Home',
          name: 'Catherine P. Elliott',
          line1: '2629 Rocket Drive',
          line2: '56',
          city: 'Golden Valley',
          region: 'MN',
          postalCode: '55427',
        },
        {
          id: '154246:shipping',
          role: 'shipping',
          label: 'Home',
          name: 'Carolina M. Morris',
          line1: '1650 Chicago Avenue',
          line2: '56',
          city: 'Fresno',
          region: 'CA',
          postalCode: '93721',
        },
      ],
      paymentMethods: [
        {
          kind: 'card',
          id: 'card:97555',
          brand: 'visa',
          last4: '1111',
          status: 'active',
          holderName: 'Sheila Mitch',
          funding: 'debit',
        },
        {
          kind: 'bank_account',
          id: 'ach:2290',
          accountType: 'checking',
          accountLast4: '0510',
          routingLast4: '0021',
          holderName: 'John',
          holderType: 'business',
          status: 'active',
        },
      ],
      defaults: {},
      gatewayData: { total_card_count: 0 },
    })
  })

  it.each([
    ['HTTP 400 = code', 400],
    ['always-200 mode', 200],
  ])('get: "Customer not exist" → NotFound (%s; spec: Get customer 400)', async (_m, status) => {
    valor().get(`${P}/getcustomer/999`).reply(status, spec.customerNotExist)
    valor().get(`${P}/getpaymentprofile/999`).reply(status, spec.customerNotExist)
    valor().get(`${P}/getachprofile/999`).reply(status, spec.achCustomerNotExist)
    const e = await left(makeVault().customers.get(customerId('999')))
    expect(e).toMatchObject({ kind: 'NotFound', httpStatus: status })
  })

  it('get: a non-numeric id is NotFound without a request', async () => {
    expect((await left(makeVault().customers.get(customerId('abc')))).kind).toBe('NotFound')
  })

  it('get: a read is retried after a 503', async () => {
    valor().get(`${P}/getcustomer/100864`).reply(503, 'busy')
    reads(100864)
    expect((await right(makeVault().customers.get(C))).id).toBe('100864')
  })

  it('get: the authentication dialect → Auth (spec: List cards, status false)', async () => {
    valor().get(`${P}/getcustomer/100864`).reply(400, spec.authInvalid)
    valor().get(`${P}/getpaymentprofile/100864`).reply(400, spec.authInvalid)
    valor().get(`${P}/getachprofile/100864`).reply(400, spec.authInvalid)
    const e = await left(makeVault().customers.get(C))
    expect(e).toMatchObject({ kind: 'Auth', gatewayCode: '400' })
  })

  it('update: PUT editcustomer with the patch fields only, then reads (spec: Edit customer 200)', async () => {
    valor()
      .put(`${P}/editcustomer/100864`, { customer_phone: '6125550111' })
      .reply(200, spec.customerEdited)
    reads(100864)
    const w = await right(
      makeVault().customers.update(C, {
        phone: '6125550111',
        defaults: { billingAddressId: addressId('1:billing') },
      }),
    )
    expect(w.value.id).toBe('100864')
    expect(w.warnings.map((x) => x.code)).toEqual(['defaults_unsupported'])
  })

  it('update: "data/customer_phone …" → Validation on `phone` (spec: Edit customer 400)', async () => {
    valor().put(`${P}/editcustomer/100864`).reply(400, spec.badPhone)
    const e = await left(makeVault().customers.update(C, { phone: '12' }))
    expect(e).toMatchObject({
      kind: 'Validation',
      issues: [{ path: 'phone', message: 'Enter a valid Phone Number' }],
    })
  })

  it('delete: DELETE deletecustomer; twice → NotFound (spec: Delete customer)', async () => {
    valor().delete(`${P}/deletecustomer/100864`).reply(200, spec.success)
    valor().delete(`${P}/deletecustomer/100864`).reply(400, spec.customerNotExist)
    const vault = makeVault()
    await right(vault.customers.delete(C))
    expect((await left(vault.customers.delete(C))).kind).toBe('NotFound')
  })

  it('list: 1-based pages, paging at top level, vault_id (spec: List customers)', async () => {
    valor()
      .get(`${P}/getcustomerlist`)
      .query({ page_number: '1', page_size: '1' })
      .reply(200, spec.customers)
    const page = await right(makeVault().customers.list({ pageSize: 1 }))
    expect(page.items).toEqual([
      {
        id: '100867',
        name: 'Melvin',
        email: 'melvin@example.com',
        phone: '6129160161',
        company: 'Home Centers',
      },
    ])
    expect(page.totalCount).toBe(61)
    expect(page.nextCursor).toBe('v:2:1')
    valor()
      .get(`${P}/getcustomerlist`)
      .query({ page_number: '61', page_size: '1' })
      .reply(200, { ...spec.customers, page_number: 61 })
    const last = await right(makeVault().customers.list({ cursor: 'v:61:1' }))
    expect(last.nextCursor).toBeUndefined()
  })

  it('list: missing credentials dialect → Auth (spec: List customers, status false)', async () => {
    valor().get(`${P}/getcustomerlist`).query(true).reply(200, spec.authMissing)
    expect(await left(makeVault().customers.list())).toMatchObject({
      kind: 'Auth',
      gatewayMessages: ['Please provide a valid APP ID or APP Key.'],
    })
  })

  it('list: a foreign cursor, a reference or changedSince filter are Validation before any request', async () => {
    const vault = makeVault()
    expect((await left(vault.customers.list({ cursor: 'o:3' }))).kind).toBe('Validation')
    expect(await left(vault.customers.list({ filter: { reference: 'x' } }))).toMatchObject({
      kind: 'Validation',
      issues: [{ path: 'filter.reference' }],
    })
    expect(
      await left(vault.customers.list({ filter: { changedSince: '2026-01-01T00:00:00Z' } })),
    ).toMatchObject({ kind: 'Validation', issues: [{ path: 'filter.changedSince' }] })
  })

  it('findByReference is Unsupported (Valor has no merchant reference)', async () => {
    const vault = makeVault() as unknown as {
      customers: { findByReference: (r: string) => () => Promise<E.Either<VaultError, unknown>> }
    }
    expect((await left(vault.customers.findByReference('x'))).kind).toBe('Unsupported')
  })
})

describe('addresses', () => {
  it('add: a new entry through V5 without address_id; the other half stays empty (wire-assumptions V.2 V5)', async () => {
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([home]))
    valor()
      .put(`${P}/editcustomer/100864`, {
        address_details: [
          {
            address_label: 'Address 1',
            shipping_street_no: '34',
            shipping_street_name: 'Oak Avenue',
            shipping_unit: 'Floor 2',
            shipping_city: 'Fresno',
            shipping_state: 'CA',
            shipping_zip: '93721',
          },
        ],
      })
      .reply(200, spec.customerEdited)
    const added = {
      address_id: 154002,
      address_label: 'Address 1',
      ...emptyHalf('billing'),
      shipping_customer_name: '',
      shipping_street_no: '34',
      shipping_street_name: 'Oak Avenue',
      shipping_unit: 'Floor 2',
      shipping_city: 'Fresno',
      shipping_state: 'CA',
      shipping_zip: '93721',
    }
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([home, added]))
    const w = await right(
      makeVault().addresses.add(C, {
        role: 'shipping',
        line1: '34 Oak Avenue',
        line2: 'Floor 2',
        city: 'Fresno',
        region: 'CA',
        postalCode: '93721',
        email: 'x@y.co',
      }),
    )
    expect(w.value).toEqual({
      id: '154002:shipping',
      role: 'shipping',
      label: 'Address 1',
      line1: '34 Oak Avenue',
      line2: 'Floor 2',
      city: 'Fresno',
      region: 'CA',
      postalCode: '93721',
    })
    expect(w.warnings.map((x) => x.code).sort()).toEqual([
      'address_half_empty',
      'address_label_generated',
      'field_dropped',
    ])
  })

  it('add: a labelled address fills the empty half of the entry with that label', async () => {
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([home]))
    valor()
      .put(`${P}/editcustomer/100864`, {
        address_details: [{ address_id: '154001', shipping_city: 'Fresno' }],
      })
      .reply(200, spec.customerEdited)
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([{ ...home, shipping_city: 'Fresno' }]))
    const w = await right(
      makeVault().addresses.add(C, { role: 'shipping', label: 'Home', city: 'Fresno' }),
    )
    expect(w.value).toEqual({
      id: '154001:shipping',
      role: 'shipping',
      label: 'Home',
      city: 'Fresno',
    })
    expect(w.warnings).toEqual([])
  })

  it('add: the sixth entry → Conflict (wire-assumptions V.2 V5 cap)', async () => {
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([home]))
    valor()
      .put(`${P}/editcustomer/100864`)
      .reply(400, {
        code: 400,
        status: 'FAILED',
        errors: ['Maximum of 5 addresses reached for this customer'],
      })
    expect(
      (await left(makeVault().addresses.add(C, { role: 'billing', label: 'Six', city: 'X' }))).kind,
    ).toBe('Conflict')
  })

  it('update: V5 with address_id and the patched keys of that half', async () => {
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([home]))
    valor()
      .put(`${P}/editcustomer/100864`, {
        address_details: [
          {
            address_id: '154001',
            billing_street_no: '2629',
            billing_street_name: 'Rocket Drive',
            billing_zip: '55427',
          },
        ],
      })
      .reply(200, spec.customerEdited)
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(
        200,
        detailWith([
          {
            ...home,
            billing_street_no: '2629',
            billing_street_name: 'Rocket Drive',
            billing_zip: '55427',
          },
        ]),
      )
    const w = await right(
      makeVault().addresses.update(C, addressId('154001:billing'), {
        line1: '2629 Rocket Drive',
        postalCode: '55427',
      }),
    )
    expect(w.value).toMatchObject({
      id: '154001:billing',
      line1: '2629 Rocket Drive',
      postalCode: '55427',
    })
  })

  it('update: an empty half or an unknown entry is NotFound', async () => {
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([home]))
    expect(
      (await left(makeVault().addresses.update(C, addressId('154001:shipping'), { city: 'X' })))
        .kind,
    ).toBe('NotFound')
    expect(
      (await left(makeVault().addresses.update(C, addressId('nonsense'), { city: 'X' }))).kind,
    ).toBe('NotFound')
  })

  it('remove: the only half deletes the entry through V16 (spec: Delete address 200)', async () => {
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([home]))
    valor().delete(`${P}/deleteaddress/100864/154001`).reply(200, spec.success)
    await right(makeVault().addresses.remove(C, addressId('154001:billing')))
  })

  it('remove: one half of a full pair is Conflict; removeAddressEntry deletes both (V16)', async () => {
    valor().get(`${P}/getcustomer/100864`).reply(200, spec.customer)
    const vault = makeVault()
    const e = await left(vault.addresses.remove(C, addressId('154246:shipping')))
    expect(e).toMatchObject({
      kind: 'Conflict',
      message: expect.stringContaining('removeAddressEntry'),
    })
    valor().delete(`${P}/deleteaddress/100864/154246`).reply(200, spec.success)
    await right(vault.valor.removeAddressEntry('100864', '154246'))
    expect((await left(vault.valor.removeAddressEntry('100864', 'x'))).kind).toBe('NotFound')
  })

  it('remove: "Unable to delete the address." → NotFound (spec: Delete address 400)', async () => {
    valor()
      .get(`${P}/getcustomer/100864`)
      .reply(200, detailWith([home]))
    valor().delete(`${P}/deleteaddress/100864/154001`).reply(400, spec.addressNotDeleted)
    expect((await left(makeVault().addresses.remove(C, addressId('154001:billing')))).kind).toBe(
      'NotFound',
    )
  })
})

describe('payment methods', () => {
  const card97555 = paymentMethodId('card:97555')
  const ach2290 = paymentMethodId('ach:2290')

  it('add card: V2 body, MM/YY expiry, no CVV (spec: Add card 201)', async () => {
    valor()
      .post(`${P}/addpaymentprofile/100864`, { pan_num: '5555555555554444', expiry: '03/28' })
      .reply(201, spec.cardCreated)
      .get(`${P}/getpaymentprofile/100864`)
      .reply(200, spec.cards)
    const w = await right(
      makeVault().paymentMethods.add(
        C,
        { kind: 'card', number: '5555555555554444', expiry: { month: 3, year: 2028 } },
        { makeDefault: true },
      ),
    )
    expect(w.value.id).toBe('card:97555')
    expect(w.warnings.map((x) => x.code)).toEqual(['default_unsupported'])
  })

  it('add card: "Customer not exist" → NotFound (spec: Add card 400)', async () => {
    valor().post(`${P}/addpaymentprofile/100864`).reply(400, spec.customerNotExist)
    const e = await left(makeVault().paymentMethods.add(C, visa))
    expect(e.kind).toBe('NotFound')
  })

  it('add card: the sixth card → Conflict (wire-assumptions V.2)', async () => {
    valor().post(`${P}/addpaymentprofile/100864`).reply(400, spec.cardCap)
    const e = await left(makeVault().paymentMethods.add(C, visa))
    expect(e.kind).toBe('Conflict')
  })

  it('add card: never retried after a timeout', async () => {
    valor().post(`${P}/addpaymentprofile/100864`).delay(1500).reply(201, spec.cardCreated)
    const e = await left(
      makeVault({
        http: { timeoutMs: 1000, retry: { maxAttempts: 3, baseDelayMs: 1 } },
      }).paymentMethods.add(C, visa),
    )
    expect(e.kind).toBe('OutcomeUnknown')
  })

  it('add from token: V4 (spec: Add card from token 201) and "Invalid Token" without code → Validation', async () => {
    valor()
      .post(`${P}/addpaymentprofiletoken/100864`, {
        token: '60199F3384B8FE9850F1CE597E35D7D1128277A2',
        cardholder_name: 'Ada Lee',
      })
      .reply(201, spec.cardCreated)
      .get(`${P}/getpaymentprofile/100864`)
      .reply(200, spec.cards)
    const vault = makeVault()
    const w = await right(
      vault.paymentMethods.add(C, {
        kind: 'gateway_token',
        token: '60199F3384B8FE9850F1CE597E35D7D1128277A2',
        holderName: 'Ada Lee',
      }),
    )
    expect(w.value.id).toBe('card:97555')
    valor().post(`${P}/addpaymentprofiletoken/100864`).reply(400, spec.invalidToken)
    const e = await left(vault.paymentMethods.add(C, { kind: 'gateway_token', token: 'nope' }))
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'input.token' }] })
    expect(e.gatewayCode).toBeUndefined()
  })

  it('add from a prior transaction: V8 ref_txn_id (spec: Map transaction 201 and 400)', async () => {
    valor()
      .post(`${P}/addpaymentprofiletxn/100864`, { ref_txn_id: '10176309' })
      .reply(201, spec.cardMapped)
      .get(`${P}/getpaymentprofile/100864`)
      .reply(200, { ...spec.cards, data: [{ ...spec.cards.data[0], payment_id: 97558 }] })
    const vault = makeVault()
    const w = await right(
      vault.paymentMethods.add(C, {
        kind: 'prior_transaction',
        transactionId: '10176309',
        rail: 'card',
      }),
    )
    expect(w.value.id).toBe('card:97558')
    valor().post(`${P}/addpaymentprofiletxn/100864`).reply(200, spec.refMissing)
    const e = await left(
      vault.paymentMethods.add(C, { kind: 'prior_transaction', transactionId: '1', rail: 'card' }),
    )
    expect(e).toMatchObject({
      kind: 'Validation',
      httpStatus: 200,
      issues: [{ path: 'input.transactionId' }],
    })
    expect(
      (
        await left(
          vault.paymentMethods.add(C, {
            kind: 'prior_transaction',
            transactionId: '1',
            rail: 'bank_account',
          }),
        )
      ).kind,
    ).toBe('Unsupported')
  })

  it('add ACH: V3 body, SUCCESS dialect (spec: Add ACH 200), secCode dropped with a warning', async () => {
    valor()
      .post(`${P}/addachprofile/100864`, {
        account_number: '000123456789',
        routing_number: '021000021',
        payee_name: 'John',
        account_type: 'C',
        entry_class: 'Business',
      })
      .reply(200, spec.achCreated)
      .get(`${P}/getachprofile/100864`)
      .reply(200, spec.ach)
    const w = await right(
      makeVault().paymentMethods.add(C, {
        kind: 'bank_account',
        accountNumber: '000123456789',
        routingNumber: '021000021',
        accountType: 'checking',
        holderType: 'business',
        secCode: 'CCD',
        holderName: 'John',
      }),
    )
    expect(w.value).toMatchObject({
      id: 'ach:2290',
      accountType: 'checking',
      holderType: 'business',
      holderName: 'John',
    })
    expect(w.warnings).toEqual([
      expect.objectContaining({ code: 'field_dropped', field: 'input.secCode' }),
    ])
  })

  it('add ACH: errors as a string → Validation on the field (spec: Add ACH 400)', async () => {
    valor().post(`${P}/addachprofile/100864`).reply(400, spec.achMissingField)
    const e = await left(
      makeVault().paymentMethods.add(C, {
        kind: 'bank_account',
        accountNumber: '000123456789',
        routingNumber: '021000021',
        accountType: 'checking',
      }),
    )
    expect(e).toMatchObject({
      kind: 'Validation',
      issues: [{ path: 'input.accountNumber', message: 'is required' }],
    })
    expect(JSON.stringify(e)).not.toContain('000123456789')
  })

  it('list: V12 + V13; an inactive card stays listed with its status', async () => {
    valor()
      .get(`${P}/getpaymentprofile/100864`)
      .reply(200, {
        ...spec.cards,
        data: [
          {
            ...spec.cards.data[0],
            status: 'inactive',
            card_type: 'C',
            card_brand: 'Mastercard',
            masked_pan: 'XXXX4444',
          },
        ],
      })
      .get(`${P}/getachprofile/100864`)
      .reply(200, spec.ach)
    const list = await right(makeVault().paymentMethods.list(C))
    expect(list.map((m) => `${m.id}:${m.status}`)).toEqual([
      'card:97555:inactive',
      'ach:2290:active',
    ])
    expect(list[0]).toMatchObject({ brand: 'mastercard', last4: '4444', funding: 'credit' })
  })

  it('update card: V7 for expiry and holder, V10 for status (spec: Update card 200, Update status 200)', async () => {
    valor()
      .put(`${P}/updatepaymentprofile/100864/97555`, {
        expiry: '11/30',
        cardholder_name: 'Ada Lee',
      })
      .reply(200, spec.cardUpdated)
      .put(`${P}/updatepaymentprofilestatus/100864/97555`, { status: 'inactive' })
      .reply(200, spec.success)
      .get(`${P}/getpaymentprofile/100864`)
      .reply(200, {
        ...spec.cards,
        data: [{ ...spec.cards.data[0], status: 'inactive', cardholder_name: 'Ada Lee' }],
      })
    const w = await right(
      makeVault().paymentMethods.update(C, card97555, {
        expiry: { month: 11, year: 2030 },
        holderName: 'Ada Lee',
        status: 'inactive',
      }),
    )
    expect(w.value).toMatchObject({ status: 'inactive', holderName: 'Ada Lee' })
  })

  it('update card: "Please provide a valid payment profile ID." without code → NotFound (spec: Update card 400)', async () => {
    valor().put(`${P}/updatepaymentprofile/100864/97555`).reply(400, spec.badPaymentId)
    expect(
      (await left(makeVault().paymentMethods.update(C, card97555, { holderName: 'Ada' }))).kind,
    ).toBe('NotFound')
  })

  it('update status: "data must have required property \'status\'" → Validation on status (spec: Update status 400)', async () => {
    valor().put(`${P}/updatepaymentprofilestatus/100864/97555`).reply(400, spec.statusMissing)
    const e = await left(makeVault().paymentMethods.update(C, card97555, { status: 'active' }))
    expect(e).toMatchObject({
      kind: 'Validation',
      issues: [{ path: 'status', message: 'is required' }],
    })
  })

  it('update card: bank-account fields are Validation before any request', async () => {
    expect(
      (await left(makeVault().paymentMethods.update(C, card97555, { accountType: 'savings' })))
        .kind,
    ).toBe('Validation')
  })

  it('update ACH: V9 (spec: Update ACH 200, string id) then V13', async () => {
    valor()
      .put(`${P}/updateachprofile/100864/2290`, { account_type: 'S' })
      .reply(200, spec.achUpdated)
      .get(`${P}/getachprofile/100864`)
      .reply(200, { ...spec.ach, data: [{ ...spec.ach.data[0], account_type: 'S' }] })
    const w = await right(makeVault().paymentMethods.update(C, ach2290, { accountType: 'savings' }))
    expect(w.value).toMatchObject({ id: 'ach:2290', accountType: 'savings' })
  })

  it.each([400, 200])(
    'update ACH: "No changes detected" is a no-op success (spec: Update ACH 400; HTTP %s)',
    async (status) => {
      valor()
        .put(`${P}/updateachprofile/100864/2290`, { payee_name: 'John' })
        .reply(status, spec.achNoChanges)
        .get(`${P}/getachprofile/100864`)
        .reply(200, spec.ach)
      const w = await right(makeVault().paymentMethods.update(C, ach2290, { holderName: 'John' }))
      expect(w.value).toMatchObject({ id: 'ach:2290', holderName: 'John' })
    },
  )

  it('update ACH: unknown → NotFound; inactive status → Unsupported', async () => {
    valor().put(`${P}/updateachprofile/100864/2290`).reply(400, spec.achNotExist)
    const vault = makeVault()
    expect((await left(vault.paymentMethods.update(C, ach2290, { holderName: 'X' }))).kind).toBe(
      'NotFound',
    )
    expect((await left(vault.paymentMethods.update(C, ach2290, { status: 'inactive' }))).kind).toBe(
      'Unsupported',
    )
  })

  it('remove: card via V18, ACH via V15 (spec: Delete card 200, Delete ACH 200 string id)', async () => {
    valor()
      .delete(`${P}/deletepaymentprofile/100864/97555`)
      .reply(200, spec.success)
      .delete(`${P}/deleteachprofile/100864/2290`)
      .reply(200, spec.achDeleted)
    const vault = makeVault()
    await right(vault.paymentMethods.remove(C, card97555))
    await right(vault.paymentMethods.remove(C, ach2290))
  })

  it('remove: failures → NotFound (spec: Delete card 400, Delete ACH 400)', async () => {
    valor()
      .delete(`${P}/deletepaymentprofile/100864/97555`)
      .reply(400, spec.cardNotDeleted)
      .delete(`${P}/deleteachprofile/100864/2290`)
      .reply(200, spec.achNotExist)
    const vault = makeVault()
    expect((await left(vault.paymentMethods.remove(C, card97555))).kind).toBe('NotFound')
    expect((await left(vault.paymentMethods.remove(C, ach2290))).kind).toBe('NotFound')
    expect((await left(vault.paymentMethods.remove(C, paymentMethodId('97555')))).kind).toBe(
      'NotFound',
    )
  })
})

describe('customer transactions (the Valor extension)', () => {
  it('V6: typed records, minor units, ISO instant (spec: List customer transactions 200)', async () => {
    valor()
      .get(`${P}/getcustomertransactions/100864`)
      .query({ start_date: '2026-03-01', end_date: '2026-03-31', limit: '25', offset: '0' })
      .reply(200, spec.transactions)
    const page = await right(
      makeVault().valor.listCustomerTransactions('100864', {
        from: '2026-03-01',
        to: '2026-03-31',
      }),
    )
    expect(page.totalCount).toBe(1)
    expect(page.nextCursor).toBeUndefined()
    expect(page.items[0]).toMatchObject({
      id: '10176309',
      type: 'SALE',
      status: 'Approved',
      amounts: { total_amount: 103, base_amount: 100, state_tax_amount: 3 },
      requestedAt: '2026-03-25T02:22:37-05:00',
      settledAt: '2026-03-25T06:22:37.000Z',
      cardScheme: 'Visa',
      last4: '1111',
      approvalCode: 'TAS318',
      responseCode: '00',
    })
    expect(page.items[0]?.raw.rrn).toBe('608406501192')
  })

  it('V6: paging by offset cursor', async () => {
    valor()
      .get(`${P}/getcustomertransactions/100864`)
      .query({ limit: '1', offset: '0' })
      .reply(200, { ...spec.transactions, total_count: 2, limit: 1 })
    const page = await right(makeVault().valor.listCustomerTransactions('100864', { pageSize: 1 }))
    expect(page.nextCursor).toBe('o:1')
  })

  it('V6: unknown customer without code → NotFound; bad dates → Validation', async () => {
    valor()
      .get(`${P}/getcustomertransactions/100864`)
      .query(true)
      .reply(400, spec.txnCustomerNotExist)
    const vault = makeVault()
    expect((await left(vault.valor.listCustomerTransactions('100864'))).kind).toBe('NotFound')
    expect(
      (await left(vault.valor.listCustomerTransactions('100864', { from: '03/01/2026' }))).kind,
    ).toBe('Validation')
    expect(
      (await left(vault.valor.listCustomerTransactions('100864', { pageSize: 500 }))).kind,
    ).toBe('Validation')
  })
})

describe('malformed answers and transport', () => {
  it.each([
    ['empty', ''],
    ['HTML', '<html><body>502</body></html>'],
    ['truncated', '{"code":200,"status":"OK","data":{"id":1'],
    ['no status', '{"code":200}'],
    ['unknown status', '{"status":"MAYBE"}'],
  ])('%s 200 body → UnexpectedResponse on a read, OutcomeUnknown on a write', async (_n, body) => {
    valor().get(`${P}/getcustomerlist`).query(true).reply(200, body)
    expect((await left(makeVault().customers.list())).kind).toBe('UnexpectedResponse')
    valor().delete(`${P}/deletecustomer/100864`).reply(200, body)
    expect(await left(makeVault().customers.delete(C))).toMatchObject({
      kind: 'OutcomeUnknown',
      retry: 'reconcile',
    })
  })

  it('wrong-shape success on a read → UnexpectedResponse', async () => {
    reads(100864, { code: 200, status: 'OK', data: { customer_name: 'x' } })
    expect((await left(makeVault().customers.get(C))).kind).toBe('UnexpectedResponse')
  })

  it('an error echoing the card number and the app key carries neither', async () => {
    valor()
      .post(`${P}/addpaymentprofile/100864`)
      .reply(400, {
        code: 400,
        status: 'FAILED',
        errors: [`data/pan_num 4111111111111111 rejected for ${APP_KEY} / ${APP_ID}`],
      })
    const e = await left(makeVault().paymentMethods.add(C, visa))
    const json = JSON.stringify(e)
    expect(e.kind).toBe('Validation')
    expect(json).not.toContain('4111111111111111')
    expect(json).not.toContain(APP_KEY)
    expect(json).not.toContain(APP_ID)
  })

  it('transcripts carry no app key or card number', async () => {
    const events: string[] = []
    valor().post(`${P}/addpaymentprofile/100864`).reply(400, spec.customerNotExist)
    await left(
      makeVault({
        http: { onTranscript: (ev) => events.push(JSON.stringify(ev)) },
      }).paymentMethods.add(C, visa),
    )
    expect(events).toHaveLength(1)
    expect(events[0]).not.toContain(APP_KEY)
    expect(events[0]).not.toContain('4111111111111111')
  })

  it('rate limited in the always-200 dialect → RateLimited with Retry-After (wire-assumptions V.0)', async () => {
    valor()
      .get(`${P}/getcustomerlist`)
      .query(true)
      .reply(
        200,
        {
          code: 429,
          status: 'FAILED',
          errors: ['Too many requests. Please retry after 1 second(s).'],
        },
        { 'Retry-After': '2' },
      )
    expect(await left(makeVault().customers.list())).toMatchObject({
      kind: 'RateLimited',
      retryAfterMs: 2000,
    })
  })
})

describe('configuration', () => {
  it('missing credentials: every operation answers Auth before any request', async () => {
    const vault = createValorVault({ baseUrl: BASE, appId: APP_ID, appKey: '' })
    expect((await left(vault.customers.get(C))).kind).toBe('Auth')
    expect((await left(vault.valor.listCustomerTransactions('1'))).kind).toBe('Auth')
  })

  it('a malformed base URL or route override answers Validation', async () => {
    const bad = createValorVault({ baseUrl: 'not a url', appId: APP_ID, appKey: APP_KEY })
    expect((await left(bad.customers.get(C))).kind).toBe('Validation')
    const badRoute = createValorVault({
      baseUrl: BASE,
      appId: APP_ID,
      appKey: APP_KEY,
      routes: { getCustomer: { path: '/x/{payment}' } },
    })
    expect(await left(badRoute.customers.get(C))).toMatchObject({
      kind: 'Validation',
      message: expect.stringContaining('routes.getCustomer.path'),
    })
  })

  it('environment picks the host; an overridden route is used and marked configured', async () => {
    expect(
      createValorVault({ environment: 'production', appId: APP_ID, appKey: APP_KEY }).routes
        .addCustomer,
    ).toEqual(defaultRoutes.addCustomer)
    const vault = makeVault({
      routes: { getCustomer: { method: 'POST', path: '/api/valor-vault/customer/{customer}' } },
    })
    expect(vault.routes.getCustomer).toMatchObject({ status: 'configured', method: 'POST' })
    valor().post(`${P}/customer/100864`).reply(200, detailWith([]))
    valor()
      .get(`${P}/getpaymentprofile/100864`)
      .reply(200, noCards)
      .get(`${P}/getachprofile/100864`)
      .reply(200, noAch)
    expect((await right(vault.customers.get(C))).id).toBe('100864')
  })

  it('the production host is online.valorpaytech.com', async () => {
    nock('https://online.valorpaytech.com').delete(`${P}/deletecustomer/1`).reply(200, spec.success)
    await right(
      createValorVault({
        environment: 'production',
        appId: APP_ID,
        appKey: APP_KEY,
      }).customers.delete(customerId('1')),
    )
  })
})
