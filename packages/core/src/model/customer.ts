/**
 * A stored customer: contact details, addresses, payment methods and the defaults among them.
 * `reference` is the merchant's own key for the customer (PayTrace's customer label, FluidPay's
 * custom id); it is what makes a timed-out create recoverable by lookup.
 */
import * as t from 'io-ts'
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
export interface CustomerDefaults extends t.TypeOf<typeof CustomerDefaultsCodec> {}
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
/** The customer's own scalar fields, shared by the model, inputs and patches. */
export interface CustomerFields extends t.TypeOf<typeof CustomerFieldsCodec> {}
export const CustomerFields: Named<typeof CustomerFieldsCodec, CustomerFields> = CustomerFieldsCodec
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
export interface Customer extends t.TypeOf<typeof CustomerCodec> {}
export const Customer: Named<typeof CustomerCodec, Customer> = CustomerCodec

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
/** What a list returns per customer: enough to choose whom to read in full. */
export interface CustomerSummary extends t.TypeOf<typeof CustomerSummaryCodec> {}
export const CustomerSummary: Named<typeof CustomerSummaryCodec, CustomerSummary> =
  CustomerSummaryCodec

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
export interface CustomerInput extends t.TypeOf<typeof CustomerInputCodec> {}
export const CustomerInput: Named<typeof CustomerInputCodec, CustomerInput> = CustomerInputCodec

const CustomerPatchCodec = t.intersection(
  [CustomerFields, t.partial({ defaults: CustomerDefaults, gatewayData: t.UnknownRecord })],
  'CustomerPatch',
)
export interface CustomerPatch extends t.TypeOf<typeof CustomerPatchCodec> {}
export const CustomerPatch: Named<typeof CustomerPatchCodec, CustomerPatch> = CustomerPatchCodec
