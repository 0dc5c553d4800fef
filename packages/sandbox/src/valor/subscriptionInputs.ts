/**
 * Reading a subscription add or update body, in the order the documented refusals suggest:
 * `payment_info` (A44), `invoice_no` (A40), the start date's format (SUB07) and that it is not
 * past (SUB08), a failure notification without a contact (SUB21), then amount, recurring type,
 * `charge_on`, `charge_until` and the required flags. Codes named `SIM…` are the simulator's own:
 * Valor publishes none for those cases.
 */
import { isDay } from '../common/calendar'
import type { JsonObject, SimResponse } from '../common/engine'
import { isObject } from '../common/engine'
import { subscriptionError } from './respond'
import type { Merchant, ValorSim } from './state'
import {
  MONTHLY_TYPES,
  RECURRING_TYPES,
  type RecurringType,
  type Subscription,
  WEEKLY_TYPES,
} from './subscriptionState'

/** What an add or update body sets (every field optional on update). */
export interface SubscriptionFields {
  customerId: number
  paymentId: number
  invoiceNo?: string
  startsFrom?: string
  amountCents?: number
  recurringType?: RecurringType
  chargeOn?: string
  chargeUntil?: string
  remaining?: number | null
  isValidateCard?: '0' | '1'
  surchargeCents?: number
  surchargeIndicator?: string
  taxCents?: number
  failureNotification?: string
  email?: string
  phone?: string
  productDescription?: string
  descriptor?: string
  retryCount?: number
}

/** A string, or a number read as its decimal text; `undefined` for anything else or empty. */
export const text = (body: JsonObject, key: string): string | undefined => {
  const v = body[key]
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** Dollars with at most two decimals → cents; `null` when not such an amount. */
const centsOf = (raw: string | undefined): number | null => {
  if (raw === undefined || !/^\d{1,9}(\.\d{1,2})?$/.test(raw)) return null
  return Math.round(Number(raw) * 100)
}

const readPaymentInfo = (
  m: Merchant,
  body: JsonObject,
): { customerId: number; paymentId: number } | SimResponse => {
  const bad = subscriptionError('A44', 'INVALID PAYMENT INFO')
  const info = body.payment_info
  if (!isObject(info)) return bad
  const customer = text(info, 'CustomerProfileID')
  const payment = text(info, 'PaymentProfileID')
  if (customer === undefined || payment === undefined) return bad
  if (!/^\d{1,11}$/.test(customer) || !/^\d{1,11}$/.test(payment)) return bad
  const c = m.customers.get(Number(customer))
  if (c === undefined || !c.cards.some((card) => card.paymentId === Number(payment))) return bad
  return { customerId: Number(customer), paymentId: Number(payment) }
}

/** The start date checks: SUB07 format, SUB08 not before today. */
const readStart = (
  sim: ValorSim,
  body: JsonObject,
  required: boolean,
): string | undefined | SimResponse => {
  const raw = text(body, 'subscription_starts_from')
  if (raw === undefined)
    return required ? subscriptionError('SUB07', 'USE YYYY-MM-DD FORMAT') : undefined
  if (!isDay(raw)) return subscriptionError('SUB07', 'USE YYYY-MM-DD FORMAT')
  if (raw < sim.billing.today()) return subscriptionError('SUB08', 'STARTS FROM PAST DATE')
  return raw
}

const chargeOnProblem = (type: RecurringType, chargeOn: string | undefined): boolean => {
  if (WEEKLY_TYPES.includes(type)) return chargeOn === undefined || !/^[0-6]$/.test(chargeOn)
  if (MONTHLY_TYPES.includes(type)) {
    const n = Number(chargeOn)
    return chargeOn === undefined || !/^\d{1,2}$/.test(chargeOn) || n < 1 || n > 30
  }
  return false
}

const readSchedule = (
  sim: ValorSim,
  body: JsonObject,
  out: SubscriptionFields,
  existing: Subscription | undefined,
): SimResponse | null => {
  const rules = sim.rules().valorRecurring
  const type = text(body, 'recurring_type')
  if (type !== undefined || existing === undefined) {
    if (type === undefined || !(RECURRING_TYPES as readonly string[]).includes(type))
      return subscriptionError('SIM03', 'INVALID RECURRING TYPE')
    if (type === '6' && rules.runAtType === 'refuse')
      return subscriptionError('SIM03', 'INVALID RECURRING TYPE')
    out.recurringType = type as RecurringType
  }
  const chargeOn = text(body, 'charge_on')
  if (chargeOn !== undefined) out.chargeOn = chargeOn
  const effectiveType = out.recurringType ?? existing?.recurringType
  if (
    effectiveType !== undefined &&
    (chargeOn !== undefined || out.recurringType !== undefined) &&
    chargeOnProblem(effectiveType, chargeOn ?? existing?.chargeOn)
  )
    return subscriptionError('SIM04', 'INVALID CHARGE ON')
  const until = text(body, 'charge_until')
  if (until !== undefined) {
    if (until === 'never_expired') out.remaining = null
    else if (rules.chargeUntil === 'neverOrCount' && /^\d{1,6}$/.test(until) && Number(until) > 0)
      out.remaining = Number(until)
    else return subscriptionError('SIM05', 'INVALID CHARGE UNTIL')
    out.chargeUntil = until
  } else if (existing === undefined) {
    out.chargeUntil = 'never_expired'
    out.remaining = null
  }
  return null
}

const flag = (body: JsonObject, key: string): '0' | '1' | undefined | null => {
  const v = text(body, key)
  return v === undefined ? undefined : v === '0' || v === '1' ? v : null
}

const readExtras = (
  body: JsonObject,
  out: SubscriptionFields,
  adding: boolean,
): SimResponse | null => {
  const missing = (name: string) =>
    subscriptionError('SIM08', `MISSING OR INVALID ${name.toUpperCase()}`)
  const validate = flag(body, 'is_validate_card')
  if (validate === null || (adding && validate === undefined)) return missing('is_validate_card')
  if (validate !== undefined) out.isValidateCard = validate
  const indicator = flag(body, 'surchargeIndicator')
  if (indicator === null || (adding && indicator === undefined))
    return missing('surchargeIndicator')
  if (indicator !== undefined) out.surchargeIndicator = indicator
  const feeKey = adding ? 'surchargeAmount' : 'custom_fee'
  const fee = text(body, feeKey)
  const feeCents = centsOf(fee)
  if ((fee !== undefined && feeCents === null) || (adding && fee === undefined))
    return missing(feeKey)
  if (feeCents !== null) out.surchargeCents = feeCents
  const tax = centsOf(text(body, 'tax'))
  if (tax !== null) out.taxCents = tax
  const retry = text(body, 'retry_count')
  if (retry !== undefined) {
    if (!/^\d{1,2}$/.test(retry)) return missing('retry_count')
    out.retryCount = Number(retry)
  }
  for (const [key, field, max] of [
    ['product_description', 'productDescription', 50],
    ['descriptor', 'descriptor', 25],
    ['email', 'email', 50],
    ['phone', 'phone', 15],
  ] as const) {
    const v = text(body, key)
    if (v === undefined) continue
    if (v.length > max) return missing(key)
    out[field] = v
  }
  return null
}

/** Reads an add (`existing` undefined) or update body, or answers the refusal. */
export const readSubscriptionBody = (
  sim: ValorSim,
  m: Merchant,
  body: JsonObject,
  existing: Subscription | undefined,
): SubscriptionFields | SimResponse => {
  const adding = existing === undefined
  const payment = readPaymentInfo(m, body)
  if ('status' in payment) return payment
  const out: SubscriptionFields = { ...payment }
  const invoice = text(body, 'invoice_no')
  if (invoice !== undefined) {
    if (!/^[A-Za-z0-9]{1,12}$/.test(invoice))
      return subscriptionError('A40', 'INVOICE # MUST BE 12 ALPHANUMERIC')
    out.invoiceNo = invoice
  }
  const start = readStart(sim, body, adding)
  if (typeof start === 'object') return start
  if (start !== undefined) out.startsFrom = start
  const notify = flag(body, 'failure_notification')
  if (notify === '1' && text(body, 'email') === undefined && text(body, 'phone') === undefined)
    return subscriptionError('SUB21', 'FAILURE NOTIFICATION NEEDS AN EMAIL OR A PHONE')
  if (notify !== undefined && notify !== null) out.failureNotification = notify
  const amountText = text(body, 'amount')
  if (amountText !== undefined || adding) {
    const cents = centsOf(amountText)
    if (cents === null || cents <= 0 || cents > 9_999_999)
      return subscriptionError('SIM02', 'INVALID AMOUNT')
    out.amountCents = cents
  }
  const schedule = readSchedule(sim, body, out, existing)
  if (schedule !== null) return schedule
  return readExtras(body, out, adding) ?? out
}
