/**
 * How the recurring records are shown on the wire: add-ons and discounts (the unused one of
 * `amount` / `percentage` is `null`), plans (`total_add_ons`, `total_discounts`) and
 * subscriptions (`total_adds`, `total_discounts`, `add_ons`/`discounts` `null` when empty), and
 * the GET-by-id answer, an object or a one-element array (`fluidpayRecurring.getByIdAsArray`).
 */
import { rfc3339Nano } from '../common/dates'
import type { JsonObject, SimResponse } from '../common/engine'
import { success } from './respond'
import {
  type Adjustment,
  type AdjustmentRef,
  type Plan,
  type Subscription,
  effectiveAmount,
  totalOf,
} from './recurringState'
import type { FluidPaySim, Merchant } from './state'

export const adjustmentView = (a: Adjustment): JsonObject => ({
  id: a.id,
  name: a.name,
  description: a.description,
  amount: a.amount,
  percentage: a.percentage,
  duration: a.duration,
  created_at: rfc3339Nano(a.createdAt),
  updated_at: rfc3339Nano(a.updatedAt),
})

/** An adjustment as embedded in a plan or subscription: the record with the overrides applied. */
const refView = (ref: AdjustmentRef, record: Adjustment | undefined): JsonObject => {
  const { amount, percentage } = effectiveAmount(ref, record)
  return {
    id: ref.id,
    name: ref.name ?? record?.name ?? '',
    description: ref.description ?? record?.description ?? '',
    amount,
    percentage,
    duration: ref.duration ?? record?.duration ?? 0,
    created_at: null,
    updated_at: null,
  }
}

const refsView = (
  refs: readonly AdjustmentRef[],
  records: Merchant['addons'],
  emptyAsNull: boolean,
): JsonObject[] | null =>
  refs.length === 0 && emptyAsNull ? null : refs.map((ref) => refView(ref, records.get(ref.id)))

const scheduleView = (s: Plan | Subscription, duration: number): JsonObject => ({
  billing_cycle_interval: s.billingCycleInterval,
  billing_frequency: s.billingFrequency,
  billing_days: s.billingDays,
  charge_on_day: s.chargeOnDay,
  duration,
})

export const planView = (m: Merchant, p: Plan): JsonObject => ({
  id: p.id,
  name: p.name,
  description: p.description,
  amount: p.amount,
  ...(p.currency === undefined ? {} : { currency: p.currency }),
  ...scheduleView(p, p.duration),
  total_add_ons: totalOf(p.addOns, m.addons, p.amount),
  total_discounts: totalOf(p.discounts, m.discounts, p.amount),
  add_ons: refsView(p.addOns, m.addons, false),
  discounts: refsView(p.discounts, m.discounts, false),
  ...(p.features === undefined ? {} : { features: p.features }),
  created_at: rfc3339Nano(p.createdAt),
  updated_at: rfc3339Nano(p.updatedAt),
})

export const subscriptionView = (sim: FluidPaySim, m: Merchant, s: Subscription): JsonObject => {
  const shows = sim.options.rules().fluidpayRecurring.durationShows
  return {
    id: s.id,
    plan_id: s.planId,
    status: s.status,
    description: s.description,
    customer: {
      id: s.customer.id,
      payment_method_type: s.customer.paymentMethodType,
      payment_method_id: s.customer.paymentMethodId,
      billing_address_id: s.customer.billingAddressId,
      shipping_address_id: s.customer.shippingAddressId,
    },
    amount: s.amount,
    ...(s.currency === undefined ? {} : { currency: s.currency }),
    total_adds: totalOf(s.addOns, m.addons, s.amount),
    total_discounts: totalOf(s.discounts, m.discounts, s.amount),
    ...scheduleView(s, shows === 'remaining' ? (s.remaining ?? 0) : s.duration),
    next_bill_date: s.nextBillDate,
    add_ons: refsView(s.addOns, m.addons, true),
    discounts: refsView(s.discounts, m.discounts, true),
    ...(s.lineItems === undefined ? {} : { line_items: s.lineItems }),
    created_at: rfc3339Nano(s.createdAt),
    updated_at: rfc3339Nano(s.updatedAt),
  }
}

/** The answer of a GET by id: the record, or `[record]` under the array switch. */
export const byIdAnswer = (sim: FluidPaySim, view: JsonObject): SimResponse =>
  success(sim.options.rules().fluidpayRecurring.getByIdAsArray ? [view] : view)
