/**
 * Translation of a source schedule into one the target can store, charging on exactly the same
 * days from the source's next charge on: the schedule as it is, or an exact twin of it (a named
 * rhythm and its canonical form, 12 months and a year, a week and 7 days, a billing day the
 * target cannot name but that its next charge already falls on). A schedule with no exact twin
 * the target can store is not approximated: it stays at the source, and the reason says why.
 */
import * as E from 'fp-ts/Either'
import {
  canSchedule,
  describeSchedule,
  sameSchedule,
  type Capabilities,
  type DayOfMonth,
  type IntervalSchedule,
  type Schedule,
} from '@vaultport/core'
import { dayOfMonthOf, weekdayOf } from './calendar'

// ---- named rhythms and their canonical twins

interface NamedTwin {
  readonly gateway: string
  readonly code: string
  readonly label: string
  readonly canonical: Schedule
}

const firstAndFifteenth: Schedule = { kind: 'days_of_month', days: [1, 15] }

/** Named schedules that charge exactly as a canonical one does. */
export const NAMED_TWINS: ReadonlyArray<NamedTwin> = [
  {
    gateway: 'paytrace',
    code: '7',
    label: '1st and 15th of each month',
    canonical: firstAndFifteenth,
  },
  { gateway: 'memory', code: '1st-15th', label: '1st and 15th', canonical: firstAndFifteenth },
]

const twinOf = (s: Schedule): NamedTwin | undefined =>
  s.kind === 'named'
    ? NAMED_TWINS.find((t) => t.gateway === s.gateway && t.code === s.code)
    : undefined

/** The canonical form of a schedule: a named one by its twin, where it has one. */
export const canonicalOf = (s: Schedule): Schedule => twinOf(s)?.canonical ?? s

// ---- the same rhythm, whatever its form

/**
 * An interval in its smallest unit (years as months, weeks as days where no weekday is named),
 * day 31 as the last day (the same day in every month).
 */
const normalized = (s: IntervalSchedule): IntervalSchedule => {
  const t: IntervalSchedule = s.dayOfMonth === 31 ? { ...s, dayOfMonth: 'last' } : s
  if (t.unit === 'year') return { ...t, unit: 'month', every: t.every * 12 }
  if (t.unit === 'week' && t.weekday === undefined) return { ...t, unit: 'day', every: t.every * 7 }
  return t
}

/**
 * Whether two schedules charge on the same rhythm, whatever form each gateway gave it (a named
 * rhythm or its canonical twin, a year or 12 months); an anchor only one side names is no
 * difference.
 */
export const sameRhythm = (a: Schedule, b: Schedule): boolean => {
  const ca = canonicalOf(a)
  const cb = canonicalOf(b)
  if (ca.kind === 'interval' && cb.kind === 'interval')
    return sameSchedule(normalized(ca), normalized(cb))
  return sameSchedule(ca, cb)
}

/**
 * Whether two schedules charge at the same intervals, whatever day each names: a lookup's test,
 * for a copy whose billing day the target may have had to move (and warned about).
 */
export const sameCadence = (a: Schedule, b: Schedule): boolean => {
  const ca = canonicalOf(a)
  const cb = canonicalOf(b)
  if (ca.kind !== 'interval' || cb.kind !== 'interval') return sameSchedule(ca, cb)
  const plain = ({ dayOfMonth: _d, weekday: _w, ...rest }: IntervalSchedule) => normalized(rest)
  const na = plain(ca)
  const nb = plain(cb)
  return na.unit === nb.unit && na.every === nb.every
}

// ---- the forms a target may take

/**
 * The billing day of a month or year schedule that names none: the day of its first charge
 * (`startDate`), which a short month may have clamped its next charge away from.
 */
const impliedDay = (startDate: string | undefined, next: string): DayOfMonth => {
  const day = dayOfMonthOf(startDate ?? next)
  return day === 31 ? 'last' : day
}

/** Whether a target that names no billing day, starting on `next`, keeps billing day `d`. */
const dayKeptWithout = (d: DayOfMonth, next: string): boolean =>
  dayOfMonthOf(next) === (d === 'last' ? 31 : d)

/** The same interval in other units: a year and 12 months, a week and 7 days. */
const unitTwins = (s: IntervalSchedule, next: string): IntervalSchedule[] => {
  const { unit, every } = s
  const out: IntervalSchedule[] = [s]
  if (unit === 'year') out.push({ ...s, unit: 'month', every: every * 12 })
  if (unit === 'month' && every % 12 === 0) out.push({ ...s, unit: 'year', every: every / 12 })
  if (unit === 'week' && (s.weekday === undefined || s.weekday === weekdayOf(next))) {
    const { weekday: _w, ...plain } = s
    out.push({ ...plain, unit: 'day', every: every * 7 })
  }
  if (unit === 'day' && every % 7 === 0) out.push({ ...s, unit: 'week', every: every / 7 })
  return out
}

/** The forms of interval `s` with the anchors a target may drop or need, exact from `next`. */
const anchorTwins = (s: IntervalSchedule, next: string, startDate?: string): IntervalSchedule[] => {
  const monthly = s.unit === 'month' || s.unit === 'year'
  if (monthly && s.dayOfMonth === undefined) {
    const day = impliedDay(startDate, next)
    // A short month clamped the next charge: only a target that names the day keeps it.
    if (!dayKeptWithout(day, next)) return [{ ...s, dayOfMonth: day }]
    return [s, { ...s, dayOfMonth: day }]
  }
  if (monthly && s.dayOfMonth !== undefined) {
    const { dayOfMonth, ...plain } = s
    // Day 31 and the last day are one day in every month.
    const same: IntervalSchedule[] =
      dayOfMonth === 31
        ? [s, { ...s, dayOfMonth: 'last' }]
        : dayOfMonth === 'last'
          ? [s, { ...s, dayOfMonth: 31 }]
          : [s]
    return dayKeptWithout(dayOfMonth, next) ? [...same, plain] : same
  }
  if (s.unit === 'week' && s.weekday !== undefined) {
    const { weekday, ...plain } = s
    return weekday === weekdayOf(next) ? [s, plain] : [s]
  }
  if (s.unit === 'week') return [s, { ...s, weekday: weekdayOf(next) }]
  return [s]
}

/** Every form of `s` that charges on exactly its days from `next` on, the closest first. */
export const exactForms = (s: Schedule, next: string, startDate?: string): Schedule[] => {
  const c = canonicalOf(s)
  // An interval is among its own unit and anchor twins, unless a short month rules it out.
  const out: Schedule[] = c.kind === 'interval' ? [] : [s]
  if (c !== s) out.push(c)
  for (const t of NAMED_TWINS)
    if (c.kind !== 'interval' && sameSchedule(t.canonical, c))
      out.push({ kind: 'named', gateway: t.gateway, code: t.code, label: t.label })
  if (c.kind === 'interval')
    for (const u of unitTwins(c, next)) out.push(...anchorTwins(u, next, startDate))
  return out
}

// ---- translation

const unitName = { day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' } as const

/** Why `target` can store no form of `s`, in words. */
const whyNot = (target: Capabilities, s: Schedule, next: string): string => {
  const c = canonicalOf(s)
  const base = `${target.displayName} cannot express ${describeSchedule(s)}`
  if (c.kind === 'named') return `${base}: no other gateway has that rhythm`
  if (c.kind === 'days_of_month') return `${base}: it bills on no such days`
  const intervals = target.recurrences.intervals
  const twins = unitTwins(c, next)
  if (!twins.some((u) => (intervals[u.unit] ?? []).includes(u.every))) {
    const own = intervals[c.unit] ?? []
    return own.length === 0
      ? `${base}: it has no ${unitName[c.unit]} schedules`
      : `${base}: its ${unitName[c.unit]} schedules charge every ${own.join(', ')} ${c.unit}(s) only`
  }
  if (c.dayOfMonth !== undefined || c.unit === 'month' || c.unit === 'year')
    return `${base}: it cannot name the billing day, and the next charge (${next}) is not on it`
  if (c.weekday !== undefined)
    return `${base}: it cannot name the weekday, and the next charge (${next}) is not on it`
  return base
}

/** The form of `s` the target stores, charging exactly as `s` does from `next`; or why none. */
export const translateSchedule = (
  target: Capabilities,
  s: Schedule,
  next: string,
  startDate?: string,
): E.Either<string, Schedule> => {
  const form = exactForms(s, next, startDate).find((f) => canSchedule(target, f))
  if (form === undefined) return E.left(whyNot(target, s, next))
  // A named rhythm as the target itself names it.
  const own =
    form.kind === 'named'
      ? target.recurrences.named.find(
          (n) => n.kind === 'named' && n.gateway === form.gateway && n.code === form.code,
        )
      : undefined
  return E.right(own ?? form)
}
