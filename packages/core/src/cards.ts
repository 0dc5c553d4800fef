/**
 * Card and bank-number arithmetic: the Luhn check, the ABA routing checksum, brand detection
 * from a BIN, and masking. Pure functions over digit strings.
 */
import type { CardBrand } from './model/paymentMethod'

/**
 * The Luhn (mod 10) check every card number passes.
 * @category Validation
 */
export const luhnValid = (digits: string): boolean => {
  if (!/^\d{2,19}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/**
 * The ABA checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
 * @category Validation
 */
export const abaRoutingValid = (routing: string): boolean => {
  if (!/^\d{9}$/.test(routing)) return false
  const d = [...routing].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])
  return sum % 10 === 0
}

const BRAND_PREFIXES: ReadonlyArray<readonly [RegExp, CardBrand]> = [
  [/^4/, 'visa'],
  [/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/, 'mastercard'],
  [/^3[47]/, 'amex'],
  [/^(6011|64[4-9]|65)/, 'discover'],
  [/^3(0[0-5]|[689])/, 'diners'],
  [/^35(2[89]|[3-8])/, 'jcb'],
  [/^62/, 'unionpay'],
]

/**
 * The network a card number (or its first six digits) belongs to.
 * @category Validation
 */
export const detectBrand = (digits: string): CardBrand =>
  BRAND_PREFIXES.find(([re]) => re.test(digits))?.[1] ?? 'unknown'

/**
 * Reads a brand name as gateways spell it ("Visa", "MASTERCARD", "American Express", "mc").
 * @category Validation
 */
export const parseBrandName = (name: string): CardBrand => {
  const n = name.toLowerCase().replace(/[^a-z]/g, '')
  if (n === 'visa') return 'visa'
  if (n === 'mastercard' || n === 'mc' || n === 'master') return 'mastercard'
  if (n === 'amex' || n === 'americanexpress') return 'amex'
  if (n === 'discover') return 'discover'
  if (n === 'diners' || n === 'dinersclub') return 'diners'
  if (n === 'jcb') return 'jcb'
  if (n === 'unionpay' || n === 'cup' || n === 'chinaunionpay') return 'unionpay'
  return 'unknown'
}

/** @category Validation */
export const lastFour = (digits: string): string => digits.slice(-4)

/**
 * Reads a masked number as vaults return it ("411111xxxxxx1111", "411111******1111",
 * "XXXX1111", "4111 XXXX XXXX 1111") into what it reveals: the BIN (when six or more leading
 * digits are shown) and the last four.
 * @category Validation
 */
export const readMaskedNumber = (masked: string): { bin?: string; last4?: string } => {
  const compact = masked.replace(/[\s-]/g, '')
  const lead = /^\d+/.exec(compact)?.[0] ?? ''
  const tail = /\d{4}$/.exec(compact)?.[0]
  const out: { bin?: string; last4?: string } = {}
  if (tail !== undefined && compact.length > 4) out.last4 = tail
  if (lead.length >= 6 && lead.length < compact.length) out.bin = lead.slice(0, 6)
  return out
}
