/**
 * The ports: what an application can ask of any customer vault. Every operation returns a
 * `TaskEither<VaultError, A>`; writes return `Written<A>` so that data a gateway could not keep
 * comes back as warnings. `Vault<C>` narrows the ports by a capabilities record: an operation
 * whose flag is literally `false` takes a `never` argument and so cannot be called.
 */
import type { TaskEither } from 'fp-ts/TaskEither'
import type { Capabilities } from './capabilities'
import type { VaultError } from './errors'
import type { Address, AddressInput, AddressPatch } from './model/address'
import type { Customer, CustomerInput, CustomerPatch, CustomerSummary } from './model/customer'
import type { AddressId, CustomerId, PaymentMethodId, RecurrenceId } from './model/ids'
import type { ListQuery, Page } from './model/paging'
import type { PaymentMethod, PaymentMethodInput, PaymentMethodPatch } from './model/paymentMethod'
import type { Recurrence, RecurrenceInput, RecurrencePatch } from './model/recurrence'
import type { Written } from './model/warnings'

// ---- ports

export interface CustomersPort {
  readonly create: (input: CustomerInput) => TaskEither<VaultError, Written<Customer>>
  readonly get: (id: CustomerId) => TaskEither<VaultError, Customer>
  /** The customer with this merchant reference, if any: how a timed-out create is reconciled. */
  readonly findByReference: (reference: string) => TaskEither<VaultError, Customer | undefined>
  readonly update: (
    id: CustomerId,
    patch: CustomerPatch,
  ) => TaskEither<VaultError, Written<Customer>>
  /** Deleting a customer that does not exist (twice, say) is `NotFound`. */
  readonly delete: (id: CustomerId) => TaskEither<VaultError, void>
  readonly list: (query?: ListQuery) => TaskEither<VaultError, Page<CustomerSummary>>
}

export interface AddressesPort {
  readonly add: (
    customerId: CustomerId,
    input: AddressInput,
  ) => TaskEither<VaultError, Written<Address>>
  readonly update: (
    customerId: CustomerId,
    addressId: AddressId,
    patch: AddressPatch,
  ) => TaskEither<VaultError, Written<Address>>
  readonly remove: (customerId: CustomerId, addressId: AddressId) => TaskEither<VaultError, void>
}

export interface AddPaymentMethodOptions {
  /** Make the new method the customer's default. */
  readonly makeDefault?: boolean
}

export interface PaymentMethodsPort {
  readonly add: (
    customerId: CustomerId,
    input: PaymentMethodInput,
    options?: AddPaymentMethodOptions,
  ) => TaskEither<VaultError, Written<PaymentMethod>>
  readonly list: (customerId: CustomerId) => TaskEither<VaultError, ReadonlyArray<PaymentMethod>>
  readonly update: (
    customerId: CustomerId,
    paymentMethodId: PaymentMethodId,
    patch: PaymentMethodPatch,
  ) => TaskEither<VaultError, Written<PaymentMethod>>
  readonly remove: (
    customerId: CustomerId,
    paymentMethodId: PaymentMethodId,
  ) => TaskEither<VaultError, void>
  readonly setDefault: (
    customerId: CustomerId,
    paymentMethodId: PaymentMethodId,
  ) => TaskEither<VaultError, void>
}

export interface RecurrencesPort {
  readonly create: (input: RecurrenceInput) => TaskEither<VaultError, Written<Recurrence>>
  readonly get: (id: RecurrenceId) => TaskEither<VaultError, Recurrence>
  readonly update: (
    id: RecurrenceId,
    patch: RecurrencePatch,
  ) => TaskEither<VaultError, Written<Recurrence>>
  readonly delete: (id: RecurrenceId) => TaskEither<VaultError, void>
  readonly listByCustomer: (
    customerId: CustomerId,
    query?: ListQuery,
  ) => TaskEither<VaultError, Page<Recurrence>>
}

export interface Ports {
  readonly customers: CustomersPort
  readonly addresses: AddressesPort
  readonly paymentMethods: PaymentMethodsPort
  readonly recurrences: RecurrencesPort
}

// ---- narrowing

/** The type of an operation a gateway lacks: it cannot be called with any argument. */
export type Blocked = (unsupported: never) => TaskEither<VaultError, never>

type Gate<P, Flags> = {
  readonly [K in keyof P]: K extends keyof Flags ? (Flags[K] extends false ? Blocked : P[K]) : P[K]
}

export type Vault<C extends Capabilities = Capabilities> = {
  readonly capabilities: C
  readonly customers: Gate<CustomersPort, C['operations']['customers']>
  readonly addresses: Gate<AddressesPort, C['operations']['addresses']>
  readonly paymentMethods: Gate<PaymentMethodsPort, C['operations']['paymentMethods']>
  readonly recurrences: Gate<RecurrencesPort, C['operations']['recurrences']>
}
