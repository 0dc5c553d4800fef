/**
 * Canonical schedules ⇄ Valor subscriptions, as pure functions.
 *
 * - `recurring_type` "0" weekly and "1" bi-weekly take a weekday in `charge_on` (which weekday
 *   "0" is: `weekdayZero`); "2" monthly, "3" quarterly and "4" annual take a day of the month,
 *   1–30 (a 31st or "the last day" is sent as the 30th, with a `day_clamped` warning). "5"
 *   daily, "6" ("Run at") and any other code are read, never written.
 * - A day 29 or 30 in a shorter month is taken to charge on its last day; quarterly and annual
 *   months follow `anchorMonth`. Valor shows no next charge date: it is worked out from the
 *   start date, `charge_on` and today, by those same rules.
 * - Amounts are dollars with two decimals ("24.95"), USD only; `charge_until` is
 *   `never_expired` or, under `countFormat: 'remaining'`, the number of charges.
 */
import * as E from 'fp-ts/Either'
import {
  minorUnitsFromDecimal,
  minorUnitsToDecimalString,
  warning,
  type FieldIssue,
  type Money,
  type Recurrence,
  type RecurrenceStatus,
  type Schedule,
  type TotalCount,
  type Warning,
} from '@vaultport/core'
import type { ValorAnchorMonth, ValorCountFormat, ValorWeekdayZero } from '../config'
import type { SubscriptionKeys } from '../wire'
import type { Translated } from './shared'

// ---- model

/** A schedule as Valor holds it. */
export interface WireSchedule {
  readonly recurringType: string
  readonly chargeOn: string
}

/** The settings the schedule arithmetic follows. */
export interface ScheduleRules {
  readonly weekdayZero: ValorWeekdayZero
  readonly anchorMonth: ValorAnchorMonth
}

const WEEKLY: Readonly<Record<string, number>> = { '0': 7, '1': 14 }
const MONTHLY: Readonly<Record<string, number>> = { '2': 1, '3': 3, '4': 12 }
const MAX_DAY = 30
/** The most a subscription charges: 99,999.99. */
export const MAX_AMOUNT = 9_999_999

// ---- calendar (UTC dates, `YYYY-MM-DD`)

const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const isoOf = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`
const partsOf = (iso: string) => ({
  y: Number(iso.slice(0, 4)),
  m: Number(iso.slice(5, 7)),
  d: Number(iso.slice(8, 10)),
})
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()
const DAY_MS = 86_400_000
const epochDay = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS)
const fromEpochDay = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10)
export const weekdayOf = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay()
const monthPlus = (y: number, m: number, k: number) => {
  const t = y * 12 + (m - 1) + k
  return { y: Math.floor(t / 12), m: (t % 12) + 1 }
}
/** Day `day` of a month, or its last day when the month is shorter. */
const onDay = (y: number, m: number, day: number) => isoOf(y, m, Math.min(day, daysIn(y, m)))

/** A real calendar date in any of Valor's spellings (`YYYY-MM-DD`, `YYYYMMDD`, `MM/DD/YYYY`). */
export const isoFromWire = (u: unknown): string | undefined => {
  if (typeof u !== 'string') return undefined
  const s = u.trim()
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  const mdy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s)
  const parts =
    ymd !== null ? [ymd[1], ymd[2], ymd[3]] : mdy !== null ? [mdy[3], mdy[1], mdy[2]] : []
  if (parts.length === 0) return undefined
  const [y, mo, d] = parts.map(Number) as [number, number, number]
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) ? isoOf(y, mo, d) : undefined
}

/** A date as the list call's start-date filter takes it. */
export const listDate = (iso: string, format: 'MM/DD/YYYY' | 'YYYY-MM-DD'): string =>
  format === 'YYYY-MM-DD' ? iso : `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`

// ---- weekdays

/** Valor's `charge_on` for a canonical weekday (0 = Sunday). */
const valorWeekday = (weekday: number, zero: ValorWeekdayZero) =>
  zero === 'sunday' ? weekday : (weekday + 6) % 7
/** The canonical weekday (0 = Sunday) of Valor's `charge_on`. */
const canonicalWeekday = (chargeOn: number, zero: ValorWeekdayZero) =>
  zero === 'sunday' ? chargeOn : (chargeOn + 1) % 7

// ---- schedule arithmetic

/** The first charge on or after `from`, or undefined for a type Valor's rules do not tell. */
export const firstCharge = (
  w: WireSchedule,
  from: string,
  rules: ScheduleRules,
): string | undefined => {
  const n = Number(w.chargeOn)
  if (WEEKLY[w.recurringType] !== undefined) {
    const want = canonicalWeekday(n, rules.weekdayZero)
    return fromEpochDay(epochDay(from) + ((want - weekdayOf(from) + 7) % 7))
  }
  const months = MONTHLY[w.recurringType]
  if (months !== undefined) {
    const { y, m } = partsOf(from)
    for (let k = 0; k <= 12; k++) {
      const at = monthPlus(y, m, k)
      const onGrid = months === 1 || rules.anchorMonth === 'start' || (at.m - 1) % months === 0
      const date = onDay(at.y, at.m, n)
      if (onGrid && date >= from) return date
    }
    return undefined
  }
  return w.recurringType === '5' ? from : undefined
}

/** The charge after one made on `date`. */
const chargeAfter = (w: WireSchedule, date: string): string | undefined => {
  const days = WEEKLY[w.recurringType] ?? (w.recurringType === '5' ? 1 : undefined)
  if (days !== undefined) return fromEpochDay(epochDay(date) + days)
  const months = MONTHLY[w.recurringType]
  if (months === undefined) return undefined
  const { y, m } = partsOf(date)
  const at = monthPlus(y, m, months)
  return onDay(at.y, at.m, Number(w.chargeOn))
}

/** The first charge on or after `today` of a schedule that started on `start`. */
export const nextChargeFrom = (
  w: WireSchedule,
  start: string,
  today: string,
  rules: ScheduleRules,
): string | undefined => {
  let date = firstCharge(w, start, rules)
  const days = WEEKLY[w.recurringType] ?? (w.recurringType === '5' ? 1 : undefined)
  if (date !== undefined && days !== undefined && date < today) {
    const behind = epochDay(today) - epochDay(date)
    return fromEpochDay(epochDay(date) + Math.ceil(behind / days) * days)
  }
  for (let i = 0; date !== undefined && date < today && i < 2400; i++) date = chargeAfter(w, date)
  return date !== undefined && date >= today ? date : undefined
}

// ---- schedules

const dayWarning = (at: string, day: number | 'last'): Warning =>
  warning(
    'day_clamped',
    `Valor charges on days 1–30: ${day === 'last' ? 'the last day' : `day ${day}`} was sent as day 30, so months of 31 days are charged on the 30th`,
    at,
  )

/**
 * The schedule as Valor writes it, its day or weekday taken from `startDate` when the schedule
 * names none; or the issue that it cannot be written.
 */
export const scheduleToWire = (
  schedule: Schedule,
  startDate: string,
  rules: ScheduleRules,
  at = 'schedule',
): E.Either<FieldIssue, Translated<WireSchedule>> => {
  const cannot = E.left({ path: at, message: 'Valor cannot express this schedule' })
  if (schedule.kind !== 'interval') return cannot
  const { unit, every } = schedule
  if (unit === 'week' && (every === 1 || every === 2)) {
    const weekday = schedule.weekday ?? weekdayOf(startDate)
    return E.right({
      value: {
        recurringType: every === 1 ? '0' : '1',
        chargeOn: String(valorWeekday(weekday, rules.weekdayZero)),
      },
      warnings: [],
    })
  }
  const type =
    unit === 'month' && every === 1
      ? '2'
      : unit === 'month' && every === 3
        ? '3'
        : unit === 'year' && every === 1
          ? '4'
          : undefined
  if (type === undefined) return cannot
  const day = schedule.dayOfMonth ?? partsOf(startDate).d
  const clamped = day === 'last' || day > MAX_DAY
  return E.right({
    value: { recurringType: type, chargeOn: String(clamped ? MAX_DAY : day) },
    warnings: clamped ? [dayWarning(`${at}.dayOfMonth`, day)] : [],
  })
}

/** The canonical schedule of a Valor `recurring_type` and `charge_on`, or why there is none. */
export const scheduleFromWire = (
  w: WireSchedule,
  rules: ScheduleRules,
): E.Either<string, Schedule> => {
  const { recurringType: type, chargeOn } = w
  if (WEEKLY[type] !== undefined) {
    if (!/^[0-6]$/.test(chargeOn)) return E.left(`charge_on "${chargeOn}" is not a weekday 0–6`)
    return E.right({
      kind: 'interval',
      unit: 'week',
      every: type === '0' ? 1 : 2,
      weekday: canonicalWeekday(Number(chargeOn), rules.weekdayZero),
    } as Schedule)
  }
  if (MONTHLY[type] !== undefined) {
    const day = Number(chargeOn)
    if (!/^\d{1,2}$/.test(chargeOn) || day < 1 || day > 31) {
      return E.left(`charge_on "${chargeOn}" is not a day of the month`)
    }
    const [unit, every] = type === '4' ? ['year', 1] : ['month', type === '2' ? 1 : 3]
    return E.right({ kind: 'interval', unit, every, dayOfMonth: day } as Schedule)
  }
  if (type === '5') return E.right({ kind: 'interval', unit: 'day', every: 1 } as Schedule)
  return E.right({
    kind: 'named',
    gateway: 'valor',
    code: type,
    label: type === '6' ? 'Run at' : `recurring_type ${type}`,
  })
}

// ---- counts, amounts, statuses

/** `charge_until` for a count, by the configured format; a `count_assumed` warning for a number. */
export const chargeUntilToWire = (
  total: TotalCount,
  format: ValorCountFormat,
  at = 'totalCount',
): E.Either<FieldIssue, Translated<string>> => {
  if (total === 'open_ended') return E.right({ value: 'never_expired', warnings: [] })
  if (format === 'none') {
    return E.left({ path: at, message: 'Valor schedules here run until cancelled (countFormat)' })
  }
  return E.right({
    value: String(total),
    warnings: [
      warning(
        'count_assumed',
        `Valor does not document charge_until's count format: sent "${total}" as the number of charges (countFormat 'remaining')`,
        at,
      ),
    ],
  })
}

/** The count `charge_until` stands for, or why it cannot be read. */
export const totalCountFromWire = (
  raw: string | undefined,
  format: ValorCountFormat,
): E.Either<string, TotalCount> => {
  if (raw === undefined) return E.left('it shows no charge_until')
  if (raw.toLowerCase() === 'never_expired') return E.right('open_ended')
  if (format === 'remaining' && /^\d{1,6}$/.test(raw) && Number(raw) > 0) {
    return E.right(Number(raw) as TotalCount)
  }
  return E.left(`charge_until "${raw.slice(0, 24)}" is not a count this adapter reads`)
}

/** Dollars with two decimals; more than Valor charges is an issue. */
export const amountToWire = (money: Money, at = 'amount'): E.Either<FieldIssue, string> =>
  money.amount > MAX_AMOUNT
    ? E.left({ path: at, message: 'Valor charges at most 99999.99 a time' })
    : E.right(minorUnitsToDecimalString(money.amount))

const ACTIVE = new Set(['active', 'true', '1', 'yes'])
const CANCELLED = new Set(['cancelled', 'canceled', 'deleted'])
const COMPLETED = new Set(['completed', 'complete', 'expired', 'finished'])

/**
 * The canonical status. `active` (or `true`, `1`) is `active`; `cancelled` and `completed` (and
 * their spellings) are themselves; `inactive` (deactivated), and any absent or unknown status,
 * is `paused`: a state that does not charge, never `active`. A finite schedule that has made all
 * its charges is `completed`.
 */
export const statusFromWire = (
  raw: unknown,
  total: TotalCount,
  completed: number | undefined,
): RecurrenceStatus => {
  const s = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
  const text = s ? String(raw).trim().toLowerCase() : ''
  const status: RecurrenceStatus = ACTIVE.has(text)
    ? 'active'
    : CANCELLED.has(text)
      ? 'cancelled'
      : COMPLETED.has(text)
        ? 'completed'
        : 'paused'
  const spent = typeof total === 'number' && completed !== undefined && completed >= total
  return spent && status !== 'cancelled' ? 'completed' : status
}

// ---- the invoice reference

/** Two 32-bit FNV-1a passes (different seeds) over `text`, as base-36 digits. */
const hash36 = (text: string): string => {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ 0x5bd1e995
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193) >>> 0
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0
  }
  return a.toString(36).padStart(7, '0') + b.toString(36).padStart(7, '0')
}

/**
 * The `invoice_no` an add carries when the caller gives none: `VP` and ten letters and digits
 * worked out from what the add sends (customer, card, amount, schedule, start), so the same add
 * always carries the same reference and a lost one can be found again by it.
 */
export const invoiceReference = (parts: ReadonlyArray<string>): string =>
  `VP${hash36(parts.join('|')).slice(0, 10).toUpperCase()}`

export const INVOICE_NO = /^[A-Za-z0-9]{1,12}$/

// ---- records

/** What a record is read with: the key names, the rules, today, and what the caller knows. */
export interface RecordContext {
  readonly keys: SubscriptionKeys
  readonly rules: ScheduleRules & { readonly countFormat: ValorCountFormat }
  readonly today: string
  /** What a write just sent, for a list item that does not show it. */
  readonly known?: { readonly customerId?: string; readonly paymentProfileId?: string }
}

/** A wire value as trimmed text (numbers printed); undefined when absent or not text. */
export const wireText = (u: unknown): string | undefined =>
  typeof u === 'number' && Number.isFinite(u)
    ? String(u)
    : typeof u === 'string' && u.trim() !== ''
      ? u.trim()
      : undefined

const WIRE_ID = /^\d{1,11}$/

/** The subscription id a list item names, if any. */
export const subscriptionIdOf = (
  item: Readonly<Record<string, unknown>>,
  keys: SubscriptionKeys,
) => {
  const id = wireText(item[keys.subscriptionId]) ?? wireText(item['subscriptionid'])
  return id !== undefined && WIRE_ID.test(id) ? id : undefined
}

/** The vault customer and card a list item names (in `payment_info`, or at its top level). */
export const paymentInfoOf = (item: Readonly<Record<string, unknown>>, keys: SubscriptionKeys) => {
  const raw = item[keys.paymentInfo]
  const info = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const pick = (k: string) => {
    const v = wireText(info[k]) ?? wireText(item[k])
    return v !== undefined && WIRE_ID.test(v) ? v : undefined
  }
  return { customerId: pick(keys.customerProfileId), paymentId: pick(keys.paymentProfileId) }
}

/** A Valor list item as a canonical recurrence, or why it cannot be one. */
export const recurrenceFromWire = (
  item: Readonly<Record<string, unknown>>,
  ctx: RecordContext,
): E.Either<string, Recurrence> => {
  const k = ctx.keys
  const id = subscriptionIdOf(item, k)
  if (id === undefined) return E.left(`it names no ${k.subscriptionId}`)
  const info = paymentInfoOf(item, k)
  const customerId = info.customerId ?? ctx.known?.customerId
  if (customerId === undefined) return E.left(`subscription ${id} names no ${k.customerProfileId}`)
  const paymentId = info.paymentId ?? ctx.known?.paymentProfileId
  const amountText = wireText(item[k.amount])
  const amount = amountText === undefined ? E.left('no amount') : minorUnitsFromDecimal(amountText)
  if (E.isLeft(amount)) return E.left(`subscription ${id}: ${k.amount}: ${amount.left}`)
  const w = {
    recurringType: wireText(item[k.recurringType]) ?? '',
    chargeOn: wireText(item[k.chargeOn]) ?? '',
  }
  const schedule = scheduleFromWire(w, ctx.rules)
  if (E.isLeft(schedule)) return E.left(`subscription ${id}: ${schedule.left}`)
  const total = totalCountFromWire(wireText(item[k.chargeUntil]), ctx.rules.countFormat)
  if (E.isLeft(total)) return E.left(`subscription ${id}: ${total.left}`)
  const startRaw = item[k.startsFrom]
  const startDate = isoFromWire(startRaw)
  if (startRaw !== undefined && startRaw !== '' && startDate === undefined) {
    return E.left(`subscription ${id}: ${k.startsFrom} is not a date`)
  }
  const count = wireText(item[k.paymentsCount])
  const completedCount = count !== undefined && /^\d{1,9}$/.test(count) ? Number(count) : undefined
  const status = statusFromWire(item[k.status], total.right, completedCount)
  const next =
    status === 'active' && startDate !== undefined
      ? nextChargeFrom(w, startDate, ctx.today, ctx.rules)
      : undefined
  const description = wireText(item[k.productDescription])
  const gatewayData = Object.fromEntries(
    [k.invoiceNo, k.recurringType, k.chargeOn, k.chargeUntil, k.status]
      .map((key) => [key, wireText(item[key])] as const)
      .filter(([, v]) => v !== undefined),
  )
  return E.right({
    id,
    customerId,
    amount: { amount: amount.right, currency: 'USD' },
    schedule: schedule.right,
    totalCount: total.right,
    status,
    ...(paymentId === undefined ? {} : { paymentMethodId: `card:${paymentId}` }),
    ...(startDate === undefined ? {} : { startDate }),
    ...(next === undefined ? {} : { nextDate: next }),
    ...(completedCount === undefined ? {} : { completedCount }),
    ...(description === undefined ? {} : { description }),
    gatewayData,
  } as Recurrence)
}
