/**
 * Calendar days as `YYYY-MM-DD` strings (they sort as dates), the arithmetic the billing
 * schedules need (days, months with short-month handling, weekdays), and the time-zone work of
 * the billing clock: which day an instant falls on, and the instant of a local time on a day.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

export interface DayParts {
  readonly year: number
  /** 1–12 */
  readonly month: number
  /** 1–31 */
  readonly day: number
}

export const dayOf = (year: number, month: number, day: number): string =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`

export const partsOf = (day: string): DayParts => ({
  year: Number(day.slice(0, 4)),
  month: Number(day.slice(5, 7)),
  day: Number(day.slice(8, 10)),
})

/** A real calendar day written `YYYY-MM-DD`. */
export const isDay = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const { year, month, day } = partsOf(s)
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

export const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate()

export const addDaysTo = (day: string, n: number): string => {
  const { year, month, day: d } = partsOf(day)
  const t = new Date(Date.UTC(year, month - 1, d + n))
  return dayOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
}

/** The month `k` months after (year, month). */
export const monthPlus = (
  year: number,
  month: number,
  k: number,
): { year: number; month: number } => {
  const index = year * 12 + (month - 1) + k
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

/**
 * The day `want` of a month: `0` is the last day; a day the month lacks (29–31) is the last day
 * under `'lastDay'`, and `null` (no such day this month) under `'skip'`.
 */
export const dayInMonth = (
  year: number,
  month: number,
  want: number,
  shortMonths: 'lastDay' | 'skip' = 'lastDay',
): string | null => {
  const last = daysInMonth(year, month)
  if (want === 0) return dayOf(year, month, last)
  if (want <= last) return dayOf(year, month, want)
  return shortMonths === 'lastDay' ? dayOf(year, month, last) : null
}

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: string): number => {
  const { year, month, day: d } = partsOf(day)
  return new Date(Date.UTC(year, month - 1, d)).getUTCDay()
}

/** `MM/DD/YYYY` → `YYYY-MM-DD` (null when it is not a real date). */
export const dayFromMdy = (s: string): string | null => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s)
  if (m === null) return null
  const day = dayOf(Number(m[3]), Number(m[1]), Number(m[2]))
  return isDay(day) ? day : null
}

/** `YYYY-MM-DD` → `MM/DD/YYYY`. */
export const mdyFromDay = (day: string): string =>
  `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`

// ---- time zones

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Throws a RangeError when `timeZone` is not an IANA zone this Node knows. */
export const checkTimeZone = (timeZone: string): void => {
  formatterOf(timeZone)
}

const localParts = (instantMs: number, timeZone: string): number[] => {
  const parts = formatterOf(timeZone).formatToParts(new Date(instantMs))
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')]
}

/** The day an instant falls on in `timeZone`. */
export const dayIn = (instant: Date, timeZone: string): string => {
  const [y, m, d] = localParts(instant.getTime(), timeZone) as [number, number, number]
  return dayOf(y, m, d)
}

const offsetMs = (instantMs: number, timeZone: string): number => {
  const [y, mo, d, h, mi, s] = localParts(instantMs, timeZone) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(instantMs / 1000) * 1000
}

/** The instant of the local time `hh:mm` on `day` in `timeZone`. */
export const instantAt = (day: string, hhmm: string, timeZone: string): Date => {
  const { year, month, day: d } = partsOf(day)
  const guess = Date.UTC(year, month - 1, d, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)))
  const first = offsetMs(guess, timeZone)
  const second = offsetMs(guess - first, timeZone)
  return new Date(guess - (first === second ? first : second))
}
