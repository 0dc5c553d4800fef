/**
 * Valor subscriptions (family A, the securelink transaction API): the record, its schedule
 * arithmetic and its list view. A subscription charges one card payment profile of a vaulted
 * customer. `recurring_type`: `0` weekly, `1` bi-weekly, `2` monthly, `3` quarterly,
 * `4` annually, `5` daily, `6` "Run at" (one charge on the start date, when allowed). `charge_on`
 * is a weekday 0–6 for weekly and bi-weekly (which day `0` is: `valorRecurring.weekdayZero`) and
 * a day of the month 1–30 otherwise; a 29 or 30 in a shorter month bills on its last day.
 * Quarterly and annual schedules take their months from the first charge on or after the start.
 */
import { addDaysTo, dayInMonth, monthPlus, partsOf, weekdayOf } from '../common/calendar'
import type { JsonObject } from '../common/engine'

export const RECURRING_TYPES = ['0', '1', '2', '3', '4', '5', '6'] as const
export type RecurringType = (typeof RECURRING_TYPES)[number]

export const WEEKLY_TYPES: readonly string[] = ['0', '1']
export const MONTHLY_TYPES: readonly string[] = ['2', '3', '4']

export interface Subscription {
  readonly id: number
  /** `completed` shows as `inactive`: a finite schedule that has run its count. */
  status: 'active' | 'inactive' | 'completed'
  customerId: number
  paymentId: number
  amountCents: number
  surchargeCents: number
  taxCents: number
  surchargeIndicator: string
  recurringType: RecurringType
  chargeOn: string
  startsFrom: string
  /** As sent: `never_expired` or a count. */
  chargeUntil: string
  /** Charges still to run; `null` = `never_expired`. */
  remaining: number | null
  paymentsCount: number
  /** The next billing date (Valor shows none; the simulator keeps it to bill). */
  nextDate: string
  invoiceNo: string
  productDescription: string
  descriptor: string
  retryCount: number
  failureNotification: string
  email: string
  phone: string
  readonly createdAt: Date
}

/** The JavaScript weekday (0 = Sunday) a `charge_on` weekday stands for. */
export const jsWeekday = (chargeOn: number, zero: 'sunday' | 'monday'): number =>
  zero === 'sunday' ? chargeOn % 7 : (chargeOn + 1) % 7

const MONTH_STEP: Readonly<Record<string, number>> = { '2': 1, '3': 3, '4': 12 }
const DAY_STEP: Readonly<Record<string, number>> = { '0': 7, '1': 14, '5': 1 }

/** The first charge on or after `from`. */
export const firstChargeDate = (
  type: RecurringType,
  chargeOn: string,
  from: string,
  zero: 'sunday' | 'monday',
): string => {
  if (WEEKLY_TYPES.includes(type)) {
    const want = jsWeekday(Number(chargeOn), zero)
    return addDaysTo(from, (want - weekdayOf(from) + 7) % 7)
  }
  if (MONTHLY_TYPES.includes(type)) {
    const { year, month } = partsOf(from)
    const here = dayInMonth(year, month, Number(chargeOn)) as string
    if (here >= from) return here
    const next = monthPlus(year, month, 1)
    return dayInMonth(next.year, next.month, Number(chargeOn)) as string
  }
  return from
}

/** The charge after one on `day`; `null` for a one-shot ("Run at") schedule. */
export const nextChargeDate = (
  type: RecurringType,
  chargeOn: string,
  day: string,
): string | null => {
  const months = MONTH_STEP[type]
  if (months !== undefined) {
    const { year, month } = partsOf(day)
    const next = monthPlus(year, month, months)
    return dayInMonth(next.year, next.month, Number(chargeOn)) as string
  }
  const days = DAY_STEP[type]
  return days === undefined ? null : addDaysTo(day, days)
}

/** `cents` as Valor writes amounts: dollars with two decimals. */
export const dollars = (cents: number): string => (cents / 100).toFixed(2)

/**
 * One item of the list answer. Valor documents no response keys for it; these are the simulator's
 * choice: the id (a string here, a number in the add answer), `active`/`inactive`, the payments
 * count, and what the add body set.
 */
export const subscriptionView = (s: Subscription): JsonObject => ({
  subscription_id: String(s.id),
  status: s.status === 'active' ? 'active' : 'inactive',
  amount: dollars(s.amountCents),
  recurring_type: s.recurringType,
  charge_on: s.chargeOn,
  subscription_starts_from: s.startsFrom,
  charge_until: s.chargeUntil,
  payments_count: s.paymentsCount,
  invoice_no: s.invoiceNo,
  product_description: s.productDescription,
  payment_info: {
    CustomerProfileID: String(s.customerId),
    PaymentProfileID: String(s.paymentId),
  },
})
