/**
 * Addresses between the canonical model and FluidPay's wire JSON.
 *
 * - An address has `first_name` + `last_name`; the canonical `name` is split at its last space
 *   and joined back with one space (`name_normalized` when that changes it).
 * - An address's role is read from the defaults: the default shipping address that is not also
 *   the default billing address is `shipping`; every other address is `billing`.
 * - Labels and counties have no field.
 */
import {
  addressId as toAddressId,
  warning,
  type Address,
  type AddressFields,
  type AddressRole,
  type Warning,
} from '@vaultport/core'
import type { AddressBody, WireAddress, WireDefaults } from '../wire'
import { compact, joinName, normalizeName, splitName, text } from './shared'

// ---- addresses

/** The role an address reads back as, from the customer's defaults. */
export const roleOf = (id: string, defaults: WireDefaults | null | undefined): AddressRole =>
  text(defaults?.shipping_address_id) === id && text(defaults?.billing_address_id) !== id
    ? 'shipping'
    : 'billing'

export const toAddressFields = (w: WireAddress): AddressFields =>
  compact<AddressFields>({
    name: joinName(w.first_name, w.last_name),
    company: text(w.company),
    line1: text(w.line_1),
    line2: text(w.line_2),
    city: text(w.city),
    region: text(w.state),
    postalCode: text(w.postal_code),
    country: text(w.country)?.toUpperCase(),
    email: text(w.email),
    phone: text(w.phone),
    fax: text(w.fax),
  })

export const toAddress = (w: WireAddress, defaults: WireDefaults | null | undefined): Address => ({
  id: toAddressId(w.id),
  role: roleOf(w.id, defaults),
  ...toAddressFields(w),
})

/** An address body, with a warning for every field FluidPay has no place for. */
export const addressBody = (
  a: AddressFields,
  at: string,
): { body: AddressBody; warnings: ReadonlyArray<Warning> } => {
  const warnings: Warning[] = []
  if (a.label !== undefined) {
    warnings.push(warning('field_dropped', 'FluidPay addresses have no label', `${at}label`))
  }
  if (a.county !== undefined) {
    warnings.push(warning('field_dropped', 'FluidPay addresses have no county', `${at}county`))
  }
  if (a.name !== undefined && normalizeName(a.name) !== a.name) {
    warnings.push(
      warning(
        'name_normalized',
        'FluidPay stores first and last name; the name reads back trimmed with single spaces',
        `${at}name`,
      ),
    )
  }
  const names = a.name === undefined ? {} : splitName(a.name)
  // The names spread last: V8 builds a literal that starts with a spread slowly, per property.
  const body = compact<AddressBody>({
    company: a.company,
    line_1: a.line1,
    line_2: a.line2,
    city: a.city,
    state: a.region,
    postal_code: a.postalCode,
    country: a.country,
    email: a.email,
    phone: a.phone,
    fax: a.fax,
    ...names,
  })
  return { body, warnings }
}

/** The address fields FluidPay stores, as they were given (for update merges). */
export const addressFieldsOf = (a: Address): AddressFields => {
  const { id: _id, role: _role, ...fields } = a
  return fields
}
