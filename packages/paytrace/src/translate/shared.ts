/**
 * Translation helpers every port uses: the `Translated` pair (a wire value and what it lost),
 * PayTrace's integer ids, USD money and `MM/DD/YYYY` dates, and the small text readers.
 */
import * as E from 'fp-ts/Either'
import {
  minorUnitsFromDecimal,
  minorUnitsToDecimalNumber,
  warning,
  type Money,
  type Warning,
} from '@vaultport/core'
import type { WireNumber } from '../wire'

// ---- options

/** How full card and account numbers leave the adapter. */
export interface NumberEncoding {
  readonly mode: 'encrypted' | 'raw'
  /** PayTrace client-side encryption; required in `encrypted` mode. */
  readonly encrypt?: (plain: string) => string
}

export interface WriteOptions {
  readonly numbers: NumberEncoding
  readonly merchantId?: number
}

/** A wire value plus what could not be carried. */
export interface Translated<A> {
  readonly wire: A
  readonly warnings: ReadonlyArray<Warning>
}

export const translated = <A>(wire: A, warnings: ReadonlyArray<Warning> = []): Translated<A> => ({
  wire,
  warnings,
})

// ---- ids

/** PayTrace customer ids are integers; anything else cannot name a profile. */
export const wireCustomerId = (id: string): number | undefined =>
  /^\d{1,15}$/.test(id) ? Number(id) : undefined

export const idText = (id: string | number): string => String(id).trim()

// ---- money (USD only)

export const USD = 'USD'

/** Minor units → dollars as a JSON number: 2495 → 24.95, exactly. */
export const amountToWire = (money: Money): E.Either<string, number> =>
  money.currency === USD
    ? E.right(minorUnitsToDecimalNumber(money.amount, 2))
    : E.left(`PayTrace schedules only USD, not ${money.currency}`)

/** Dollars (number or string) → minor units: 24.95 → 2495, exactly, or an error. */
export const amountFromWire = (value: WireNumber): E.Either<string, Money> =>
  E.map((amount: number) => ({ amount, currency: USD }))(minorUnitsFromDecimal(value, 2))

// ---- dates

const WIRE_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const realDate = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** `2024-10-01` → `10/01/2024`. */
export const isoToWireDate = (iso: string): string => {
  const m = ISO_DATE.exec(iso)
  return m === null ? iso : `${m[2]}/${m[3]}/${m[1]}`
}

/** `10/01/2024` or `4/2/2014` (legacy) → ISO; ISO passes through; anything else is an error. */
export const wireDateToIso = (s: string): E.Either<string, string> => {
  const text = s.trim()
  const iso = ISO_DATE.exec(text)
  if (iso !== null && realDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) {
    return E.right(text)
  }
  const m = WIRE_DATE.exec(text)
  if (m === null) return E.left(`date "${text}" is not MM/DD/YYYY`)
  const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (!realDate(y, mo, d)) return E.left(`date "${text}" is not a calendar day`)
  return E.right(`${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
}

// ---- text helpers

/** A present, non-empty wire string. */
export const present = (s: string | null | undefined): s is string =>
  typeof s === 'string' && s.trim() !== ''

export const dropped = (field: string, what: string): Warning =>
  warning('field_dropped', `PayTrace has no place for ${what}; it was not stored`, field)

// ---- numbers

export const intOf = (v: WireNumber | null | undefined): number | undefined => {
  if (v === null || v === undefined) return undefined
  const n = Number(String(v).trim())
  return Number.isInteger(n) ? n : undefined
}
