// Response fuzzing (packages/testkit/jest/fuzz.ts): every endpoint family answered with
// malformed bodies and any status. VAULTPORT_LONG=1 runs 1000 cases a family.
import nock from 'nock'
import { addressId, customerId, paymentMethodId, recurrenceId } from '@vaultport/core'
import {
  describeDecodeFastLaw,
  describeResponseFuzz,
  fuzzHttpOptions,
  portOperations,
} from '../../testkit/jest/fuzz'
import * as wire from '../src/wire'
import { BASE, ach, address, card, failed, ok, record, vault } from './fixtures'

const now = new Date('2026-01-05T10:00:00Z')
const full = record('ada001', {
  addresses: [address('a1'), address('a2', { line_1: '34 Oak Avenue' })],
  cards: [card('p1')],
  ach: [ach('b1')],
  defaults: {
    billing_address_id: 'a1',
    shipping_address_id: 'a2',
    payment_method_id: 'p1',
    payment_method_type: 'card',
  },
  description: 'Gold member',
  flags: ['surcharge_exempt'],
})
const common = [ok(full), ok(null), failed('Customer not found'), { status: 'failed', msg: '' }]
const ids = {
  customer: customerId('ada001'),
  address: addressId('a2'),
  paymentMethod: paymentMethodId('p1'),
  recurrence: recurrenceId('r1'),
}

// FluidPay's vault keeps no recurrences (its capabilities express no schedule): nothing to fuzz.
describeResponseFuzz(
  'FluidPay',
  ['customers', 'addresses', 'paymentMethods'],
  (v, family) => portOperations(v, ids, now)[family],
  () => vault({ http: fuzzHttpOptions }),
  BASE,
  {
    customers: [
      ...common,
      ok([full, record('ada002')], { total_count: 3 }),
      ok([], { total_count: 0 }),
    ],
    addresses: [...common, ok(address('a2'))],
    paymentMethods: [...common, ok(card('p2')), ok(ach('b2'))],
  },
)

// A case the long mode found, pinned.
it('a default address id no canonical id can carry is UnexpectedResponse, not a Right', async () => {
  const bad = record('ada001', {
    defaults: {
      billing_address_id: 'x'.repeat(70_000),
      shipping_address_id: '',
      payment_method_id: '',
      payment_method_type: '',
    },
  })
  nock(BASE).get('/api/vault/ada001').reply(200, ok(bad))
  const r = await vault({ http: fuzzHttpOptions }).customers.get(ids.customer)()
  expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'UnexpectedResponse' } })
})

it('a text field longer than the canonical model carries is UnexpectedResponse, not a Right', async () => {
  const bad = record('ada001', { addresses: [address('a1', { first_name: 'x'.repeat(5_000) })] })
  nock(BASE).get('/api/vault/ada001').reply(200, ok(bad))
  const r = await vault({ http: fuzzHttpOptions }).customers.get(ids.customer)()
  expect(r).toMatchObject({ _tag: 'Left', left: { kind: 'UnexpectedResponse' } })
})

describeDecodeFastLaw(
  'FluidPay wire codecs',
  wire,
  [
    ...common,
    ok([full, record('ada002', { addresses: [address('a9', { first_name: null })] })]),
    ok({ ...full, id: 7, data: { customer: { ...full.data.customer, addresses: null } } }),
  ],
  [
    'Envelope',
    'CustomerRecord',
    'SummaryRecord',
    'RecordList',
    'SummaryRecordList',
    'WireAddress',
    'WireCard',
    'WireAch',
    'WireDefaults',
  ],
)
