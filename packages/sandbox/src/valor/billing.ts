/**
 * What the billing clock charges at Valor, and seeded subscriptions. A run charges each
 * `active` subscription on its next date: the card payment profile it names, for its amount.
 * An approved charge adds to `payments_count`, counts down a `charge_until` count (the schedule
 * goes inactive at zero) and moves the date on. A customer or card that is gone, or a card set
 * inactive, fails the charge: it is recorded, the date moves on, nothing is counted (retries and
 * webhooks are not simulated). Deactivated subscriptions are not billed.
 */
import type { BillingSource, ChargeInput, DueCharge } from '../common/billing'
import { addDaysTo } from '../common/calendar'
import type { SeedOptions, SeedResult } from '../common/engine'
import { createPrng } from '../common/prng'
import { type Merchant, type ValorSim, epiOf, merchantOf } from './state'
import { storeSubscription } from './subscriptionsByCustomer'
import {
  type RecurringType,
  type Subscription,
  firstChargeDate,
  nextChargeDate,
} from './subscriptionState'

const missingCard = (m: Merchant, s: Subscription): string | null => {
  const c = m.customers.get(s.customerId)
  if (c === undefined) return 'customer not found'
  const card = c.cards.find((x) => x.paymentId === s.paymentId)
  if (card === undefined) return 'payment profile not found'
  return card.status === 'active' ? null : 'payment profile inactive'
}

/**
 * Charges `s` for `date`. A scheduled charge moves the next date on; a charge made by an add or
 * update (`is_validate_card: "0"`) leaves it. Returns the charge for the log.
 */
export const chargeValor = (
  sim: ValorSim,
  m: Merchant,
  s: Subscription,
  date: string,
  trigger: 'schedule' | 'create' | 'update',
): ChargeInput => {
  const missing = missingCard(m, s)
  let next = s.nextDate
  if (trigger === 'schedule') {
    const after = nextChargeDate(s.recurringType, s.chargeOn, date)
    next = after ?? addDaysTo(date, 1)
    s.nextDate = next
    if (after === null) s.status = 'completed'
  }
  let transactionId = ''
  if (missing === null) {
    s.paymentsCount++
    if (s.remaining !== null) s.remaining = Math.max(0, s.remaining - 1)
    if (s.remaining === 0) s.status = 'completed'
    transactionId = String(m.nextTransaction++)
  }
  return {
    merchant: epiOf(m.credentials),
    credential: sim.credentials.indexOf(m.credentials),
    customerId: String(s.customerId),
    scheduleId: String(s.id),
    paymentMethodId: String(s.paymentId),
    amountCents: s.amountCents,
    date,
    periodStart: date,
    periodEnd: next > date ? addDaysTo(next, -1) : date,
    sequence: missing === null ? s.paymentsCount : 0,
    transactionId,
    outcome: missing === null ? 'approved' : 'failed',
    ...(missing === null ? {} : { reason: missing }),
    trigger,
  }
}

const dueOf = (sim: ValorSim, m: Merchant, s: Subscription, through: string): DueCharge | null => {
  if (s.status !== 'active' || s.remaining === 0 || s.nextDate > through) return null
  if (!m.subscriptions.has(s.id)) return null
  const date = s.nextDate
  return {
    date,
    run: () => ({
      charge: chargeValor(sim, m, s, date, 'schedule'),
      next: dueOf(sim, m, s, through),
    }),
  }
}

export const valorBilling = (sim: ValorSim): BillingSource => ({
  due: (through) => {
    const out: DueCharge[] = []
    for (const credentials of sim.credentials) {
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

const SEEDED_TYPES: readonly RecurringType[] = ['2', '2', '2', '0', '1', '3', '4']

/** 1–2 subscriptions for each seeded customer with a card (Valor subscriptions take cards only). */
export const seedSubscriptions = (sim: ValorSim, seeded: SeedResult, opts: SeedOptions): void => {
  const credentials = sim.credentials[opts.credential ?? 0]
  if (credentials === undefined) return
  const m = merchantOf(sim)(credentials)
  const prng = createPrng(((opts.seed ?? sim.seed) ^ 0x7a10) >>> 0)
  const zero = sim.rules().valorRecurring.weekdayZero
  const today = sim.billing.today()
  for (const id of seeded.ids) {
    const c = m.customers.get(Number(id))
    const card = c?.cards[0]
    if (c === undefined || card === undefined) continue
    const count = 1 + prng.int(2)
    for (let k = 0; k < count; k++) {
      const type = prng.pick(SEEDED_TYPES)
      const chargeOn = type === '0' || type === '1' ? String(prng.int(7)) : String(1 + prng.int(28))
      const startsFrom = addDaysTo(today, 1 + prng.int(30))
      const total = prng.pick([0, 0, 12, 24])
      const sid = m.nextSubscription++
      const s: Subscription = {
        id: sid,
        status: 'active',
        customerId: c.id,
        paymentId: card.paymentId,
        amountCents: 500 + prng.int(19_500),
        surchargeCents: 0,
        taxCents: 0,
        surchargeIndicator: '0',
        recurringType: type,
        chargeOn,
        startsFrom,
        chargeUntil: total === 0 ? 'never_expired' : String(total),
        remaining: total === 0 ? null : total,
        paymentsCount: 0,
        nextDate: firstChargeDate(type, chargeOn, startsFrom, zero),
        invoiceNo: `SBX${sid}`,
        productDescription: prng.pick(['Monthly service', 'Membership', 'Subscription']),
        descriptor: '',
        retryCount: 1,
        failureNotification: '0',
        email: c.email,
        phone: c.phone,
        createdAt: sim.clock(),
      }
      storeSubscription(m, s)
    }
  }
}
