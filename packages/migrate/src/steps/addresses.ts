/**
 * Addresses: a new customer takes its addresses with it, and the pairs of source and target
 * address ids are journaled with the customer; a delta run adds the source addresses that are
 * new since, one item each.
 */
import * as E from 'fp-ts/Either'
import type { Customer, CustomerId } from '@vaultport/core'
import { keys, type CustomerDoneData } from '../mapping'
import type { CustomerPlan } from '../plan'
import type { RunContext } from '../run/context'
import { ensure, noLookup } from './writeProtocol'

/** Pairs each planned address with the one of the same role `created` holds. */
export const addressPairs = (plan: CustomerPlan, created: Customer): CustomerDoneData => {
  const sourceIds = plan.addressSourceIds
  const used = new Set<string>()
  const pairs: Array<readonly [string, string]> = []
  ;(plan.customer.addresses ?? []).forEach((a, i) => {
    const match = created.addresses.find((t) => !used.has(t.id) && t.role === a.role)
    const src = sourceIds[i]
    if (match !== undefined && src !== undefined) {
      used.add(match.id)
      pairs.push([src, match.id])
    }
  })
  return { addresses: pairs }
}

/** The source ids of the addresses the target customer was created with. */
export const addressesCreatedWith =
  (ctx: RunContext) =>
  (sourceCustomer: string): ReadonlySet<string> => {
    const createdWith =
      (ctx.ledger.state.get(keys.customer(sourceCustomer))?.data as CustomerDoneData | undefined)
        ?.addresses ?? []
    return new Set(createdWith.map(([src]) => src))
  }

/**
 * Adds source address `addressId` to the target customer `tid`; `undefined` when it moved
 * already (with the customer or on an earlier run) or the plan does not carry it.
 */
export const addNewAddress =
  (ctx: RunContext) =>
  (
    sourceCustomer: string,
    plan: CustomerPlan,
    tid: CustomerId,
    addressId: string,
    createdWith: ReadonlySet<string>,
  ): Promise<E.Either<string, string>> | undefined => {
    if (
      createdWith.has(addressId) ||
      ctx.ledger.state.get(keys.address(sourceCustomer, addressId))?.status === 'done'
    )
      return undefined
    const input = plan.customer.addresses?.[plan.addressSourceIds.indexOf(addressId)]
    if (input === undefined) return undefined
    return ensure(ctx)(
      keys.address(sourceCustomer, addressId),
      {},
      async () =>
        E.map((w: { value: { id: string } }) => ({ target: w.value.id }))(
          await ctx.target.addresses.add(tid, input)(),
        ),
      noLookup,
    )
  }
