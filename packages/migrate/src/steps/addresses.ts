/**
 * Addresses: a new customer takes its addresses with it, and the pairs of source and target
 * address ids are journaled with the customer; a delta run adds the source addresses that are
 * new since, one item each, and so does a run whose target customer was found rather than made
 * (each unpaired address is looked up first: the customer may hold it already).
 */
import * as E from 'fp-ts/Either'
import type { Customer, CustomerId } from '@vaultport/core'
import { keys, type CustomerDoneData } from '../mapping'
import type { CustomerPlan } from '../plan'
import type { RunContext } from '../run/context'
import { findAddress } from './reconcile'
import { ensure } from './writeProtocol'

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

/** What the journal holds of the target customer made (or found) for `sourceCustomer`. */
export const customerData =
  (ctx: RunContext) =>
  (sourceCustomer: string): CustomerDoneData =>
    (ctx.ledger.state.get(keys.customer(sourceCustomer))?.data as CustomerDoneData | undefined) ??
    {}

/**
 * Carries the planned addresses that did not move with the customer (nor on an earlier run) to
 * target customer `tid`, each an item looked up first when `lookFirst`. Problems go to `errors`;
 * answers whether this run wrote any.
 */
export const carryAddresses =
  (ctx: RunContext) =>
  async (
    plan: CustomerPlan,
    tid: CustomerId,
    lookFirst: boolean,
    errors: string[],
  ): Promise<boolean> => {
    const createdWith = new Set((customerData(ctx)(plan.sourceId).addresses ?? []).map(([s]) => s))
    let wrote = false
    for (const [i, addressId] of plan.addressSourceIds.entries()) {
      const key = keys.address(plan.sourceId, addressId)
      const input = plan.customer.addresses?.[i]
      if (
        input === undefined ||
        createdWith.has(addressId) ||
        ctx.ledger.state.get(key)?.status === 'done'
      )
        continue
      const r = await ensure(ctx)({
        key,
        intentData: {},
        write: async () =>
          E.map((w: { value: { id: string } }) => ({ target: w.value.id }))(
            await ctx.target.addresses.add(tid, input)(),
          ),
        lookup: findAddress(ctx)(key, tid, input),
        lookFirst,
      })
      if (E.isLeft(r)) errors.push(`address ${addressId}: ${r.left.message}`)
      else wrote ||= r.right.wrote
    }
    return wrote
  }
