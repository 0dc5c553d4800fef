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
} from '@vaultport/core'
import { keys } from '../mapping'
import { addToTotals, planCustomer, type CustomerPlan } from '../plan'
import { retryRead } from '../retry'
import type { RunContext } from '../run/context'
import { forget } from '../run/ledger'
import type { CustomerOutcome, CustomerStatus } from '../run/model'
import { addNewAddress, addressesCreatedWith, addressPairs } from './addresses'
import { addPaymentMethod } from './paymentMethods'
import { findCustomer } from './reconcile'
import { bothActive, createTargetSchedule, removeSourceSchedule, targetMethodOf } from './schedules'
import { ensure, noLookup } from './writeProtocol'

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
  const customer = await retryRead(source.customers.get(id))
  if (E.isLeft(customer)) return customer
  if (!source.capabilities.operations.recurrences.listByCustomer)
    return E.right({ customer: customer.right, recurrences: [] })
  const recurrences = await retryRead(collectAll((q) => source.recurrences.listByCustomer(id, q)))
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
    const { customer, recurrences } = read.right
    const plan = planCustomer(ctx.planContext, customer, recurrences)
    addToTotals(ctx.tally.totals, plan)
    if (ctx.dryRun)
      return { sourceId: customer.id, status: 'planned', plan, errors: [], doubleActive: [] }

    const customerKey = keys.customer(customer.id)
    const existed = ctx.ledger.state.get(customerKey)?.status === 'done'
    const errors: string[] = []
    const both: string[] = []
    const targetId = await createTargetCustomer(ctx)(customerKey, plan)
    if (E.isLeft(targetId))
      return {
        sourceId: customer.id,
        status: 'failed',
        plan,
        errors: [targetId.left],
        doubleActive: [],
      }
    const tid = targetId.right as CustomerId

    let updated = false
    if (existed) updated = await deltaUpdate(ctx)(customer, plan, tid, errors)

    for (const m of plan.methods) {
      const adding = addPaymentMethod(ctx)(customer, tid, m)
      if (adding === undefined) continue
      const r = await adding
      if (E.isLeft(r)) errors.push(`${m.summary}: ${r.left}`)
    }

    for (const p of plan.recurrences) {
      const targetMethod = targetMethodOf(ctx)(customer.id, p)
      if (E.isLeft(targetMethod)) {
        errors.push(`${p.summary}: ${targetMethod.left}`)
        continue
      }
      const created = await createTargetSchedule(ctx)(customer.id, tid, p, targetMethod.right)
      if (E.isLeft(created)) {
        errors.push(`${p.summary}: ${created.left}`)
        continue
      }
      if (!ctx.removeSource) {
        both.push(bothActive(p, created.right))
        continue
      }
      const removed = await removeSourceSchedule(ctx)(customer.id, p)
      if (E.isLeft(removed)) both.push(bothActive(p, created.right, removed.left))
    }

    const status = statusOf(existed, updated, errors, both)
    return { sourceId: customer.id, targetId: tid, status, plan, errors, doubleActive: both }
  }

/** The customer as an item: created with its addresses, or found if it may exist already. */
const createTargetCustomer =
  (ctx: RunContext) =>
  (customerKey: string, plan: CustomerPlan): Promise<E.Either<string, string>> =>
    ensure(ctx)(
      customerKey,
      { reference: plan.customer.reference },
      async () =>
        E.map((w: { value: Customer }) => ({
          target: w.value.id,
          data: addressPairs(plan, w.value),
        }))(await ctx.target.customers.create(plan.customer)()),
      () => findCustomer(ctx)(plan),
    )

/** Delta: carry changed customer fields and addresses added since the first run. */
const deltaUpdate =
  (ctx: RunContext) =>
  async (
    customer: Customer,
    plan: CustomerPlan,
    tid: CustomerId,
    errors: string[],
  ): Promise<boolean> => {
    let changed = false
    const updating = updateFields(ctx)(customer, plan, tid)
    if (updating !== undefined) {
      const r = await updating
      if (E.isLeft(r)) errors.push(`update: ${r.left}`)
      else changed = true
    }
    const createdWith = addressesCreatedWith(ctx)(customer.id)
    for (const a of customer.addresses) {
      const adding = addNewAddress(ctx)(customer.id, plan, tid, a.id, createdWith)
      if (adding === undefined) continue
      const r = await adding
      if (E.isLeft(r)) errors.push(`address ${a.id}: ${r.left}`)
      else changed = true
    }
    return changed
  }

/** A delta run's update of the customer's fields; `undefined` when it has not changed since. */
const updateFields =
  (ctx: RunContext) =>
  (
    customer: Customer,
    plan: CustomerPlan,
    tid: CustomerId,
  ): Promise<E.Either<string, string>> | undefined => {
    const since = ctx.options.since
    const version = customer.updatedAt ?? 'unversioned'
    const { addresses: _addresses, ...fields } = plan.customer
    const changedSince =
      since !== undefined && (customer.updatedAt === undefined || customer.updatedAt >= since)
    if (!changedSince) return undefined
    return ensure(ctx)(
      keys.update(customer.id, version),
      {},
      async () =>
        E.map(() => ({ target: tid as string }))(await ctx.target.customers.update(tid, fields)()),
      noLookup,
    )
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
