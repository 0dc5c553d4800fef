/**
 * Small validated scalars shared by the model: bounded text, ISO dates and timestamps,
 * country and currency codes, integer counts.
 */
import * as t from 'io-ts'

// ---- integers

export interface PositiveIntBrand {
  readonly PositiveInt: unique symbol
}
export const PositiveInt = t.brand(
  t.number,
  (n): n is t.Branded<number, PositiveIntBrand> => Number.isSafeInteger(n) && n > 0,
  'PositiveInt',
)
export type PositiveInt = t.TypeOf<typeof PositiveInt>

export interface NonNegativeIntBrand {
  readonly NonNegativeInt: unique symbol
}
export const NonNegativeInt = t.brand(
  t.number,
  (n): n is t.Branded<number, NonNegativeIntBrand> => Number.isSafeInteger(n) && n >= 0,
  'NonNegativeInt',
)
export type NonNegativeInt = t.TypeOf<typeof NonNegativeInt>

// ---- dates

export interface IsoDateBrand {
  readonly IsoDate: unique symbol
}
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day written YYYY-MM-DD. */
export const isIsoDate = (s: string): boolean => {
  const m = ISO_DATE.exec(s)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}
/** A calendar date, `YYYY-MM-DD`. */
export const IsoDate = t.brand(
  t.string,
  (s): s is t.Branded<string, IsoDateBrand> => isIsoDate(s),
  'IsoDate',
)
export type IsoDate = t.TypeOf<typeof IsoDate>

export interface IsoDateTimeBrand {
  readonly IsoDateTime: unique symbol
}
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/
/** An RFC 3339 timestamp with a zone: `2024-05-01T10:00:00.000Z`. */
export const IsoDateTime = t.brand(
  t.string,
  (s): s is t.Branded<string, IsoDateTimeBrand> =>
    ISO_DATE_TIME.test(s) && isIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)),
  'IsoDateTime',
)
export type IsoDateTime = t.TypeOf<typeof IsoDateTime>

// ---- codes

export interface CountryCodeBrand {
  readonly CountryCode: unique symbol
}
/** ISO 3166-1 alpha-2, upper case. */
export const CountryCode = t.brand(
  t.string,
  (s): s is t.Branded<string, CountryCodeBrand> => /^[A-Z]{2}$/.test(s),
  'CountryCode',
)
export type CountryCode = t.TypeOf<typeof CountryCode>

export interface CurrencyCodeBrand {
  readonly CurrencyCode: unique symbol
}
/** ISO 4217 alphabetic code, upper case. */
export const CurrencyCode = t.brand(
  t.string,
  (s): s is t.Branded<string, CurrencyCodeBrand> => /^[A-Z]{3}$/.test(s),
  'CurrencyCode',
)
export type CurrencyCode = t.TypeOf<typeof CurrencyCode>

// ---- text

export interface ShortTextBrand {
  readonly ShortText: unique symbol
}
/** Free text of at most 1,000 characters: no gateway stores more in any vault field. */
export const ShortText = t.brand(
  t.string,
  (s): s is t.Branded<string, ShortTextBrand> => s.length <= 1000,
  'ShortText',
)
export type ShortText = t.TypeOf<typeof ShortText>
