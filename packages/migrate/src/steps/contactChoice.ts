/**
 * Choosing, among the target customers that share a source customer's contact fields, the one
 * that is its copy (at a target that keeps no marker, e.g. Valor). The hard rule is that two
 * source customers are never merged into one target customer, not that customers sharing every
 * contact field ("twins") cannot move:
 *
 * - a target customer another source customer holds already is never taken;
 * - nor is one holding a payment method that is not this customer's (by what the target shows of
 *   it: last four, holder name, expiry where shown);
 * - one whose methods are all this customer's, and could not all be another unclaimed twin's, is
 *   its copy, and is preferred;
 * - one holding nothing that tells whose it is (no payment method) is a copy of the contact
 *   fields only: any twin may take any such copy, since claims are reserved synchronously (two
 *   twins never take one), and a create whose answer names a copy a twin took meanwhile is
 *   looked up again instead of being taken twice (`steps/customer.ts`);
 * - what cannot be told apart (a copy whose methods could be this customer's or another unclaimed
 *   twin's) is `ambiguous_match`; a later run resolves it once the other twins hold their copies.
 */
import * as E from 'fp-ts/Either'
import type { Customer, CustomerId, VaultError } from '@vaultport/core'
import type { ContactField } from '../identity'
import { keys } from '../mapping'
import type { CustomerPlan } from '../plan'
import type { RunContext } from '../run/context'
import { claimKey, reserve } from '../run/ledger'
import { allAmong, customerMethodFacts, type MethodFacts } from './methodMatch'
import { absent, type Lookup } from './writeProtocol'

/** The target customers `ids` as they are now; one gone meanwhile is left out. */
const readAll = async (
  ctx: RunContext,
  ids: ReadonlyArray<string>,
): Promise<E.Either<VaultError, ReadonlyArray<Customer>>> => {
  const out: Customer[] = []
  for (const id of ids) {
    const r = await ctx.target.customers.get(id as CustomerId)()
    if (E.isLeft(r)) {
      if (r.left.kind === 'NotFound') continue
      return r
    }
    out.push(r.right)
  }
  return E.right(out)
}

/** The other twins (source ids) that hold no target customer yet. */
const unclaimedTwins = (ctx: RunContext, self: string, twins: ReadonlyArray<string>) => {
  const holders = new Set(ctx.ledger.claims.values())
  return twins.filter((id) => id !== self && !holders.has(keys.customer(id)))
}

/** What each of `twins` holds at the source, as the target would show it. */
const twinFacts = async (
  ctx: RunContext,
  twins: ReadonlyArray<string>,
): Promise<E.Either<VaultError, ReadonlyMap<string, ReadonlyArray<MethodFacts>>>> => {
  const out = new Map<string, ReadonlyArray<MethodFacts>>()
  for (const id of twins) {
    const r = await ctx.source.customers.get(id as CustomerId)()
    if (E.isLeft(r)) {
      if (r.left.kind === 'NotFound') continue
      return r
    }
    out.set(id, customerMethodFacts(ctx, r.right))
  }
  return E.right(out)
}

/** How many of the planned addresses `c` holds already (a tie-break among blank copies). */
const addressesHeld = (ctx: RunContext, plan: CustomerPlan, c: Customer): number => {
  const kept = ctx.target.capabilities.lossless.address
  return (plan.customer.addresses ?? []).filter((a) =>
    c.addresses.some((t) => t.role === a.role && kept.every((f) => (a[f] ?? '') === (t[f] ?? ''))),
  ).length
}

const list = (ids: ReadonlyArray<string>) =>
  `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`

/**
 * Chooses among `matching`, the target customers sharing `customer`'s contact key over `fields`
 * (`twins`: the source customers sharing it, itself included). Right of a Customer: the one
 * chosen, now reserved; Right of a Lookup: absent or ambiguous; Left: a read failed.
 */
export const chooseByContact = async (
  ctx: RunContext,
  plan: CustomerPlan,
  customer: Customer,
  matching: ReadonlyArray<string>,
  twins: ReadonlyArray<string>,
  fields: ReadonlyArray<ContactField>,
): Promise<E.Either<VaultError, Customer | Lookup>> => {
  const key = keys.customer(plan.sourceId)
  const holder = (id: string) => ctx.ledger.claims.get(claimKey('c', id))
  const what = fields.join(', ')
  const own = matching.find((id) => holder(id) === key)
  const read = await readAll(
    ctx,
    own !== undefined ? [own] : matching.filter((id) => holder(id) === undefined),
  )
  if (E.isLeft(read)) return read
  const caps = ctx.target.capabilities
  const mine = customerMethodFacts(ctx, customer)
  // Not another source customer's (by claim or by what it holds).
  const open = () =>
    read.right.filter((c) => holder(c.id) === undefined && allAmong(caps)(c.paymentMethods, mine))
  const held = open().filter((c) => c.paymentMethods.length > 0)
  const others = held.length > 0 ? unclaimedTwins(ctx, plan.sourceId, twins) : []
  const facts = await twinFacts(ctx, others)
  if (E.isLeft(facts)) return facts
  // The reads are over: from here to the reservation nothing awaits, so the claims are current.
  const ownCopy = read.right.find((c) => holder(c.id) === key)
  if (ownCopy !== undefined) return E.right(ownCopy)
  const candidates = open()
  // A twin that took a copy meanwhile no longer competes for these.
  const competing = new Set(unclaimedTwins(ctx, plan.sourceId, [...facts.right.keys()]))
  const couldBe = (c: Customer): string[] =>
    [...facts.right]
      .filter(([id, f]) => competing.has(id) && allAmong(caps)(c.paymentMethods, f))
      .map(([id]) => id)
  const withMethods = candidates.filter((c) => c.paymentMethods.length > 0)
  const distinct = withMethods
    .filter((c) => couldBe(c).length === 0)
    .sort((a, b) => b.paymentMethods.length - a.paymentMethods.length)
  const shared = withMethods.filter((c) => couldBe(c).length > 0)
  const blank = candidates
    .filter((c) => c.paymentMethods.length === 0)
    .sort((a, b) => addressesHeld(ctx, plan, b) - addressesHeld(ctx, plan, a))
  const chosen = distinct[0] ?? (shared.length === 0 ? blank[0] : undefined)
  if (chosen !== undefined) {
    reserve(ctx.ledger)(claimKey('c', chosen.id), key)
    return E.right(chosen)
  }
  if (shared.length > 0) {
    const whose = [...new Set(shared.flatMap(couldBe))]
    return E.right({
      kind: 'ambiguous',
      message: `ambiguous_match: target customer${shared.length > 1 ? 's' : ''} ${list(shared.map((c) => c.id))} match${shared.length > 1 ? '' : 'es'} it by ${what} and hold${shared.length > 1 ? '' : 's'} payment methods that could be its own or those of source customer${whose.length > 1 ? 's' : ''} ${list(whose)}, which share${whose.length > 1 ? '' : 's'} those fields: vaultport cannot tell whose copy ${shared.length > 1 ? 'each is' : 'it is'}; nothing was merged (a later run settles it once the others hold their copies)`,
    })
  }
  const taken = matching.find((id) => holder(id) !== undefined && holder(id) !== key)
  return E.right(
    taken === undefined
      ? absent
      : {
          kind: 'absent',
          taken: `target customer ${taken}, which matches it by ${what}, is already the copy of source customer ${holder(taken)?.slice(2)}`,
        },
  )
}
