/**
 * Recurrences: the ten frequency codes and the canonical schedule of each, the billing day
 * PayTrace takes from a schedule's dates, `total_count` 999 as "until cancelled", `C`/`A` for card
 * or check, and the recurrence gateway data PayTrace keeps.
 *
 * PayTrace has no field for the day a schedule charges on: it charges on the day of the date it
 * was given (the start date on create, the next date on update) and keeps that day, or that
 * weekday for weekly codes (assumed; the API publishes no rule). So a stored schedule reads with
 * the day of its next date as its billing day, and a write whose billing day is not the day of
 * the date it sends is refused: honouring either one would move a charge.
 */
import * as E from 'fp-ts/Either'
import {
  customerId,
  describeSchedule,
  recurrenceId,
  warning,
  type DayOfMonth,
  type FieldIssue,
  type Recurrence,
  type RecurrenceInput,
  type RecurrencePatch,
  type RecurrenceStatus,
  type Schedule,
  type TotalCount,
  type Warning,
} from '@vaultport/core'
import { firstAndFifteenth } from '../capabilities'
import type { WireNumber, WireRecurrence, WireRecurrenceFields } from '../wire'
import { CARD_ID, CHECK_ID } from './paymentMethods'
import {
  amountFromWire,
  amountToWire,
  dropped,
  idText,
  intOf,
  isoToWireDate,
  present,
  translated,
  wireDateToIso,
  type Translated,
} from './shared'

// ---- frequency codes

export interface FrequencyRow {
  readonly code: string
  readonly legacyName: string
  /** The rhythm a stored recurrence of this code reads as (its billing day comes from its dates). */
  readonly schedule: Schedule
  /** Other spellings of the same rhythm that a write may use. */
  readonly alsoWritten?: ReadonlyArray<Schedule>
}

const interval = (unit: 'day' | 'week' | 'month' | 'year', every: number): Schedule =>
  ({ kind: 'interval', unit, every }) as Schedule

/** Every month on the 1st and the 15th: PayTrace's code 7. */
export const firstAndFifteenthDays: Schedule = { kind: 'days_of_month', days: [1, 15] }

/**
 * The ten frequency codes (PayTrace's legacy table, assumed to hold for v3) and the canonical
 * schedule of each. Data, so that a corrected code table changes this list and nothing else.
 */
export const frequencyTable: ReadonlyArray<FrequencyRow> = [
  {
    code: '1',
    legacyName: 'Annually',
    schedule: interval('year', 1),
    alsoWritten: [interval('month', 12)],
  },
  { code: '8', legacyName: 'Semi-annually', schedule: interval('month', 6) },
  { code: 'A', legacyName: 'Trimesterly', schedule: interval('month', 4) },
  { code: '2', legacyName: 'Quarterly', schedule: interval('month', 3) },
  { code: '9', legacyName: 'Bi-monthly', schedule: interval('month', 2) },
  { code: '3', legacyName: 'Monthly', schedule: interval('month', 1) },
  { code: '4', legacyName: 'Bi-weekly', schedule: interval('week', 2) },
  // The named form is what earlier versions read code 7 as: still accepted on a write.
  {
    code: '7',
    legacyName: '1st and 15th',
    schedule: firstAndFifteenthDays,
    alsoWritten: [firstAndFifteenth],
  },
  { code: '5', legacyName: 'Weekly', schedule: interval('week', 1) },
  { code: '6', legacyName: 'Daily', schedule: interval('day', 1) },
]

/** The same rhythm, whatever billing day either names. */
const sameRhythm = (a: Schedule, b: Schedule): boolean => {
  if (a.kind === 'interval' && b.kind === 'interval')
    return a.unit === b.unit && a.every === b.every
  if (a.kind === 'days_of_month' && b.kind === 'days_of_month')
    return a.days.length === b.days.length && a.days.every((d, i) => d === b.days[i])
  return a.kind === 'named' && b.kind === 'named' && a.gateway === b.gateway && a.code === b.code
}

const rowOf = (s: Schedule): FrequencyRow | undefined =>
  frequencyTable.find((row) =>
    [row.schedule, ...(row.alsoWritten ?? [])].some((r) => sameRhythm(r, s)),
  )

export const scheduleToFrequency = (s: Schedule): string | undefined => rowOf(s)?.code

/** A schedule written in another spelling of its code's rhythm reads back in the table's. */
const respelled = (s: Schedule): ReadonlyArray<Warning> => {
  const row = rowOf(s)
  return row === undefined || sameRhythm(row.schedule, s)
    ? []
    : [
        warning(
          'schedule_respelled',
          `PayTrace keeps ${describeSchedule(s)} as code ${row.code} (${row.legacyName}); it reads back as ${describeSchedule(row.schedule)}`,
          'schedule',
        ),
      ]
}

/** The code's rhythm, without a billing day (a stored recurrence adds it from its dates). */
export const frequencyToSchedule = (code: string): Schedule | undefined =>
  frequencyTable.find((row) => row.code === code.trim().toUpperCase())?.schedule

// ---- billing days

/**
 * What PayTrace does with a billing day of 29–31 in a shorter month, which it does not publish:
 * `lastDay` (assumed) charges on that month's last day and comes back to the day afterwards;
 * `refuse` promises nothing: writes naming such a day (or `last`) are refused, and a stored
 * schedule reads the day of its next date as it is.
 * @category Configuration
 */
export type ShortMonths = 'lastDay' | 'refuse'

export interface ScheduleRules {
  readonly shortMonths: ShortMonths
}

export const DEFAULT_SCHEDULE_RULES: ScheduleRules = { shortMonths: 'lastDay' }

interface Day {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly weekday: number
  readonly lastOfMonth: number
}

const dayOf = (iso: string): Day | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (m === null) return undefined
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return {
    year,
    month,
    day,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
    lastOfMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  }
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/**
 * A stored schedule with the billing day PayTrace keeps: the day (month and year codes) or the
 * weekday (weekly codes) of its next date, else of its start. A next date on the last day of a
 * month that is shorter than the start's day is that day, cut short (under `lastDay`).
 */
export const withBillingDay = (
  rhythm: Schedule,
  dates: { readonly next?: string; readonly start?: string },
  rules: ScheduleRules = DEFAULT_SCHEDULE_RULES,
): Schedule => {
  if (rhythm.kind !== 'interval' || rhythm.unit === 'day') return rhythm
  const on = dayOf(dates.next ?? dates.start ?? '')
  if (on === undefined) return rhythm
  if (rhythm.unit === 'week') return { ...rhythm, weekday: on.weekday }
  const start = dates.start === undefined ? undefined : dayOf(dates.start)
  const cutShort =
    rules.shortMonths === 'lastDay' &&
    start !== undefined &&
    start.day > on.day &&
    on.day === on.lastOfMonth
  return { ...rhythm, dayOfMonth: cutShort ? start.day : on.day }
}

/** Whether a schedule names the day it charges on. */
export const namesBillingDay = (s: Schedule): boolean =>
  s.kind === 'interval' && (s.dayOfMonth !== undefined || s.weekday !== undefined)

const dayText = (d: DayOfMonth): string => (d === 'last' ? 'the last day' : `day ${d}`)

/**
 * Whether PayTrace, given `date` as the date a schedule charges next (the start date on create,
 * the next date on update), keeps the billing day the schedule names: an issue when it cannot,
 * and a warning when it keeps it under another spelling (`last` as day 31).
 */
export const billingDayCheck = (
  s: Schedule,
  date: string,
  what: 'start date' | 'next date',
  rules: ScheduleRules = DEFAULT_SCHEDULE_RULES,
): { readonly issues: ReadonlyArray<FieldIssue>; readonly warnings: ReadonlyArray<Warning> } => {
  const none = { issues: [], warnings: [] }
  const refuse = (path: string, message: string) => ({ issues: [{ path, message }], warnings: [] })
  const on = dayOf(date)
  if (s.kind !== 'interval' || on === undefined) return none
  if (s.weekday !== undefined) {
    if (s.unit !== 'week') return refuse('schedule.weekday', 'a weekday applies to week schedules')
    return s.weekday === on.weekday
      ? none
      : refuse(
          'schedule.weekday',
          `PayTrace charges on the weekday of the ${what} (${date}, a ${WEEKDAYS[on.weekday]}), not on ${WEEKDAYS[s.weekday]}: send a ${what} on a ${WEEKDAYS[s.weekday]}, or leave the weekday out`,
        )
  }
  const d = s.dayOfMonth
  if (d === undefined) return none
  if (s.unit !== 'month' && s.unit !== 'year')
    return refuse('schedule.dayOfMonth', 'a day of the month applies to month and year schedules')
  if (rules.shortMonths === 'refuse' && (d === 'last' || d >= 29))
    return refuse(
      'schedule.dayOfMonth',
      `PayTrace's billing on ${dayText(d)} in shorter months is not known (shortMonths 'refuse')`,
    )
  if ((d === 'last' ? 31 : d) !== on.day)
    return refuse(
      'schedule.dayOfMonth',
      `PayTrace charges on the day of the ${what} (${date}, day ${on.day}), not on ${dayText(d)}: send a ${what} on ${d === 'last' ? 'a 31st' : `day ${d}`}, or leave the day out`,
    )
  return d === 'last'
    ? {
        issues: [],
        warnings: [
          warning(
            'schedule_respelled',
            'PayTrace keeps "the last day" as day 31, charged on the last day of shorter months; it reads back as day 31',
            'schedule.dayOfMonth',
          ),
        ],
      }
    : none
}

// ---- counts

/** `total_count` 999 means "until cancelled". */
export const OPEN_ENDED_COUNT = '999'

export const totalCountToWire = (c: TotalCount): string =>
  c === 'open_ended' ? OPEN_ENDED_COUNT : String(c)

export const totalCountFromWire = (v: WireNumber): E.Either<string, TotalCount> => {
  const text = String(v).trim()
  if (text === OPEN_ENDED_COUNT) return E.right('open_ended')
  return /^\d{1,6}$/.test(text) && Number(text) > 0
    ? E.right(Number(text))
    : E.left(`total_count "${text}" is not a positive count`)
}

// ---- recurrences

/** Recurrence gateway data PayTrace carries as-is. */
const RECURRENCE_EXTRAS = ['transaction_type', 'sec_code', 'weekend', 'repeat'] as const

const recurrenceExtras = (
  gatewayData: Readonly<Record<string, unknown>> | undefined,
): Translated<Partial<WireRecurrenceFields>> => {
  const wire: Record<string, unknown> = {}
  const warnings: Warning[] = []
  for (const [key, value] of Object.entries(gatewayData ?? {})) {
    const ok =
      (key === 'transaction_type' || key === 'sec_code'
        ? typeof value === 'string'
        : key === 'weekend'
          ? typeof value === 'boolean'
          : key === 'repeat' && Number.isInteger(value)) &&
      (RECURRENCE_EXTRAS as ReadonlyArray<string>).includes(key)
    if (ok) wire[key] = value
    else warnings.push(dropped(`gatewayData.${key}`, `recurrence gateway data "${key}"`))
  }
  return translated(wire as Partial<WireRecurrenceFields>, warnings)
}

/** `C` bills the card, `A` the check. */
const typeOfMethod = (id: string | undefined): 'C' | 'A' => (id === CHECK_ID ? 'A' : 'C')

const scheduleIssue = (): FieldIssue => ({
  path: 'schedule',
  message: 'PayTrace has no frequency code for this schedule',
})

const methodIssue = (): FieldIssue => ({
  path: 'paymentMethodId',
  message: 'a PayTrace profile has only card and check',
})

/** R1's `recurrence` object, or the field issues that stop it. */
export const recurrenceInputToWire = (
  input: RecurrenceInput,
  rules: ScheduleRules = DEFAULT_SCHEDULE_RULES,
): E.Either<ReadonlyArray<FieldIssue>, Translated<WireRecurrenceFields>> => {
  const issues: FieldIssue[] = []
  const amount = amountToWire(input.amount)
  if (E.isLeft(amount)) issues.push({ path: 'amount.currency', message: amount.left })
  const frequency = scheduleToFrequency(input.schedule)
  if (frequency === undefined) issues.push(scheduleIssue())
  const day = billingDayCheck(input.schedule, input.startDate, 'start date', rules)
  issues.push(...day.issues)
  if (
    input.paymentMethodId !== undefined &&
    input.paymentMethodId !== CARD_ID &&
    input.paymentMethodId !== CHECK_ID
  ) {
    issues.push(methodIssue())
  }
  if (issues.length > 0 || E.isLeft(amount) || frequency === undefined) return E.left(issues)
  const extras = recurrenceExtras(input.gatewayData)
  return E.right(
    translated(
      {
        amount: amount.right,
        frequency,
        start_date: isoToWireDate(input.startDate),
        total_count: totalCountToWire(input.totalCount),
        transaction_type: 'Sale',
        type: typeOfMethod(input.paymentMethodId),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...extras.wire,
      },
      [...respelled(input.schedule), ...day.warnings, ...extras.warnings],
    ),
  )
}

/**
 * R2's `recurrence` fields (without the id) and `next_date`. A billing day is checked here
 * when the patch also sends the next date; otherwise the caller checks it against the stored
 * recurrence (see `billingDayCheck`).
 */
export const recurrencePatchToWire = (
  patch: RecurrencePatch,
  rules: ScheduleRules = DEFAULT_SCHEDULE_RULES,
): E.Either<
  ReadonlyArray<FieldIssue>,
  Translated<{ recurrence: WireRecurrenceFields; nextDate?: string }>
> => {
  const issues: FieldIssue[] = []
  const warnings: Warning[] = []
  const fields: Record<string, unknown> = {}
  if (patch.amount !== undefined) {
    const a = amountToWire(patch.amount)
    if (E.isLeft(a)) issues.push({ path: 'amount.currency', message: a.left })
    else fields['amount'] = a.right
  }
  if (patch.schedule !== undefined) {
    const f = scheduleToFrequency(patch.schedule)
    if (f === undefined) issues.push(scheduleIssue())
    else fields['frequency'] = f
    warnings.push(...respelled(patch.schedule))
    if (patch.nextDate !== undefined) {
      const day = billingDayCheck(patch.schedule, patch.nextDate, 'next date', rules)
      issues.push(...day.issues)
      warnings.push(...day.warnings)
    }
  }
  if (patch.totalCount !== undefined) fields['total_count'] = totalCountToWire(patch.totalCount)
  if (patch.description !== undefined) fields['description'] = patch.description
  if (patch.paymentMethodId !== undefined) {
    if (patch.paymentMethodId !== CARD_ID && patch.paymentMethodId !== CHECK_ID) {
      issues.push(methodIssue())
    } else fields['type'] = typeOfMethod(patch.paymentMethodId)
  }
  if (patch.status !== undefined) {
    issues.push({
      path: 'status',
      message: 'PayTrace recurrences have no status to set; delete one to stop it',
    })
  }
  if (issues.length > 0) return E.left(issues)
  return E.right(
    translated(
      {
        recurrence: fields as WireRecurrenceFields,
        ...(patch.nextDate === undefined ? {} : { nextDate: isoToWireDate(patch.nextDate) }),
      },
      warnings,
    ),
  )
}

const STATUS_WORDS: ReadonlyArray<readonly [RegExp, RecurrenceStatus]> = [
  [/^(active|scheduled|open)$/i, 'active'],
  [/^(paused|suspended|on ?hold|inactive)$/i, 'paused'],
  [/^(completed?|finished|done|expired)$/i, 'completed'],
  [/^(cancell?ed|deleted|stopped)$/i, 'cancelled'],
]

/**
 * The status: a status word PayTrace sends, else `completed` once the count is reached, else
 * `active`. PayTrace documents no status field, so a word outside the table is unreadable (a
 * Left), never taken as active.
 */
const statusOf = (
  w: WireRecurrence,
  total: TotalCount,
  completedCount: number | undefined,
): E.Either<string, RecurrenceStatus> => {
  if (present(w.status)) {
    const word = STATUS_WORDS.find(([re]) => re.test(w.status!.trim()))
    return word === undefined ? E.left(`unknown recurrence status "${w.status}"`) : E.right(word[1])
  }
  return E.right(
    total !== 'open_ended' && completedCount !== undefined && completedCount >= total
      ? 'completed'
      : 'active',
  )
}

const dateOf = (s: string | null | undefined): E.Either<string, string | undefined> =>
  present(s) ? wireDateToIso(s) : E.right(undefined)

/** A stored recurrence; a Left names the field that could not be read. */
export const recurrenceFromWire = (
  w: WireRecurrence,
  rules: ScheduleRules = DEFAULT_SCHEDULE_RULES,
): E.Either<string, Recurrence> => {
  if (w.customer_id === undefined) return E.left('recurrence has no customer_id')
  if (w.amount === undefined) return E.left('recurrence has no amount')
  if (w.frequency === undefined) return E.left('recurrence has no frequency')
  const amount = amountFromWire(w.amount)
  if (E.isLeft(amount)) return amount
  const rhythm = frequencyToSchedule(w.frequency)
  if (rhythm === undefined) return E.left(`unknown frequency code "${w.frequency}"`)
  const total = totalCountFromWire(w.total_count ?? OPEN_ENDED_COUNT)
  if (E.isLeft(total)) return total
  const start = dateOf(w.start_date)
  if (E.isLeft(start)) return start
  const next = dateOf(w.next_date)
  if (E.isLeft(next)) return next
  const completedCount = intOf(w.current_count)
  const status = statusOf(w, total.right, completedCount)
  if (E.isLeft(status)) return status
  const over = status.right === 'completed' || status.right === 'cancelled'
  const extras = Object.fromEntries(
    RECURRENCE_EXTRAS.filter((k) => w[k] !== undefined && w[k] !== null).map((k) => [k, w[k]]),
  )
  return E.right({
    id: recurrenceId(idText(w.id)),
    customerId: customerId(idText(w.customer_id)),
    amount: amount.right,
    schedule: withBillingDay(
      rhythm,
      {
        ...(next.right === undefined ? {} : { next: next.right }),
        ...(start.right === undefined ? {} : { start: start.right }),
      },
      rules,
    ),
    totalCount: total.right,
    status: status.right,
    paymentMethodId: w.type?.trim().toUpperCase() === 'A' ? CHECK_ID : CARD_ID,
    ...(start.right === undefined ? {} : { startDate: start.right }),
    ...(next.right === undefined || over ? {} : { nextDate: next.right }),
    ...(completedCount === undefined || completedCount < 0 ? {} : { completedCount }),
    ...(present(w.description) ? { description: w.description } : {}),
    ...(Object.keys(extras).length === 0 ? {} : { gatewayData: extras }),
  })
}
