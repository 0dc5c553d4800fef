/**
 * Reconciliation lookups: finding at a vault the item a write may already have made (a crash
 * after the write, an `OutcomeUnknown`, a `Conflict`), so the write protocol journals it as done
 * instead of writing it twice. A target item is taken at most once (the ledger's claims).
 */
import * as E from 'fp-ts/Either'
import {
  collectAll,
  items,
  sameSchedule,
  unsupported,
  type Customer,
  type CustomerId,
  type CustomerSummary,
  type PaymentMethod,
  type Recurrence,
  type RecurrenceId,
  type VaultError,
} from '@vaultport/core'
import { methodLast4 } from '../last4'
import type { CustomerPlan, PlannedRecurrence } from '../plan'
import type { RunContext } from '../run/context'
import { isClaimed } from '../run/ledger'
import { addressPairs } from './addresses'
import type { Found, ItemCall } from './writeProtocol'

/** The customer fields a list shows, by which a target without references is searched. */
const CONTACT_FIELDS = ['name', 'email', 'phone', 'company'] as const

/** The target customer made from `plan`: by reference, else by the contact fields kept exactly. */
export const findCustomer =
  (ctx: RunContext) =>
  async (plan: CustomerPlan): Promise<E.Either<VaultError, Found>> => {
    const target = ctx.target
    const reference = plan.customer.reference
    if (target.capabilities.operations.customers.findByReference && reference !== undefined) {
      const r = await target.customers.findByReference(reference)()
      return E.map((c: Customer | undefined) =>
        c === undefined ? undefined : { target: c.id, data: addressPairs(plan, c) },
      )(r)
    }
    // No merchant key at the target: match on the contact fields it keeps exactly (a target that
    // reformats phone numbers would otherwise never recognise its own copy) among unclaimed ones.
    const keptExactly = CONTACT_FIELDS.filter((f) =>
      target.capabilities.lossless.customer.includes(f),
    )
    if (keptExactly.length === 0) {
      const where = { gateway: target.capabilities.gateway, operation: 'customers.list' }
      return E.left(
        unsupported(
          where,
          'it keeps no field a customer can be recognised by; check this customer by hand',
        ),
      )
    }
    const wanted = (c: CustomerSummary) =>
      !isClaimed(ctx.ledger)('c', c.id) && keptExactly.every((f) => c[f] === plan.customer[f])
    for await (const item of items(target.customers.list, {
      pageSize: target.capabilities.limits.maxPageSize,
    })) {
      if (E.isLeft(item)) return item
      if (wanted(item.right)) {
        const full = await target.customers.get(item.right.id)()
        return E.map((c: Customer) => ({ target: c.id, data: addressPairs(plan, c) }))(full)
      }
    }
    return E.right(undefined)
  }

/** An unclaimed method of the target customer of the same kind and last four as `source`. */
export const findMethod =
  (ctx: RunContext) =>
  (targetCustomer: string, source: PaymentMethod): ItemCall =>
  async () => {
    const r = await ctx.target.paymentMethods.list(targetCustomer as CustomerId)()
    return E.map((list: ReadonlyArray<PaymentMethod>) => {
      const m = list.find(
        (t) =>
          !isClaimed(ctx.ledger)('m', t.id, targetCustomer) &&
          t.kind === source.kind &&
          methodLast4(t) === methodLast4(source),
      )
      return m === undefined ? undefined : { target: m.id }
    })(r)
  }

/** An unclaimed schedule of the target customer charging what `planned` charges, from its start. */
export const findRecurrence =
  (ctx: RunContext) =>
  (targetCustomer: string, planned: PlannedRecurrence): ItemCall =>
  async () => {
    const target = ctx.target
    const r = await collectAll((q) =>
      target.recurrences.listByCustomer(targetCustomer as CustomerId, q),
    )()
    return E.map((list: ReadonlyArray<Recurrence>) => {
      const m = list.find(
        (t) =>
          !isClaimed(ctx.ledger)('r', t.id) &&
          t.amount.amount === planned.input.amount.amount &&
          t.amount.currency === planned.input.amount.currency &&
          sameSchedule(t.schedule, planned.input.schedule) &&
          (t.startDate === planned.input.startDate || t.nextDate === planned.input.startDate),
      )
      return m === undefined ? undefined : { target: m.id }
    })(r)
  }

/** Whether the source schedule is gone already (found as `removed`), for the saga's second half. */
export const findSourceRemoval =
  (ctx: RunContext) =>
  (sourceSchedule: string): ItemCall =>
  async () => {
    const r = await ctx.source.recurrences.get(sourceSchedule as RecurrenceId)()
    if (E.isLeft(r)) return r.left.kind === 'NotFound' ? E.right({ target: 'removed' }) : r
    return E.right(undefined)
  }
