/**
 * Payment methods between the canonical model and FluidPay's wire JSON: stored cards and ACH
 * accounts read back, and how each kind of input is stored. Card holder names, bank holder
 * names and holder types have no field.
 */
import * as E from 'fp-ts/Either'
import {
  paymentMethodId as toPaymentMethodId,
  detectBrand,
  parseBrandName,
  readMaskedNumber,
  warning,
  type BankAccount,
  type Card,
  type CardExpiry,
  type FieldIssue,
  type PaymentMethod,
  type PaymentMethodInput,
  type SecCode,
  type Warning,
} from '@vaultport/core'
import type { RouteName } from '../routes'
import type {
  CustomerRecord,
  DefaultPaymentBody,
  OptText,
  PaymentMethodType,
  WireAch,
  WireCard,
} from '../wire'
import { compact, issue, text } from './shared'

// ---- card expiry

/**
 * Reads a stored card's expiry: "MM/YY", "MMYY", "MM/YYYY", or an RFC 3339 datetime whose
 * calendar month is the expiry month ("2020-12-31T00:00:00Z").
 */
export const readExpiry = (s: OptText): CardExpiry | undefined => {
  const v = text(s)?.trim()
  if (v === undefined) return undefined
  const short = /^(\d{2})\/?(\d{2}|\d{4})$/.exec(v)
  const iso = /^(\d{4})-(\d{2})-\d{2}(?:[T ].*)?$/.exec(v)
  const [month, year] =
    short !== null
      ? [Number(short[1]), Number(short[2]?.length === 2 ? `20${short[2]}` : short[2])]
      : iso !== null
        ? [Number(iso[2]), Number(iso[1])]
        : [NaN, NaN]
  return month >= 1 && month <= 12 && year >= 2000 && year <= 2099 ? { month, year } : undefined
}

/** "MM/YY", the form FluidPay documents for requests. */
export const writeExpiry = (e: CardExpiry): string =>
  `${String(e.month).padStart(2, '0')}/${String(e.year % 100).padStart(2, '0')}`

// ---- payment methods

export const toCard = (w: WireCard): E.Either<string, Card> => {
  const masked = readMaskedNumber(text(w.masked_number) ?? '')
  if (masked.last4 === undefined) return E.left(`card ${w.id} has no readable masked_number`)
  const named = parseBrandName(text(w.card_type) ?? '')
  const brand = named !== 'unknown' || masked.bin === undefined ? named : detectBrand(masked.bin)
  const expiry = readExpiry(w.expiration_date)
  return E.right(
    compact<Card>({
      kind: 'card',
      id: toPaymentMethodId(w.id),
      brand,
      last4: masked.last4,
      status: 'active',
      bin: masked.bin,
      expiry,
    }),
  )
}

const lastDigits = (s: OptText): string | undefined => /(\d{4})$/.exec(text(s) ?? '')?.[1]

const SEC_CODES: ReadonlyArray<SecCode> = ['PPD', 'CCD', 'WEB', 'TEL']

export const toBankAccount = (w: WireAch): E.Either<string, BankAccount> => {
  const accountLast4 = lastDigits(w.masked_account_number) ?? lastDigits(w.account_number)
  if (accountLast4 === undefined) return E.left(`ACH ${w.id} has no readable account number`)
  const type = text(w.account_type)?.toLowerCase()
  if (type !== 'checking' && type !== 'savings') {
    return E.left(`ACH ${w.id} has an account_type that is neither checking nor savings`)
  }
  const sec = text(w.sec_code)?.toUpperCase()
  return E.right(
    compact<BankAccount>({
      kind: 'bank_account',
      id: toPaymentMethodId(w.id),
      accountType: type,
      accountLast4,
      status: 'active',
      secCode: SEC_CODES.find((c) => c === sec),
      routingLast4: lastDigits(w.masked_routing_number) ?? lastDigits(w.routing_number),
    }),
  )
}

export interface StoredMethod {
  readonly method: PaymentMethod
  readonly type: PaymentMethodType
}

/** Cards then ACH accounts, each with the wire type its routes need. */
export const storedMethods = (record: CustomerRecord): E.Either<string, StoredMethod[]> => {
  const payments = record.data.customer.payments
  const cards = (payments?.cards ?? []).map((c) =>
    E.map((m: Card): StoredMethod => ({ method: m, type: 'card' }))(toCard(c)),
  )
  const ach = (payments?.ach ?? []).map((a) =>
    E.map((m: BankAccount): StoredMethod => ({ method: m, type: 'ach' }))(toBankAccount(a)),
  )
  return E.sequenceArray([...cards, ...ach]) as E.Either<string, StoredMethod[]>
}

// ---- payment-method inputs

export type CreateRoute = Extract<
  RouteName,
  'createCard' | 'createAch' | 'createToken' | 'createApplePay' | 'createGooglePay'
>

export interface PaymentPlan {
  /** The endpoint that stores this input on an existing customer. */
  readonly route: CreateRoute
  /** The body of that endpoint. */
  readonly body: Record<string, unknown>
  /** The same input as the create body's `default_payment`. */
  readonly defaultPayment: DefaultPaymentBody
  readonly warnings: ReadonlyArray<Warning>
}

const secCodeFor = (
  input: Extract<PaymentMethodInput, { kind: 'bank_account' }>,
  at: string,
): E.Either<FieldIssue, { code: 'web' | 'ccd' | 'ppd'; warnings: Warning[] }> => {
  if (input.secCode === 'TEL') {
    return E.left(issue(`${at}.secCode`, 'FluidPay accepts the SEC codes WEB, CCD and PPD only'))
  }
  if (input.secCode !== undefined) {
    return E.right({ code: input.secCode.toLowerCase() as 'web' | 'ccd' | 'ppd', warnings: [] })
  }
  const code = input.holderType === 'business' ? 'ccd' : 'web'
  return E.right({
    code,
    warnings: [
      warning(
        'sec_code_defaulted',
        `FluidPay requires an SEC code; ${code.toUpperCase()} was sent`,
        `${at}.secCode`,
      ),
    ],
  })
}

/** How a payment-method input is stored, on create (`default_payment`) or afterwards. */
export const paymentPlan = (
  input: PaymentMethodInput,
  at: string,
): E.Either<ReadonlyArray<FieldIssue>, PaymentPlan> => {
  const dropped = (field: string, what: string): Warning =>
    warning('field_dropped', `FluidPay stores no ${what}`, `${at}.${field}`)
  switch (input.kind) {
    case 'card': {
      const card = { number: input.number, expiration_date: writeExpiry(input.expiry) }
      return E.right({
        route: 'createCard',
        body: card,
        defaultPayment: { card },
        warnings: input.holderName === undefined ? [] : [dropped('holderName', 'card holder name')],
      })
    }
    case 'bank_account': {
      const sec = secCodeFor(input, at)
      if (E.isLeft(sec)) return E.left([sec.left])
      const ach = {
        account_number: input.accountNumber,
        routing_number: input.routingNumber,
        account_type: input.accountType,
        sec_code: sec.right.code,
      }
      return E.right({
        route: 'createAch',
        body: ach,
        defaultPayment: { ach },
        warnings: [
          ...sec.right.warnings,
          ...(input.holderName === undefined ? [] : [dropped('holderName', 'account holder name')]),
          ...(input.holderType === undefined ? [] : [dropped('holderType', 'holder type')]),
        ],
      })
    }
    case 'gateway_token':
      return E.right({
        route: 'createToken',
        body: { token: input.token },
        defaultPayment: { token: input.token },
        warnings: [
          ...(input.extras === undefined ? [] : [dropped('extras', 'tokenizer extras')]),
          ...(input.holderName === undefined ? [] : [dropped('holderName', 'holder name')]),
        ],
      })
    case 'wallet':
      if (input.wallet === 'google_pay') {
        return E.right({
          route: 'createGooglePay',
          body: { google_pay_token: input.payload },
          defaultPayment: { google_pay_token: input.payload },
          warnings: [],
        })
      }
      if (typeof input.payload === 'string' || typeof input.payload['key_id'] !== 'string') {
        return E.left([
          issue(
            `${at}.payload`,
            'an Apple Pay payload is an object with key_id and temporary_token or pkpaymenttoken',
          ),
        ])
      }
      return E.right({
        route: 'createApplePay',
        body: input.payload,
        defaultPayment: { apple_pay: input.payload as DefaultPaymentBody['apple_pay'] & object },
        warnings: [],
      })
    case 'prior_transaction':
      return E.left([issue(`${at}.kind`, 'FluidPay cannot vault a prior transaction')])
  }
}
