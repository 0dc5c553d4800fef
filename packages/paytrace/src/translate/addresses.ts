/**
 * Addresses: a PayTrace profile has exactly two slots, ids `billing` and `shipping`; the
 * billing slot's `name` is the customer's name.
 */
import {
  addressId,
  type Address,
  type AddressFields,
  type AddressRole,
  type Warning,
} from '@vaultport/core'
import type { WireAddress } from '../wire'
import { dropped, present, translated, type Translated } from './shared'

export const BILLING_ID = addressId('billing')
export const SHIPPING_ID = addressId('shipping')

const ADDRESS_FIELDS = [
  ['name', 'name'],
  ['line1', 'street_address'],
  ['line2', 'street_address2'],
  ['city', 'city'],
  ['region', 'state'],
  ['postalCode', 'postal_code'],
  ['country', 'country'],
  ['county', 'county'],
] as const satisfies ReadonlyArray<readonly [keyof AddressFields, keyof WireAddress]>

/** Canonical address fields with no PayTrace slot. */
const ADDRESS_DROPPED = ['label', 'company', 'email', 'phone', 'fax'] as const

/** An address into its slot; `at` is the canonical path prefix for warnings. */
export const addressToWire = (
  role: AddressRole,
  fields: AddressFields,
  at: string,
): Translated<WireAddress> => {
  const wire: Record<string, string> = {}
  const warnings: Warning[] = []
  for (const [canonical, onWire] of ADDRESS_FIELDS) {
    const value = fields[canonical]
    if (value === undefined) continue
    if (canonical === 'county' && role === 'billing') {
      warnings.push(dropped(`${at}county`, 'a county on the billing address'))
      continue
    }
    wire[onWire] = value
  }
  for (const f of ADDRESS_DROPPED) {
    if (fields[f] !== undefined) warnings.push(dropped(`${at}${f}`, `an address ${f}`))
  }
  return translated(wire as WireAddress, warnings)
}

/**
 * A slot of empty strings: how a PATCH clears an address (ASSUMED). The billing name stays: it
 * is the customer's name, and a slot holding only a name counts as empty.
 */
export const emptyWireAddress = (role: AddressRole): WireAddress =>
  Object.fromEntries(
    ADDRESS_FIELDS.filter(
      ([c]) => (role === 'shipping' || c !== 'county') && (role === 'shipping' || c !== 'name'),
    ).map(([, w]) => [w, '']),
  ) as WireAddress

/** A stored slot; undefined when the slot is empty. */
export const addressFromWire = (
  role: AddressRole,
  wire: WireAddress | null | undefined,
): Address | undefined => {
  if (wire === null || wire === undefined) return undefined
  const out: Record<string, string> = {}
  for (const [canonical, onWire] of ADDRESS_FIELDS) {
    const value = wire[onWire]
    if (present(value)) out[canonical] = value
  }
  // A billing slot holding only a name is the customer's name, not an address.
  if (Object.keys(out).every((k) => k === 'name')) return undefined
  return { id: role === 'billing' ? BILLING_ID : SHIPPING_ID, role, ...out } as Address
}
