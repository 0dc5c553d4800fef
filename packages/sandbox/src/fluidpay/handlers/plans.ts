/**
 * Plans (FR11–FR15): create, get, list, update (POST, partial; `update_subscriptions: true`
 * pushes the new amount to every subscription on the plan) and delete. Subscriptions keep their
 * `plan_id` when their plan is deleted.
 */
import type { JsonObject, SimResponse } from '../../common/engine'
import { Reader } from '../../common/fields'
import type { Authed } from '../access'
import { checkSchedule, readAdjustmentRefs, readSchedule } from '../recurringInputs'
import type { AdjustmentRef, Plan, Schedule } from '../recurringState'
import { byIdAnswer, planView } from '../recurringViews'
import { badRequest, failed, success } from '../respond'
import { type FluidPaySim, type Merchant, newId } from '../state'

/** The first adjustment a list names that the merchant does not have, as a 404. */
export const missingAdjustment = (
  m: Merchant,
  addOns: readonly AdjustmentRef[] | undefined,
  discounts: readonly AdjustmentRef[] | undefined,
): SimResponse | null => {
  const addon = addOns?.find((ref) => !m.addons.has(ref.id))
  if (addon !== undefined) return failed(404, `addon ${addon.id} not found`)
  const discount = discounts?.find((ref) => !m.discounts.has(ref.id))
  if (discount !== undefined) return failed(404, `discount ${discount.id} not found`)
  return null
}

interface PlanInput {
  name?: string
  description?: string
  amount?: number
  currency?: string
  features?: JsonObject
  schedule: Partial<Schedule>
  addOns?: AdjustmentRef[]
  discounts?: AdjustmentRef[]
}

const readPlan = (r: Reader, body: JsonObject, creating: boolean): PlanInput => {
  const out: PlanInput = { schedule: readSchedule(r, body) }
  const name = r.string(body, 'name', [], { required: creating, max: 255 })
  if (name !== undefined) out.name = name
  const description = r.string(body, 'description', [], { max: 255 })
  if (description !== undefined) out.description = description
  const amount = r.number(body, 'amount', [], {
    required: creating,
    integer: true,
    min: 0,
    max: 100_000_000,
  })
  if (amount !== undefined) out.amount = amount
  const currency = r.string(body, 'currency', [], { max: 3 })
  if (currency !== undefined) out.currency = currency
  const features = r.object(body, 'features', [])
  if (features !== undefined) out.features = features
  const addOns = readAdjustmentRefs(r, body, 'add_ons')
  if (addOns !== undefined) out.addOns = addOns
  const discounts = readAdjustmentRefs(r, body, 'discounts')
  if (discounts !== undefined) out.discounts = discounts
  if (creating && out.schedule.billingFrequency === undefined)
    r.add(['billing_frequency'], { kind: 'required' })
  return out
}

const withPlan =
  (handler: (p: Plan, m: Merchant, body: JsonObject) => SimResponse): Authed =>
  (req, m, body) => {
    const p = m.plans.get(req.params.id ?? '')
    return p === undefined ? failed(404, 'plan not found') : handler(p, m, body)
  }

/** FR11 */
export const createPlan =
  (sim: FluidPaySim): Authed =>
  (_req, m, body) => {
    const r = new Reader()
    const input = readPlan(r, body, true)
    const schedule: Schedule = {
      billingCycleInterval: input.schedule.billingCycleInterval ?? 1,
      billingFrequency: input.schedule.billingFrequency ?? 'monthly',
      billingDays: input.schedule.billingDays ?? '',
      chargeOnDay: input.schedule.chargeOnDay ?? false,
      duration: input.schedule.duration ?? 0,
    }
    if (r.ok) checkSchedule(r, schedule)
    if (!r.ok) return badRequest(r.problems)
    const missing = missingAdjustment(m, input.addOns, input.discounts)
    if (missing !== null) return missing
    const now = sim.clock()
    const p: Plan = {
      id: newId(sim, m),
      name: input.name ?? '',
      description: input.description ?? '',
      amount: input.amount ?? 0,
      currency: input.currency,
      features: input.features,
      ...schedule,
      addOns: input.addOns ?? [],
      discounts: input.discounts ?? [],
      createdAt: now,
      updatedAt: now,
    }
    m.plans.set(p.id, p)
    return success(planView(m, p))
  }

/** FR12 */
export const getPlan = (sim: FluidPaySim): Authed =>
  withPlan((p, m) => byIdAnswer(sim, planView(m, p)))

/** FR13 */
export const listPlans: Authed = (_req, m) => {
  const all = m.plans.values()
  return success(
    all.map((p) => planView(m, p)),
    { total_count: all.length },
  )
}

/** FR14 */
export const updatePlan = (sim: FluidPaySim): Authed =>
  withPlan((p, m, body) => {
    const r = new Reader()
    const input = readPlan(r, body, false)
    const pushAmount = r.boolean(body, 'update_subscriptions', []) ?? false
    const schedule: Schedule = {
      billingCycleInterval: input.schedule.billingCycleInterval ?? p.billingCycleInterval,
      billingFrequency: input.schedule.billingFrequency ?? p.billingFrequency,
      billingDays: input.schedule.billingDays ?? p.billingDays,
      chargeOnDay: input.schedule.chargeOnDay ?? p.chargeOnDay,
      duration: input.schedule.duration ?? p.duration,
    }
    if (r.ok) checkSchedule(r, schedule)
    if (!r.ok) return badRequest(r.problems)
    const missing = missingAdjustment(m, input.addOns, input.discounts)
    if (missing !== null) return missing
    Object.assign(p, schedule)
    if (input.name !== undefined) p.name = input.name
    if (input.description !== undefined) p.description = input.description
    if (input.amount !== undefined) p.amount = input.amount
    if (input.currency !== undefined) p.currency = input.currency
    if (input.features !== undefined) p.features = input.features
    if (input.addOns !== undefined) p.addOns = input.addOns
    if (input.discounts !== undefined) p.discounts = input.discounts
    p.updatedAt = sim.clock()
    if (pushAmount) {
      for (const s of m.subscriptions.values()) {
        if (s.planId !== p.id) continue
        s.amount = p.amount
        s.updatedAt = p.updatedAt
      }
    }
    return success(planView(m, p))
  })

/** FR15 */
export const deletePlan: Authed = withPlan((p, m) => {
  m.plans.delete(p.id)
  return success(null)
})
