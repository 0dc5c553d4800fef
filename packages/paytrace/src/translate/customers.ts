/**
 * Customers: `reference` ⇄ `customer_label`, `name` ⇄ the billing address's `name`,
 * `gatewayData.discretionary_data` ⇄ `discretionary_data`; a stored profile carries its two
 * address slots and its card and check.
 */
import {
  customerId,
  warning,
  type Address,
  type Customer,
  type CustomerFields,
  type CustomerInput,
  type CustomerPatch,
  type CustomerSummary,
  type PaymentMethod,
  type Warning,
} from '@vaultport/core'
import type {
  WireCheckView,
  WireCustomer,
  WireCustomerCommon,
  WireDiscretionaryData,
  WireDiscretionaryItem,
} from '../wire'
import { addressFromWire, addressToWire } from './addresses'
import { cardFromWire, checkFromWire } from './paymentMethods'
import { dropped, idText, present, translated, type Translated } from './shared'

// ---- discretionary data

const isItem = (u: unknown): u is WireDiscretionaryItem =>
  typeof u === 'object' && u !== null && 'disc_id' in u && 'value' in u

/** `gatewayData.discretionary_data`, if it is a list (or one) of `{disc_id, value}`. */
export const discretionaryToWire = (
  gatewayData: Readonly<Record<string, unknown>> | undefined,
): Translated<ReadonlyArray<WireDiscretionaryItem> | undefined> => {
  const warnings: Warning[] = []
  if (gatewayData === undefined) return translated(undefined)
  for (const key of Object.keys(gatewayData)) {
    if (key !== 'discretionary_data' && key !== 'customer_reference_id') {
      warnings.push(dropped(`gatewayData.${key}`, `gateway data "${key}"`))
    }
  }
  const raw = gatewayData['discretionary_data']
  if (raw === undefined) return translated(undefined, warnings)
  const items = Array.isArray(raw) ? raw : [raw]
  if (!items.every(isItem)) {
    warnings.push(
      warning(
        'field_dropped',
        'gatewayData.discretionary_data must be {disc_id, value} items; it was not stored',
        'gatewayData.discretionary_data',
      ),
    )
    return translated(undefined, warnings)
  }
  return translated(items, warnings)
}

const discretionaryFromWire = (
  d: WireDiscretionaryData | null | undefined,
): ReadonlyArray<WireDiscretionaryItem> | undefined =>
  d === null || d === undefined ? undefined : Array.isArray(d) ? d : [d]
// ---- customers

const CUSTOMER_DROPPED = ['company', 'description', 'notes'] as const

/** The customer's own fields onto the wire (`name` goes to the billing slot, see below). */
const customerFieldsToWire = (fields: CustomerFields): Translated<WireCustomerCommon> => {
  const wire: Record<string, string> = {}
  if (fields.reference !== undefined) wire['customer_label'] = fields.reference
  if (fields.email !== undefined) wire['email'] = fields.email
  if (fields.phone !== undefined) wire['phone'] = fields.phone
  if (fields.fax !== undefined) wire['fax'] = fields.fax
  return translated(
    wire as WireCustomerCommon,
    CUSTOMER_DROPPED.filter((f) => fields[f] !== undefined).map((f) =>
      dropped(f, `a customer ${f}`),
    ),
  )
}

/**
 * The common body of a create (C1–C4): label, contact, both address slots, discretionary data.
 * `name` is the billing slot's name: a billing address without one takes the customer's, and a
 * different one wins over it with a warning.
 */
export const customerCommonToWire = (
  input: CustomerInput,
  merchantId: number | undefined,
): Translated<WireCustomerCommon> => {
  const own = customerFieldsToWire(input)
  const warnings: Warning[] = [...own.warnings]
  const body: Record<string, unknown> = { ...own.wire }
  const addresses = input.addresses ?? []
  addresses.forEach((a, i) => {
    const slot = addressToWire(a.role, a, `addresses[${i}].`)
    warnings.push(...slot.warnings)
    body[a.role === 'billing' ? 'billing_address' : 'shipping_address'] = slot.wire
  })
  const named = withCustomerName(body, input.name)
  warnings.push(...named)
  const disc = discretionaryToWire(input.gatewayData)
  warnings.push(...disc.warnings)
  if (disc.wire !== undefined) body['discretionary_data'] = disc.wire
  if (merchantId !== undefined) body['merchant_id'] = merchantId
  return translated(body as WireCustomerCommon, warnings)
}

/** Puts the customer name into the billing slot (mutates `body`); warns on a conflict. */
const withCustomerName = (
  body: Record<string, unknown>,
  name: string | undefined,
): ReadonlyArray<Warning> => {
  if (name === undefined) return []
  const billing = (body['billing_address'] ?? {}) as Record<string, string>
  if (billing['name'] === undefined) {
    body['billing_address'] = { ...billing, name }
    return []
  }
  return billing['name'] === name
    ? []
    : [
        warning(
          'name_conflict',
          'PayTrace keeps one name, the billing address name; the address name was stored',
          'name',
        ),
      ]
}

/** A customer patch (C5). The billing name is patched with the name, keeping the slot. */
export const customerPatchToWire = (
  patch: CustomerPatch,
  merchantId: number | undefined,
): Translated<WireCustomerCommon> => {
  const own = customerFieldsToWire(patch)
  const warnings: Warning[] = [...own.warnings]
  const body: Record<string, unknown> = { ...own.wire }
  if (patch.name !== undefined) body['billing_address'] = { name: patch.name }
  if (patch.defaults !== undefined) {
    warnings.push(
      dropped('defaults', 'chosen defaults (a profile has one of each address and method)'),
    )
  }
  const disc = discretionaryToWire(patch.gatewayData)
  warnings.push(...disc.warnings)
  if (disc.wire !== undefined) body['discretionary_data'] = disc.wire
  if (merchantId !== undefined) body['merchant_id'] = merchantId
  return translated(body as WireCustomerCommon, warnings)
}

/** Reads a PayTrace timestamp ("1/25/2024 12:30:22 PM", ISO) as an ISO instant, if it can. */
export const wireTimestampToIso = (s: string | null | undefined): string | undefined => {
  if (!present(s)) return undefined
  const m = PAYTRACE_TIME.exec(s.trim())
  if (m !== null) {
    // Two per record of every page: read the fields in place, without an array of them.
    const hh = Number(m[4])
    const half = m[7]
    const hours = half === undefined ? hh : (hh % 12) + (half.toUpperCase() === 'PM' ? 12 : 0)
    const ms = Date.UTC(
      Number(m[3]),
      Number(m[1]) - 1,
      Number(m[2]),
      hours,
      Number(m[5]),
      Number(m[6]),
    )
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
  }
  const ms = Date.parse(s)
  return ISO_START.test(s) && !Number.isNaN(ms) ? new Date(ms).toISOString() : undefined
}

const PAYTRACE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)?$/i
const ISO_START = /^\d{4}-\d{2}-\d{2}T/

const createdOf = (w: WireCustomer): string | undefined => wireTimestampToIso(w.created_at)

const updatedOf = (w: WireCustomer): string | undefined =>
  wireTimestampToIso(w.updated_at ?? w.last_activity)

/** A stored profile (C7, optionally merged with C8's check) as a canonical customer. */
export const customerFromWire = (w: WireCustomer, achDetail?: WireCheckView): Customer => {
  const addresses = [
    addressFromWire('billing', w.billing_address),
    addressFromWire('shipping', w.shipping_address),
  ].filter((a): a is Address => a !== undefined)
  const methods = [cardFromWire(w), checkFromWire(achDetail ?? w.check)].filter(
    (m): m is PaymentMethod => m !== undefined,
  )
  const name = w.billing_address?.name ?? w.name
  const disc = discretionaryFromWire(w.discretionary_data)
  const createdAt = createdOf(w)
  const updatedAt = updatedOf(w)
  const gatewayData = {
    ...(disc === undefined ? {} : { discretionary_data: disc }),
    ...(present(w.customer_reference_id) ? { customer_reference_id: w.customer_reference_id } : {}),
  }
  const billing = addresses.find((a) => a.role === 'billing')
  const shipping = addresses.find((a) => a.role === 'shipping')
  return {
    id: customerId(idText(w.customer_id)),
    addresses,
    paymentMethods: methods,
    defaults: {
      ...(billing === undefined ? {} : { billingAddressId: billing.id }),
      ...(shipping === undefined ? {} : { shippingAddressId: shipping.id }),
      ...(methods[0] === undefined ? {} : { paymentMethodId: methods[0].id }),
    },
    ...(present(w.customer_label) ? { reference: w.customer_label } : {}),
    ...(present(name) ? { name } : {}),
    ...(present(w.email) ? { email: w.email } : {}),
    ...(present(w.phone) ? { phone: w.phone } : {}),
    ...(present(w.fax) ? { fax: w.fax } : {}),
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(updatedAt === undefined ? {} : { updatedAt }),
    ...(Object.keys(gatewayData).length === 0 ? {} : { gatewayData }),
  }
}

/** The list view of a customer: its own fields, without addresses and methods. */
export const customerSummaryOf = (c: Customer): CustomerSummary => ({
  id: c.id,
  ...(c.reference === undefined ? {} : { reference: c.reference }),
  ...(c.name === undefined ? {} : { name: c.name }),
  ...(c.email === undefined ? {} : { email: c.email }),
  ...(c.phone === undefined ? {} : { phone: c.phone }),
  ...(c.createdAt === undefined ? {} : { createdAt: c.createdAt }),
  ...(c.updatedAt === undefined ? {} : { updatedAt: c.updatedAt }),
})

export const customerSummaryFromWire = (w: WireCustomer): CustomerSummary => {
  // The same fields as `customerSummaryOf(customerFromWire(w))`, without building the addresses
  // and payment methods a list page does not return.
  const summary: { -readonly [K in keyof CustomerSummary]: CustomerSummary[K] } = {
    id: customerId(idText(w.customer_id)),
  }
  const name = w.billing_address?.name ?? w.name
  if (present(w.customer_label)) summary.reference = w.customer_label
  if (present(name)) summary.name = name
  if (present(w.email)) summary.email = w.email
  if (present(w.phone)) summary.phone = w.phone
  const createdAt = createdOf(w)
  if (createdAt !== undefined) summary.createdAt = createdAt
  const updatedAt = updatedOf(w)
  if (updatedAt !== undefined) summary.updatedAt = updatedAt
  return summary
}

/** `changedSince` → whole days of activity, rounded up (approximate by a day at most). */
export const lastActivityDays = (changedSince: string, now: Date): number =>
  Math.max(1, Math.ceil((now.getTime() - Date.parse(changedSince)) / 86_400_000))
