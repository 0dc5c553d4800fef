// Response fuzzing (packages/testkit/jest/fuzz.ts): every endpoint family, and the token grant,
// answered with malformed bodies and any status. VAULTPORT_LONG=1 runs 1000 cases a family.
import nock from 'nock'
import { customerId, addressId, paymentMethodId, recurrenceId, type Vault } from '@vaultport/core'
import {
  describeDecodeFastLaw,
  describeResponseFuzz,
  fuzzFamily,
  fuzzHttpOptions,
  portOperations,
  serve,
  type Family,
  type WireReply,
} from '../../testkit/jest/fuzz'
import { createPayTraceVault } from '../src'
import * as wire from '../src/wire'
import { recurrenceItem, withCard, withCheck } from './fixtures'

const BASE = 'http://paytrace.test'
const TOKEN = 'ptsbx_at_5b0f2c9e8d7a6b5c4d3e2f1a0b9c8d7e'
const now = new Date('2026-01-15T10:00:00.000Z')
const isToken = (path: string) => path.startsWith('/v3/token')

const address = {
  name: 'Ada Lee',
  street_address: '12 Elm Street',
  street_address2: 'Suite 4',
  city: 'Edina',
  state: 'MN',
  postal_code: '55424',
  country: 'US',
}
const detail = {
  customer_id: 1000001,
  customer_label: 'lee-ada-000001',
  billing_address: address,
  shipping_address: { ...address, county: 'Hennepin' },
  email: 'ada.lee@example.com',
  phone: '612-555-0100',
  fax: '',
  discretionary_data: [{ disc_id: 1, value: 'gold' }],
  created_at: '2026-01-05T10:00:00.000Z',
  updated_at: '2026-01-05T10:00:00.000Z',
  ...withCard,
  ...withCheck,
}
const recurrence = recurrenceItem()
const summary = {
  customer_id: 1000001,
  customer_label: 'lee-ada-000001',
  name: 'Ada Lee',
  email: 'ada.lee@example.com',
  phone: '612',
  last_activity: '2026-01-05T10:00:00.000Z',
}
const token = { data: { access_token: TOKEN, token_type: 'Bearer', expires_in: 7200 } }
const fieldErrors = {
  data: [{ field: 'path/customer_id', detail: 'customer 1000001 was not found' }],
}

const samples: Readonly<Record<Family | 'token', ReadonlyArray<unknown>>> = {
  customers: [
    { data: detail },
    { data: { customer_id: 1000001 } },
    { data: [summary, { ...summary, customer_id: 1000002 }], total_count: 3, limit: 2, offset: 0 },
    { data: [detail], total_count: 1 },
    fieldErrors,
  ],
  addresses: [{ data: detail }, fieldErrors],
  paymentMethods: [{ data: detail }, { data: { customer_id: 1000001 } }, fieldErrors],
  recurrences: [
    { data: recurrence },
    { data: { recurrence_id: 500001 } },
    { data: [recurrence, { ...recurrence, id: 500002 }], total_count: 3, limit: 2, offset: 0 },
    fieldErrors,
  ],
  token: [
    token,
    { access_token: TOKEN, expires_in: '7200' },
    { error: 'invalid_client', error_description: 'client authentication failed' },
  ],
}

const makeVault = (): Vault =>
  createPayTraceVault({
    baseUrl: BASE,
    clientId: 'vaultport_sandbox',
    clientSecret: 'sandbox-secret-0001',
    integratorId: 'vaultport01',
    cardNumberMode: 'raw',
    now: () => now,
    http: fuzzHttpOptions,
  })

const ids = {
  customer: customerId('1000001'),
  address: addressId('shipping'),
  paymentMethod: paymentMethodId('card'),
  recurrence: recurrenceId('500001'),
}
const operations = (v: Vault, family: Family) => portOperations(v, ids, now)[family]

/** The API answers with a valid token first; the token path is never fuzzed here. */
const tokenFirst = (replies: ReadonlyArray<WireReply>) => {
  nock(BASE).persist().post('/v3/token').reply(201, token)
  serve(BASE, replies, (path) => !isToken(path))
}

describeResponseFuzz(
  'PayTrace',
  ['customers', 'addresses', 'paymentMethods', 'recurrences'],
  operations,
  makeVault,
  BASE,
  samples,
  () =>
    it('token grant', async () => {
      await fuzzFamily(
        (v) => operations(v, 'customers').slice(0, 2),
        makeVault,
        (replies) => {
          serve(BASE, replies, isToken)
          nock(BASE)
            .persist()
            .get((path) => !isToken(path))
            .reply(200, { data: detail })
        },
        samples.token,
      )
    }),
  tokenFirst,
)

// Cases the long mode found, pinned.
it('a 1 MB access token is used and redacted, not a thrown "regular expression too large"', async () => {
  const huge = 'x'.repeat(1_000_000)
  nock(BASE).post('/v3/token').reply(200, { access_token: huge, expires_in: 7200 })
  nock(BASE).get('/v3/customer/1000001').reply(500, `token ${huge} refused`)
  const r = await makeVault().customers.get(ids.customer)()
  expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'Unavailable' } })
  expect(JSON.stringify(r)).not.toContain(huge)
})

it('an id no canonical id can carry is UnexpectedResponse, not a Right', async () => {
  nock(BASE).persist().post('/v3/token').reply(201, token)
  nock(BASE)
    .get('/v3/customer')
    .query(true)
    .reply(200, { data: [{ ...summary, customer_id: '' }], total_count: 1 })
  const r = await makeVault().customers.list({ pageSize: 10 })()
  expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'UnexpectedResponse' } })
})

describeDecodeFastLaw('PayTrace wire codecs', wire, Object.values(samples).flat(), [
  'WireCustomerResponse',
  'WireCustomerListResponse',
  'WireCustomer',
  'WireAddress',
  'WireCreated',
  'WireRecurrenceResponse',
  'WireRecurrenceListResponse',
  'WireTokenResponse',
  'WireValidationBody',
  'WireOAuthError',
])
