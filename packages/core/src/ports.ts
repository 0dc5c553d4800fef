/**
 * The ports: what an application can ask of any customer vault. Every operation returns a
 * `TaskEither<VaultError, A>`; writes return `Written<A>` so that data a gateway could not keep
 * comes back as warnings. `Vault<C>` narrows the ports by a capabilities record: an operation
 * whose flag is literally `false` is `Blocked` and cannot be called; the compiler's message names
 * `ThisGatewayLacksThisOperation`.
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
// Operations are declared as methods on purpose: TypeScript then compares their parameters
// bivariantly, which is what lets a narrowed `Vault<C>` (whose blocked operations take `never`
// arguments) stand wherever the general `Vault` is expected. Calling a blocked operation still
// fails.

/** @category Ports */
export interface CustomersPort {
  create(input: CustomerInput): TaskEither<VaultError, Written<Customer>>
  get(id: CustomerId): TaskEither<VaultError, Customer>
  /** The customer with this merchant reference, if any: how a timed-out create is reconciled. */
  findByReference(reference: string): TaskEither<VaultError, Customer | undefined>
  update(id: CustomerId, patch: CustomerPatch): TaskEither<VaultError, Written<Customer>>
  /** Deleting a customer that does not exist (twice, say) is `NotFound`. */
  delete(id: CustomerId): TaskEither<VaultError, void>
  list(query?: ListQuery): TaskEither<VaultError, Page<CustomerSummary>>
}

/** @category Ports */
export interface AddressesPort {
  add(customerId: CustomerId, input: AddressInput): TaskEither<VaultError, Written<Address>>
  update(
    customerId: CustomerId,
    addressId: AddressId,
    patch: AddressPatch,
  ): TaskEither<VaultError, Written<Address>>
  remove(customerId: CustomerId, addressId: AddressId): TaskEither<VaultError, void>
}

/** @category Ports */
export interface AddPaymentMethodOptions {
  /** Make the new method the customer's default. */
  readonly makeDefault?: boolean
}

/** @category Ports */
export interface PaymentMethodsPort {
  add(
    customerId: CustomerId,
    input: PaymentMethodInput,
    options?: AddPaymentMethodOptions,
  ): TaskEither<VaultError, Written<PaymentMethod>>
  list(customerId: CustomerId): TaskEither<VaultError, ReadonlyArray<PaymentMethod>>
  update(
    customerId: CustomerId,
    paymentMethodId: PaymentMethodId,
    patch: PaymentMethodPatch,
  ): TaskEither<VaultError, Written<PaymentMethod>>
  remove(customerId: CustomerId, paymentMethodId: PaymentMethodId): TaskEither<VaultError, void>
  setDefault(customerId: CustomerId, paymentMethodId: PaymentMethodId): TaskEither<VaultError, void>
}

/** @category Ports */
export interface RecurrencesPort {
  create(input: RecurrenceInput): TaskEither<VaultError, Written<Recurrence>>
  get(id: RecurrenceId): TaskEither<VaultError, Recurrence>
  update(id: RecurrenceId, patch: RecurrencePatch): TaskEither<VaultError, Written<Recurrence>>
  delete(id: RecurrenceId): TaskEither<VaultError, void>
  listByCustomer(
    customerId: CustomerId,
    query?: ListQuery,
  ): TaskEither<VaultError, Page<Recurrence>>
}

/** @category Ports */
export interface Ports {
  readonly customers: CustomersPort
  readonly addresses: AddressesPort
  readonly paymentMethods: PaymentMethodsPort
  readonly recurrences: RecurrencesPort
}

// ---- narrowing

/**
 * The `this` a blocked operation demands, which nothing has. It is there for the compiler's
 * message: calling an operation that the gateway's capabilities set to `false` fails with "The
 * 'this' context of type … is not assignable to method's 'this' of type
 * 'ThisGatewayLacksThisOperation'". Check `vault.capabilities.operations` before such a call.
 * @category Ports
 */
export interface ThisGatewayLacksThisOperation {
  readonly ThisGatewayLacksThisOperation: unique symbol
}

/**
 * The type of an operation a gateway lacks, `Op` being the port's operation. It cannot be called
 * with any arguments: its `this` must be a `ThisGatewayLacksThisOperation` (so a call fails with
 * that name, whatever the arguments, even `any` ones), and each of `Op`'s parameters becomes
 * `never` (so it cannot be passed as a callback either). Keeping `Op`'s parameter count means a
 * call is not first rejected for its number of arguments. At run time it answers `Unsupported`.
 * @category Ports
 */
export type Blocked<Op = (unsupported: never) => unknown> = (
  this: ThisGatewayLacksThisOperation,
  ...unsupported: Op extends (...args: infer A) => unknown
    ? { readonly [I in keyof A]: never }
    : [unsupported: never]
) => TaskEither<VaultError, never>

type Gate<P, Flags> = {
  readonly [K in keyof P]: K extends keyof Flags
    ? Flags[K] extends false
      ? Blocked<P[K]>
      : P[K]
    : P[K]
}

// `out`: a vault with narrower capabilities is a vault with wider ones. That holds member by
// member (a blocked operation compares bivariantly with the port's method, see above), but the
// compiler cannot prove it through the conditional in `Gate` for an unknown C, hence the
// expect-error; the assignability test in core's tests checks the real instantiations.
/** @category Ports */
// @ts-expect-error TS2636: variance through a conditional type is not provable generically
export interface Vault<out C extends Capabilities = Capabilities> {
  readonly capabilities: C
  readonly customers: Gate<CustomersPort, C['operations']['customers']>
  readonly addresses: Gate<AddressesPort, C['operations']['addresses']>
  readonly paymentMethods: Gate<PaymentMethodsPort, C['operations']['paymentMethods']>
  readonly recurrences: Gate<RecurrencesPort, C['operations']['recurrences']>
}
