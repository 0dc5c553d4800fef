/**
 * What the billing clock charges at PayTrace: each recurrence on its `next_date` while
 * `current_count < total_count` (999 = open-ended), by its frequency code. A run charges the
 * profile's card (`type` C) or check (`type` A), counts the run, records it as the schedule's
 * last approved transaction (R7) and moves `next_date` on. PayTrace's `weekend` and `repeat`
 * fields are stored but do not change the dates.
 */
import type { BillingSource, ChargeInput, DueCharge } from '../common/billing'
import {
  addDaysTo,
  dayFromMdy,
  dayInMonth,
  mdyFromDay,
  monthPlus,
  partsOf,
} from '../common/calendar'
import type { Merchant, PayTraceSim, Recurrence } from './state'

const OPEN_ENDED = 999

/** Months between runs of the monthly-style codes. */
const MONTHS: Readonly<Record<string, number>> = { '1': 12, '8': 6, A: 4, '2': 3, '9': 2, '3': 1 }
/** Days between runs of the weekly-style codes. */
const DAYS: Readonly<Record<string, number>> = { '4': 14, '5': 7, '6': 1 }

/** The date after `day` for a frequency code (`anchorDay` for the monthly-style ones). */
export const nextPayTraceDate = (frequency: string, day: string, anchorDay: number): string => {
  const months = MONTHS[frequency]
  if (months !== undefined) {
    const { year, month } = partsOf(day)
    const next = monthPlus(year, month, months)
    return dayInMonth(next.year, next.month, anchorDay) as string
  }
  const days = DAYS[frequency]
  if (days !== undefined) return addDaysTo(day, days)
  // '7': the 1st and the 15th
  const { year, month, day: d } = partsOf(day)
  if (d < 15) return dayInMonth(year, month, 15) as string
  const next = monthPlus(year, month, 1)
  return dayInMonth(next.year, next.month, 1) as string
}

const chargeable = (rec: Recurrence): boolean =>
  rec.totalCount === OPEN_ENDED || rec.currentCount < rec.totalCount

const charge = (
  sim: PayTraceSim,
  m: Merchant,
  credential: number,
  rec: Recurrence,
  date: string,
): ChargeInput => {
  const c = m.customers.get(rec.customerId)
  const method = rec.type === 'C' ? 'card' : 'check'
  const missing =
    c === undefined
      ? 'customer not found'
      : rec.type === 'C' && c.card === undefined
        ? 'customer has no card'
        : rec.type === 'A' && c.check === undefined
          ? 'customer has no check'
          : null
  const next = nextPayTraceDate(rec.frequency, date, rec.anchorDay)
  rec.nextDate = mdyFromDay(next)
  let transactionId = ''
  if (missing === null) {
    rec.currentCount++
    transactionId = String(m.nextTransactionId++)
    rec.lastApproved = { transactionId, date: mdyFromDay(date) }
    rec.updatedAt = sim.clock()
  }
  return {
    merchant: String(m.credentials.merchantId),
    credential,
    customerId: String(rec.customerId),
    scheduleId: String(rec.id),
    paymentMethodId: method,
    amountCents: rec.amountCents,
    date,
    periodStart: date,
    periodEnd: addDaysTo(next, -1),
    sequence: missing === null ? rec.currentCount : 0,
    transactionId,
    outcome: missing === null ? 'approved' : 'failed',
    ...(missing === null ? {} : { reason: missing }),
    trigger: 'schedule',
  }
}

const dueOf = (
  sim: PayTraceSim,
  m: Merchant,
  credential: number,
  rec: Recurrence,
  through: string,
): DueCharge | null => {
  if (!chargeable(rec) || !m.recurrences.has(rec.id)) return null
  const date = dayFromMdy(rec.nextDate)
  if (date === null || date > through) return null
  return {
    date,
    run: () => ({
      charge: charge(sim, m, credential, rec, date),
      next: dueOf(sim, m, credential, rec, through),
    }),
  }
}

export const payTraceBilling = (sim: PayTraceSim): BillingSource => ({
  due: (through) => {
    const out: DueCharge[] = []
    sim.options.credentials.forEach((credentials, credential) => {
      const m = sim.merchants.get(credentials)
      if (m === undefined) return
      for (const rec of m.recurrences.values()) {
        const due = dueOf(sim, m, credential, rec, through)
        if (due !== null) out.push(due)
      }
    })
    return out
  },
})
