/**
 * A postal address stored on a customer. Every address has one role: billing or shipping.
 * Gateways keep addresses in different topologies (PayTrace: one of each; FluidPay: a list
 * with defaults; Valor: billing+shipping pairs); adapters map those onto this flat list and
 * declare the topology in their capabilities.
 */
import * as t from 'io-ts'
import { isRecord, withIs } from '../decode'
import { AddressId } from './ids'
import type { Named } from './named'
import { CountryCode, ShortText } from './scalars'

// Each `interface X extends t.TypeOf<typeof XCodec> {}` names a codec's type (see ./named).
/* eslint-disable @typescript-eslint/no-empty-object-type */

// ---- model

/** @category Model */
export const AddressRole = t.keyof({ billing: null, shipping: null }, 'AddressRole')
/** @category Model */
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
/**
 * The fields an address may carry; every one optional, because every gateway omits some.
 * @category Model
 */
export interface AddressFields extends t.TypeOf<typeof AddressFieldsCodec> {}
/** @category Model */
export const AddressFields: Named<typeof AddressFieldsCodec, AddressFields> = AddressFieldsCodec

/** `AddressFields.is` written out (see `withIs`): every field of every address of a customer. */
const isAddressFields = (u: Readonly<Record<string, unknown>>): boolean =>
  (u['label'] === undefined || ShortText.is(u['label'])) &&
  (u['name'] === undefined || ShortText.is(u['name'])) &&
  (u['company'] === undefined || ShortText.is(u['company'])) &&
  (u['line1'] === undefined || ShortText.is(u['line1'])) &&
  (u['line2'] === undefined || ShortText.is(u['line2'])) &&
  (u['city'] === undefined || ShortText.is(u['city'])) &&
  (u['region'] === undefined || ShortText.is(u['region'])) &&
  (u['postalCode'] === undefined || ShortText.is(u['postalCode'])) &&
  (u['country'] === undefined || CountryCode.is(u['country'])) &&
  (u['county'] === undefined || ShortText.is(u['county'])) &&
  (u['email'] === undefined || ShortText.is(u['email'])) &&
  (u['phone'] === undefined || ShortText.is(u['phone'])) &&
  (u['fax'] === undefined || ShortText.is(u['fax']))

const AddressCodec = t.intersection(
  [t.type({ id: AddressId, role: AddressRole }), AddressFields],
  'Address',
)
/** @category Model */
export interface Address extends t.TypeOf<typeof AddressCodec> {}
/** @category Model */
export const Address: Named<typeof AddressCodec, Address> = withIs(
  AddressCodec,
  (u): u is Address =>
    isRecord(u) && AddressId.is(u['id']) && AddressRole.is(u['role']) && isAddressFields(u),
)

// ---- inputs

const AddressInputCodec = t.intersection(
  [t.type({ role: AddressRole }), AddressFields],
  'AddressInput',
)
/** @category Model */
export interface AddressInput extends t.TypeOf<typeof AddressInputCodec> {}
/** @category Model */
export const AddressInput: Named<typeof AddressInputCodec, AddressInput> = AddressInputCodec

/**
 * An address update: the fields given replace the stored ones; the role cannot change.
 * @category Model
 */
export interface AddressPatch extends AddressFields {}
/** @category Model */
export const AddressPatch: Named<typeof AddressFieldsCodec, AddressPatch> = AddressFields

/**
 * The names of the address fields, for field-by-field comparison and lossless declarations.
 * @category Model
 */
export const addressFieldNames = Object.keys(AddressFields.props) as ReadonlyArray<
  keyof AddressFields
>
