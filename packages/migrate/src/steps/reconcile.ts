/**
 * Reconciliation lookups: finding at a vault the item a write may already have made (a crash
 * after the write, an `OutcomeUnknown`, a `Conflict`, a journal that was lost), so the write
 * protocol journals it as done instead of writing it twice. A target item is taken at most once:
 * a match is reserved in the ledger's claims the moment it is made, before any await, and a
 * target customer that matches two source customers is never merged but reported ambiguous.
 */
import * as E from 'fp-ts/Either'
import {
  collectAll,
  items,
  sameSchedule,
  unsupported,
  type Address,
  type AddressInput,
  type Customer,
  type CustomerFields,
  type CustomerId,
  type CustomerSummary,
  type PaymentMethod,
  type Recurrence,
  type RecurrenceId,
  type Vault,
  type VaultError,
} from '@vaultport/core'
import { contactFieldsOf, contactKey, keepsMarker, type ContactField } from '../identity'
import { methodLast4 } from '../last4'
import { keys } from '../mapping'
import type { CustomerPlan, PlannedRecurrence } from '../plan'
import { retryRead } from '../retry'
import type { ByContact, RunContext } from '../run/context'
import { claimKey, heldByOther, reserve } from '../run/ledger'
import { absent, type ItemLookup, type Lookup } from './writeProtocol'

const same = (a: unknown, b: unknown): boolean => (a ?? '') === (b ?? '')

/** Whether target address `t` is planned address `a`, on the fields the target keeps exactly. */
const sameAddress = (ctx: RunContext, a: AddressInput, t: Address): boolean =>
  t.role === a.role && ctx.target.capabilities.lossless.address.every((f) => same(a[f], t[f]))

/**
 * Pairs the planned addresses with those of a target customer found by lookup, by role and
 * every field the target keeps exactly; the ones left unpaired are looked up one by one later.
 */
const foundAddressPairs = (ctx: RunContext, plan: CustomerPlan, c: Customer) => {
  const used = new Set<string>()
  const pairs: Array<readonly [string, string]> = []
  ;(plan.customer.addresses ?? []).forEach((a, i) => {
    const src = plan.addressSourceIds[i]
    if (src === undefined) return
    const key = keys.address(plan.sourceId, src)
    const t = c.addresses.find(
      (x) =>
        !used.has(x.id) &&
        heldByOther(ctx.ledger)(claimKey('a', x.id, c.id), key) === undefined &&
        sameAddress(ctx, a, x),
    )
    if (t === undefined) return
    used.add(t.id)
    pairs.push([src, t.id])
  })
  return pairs
}

const foundCustomer = (ctx: RunContext, plan: CustomerPlan, c: Customer): Lookup => ({
  kind: 'found',
  target: c.id,
  data: { addresses: foundAddressPairs(ctx, plan, c), found: true },
})

/** Customer ids by contact key over all of `vault`, read a page at a time. */
const byContact = async (
  vault: Vault,
  fields: ReadonlyArray<ContactField>,
): Promise<E.Either<VaultError, ByContact>> => {
  const out = new Map<string, string[]>()
  for await (const item of items((q) => () => retryRead(vault.customers.list(q)), {
    pageSize: vault.capabilities.limits.maxPageSize,
  })) {
    if (E.isLeft(item)) return item
    const k = contactKey(item.right, fields)
    if (k !== undefined) out.set(k, [...(out.get(k) ?? []), item.right.id])
  }
  return E.right(out)
}

/** A listing made once per run; one that failed is made again when next asked. */
const once = (
  memo: RunContext['memo'],
  slot: 'sourceByContact' | 'targetByContact',
  list: () => Promise<E.Either<VaultError, ByContact>>,
): Promise<E.Either<VaultError, ByContact>> => {
  const made = (memo[slot] ??= list().then((r) => {
    if (E.isLeft(r)) delete memo[slot]
    return r
  }))
  return made
}

const customerByReference = async (
  ctx: RunContext,
  plan: CustomerPlan,
  reference: string,
): Promise<E.Either<VaultError, Lookup>> => {
  const key = keys.customer(plan.sourceId)
  const r = await retryRead(ctx.target.customers.findByReference(reference))
  if (E.isLeft(r) || r.right === undefined) return E.map(() => absent)(r)
  const c = r.right
  if (!reserve(ctx.ledger)(claimKey('c', c.id), key)) {
    const other = heldByOther(ctx.ledger)(claimKey('c', c.id), key)?.slice(2)
    return E.right({
      kind: 'ambiguous',
      message: `ambiguous_match: target customer ${c.id} carries the reference "${reference}" and is already the copy of source customer ${other}: two source customers lead to one reference; give one of them another reference at the source and run again`,
    })
  }
  return E.right(foundCustomer(ctx, plan, c))
}

/**
 * Chooses among the target customers that share `plan`'s contact key (Left: the one chosen, now
 * reserved; Right: absent or ambiguous). Another source customer of the same contact fields
 * makes any free match ambiguous: which of them it belongs to cannot be told.
 */
const chooseByContact = (
  ctx: RunContext,
  plan: CustomerPlan,
  matching: ReadonlyArray<string>,
  sharedWith: ReadonlyArray<string>,
  fields: ReadonlyArray<ContactField>,
): E.Either<string, Lookup> => {
  const key = keys.customer(plan.sourceId)
  const holder = (id: string) => ctx.ledger.claims.get(claimKey('c', id))
  const own = matching.find((id) => holder(id) === key)
  if (own !== undefined) return E.left(own)
  const free = matching.filter((id) => holder(id) === undefined)
  const what = fields.join(', ')
  if (free.length === 0) {
    const taken = matching[0]
    return E.right(
      taken === undefined
        ? absent
        : {
            kind: 'absent',
            taken: `target customer ${taken}, which matches it by ${what}, is already the copy of source customer ${holder(taken)?.slice(2)}`,
          },
    )
  }
  const others = sharedWith.filter((id) => id !== plan.sourceId)
  if (others.length > 0 || free.length > 1) {
    return E.right({
      kind: 'ambiguous',
      message:
        others.length > 0
          ? `ambiguous_match: target customer${free.length > 1 ? 's' : ''} ${free.join(', ')} match${free.length > 1 ? '' : 'es'} it by ${what}, and so do source customers ${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''}: vaultport cannot tell whose copy ${free.length > 1 ? 'each is' : 'it is'}; nothing was merged`
          : `ambiguous_match: target customers ${free.join(', ')} all match it by ${what}: vaultport cannot tell which is its copy; nothing was merged`,
    })
  }
  const chosen = free[0] as string
  reserve(ctx.ledger)(claimKey('c', chosen), key)
  return E.left(chosen)
}

const customerByContact = async (
  ctx: RunContext,
  plan: CustomerPlan,
  summary: CustomerSummary,
  fresh: boolean,
): Promise<E.Either<VaultError, Lookup>> => {
  const target = ctx.target
  const fields = contactFieldsOf(target.capabilities)
  const k = contactKey(plan.customer, fields)
  if (k === undefined) {
    const where = { gateway: target.capabilities.gateway, operation: 'customers.list' }
    const why =
      fields.length === 0
        ? 'it keeps no field a customer can be recognised by'
        : `this customer has none of ${fields.join(', ')} to be recognised by`
    return E.left(unsupported(where, `${why}; check this customer by hand`))
  }
  const sources = await once(ctx.memo, 'sourceByContact', () => byContact(ctx.source, fields))
  if (E.isLeft(sources)) return sources
  // A listing taken earlier in the run serves an item no write of this run can have made.
  const targets = fresh
    ? await byContact(target, fields)
    : await once(ctx.memo, 'targetByContact', () => byContact(target, fields))
  if (E.isLeft(targets)) return targets
  // Who shares its contact fields at the source is asked of the source's own list, by the key
  // of this customer's own summary there (a list may show fewer fields than the full record).
  const sharedWith = sources.right.get(contactKey(summary, fields) ?? k) ?? []
  const choice = chooseByContact(ctx, plan, targets.right.get(k) ?? [], sharedWith, fields)
  if (E.isRight(choice)) return choice
  const full = await retryRead(target.customers.get(choice.left as CustomerId))
  return E.map((c: Customer) => foundCustomer(ctx, plan, c))(full)
}

/**
 * The target customer made from `plan`: by its marker (the reference the engine writes) where
 * the target keeps one, else by the contact fields the target keeps exactly. A target customer
 * already held by another source customer is never taken.
 */
export const findCustomer =
  (ctx: RunContext) =>
  (plan: CustomerPlan, summary: CustomerSummary): ItemLookup =>
  async (fresh) => {
    const reference = plan.customer.reference
    return keepsMarker(ctx.target.capabilities) && reference !== undefined
      ? customerByReference(ctx, plan, reference)
      : customerByContact(ctx, plan, summary, fresh)
  }

/** A delta update is there when the target customer already holds every field it sets. */
export const findUpdate =
  (ctx: RunContext) =>
  (tid: CustomerId, fields: CustomerFields): ItemLookup =>
  async () => {
    const kept = ctx.target.capabilities.lossless.customer
    const r = await retryRead(ctx.target.customers.get(tid))
    return E.map((c: Customer): Lookup => {
      const done = (Object.keys(fields) as Array<keyof CustomerFields>)
        .filter((f) => kept.includes(f))
        .every((f) => same(c[f], fields[f]))
      return done ? { kind: 'found', target: tid } : absent
    })(r)
  }

/** An unclaimed address of the target customer of the same role and fields as `input`. */
export const findAddress =
  (ctx: RunContext) =>
  (key: string, tid: CustomerId, input: AddressInput): ItemLookup =>
  async () => {
    const r = await retryRead(ctx.target.customers.get(tid))
    return E.map((c: Customer): Lookup => {
      const t = c.addresses.find(
        (a) => sameAddress(ctx, input, a) && reserve(ctx.ledger)(claimKey('a', a.id, tid), key),
      )
      return t === undefined ? absent : { kind: 'found', target: t.id }
    })(r)
  }

/** An unclaimed method of the target customer of the same kind and last four as `source`. */
export const findMethod =
  (ctx: RunContext) =>
  (key: string, targetCustomer: string, source: PaymentMethod): ItemLookup =>
  async () => {
    const r = await retryRead(ctx.target.paymentMethods.list(targetCustomer as CustomerId))
    return E.map((list: ReadonlyArray<PaymentMethod>): Lookup => {
      const m = list.find(
        (t) =>
          t.kind === source.kind &&
          methodLast4(t) === methodLast4(source) &&
          reserve(ctx.ledger)(claimKey('m', t.id, targetCustomer), key),
      )
      return m === undefined ? absent : { kind: 'found', target: m.id }
    })(r)
  }

/** An unclaimed schedule of the target customer charging what `planned` charges, from its start. */
export const findRecurrence =
  (ctx: RunContext) =>
  (key: string, targetCustomer: string, planned: PlannedRecurrence): ItemLookup =>
  async () => {
    const target = ctx.target
    const r = await retryRead(
      collectAll((q) => target.recurrences.listByCustomer(targetCustomer as CustomerId, q)),
    )
    return E.map((list: ReadonlyArray<Recurrence>): Lookup => {
      const m = list.find(
        (t) =>
          t.amount.amount === planned.input.amount.amount &&
          t.amount.currency === planned.input.amount.currency &&
          sameSchedule(t.schedule, planned.input.schedule) &&
          (t.startDate === planned.input.startDate || t.nextDate === planned.input.startDate) &&
          reserve(ctx.ledger)(claimKey('r', t.id), key),
      )
      return m === undefined ? absent : { kind: 'found', target: m.id }
    })(r)
  }

/** Whether the source schedule is gone already (found as `removed`), for the saga's second half. */
export const findSourceRemoval =
  (ctx: RunContext) =>
  (sourceSchedule: string): ItemLookup =>
  async () => {
    const r = await retryRead(ctx.source.recurrences.get(sourceSchedule as RecurrenceId))
    if (E.isLeft(r))
      return r.left.kind === 'NotFound' ? E.right({ kind: 'found', target: 'removed' }) : r
    return E.right(absent)
  }
