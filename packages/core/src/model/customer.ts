/**
 * A stored customer: contact details, addresses, payment methods and the defaults among them.
 * `reference` is the merchant's own key for the customer (PayTrace's customer label, FluidPay's
 * custom id); it is what makes a timed-out create recoverable by lookup.
 */
import * as t from 'io-ts'
import { Address, AddressInput } from './address'
import { AddressId, CustomerId, PaymentMethodId } from './ids'
import { PaymentMethod, PaymentMethodInput } from './paymentMethod'
import { IsoDateTime, ShortText } from './scalars'

// ---- model

export const CustomerDefaults = t.partial(
  { billingAddressId: AddressId, shippingAddressId: AddressId, paymentMethodId: PaymentMethodId },
  'CustomerDefaults',
)
export type CustomerDefaults = t.TypeOf<typeof CustomerDefaults>

/** The customer's own scalar fields, shared by the model, inputs and patches. */
export const CustomerFields = t.partial(
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
export type CustomerFields = t.TypeOf<typeof CustomerFields>
export const customerFieldNames = Object.keys(CustomerFields.props) as ReadonlyArray<
  keyof CustomerFields
>

export const Customer = t.intersection(
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
export type Customer = t.TypeOf<typeof Customer>

/** What a list returns per customer: enough to choose whom to read in full. */
export const CustomerSummary = t.intersection(
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
export type CustomerSummary = t.TypeOf<typeof CustomerSummary>

// ---- inputs

export const CustomerInput = t.intersection(
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
export type CustomerInput = t.TypeOf<typeof CustomerInput>

export const CustomerPatch = t.intersection(
  [CustomerFields, t.partial({ defaults: CustomerDefaults, gatewayData: t.UnknownRecord })],
  'CustomerPatch',
)
export type CustomerPatch = t.TypeOf<typeof CustomerPatch>
