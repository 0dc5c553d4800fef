/**
 * Ids are opaque, non-empty strings, branded so that a customer id cannot be passed where a
 * payment-method id is expected. Gateways with integer ids (PayTrace, Valor) expose them as
 * their decimal string form.
 */
import * as t from 'io-ts'
import type { Named } from './named'

// ---- model

/** @category Model */
export interface CustomerIdBrand {
  readonly CustomerId: unique symbol
}
/** @category Model */
export interface AddressIdBrand {
  readonly AddressId: unique symbol
}
/** @category Model */
export interface PaymentMethodIdBrand {
  readonly PaymentMethodId: unique symbol
}
/** @category Model */
export interface RecurrenceIdBrand {
  readonly RecurrenceId: unique symbol
}

const MAX_ID_LENGTH = 128

const isIdText = (s: string): boolean => s.length > 0 && s.length <= MAX_ID_LENGTH && s.trim() === s

// ---- codecs
// Each id type is written out (`string & t.Brand<…>`, the same type as io-ts's
// `t.Branded<string, …>`) so that hovers and errors print `CustomerId`, not
// `Branded<string, CustomerIdBrand>`; each codec decodes to it.

/** @category Model */
export type CustomerId = string & t.Brand<CustomerIdBrand>
/** @category Model */
export const CustomerId: Named<t.BrandC<t.StringC, CustomerIdBrand>, CustomerId> = t.brand(
  t.string,
  (s): s is t.Branded<string, CustomerIdBrand> => isIdText(s),
  'CustomerId',
)

/** @category Model */
export type AddressId = string & t.Brand<AddressIdBrand>
/** @category Model */
export const AddressId: Named<t.BrandC<t.StringC, AddressIdBrand>, AddressId> = t.brand(
  t.string,
  (s): s is t.Branded<string, AddressIdBrand> => isIdText(s),
  'AddressId',
)

/** @category Model */
export type PaymentMethodId = string & t.Brand<PaymentMethodIdBrand>
/** @category Model */
export const PaymentMethodId: Named<
  t.BrandC<t.StringC, PaymentMethodIdBrand>,
  PaymentMethodId
> = t.brand(
  t.string,
  (s): s is t.Branded<string, PaymentMethodIdBrand> => isIdText(s),
  'PaymentMethodId',
)

/** @category Model */
export type RecurrenceId = string & t.Brand<RecurrenceIdBrand>
/** @category Model */
export const RecurrenceId: Named<t.BrandC<t.StringC, RecurrenceIdBrand>, RecurrenceId> = t.brand(
  t.string,
  (s): s is t.Branded<string, RecurrenceIdBrand> => isIdText(s),
  'RecurrenceId',
)

// ---- constructors
// For ids read from storage or configuration. Run-time checks happen at every port boundary,
// so these only spare callers a cast.

/** @category Model */
export const customerId = (s: string): CustomerId => s as CustomerId
/** @category Model */
export const addressId = (s: string): AddressId => s as AddressId
/** @category Model */
export const paymentMethodId = (s: string): PaymentMethodId => s as PaymentMethodId
/** @category Model */
export const recurrenceId = (s: string): RecurrenceId => s as RecurrenceId
