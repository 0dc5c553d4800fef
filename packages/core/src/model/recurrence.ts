/**
 * A recurring billing schedule against a stored customer. The schedule is canonical where the
 * calendar allows it (every N days, weeks, months or years) and named where a gateway has a
 * rhythm no interval expresses (PayTrace's "1st and 15th").
 */
import * as t from 'io-ts'
import { CustomerId, PaymentMethodId, RecurrenceId } from './ids'
import { Money } from './money'
import { IsoDate, NonNegativeInt, PositiveInt, ShortText } from './scalars'

// ---- schedule

export const IntervalUnit = t.keyof(
  { day: null, week: null, month: null, year: null },
  'IntervalUnit',
)
export type IntervalUnit = t.TypeOf<typeof IntervalUnit>

export const IntervalSchedule = t.type(
  { kind: t.literal('interval'), unit: IntervalUnit, every: PositiveInt },
  'IntervalSchedule',
)
export type IntervalSchedule = t.TypeOf<typeof IntervalSchedule>

/** A gateway-specific rhythm, kept by its own code so that it round-trips exactly. */
export const NamedSchedule = t.type(
  { kind: t.literal('named'), gateway: t.string, code: t.string, label: t.string },
  'NamedSchedule',
)
export type NamedSchedule = t.TypeOf<typeof NamedSchedule>

export const Schedule = t.union([IntervalSchedule, NamedSchedule], 'Schedule')
export type Schedule = t.TypeOf<typeof Schedule>

export const every = (n: number, unit: IntervalUnit): IntervalSchedule =>
  ({ kind: 'interval', unit, every: n }) as IntervalSchedule

export const sameSchedule = (a: Schedule, b: Schedule): boolean =>
  a.kind === 'interval' && b.kind === 'interval'
    ? a.unit === b.unit && a.every === b.every
    : a.kind === 'named' && b.kind === 'named'
      ? a.gateway === b.gateway && a.code === b.code
      : false

export const describeSchedule = (s: Schedule): string =>
  s.kind === 'named' ? `${s.label} (${s.gateway} ${s.code})` : `every ${s.every} ${s.unit}(s)`

// ---- model

/** How many times the schedule charges: a count, or until cancelled. */
export const TotalCount = t.union([PositiveInt, t.literal('open_ended')], 'TotalCount')
export type TotalCount = t.TypeOf<typeof TotalCount>

export const RecurrenceStatus = t.keyof(
  { active: null, paused: null, completed: null, cancelled: null },
  'RecurrenceStatus',
)
export type RecurrenceStatus = t.TypeOf<typeof RecurrenceStatus>

export const Recurrence = t.intersection(
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
export type Recurrence = t.TypeOf<typeof Recurrence>

// ---- inputs

export const RecurrenceInput = t.intersection(
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
export type RecurrenceInput = t.TypeOf<typeof RecurrenceInput>

export const RecurrencePatch = t.partial(
  {
    amount: Money,
    schedule: Schedule,
    nextDate: IsoDate,
    totalCount: TotalCount,
    description: ShortText,
    paymentMethodId: PaymentMethodId,
  },
  'RecurrencePatch',
)
export type RecurrencePatch = t.TypeOf<typeof RecurrencePatch>
