/**
 * Card and bank-account checks and masks shared by the three simulators. Full numbers never leave
 * these functions except as masks, last-4s or one-way hashes.
 */
import { createHash } from 'node:crypto'

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown'

export const isDigits = (s: string, min: number, max: number): boolean =>
  s.length >= min && s.length <= max && /^[0-9]+$/.test(s)

export const luhnValid = (pan: string): boolean => {
  let sum = 0
  for (let i = 0; i < pan.length; i++) {
    let d = pan.charCodeAt(pan.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

export const isCardNumber = (pan: string): boolean => isDigits(pan, 13, 19) && luhnValid(pan)

/** ABA routing number: 9 digits whose 3-7-1 weighted sum is a multiple of 10. */
export const isRoutingNumber = (routing: string): boolean => {
  if (!isDigits(routing, 9, 9)) return false
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1]
  let sum = 0
  for (let i = 0; i < 9; i++) sum += (routing.charCodeAt(i) - 48) * (weights[i] as number)
  return sum % 10 === 0
}

export const cardBrand = (pan: string): CardBrand => {
  if (pan.startsWith('4')) return 'visa'
  if (/^(5[1-5]|2[2-7])/.test(pan)) return 'mastercard'
  if (/^3[47]/.test(pan)) return 'amex'
  if (/^(6011|65|64[4-9])/.test(pan)) return 'discover'
  return 'unknown'
}

export const last4 = (digits: string): string => digits.slice(-4)

/** First 6, `fill` for each middle digit, last 4 (`411111xxxxxx1111`); without BIN, fill all but 4. */
export const maskPan = (pan: string, fill: string, withBin: boolean): string => {
  const head = withBin ? pan.slice(0, 6) : ''
  return head + fill.repeat(pan.length - head.length - 4) + last4(pan)
}

/** `fill` for all but the last 4 digits. */
export const maskTail = (digits: string, fill: string): string =>
  fill.repeat(Math.max(0, digits.length - 4)) + last4(digits)

/** A one-way digest, so a simulator can compare secrets without keeping them readable. */
export const digest = (value: string): string => createHash('sha256').update(value).digest('hex')

/** What a simulator keeps of a card number: enough to mask and compare, never the number. */
export interface StoredPan {
  readonly bin: string
  readonly last4: string
  readonly length: number
  readonly brand: CardBrand
}

export const storePan = (pan: string): StoredPan => ({
  bin: pan.slice(0, 6),
  last4: last4(pan),
  length: pan.length,
  brand: cardBrand(pan),
})

export const maskStored = (pan: StoredPan, fill: string, withBin: boolean): string => {
  const head = withBin ? pan.bin : ''
  return head + fill.repeat(pan.length - head.length - 4) + pan.last4
}

/** The networks' public test numbers: the only payment data the simulators ever invent. */
export const TEST_CARDS = [
  '4111111111111111',
  '5555555555554444',
  '378282246310005',
  '6011111111111117',
] as const
export const TEST_ROUTING = ['021000021', '011000015'] as const
export const TEST_ACCOUNT = '000123456789'

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
