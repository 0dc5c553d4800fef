/**
 * Schedules move as a saga. The target copy is created first, starting at the source's next
 * charge with the charges that remain and charging the migrated payment method; it is read back
 * and compared with the plan; only then is the source schedule removed (deleted, or cancelled
 * where the source cannot delete). Until then both are active, and the outcome says so, with the
 * date the source must be gone by; the next run finishes it: the copy is found (in the journal,
 * or by lookup: customer, amount, rhythm and first charge, claimed once) and never made twice.
 * A copy that reads back different from the plan is removed again and the schedule stays.
 */
import * as E from 'fp-ts/Either'
import {
  formatVaultError,
  type Customer,
  type CustomerId,
  type PaymentMethodId,
  type RecurrenceId,
  type Vault,
} from '@vaultport/core'
import { keys } from '../mapping'
import { SCHEDULE_STAYS, type CarryIssue, type CustomerPlan, type PlannedRecurrence } from '../plan'
import type { RunContext } from '../run/context'
import type { ScheduleOutcome } from '../run/model'
import {
  declaredFields,
  describeMismatches,
  scheduleMismatches,
  type PlannedSchedule,
  type Warned,
} from '../schedules/compare'
import { findRecurrence, findSourceRemoval, findTargetRemoval } from './reconcile'
import { ensure, fail, lookOnly, type ItemFailure, type Moved } from './writeProtocol'

/** What the intent of a schedule's copy records: its source customer and its plan. */
interface Intent extends PlannedSchedule {
  readonly customer: string
}

/** The warnings the journal keeps with `p`'s copy. */
const warnedOf = (ctx: RunContext, p: PlannedRecurrence): ReadonlyArray<Warned> =>
  (ctx.ledger.state.get(keys.recurrence(p.sourceId))?.data as PlannedSchedule | undefined)
    ?.warned ?? []

/**
 * The plans `p`'s copy may have been made from: the one the journal recorded (a resumed saga
 * keeps it, though the source may have charged since) and today's.
 */
const intentsOf = (ctx: RunContext, sourceCustomer: string, p: PlannedRecurrence): Intent[] => {
  const today: Intent = { customer: sourceCustomer, nextDate: p.sourceNextDate, input: p.input }
  const known = ctx.ledger.state.get(keys.recurrence(p.sourceId))?.data as
    Partial<Intent> | undefined
  if (known?.input === undefined || known.nextDate === undefined) return [today]
  const recorded: Intent = {
    customer: sourceCustomer,
    nextDate: known.nextDate,
    input: known.input,
  }
  return JSON.stringify(recorded.input) === JSON.stringify(p.input) ? [today] : [recorded, today]
}

/**
 * The target payment method schedule `p` charges (`undefined`: it names none), or why the
 * schedule cannot move: its method did not.
 */
export const targetMethodOf =
  (ctx: RunContext) =>
  (sourceCustomer: string, p: PlannedRecurrence): E.Either<string, string | undefined> => {
    const targetMethod =
      p.sourcePaymentMethodId === undefined
        ? undefined
        : ctx.ledger.state.get(keys.method(sourceCustomer, p.sourcePaymentMethodId))?.target
    return p.sourcePaymentMethodId !== undefined && targetMethod === undefined
      ? E.left('its payment method did not move')
      : E.right(targetMethod)
  }

/** The lookup of `p`'s copy at target customer `tid`: by the journal's plan and today's. */
const lookupOf = (ctx: RunContext, tid: CustomerId, p: PlannedRecurrence, intents: Intent[]) =>
  findRecurrence(ctx)(
    keys.recurrence(p.sourceId),
    tid,
    intents.map((i) => i.input),
  )

/** The saga's first half: the target copy of schedule `p`, for target customer `tid`. */
export const createTargetSchedule =
  (ctx: RunContext) =>
  (
    intents: Intent[],
    tid: CustomerId,
    p: PlannedRecurrence,
    targetMethod: string | undefined,
    lookFirst: boolean,
    warnings: string[],
  ): Promise<E.Either<ItemFailure, Moved>> => {
    const intentData = {
      customer: intents[0]?.customer,
      nextDate: p.sourceNextDate,
      input: p.input,
    }
    return ensure(ctx)({
      key: keys.recurrence(p.sourceId),
      intentData,
      write: async () => {
        const r = await ctx.target.recurrences.create({
          ...p.input,
          customerId: tid,
          ...(targetMethod === undefined
            ? {}
            : { paymentMethodId: targetMethod as PaymentMethodId }),
        })()
        if (E.isLeft(r)) return r
        const warned: Warned[] = r.right.warnings.map((w) =>
          w.field === undefined ? { message: w.message } : { field: w.field, message: w.message },
        )
        warnings.push(...warned.map((w) => w.message))
        // What the target warned it could not carry is journaled with the copy, so that its
        // check (now or on a later run) knows the difference was declared.
        return E.right({
          target: r.right.value.id,
          ...(warned.length === 0 ? {} : { data: { ...intentData, warned } }),
        })
      },
      lookup: lookupOf(ctx, tid, p, intents),
      lookFirst,
    })
  }

/** Takes schedule `id` of `vault` out of billing: deleted, else cancelled; gone already is done. */
const unschedule = async (vault: Vault, id: string) => {
  const r = vault.capabilities.operations.recurrences.delete
    ? await vault.recurrences.delete(id as RecurrenceId)()
    : E.map(() => undefined)(
        await vault.recurrences.update(id as RecurrenceId, { status: 'cancelled' })(),
      )
  return E.isLeft(r) && r.left.kind === 'NotFound'
    ? E.right({ target: 'removed' })
    : E.map(() => ({ target: 'removed' }))(r)
}

/** The saga's second half, once the target copy is confirmed: schedule `p` leaves the source. */
export const removeSourceSchedule =
  (ctx: RunContext) =>
  (sourceCustomer: string, p: PlannedRecurrence): Promise<E.Either<ItemFailure, Moved>> =>
    ensure(ctx)({
      key: keys.sourceRemoval(p.sourceId),
      intentData: { customer: sourceCustomer, nextDate: p.sourceNextDate },
      write: () => unschedule(ctx.source, p.sourceId),
      lookup: findSourceRemoval(ctx)(p.sourceId),
    })

/** Takes back a target copy that read back different from its plan. */
const removeTargetCopy = (
  ctx: RunContext,
  intent: Intent,
  p: PlannedRecurrence,
  targetId: string,
): Promise<E.Either<ItemFailure, Moved>> =>
  ensure(ctx)({
    key: keys.targetRemoval(p.sourceId, targetId),
    intentData: { customer: intent.customer, target: targetId },
    write: () => unschedule(ctx.target, targetId),
    lookup: findTargetRemoval(ctx)(targetId),
  })

const stayed = (
  p: { sourceId: string },
  code: string,
  reason: string,
  failed: boolean,
): ScheduleOutcome => ({ state: 'stayed', sourceId: p.sourceId, code, reason, failed })

const both = (
  p: PlannedRecurrence,
  targetId: string,
  intent: Intent,
  reason: string,
): ScheduleOutcome => ({
  state: 'both_active',
  sourceId: p.sourceId,
  targetId,
  resolveBy: intent.nextDate,
  reason,
})

type Checked =
  | { readonly kind: 'same' }
  | { readonly kind: 'unread'; readonly why: string }
  | { readonly kind: 'differs'; readonly why: string }
  | { readonly kind: 'gone' }

/** The target copy read back and compared with the plans it may have been made from. */
const checkCopy = async (
  ctx: RunContext,
  targetId: string,
  intents: ReadonlyArray<Intent>,
  declared: ReadonlySet<string>,
): Promise<Checked> => {
  const r = await ctx.target.recurrences.get(targetId as RecurrenceId)()
  if (E.isLeft(r))
    return r.left.kind === 'NotFound'
      ? { kind: 'gone' }
      : { kind: 'unread', why: formatVaultError(r.left) }
  // A difference the target warned of when it made the copy is declared, not a mismatch.
  const ms = intents.map((i) =>
    scheduleMismatches(i, r.right).filter((m) => !declared.has(m.field)),
  )
  return ms.some((m) => m.length === 0)
    ? { kind: 'same' }
    : { kind: 'differs', why: describeMismatches(ms[ms.length - 1] ?? []) }
}

/** A copy that reads back wrong: removed again (the schedule stays), or left at both ends. */
const takeBack = async (
  ctx: RunContext,
  intent: Intent,
  p: PlannedRecurrence,
  targetId: string,
  why: string,
): Promise<ScheduleOutcome> => {
  const removed = await removeTargetCopy(ctx, intent, p, targetId)
  const differs = `its copy ${targetId} at ${ctx.target.capabilities.displayName} reads back with ${why}`
  if (E.isLeft(removed))
    return both(
      p,
      targetId,
      intent,
      `${differs}, and could not be removed: ${removed.left.message}`,
    )
  const message = `${differs}; the copy was removed and the schedule stays at the source`
  await fail(ctx, keys.recurrence(p.sourceId), { code: 'target_mismatch', message })
  // Not a failure of the run: what the target makes of this schedule is not the schedule.
  return stayed(p, 'target_mismatch', message, false)
}

/**
 * The rest of the saga once the copy `targetId` exists: check it, then remove the source.
 */
const finish = async (
  ctx: RunContext,
  customer: string,
  p: PlannedRecurrence,
  targetId: string,
  warnings: ReadonlyArray<string>,
): Promise<ScheduleOutcome> => {
  // The plans as the journal now has them: the one this run wrote, or an earlier run's.
  const intents = intentsOf(ctx, customer, p)
  const intent = intents[0] as Intent
  const warned = warnedOf(ctx, p)
  const declared = declaredFields(warned)
  const checked = await checkCopy(ctx, targetId, intents, declared)
  if (checked.kind === 'gone') {
    const message = `its copy ${targetId} is not at the target any more; the schedule stays at the source, and the next run looks for a copy again before it makes one`
    await fail(ctx, keys.recurrence(p.sourceId), { code: 'failed', message })
    return stayed(p, 'target_missing', message, true)
  }
  if (checked.kind === 'unread')
    return both(
      p,
      targetId,
      intent,
      `its copy could not be read back to check it (${checked.why}); the next run checks it and removes the source`,
    )
  if (checked.kind === 'differs') return takeBack(ctx, intent, p, targetId, checked.why)
  if (!ctx.removeSource) return both(p, targetId, intent, 'the source schedule is kept, as asked')
  const removed = await removeSourceSchedule(ctx)(intent.customer, p)
  if (E.isLeft(removed))
    return both(
      p,
      targetId,
      intent,
      `removing the source failed: ${removed.left.message}; the next run removes it`,
    )
  const all = [...new Set([...warnings, ...warned.map((w) => w.message)])]
  return { state: 'moved', sourceId: p.sourceId, targetId, warnings: all }
}

/** One planned schedule's saga, from wherever an earlier run left it. */
const moveSchedule = async (
  ctx: RunContext,
  customer: Customer,
  tid: CustomerId,
  p: PlannedRecurrence,
  lookFirst: boolean,
): Promise<ScheduleOutcome> => {
  const known = ctx.ledger.state.get(keys.recurrence(p.sourceId))
  const recorded = (known?.data as PlannedSchedule | undefined)?.input
  // A copy of this very plan read back wrong before and was removed: not tried again until the
  // source schedule changes (its next charge moves on, or it is edited).
  if (known?.failure === 'target_mismatch' && JSON.stringify(recorded) === JSON.stringify(p.input))
    return stayed(
      p,
      'target_mismatch',
      `an earlier run's copy at ${ctx.target.capabilities.displayName} read back different from it and was removed; it stays at the source`,
      false,
    )
  const targetMethod = targetMethodOf(ctx)(customer.id, p)
  if (E.isLeft(targetMethod)) return stayed(p, 'payment_method_not_moved', targetMethod.left, true)
  const warnings: string[] = []
  const created = await createTargetSchedule(ctx)(
    intentsOf(ctx, customer.id, p),
    tid,
    p,
    targetMethod.right,
    lookFirst,
    warnings,
  )
  if (E.isLeft(created))
    return stayed(p, created.left.code, `stays at the source: ${created.left.message}`, true)
  return finish(ctx, customer.id, p, created.right.target, warnings)
}

/**
 * A schedule the safety window holds back: it is never started now, but a copy an earlier run
 * made (known to the journal, or found in look-first mode) is finished, the source removed.
 */
const finishHeldBack = async (
  ctx: RunContext,
  customer: Customer,
  tid: CustomerId,
  p: PlannedRecurrence,
  held: CarryIssue,
  lookFirst: boolean,
): Promise<ScheduleOutcome> => {
  const key = keys.recurrence(p.sourceId)
  const notStarted = stayed(p, held.code, held.message, false)
  if (ctx.ledger.state.get(key) === undefined && !lookFirst) return notStarted
  const found = await lookOnly(ctx)({
    key,
    intentData: { customer: customer.id, nextDate: p.sourceNextDate, input: p.input },
    lookup: lookupOf(ctx, tid, p, intentsOf(ctx, customer.id, p)),
  })
  if (found === undefined) return notStarted
  if (E.isLeft(found))
    return stayed(p, found.left.code, `stays at the source: ${found.left.message}`, true)
  return finish(ctx, customer.id, p, found.right.target, [])
}

/**
 * Every schedule of one customer: those planned go through the saga, those the safety window
 * holds back are finished if an earlier run started them, the rest stay for the plan's reason.
 * One at a time, in plan order.
 */
export const moveSchedules =
  (ctx: RunContext) =>
  async (
    customer: Customer,
    tid: CustomerId,
    plan: CustomerPlan,
    lookFirst: boolean,
  ): Promise<ScheduleOutcome[]> => {
    const out: ScheduleOutcome[] = []
    for (const p of plan.recurrences) out.push(await moveSchedule(ctx, customer, tid, p, lookFirst))
    for (const h of plan.heldBack ?? [])
      out.push(await finishHeldBack(ctx, customer, tid, h.planned, h.issue, lookFirst))
    for (const i of plan.issues)
      if (
        i.item?.startsWith('schedule:') &&
        SCHEDULE_STAYS.includes(i.code) &&
        i.code !== 'next_charge_too_close'
      )
        out.push(stayed({ sourceId: i.item.slice('schedule:'.length) }, i.code, i.message, false))
    return out
  }
