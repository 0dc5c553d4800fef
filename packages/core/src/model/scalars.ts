/**
 * Small validated scalars shared by the model: bounded text, ISO dates and timestamps,
 * country and currency codes, integer counts.
 */
import * as t from 'io-ts'

// ---- refinements
// Plain strings and numbers that a codec validates. Only ids carry brands: a scalar is checked
// where it enters, and callers write `{ email: 'a@b.co' }` without casts.

/**
 * A codec for the values of `base` that satisfy `ok`; its type stays plain.
 * @category Model
 */
export const refined = <A>(
  base: t.Type<A, A, unknown>,
  name: string,
  ok: (a: A) => boolean,
): t.Type<A, A, unknown> =>
  new t.Type<A, A, unknown>(
    name,
    (u): u is A => base.is(u) && ok(u),
    (u, c) => {
      const r = base.validate(u, c)
      if (r._tag === 'Left') return r
      return ok(r.right) ? t.success(r.right) : t.failure(u, c)
    },
    t.identity,
  )

// ---- integers

/** @category Model */
export const PositiveInt = refined(t.number, 'PositiveInt', (n) => Number.isSafeInteger(n) && n > 0)
/** @category Model */
export type PositiveInt = t.TypeOf<typeof PositiveInt>

/** @category Model */
export const NonNegativeInt = refined(
  t.number,
  'NonNegativeInt',
  (n) => Number.isSafeInteger(n) && n >= 0,
)
/** @category Model */
export type NonNegativeInt = t.TypeOf<typeof NonNegativeInt>

// ---- dates

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

const daysIn = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31

/** The number written by the ASCII digits of `s` from `from` to `to` (exclusive). */
const digitsAt = (s: string, from: number, to: number): number => {
  let n = 0
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48
  return n
}

/**
 * Whether `s`, which starts `YYYY-MM-DD`, names a real calendar day. Arithmetic on fixed
 * positions: it runs for every date and timestamp field of every decoded record.
 */
const isCalendarDay = (s: string): boolean => {
  const month = digitsAt(s, 5, 7)
  const day = digitsAt(s, 8, 10)
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(digitsAt(s, 0, 4), month)
}

/**
 * True for a real calendar day written YYYY-MM-DD.
 * @category Model
 */
export const isIsoDate = (s: string): boolean => ISO_DATE.test(s) && isCalendarDay(s)
/**
 * A calendar date, `YYYY-MM-DD`.
 * @category Model
 */
export const IsoDate = refined(t.string, 'IsoDate', (s) => isIsoDate(s))
/** @category Model */
export type IsoDate = t.TypeOf<typeof IsoDate>

const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/
/**
 * An RFC 3339 timestamp with a zone: `2024-05-01T10:00:00.000Z`.
 * @category Model
 */
export const IsoDateTime = refined(
  t.string,
  'IsoDateTime',
  (s) => ISO_DATE_TIME.test(s) && isCalendarDay(s),
)
/** @category Model */
export type IsoDateTime = t.TypeOf<typeof IsoDateTime>

// ---- codes

/**
 * ISO 3166-1 alpha-2, upper case.
 * @category Model
 */
export const CountryCode = refined(t.string, 'CountryCode', (s) => /^[A-Z]{2}$/.test(s))
/** @category Model */
export type CountryCode = t.TypeOf<typeof CountryCode>

/**
 * ISO 4217 alphabetic code, upper case.
 * @category Model
 */
export const CurrencyCode = refined(t.string, 'CurrencyCode', (s) => /^[A-Z]{3}$/.test(s))
/** @category Model */
export type CurrencyCode = t.TypeOf<typeof CurrencyCode>

// ---- text

/**
 * Free text of at most 1,000 characters: no gateway stores more in any vault field.
 * @category Model
 */
export const ShortText = refined(t.string, 'ShortText', (s) => s.length <= 1000)
/** @category Model */
export type ShortText = t.TypeOf<typeof ShortText>
