/**
 * What the billing clock charges at FluidPay, and seeded subscriptions. A run charges each
 * `active` (or `failing`) subscription on its `next_bill_date`: the stored card or ach entry it
 * names, for `amount + total_adds − total_discounts` cents. An approved charge counts down the
 * hidden remaining count (`completed` at zero) and moves `next_bill_date` on; a customer or
 * payment method that is gone sets the subscription to `error`, which is not billed again.
 * `paused`, `past_due`, `cancelled`, `stopped`, `failed`, `error` and `completed` never bill.
 */
import type { BillingSource, ChargeInput, DueCharge } from '../common/billing'
import { addDaysTo } from '../common/calendar'
import type { SeedOptions, SeedResult } from '../common/engine'
import { createPrng } from '../common/prng'
import {
  BILLED_STATUSES,
  type Schedule,
  type Subscription,
  firstBillDateAfter,
  nextBillDateAfter,
  totalOf,
} from './recurringState'
import { type FluidPaySim, type Merchant, merchantOf, newId } from './state'

/** Why the subscription's customer or payment method cannot be charged, or `null`. */
const missingPayment = (m: Merchant, s: Subscription): string | null => {
  const c = m.customers.get(s.customer.id)
  if (c === undefined) return 'customer not found'
  const list: readonly { id: string }[] = s.customer.paymentMethodType === 'card' ? c.cards : c.ach
  return list.some((p) => p.id === s.customer.paymentMethodId) ? null : 'payment method not found'
}

export const chargeCents = (m: Merchant, s: Subscription): number =>
  Math.max(
    0,
    s.amount + totalOf(s.addOns, m.addons, s.amount) - totalOf(s.discounts, m.discounts, s.amount),
  )

/**
 * Charges `s` for `date`. A scheduled charge moves `next_bill_date` on; a create-time one leaves
 * it. Either counts down `remaining` when approved.
 */
export const chargeSubscription = (
  sim: FluidPaySim,
  m: Merchant,
  s: Subscription,
  date: string,
  trigger: 'schedule' | 'create',
): ChargeInput => {
  const missing = missingPayment(m, s)
  const shortMonths = sim.options.rules().fluidpayRecurring.shortMonths
  const next = trigger === 'schedule' ? nextBillDateAfter(s, date, shortMonths) : s.nextBillDate
  let transactionId = ''
  if (missing === null) {
    s.approved++
    if (s.remaining !== null) s.remaining = Math.max(0, s.remaining - 1)
    if (s.remaining === 0) s.status = 'completed'
    if (trigger === 'schedule') s.nextBillDate = next
    transactionId = newId(sim, m)
  } else s.status = 'error'
  s.updatedAt = sim.clock()
  return {
    merchant: m.credentials.merchantId,
    credential: sim.options.credentials.indexOf(m.credentials),
    customerId: s.customer.id,
    scheduleId: s.id,
    paymentMethodId: s.customer.paymentMethodId,
    amountCents: chargeCents(m, s),
    date,
    periodStart: date,
    periodEnd: next > date ? addDaysTo(next, -1) : date,
    sequence: missing === null ? s.approved : 0,
    transactionId,
    outcome: missing === null ? 'approved' : 'failed',
    ...(missing === null ? {} : { reason: missing }),
    trigger,
  }
}

const billable = (s: Subscription): boolean =>
  BILLED_STATUSES.includes(s.status) && s.remaining !== 0

const dueOf = (
  sim: FluidPaySim,
  m: Merchant,
  s: Subscription,
  through: string,
): DueCharge | null => {
  if (!billable(s) || s.nextBillDate > through || !m.subscriptions.has(s.id)) return null
  const date = s.nextBillDate
  return {
    date,
    run: () => ({
      charge: chargeSubscription(sim, m, s, date, 'schedule'),
      next: dueOf(sim, m, s, through),
    }),
  }
}

export const fluidPayBilling = (sim: FluidPaySim): BillingSource => ({
  due: (through) => {
    const out: DueCharge[] = []
    for (const credentials of sim.options.credentials) {
      const m = sim.merchants.get(credentials)
      if (m === undefined) continue
      for (const s of m.subscriptions.values()) {
        const due = dueOf(sim, m, s, through)
        if (due !== null) out.push(due)
      }
    }
    return out
  },
})

// ---- seeding

const SEEDED_SCHEDULES: readonly Omit<Schedule, 'billingDays' | 'duration'>[] = [
  { billingFrequency: 'monthly', billingCycleInterval: 1, chargeOnDay: false },
  { billingFrequency: 'monthly', billingCycleInterval: 1, chargeOnDay: false },
  { billingFrequency: 'monthly', billingCycleInterval: 3, chargeOnDay: false },
  { billingFrequency: 'monthly', billingCycleInterval: 12, chargeOnDay: false },
  { billingFrequency: 'twice_monthly', billingCycleInterval: 1, chargeOnDay: false },
]

/** 1–2 subscriptions for each seeded customer that has a default card or ach entry. */
export const seedSubscriptions = (
  sim: FluidPaySim,
  seeded: SeedResult,
  opts: SeedOptions,
): void => {
  const credentials = sim.options.credentials[opts.credential ?? 0]
  if (credentials === undefined) return
  const m = merchantOf(sim, credentials)
  // A PRNG of its own, so the customers come out the same with or without schedules.
  const prng = createPrng(((opts.seed ?? sim.options.seed) ^ 0x5ab5) >>> 0)
  const today = sim.billing.today()
  const now = sim.clock()
  for (const id of seeded.ids) {
    const c = m.customers.get(id)
    const type = c?.defaults.payment_method_type
    if (c === undefined || (type !== 'card' && type !== 'ach')) continue
    const count = 1 + prng.int(2)
    for (let k = 0; k < count; k++) {
      const base = prng.pick(SEEDED_SCHEDULES)
      const day = prng.int(29)
      const schedule: Schedule = {
        ...base,
        billingDays: base.billingFrequency === 'twice_monthly' ? '1,15' : String(day),
        duration: prng.pick([0, 0, 12, 24]),
      }
      const s: Subscription = {
        id: newId(sim, m),
        planId: '',
        status: 'active',
        description: prng.pick([
          'Monthly service',
          'Membership',
          'Maintenance plan',
          'Subscription',
        ]),
        customer: {
          id: c.id,
          paymentMethodType: type,
          paymentMethodId: c.defaults.payment_method_id,
          billingAddressId: c.defaults.billing_address_id,
          shippingAddressId: c.defaults.shipping_address_id,
        },
        amount: 500 + prng.int(19_500),
        currency: undefined,
        ...schedule,
        nextBillDate: firstBillDateAfter(schedule, addDaysTo(today, prng.int(30)), 'lastDay'),
        addOns: [],
        discounts: [],
        lineItems: undefined,
        remaining: schedule.duration > 0 ? schedule.duration : null,
        approved: 0,
        createdAt: now,
        updatedAt: now,
      }
      m.subscriptions.set(s.id, s)
    }
  }
}
