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

// Valor keeps no recurrences (its capabilities express no schedule): nothing to fuzz there.
describeResponseFuzz(
  'Valor',
  ['customers', 'addresses', 'paymentMethods'],
  (v, family) => portOperations(v, ids, now)[family],
  () => makeVault({ http: fuzzHttpOptions }),
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
  },
  () => {
    it('gateways echoing the numbers and tokens they were sent, as sent', () =>
      echoProperty(exactGroupings))
    it('gateways echoing the numbers regrouped (spaces, dashes, dots, double spaces, NBSP, tabs, slashes, %20)', () =>
      echoProperty(regroupings, true))
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
