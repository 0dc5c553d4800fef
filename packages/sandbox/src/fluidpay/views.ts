/**
 * How a stored customer record is shown on the wire (docs/gateways/sources.md#fluidpay-customers): the full record that
 * create, get, address and payment mutations answer and that search lists.
 */
import type { JsonObject, SimResponse } from '../common/engine'
import { rfc3339Nano } from '../common/dates'
import { maskStored } from '../common/payment'
import { success } from './respond'
import {
  ADDRESS_KEYS,
  type Ach,
  type Address,
  type Card,
  type Customer,
  type Merchant,
} from './state'

const addressView = (a: Address): JsonObject => {
  const view: JsonObject = { id: a.id }
  for (const k of ADDRESS_KEYS) view[k] = a[k]
  view.hash = a.hash
  return view
}

const cardView = (c: Card): JsonObject => ({
  id: c.id,
  card_type: c.pan.brand,
  masked_number: maskStored(c.pan, '*', true),
  expiration_date: c.expiration,
  processor_id: '',
  flags: [...c.flags],
})

const achView = (a: Ach): JsonObject => ({
  id: a.id,
  masked_account_number: '*'.repeat(a.length - 4) + a.last4,
  routing_number: a.routing,
  account_type: a.accountType,
  sec_code: a.secCode,
})

export const recordView = (m: Merchant, c: Customer): JsonObject => ({
  id: c.id,
  owner_id: m.credentials.merchantId,
  data: {
    customer: {
      description: c.description,
      notes: c.notes,
      flags: [...c.flags],
      defaults: { ...c.defaults },
      addresses: c.addresses.map(addressView),
      payments: { cards: c.cards.map(cardView), ach: c.ach.map(achView) },
    },
  },
  created_at: rfc3339Nano(c.createdAt),
  updated_at: rfc3339Nano(c.updatedAt),
})

/** The success answer carrying the whole record. */
export const fullRecord = (m: Merchant, c: Customer): SimResponse => success(recordView(m, c))
