/**
 * Valor's subscription API, family A: one POST route (any `?…` query: the path is cosmetic)
 * that authenticates by `appid` / `appkey` / `epi` in the JSON body and dispatches on
 * `txn_type`: `add_subscription` (VR1), `updateSubscription` (VR2; `update_subscription` is
 * read as the same), `activateSubscription` (VR3), `deactivateSubscription` (VR4),
 * `deleteSubscription` (VR5), `listsubscription` (VR6). Successes carry `error_no: "S00"` and
 * `error_code: "00"`; refusals are HTTP 400 `{error_no, desc}`; under
 * `valorRecurring.emptyAddAnswer` a valid add gets an empty `text/html` 200.
 */
import { dayFromMdy, isDay } from '../../common/calendar'
import type { Handler, JsonObject, SimResponse } from '../../common/engine'
import { isObject, parseJson } from '../../common/engine'
import { chargeValor } from '../billing'
import { emptyHtml200, subscriptionError, subscriptionOk } from '../respond'
import { type Merchant, type ValorSim, epiOf, merchantOf } from '../state'
import { type SubscriptionFields, readSubscriptionBody, text } from '../subscriptionInputs'
import {
  type Subscription,
  firstChargeDate,
  nextChargeDate,
  subscriptionView,
} from '../subscriptionState'
import { moveSubscription, removeSubscription, storeSubscription } from '../subscriptionsByCustomer'

/** The route id of each `txn_type` (fault scripts name them). */
export const TXN_ROUTE_IDS: Readonly<Record<string, string>> = {
  add_subscription: 'VR1',
  updateSubscription: 'VR2',
  update_subscription: 'VR2',
  activateSubscription: 'VR3',
  deactivateSubscription: 'VR4',
  deleteSubscription: 'VR5',
  listsubscription: 'VR6',
}

type Operation = (sim: ValorSim, m: Merchant, body: JsonObject) => SimResponse

const notFound = (): SimResponse => subscriptionError('SIM06', 'SUBSCRIPTION NOT FOUND')

const findSubscription = (m: Merchant, body: JsonObject): Subscription | undefined => {
  const id = text(body, 'subscription_id')
  return id === undefined || !/^\d{1,11}$/.test(id) ? undefined : m.subscriptions.get(Number(id))
}

/** Charges now for an add or update with `is_validate_card: "0"`; returns the transaction id. */
const chargeNow = (
  sim: ValorSim,
  m: Merchant,
  s: Subscription,
  trigger: 'create' | 'update',
): string => sim.billing.record(chargeValor(sim, m, s, sim.billing.today(), trigger)).transactionId

/** VR1 */
const add: Operation = (sim, m, body) => {
  const fields = readSubscriptionBody(sim, m, body, undefined)
  if ('status' in fields) return fields
  const rules = sim.rules().valorRecurring
  if (rules.emptyAddAnswer === 'notCreated') return emptyHtml200()
  const type = fields.recurringType ?? '2'
  const chargeOn = fields.chargeOn ?? ''
  const startsFrom = fields.startsFrom as string
  const s: Subscription = {
    id: m.nextSubscription++,
    status: 'active',
    customerId: fields.customerId,
    paymentId: fields.paymentId,
    amountCents: fields.amountCents ?? 0,
    surchargeCents: fields.surchargeCents ?? 0,
    taxCents: fields.taxCents ?? 0,
    surchargeIndicator: fields.surchargeIndicator ?? '0',
    recurringType: type,
    chargeOn,
    startsFrom,
    chargeUntil: fields.chargeUntil ?? 'never_expired',
    remaining: fields.remaining ?? null,
    paymentsCount: 0,
    nextDate: firstChargeDate(type, chargeOn, startsFrom, rules.weekdayZero),
    invoiceNo: fields.invoiceNo ?? '',
    productDescription: fields.productDescription ?? '',
    descriptor: fields.descriptor ?? '',
    retryCount: fields.retryCount ?? 0,
    failureNotification: fields.failureNotification ?? '0',
    email: fields.email ?? '',
    phone: fields.phone ?? '',
    createdAt: sim.clock(),
  }
  storeSubscription(m, s)
  if (fields.isValidateCard === '0') {
    // "Immediate payment for the current billing cycle"; the schedule then runs from the start.
    if (rules.validateCardZero === 'chargeNowSkipFirst')
      s.nextDate = nextChargeDate(type, chargeOn, s.nextDate) ?? s.nextDate
    chargeNow(sim, m, s, 'create')
  }
  // No transaction id in the add answer, even when it charged.
  return rules.emptyAddAnswer === 'created'
    ? emptyHtml200()
    : subscriptionOk({ subscription_id: s.id })
}

const applyUpdate = (sim: ValorSim, m: Merchant, s: Subscription, f: SubscriptionFields): void => {
  const scheduleChanged =
    f.recurringType !== undefined || f.chargeOn !== undefined || f.startsFrom !== undefined
  moveSubscription(m, s, f.customerId)
  s.paymentId = f.paymentId
  if (f.amountCents !== undefined) s.amountCents = f.amountCents
  if (f.surchargeCents !== undefined) s.surchargeCents = f.surchargeCents
  if (f.taxCents !== undefined) s.taxCents = f.taxCents
  if (f.surchargeIndicator !== undefined) s.surchargeIndicator = f.surchargeIndicator
  if (f.recurringType !== undefined) s.recurringType = f.recurringType
  if (f.chargeOn !== undefined) s.chargeOn = f.chargeOn
  if (f.startsFrom !== undefined) s.startsFrom = f.startsFrom
  if (f.chargeUntil !== undefined) {
    s.chargeUntil = f.chargeUntil
    s.remaining = f.remaining ?? null
    if (s.status === 'completed' && s.remaining !== 0) s.status = 'active'
  }
  for (const key of [
    'invoiceNo',
    'productDescription',
    'descriptor',
    'retryCount',
    'failureNotification',
    'email',
    'phone',
  ] as const) {
    if (f[key] !== undefined) Object.assign(s, { [key]: f[key] })
  }
  if (scheduleChanged) {
    const today = sim.billing.today()
    const from = s.startsFrom > today ? s.startsFrom : today
    s.nextDate = firstChargeDate(
      s.recurringType,
      s.chargeOn,
      from,
      sim.rules().valorRecurring.weekdayZero,
    )
  }
}

/** VR2: `payment_info` required; fields left out keep their values. */
const update: Operation = (sim, m, body) => {
  const s = findSubscription(m, body)
  if (s === undefined) return notFound()
  const fields = readSubscriptionBody(sim, m, body, s)
  if ('status' in fields) return fields
  applyUpdate(sim, m, s, fields)
  const txnId = fields.isValidateCard === '0' ? chargeNow(sim, m, s, 'update') : ''
  return subscriptionOk({
    msg: 'SUBSRIPTION_EDITED',
    subscription_id: s.id,
    ...(txnId === '' ? {} : { txn_id: txnId }),
  })
}

/** VR3: resumes; cycles missed while inactive are skipped, not charged. */
const activate: Operation = (sim, m, body) => {
  const s = findSubscription(m, body)
  if (s === undefined) return notFound()
  if (s.status === 'completed') return subscriptionError('SIM09', 'SUBSCRIPTION COMPLETED')
  if (s.status === 'inactive') {
    const today = sim.billing.today()
    while (s.nextDate < today) {
      const next = nextChargeDate(s.recurringType, s.chargeOn, s.nextDate)
      if (next === null) break
      s.nextDate = next
    }
  }
  s.status = 'active'
  return subscriptionOk({ msg: 'SUBSCRIPTION ACTIVATED', subscription_id: s.id })
}

/** VR4: pauses (undone by VR3). */
const deactivate: Operation = (_sim, m, body) => {
  const s = findSubscription(m, body)
  if (s === undefined) return notFound()
  if (s.status === 'active') s.status = 'inactive'
  return subscriptionOk({ msg: 'SUBSCRIPTION DEACTIVATED', subscription_id: s.id })
}

/** VR5: permanent. */
const remove: Operation = (_sim, m, body) => {
  const s = findSubscription(m, body)
  if (s === undefined) return notFound()
  removeSubscription(m, s)
  return subscriptionOk({ msg: 'SUBSCRIPTION DELETED', subscription_id: s.id })
}

/**
 * VR6: optional filters `status` (boolean, or "true"/"false": active or not), `subscription_id`
 * and `subscription_starts_from` (`MM/DD/YYYY` or `YYYY-MM-DD`, an exact start date).
 */
const list: Operation = (_sim, m, body) => {
  const rawStatus = body.status
  const status =
    rawStatus === true || rawStatus === 'true'
      ? true
      : rawStatus === false || rawStatus === 'false'
        ? false
        : undefined
  const rawId = text(body, 'subscription_id')
  const rawStart = text(body, 'subscription_starts_from')
  const start =
    rawStart === undefined ? undefined : isDay(rawStart) ? rawStart : dayFromMdy(rawStart)
  if (start === null) return subscriptionError('SUB07', 'USE MM/DD/YYYY FORMAT')
  const data = m.subscriptions
    .values()
    .filter(
      (s) =>
        (status === undefined || (s.status === 'active') === status) &&
        (rawId === undefined || String(s.id) === rawId) &&
        (start === undefined || s.startsFrom === start),
    )
    .map(subscriptionView)
  return subscriptionOk({ data })
}

const OPERATIONS: Readonly<Record<string, Operation>> = {
  VR1: add,
  VR2: update,
  VR3: activate,
  VR4: deactivate,
  VR5: remove,
  VR6: list,
}

/** The one route: JSON body, credentials in it, then the operation its `txn_type` names. */
export const subscriptionRoute =
  (sim: ValorSim): Handler =>
  (req) => {
    const body = parseJson(req.body)
    if (!isObject(body)) return subscriptionError('SIM10', 'INVALID JSON BODY')
    const appId = text(body, 'appid')
    const appKey = text(body, 'appkey')
    const credentials = sim.credentials.find((c) => c.appId === appId && c.appKey === appKey)
    if (credentials === undefined) return subscriptionError('SIM01', 'INVALID APP ID OR APP KEY')
    if (text(body, 'epi') !== epiOf(credentials)) return subscriptionError('D27', 'INVALID EPI ID')
    const operation = OPERATIONS[TXN_ROUTE_IDS[text(body, 'txn_type') ?? ''] ?? '']
    if (operation === undefined) return subscriptionError('SIM07', 'INVALID TXN TYPE')
    return operation(sim, merchantOf(sim)(credentials), body)
  }

/** The finer route id of a subscription request, by its `txn_type` (`VR` when unknown). */
export const subscriptionRouteId = (body: string): string => {
  const parsed = parseJson(body)
  const type = isObject(parsed) ? text(parsed, 'txn_type') : undefined
  return TXN_ROUTE_IDS[type ?? ''] ?? 'VR'
}
