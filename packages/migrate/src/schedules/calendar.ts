/**
 * Calendar arithmetic on `YYYY-MM-DD` days (UTC, no time of day), enough to follow a canonical
 * schedule: the weekday and day of month of a date, months added with a billing day clamped to
 * short months, and the charge that follows a given one.
 */
import type { DayOfMonth, Schedule } from '@vaultport/core'

interface Parts {
  readonly year: number
  readonly month: number
  readonly day: number
}

const partsOf = (iso: string): Parts => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number]
  return { year, month, day }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

const isoOf = (year: number, month: number, day: number): string =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`

const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`)

/** The day of an instant, `YYYY-MM-DD` (UTC). */
export const dayOf = (d: Date): string => d.toISOString().slice(0, 10)

export const addDays = (iso: string, days: number): string =>
  dayOf(new Date(utc(iso).getTime() + days * 86_400_000))

/** 0 is Sunday. */
export const weekdayOf = (iso: string): number => utc(iso).getUTCDay()

export const dayOfMonthOf = (iso: string): number => partsOf(iso).day

export const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate()

/** Billing day `anchor` in a month: the month's last day where the month is shorter. */
const dayIn = (year: number, month: number, anchor: DayOfMonth): number =>
  anchor === 'last' ? daysInMonth(year, month) : Math.min(anchor, daysInMonth(year, month))

/** `months` after `iso`'s month, on billing day `anchor`. */
export const addMonths = (iso: string, months: number, anchor: DayOfMonth): string => {
  const p = partsOf(iso)
  const index = p.year * 12 + (p.month - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  return isoOf(year, month, dayIn(year, month, anchor))
}

/** The first of `days` (days of the month) strictly after `iso`. */
const nextOfDays = (iso: string, days: ReadonlyArray<DayOfMonth>): string | undefined => {
  if (days.length === 0) return undefined
  for (let step = 0; step <= 1; step++) {
    const month = addMonths(iso, step, 1).slice(0, 7)
    const { year, month: m } = partsOf(`${month}-01`)
    const candidates = days.map((d) => isoOf(year, m, dayIn(year, m, d))).sort()
    const found = candidates.find((c) => c > iso)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * The charge after the one on `date`, for a canonical schedule (`undefined` for a named one):
 * month and year schedules keep their billing day, `anchorDay` where they name none (the day of
 * the schedule's first charge).
 */
export const chargeAfter = (
  s: Schedule,
  date: string,
  anchorDay: DayOfMonth = dayOfMonthOf(date),
): string | undefined => {
  if (s.kind === 'named') return undefined
  if (s.kind === 'days_of_month') return nextOfDays(date, s.days)
  switch (s.unit) {
    case 'day':
      return addDays(date, s.every)
    case 'week':
      return addDays(date, 7 * s.every)
    case 'month':
      return addMonths(date, s.every, s.dayOfMonth ?? anchorDay)
    case 'year':
      return addMonths(date, 12 * s.every, s.dayOfMonth ?? anchorDay)
  }
}
