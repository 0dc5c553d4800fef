/**
 * Subscriptions (FR16, FR17, FR19–FR21): create (custom schedule or on a plan, whose fields the
 * request overrides), get, update (POST, partial: any field), delete (`data: null`) and the
 * status changes by `GET …/status/{status}` (`active?next_bill_date=` moves the next charge).
 * A subscription points at a vaulted customer and one of its card/ach entries, defaulting to
 * the customer's vault defaults. PUT and PATCH are not routes (404, like any unknown route).
 */
import type { JsonObject, SimRequest, SimResponse } from '../../common/engine'
import { Reader } from '../../common/fields'
import type { Authed } from '../access'
import { chargeSubscription } from '../billing'
import {
  checkSchedule,
  nextBillDateProblem,
  readAdjustmentRefs,
  readDay,
  readSchedule,
} from '../recurringInputs'
import {
  type AdjustmentRef,
  CLIENT_STATUSES,
  GATEWAY_STATUSES,
  type Schedule,
  type Subscription,
  type SubscriptionCustomer,
  firstBillDateAfter,
  rollForward,
} from '../recurringState'
import { byIdAnswer, subscriptionView } from '../recurringViews'
import { badRequest, failed, success } from '../respond'
import { type FluidPaySim, type Merchant, newId } from '../state'
import { missingAdjustment } from './plans'

interface CustomerInput {
  id?: string
  paymentMethodType?: 'card' | 'ach'
  paymentMethodId?: string
  billingAddressId?: string
  shippingAddressId?: string
}

interface SubscriptionInput {
  planId?: string
  description?: string
  customer?: CustomerInput
  amount?: number
  currency?: string
  schedule: Partial<Schedule>
  nextBillDate?: string
  addOns?: AdjustmentRef[]
  discounts?: AdjustmentRef[]
  lineItems?: unknown[]
}

const readCustomerRef = (
  r: Reader,
  body: JsonObject,
  creating: boolean,
): CustomerInput | undefined => {
  const obj = r.object(body, 'customer', [], creating)
  if (obj === undefined) return undefined
  const at = ['customer']
  const out: CustomerInput = {}
  const id = r.string(obj, 'id', at, { required: creating })
  if (id !== undefined) out.id = id
  const type = r.string(obj, 'payment_method_type', at, { oneOf: ['card', 'ach'] })
  if (type !== undefined) out.paymentMethodType = type as 'card' | 'ach'
  const pm = r.string(obj, 'payment_method_id', at)
  if (pm !== undefined && pm !== '') out.paymentMethodId = pm
  if (type !== undefined && out.paymentMethodId === undefined)
    r.add([...at, 'payment_method_id'], { kind: 'required' })
  const billing = r.string(obj, 'billing_address_id', at)
  if (billing !== undefined && billing !== '') out.billingAddressId = billing
  const shipping = r.string(obj, 'shipping_address_id', at)
  if (shipping !== undefined && shipping !== '') out.shippingAddressId = shipping
  return out
}

const readSubscription = (r: Reader, body: JsonObject, creating: boolean): SubscriptionInput => {
  const out: SubscriptionInput = { schedule: readSchedule(r, body) }
  const planId = r.string(body, 'plan_id', [])
  if (planId !== undefined && planId !== '') out.planId = planId
  const description = r.string(body, 'description', [], { max: 255 })
  if (description !== undefined) out.description = description
  const customer = readCustomerRef(r, body, creating)
  if (customer !== undefined) out.customer = customer
  const amount = r.number(body, 'amount', [], { integer: true, min: 0, max: 100_000_000 })
  if (amount !== undefined) out.amount = amount
  const currency = r.string(body, 'currency', [], { max: 3 })
  if (currency !== undefined) out.currency = currency
  const next = readDay(r, body, 'next_bill_date')
  if (next !== undefined) out.nextBillDate = next
  const addOns = readAdjustmentRefs(r, body, 'add_ons')
  if (addOns !== undefined) out.addOns = addOns
  const discounts = readAdjustmentRefs(r, body, 'discounts')
  if (discounts !== undefined) out.discounts = discounts
  if (body.line_items !== undefined && body.line_items !== null) {
    if (Array.isArray(body.line_items)) out.lineItems = body.line_items as unknown[]
    else r.add(['line_items'], { kind: 'type', expected: 'array' })
  }
  return out
}

/** The customer, payment method and addresses a subscription charges, checked against the vault. */
const resolveCustomer = (
  m: Merchant,
  current: SubscriptionCustomer | undefined,
  input: CustomerInput,
): SubscriptionCustomer | SimResponse => {
  const id = input.id ?? current?.id ?? ''
  const c = m.customers.get(id)
  if (c === undefined) return failed(404, 'customer not found')
  const same = current !== undefined && current.id === id
  let type = same ? current.paymentMethodType : undefined
  let pm = same ? current.paymentMethodId : undefined
  if (input.paymentMethodId !== undefined) {
    pm = input.paymentMethodId
    type =
      input.paymentMethodType ??
      (c.cards.some((x) => x.id === pm) ? 'card' : c.ach.some((x) => x.id === pm) ? 'ach' : 'card')
    const list: readonly { id: string }[] = type === 'card' ? c.cards : c.ach
    if (!list.some((x) => x.id === pm)) return failed(404, 'payment method not found')
  } else if (!same) {
    const t = c.defaults.payment_method_type
    if ((t !== 'card' && t !== 'ach') || c.defaults.payment_method_id === '')
      return failed(400, 'customer has no default card or ach payment method')
    type = t
    pm = c.defaults.payment_method_id
  }
  const address = (given: string | undefined, kept: string | undefined, fallback: string) => {
    const value = given ?? (same ? kept : undefined) ?? fallback
    return value === '' || c.addresses.some((a) => a.id === value) ? value : null
  }
  const billing = address(
    input.billingAddressId,
    current?.billingAddressId,
    c.defaults.billing_address_id,
  )
  const shipping = address(
    input.shippingAddressId,
    current?.shippingAddressId,
    c.defaults.shipping_address_id,
  )
  if (billing === null || shipping === null) return failed(404, 'address not found')
  return {
    id,
    paymentMethodType: type as 'card' | 'ach',
    paymentMethodId: pm as string,
    billingAddressId: billing,
    shippingAddressId: shipping,
  }
}

/** `charge_on_day: true` bills on today's day of the month (a monthly schedule's one day). */
const applyChargeOnDay = (s: Schedule, today: string): void => {
  if (s.chargeOnDay && s.billingFrequency === 'monthly')
    s.billingDays = String(Number(today.slice(8)))
}

/** FR16 */
export const createSubscription =
  (sim: FluidPaySim): Authed =>
  (_req, m, body) => {
    const r = new Reader()
    const input = readSubscription(r, body, true)
    if (!r.ok) return badRequest(r.problems)
    const plan = input.planId === undefined ? undefined : m.plans.get(input.planId)
    if (input.planId !== undefined && plan === undefined) return failed(404, 'plan not found')
    const rules = sim.options.rules().fluidpayRecurring
    const today = sim.billing.today()
    const schedule: Schedule = {
      billingCycleInterval: input.schedule.billingCycleInterval ?? plan?.billingCycleInterval ?? 1,
      billingFrequency: input.schedule.billingFrequency ?? plan?.billingFrequency ?? 'monthly',
      billingDays: input.schedule.billingDays ?? plan?.billingDays ?? '',
      chargeOnDay: input.schedule.chargeOnDay ?? plan?.chargeOnDay ?? false,
      duration: input.schedule.duration ?? plan?.duration ?? 0,
    }
    if (plan === undefined && input.schedule.billingFrequency === undefined)
      r.add(['billing_frequency'], { kind: 'required' })
    if (plan === undefined && input.amount === undefined) r.add(['amount'], { kind: 'required' })
    applyChargeOnDay(schedule, today)
    if (r.ok) checkSchedule(r, schedule)
    if (!r.ok) return badRequest(r.problems)
    const dateProblem =
      input.nextBillDate === undefined
        ? null
        : nextBillDateProblem(rules.nextBillDate, input.nextBillDate, today)
    if (dateProblem !== null) return failed(400, dateProblem)
    const missing = missingAdjustment(m, input.addOns, input.discounts)
    if (missing !== null) return missing
    const customer = resolveCustomer(m, undefined, input.customer ?? {})
    if ('status' in customer) return customer
    const now = sim.clock()
    const nextBillDate =
      schedule.chargeOnDay && rules.chargeOnDayMovesDate
        ? today
        : (input.nextBillDate ?? firstBillDateAfter(schedule, today, rules.shortMonths))
    const s: Subscription = {
      id: newId(sim, m),
      planId: plan?.id ?? '',
      status: 'active',
      description: input.description ?? plan?.description ?? '',
      customer,
      amount: input.amount ?? plan?.amount ?? 0,
      currency: input.currency,
      ...schedule,
      nextBillDate,
      addOns: input.addOns ?? [...(plan?.addOns ?? [])],
      discounts: input.discounts ?? [...(plan?.discounts ?? [])],
      lineItems: input.lineItems,
      remaining: schedule.duration > 0 ? schedule.duration : null,
      approved: 0,
      createdAt: now,
      updatedAt: now,
    }
    m.subscriptions.set(s.id, s)
    if (rules.chargeOnCreate) sim.billing.record(chargeSubscription(sim, m, s, today, 'create'))
    return success(subscriptionView(sim, m, s))
  }

const withSubscription =
  (
    handler: (s: Subscription, m: Merchant, body: JsonObject, req: SimRequest) => SimResponse,
  ): Authed =>
  (req, m, body) => {
    const s = m.subscriptions.get(req.params.id ?? '')
    return s === undefined ? failed(404, 'subscription not found') : handler(s, m, body, req)
  }

/** FR17 */
export const getSubscription = (sim: FluidPaySim): Authed =>
  withSubscription((s, m) => byIdAnswer(sim, subscriptionView(sim, m, s)))

/** FR19: any field may change; `duration` sets the billings still to run. */
export const updateSubscription = (sim: FluidPaySim): Authed =>
  withSubscription((s, m, body) => {
    const r = new Reader()
    const input = readSubscription(r, body, false)
    const schedule: Schedule = {
      billingCycleInterval: input.schedule.billingCycleInterval ?? s.billingCycleInterval,
      billingFrequency: input.schedule.billingFrequency ?? s.billingFrequency,
      billingDays: input.schedule.billingDays ?? s.billingDays,
      chargeOnDay: input.schedule.chargeOnDay ?? s.chargeOnDay,
      duration: input.schedule.duration ?? s.duration,
    }
    const today = sim.billing.today()
    if (input.schedule.chargeOnDay === true) applyChargeOnDay(schedule, today)
    if (r.ok) checkSchedule(r, schedule)
    if (!r.ok) return badRequest(r.problems)
    const rules = sim.options.rules().fluidpayRecurring
    const dateProblem =
      input.nextBillDate === undefined
        ? null
        : nextBillDateProblem(rules.nextBillDate, input.nextBillDate, today)
    if (dateProblem !== null) return failed(400, dateProblem)
    if (input.planId !== undefined && !m.plans.has(input.planId))
      return failed(404, 'plan not found')
    const missing = missingAdjustment(m, input.addOns, input.discounts)
    if (missing !== null) return missing
    const customer =
      input.customer === undefined ? s.customer : resolveCustomer(m, s.customer, input.customer)
    if ('status' in customer) return customer
    Object.assign(s, schedule)
    s.customer = customer
    if (input.schedule.duration !== undefined)
      s.remaining = input.schedule.duration > 0 ? input.schedule.duration : null
    if (input.planId !== undefined) s.planId = input.planId
    if (input.description !== undefined) s.description = input.description
    if (input.amount !== undefined) s.amount = input.amount
    if (input.currency !== undefined) s.currency = input.currency
    if (input.nextBillDate !== undefined) s.nextBillDate = input.nextBillDate
    if (input.addOns !== undefined) s.addOns = input.addOns
    if (input.discounts !== undefined) s.discounts = input.discounts
    if (input.lineItems !== undefined) s.lineItems = input.lineItems
    s.updatedAt = sim.clock()
    return success(subscriptionView(sim, m, s))
  })

/** FR20 */
export const deleteSubscription: Authed = withSubscription((s, m) => {
  m.subscriptions.delete(s.id)
  return success(null)
})

/** FR21: `GET …/status/{status}`; `active` takes `?next_bill_date=YYYY-MM-DD`. */
export const changeStatus = (sim: FluidPaySim): Authed =>
  withSubscription((s, m, _body, req) => {
    const status = req.params.status ?? ''
    if ((GATEWAY_STATUSES as readonly string[]).includes(status))
      return failed(400, `status ${status} is set by the gateway, not by a request`)
    if (!(CLIENT_STATUSES as readonly string[]).includes(status))
      return failed(400, `invalid status ${status}: use one of ${CLIENT_STATUSES.join(', ')}`)
    const rules = sim.options.rules().fluidpayRecurring
    if (
      rules.cancelledIsFinal &&
      (s.status === 'cancelled' || s.status === 'stopped') &&
      status !== s.status
    )
      return failed(400, `subscription is ${s.status} and cannot change status`)
    const today = sim.billing.today()
    if (status === 'active') {
      const r = new Reader()
      const date = readDay(r, Object.fromEntries(req.query), 'next_bill_date')
      if (!r.ok) return badRequest(r.problems)
      if (s.remaining === 0) return failed(400, 'subscription has completed its duration')
      if (date !== undefined) {
        const problem = nextBillDateProblem(rules.nextBillDate, date, today)
        if (problem !== null) return failed(400, problem)
        s.nextBillDate = date
      } else if (s.status !== 'active' && s.status !== 'failing') {
        // Periods missed while not active are skipped, not charged late.
        s.nextBillDate = rollForward(s, s.nextBillDate, today, rules.shortMonths)
      }
    }
    s.status = status as Subscription['status']
    s.updatedAt = sim.clock()
    return success(subscriptionView(sim, m, s))
  })
