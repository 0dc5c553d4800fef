/**
 * Reading the bodies of `/api/recurring/*`: add-ons and discounts (amount in cents xor a
 * percentage in thousandths, 100–100000 or 0), the schedule fields plans and subscriptions
 * share, and the `add_ons` / `discounts` lists of `{id, …overrides}`. Problems go to the
 * `Reader`; the first becomes the 400 answer.
 */
import { isDay } from '../common/calendar'
import type { JsonObject } from '../common/engine'
import { isObject } from '../common/engine'
import type { Reader } from '../common/fields'
import { type AdjustmentRef, FREQUENCIES, type Frequency, type Schedule } from './recurringState'

export interface AdjustmentInput {
  name?: string
  description?: string
  amount?: number | null
  percentage?: number | null
  duration?: number
}

const cents = (
  r: Reader,
  obj: JsonObject,
  key: string,
  at: readonly string[],
): number | undefined => r.number(obj, key, at, { integer: true, min: 0, max: 100_000_000 })

/** `amount` xor `percentage` (0 counts as not given), each checked; the unused one is `null`. */
const readAmountOrPercentage = (
  r: Reader,
  obj: JsonObject,
  at: readonly string[],
  out: AdjustmentInput,
): void => {
  const amount = cents(r, obj, 'amount', at)
  const percentage = r.number(obj, 'percentage', at, { integer: true, min: 0, max: 100_000 })
  if (percentage !== undefined && percentage !== 0 && percentage < 100) {
    r.add([...at, 'percentage'], {
      kind: 'custom',
      message: `${[...at, 'percentage'].join('.')} must be 0 or between 100 and 100000 (0.1 % to 100 %)`,
    })
  }
  if (amount !== undefined && amount !== 0 && percentage !== undefined && percentage !== 0) {
    r.add([...at, 'amount'], {
      kind: 'custom',
      message: 'give either amount or percentage, not both',
    })
  }
  if (percentage !== undefined && percentage !== 0) {
    out.percentage = percentage
    out.amount = null
  } else if (amount !== undefined) {
    out.amount = amount
    out.percentage = null
  }
}

/** An add-on or discount body (FR1/FR4, FR6/FR9). */
export const readAdjustment = (r: Reader, body: JsonObject): AdjustmentInput => {
  const out: AdjustmentInput = {}
  const name = r.string(body, 'name', [], { max: 255 })
  if (name !== undefined) out.name = name
  const description = r.string(body, 'description', [], { max: 255 })
  if (description !== undefined) out.description = description
  readAmountOrPercentage(r, body, [], out)
  const duration = r.number(body, 'duration', [], { integer: true, min: 0 })
  if (duration !== undefined) out.duration = duration
  return out
}

/** `add_ons` / `discounts`: a list of `{id, name?, description?, amount?, percentage?, duration?}`. */
export const readAdjustmentRefs = (
  r: Reader,
  body: JsonObject,
  key: 'add_ons' | 'discounts',
): AdjustmentRef[] | undefined => {
  const raw = body[key]
  if (raw === undefined) return undefined
  if (raw === null) return []
  if (!Array.isArray(raw)) {
    r.add([key], { kind: 'type', expected: 'array' })
    return undefined
  }
  const out: AdjustmentRef[] = []
  raw.forEach((item: unknown, i) => {
    const at = [key, String(i)]
    if (!isObject(item)) {
      r.add(at, { kind: 'type', expected: 'object' })
      return
    }
    const id = r.string(item, 'id', at, { required: true })
    const ref: { -readonly [K in keyof AdjustmentRef]: AdjustmentRef[K] } & AdjustmentInput = {
      id: id ?? '',
    }
    const name = r.string(item, 'name', at, { max: 255 })
    if (name !== undefined) ref.name = name
    const description = r.string(item, 'description', at, { max: 255 })
    if (description !== undefined) ref.description = description
    readAmountOrPercentage(r, item, at, ref)
    const duration = r.number(item, 'duration', at, { integer: true, min: 0 })
    if (duration !== undefined) ref.duration = duration
    out.push(ref)
  })
  return out
}

/** The schedule fields present in a body (none required here; `checkSchedule` judges the whole). */
export const readSchedule = (r: Reader, body: JsonObject): Partial<Schedule> => {
  const out: Partial<Schedule> = {}
  const interval = r.number(body, 'billing_cycle_interval', [], { integer: true, min: 1, max: 366 })
  if (interval !== undefined) out.billingCycleInterval = interval
  const frequency = r.string(body, 'billing_frequency', [], { oneOf: FREQUENCIES })
  if (frequency !== undefined) out.billingFrequency = frequency as Frequency
  const days = r.string(body, 'billing_days', [], { numeric: true })
  if (days !== undefined) out.billingDays = days
  const chargeOnDay = r.boolean(body, 'charge_on_day', [])
  if (chargeOnDay !== undefined) out.chargeOnDay = chargeOnDay
  const duration = r.number(body, 'duration', [], { integer: true, min: 0 })
  if (duration !== undefined) out.duration = duration
  return out
}

/**
 * The rules of a whole schedule: `billing_days` a string of distinct days 0–31, exactly one for
 * `monthly` and two for `twice_monthly` (`daily` takes any, or none).
 */
export const checkSchedule = (r: Reader, s: Schedule): void => {
  if (s.billingFrequency === 'daily') return
  const parts = s.billingDays.split(',').map((d) => d.trim())
  const days = parts.map(Number)
  if (
    s.billingDays.trim() === '' ||
    parts.some((p) => !/^\d{1,2}$/.test(p)) ||
    days.some((d) => d > 31)
  ) {
    r.add(['billing_days'], {
      kind: 'custom',
      message: 'billing_days must be comma-separated days of the month, 0 (the last day) to 31',
    })
    return
  }
  if (new Set(days).size !== days.length) {
    r.add(['billing_days'], { kind: 'custom', message: 'billing_days must be distinct days' })
    return
  }
  const want = s.billingFrequency === 'monthly' ? 1 : 2
  if (days.length !== want) {
    r.add(['billing_days'], {
      kind: 'custom',
      message: `billing_days must hold exactly ${want === 1 ? 'one day' : 'two days'} for ${s.billingFrequency}`,
    })
  }
}

/** A `YYYY-MM-DD` day from a body or query (`null` when present and not one). */
export const readDay = (r: Reader, obj: JsonObject, key: string): string | undefined => {
  const raw = r.string(obj, key, [])
  if (raw === undefined || raw === '') return undefined
  if (!isDay(raw)) {
    r.add([key], { kind: 'custom', message: `${key} must be a date YYYY-MM-DD` })
    return undefined
  }
  return raw
}

/** Whether the `fluidpayRecurring.nextBillDate` rule admits `day` given `today`. */
export const nextBillDateProblem = (
  rule: 'afterToday' | 'todayOrLater' | 'any',
  day: string,
  today: string,
): string | null => {
  if (rule === 'afterToday' && day <= today) return `next_bill_date must be after today (${today})`
  if (rule === 'todayOrLater' && day < today)
    return `next_bill_date must not be in the past (today is ${today})`
  return null
}
