/**
 * A postal address stored on a customer. Every address has one role: billing or shipping.
 * Gateways keep addresses in different topologies (PayTrace: one of each; FluidPay: a list
 * with defaults; Valor: billing+shipping pairs); adapters map those onto this flat list and
 * declare the topology in their capabilities.
 */
import * as t from 'io-ts'
import { AddressId } from './ids'
import type { Named } from './named'
import { CountryCode, ShortText } from './scalars'

// Each `interface X extends t.TypeOf<typeof XCodec> {}` names a codec's type (see ./named).
/* eslint-disable @typescript-eslint/no-empty-object-type */

// ---- model

export const AddressRole = t.keyof({ billing: null, shipping: null }, 'AddressRole')
export type AddressRole = t.TypeOf<typeof AddressRole>

const AddressFieldsCodec = t.partial(
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
/** The fields an address may carry; every one optional, because every gateway omits some. */
export interface AddressFields extends t.TypeOf<typeof AddressFieldsCodec> {}
export const AddressFields: Named<typeof AddressFieldsCodec, AddressFields> = AddressFieldsCodec

const AddressCodec = t.intersection(
  [t.type({ id: AddressId, role: AddressRole }), AddressFields],
  'Address',
)
export interface Address extends t.TypeOf<typeof AddressCodec> {}
export const Address: Named<typeof AddressCodec, Address> = AddressCodec

// ---- inputs

const AddressInputCodec = t.intersection(
  [t.type({ role: AddressRole }), AddressFields],
  'AddressInput',
)
export interface AddressInput extends t.TypeOf<typeof AddressInputCodec> {}
export const AddressInput: Named<typeof AddressInputCodec, AddressInput> = AddressInputCodec

/** An address update: the fields given replace the stored ones; the role cannot change. */
export interface AddressPatch extends AddressFields {}
export const AddressPatch: Named<typeof AddressFieldsCodec, AddressPatch> = AddressFields

/** The names of the address fields, for field-by-field comparison and lossless declarations. */
export const addressFieldNames = Object.keys(AddressFields.props) as ReadonlyArray<
  keyof AddressFields
>
