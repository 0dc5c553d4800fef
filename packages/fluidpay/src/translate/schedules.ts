/**
 * Schedules between the canonical calendar and FluidPay's billing fields, which plans and
 * subscriptions share: `billing_frequency` (`monthly`, `twice_monthly`, `daily`),
 * `billing_cycle_interval` (in months) and `billing_days` (days of the month, "0" the last),
 * plus the recurring settings they read and the status table.
 */
import * as E from 'fp-ts/Either'
import {
  describeSchedule,
  warning,
  type DayOfMonth,
  type FieldIssue,
  type RecurrenceStatus,
  type Schedule,
  type TotalCount,
  type Warning,
} from '@vaultport/core'
import type { FluidPayRecurringSettings } from '../config'
import type { BillingFrequency, ScheduleBody, WireSubscription } from '../wire'
import { compact, issue, text } from './shared'

// ---- settings

/**
 * How FluidPay's statuses read. Only `active` charges; every status the gateway sets on a
 * schedule in trouble (`failing`, `failed`, `error`) and the client-set `past_due` read as
 * `paused`, the terminal `stopped` as `cancelled`.
 */
export const FLUIDPAY_STATUS_READS: Readonly<Record<string, RecurrenceStatus>> = Object.freeze({
  active: 'active',
  paused: 'paused',
  past_due: 'paused',
  failing: 'paused',
  failed: 'paused',
  error: 'paused',
  completed: 'completed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  stopped: 'cancelled',
})

/** What a status no source names reads as: a state that does not charge. */
export const UNKNOWN_STATUS_READS: RecurrenceStatus = 'paused'

export interface RecurringSettings {
  readonly lastDay: '0' | '31'
  readonly daily: boolean
  readonly nextDateBy: 'activate' | 'update'
  readonly statuses: Readonly<Record<string, RecurrenceStatus>>
}

export const recurringSettingsOf = (s?: FluidPayRecurringSettings): RecurringSettings => ({
  lastDay: s?.lastDay ?? '0',
  daily: s?.daily ?? true,
  nextDateBy: s?.nextDateBy ?? 'activate',
  statuses: Object.freeze({ ...FLUIDPAY_STATUS_READS, ...s?.statuses, active: 'active' }),
})

/** A gateway status as FluidPay spells it: trimmed, lower case. */
export const rawStatus = (w: Pick<WireSubscription, 'status'>): string =>
  (text(w.status) ?? '').trim().toLowerCase()

export const statusOf = (s: RecurringSettings, raw: string): RecurrenceStatus =>
  Object.prototype.hasOwnProperty.call(s.statuses, raw)
    ? (s.statuses[raw] as RecurrenceStatus)
    : UNKNOWN_STATUS_READS

// ---- days

const dayCode = (s: RecurringSettings, d: DayOfMonth): string =>
  d === 'last' || d === 31 ? s.lastDay : String(d)

export const readDayCode = (s: RecurringSettings, code: string): DayOfMonth | undefined => {
  if (!/^\d{1,2}$/.test(code)) return undefined
  const n = Number(code)
  if (n === 0 || code === s.lastDay) return 'last'
  return n >= 1 && n <= 31 ? n : undefined
}

/** The day of the month of a `YYYY-MM-DD` date. */
export const dayOfDate = (date: string): DayOfMonth => Number(date.slice(8, 10))

// ---- schedule → wire

export interface SchedulePlan {
  readonly body: ScheduleBody
  /** The schedule the body expresses, which a read-back is compared with. */
  readonly intended: Schedule
  readonly warnings: ReadonlyArray<Warning>
}

/**
 * The schedule fields for `schedule`. A monthly or yearly schedule that names no day bills on
 * `fallbackDay` (the start date's day). `charge_on_day` is always false: true would bill on the
 * day of the request instead.
 */
export const scheduleBody = (
  s: RecurringSettings,
  schedule: Schedule,
  fallbackDay: DayOfMonth | undefined,
  path = 'schedule',
): E.Either<ReadonlyArray<FieldIssue>, SchedulePlan> => {
  const cannot = (why: string) =>
    E.left([issue(path, `FluidPay cannot express ${describeSchedule(schedule)}: ${why}`)])
  const body = (
    frequency: BillingFrequency,
    interval: number,
    days?: ReadonlyArray<DayOfMonth>,
  ): ScheduleBody =>
    compact<ScheduleBody>({
      billing_frequency: frequency,
      billing_cycle_interval: interval,
      billing_days: days?.map((d) => dayCode(s, d)).join(','),
      charge_on_day: false,
    })
  if (schedule.kind === 'named') return cannot('it has no named schedules')
  if (schedule.kind === 'days_of_month') {
    const days = schedule.days.map((d) => dayCode(s, d))
    if (days.length !== 2 || days[0] === days[1]) return cannot('it bills two distinct days')
    return E.right({
      body: body('twice_monthly', 1, schedule.days),
      intended: schedule,
      warnings: [],
    })
  }
  switch (schedule.unit) {
    case 'week':
      return cannot('it has no weekly frequency')
    case 'day':
      if (!s.daily) return cannot('daily billing is turned off (recurring.daily)')
      if (schedule.every !== 1) return cannot('it bills daily only every day')
      return E.right({ body: body('daily', 1), intended: schedule, warnings: [] })
    case 'month':
    case 'year': {
      if (schedule.weekday !== undefined) return cannot('a monthly schedule names no weekday')
      const day = schedule.dayOfMonth ?? fallbackDay
      if (day === undefined) {
        return E.left([
          issue(`${path}.dayOfMonth`, 'FluidPay bills on a day of the month: name one'),
        ])
      }
      const months = schedule.unit === 'year' ? schedule.every * 12 : schedule.every
      const adjusted = schedule.dayOfMonth === 31
      return E.right({
        body: body('monthly', months, [day]),
        intended: adjusted ? { ...schedule, dayOfMonth: 'last' } : schedule,
        warnings: adjusted
          ? [
              warning(
                'day_adjusted',
                'FluidPay bills day 31 as the last day of the month (30, 29 or 28 in shorter months)',
                `${path}.dayOfMonth`,
              ),
            ]
          : [],
      })
    }
  }
}

export const durationOf = (total: TotalCount): number => (total === 'open_ended' ? 0 : total)

// ---- wire → canonical

/** `billing_days` as its day codes ("1,15" → ["1", "15"]); none for empty or absent. */
export const dayCodes = (w: Pick<WireSubscription, 'billing_days'>): string[] => {
  const raw = w.billing_days
  if (raw === null || raw === undefined) return []
  return String(raw)
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '')
}

type ScheduleFields = Pick<
  WireSubscription,
  'billing_frequency' | 'billing_cycle_interval' | 'billing_days'
>

/**
 * The schedule a plan or subscription bills on; undefined when it names no frequency. A rhythm
 * the canonical calendar cannot hold reads as a FluidPay named schedule, kept as it is.
 */
export const readSchedule = (
  s: RecurringSettings,
  w: ScheduleFields,
): E.Either<string, Schedule | undefined> => {
  const frequency = text(w.billing_frequency)?.trim().toLowerCase()
  if (frequency === undefined) return E.right(undefined)
  const every = w.billing_cycle_interval ?? 1
  if (!Number.isSafeInteger(every) || every < 1) {
    return E.left(`billing_cycle_interval ${String(every)} is not a positive integer`)
  }
  const codes = dayCodes(w)
  const days = codes.map((c) => readDayCode(s, c))
  const named = (): Schedule => ({
    kind: 'named',
    gateway: 'fluidpay',
    code: `${frequency}/${every}/${codes.join(',')}`.slice(0, 200),
    label: `FluidPay ${frequency.slice(0, 40)} every ${every}${codes.length === 0 ? '' : ` on ${codes.join(', ').slice(0, 80)}`}`,
  })
  if (days.some((d) => d === undefined)) return E.right(named())
  const known = days as DayOfMonth[]
  if (frequency === 'daily') return E.right({ kind: 'interval', unit: 'day', every })
  if (frequency === 'twice_monthly') {
    return E.right(
      known.length === 2 && every === 1 ? { kind: 'days_of_month', days: known } : named(),
    )
  }
  if (frequency !== 'monthly' || known.length > 1) return E.right(named())
  const anchor = known[0] === undefined ? {} : { dayOfMonth: known[0] }
  return E.right(
    every % 12 === 0
      ? { kind: 'interval', unit: 'year', every: every / 12, ...anchor }
      : { kind: 'interval', unit: 'month', every, ...anchor },
  )
}
