/**
 * Recurrences: the ten frequency codes and the canonical schedule of each, `total_count` 999 as
 * "until cancelled", `C`/`A` for card or check, and the recurrence gateway data PayTrace keeps.
 */
import * as E from 'fp-ts/Either'
import {
  customerId,
  recurrenceId,
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

// ---- schedules

export interface FrequencyRow {
  readonly code: string
  readonly legacyName: string
  readonly schedule: Schedule
}

const interval = (unit: 'day' | 'week' | 'month' | 'year', every: number): Schedule =>
  ({ kind: 'interval', unit, every }) as Schedule

/** The ten frequency codes (GATEWAY-FACTS §1.6) and the canonical schedule of each. */
export const frequencyTable: ReadonlyArray<FrequencyRow> = [
  { code: '1', legacyName: 'Annually', schedule: interval('year', 1) },
  { code: '8', legacyName: 'Semi-annually', schedule: interval('month', 6) },
  { code: 'A', legacyName: 'Trimesterly', schedule: interval('month', 4) },
  { code: '2', legacyName: 'Quarterly', schedule: interval('month', 3) },
  { code: '9', legacyName: 'Bi-monthly', schedule: interval('month', 2) },
  { code: '3', legacyName: 'Monthly', schedule: interval('month', 1) },
  { code: '4', legacyName: 'Bi-weekly', schedule: interval('week', 2) },
  { code: '7', legacyName: '1st and 15th', schedule: firstAndFifteenth },
  { code: '5', legacyName: 'Weekly', schedule: interval('week', 1) },
  { code: '6', legacyName: 'Daily', schedule: interval('day', 1) },
]

const sameSchedule = (a: Schedule, b: Schedule): boolean =>
  a.kind === 'interval' && b.kind === 'interval'
    ? a.unit === b.unit && a.every === b.every
    : a.kind === 'named' && b.kind === 'named' && a.gateway === b.gateway && a.code === b.code

export const scheduleToFrequency = (s: Schedule): string | undefined =>
  frequencyTable.find((row) => sameSchedule(row.schedule, s))?.code

export const frequencyToSchedule = (code: string): Schedule | undefined =>
  frequencyTable.find((row) => row.code === code.trim().toUpperCase())?.schedule

/** `total_count` 999 means "until cancelled" (GATEWAY-FACTS §1.6). */
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

/** `C` bills the card, `A` the check (GATEWAY-FACTS §1.6). */
const typeOfMethod = (id: string | undefined): 'C' | 'A' => (id === CHECK_ID ? 'A' : 'C')

const scheduleIssue = (): FieldIssue => ({
  path: 'schedule',
  message: 'PayTrace has no frequency code for this schedule',
})

/** R1's `recurrence` object, or the field issues that stop it. */
export const recurrenceInputToWire = (
  input: RecurrenceInput,
): E.Either<ReadonlyArray<FieldIssue>, Translated<WireRecurrenceFields>> => {
  const issues: FieldIssue[] = []
  const amount = amountToWire(input.amount)
  if (E.isLeft(amount)) issues.push({ path: 'amount.currency', message: amount.left })
  const frequency = scheduleToFrequency(input.schedule)
  if (frequency === undefined) issues.push(scheduleIssue())
  if (
    input.paymentMethodId !== undefined &&
    input.paymentMethodId !== CARD_ID &&
    input.paymentMethodId !== CHECK_ID
  ) {
    issues.push({ path: 'paymentMethodId', message: 'a PayTrace profile has only card and check' })
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
      extras.warnings,
    ),
  )
}

/** R2's `recurrence` fields (without the id) and `next_date`. */
export const recurrencePatchToWire = (
  patch: RecurrencePatch,
): E.Either<
  ReadonlyArray<FieldIssue>,
  Translated<{ recurrence: WireRecurrenceFields; nextDate?: string }>
> => {
  const issues: FieldIssue[] = []
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
  }
  if (patch.totalCount !== undefined) fields['total_count'] = totalCountToWire(patch.totalCount)
  if (patch.description !== undefined) fields['description'] = patch.description
  if (patch.paymentMethodId !== undefined) {
    if (patch.paymentMethodId !== CARD_ID && patch.paymentMethodId !== CHECK_ID) {
      issues.push({
        path: 'paymentMethodId',
        message: 'a PayTrace profile has only card and check',
      })
    } else fields['type'] = typeOfMethod(patch.paymentMethodId)
  }
  if (issues.length > 0) return E.left(issues)
  return E.right(
    translated({
      recurrence: fields as WireRecurrenceFields,
      ...(patch.nextDate === undefined ? {} : { nextDate: isoToWireDate(patch.nextDate) }),
    }),
  )
}

const STATUS_WORDS: ReadonlyArray<readonly [RegExp, RecurrenceStatus]> = [
  [/^(active|scheduled|open)$/i, 'active'],
  [/^(paused|suspended|on ?hold|inactive)$/i, 'paused'],
  [/^(completed?|finished|done|expired)$/i, 'completed'],
  [/^(cancell?ed|deleted|stopped)$/i, 'cancelled'],
]

/** A stored recurrence; a Left names the field that could not be read. */
export const recurrenceFromWire = (w: WireRecurrence): E.Either<string, Recurrence> => {
  if (w.customer_id === undefined) return E.left('recurrence has no customer_id')
  if (w.amount === undefined) return E.left('recurrence has no amount')
  if (w.frequency === undefined) return E.left('recurrence has no frequency')
  const amount = amountFromWire(w.amount)
  if (E.isLeft(amount)) return amount
  const schedule = frequencyToSchedule(w.frequency)
  if (schedule === undefined) return E.left(`unknown frequency code "${w.frequency}"`)
  const total = totalCountFromWire(w.total_count ?? OPEN_ENDED_COUNT)
  if (E.isLeft(total)) return total
  const start = present(w.start_date) ? wireDateToIso(w.start_date) : undefined
  if (start !== undefined && E.isLeft(start)) return start
  const next = present(w.next_date) ? wireDateToIso(w.next_date) : undefined
  if (next !== undefined && E.isLeft(next)) return next
  const completedCount = intOf(w.current_count)
  const statusWord = present(w.status)
    ? STATUS_WORDS.find(([re]) => re.test(w.status!.trim()))
    : undefined
  const status: RecurrenceStatus =
    statusWord?.[1] ??
    (total.right !== 'open_ended' && completedCount !== undefined && completedCount >= total.right
      ? 'completed'
      : 'active')
  const extras = Object.fromEntries(
    RECURRENCE_EXTRAS.filter((k) => w[k] !== undefined && w[k] !== null).map((k) => [k, w[k]]),
  )
  return E.right({
    id: recurrenceId(idText(w.id)),
    customerId: customerId(idText(w.customer_id)),
    amount: amount.right,
    schedule,
    totalCount: total.right,
    status,
    paymentMethodId: w.type?.trim().toUpperCase() === 'A' ? CHECK_ID : CARD_ID,
    ...(start === undefined ? {} : { startDate: start.right }),
    ...(next === undefined || status === 'completed' ? {} : { nextDate: next.right }),
    ...(completedCount === undefined || completedCount < 0 ? {} : { completedCount }),
    ...(present(w.description) ? { description: w.description } : {}),
    ...(Object.keys(extras).length === 0 ? {} : { gatewayData: extras }),
  })
}
