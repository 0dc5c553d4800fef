/**
 * Planning one customer's schedules: for each, whether it moves (and as what: the form the
 * target stores, from the source's next charge, for the charges that remain, charging the
 * migrated payment method), or stays at the source and why. Schedules held back only by the
 * safety window are kept aside with their plan: a run that finds their copy already made
 * finishes them; it never starts one.
 */
import * as E from 'fp-ts/Either'
import {
  describeSchedule,
  type Capabilities,
  type Customer,
  type Recurrence,
  type TotalCount,
} from '@vaultport/core'
import type { CarryIssue, IssueCode, PlanContext, PlannedRecurrence } from '../plan'
import { addDays, chargeAfter, dayOf, dayOfMonthOf } from './calendar'
import { translateSchedule } from './translate'
import { formatMoney } from '../money'

/**
 * A schedule the safety window holds back: its plan, and the issue that says so.
 * @category Planning
 */
export interface HeldBack {
  readonly planned: PlannedRecurrence
  readonly issue: CarryIssue
}

export interface SchedulePlan {
  readonly planned: PlannedRecurrence[]
  readonly heldBack: HeldBack[]
  readonly issues: CarryIssue[]
}

/**
 * The plan codes that leave a schedule at the source.
 * @category Planning
 * @internal
 */
export const SCHEDULE_STAYS: ReadonlyArray<IssueCode> = [
  'no_recurrences',
  'schedule_not_active',
  'schedule_not_expressible',
  'count_not_expressible',
  'payment_method_kind_not_scheduled',
  'payment_method_not_moved',
  'remaining_count_unknown',
  'source_cannot_remove',
  'next_charge_too_close',
]

const issue = (code: IssueCode, message: string, item: string): CarryIssue => ({
  code,
  message,
  item,
})

/**
 * Whether a vault can hold schedules the way the saga needs: create, read, and list to look.
 * @category Planning
 */
export const keepsSchedules = (caps: Capabilities): boolean => {
  const ops = caps.operations.recurrences
  return ops.create && ops.get && ops.listByCustomer
}

/**
 * Whether the source can take a schedule out of billing once its copy is confirmed.
 * @category Planning
 * @internal
 */
export const canRemoveSchedule = (caps: Capabilities): boolean => {
  const ops = caps.operations.recurrences
  return (
    ops.delete || (ops.update && (caps.recurrences.settableStatuses ?? []).includes('cancelled'))
  )
}

const summaryOf = (r: Recurrence): string =>
  `${formatMoney(r.amount)} ${describeSchedule(r.schedule)}`

/** What of the source's own settings (gateway data) the target cannot be given. */
const droppedDetails = (r: Recurrence): string[] =>
  Object.entries(r.gatewayData ?? {})
    .filter(([, v]) => v === true || (typeof v === 'number' && v !== 0))
    .map(([k, v]) => `${k}=${String(v)}`)

/** The count the target schedule gets, or why it cannot have one. */
const remainingOf = (
  target: Capabilities,
  r: Recurrence,
  summary: string,
): E.Either<{ code: IssueCode; message: string }, TotalCount> => {
  const name = target.displayName
  if (r.totalCount === 'open_ended')
    return target.recurrences.openEnded
      ? E.right('open_ended')
      : E.left({
          code: 'count_not_expressible',
          message: `${summary} runs until cancelled; ${name} schedules always stop after a count`,
        })
  if (r.completedCount === undefined)
    return E.left({
      code: 'remaining_count_unknown',
      message: `${summary}: the source does not say how many charges remain`,
    })
  const remaining = r.totalCount - r.completedCount
  if (remaining <= 0)
    return E.left({ code: 'schedule_not_active', message: `${summary} has no charges left` })
  if (target.recurrences.finiteCounts === false)
    return E.left({
      code: 'count_not_expressible',
      message: `${summary} has ${remaining} charge(s) left; ${name} schedules run until cancelled and cannot stop after a count`,
    })
  return E.right(remaining)
}

/** Why the payment method schedule `r` charges keeps it at the source, if it does. */
const methodProblem = (
  ctx: PlanContext,
  customer: Customer,
  r: Recurrence,
  moved: ReadonlySet<string>,
  summary: string,
): { code: IssueCode; message: string } | undefined => {
  const id = r.paymentMethodId ?? customer.defaults.paymentMethodId
  const method = customer.paymentMethods.find((m) => m.id === id)
  if (method === undefined || id === undefined)
    return { code: 'payment_method_not_moved', message: `${summary} charges no stored method` }
  const kinds = ctx.targetCaps.recurrences.paymentMethodKinds ?? ['card', 'bank_account']
  if (!kinds.includes(method.kind))
    return {
      code: 'payment_method_kind_not_scheduled',
      message: `${summary} charges a ${method.kind.replace('_', ' ')}; ${ctx.targetCaps.displayName} schedules charge only ${kinds.map((k) => `${k.replace('_', ' ')}s`).join(' and ')}`,
    }
  if (!moved.has(id))
    return {
      code: 'payment_method_not_moved',
      message: `${summary} bills a payment method that is not moved`,
    }
  return undefined
}

/** The safety window's issue for a schedule charging on `next`, with the date to run again by. */
const tooClose = (ctx: PlanContext, r: Recurrence, next: string, summary: string): CarryIssue => {
  const anchor = dayOfMonthOf(r.startDate ?? next)
  const following = chargeAfter(r.schedule, next, anchor)
  const by = following === undefined ? undefined : addDays(following, -ctx.scheduleSafetyDays)
  return issue(
    'next_charge_too_close',
    `${summary} charges next on ${next}, within the ${ctx.scheduleSafetyDays}-day safety window: that charge stays at the source; run again after it${by === undefined ? '' : ` and by ${by}`}`,
    `schedule:${r.id}`,
  )
}

/** One schedule's plan: moved (or held back), or the issue that keeps it at the source. */
const planOne = (
  ctx: PlanContext,
  customer: Customer,
  r: Recurrence,
  moved: ReadonlySet<string>,
): { planned?: PlannedRecurrence; stay?: CarryIssue; warnings: CarryIssue[] } => {
  const target = ctx.targetCaps
  const item = `schedule:${r.id}`
  const summary = summaryOf(r)
  const stay = (code: IssueCode, message: string) => ({
    stay: issue(code, message, item),
    warnings: [],
  })
  if (!keepsSchedules(target))
    return stay(
      'no_recurrences',
      `${target.displayName} has no recurring billing; ${summary} stays at the source`,
    )
  if (r.status !== 'active' || r.nextDate === undefined)
    return stay('schedule_not_active', `${summary} is ${r.status} with no next charge; not moved`)
  const next = r.nextDate
  const count = remainingOf(target, r, summary)
  if (E.isLeft(count)) return stay(count.left.code, count.left.message)
  if (!target.recurrences.currencies.includes(r.amount.currency))
    return stay(
      'schedule_not_expressible',
      `${target.displayName} schedules no ${r.amount.currency}; ${summary} stays at the source`,
    )
  const schedule = translateSchedule(target, r.schedule, next, r.startDate)
  if (E.isLeft(schedule)) return stay('schedule_not_expressible', schedule.left)
  const method = methodProblem(ctx, customer, r, moved, summary)
  if (method !== undefined) return stay(method.code, method.message)
  if (ctx.removeSourceSchedules !== false && !canRemoveSchedule(ctx.sourceCaps))
    return stay(
      'source_cannot_remove',
      `${ctx.sourceCaps.displayName} can neither delete nor cancel ${summary}: moving it would leave it billing at both ends`,
    )
  const dropped = droppedDetails(r)
  const warnings =
    dropped.length === 0 || ctx.sourceCaps.gateway === target.gateway
      ? []
      : [
          issue(
            'schedule_detail_dropped',
            `${summary}: ${ctx.sourceCaps.displayName}'s ${dropped.join(', ')} has no equivalent at ${target.displayName} and is not carried`,
            item,
          ),
        ]
  const methodId = r.paymentMethodId ?? customer.defaults.paymentMethodId
  return {
    planned: {
      sourceId: r.id,
      summary,
      sourceNextDate: next,
      ...(methodId === undefined ? {} : { sourcePaymentMethodId: methodId }),
      input: {
        amount: r.amount,
        schedule: schedule.right,
        startDate: next,
        totalCount: count.right,
        ...(r.description === undefined ? {} : { description: r.description }),
      },
    },
    warnings,
  }
}

/** The schedules of one customer: what moves, what the safety window holds back, what stays. */
export const planSchedules = (
  ctx: PlanContext,
  customer: Customer,
  recurrences: ReadonlyArray<Recurrence>,
  moved: ReadonlySet<string>,
): SchedulePlan => {
  const out: SchedulePlan = { planned: [], heldBack: [], issues: [] }
  const earliest = addDays(dayOf(ctx.now), ctx.scheduleSafetyDays)
  for (const r of recurrences) {
    const one = planOne(ctx, customer, r, moved)
    out.issues.push(...one.warnings)
    if (one.stay !== undefined) out.issues.push(one.stay)
    else if (one.planned !== undefined && one.planned.sourceNextDate < earliest) {
      const held = tooClose(ctx, r, one.planned.sourceNextDate, one.planned.summary)
      out.issues.push(held)
      out.heldBack.push({ planned: one.planned, issue: held })
    } else if (one.planned !== undefined) out.planned.push(one.planned)
  }
  return out
}
