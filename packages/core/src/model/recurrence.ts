/**
 * A recurring billing schedule against a stored customer. The schedule is canonical where the
 * calendar allows it — every N days, weeks, months or years, optionally on a chosen day of the
 * month or weekday, or on two days of every month ("the 1st and 15th") — and named where a
 * gateway has a rhythm nothing canonical expresses. Canonical schedules are what lets a schedule
 * move between gateways exactly.
 */
import * as t from 'io-ts'
import { CustomerId, PaymentMethodId, RecurrenceId } from './ids'
import { Money } from './money'
import type { Named } from './named'
import { IsoDate, NonNegativeInt, PositiveInt, ShortText } from './scalars'

// Each `interface X extends t.TypeOf<typeof XCodec> {}` names a codec's type (see ./named).
/* eslint-disable @typescript-eslint/no-empty-object-type */

// ---- schedule

/** @category Model */
export const IntervalUnit = t.keyof(
  { day: null, week: null, month: null, year: null },
  'IntervalUnit',
)
/** @category Model */
export type IntervalUnit = t.TypeOf<typeof IntervalUnit>

/**
 * A day of the month, 1–31, or `last`: the month's last day, whatever its length.
 * @category Model
 */
export const DayOfMonth = t.union(
  [
    t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 31, 'DayNumber'),
    t.literal('last'),
  ],
  'DayOfMonth',
)
/** @category Model */
export type DayOfMonth = t.TypeOf<typeof DayOfMonth>

/**
 * A weekday: 0 is Sunday, 6 is Saturday.
 * @category Model
 */
export const Weekday = t.refinement(
  t.number,
  (n) => Number.isInteger(n) && n >= 0 && n <= 6,
  'Weekday',
)
/** @category Model */
export type Weekday = t.TypeOf<typeof Weekday>

const IntervalScheduleCodec = t.intersection(
  [
    t.type({ kind: t.literal('interval'), unit: IntervalUnit, every: PositiveInt }),
    t.partial({
      /** For month and year units: the day of the month it charges on. */
      dayOfMonth: DayOfMonth,
      /** For week units: the weekday it charges on. */
      weekday: Weekday,
    }),
  ],
  'IntervalSchedule',
)
/** @category Model */
export interface IntervalSchedule extends t.TypeOf<typeof IntervalScheduleCodec> {}
/** @category Model */
export const IntervalSchedule: Named<typeof IntervalScheduleCodec, IntervalSchedule> =
  IntervalScheduleCodec

const DaysOfMonthScheduleCodec = t.type(
  { kind: t.literal('days_of_month'), days: t.readonlyArray(DayOfMonth) },
  'DaysOfMonthSchedule',
)
/**
 * Every month, on each of these days (two of them: "the 1st and 15th").
 * @category Model
 */
export interface DaysOfMonthSchedule extends t.TypeOf<typeof DaysOfMonthScheduleCodec> {}
/** @category Model */
export const DaysOfMonthSchedule: Named<typeof DaysOfMonthScheduleCodec, DaysOfMonthSchedule> =
  DaysOfMonthScheduleCodec

const NamedScheduleCodec = t.type(
  { kind: t.literal('named'), gateway: t.string, code: t.string, label: t.string },
  'NamedSchedule',
)
/**
 * A gateway-specific rhythm, kept by its own code so that it round-trips exactly.
 * @category Model
 */
export interface NamedSchedule extends t.TypeOf<typeof NamedScheduleCodec> {}
/** @category Model */
export const NamedSchedule: Named<typeof NamedScheduleCodec, NamedSchedule> = NamedScheduleCodec

/**
 * When a recurrence charges: an interval, days of every month, or a gateway's named rhythm.
 * @category Model
 */
export type Schedule = IntervalSchedule | DaysOfMonthSchedule | NamedSchedule
const ScheduleCodec = t.union([IntervalSchedule, DaysOfMonthSchedule, NamedSchedule], 'Schedule')
/** @category Model */
export const Schedule: Named<typeof ScheduleCodec, Schedule> = ScheduleCodec

/** @category Model */
export const every = (n: number, unit: IntervalUnit): IntervalSchedule =>
  ({ kind: 'interval', unit, every: n }) as IntervalSchedule

/** An interval in its smallest spelling: every 12 months is every year, every 7 days a week. */
const normalInterval = (s: IntervalSchedule): { unit: IntervalUnit; every: number } =>
  s.unit === 'month' && s.every % 12 === 0
    ? { unit: 'year', every: s.every / 12 }
    : s.unit === 'day' && s.every % 7 === 0
      ? { unit: 'week', every: s.every / 7 }
      : { unit: s.unit, every: s.every }

/**
 * The same rhythm; an anchor day only one side names is not a difference.
 * @category Model
 */
export const sameSchedule = (a: Schedule, b: Schedule): boolean => {
  if (a.kind === 'interval' && b.kind === 'interval') {
    const sameAnchor = <K extends 'dayOfMonth' | 'weekday'>(k: K) =>
      a[k] === undefined || b[k] === undefined || a[k] === b[k]
    const [x, y] = [normalInterval(a), normalInterval(b)]
    return (
      x.unit === y.unit && x.every === y.every && sameAnchor('dayOfMonth') && sameAnchor('weekday')
    )
  }
  if (a.kind === 'days_of_month' && b.kind === 'days_of_month')
    return a.days.length === b.days.length && a.days.every((d, i) => d === b.days[i])
  if (a.kind === 'named' && b.kind === 'named') return a.gateway === b.gateway && a.code === b.code
  return false
}

const dayText = (d: DayOfMonth): string => (d === 'last' ? 'the last day' : `day ${d}`)
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** @category Model */
export const describeSchedule = (s: Schedule): string => {
  if (s.kind === 'named') return `${s.label} (${s.gateway} ${s.code})`
  if (s.kind === 'days_of_month') return `every month on ${s.days.map(dayText).join(' and ')}`
  const on =
    s.dayOfMonth !== undefined
      ? ` on ${dayText(s.dayOfMonth)}`
      : s.weekday !== undefined
        ? ` on ${WEEKDAYS[s.weekday] ?? s.weekday}`
        : ''
  return `every ${s.every} ${s.unit}(s)${on}`
}

// ---- model

/**
 * How many times the schedule charges: a count, or until cancelled.
 * @category Model
 */
export const TotalCount = t.union([PositiveInt, t.literal('open_ended')], 'TotalCount')
/** @category Model */
export type TotalCount = t.TypeOf<typeof TotalCount>

/** @category Model */
export const RecurrenceStatus = t.keyof(
  { active: null, paused: null, completed: null, cancelled: null },
  'RecurrenceStatus',
)
/** @category Model */
export type RecurrenceStatus = t.TypeOf<typeof RecurrenceStatus>

const RecurrenceCodec = t.intersection(
  [
    t.type({
      id: RecurrenceId,
      customerId: CustomerId,
      amount: Money,
      schedule: Schedule,
      totalCount: TotalCount,
      status: RecurrenceStatus,
    }),
    t.partial({
      paymentMethodId: PaymentMethodId,
      startDate: IsoDate,
      /** The next date the gateway will charge; absent once the schedule is over. */
      nextDate: IsoDate,
      completedCount: NonNegativeInt,
      description: ShortText,
      gatewayData: t.UnknownRecord,
    }),
  ],
  'Recurrence',
)
/** @category Model */
export interface Recurrence extends t.TypeOf<typeof RecurrenceCodec> {}
/** @category Model */
export const Recurrence: Named<typeof RecurrenceCodec, Recurrence> = RecurrenceCodec

// ---- inputs

const RecurrenceInputCodec = t.intersection(
  [
    t.type({
      customerId: CustomerId,
      amount: Money,
      schedule: Schedule,
      startDate: IsoDate,
      totalCount: TotalCount,
    }),
    t.partial({
      paymentMethodId: PaymentMethodId,
      description: ShortText,
      gatewayData: t.UnknownRecord,
    }),
  ],
  'RecurrenceInput',
)
/** @category Model */
export interface RecurrenceInput extends t.TypeOf<typeof RecurrenceInputCodec> {}
/** @category Model */
export const RecurrenceInput: Named<typeof RecurrenceInputCodec, RecurrenceInput> =
  RecurrenceInputCodec

const RecurrencePatchCodec = t.partial(
  {
    amount: Money,
    schedule: Schedule,
    nextDate: IsoDate,
    totalCount: TotalCount,
    description: ShortText,
    paymentMethodId: PaymentMethodId,
    /** Pause (`paused`), resume (`active`, from `nextDate` when given), cancel or complete. */
    status: RecurrenceStatus,
  },
  'RecurrencePatch',
)
/** @category Model */
export interface RecurrencePatch extends t.TypeOf<typeof RecurrencePatchCodec> {}
/** @category Model */
export const RecurrencePatch: Named<typeof RecurrencePatchCodec, RecurrencePatch> =
  RecurrencePatchCodec
