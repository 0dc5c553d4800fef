/**
 * Payment methods: a PayTrace profile holds at most a card (id `card`) and a check (id
 * `check`). Full numbers leave encrypted or raw as configured; stored ones come back masked.
 */
import * as E from 'fp-ts/Either'
import {
  detectBrand,
  parseBrandName,
  paymentMethodId,
  readMaskedNumber,
  warning,
  type BankAccount,
  type BankAccountInput,
  type Card,
  type CardInput,
  type PaymentMethodInput,
  type Warning,
} from '@vaultport/core'
import type { WireCardRequest, WireCheckRequest, WireCheckView, WireCustomer } from '../wire'
import { dropped, intOf, present, translated, type NumberEncoding, type Translated } from './shared'

export const CARD_ID = paymentMethodId('card')
export const CHECK_ID = paymentMethodId('check')

// ---- payment methods: inputs

const encodeNumber = (enc: NumberEncoding, plain: string): E.Either<string, string> =>
  enc.mode === 'raw'
    ? E.right(plain)
    : enc.encrypt === undefined
      ? E.left('cardNumberMode "encrypted" needs an encrypt function')
      : E.right(enc.encrypt(plain))

export const cardToWire = (
  card: CardInput,
  enc: NumberEncoding,
  at: string,
): E.Either<string, Translated<WireCardRequest>> =>
  E.map((number: string) =>
    translated<WireCardRequest>(
      {
        number,
        expiration_month: card.expiry.month,
        expiration_year: card.expiry.year % 100,
      },
      card.holderName === undefined ? [] : [dropped(`${at}.holderName`, 'a card holder name')],
    ),
  )(encodeNumber(enc, card.number))

const ACCOUNT_TYPES = { checking: 'Checking', savings: 'Savings' } as const

export const checkToWire = (
  account: BankAccountInput,
  enc: NumberEncoding,
  at: string,
): E.Either<string, Translated<WireCheckRequest>> =>
  E.map((accountNumber: string) => {
    const warnings: Warning[] = []
    if (account.holderType !== undefined) {
      warnings.push(dropped(`${at}.holderType`, 'a bank account holder type'))
    }
    if (account.holderName !== undefined) {
      warnings.push(dropped(`${at}.holderName`, 'a bank account holder name'))
    }
    const wire: WireCheckRequest = {
      account_number: accountNumber,
      routing_number: account.routingNumber,
      account_type: ACCOUNT_TYPES[account.accountType],
      ...(account.secCode === undefined ? {} : { sec_code: account.secCode }),
    }
    return translated(wire, warnings)
  })(encodeNumber(enc, account.accountNumber))

/** The C1/C5 `card` or `check` object for a raw input, with its secrets. */
export const paymentSlot = (
  pm: Extract<PaymentMethodInput, { kind: 'card' | 'bank_account' }>,
  numbers: NumberEncoding,
  at: string,
): E.Either<
  string,
  { body: Record<string, unknown>; warnings: ReadonlyArray<Warning>; secrets: string[] }
> =>
  pm.kind === 'card'
    ? E.map((tr: Translated<WireCardRequest>) => ({
        body: { card: tr.wire },
        warnings: tr.warnings,
        secrets: [pm.number],
      }))(cardToWire(pm, numbers, at))
    : E.map((tr: Translated<WireCheckRequest>) => ({
        body: { check: tr.wire },
        warnings: tr.warnings,
        secrets: [pm.accountNumber],
      }))(checkToWire(pm, numbers, at))

/**
 * The values of a payment-method input no answer may carry back: the card or account number,
 * the Protect.js token and its key. Every request of an operation that sends them names them.
 */
export const inputSecrets = (pm: PaymentMethodInput): string[] => {
  switch (pm.kind) {
    case 'card':
      return [pm.number]
    case 'bank_account':
      return [pm.accountNumber]
    case 'gateway_token':
      return [pm.token, ...Object.values(pm.extras ?? {})]
    default:
      return []
  }
}

/** What a Protect.js token input carries that PayTrace's Protect.js create does not take. */
export const tokenWarnings = (
  holderName: string | undefined,
  extras: Readonly<Record<string, string>> | undefined,
  at: string,
): Warning[] => [
  ...(holderName === undefined
    ? []
    : [
        warning(
          'field_dropped',
          'PayTrace has no place for a card holder name',
          `${at}.holderName`,
        ),
      ]),
  ...Object.keys(extras ?? {})
    .filter((k) => k !== 'enc_key')
    .map((k) =>
      warning('field_dropped', `PayTrace's Protect.js create takes no "${k}"`, `${at}.extras.${k}`),
    ),
]

// ---- payment methods: stored

const fourDigitYear = (y: number): number => (y < 100 ? 2000 + y : y)

export const cardFromWire = (w: WireCustomer): Card | undefined => {
  const masked = [w.card?.masked_number, w.card?.card_masked, w.card_masked].find(present)
  if (masked === undefined) return undefined
  const { bin, last4 } = readMaskedNumber(masked)
  if (last4 === undefined) return undefined
  const month = intOf(w.card?.expiration_month)
  const year = intOf(w.card?.expiration_year)
  const typeName = w.card?.card_type
  const brand =
    bin !== undefined ? detectBrand(bin) : present(typeName) ? parseBrandName(typeName) : 'unknown'
  return {
    kind: 'card',
    id: CARD_ID,
    brand,
    last4,
    status: 'active',
    ...(bin === undefined ? {} : { bin }),
    ...(month === undefined || year === undefined || month < 1 || month > 12
      ? {}
      : { expiry: { month, year: fourDigitYear(year) } }),
  }
}

const maskedTail = (s: string | null | undefined): string | undefined =>
  present(s) ? /(\d{4})$/.exec(s.replace(/\s/g, ''))?.[1] : undefined

const SEC_CODES = ['PPD', 'CCD', 'WEB', 'TEL'] as const

export const checkFromWire = (c: WireCheckView | null | undefined): BankAccount | undefined => {
  if (c === null || c === undefined) return undefined
  const accountLast4 = [c.masked_account_number, c.account_number_masked, c.account_masked]
    .map(maskedTail)
    .find((x) => x !== undefined)
  if (accountLast4 === undefined) return undefined
  const routingLast4 = maskedTail(c.masked_routing_number ?? c.routing_number)
  const sec = SEC_CODES.find((s) => s === c.sec_code?.trim().toUpperCase())
  return {
    kind: 'bank_account',
    id: CHECK_ID,
    accountType: /sav/i.test(c.account_type ?? '') ? 'savings' : 'checking',
    accountLast4,
    status: 'active',
    ...(routingLast4 === undefined ? {} : { routingLast4 }),
    ...(sec === undefined ? {} : { secCode: sec }),
  }
}
