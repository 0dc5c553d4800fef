/**
 * A stored customer: contact details, addresses, payment methods and the defaults among them.
 * `reference` is the merchant's own key for the customer (PayTrace's customer label, FluidPay's
 * custom id); it is what makes a timed-out create recoverable by lookup.
 */
import * as t from 'io-ts'
import { everyOf, isRecord, withIs } from '../decode'
import { Address, AddressInput } from './address'
import { AddressId, CustomerId, PaymentMethodId } from './ids'
import { PaymentMethod, PaymentMethodInput } from './paymentMethod'
import type { Named } from './named'
import { IsoDateTime, ShortText } from './scalars'

// Each `interface X extends t.TypeOf<typeof XCodec> {}` names a codec's type (see ./named).
/* eslint-disable @typescript-eslint/no-empty-object-type */

// ---- model

const CustomerDefaultsCodec = t.partial(
  { billingAddressId: AddressId, shippingAddressId: AddressId, paymentMethodId: PaymentMethodId },
  'CustomerDefaults',
)
/** @category Model */
export interface CustomerDefaults extends t.TypeOf<typeof CustomerDefaultsCodec> {}
/** @category Model */
export const CustomerDefaults: Named<typeof CustomerDefaultsCodec, CustomerDefaults> =
  CustomerDefaultsCodec

const CustomerFieldsCodec = t.partial(
  {
    reference: ShortText,
    name: ShortText,
    company: ShortText,
    email: ShortText,
    phone: ShortText,
    fax: ShortText,
    description: ShortText,
    notes: ShortText,
  },
  'CustomerFields',
)
/**
 * The customer's own scalar fields, shared by the model, inputs and patches.
 * @category Model
 */
export interface CustomerFields extends t.TypeOf<typeof CustomerFieldsCodec> {}
/** @category Model */
export const CustomerFields: Named<typeof CustomerFieldsCodec, CustomerFields> = CustomerFieldsCodec
/** @category Model */
export const customerFieldNames = Object.keys(CustomerFields.props) as ReadonlyArray<
  keyof CustomerFields
>

const CustomerCodec = t.intersection(
  [
    t.type({
      id: CustomerId,
      addresses: t.readonlyArray(Address),
      paymentMethods: t.readonlyArray(PaymentMethod),
      defaults: CustomerDefaults,
    }),
    CustomerFields,
    t.partial({
      createdAt: IsoDateTime,
      updatedAt: IsoDateTime,
      /** Gateway fields with no canonical home (PayTrace discretionary data, FluidPay flags). */
      gatewayData: t.UnknownRecord,
    }),
  ],
  'Customer',
)
/** @category Model */
export interface Customer extends t.TypeOf<typeof CustomerCodec> {}
// `is` written out (see `withIs`): every customer a port returns is checked on its way out.
/**
 * A stored customer: what `customers.get` answers, and its io-ts codec.
 * @category Model
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Customer } from '@vaultport/core'
 *
 * // A customer kept as JSON (a cache, a queue message) is read back through its codec.
 * const stored = '{"id":"cus_1","name":"Ada Lee","addresses":[],"paymentMethods":[],"defaults":{}}'
 * const decoded = Customer.decode(JSON.parse(stored))
 * if (E.isRight(decoded)) console.log(decoded.right.id) // 'cus_1', a CustomerId
 * ```
 */
export const Customer: Named<typeof CustomerCodec, Customer> = withIs(
  CustomerCodec,
  (u): u is Customer =>
    isRecord(u) &&
    CustomerId.is(u['id']) &&
    everyOf(u['addresses'], Address.is) &&
    everyOf(u['paymentMethods'], PaymentMethod.is) &&
    isDefaults(u['defaults']) &&
    (u['reference'] === undefined || ShortText.is(u['reference'])) &&
    (u['name'] === undefined || ShortText.is(u['name'])) &&
    (u['company'] === undefined || ShortText.is(u['company'])) &&
    (u['email'] === undefined || ShortText.is(u['email'])) &&
    (u['phone'] === undefined || ShortText.is(u['phone'])) &&
    (u['fax'] === undefined || ShortText.is(u['fax'])) &&
    (u['description'] === undefined || ShortText.is(u['description'])) &&
    (u['notes'] === undefined || ShortText.is(u['notes'])) &&
    (u['createdAt'] === undefined || IsoDateTime.is(u['createdAt'])) &&
    (u['updatedAt'] === undefined || IsoDateTime.is(u['updatedAt'])) &&
    (u['gatewayData'] === undefined || isRecord(u['gatewayData'])),
)

const isDefaults = (u: unknown): boolean =>
  isRecord(u) &&
  (u['billingAddressId'] === undefined || AddressId.is(u['billingAddressId'])) &&
  (u['shippingAddressId'] === undefined || AddressId.is(u['shippingAddressId'])) &&
  (u['paymentMethodId'] === undefined || PaymentMethodId.is(u['paymentMethodId']))

const CustomerSummaryCodec = t.intersection(
  [
    t.type({ id: CustomerId }),
    t.partial({
      reference: ShortText,
      name: ShortText,
      company: ShortText,
      email: ShortText,
      phone: ShortText,
      createdAt: IsoDateTime,
      updatedAt: IsoDateTime,
    }),
  ],
  'CustomerSummary',
)
/**
 * What a list returns per customer: enough to choose whom to read in full.
 * @category Model
 */
export interface CustomerSummary extends t.TypeOf<typeof CustomerSummaryCodec> {}
// `is` written out (see `withIs`): a list page checks it for every customer.
/** @category Model */
export const CustomerSummary: Named<typeof CustomerSummaryCodec, CustomerSummary> = withIs(
  CustomerSummaryCodec,
  (u): u is CustomerSummary =>
    isRecord(u) &&
    CustomerId.is(u['id']) &&
    (u['reference'] === undefined || ShortText.is(u['reference'])) &&
    (u['name'] === undefined || ShortText.is(u['name'])) &&
    (u['company'] === undefined || ShortText.is(u['company'])) &&
    (u['email'] === undefined || ShortText.is(u['email'])) &&
    (u['phone'] === undefined || ShortText.is(u['phone'])) &&
    (u['createdAt'] === undefined || IsoDateTime.is(u['createdAt'])) &&
    (u['updatedAt'] === undefined || IsoDateTime.is(u['updatedAt'])),
)

// ---- inputs

const CustomerInputCodec = t.intersection(
  [
    CustomerFields,
    t.partial({
      addresses: t.readonlyArray(AddressInput),
      /** A first payment method, stored with the customer and made the default. */
      paymentMethod: PaymentMethodInput,
      gatewayData: t.UnknownRecord,
    }),
  ],
  'CustomerInput',
)
/** @category Model */
export interface CustomerInput extends t.TypeOf<typeof CustomerInputCodec> {}
/**
 * What `customers.create` takes, and its io-ts codec.
 * @category Model
 * @example
 * ```ts
 * import { CustomerInput } from '@vaultport/core'
 *
 * const input: CustomerInput = {
 *   reference: 'lee-ada-0001',
 *   name: 'Ada Lee',
 *   email: 'ada@example.com',
 *   paymentMethod: { kind: 'card', number: '4111111111111111', expiry: { month: 12, year: 2030 } },
 * }
 * CustomerInput.is(input) // true: the codec checks untyped input (a request body) the same way
 * ```
 */
export const CustomerInput: Named<typeof CustomerInputCodec, CustomerInput> = CustomerInputCodec

const CustomerPatchCodec = t.intersection(
  [CustomerFields, t.partial({ defaults: CustomerDefaults, gatewayData: t.UnknownRecord })],
  'CustomerPatch',
)
/** @category Model */
export interface CustomerPatch extends t.TypeOf<typeof CustomerPatchCodec> {}
/** @category Model */
export const CustomerPatch: Named<typeof CustomerPatchCodec, CustomerPatch> = CustomerPatchCodec
