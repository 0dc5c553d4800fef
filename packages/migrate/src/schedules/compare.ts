/**
 * A target schedule against the plan it was made from: amount, rhythm (in whatever form the
 * target keeps it), first charge, remaining count and status. The saga checks a copy this way
 * before it removes the source; verification checks every moved schedule the same way.
 */
import type { Recurrence } from '@vaultport/core'
import type { PlannedRecurrence } from '../plan'
import { sameRhythm } from './translate'

/** A write warning about a copy, kept with it in the journal (`done` data). */
export interface Warned {
  readonly field?: string
  readonly message: string
}

/**
 * What the journal recorded of a schedule's plan: the source's next charge and the input, and
 * what the target warned it could not carry exactly when it made the copy.
 */
export interface PlannedSchedule {
  readonly nextDate: string
  readonly input: PlannedRecurrence['input']
  readonly warned?: ReadonlyArray<Warned>
}

export interface Mismatch {
  readonly field: 'amount' | 'schedule' | 'firstCharge' | 'totalCount' | 'status'
  readonly planned: unknown
  readonly actual: unknown
}

/**
 * How target schedule `t` differs from `planned`. `settled`: the copy may have charged since
 * (verification), so a finished schedule is no difference; just made, it must be active.
 */
export const scheduleMismatches = (
  planned: PlannedSchedule,
  t: Recurrence,
  settled = false,
): Mismatch[] => {
  const out: Mismatch[] = []
  const input = planned.input
  if (t.amount.amount !== input.amount.amount || t.amount.currency !== input.amount.currency)
    out.push({ field: 'amount', planned: input.amount, actual: t.amount })
  if (!sameRhythm(input.schedule, t.schedule))
    out.push({ field: 'schedule', planned: input.schedule, actual: t.schedule })
  // Just made, its next charge is its first; once it may have charged, its start says it.
  const first = t.nextDate ?? t.startDate
  if (first !== input.startDate && !(settled && t.startDate === input.startDate))
    out.push({ field: 'firstCharge', planned: input.startDate, actual: first })
  if (t.totalCount !== input.totalCount)
    out.push({ field: 'totalCount', planned: input.totalCount, actual: t.totalCount })
  if (t.status !== 'active' && !(settled && t.status === 'completed'))
    out.push({ field: 'status', planned: 'active', actual: t.status })
  return out
}

/**
 * The part of a copy a write warning may excuse: its billing day (a day the target moves within
 * the month) and its count's format. Never its amount or first charge: a first charge moved is a
 * period skipped or paid twice, whatever the target said about it.
 */
const warnedField = (path: string | undefined): Mismatch['field'] | undefined => {
  if (path === undefined) return undefined
  if (path.startsWith('schedule')) return 'schedule'
  return path === 'totalCount' ? 'totalCount' : undefined
}

/** The fields whose difference the target declared (a warning), so none is a mismatch. */
export const declaredFields = (warned: ReadonlyArray<Warned> = []): ReadonlySet<string> =>
  new Set(warned.flatMap((w) => warnedField(w.field) ?? []))

export const describeMismatches = (ms: ReadonlyArray<Mismatch>): string =>
  ms
    .map((m) => `${m.field} ${JSON.stringify(m.actual)} instead of ${JSON.stringify(m.planned)}`)
    .join(', ')
