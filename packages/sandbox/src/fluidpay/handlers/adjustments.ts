/**
 * Add-ons (FR1–FR5) and discounts (FR6–FR10): create, get, list (`total_count`), update (POST,
 * partial) and delete (`data: null`). One adjustment still named by a plan or a subscription
 * cannot be deleted (the documents say such a delete "may fail"; the simulator refuses it).
 */
import type { JsonObject, SimResponse } from '../../common/engine'
import { Reader } from '../../common/fields'
import type { Authed } from '../access'
import { readAdjustment } from '../recurringInputs'
import type { Adjustment } from '../recurringState'
import { adjustmentView, byIdAnswer } from '../recurringViews'
import { badRequest, failed, success } from '../respond'
import { type FluidPaySim, type Merchant, newId } from '../state'

export type AdjustmentKind = 'addon' | 'discount'

const tableOf = (m: Merchant, kind: AdjustmentKind) => (kind === 'addon' ? m.addons : m.discounts)

const notFound = (kind: AdjustmentKind): SimResponse => failed(404, `${kind} not found`)

const withAdjustment =
  (
    kind: AdjustmentKind,
    handler: (a: Adjustment, m: Merchant, body: JsonObject) => SimResponse,
  ): Authed =>
  (req, m, body) => {
    const a = tableOf(m, kind).get(req.params.id ?? '')
    return a === undefined ? notFound(kind) : handler(a, m, body)
  }

/** FR1 / FR6 */
export const createAdjustment =
  (sim: FluidPaySim, kind: AdjustmentKind): Authed =>
  (_req, m, body) => {
    const r = new Reader()
    const input = readAdjustment(r, body)
    if (!r.ok) return badRequest(r.problems)
    const now = sim.clock()
    const a: Adjustment = {
      id: newId(sim, m),
      name: input.name ?? '',
      description: input.description ?? '',
      amount: input.amount === undefined ? 0 : input.amount,
      percentage: input.percentage ?? null,
      duration: input.duration ?? 0,
      createdAt: now,
      updatedAt: now,
    }
    tableOf(m, kind).set(a.id, a)
    return success(adjustmentView(a))
  }

/** FR2 / FR7 */
export const getAdjustment = (sim: FluidPaySim, kind: AdjustmentKind): Authed =>
  withAdjustment(kind, (a) => byIdAnswer(sim, adjustmentView(a)))

/** FR3 / FR8 */
export const listAdjustments =
  (kind: AdjustmentKind): Authed =>
  (_req, m) => {
    const all = tableOf(m, kind).values()
    return success(all.map(adjustmentView), { total_count: all.length })
  }

/** FR4 / FR9 */
export const updateAdjustment = (sim: FluidPaySim, kind: AdjustmentKind): Authed =>
  withAdjustment(kind, (a, _m, body) => {
    const r = new Reader()
    const input = readAdjustment(r, body)
    if (!r.ok) return badRequest(r.problems)
    if (input.name !== undefined) a.name = input.name
    if (input.description !== undefined) a.description = input.description
    if (input.amount !== undefined) a.amount = input.amount
    if (input.percentage !== undefined) a.percentage = input.percentage
    if (input.duration !== undefined) a.duration = input.duration
    a.updatedAt = sim.clock()
    return success(adjustmentView(a))
  })

/** FR5 / FR10 */
export const deleteAdjustment = (kind: AdjustmentKind): Authed =>
  withAdjustment(kind, (a, m) => {
    const key = kind === 'addon' ? 'addOns' : 'discounts'
    const used =
      m.plans.values().some((p) => p[key].some((ref) => ref.id === a.id)) ||
      m.subscriptions.values().some((s) => s[key].some((ref) => ref.id === a.id))
    if (used) return failed(400, `${kind} ${a.id} is used by a plan or a subscription`)
    tableOf(m, kind).delete(a.id)
    return success(null)
  })
