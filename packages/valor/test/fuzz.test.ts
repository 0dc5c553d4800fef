// Response fuzzing (packages/testkit/jest/fuzz.ts): every endpoint family Valor has answered
// with malformed bodies and any status; then the hostile shapes of `hostile.ts` (echoing
// gateways, non-JSON error bodies at every status, hostile ids and arguments), each with 0
// leaks, throws, rejections and wrong successes. VAULTPORT_LONG=1 runs 1000 cases a property.
import { addressId, customerId, paymentMethodId, recurrenceId } from '@vaultport/core'
import {
  describeDecodeFastLaw,
  describeResponseFuzz,
  fuzzHttpOptions,
  portOperations,
} from '../../testkit/jest/fuzz'
import * as wire from '../src/wire'
import { BASE, detailWith, emptyHalf, makeVault, noAch, noCards, spec } from './fixtures'
import {
  echoProperty,
  exactGroupings,
  hostileArgumentProperty,
  hostileIdProperty,
  nonJsonProperty,
  regroupings,
} from './hostile'
import { EPI, item, listed, ok, refused } from './subscriptions'

const now = new Date('2026-01-15T00:00:00Z')
const entry = {
  address_id: 154001,
  address_label: 'Home',
  billing_customer_name: 'Ada Lee',
  billing_street_no: '12',
  billing_street_name: 'Elm Street',
  billing_unit: '4',
  billing_zip: '55424',
  billing_city: 'Edina',
  billing_state: 'MN',
  ...emptyHalf('shipping'),
}
const reads = [detailWith([entry]), spec.customer, spec.cards, spec.ach, noCards, noAch]
const failures = [spec.customerNotExist, spec.authInvalid, spec.badPhone, spec.achMissingField]
const ids = {
  customer: customerId('100864'),
  address: addressId('154001:billing'),
  paymentMethod: paymentMethodId('card:97555'),
  recurrence: recurrenceId('1'),
}

// With an EPI and no subscription host of its own, the subscription calls go to BASE too, so one
// server answers every family (recurrences: the subscription API's answers and the V11/V12 reads).
const subscriptionAnswers = [
  ok({ subscription_id: 41001 }),
  ok({ msg: 'SUBSRIPTION_EDITED' }),
  listed(item({ subscription_id: '1' })),
  listed(
    item({
      subscription_id: '1',
      payment_info: { CustomerProfileID: '100864', PaymentProfileID: '97555' },
      status: 'inactive',
      charge_until: '24',
      payments_count: 2,
    }),
  ),
  listed(),
  refused('A44', 'INVALID PAYMENT INFO'),
  refused('SIM06', 'SUBSCRIPTION NOT FOUND'),
]
describeResponseFuzz(
  'Valor',
  ['customers', 'addresses', 'paymentMethods', 'recurrences'],
  (v, family) => portOperations(v, ids, now)[family],
  () => makeVault({ http: fuzzHttpOptions, epi: EPI }),
  BASE,
  {
    customers: [
      ...reads,
      ...failures,
      spec.customerCreated,
      spec.customerEdited,
      spec.success,
      spec.customers,
    ],
    addresses: [...reads, ...failures, spec.success, spec.addressNotDeleted],
    paymentMethods: [
      ...reads,
      ...failures,
      spec.cardCreated,
      spec.achCreated,
      spec.cardUpdated,
      spec.achUpdated,
      spec.achDeleted,
      spec.success,
    ],
    recurrences: [...subscriptionAnswers, spec.cards, spec.customer, detailWith([])],
  },
  () => {
    it('gateways echoing the numbers and tokens they were sent, as sent', () =>
      echoProperty(exactGroupings))
    it('gateways echoing the numbers and tokens regrouped (spaces, dashes, dots, double spaces, NBSP, tabs, slashes, %20)', () =>
      echoProperty(regroupings))
    it('non-JSON error bodies at every status: the status table decides', () => nonJsonProperty())
    it('hostile ids: Validation, nothing sent', () => hostileIdProperty())
    it('hostile argument objects: refused as data, never thrown on', () =>
      hostileArgumentProperty())
  },
)

describeDecodeFastLaw(
  'Valor wire codecs',
  wire,
  [...reads, ...failures, ...Object.values(spec)],
  [
    'Envelope',
    'GetCustomerResponse',
    'CustomerDetail',
    'AddressEntry',
    'ListCustomersResponse',
    'CustomerListItem',
    'ListCardsResponse',
    'CardProfile',
    'ListAchResponse',
    'AchProfile',
    'CustomerWritten',
  ],
)
