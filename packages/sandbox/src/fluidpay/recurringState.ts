/**
 * FluidPay recurring records (`/api/recurring/*`): add-ons and discounts, plans, subscriptions,
 * and the schedule arithmetic they share. Amounts are integer cents, percentages thousandths of a
 * percent (43440 = 43.440 %). A subscription keeps a hidden count of the billings it still has
 * (`remaining`, `null` for `duration: 0` = until cancelled), which no FluidPay record shows.
 */
import { addDaysTo, dayInMonth, monthPlus, partsOf } from '../common/calendar'

export const FREQUENCIES = ['monthly', 'twice_monthly', 'daily'] as const
export type Frequency = (typeof FREQUENCIES)[number]

/** What a client may set through FR21; the other statuses are the gateway's own. */
export const CLIENT_STATUSES = ['active', 'paused', 'past_due', 'cancelled', 'completed'] as const
export const GATEWAY_STATUSES = ['failing', 'failed', 'error', 'stopped'] as const
export type SubscriptionStatus =
  (typeof CLIENT_STATUSES)[number] | (typeof GATEWAY_STATUSES)[number]

/** Statuses a billing run charges. */
export const BILLED_STATUSES: readonly SubscriptionStatus[] = ['active', 'failing']

/** An add-on or a discount record (the two have one shape). */
export interface Adjustment {
  readonly id: string
  name: string
  description: string
  /** Cents, or `null` when the adjustment is a percentage. */
  amount: number | null
  /** Thousandths of a percent, or `null` when it is an amount. */
  percentage: number | null
  duration: number
  readonly createdAt: Date
  updatedAt: Date
}

/** A plan's or subscription's use of an adjustment, with optional overrides. */
export interface AdjustmentRef {
  readonly id: string
  readonly name?: string
  readonly description?: string
  readonly amount?: number | null
  readonly percentage?: number | null
  readonly duration?: number
}

export interface Schedule {
  billingCycleInterval: number
  billingFrequency: Frequency
  /** Comma-separated days of the month; `"0"` = the last day. */
  billingDays: string
  chargeOnDay: boolean
  duration: number
}

export interface Plan extends Schedule {
  readonly id: string
  name: string
  description: string
  amount: number
  currency: string | undefined
  features: Readonly<Record<string, unknown>> | undefined
  addOns: AdjustmentRef[]
  discounts: AdjustmentRef[]
  readonly createdAt: Date
  updatedAt: Date
}

export interface SubscriptionCustomer {
  id: string
  paymentMethodType: 'card' | 'ach'
  paymentMethodId: string
  billingAddressId: string
  shippingAddressId: string
}

export interface Subscription extends Schedule {
  readonly id: string
  planId: string
  status: SubscriptionStatus
  description: string
  customer: SubscriptionCustomer
  amount: number
  currency: string | undefined
  nextBillDate: string
  addOns: AdjustmentRef[]
  discounts: AdjustmentRef[]
  lineItems: unknown[] | undefined
  /** Billings still to run; `null` = until cancelled. */
  remaining: number | null
  /** Approved charges so far. */
  approved: number
  readonly createdAt: Date
  updatedAt: Date
}

// ---- schedules

export const dayList = (billingDays: string): number[] =>
  billingDays
    .split(',')
    .map((d) => Number(d.trim()))
    .sort((a, b) => (a === 0 ? 32 : a) - (b === 0 ? 32 : b))

/** The first billing day of the month `k` months after `day`'s that exists, going on by `step`. */
const firstInMonthFrom = (
  day: string,
  k: number,
  step: number,
  days: readonly number[],
  shortMonths: 'lastDay' | 'skip',
): string => {
  const { year, month } = partsOf(day)
  for (let offset = k; offset <= k + 12 * 48; offset += step) {
    const nm = monthPlus(year, month, offset)
    for (const d of days) {
      const candidate = dayInMonth(nm.year, nm.month, d, shortMonths)
      if (candidate !== null) return candidate
    }
  }
  throw new Error(`no billing day ${days.join(',')} after ${day}`)
}

/** A later billing day in the same month as `day`, if any. */
const laterInMonth = (
  day: string,
  days: readonly number[],
  shortMonths: 'lastDay' | 'skip',
): string | null => {
  const { year, month } = partsOf(day)
  for (const d of days) {
    const candidate = dayInMonth(year, month, d, shortMonths)
    if (candidate !== null && candidate > day) return candidate
  }
  return null
}

/**
 * The billing date after `day`. Monthly: the billing day `interval` months on. Twice monthly:
 * the other billing day of the month, else the first one `interval` months on. Daily: `interval`
 * days on (the documents only state "every X months"; days are our reading for `daily`).
 */
export const nextBillDateAfter = (
  s: Schedule,
  day: string,
  shortMonths: 'lastDay' | 'skip',
): string => {
  const interval = Math.max(1, s.billingCycleInterval)
  if (s.billingFrequency === 'daily') return addDaysTo(day, interval)
  const days = dayList(s.billingDays)
  if (s.billingFrequency === 'twice_monthly') {
    const later = laterInMonth(day, days, shortMonths)
    if (later !== null) return later
  }
  return firstInMonthFrom(day, interval, interval, days, shortMonths)
}

/** The first billing date strictly after `today` (a create without `next_bill_date`). */
export const firstBillDateAfter = (
  s: Schedule,
  today: string,
  shortMonths: 'lastDay' | 'skip',
): string => {
  if (s.billingFrequency === 'daily') return addDaysTo(today, 1)
  const days = dayList(s.billingDays)
  return laterInMonth(today, days, shortMonths) ?? firstInMonthFrom(today, 1, 1, days, shortMonths)
}

/** `next` moved on by the schedule until it is on or after `today`. */
export const rollForward = (
  s: Schedule,
  next: string,
  today: string,
  shortMonths: 'lastDay' | 'skip',
): string => {
  let d = next
  while (d < today) d = nextBillDateAfter(s, d, shortMonths)
  return d
}

// ---- amounts

/** The amount or percentage an adjustment comes with: the overrides if given, else the record's. */
export const effectiveAmount = (
  ref: AdjustmentRef,
  record: Adjustment | undefined,
): { amount: number | null; percentage: number | null } =>
  ref.amount !== undefined || ref.percentage !== undefined
    ? { amount: ref.amount ?? null, percentage: ref.percentage ?? null }
    : { amount: record?.amount ?? null, percentage: record?.percentage ?? null }

/** What one adjustment of a plan or subscription comes to, in cents, on `base`. */
export const adjustmentCents = (
  ref: AdjustmentRef,
  record: Adjustment | undefined,
  base: number,
): number => {
  const { amount, percentage } = effectiveAmount(ref, record)
  if (amount !== null) return amount
  return percentage === null ? 0 : Math.round((base * percentage) / 100_000)
}

export const totalOf = (
  refs: readonly AdjustmentRef[],
  records: { get: (id: string) => Adjustment | undefined },
  base: number,
): number => refs.reduce((sum, ref) => sum + adjustmentCents(ref, records.get(ref.id), base), 0)
