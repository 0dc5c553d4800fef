/**
 * The customer step: one source customer read, planned and (unless it is a dry run) written to
 * the target in order: the customer itself, a delta run's changes, its payment methods, then
 * each of its schedules' saga. The other step files define each item's write; the awaits of one
 * customer stay together here on purpose, because every extra async hop hands control to the
 * other customers in flight and so changes the order of their journal entries.
 */
import * as E from 'fp-ts/Either'
import {
  collectAll,
  formatVaultError,
  type Customer,
  type CustomerId,
  type CustomerSummary,
  type Recurrence,
  type VaultError,
  vaultError,
} from '@vaultport/core'
import { keys } from '../mapping'
import { addToTotals, planCustomer, type CustomerPlan } from '../plan'
import type { RunContext } from '../run/context'
import { claimKey, forget, heldByOther, reserve } from '../run/ledger'
import type { CustomerOutcome, CustomerStatus } from '../run/model'
import { addressPairs, carryAddresses, customerData } from './addresses'
import { addPaymentMethod } from './paymentMethods'
import { findCustomer, findUpdate } from './reconcile'
import { moveSchedules } from './schedules'
import { ensure, type ItemFailure, type Moved } from './writeProtocol'

/** Moves (or in a dry run, plans) one customer, then lets go of its journal entries. */
export const moveCustomer =
  (ctx: RunContext) =>
  async (summary: CustomerSummary): Promise<CustomerOutcome> => {
    const outcome = await moveOne(ctx)(summary)
    if (!ctx.dryRun) forget(ctx.ledger)(summary.id)
    return outcome
  }

const readSource = (ctx: RunContext) => async (id: CustomerId) => {
  const source = ctx.source
  const customer = await source.customers.get(id)()
  if (E.isLeft(customer)) return customer
  if (!source.capabilities.operations.recurrences.listByCustomer)
    return E.right({ customer: customer.right, recurrences: [] })
  const recurrences = await collectAll((q) => source.recurrences.listByCustomer(id, q))()
  return E.map((rs: ReadonlyArray<Recurrence>) => ({
    customer: customer.right,
    recurrences: rs,
  }))(recurrences)
}

const moveOne =
  (ctx: RunContext) =>
  async (summary: CustomerSummary): Promise<CustomerOutcome> => {
    const read = await readSource(ctx)(summary.id)
    if (E.isLeft(read))
      return {
        sourceId: summary.id,
        status: 'failed',
        errors: [formatVaultError(read.left)],
        doubleActive: [],
      }
    const { customer } = read.right
    // A schedule whose source copy this journal removed already has moved: it is not planned again.
    const recurrences = read.right.recurrences.filter(
      (r) => ctx.ledger.state.get(keys.sourceRemoval(r.id))?.status !== 'done',
    )
    const plan = planCustomer(ctx.planContext, customer, recurrences)
    addToTotals(ctx.tally.totals, plan)
    ctx.names?.add(plan)
    if (ctx.dryRun)
      return { sourceId: customer.id, status: 'planned', plan, errors: [], doubleActive: [] }

    const customerKey = keys.customer(customer.id)
    const existed = ctx.ledger.state.get(customerKey)?.status === 'done'
    const errors: string[] = []
    const both: string[] = []
    const made = await createTargetCustomer(ctx)(customerKey, plan, summary, customer)
    if (E.isLeft(made))
      return {
        sourceId: customer.id,
        status: made.left.code === 'ambiguous_match' ? 'ambiguous' : 'failed',
        plan,
        errors: [made.left.message],
        doubleActive: [],
      }
    const tid = made.right.target as CustomerId
    // A customer found rather than made may hold items the journal never heard of.
    const data = customerData(ctx)(customer.id)
    const lookFirst = data.found === true || data.unread === true

    let updated = false
    if (existed) updated = await deltaUpdate(ctx)(customer, plan, tid, errors)
    if (existed || lookFirst) {
      const added = await carryAddresses(ctx)(plan, tid, lookFirst, errors)
      updated ||= existed && added
    }

    for (const m of plan.methods) {
      const adding = addPaymentMethod(ctx)(customer, tid, m, lookFirst)
      if (adding === undefined) continue
      const r = await adding
      if (E.isLeft(r)) errors.push(`${m.summary}: ${r.left.message}`)
      else updated ||= existed && r.right.wrote
    }

    const schedules = await moveSchedules(ctx)(customer, tid, plan, lookFirst)
    // "updated" means this run wrote to a customer an earlier run made: fields, an address, a
    // method, or a schedule moved.
    updated ||= existed && schedules.some((o) => o.state === 'moved')
    for (const o of schedules) {
      if (o.state === 'stayed' && o.failed) errors.push(`schedule ${o.sourceId}: ${o.reason}`)
      if (o.state === 'both_active')
        both.push(
          `schedule ${o.sourceId} → ${o.targetId}: both active; remove the source before ${o.resolveBy} (${o.reason})`,
        )
    }

    const status = statusOf(existed, updated, errors, both)
    return {
      sourceId: customer.id,
      targetId: tid,
      status,
      plan,
      errors,
      doubleActive: both,
      schedules,
    }
  }

/**
 * The customer as an item: created with its addresses, or found if it may exist already. A
 * create the target confirmed but could not read back is done with its id; the record is read
 * here once more, and if that fails too its addresses are looked up one by one later.
 */
const createTargetCustomer =
  (ctx: RunContext) =>
  (
    customerKey: string,
    plan: CustomerPlan,
    summary: CustomerSummary,
    customer: Customer,
  ): Promise<E.Either<ItemFailure, Moved>> =>
    ensure(ctx)({
      key: customerKey,
      intentData: { reference: plan.customer.reference },
      write: async () => {
        const r = await ctx.target.customers.create(plan.customer)()
        const made = E.isRight(r)
          ? r.right.value.id
          : r.left.kind === 'ConfirmedUnread'
            ? r.left.writtenId
            : undefined
        const taken = made === undefined ? undefined : claimMade(ctx, customerKey, made)
        if (taken !== undefined) return E.left(taken)
        if (E.isRight(r))
          return E.right({ target: r.right.value.id, data: addressPairs(plan, r.right.value) })
        if (r.left.kind !== 'ConfirmedUnread') return r
        const id = r.left.writtenId
        const back = await ctx.target.customers.get(id as CustomerId)()
        return E.right(
          E.isRight(back)
            ? { target: id, data: addressPairs(plan, back.right) }
            : { target: id, data: { addresses: [], unread: true } },
        )
      },
      lookup: findCustomer(ctx)(plan, summary, customer),
    })

/**
 * Claims the target customer a create made, at once (before any await). A reference-less
 * target's copy holding nothing yet may have been taken meanwhile, by a twin's lookup, as an
 * interchangeable copy of their shared contact fields: then this create answers a Conflict, so
 * that it is looked up (and another copy found, or made) rather than taken twice.
 */
const claimMade = (ctx: RunContext, customerKey: string, id: string): VaultError | undefined => {
  if (reserve(ctx.ledger)(claimKey('c', id), customerKey)) return undefined
  const other = heldByOther(ctx.ledger)(claimKey('c', id), customerKey)?.slice(2)
  return vaultError(
    'Conflict',
    { gateway: ctx.target.capabilities.gateway, operation: 'customers.create' },
    `target customer ${id}, which this create made, was taken meanwhile as the copy of source customer ${other}, whose contact fields it shares`,
  )
}

/** Delta: carry changed customer fields; answers whether this run wrote them. */
const deltaUpdate =
  (ctx: RunContext) =>
  async (
    customer: Customer,
    plan: CustomerPlan,
    tid: CustomerId,
    errors: string[],
  ): Promise<boolean> => {
    const updating = updateFields(ctx)(customer, plan, tid)
    if (updating === undefined) return false
    const r = await updating
    if (E.isLeft(r)) {
      errors.push(`update: ${r.left.message}`)
      return false
    }
    return r.right.wrote
  }

/**
 * A delta run's update of the customer's fields; `undefined` when it has not changed since, or
 * this version was carried already.
 */
const updateFields =
  (ctx: RunContext) =>
  (
    customer: Customer,
    plan: CustomerPlan,
    tid: CustomerId,
  ): Promise<E.Either<ItemFailure, Moved>> | undefined => {
    const since = ctx.options.since
    const version = customer.updatedAt ?? 'unversioned'
    const { addresses: _addresses, ...fields } = plan.customer
    const changedSince =
      since !== undefined && (customer.updatedAt === undefined || customer.updatedAt >= since)
    const key = keys.update(customer.id, version)
    if (!changedSince || ctx.ledger.state.get(key)?.status === 'done') return undefined
    return ensure(ctx)({
      key,
      intentData: {},
      write: async () =>
        E.map(() => ({ target: tid as string }))(await ctx.target.customers.update(tid, fields)()),
      lookup: findUpdate(ctx)(tid, fields),
      // A customer listed as changed may hold at the target what it holds at the source already
      // (a change of a field that does not move, a source without change times): no write then,
      // and the customer counts as unchanged, not updated.
      lookFirst: true,
    })
  }

const statusOf = (
  existed: boolean,
  updated: boolean,
  errors: ReadonlyArray<string>,
  both: ReadonlyArray<string>,
): CustomerStatus =>
  errors.length > 0 || both.length > 0
    ? 'partial'
    : existed
      ? updated
        ? 'updated'
        : 'unchanged'
      : 'migrated'
