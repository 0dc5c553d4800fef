/**
 * A postal address stored on a customer. Every address has one role: billing or shipping.
 * Gateways keep addresses in different topologies (PayTrace: one of each; FluidPay: a list
 * with defaults; Valor: billing+shipping pairs); adapters map those onto this flat list and
 * declare the topology in their capabilities.
 */
import * as t from 'io-ts'
import { AddressId } from './ids'
import { CountryCode, ShortText } from './scalars'

// ---- model

export const AddressRole = t.keyof({ billing: null, shipping: null }, 'AddressRole')
export type AddressRole = t.TypeOf<typeof AddressRole>

/** The fields an address may carry; every one optional, because every gateway omits some. */
export const AddressFields = t.partial(
  {
    /** A merchant label such as "Home" (Valor stores one per address pair). */
    label: ShortText,
    /** The addressee as one string, e.g. "Ada Lee". */
    name: ShortText,
    company: ShortText,
    line1: ShortText,
    line2: ShortText,
    city: ShortText,
    /** State, province or region code, e.g. "CA". */
    region: ShortText,
    postalCode: ShortText,
    country: CountryCode,
    county: ShortText,
    email: ShortText,
    phone: ShortText,
    fax: ShortText,
  },
  'AddressFields',
)
export type AddressFields = t.TypeOf<typeof AddressFields>

export const Address = t.intersection(
  [t.type({ id: AddressId, role: AddressRole }), AddressFields],
  'Address',
)
export type Address = t.TypeOf<typeof Address>

// ---- inputs

export const AddressInput = t.intersection(
  [t.type({ role: AddressRole }), AddressFields],
  'AddressInput',
)
export type AddressInput = t.TypeOf<typeof AddressInput>

/** An address update: the fields given replace the stored ones; the role cannot change. */
export const AddressPatch = AddressFields
export type AddressPatch = AddressFields

/** The names of the address fields, for field-by-field comparison and lossless declarations. */
export const addressFieldNames = Object.keys(AddressFields.props) as ReadonlyArray<
  keyof AddressFields
>
