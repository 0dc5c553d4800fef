/**
 * Helpers several scenario rooms share: reading a customer or its methods back, the room a
 * declared limit leaves, which raw method kinds and address roles a vault can store, and inputs
 * and patches every vault of those kinds accepts.
 */
import type {
  AddressInput,
  Capabilities,
  Customer,
  CustomerId,
  PaymentMethod,
  PaymentMethodInput,
} from '@vaultport/core'
import { expectRight, fail, notApplicable } from '../assert'
import type { ContractContext } from '../context'
import { aBankAccountInput, aCardInput, nthTestBankAccount, nthTestCard } from '../data'

// ---- helpers

export const asId = <I extends string>(s: string): I => s as I

export const getCustomer = (ctx: ContractContext, id: CustomerId): Promise<Customer> =>
  expectRight(ctx.vault.customers.get(id), 'customers.get')

export const listMethods = (
  ctx: ContractContext,
  id: CustomerId,
): Promise<ReadonlyArray<PaymentMethod>> =>
  expectRight(ctx.vault.paymentMethods.list(id), 'paymentMethods.list')

export const roomFor = (limit: number | null, used: number): number =>
  limit === null ? Number.POSITIVE_INFINITY : Math.max(0, limit - used)

/** The methods of each raw kind this vault can store, within its limits. */
export const methodKinds = (caps: Capabilities): ReadonlyArray<'card' | 'bank_account'> =>
  (['card', 'bank_account'] as const).filter(
    (k) =>
      caps.paymentMethodInputs.includes(k) &&
      roomFor(caps.limits.paymentMethodsPerCustomer, 0) > 0 &&
      roomFor(
        k === 'card' ? caps.limits.cardsPerCustomer : caps.limits.bankAccountsPerCustomer,
        0,
      ) > 0,
  )

export const rawMethodInput = (
  ctx: ContractContext,
  kind: 'card' | 'bank_account',
  n = 0,
): PaymentMethodInput =>
  kind === 'card' ? aCardInput(ctx.now, nthTestCard(n)) : aBankAccountInput(nthTestBankAccount(n))

/** The first raw method kind this vault accepts, or not applicable. */
export const firstMethodKind = (ctx: ContractContext): 'card' | 'bank_account' =>
  methodKinds(ctx.caps)[0] ??
  notApplicable(`${ctx.caps.displayName} stores neither cards nor bank accounts from raw input`)

/** An expiry a year later than the builders' cards: a patch every card vault can apply. */
export const laterExpiry = (ctx: ContractContext) => ({
  month: 6,
  year: ctx.now.getUTCFullYear() + 4,
})

export const addMethod = async (
  ctx: ContractContext,
  customerId: CustomerId,
  input: PaymentMethodInput,
): Promise<PaymentMethod> =>
  (
    await expectRight(
      ctx.vault.paymentMethods.add(customerId, input),
      `paymentMethods.add (${input.kind})`,
    )
  ).value

export const findById = <A extends { readonly id: string }>(
  items: ReadonlyArray<A>,
  id: string,
  what: string,
): A => items.find((a) => a.id === id) ?? fail(`${what}: ${id} is not there`)

/** Roles an address of which may be added to a customer holding `held`. */
export const addressRoles = (caps: Capabilities): ReadonlyArray<AddressInput['role']> => {
  const l = caps.limits
  let total = roomFor(l.addressesPerCustomer, 0)
  const roles: AddressInput['role'][] = []
  for (const role of ['billing', 'shipping'] as const) {
    const own = roomFor(
      role === 'billing' ? l.billingAddressesPerCustomer : l.shippingAddressesPerCustomer,
      0,
    )
    if (own > 0 && total > 0) {
      roles.push(role)
      total--
    }
  }
  return roles
}
