/**
 * Money is an integer count of minor units plus an ISO 4217 currency. Gateways that speak
 * decimal amounts ("24.95") are converted through decimal *strings*, never through float
 * arithmetic, so every cent value converts exactly both ways.
 */
import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import type { Named } from './named'
import { CurrencyCode, refined } from './scalars'

// Each `interface X extends t.TypeOf<typeof XCodec> {}` names a codec's type (see ./named).
/* eslint-disable @typescript-eslint/no-empty-object-type */

// ---- model

/** @category Model */
export const MinorUnits = refined(t.number, 'MinorUnits', (n) => Number.isSafeInteger(n) && n >= 0)
/** @category Model */
export type MinorUnits = t.TypeOf<typeof MinorUnits>

const MoneyCodec = t.type({ amount: MinorUnits, currency: CurrencyCode }, 'Money')
/** @category Model */
export interface Money extends t.TypeOf<typeof MoneyCodec> {}
/** @category Model */
export const Money: Named<typeof MoneyCodec, Money> = MoneyCodec

// ---- constructors

/** @category Model */
export const money = (amount: number, currency: string): Money => ({ amount, currency })

// ---- conversions

const DECIMAL = /^(\d+)(?:\.(\d+))?$/

/**
 * Parses a non-negative decimal amount (a string, or a JSON number printed back as its
 * shortest exact form) into minor units. More fractional digits than the currency has is an
 * error, not a rounding.
 * @category Model
 */
export const minorUnitsFromDecimal = (
  value: string | number,
  fractionDigits = 2,
): E.Either<string, MinorUnits> => {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim()
  if (text === undefined) return E.left(`amount ${String(value)} is not a finite decimal`)
  const m = DECIMAL.exec(text)
  if (m === null) return E.left(`amount "${text}" is not a non-negative decimal`)
  const whole = m[1] ?? '0'
  const fraction = (m[2] ?? '').replace(/0+$/, '')
  if (fraction.length > fractionDigits) {
    return E.left(`amount "${text}" has more than ${fractionDigits} decimal places`)
  }
  const units = Number(whole + fraction.padEnd(fractionDigits, '0'))
  return Number.isSafeInteger(units) ? E.right(units) : E.left(`amount "${text}" is too large`)
}

/**
 * Minor units as a plain decimal string: 2495 → "24.95", 5 → "0.05".
 * @category Model
 */
export const minorUnitsToDecimalString = (units: MinorUnits, fractionDigits = 2): string => {
  if (fractionDigits === 0) return String(units)
  const digits = String(units).padStart(fractionDigits + 1, '0')
  return `${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`
}

/**
 * Minor units as the JSON number a decimal-speaking gateway expects: 2495 → 24.95.
 * @category Model
 */
export const minorUnitsToDecimalNumber = (units: MinorUnits, fractionDigits = 2): number =>
  Number(minorUnitsToDecimalString(units, fractionDigits))

// ---- utils

const numberToPlainString = (n: number): string | undefined => {
  if (!Number.isFinite(n) || n < 0) return undefined
  const s = String(n)
  // Exponent forms (1e21, 1e-7) are outside any amount a vault schedules.
  return /e/i.test(s) ? undefined : s
}
