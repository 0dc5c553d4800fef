// Bodies from valor-vault-responses.txt (the spec examples, verbatim but for the e-mail that the
// capture obfuscated) and docs/wire-assumptions.md. Each names the example it reproduces.
import type * as E from 'fp-ts/Either'
import nock from 'nock'
import type { VaultError } from '@vaultport/core'
import { createValorVault, type ValorConfig } from '../src'

export const BASE = 'https://valor.test'
export const APP_ID = 'A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6'
export const APP_KEY = 'K9J8H7G6F5E4D3C2B1A0K9J8H7G6F5E4'
export const P = '/api/valor-vault'

export const makeVault = (extra: Partial<ValorConfig> = {}) =>
  createValorVault({
    baseUrl: BASE,
    appId: APP_ID,
    appKey: APP_KEY,
    now: () => new Date('2026-01-15T00:00:00Z'),
    http: { retry: { maxAttempts: 2, baseDelayMs: 1 }, sleep: async () => undefined },
    ...extra,
  })

/** A nock scope that also requires both auth headers. */
export const valor = () =>
  nock(BASE, { reqheaders: { 'valor-app-id': APP_ID, 'valor-app-key': APP_KEY } })

export const spec = {
  /** Create customer, success. */
  customerCreated: { code: 201, status: 'OK', vault_customer_id: 100864 },
  /** Create customer, failure. */
  customerNameMissing: {
    code: 400,
    status: 'FAILED',
    errors: ["data must have required property 'customer_name'"],
  },
  /** Add card, success. */
  cardCreated: { code: 201, status: 'OK', payment_id: 97555 },
  /** Add card / get customer / delete customer, failure. */
  customerNotExist: { code: 400, status: 'FAILED', errors: ['Customer not exist'] },
  /** Add ACH, success (SUCCESS, code 200, integer id). */
  achCreated: { code: 200, status: 'SUCCESS', ach_profile_id: 2290 },
  /** Add ACH, failure (errors as a string). */
  achMissingField: {
    code: 400,
    status: 'FAILED',
    errors: 'Missing required field(s): account_number',
  },
  /** Add card from token, failure (no code). */
  invalidToken: { status: 'FAILED', errors: ['Invalid Token'] },
  /** Edit customer, success. */
  customerEdited: { code: 200, status: 'OK', vault_customer_id: 100864 },
  /** Edit customer, failure. */
  badPhone: {
    code: 400,
    status: 'FAILED',
    errors: ['data/customer_phone Enter a valid Phone Number'],
  },
  /** Update card, success. */
  cardUpdated: { code: 200, status: 'OK', payment_id: 97555 },
  /** Update card, failure (no code). */
  badPaymentId: { status: 'FAILED', errors: ['Please provide a valid payment profile ID.'] },
  /** Map transaction, success. */
  cardMapped: { code: 201, status: 'OK', payment_id: 97558 },
  /** Map transaction, failure (no code). */
  refMissing: { status: 'FAILED', errors: ['Reference transaction ID missing'] },
  /** Update ACH, success (string id). */
  achUpdated: { code: 200, status: 'SUCCESS', ach_profile_id: '2290' },
  /** Update ACH, failure: no changes (errors as a string). */
  achNoChanges: {
    code: 400,
    status: 'FAILED',
    errors: 'No changes detected. ACH profile already contains the same information',
  },
  /** Update status / delete address / delete customer / delete card, success. */
  success: { code: 200, status: 'OK', message: 'Success' },
  /** Update status, failure (no code). */
  statusMissing: { status: 'FAILED', errors: ["data must have required property 'status'"] },
  /** Get customer, success. */
  customer: {
    code: 200,
    status: 'OK',
    message: 'Success',
    data: {
      id: 100867,
      customer_name: 'Melvin',
      email: 'melvin@example.com ',
      phone: '6129160161',
      company: 'Home Centers',
      total_card_count: 0,
      address_details: [
        {
          address_id: 154246,
          address_label: 'Home',
          billing_customer_name: 'Catherine P. Elliott',
          billing_street_no: '2629',
          billing_street_name: 'Rocket Drive',
          billing_unit: '56',
          billing_zip: '55427',
          billing_city: 'Golden Valley',
          billing_state: 'MN',
          shipping_customer_name: 'Carolina M. Morris',
          shipping_street_no: '1650',
          shipping_street_name: 'Chicago Avenue',
          shipping_unit: '56',
          shipping_zip: '93721',
          shipping_city: 'Fresno',
          shipping_state: 'CA',
        },
      ],
    },
  },
  /** List cards, success. */
  cards: {
    code: 200,
    status: 'OK',
    message: 'Success',
    data: [
      {
        payment_id: 97555,
        masked_pan: 'XXXX1111',
        token: '416B4ED27B1700DFC5769D3B70C36DF3A0C5FFB6',
        card_type: 'D',
        card_brand: 'Visa',
        cardholder_name: 'Sheila Mitch',
        status: 'active',
      },
    ],
  },
  /** List cards, authentication error. */
  authInvalid: { status: false, code: '400', message: 'Not a valid APP ID or APP Key.' },
  /** List ACH, success (no message). */
  ach: {
    code: 200,
    status: 'SUCCESS',
    data: [
      {
        ach_profile_id: 2290,
        account_number: 'XXXX0510',
        routing_number: 'XXXX0021',
        payee_name: 'John',
        account_type: 'C',
        entry_class: 'Business',
      },
    ],
  },
  /** List ACH, failure (errors as a string). */
  achCustomerNotExist: { code: 400, status: 'FAILED', errors: 'Customer not exist' },
  /** List customers, success (paging at top level). */
  customers: {
    code: 200,
    status: 'OK',
    message: 'Success',
    data: {
      customers: [
        {
          vault_id: 100867,
          customer_name: 'Melvin',
          email: 'melvin@example.com ',
          phone: '6129160161',
          company: 'Home Centers',
          total_card_count: 0,
          total_recursive_billing: 0,
          transaction_count: 0,
          last_txn_date: null,
        },
      ],
    },
    number_of_records: 1,
    page_number: 1,
    total_pages: 61,
    total_count: 61,
    page_size: 1,
  },
  /** List customers, authentication error. */
  authMissing: { status: false, code: '400', message: 'Please provide a valid APP ID or APP Key.' },
  /** Delete ACH, success (string id). */
  achDeleted: { code: 200, status: 'SUCCESS', ach_profile_id: '2290' },
  /** Delete ACH, failure. */
  achNotExist: { code: 400, status: 'FAILED', errors: 'ACH profile ID does not exist' },
  /** Delete address, failure. */
  addressNotDeleted: { code: 400, status: 'FAILED', errors: ['Unable to delete the address.'] },
  /** Delete card, failure. */
  cardNotDeleted: { code: 400, status: 'FAILED', errors: ['Unable to delete the payment profile'] },
  /** Customer transactions, failure (no code). */
  txnCustomerNotExist: { status: 'FAILED', errors: ['Vault customer ID does not exist.'] },
  /** Customer transactions, success. */
  transactions: {
    code: 200,
    status: 'OK',
    message: 'SUCCESS',
    data: [
      {
        txn_id: 10176309,
        epi_id: '2319916062',
        txn_type: 'SALE',
        total_amount: 103,
        base_amount: 100,
        batch_no: '185',
        card_holder_name: 'Sheila Mitch',
        card_scheme: 'Visa',
        city_tax_amount: 0,
        custom_fee_amount: 0,
        epi: '2319916062',
        food_amount: 0,
        masked_card_no: '4111 XXXX XXXX 1111',
        reduced_tax_amount: 0,
        request_date: '03/25/2026',
        request_time: '02:22:37',
        rrn: '608406501192',
        state_tax_amount: 3,
        surcharge_fee_amount: 0,
        surcharge_label: 'Adjustment',
        invoicenumber: '',
        orderdescription: '',
        phone: '6129160161',
        email: 'sheila@example.com ',
        subscription_id: '',
        company_name: '',
        tran_no: 1,
        stan_no: '689251',
        card_type: 'DEBIT',
        approval_code: 'TAS318',
        response_code: '00',
        switch_response_code: '00',
        display_message: '',
        tip_adjusted_count: 0,
        is_voided: 0,
        is_reversed: 0,
        is_auth_completed: 0,
        is_settled: 0,
        settled_at: '2026-03-25T06:22:37.000Z',
        is_offline_approved: 0,
        is_partial_approved: 0,
        addtl_data_label1: 'Clerk ID',
        addtl_data_value1: '',
        addtl_data_label2: '',
        addtl_data_value2: '',
        timezone: 'EST',
        refunded_count: 0,
        processor_name: 'TSYS Sierra',
        transactions_status: 'Approved',
      },
    ],
    total_count: 1,
    limit: 25,
    offset: 0,
  },
  /** wire-assumptions V.2: the 5-card cap. */
  cardCap: {
    code: 400,
    status: 'FAILED',
    errors: ['Maximum of 5 payment profiles reached for this customer'],
  },
  /** GATEWAY-FACTS §3.3 (VL-DEXA): `error` instead of `errors`. */
  nameExists: { error: ['Customer name already exist'], status: 'FAILED' },
} as const

/** An empty customer detail (wire-assumptions V.2 V11: unset strings as ""). */
export const detailWith = (entries: ReadonlyArray<Record<string, unknown>>, id = 100864) => ({
  code: 200,
  status: 'OK',
  message: 'Success',
  data: {
    id,
    customer_name: 'Ada Lee',
    email: 'ada@example.com',
    phone: '6125550100',
    company: '',
    total_card_count: 0,
    address_details: entries,
  },
})

export const emptyHalf = (role: 'billing' | 'shipping') =>
  Object.fromEntries(
    ['customer_name', 'street_no', 'street_name', 'unit', 'city', 'state', 'zip'].map((k) => [
      `${role}_${k}`,
      '',
    ]),
  )

export const noCards = { code: 200, status: 'OK', message: 'Success', data: [] }
export const noAch = { code: 200, status: 'SUCCESS', data: [] }

/** One entry of customer 100864: a billing half, the shipping half empty. */
export const home = {
  address_id: 154001,
  address_label: 'Home',
  billing_customer_name: 'Ada Lee',
  billing_street_no: '12',
  billing_street_name: 'Elm Street',
  billing_unit: '',
  billing_city: 'Edina',
  billing_state: 'MN',
  billing_zip: '55424',
  ...emptyHalf('shipping'),
}

/** The three reads of customers.get (V11 + V12 + V13). */
export const reads = (
  id = 100864,
  detail: object = detailWith([], id),
  cards: object = noCards,
  ach: object = noAch,
) =>
  valor()
    .get(`${P}/getcustomer/${id}`)
    .reply(200, detail)
    .get(`${P}/getpaymentprofile/${id}`)
    .reply(200, cards)
    .get(`${P}/getachprofile/${id}`)
    .reply(200, ach)

/**
 * nock only, for the whole test file: no real connection, and every mock a test set up used by
 * its end (the persisted request counters of `countRequests` aside).
 */
export const useNock = (): void => {
  beforeAll(() => nock.disableNetConnect())
  afterEach(() => {
    const pending = nock.pendingMocks().filter((m) => !m.endsWith('/.*/'))
    nock.cleanAll()
    expect(pending).toEqual([])
  })
  afterAll(() => nock.enableNetConnect())
}

/** Counts every request to the hosts (each answered 500): checks that must send none. */
export const countRequests = (hosts: ReadonlyArray<string> = [BASE]): (() => number) => {
  let n = 0
  for (const host of hosts)
    for (const m of ['GET', 'POST', 'PUT', 'DELETE'])
      nock(host)
        .persist()
        .intercept(/.*/, m)
        .reply(() => {
          n++
          return [500, '']
        })
  return () => n
}

type Run<A> = () => Promise<E.Either<VaultError, A>>

export const right = async <A>(task: Run<A>): Promise<A> => {
  const r = await task()
  if (r._tag === 'Left') throw new Error(`expected Right, got ${JSON.stringify(r.left)}`)
  return r.right
}

export const left = async <A>(task: Run<A>): Promise<VaultError> => {
  const r = await task()
  if (r._tag === 'Right') throw new Error(`expected Left, got ${JSON.stringify(r.right)}`)
  return r.left
}
