/**
 * Reconciliation lookups: finding at a vault the item a write may already have made (a crash
 * after the write, an `OutcomeUnknown`, a `Conflict`, a journal that was lost), so the write
 * protocol journals it as done instead of writing it twice. A target item is taken at most once:
 * a match is reserved in the ledger's claims the moment it is made, before any await, and a
 * target customer that could be the copy of two source customers is never merged but reported
 * ambiguous (`steps/contactChoice.ts` says how customers sharing every contact field move).
 */
import * as E from 'fp-ts/Either'
import {
  collectAll,
  items,
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
import { keys } from '../mapping'
import type { CustomerPlan, PlannedRecurrence } from '../plan'
import { sameCadence } from '../schedules/translate'
import type { ByContact, RunContext } from '../run/context'
import { claimKey, heldByOther, reserve } from '../run/ledger'
import { chooseByContact } from './contactChoice'
import { shows, type MethodFacts } from './methodMatch'
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
  for await (const item of items((q) => vault.customers.list(q), {
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
  const r = await ctx.target.customers.findByReference(reference)()
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

const customerByContact = async (
  ctx: RunContext,
  plan: CustomerPlan,
  source: { readonly summary: CustomerSummary; readonly customer: Customer },
  fresh: boolean,
): Promise<E.Either<VaultError, Lookup>> => {
  const { summary, customer } = source
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
  const twins = sources.right.get(contactKey(summary, fields) ?? k) ?? []
  const matching = targets.right.get(k) ?? []
  const choice = await chooseByContact(ctx, plan, customer, matching, twins, fields)
  return E.map((c: Customer | Lookup) => ('kind' in c ? c : foundCustomer(ctx, plan, c)))(choice)
}

/**
 * The target customer made from `plan` (of source customer `customer`, listed as `summary`): by
 * its marker (the reference the engine writes) where the target keeps one, else by the contact
 * fields the target keeps exactly and what it holds (`steps/contactChoice.ts`). A target
 * customer already held by another source customer is never taken.
 */
export const findCustomer =
  (ctx: RunContext) =>
  (plan: CustomerPlan, summary: CustomerSummary, customer: Customer): ItemLookup =>
  async (fresh) => {
    const reference = plan.customer.reference
    return keepsMarker(ctx.target.capabilities) && reference !== undefined
      ? customerByReference(ctx, plan, reference)
      : customerByContact(ctx, plan, { summary, customer }, fresh)
  }

/**
 * A delta update is there when the target customer already holds every field it sets. Only
 * fields the target keeps as given can be compared: an update that sets any other is taken to be
 * missing (it is written; writing it twice changes nothing).
 */
export const findUpdate =
  (ctx: RunContext) =>
  (tid: CustomerId, fields: CustomerFields): ItemLookup =>
  async () => {
    const kept: ReadonlyArray<string> = ctx.target.capabilities.lossless.customer
    const set = (Object.keys(fields) as Array<keyof CustomerFields>).filter(
      (f) => fields[f] !== undefined,
    )
    if (!set.every((f) => kept.includes(f))) return E.right(absent)
    const r = await ctx.target.customers.get(tid)()
    return E.map((c: Customer): Lookup =>
      set.every((f) => same(c[f], fields[f])) ? { kind: 'found', target: tid } : absent,
    )(r)
  }

/** An unclaimed address of the target customer of the same role and fields as `input`. */
export const findAddress =
  (ctx: RunContext) =>
  (key: string, tid: CustomerId, input: AddressInput): ItemLookup =>
  async () => {
    const r = await ctx.target.customers.get(tid)()
    return E.map((c: Customer): Lookup => {
      const t = c.addresses.find(
        (a) => sameAddress(ctx, input, a) && reserve(ctx.ledger)(claimKey('a', a.id, tid), key),
      )
      return t === undefined ? absent : { kind: 'found', target: t.id }
    })(r)
  }

/**
 * An unclaimed method of the target customer that shows what `source` is: kind, last four, and
 * holder name and expiry where the target shows them (last four alone would take a sibling card
 * ending alike, whose own lookup would then add it again).
 */
export const findMethod =
  (ctx: RunContext) =>
  (key: string, targetCustomer: string, source: MethodFacts): ItemLookup =>
  async () => {
    const r = await ctx.target.paymentMethods.list(targetCustomer as CustomerId)()
    return E.map((list: ReadonlyArray<PaymentMethod>): Lookup => {
      const m = list.find(
        (t) =>
          shows(ctx.target.capabilities)(t, source) &&
          reserve(ctx.ledger)(claimKey('m', t.id, targetCustomer), key),
      )
      return m === undefined ? absent : { kind: 'found', target: m.id }
    })(r)
  }

/**
 * An unclaimed active schedule of the target customer charging what one of `inputs` charges
 * (the plan the journal recorded for it, and today's), from that plan's start: by amount,
 * cadence and first charge. A match is claimed at once, so no target schedule is ever the copy of
 * two source schedules.
 */
export const findRecurrence =
  (ctx: RunContext) =>
  (
    key: string,
    targetCustomer: string,
    inputs: ReadonlyArray<PlannedRecurrence['input']>,
  ): ItemLookup =>
  async () => {
    const target = ctx.target
    const r = await collectAll((q) =>
      target.recurrences.listByCustomer(targetCustomer as CustomerId, q),
    )()
    const matches = (t: Recurrence, input: PlannedRecurrence['input']) =>
      t.status === 'active' &&
      t.amount.amount === input.amount.amount &&
      t.amount.currency === input.amount.currency &&
      // The day may differ where the target had to move it (and warned): the first charge,
      // amount and cadence still tell the copy.
      sameCadence(t.schedule, input.schedule) &&
      (t.startDate === input.startDate || t.nextDate === input.startDate)
    return E.map((list: ReadonlyArray<Recurrence>): Lookup => {
      const m = list.find(
        (t) =>
          inputs.some((input) => matches(t, input)) &&
          reserve(ctx.ledger)(claimKey('r', t.id), key),
      )
      return m === undefined ? absent : { kind: 'found', target: m.id }
    })(r)
  }

/** A schedule is out of billing once gone, or in any state but active. */
const outOfBilling = (r: E.Either<VaultError, Recurrence>): E.Either<VaultError, Lookup> => {
  if (E.isLeft(r))
    return r.left.kind === 'NotFound' ? E.right({ kind: 'found', target: 'removed' }) : r
  return E.right(r.right.status === 'active' ? absent : { kind: 'found', target: 'removed' })
}

/**
 * Whether the source schedule is out of billing already (deleted, or cancelled where the source
 * cannot delete), for the saga's second half.
 */
export const findSourceRemoval =
  (ctx: RunContext) =>
  (sourceSchedule: string): ItemLookup =>
  async () =>
    outOfBilling(await ctx.source.recurrences.get(sourceSchedule as RecurrenceId)())

/** Whether a target copy that read back wrong is out of billing already. */
export const findTargetRemoval =
  (ctx: RunContext) =>
  (targetSchedule: string): ItemLookup =>
  async () =>
    outOfBilling(await ctx.target.recurrences.get(targetSchedule as RecurrenceId)())
