/** Date formats the gateways use, always in UTC. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** `MM/DD/YYYY` */
export const formatMdy = (d: Date): string =>
  `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`

/** Parses `MM/DD/YYYY` or `M/D/YYYY` (a real calendar date) at 00:00 UTC. */
export const parseMdy = (s: string): Date | null => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s)
  if (m === null) return null
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d : null
}

/** Parses `M/D/YYYY h:mm:ss AM|PM` (PayTrace's export `created.at`), in UTC. */
export const parseMdyTime = (s: string): Date | null => {
  const m = /^(\d{1,2}\/\d{1,2}\/\d{4})(?:\s+(\d{1,2}):(\d{2}):(\d{2})\s*(AM|PM))?$/i.exec(s.trim())
  if (m === null) return null
  const day = parseMdy(m[1] as string)
  if (day === null || m[2] === undefined) return day
  const hour12 = Number(m[2])
  if (hour12 < 1 || hour12 > 12) return null
  const hour = (hour12 % 12) + ((m[5] as string).toUpperCase() === 'PM' ? 12 : 0)
  return new Date(day.getTime() + ((hour * 60 + Number(m[3])) * 60 + Number(m[4])) * 1000)
}

/** Parses `YYYY-MM-DD` as the start (or the last millisecond) of that UTC day. */
export const parseIsoDay = (s: string, endOfDay: boolean): Date | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m === null) return null
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  if (d.getUTCDate() !== Number(m[3])) return null
  return endOfDay ? new Date(d.getTime() + 86_399_999) : d
}

/**
 * RFC 3339 with nanoseconds, UTC: `2026-01-05T10:00:00.123000000Z` (FluidPay). `toISOString`
 * always ends in `.sssZ`, so the nanoseconds are six zeros before the `Z` (no regex: two of these
 * per record on every search page).
 */
export const rfc3339Nano = (d: Date): string => `${d.toISOString().slice(0, -1)}000000Z`

export const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * 86_400_000)
