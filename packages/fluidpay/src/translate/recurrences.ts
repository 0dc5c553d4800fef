/**
 * Recurrences between the canonical model and FluidPay subscriptions: the schedule (see
 * `schedules.ts`), counts as `duration`, the next charge as `next_bill_date`, the stored method
 * it charges, statuses both ways, the bodies of a create and an update, the status changes a
 * patch needs, and what a read-back says was not kept. Everything FluidPay cannot carry exactly
 * is a `Warning` or a field issue, never dropped in silence.
 */
import * as E from 'fp-ts/Either'
import {
  customerId as toCustomerId,
  describeSchedule,
  isIsoDate,
  paymentMethodId as toPaymentMethodId,
  recurrenceId as toRecurrenceId,
  sameSchedule,
  warning,
  type FieldIssue,
  type Recurrence,
  type RecurrenceInput,
  type RecurrencePatch,
  type Warning,
} from '@vaultport/core'
import type { PaymentMethodType, SubscriptionBody, WireSubscription } from '../wire'
import { adjustmentRefsBody, readAdjustmentRefs, type FluidPayAdjustmentRef } from './plans'
import {
  dayCodes,
  dayOfDate,
  durationOf,
  rawStatus,
  readDayCode,
  readSchedule,
  scheduleBody,
  statusOf,
  type RecurringSettings,
} from './schedules'
import { compact, issue, text } from './shared'

const isCents = (n: unknown): n is number =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= 0

/** `YYYY-MM-DD`, from a date or the date part of a timestamp; undefined when it is neither. */
const readDate = (raw: string | undefined): string | undefined => {
  const d = raw?.trim().slice(0, 10)
  return d !== undefined && isIsoDate(d) ? d : undefined
}

/** A subscription as a canonical `Recurrence`; why not, when the record cannot be one. */
export const toRecurrence = (
  s: RecurringSettings,
  w: WireSubscription,
): E.Either<string, Recurrence> => {
  if (!isCents(w.amount)) return E.left(`subscription ${w.id} has no amount in cents`)
  const duration = w.duration ?? 0
  if (!Number.isSafeInteger(duration) || duration < 0) {
    return E.left(`subscription ${w.id} has duration ${String(duration)}`)
  }
  const schedule = readSchedule(s, w)
  if (E.isLeft(schedule)) return E.left(`subscription ${w.id}: ${schedule.left}`)
  if (schedule.right === undefined) return E.left(`subscription ${w.id} has no billing_frequency`)
  const rawNext = text(w.next_bill_date) ?? text(w.next_run_date)
  const next = readDate(rawNext)
  if (rawNext !== undefined && next === undefined) {
    return E.left(`subscription ${w.id} has next_bill_date ${rawNext.slice(0, 40)}`)
  }
  const raw = rawStatus(w)
  const status = statusOf(s, raw)
  const over = status === 'completed' || status === 'cancelled'
  return E.right(
    compact<Recurrence>({
      id: toRecurrenceId(w.id),
      customerId: toCustomerId(w.customer.id),
      amount: { amount: w.amount, currency: 'USD' },
      schedule: schedule.right,
      totalCount: duration === 0 ? 'open_ended' : duration,
      status,
      paymentMethodId: optId(w.customer.payment_method_id),
      nextDate: over ? undefined : next,
      description: text(w.description),
      gatewayData: gatewayDataOf(w, raw),
    }),
  )
}

const optId = (id: string | null | undefined) =>
  id === null || id === undefined || id === '' ? undefined : toPaymentMethodId(id)

/** What FluidPay says beyond the canonical fields: its own status, plan and adjustments. */
const gatewayDataOf = (w: WireSubscription, raw: string): Record<string, unknown> | undefined => {
  const data = compact<Record<string, unknown>>({
    status: raw === '' ? undefined : raw,
    planId: text(w.plan_id),
    paymentMethodType: text(w.customer.payment_method_type),
    addOns: w.add_ons?.length ? readAdjustmentRefs(w.add_ons) : undefined,
    discounts: w.discounts?.length ? readAdjustmentRefs(w.discounts) : undefined,
    totalAdds: w.total_adds ?? undefined,
    totalDiscounts: w.total_discounts ?? undefined,
  })
  return Object.keys(data).length === 0 ? undefined : data
}

// ---- options in gatewayData

/**
 * FluidPay-specific create and update options, carried in `gatewayData`.
 * @category Extensions
 */
export interface FluidPayRecurrenceOptions {
  /** The plan the subscription is on; the schedule and amount sent override the plan's. */
  readonly planId?: string
  readonly addOns?: ReadonlyArray<FluidPayAdjustmentRef>
  readonly discounts?: ReadonlyArray<FluidPayAdjustmentRef>
}

/**
 * `gatewayData` for a recurrence create or update that carries FluidPay's own options.
 * @category Extensions
 */
export const fluidpayRecurrenceOptions = (o: FluidPayRecurrenceOptions): Record<string, unknown> =>
  compact<Record<string, unknown>>({
    planId: o.planId,
    addOns: o.addOns?.map((a) => ({ ...a })),
    discounts: o.discounts?.map((d) => ({ ...d })),
  })

/** The options out of `gatewayData` (other keys, such as a read's `status`, are ignored). */
export const readRecurrenceOptions = (
  gatewayData: Record<string, unknown> | undefined,
): E.Either<
  ReadonlyArray<FieldIssue>,
  Pick<SubscriptionBody, 'plan_id' | 'add_ons' | 'discounts'>
> => {
  const issues: FieldIssue[] = []
  const planId = gatewayData?.['planId']
  if (planId !== undefined && (typeof planId !== 'string' || planId.trim() === '')) {
    issues.push(issue('gatewayData.planId', 'must be a plan id'))
  }
  const addOns = adjustmentRefsBody(gatewayData?.['addOns'], 'gatewayData.addOns')
  const discounts = adjustmentRefsBody(gatewayData?.['discounts'], 'gatewayData.discounts')
  if (E.isLeft(addOns)) issues.push(...addOns.left)
  if (E.isLeft(discounts)) issues.push(...discounts.left)
  if (issues.length > 0) return E.left(issues)
  return E.right(
    compact<Pick<SubscriptionBody, 'plan_id' | 'add_ons' | 'discounts'>>({
      plan_id: planId as string | undefined,
      add_ons: E.isRight(addOns) ? addOns.right : undefined,
      discounts: E.isRight(discounts) ? discounts.right : undefined,
    }),
  )
}

// ---- bodies

/** The stored method a subscription charges, as FluidPay names it. */
export interface MethodRef {
  readonly type: PaymentMethodType
  readonly id: string
}

const afterToday = (path: string, date: string, today: string): FieldIssue[] =>
  date > today
    ? []
    : [
        issue(
          path,
          `must be after today (${today}): FluidPay charges on next_bill_date, and a date that may already have passed is never sent`,
        ),
      ]

export interface WritePlan {
  readonly body: SubscriptionBody
  /** What the write asks for, which the read-back is compared with. */
  readonly intended: Intended
  readonly warnings: ReadonlyArray<Warning>
}

export type Intended = Partial<
  Pick<
    Recurrence,
    'amount' | 'schedule' | 'totalCount' | 'nextDate' | 'paymentMethodId' | 'description' | 'status'
  >
>

/** FR16's body for `input`; `method` is the stored method it names, typed from the record. */
export const createBody = (
  s: RecurringSettings,
  input: RecurrenceInput,
  method: MethodRef | undefined,
  today: string,
): E.Either<ReadonlyArray<FieldIssue>, WritePlan> => {
  const schedule = scheduleBody(s, input.schedule, dayOfDate(input.startDate))
  const options = readRecurrenceOptions(input.gatewayData)
  const issues = [
    ...afterToday('startDate', input.startDate, today),
    ...(E.isLeft(schedule) ? schedule.left : []),
    ...(E.isLeft(options) ? options.left : []),
  ]
  if (issues.length > 0 || E.isLeft(schedule) || E.isLeft(options)) return E.left(issues)
  const body: SubscriptionBody = compact<SubscriptionBody>({
    ...options.right,
    description: input.description,
    customer: compact({
      id: input.customerId as string,
      payment_method_type: method?.type,
      payment_method_id: method?.id,
    }),
    amount: input.amount.amount,
    ...schedule.right.body,
    duration: durationOf(input.totalCount),
    next_bill_date: input.startDate,
  })
  return E.right({
    body,
    warnings: schedule.right.warnings,
    intended: compact<Intended>({
      amount: input.amount,
      schedule: schedule.right.intended,
      totalCount: input.totalCount,
      nextDate: input.startDate,
      paymentMethodId: input.paymentMethodId,
      description: input.description,
      status: 'active',
    }),
  })
}

/** The billing day an update keeps when its schedule names none: the stored one, or the date's. */
const keptDay = (s: RecurringSettings, current: WireSubscription, date: string | undefined) => {
  const codes = dayCodes(current)
  const stored = codes.length === 1 && codes[0] !== undefined ? readDayCode(s, codes[0]) : undefined
  return stored ?? (date === undefined ? undefined : dayOfDate(date))
}

/**
 * FR19's partial body for `patch` (status and, by default, the next date are set by status
 * changes instead: see `statusSteps`); empty when the patch changes nothing it carries.
 */
export const updateBody = (
  s: RecurringSettings,
  patch: RecurrencePatch,
  current: WireSubscription,
  method: MethodRef | undefined,
  today: string,
): E.Either<ReadonlyArray<FieldIssue>, WritePlan> => {
  const date = patch.nextDate ?? readDate(text(current.next_bill_date))
  const schedule =
    patch.schedule === undefined
      ? undefined
      : scheduleBody(s, patch.schedule, keptDay(s, current, date))
  const issues = [
    ...(patch.nextDate === undefined ? [] : afterToday('nextDate', patch.nextDate, today)),
    ...(schedule !== undefined && E.isLeft(schedule) ? schedule.left : []),
  ]
  if (issues.length > 0) return E.left(issues)
  const plan = schedule !== undefined && E.isRight(schedule) ? schedule.right : undefined
  const body = compact<SubscriptionBody>({
    description: patch.description,
    amount: patch.amount?.amount,
    ...plan?.body,
    duration: patch.totalCount === undefined ? undefined : durationOf(patch.totalCount),
    customer:
      method === undefined
        ? undefined
        : {
            id: current.customer.id,
            payment_method_type: method.type,
            payment_method_id: method.id,
          },
    next_bill_date: s.nextDateBy === 'update' ? patch.nextDate : undefined,
  })
  return E.right({
    body,
    warnings: plan?.warnings ?? [],
    intended: compact<Intended>({
      amount: patch.amount,
      schedule: plan?.intended,
      totalCount: patch.totalCount,
      nextDate: patch.nextDate,
      paymentMethodId: patch.paymentMethodId,
      description: patch.description,
      status: patch.status,
    }),
  })
}

// ---- status changes

/** One FR21 call: the status to set, and the next bill date an activation starts from. */
export interface StatusStep {
  readonly status: string
  readonly nextBillDate?: string
}

/**
 * The status changes a patch needs, given the subscription's FluidPay status now. With
 * `nextDateBy: 'activate'` a new next date is set by reactivating with it, so a schedule that
 * is to stay paused is paused again after; one that is failing, failed, in error or over has no
 * next date to move without resuming it, which the patch must say.
 */
export const statusSteps = (
  s: RecurringSettings,
  patch: RecurrencePatch,
  current: string,
): E.Either<ReadonlyArray<FieldIssue>, { steps: StatusStep[]; warnings: Warning[] }> => {
  const target = patch.status
  const date = s.nextDateBy === 'activate' ? patch.nextDate : undefined
  if (date === undefined) {
    const steps = target === undefined || target === current ? [] : [{ status: target }]
    return E.right({ steps, warnings: [] })
  }
  const activate = { status: 'active', nextBillDate: date }
  if (target === 'cancelled' || target === 'completed') {
    return E.right({
      steps: [{ status: target }],
      warnings: [
        warning(
          'field_dropped',
          `a ${target} FluidPay subscription has no next bill date`,
          'nextDate',
        ),
      ],
    })
  }
  if (target === 'active' || (target === undefined && current === 'active')) {
    return E.right({ steps: [activate], warnings: [] })
  }
  const stay = target ?? current
  if (stay === 'paused' || stay === 'past_due') {
    return E.right({ steps: [activate, { status: stay }], warnings: [] })
  }
  return E.left([
    issue(
      'nextDate',
      `FluidPay sets a next bill date by reactivating the subscription, which is ${current.slice(0, 40) || 'without a status'}: set status 'active' with the date to resume it`,
    ),
  ])
}

// ---- read-backs

const shown = (u: unknown): string => JSON.stringify(u) ?? String(u)

/** The fields a write asked for that the read-back does not show, as warnings. */
export const notKept = (intended: Intended, read: Recurrence): Warning[] => {
  const out: Warning[] = []
  const check = (field: keyof Intended, same: boolean, got: unknown) => {
    if (same) return
    out.push(
      warning(
        'not_kept',
        `FluidPay reads ${field} back as ${shown(got)}, not ${shown(intended[field])}`,
        field,
      ),
    )
  }
  const i = intended
  if (i.amount !== undefined) check('amount', i.amount.amount === read.amount.amount, read.amount)
  if (i.schedule !== undefined) {
    check('schedule', sameSchedule(i.schedule, read.schedule), describeSchedule(read.schedule))
  }
  if (i.totalCount !== undefined)
    check('totalCount', i.totalCount === read.totalCount, read.totalCount)
  if (i.status !== undefined) check('status', i.status === read.status, read.status)
  const over = read.status === 'cancelled' || read.status === 'completed'
  if (i.nextDate !== undefined && !over)
    check('nextDate', i.nextDate === read.nextDate, read.nextDate)
  if (i.paymentMethodId !== undefined) {
    check('paymentMethodId', i.paymentMethodId === read.paymentMethodId, read.paymentMethodId)
  }
  if (i.description !== undefined) {
    check('description', i.description === read.description, read.description)
  }
  return out
}
