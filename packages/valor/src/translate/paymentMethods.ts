/**
 * Canonical payment methods ⇄ Valor card profiles and ACH profiles. The two share one canonical
 * id space, so their ids are prefixed: `card:97555`, `ach:2290`.
 */
import * as E from 'fp-ts/Either'
import {
  detectBrand,
  paymentMethodId,
  parseBrandName,
  readMaskedNumber,
  warning,
  type BankAccount,
  type BankAccountInput,
  type Card,
  type CardExpiry,
  type CardInput,
  type PaymentMethodPatch,
  type Warning,
} from '@vaultport/core'
import type { AchBody, AchProfile, AddCardBody, CardProfile, UpdateCardBody } from '../wire'
import { idText } from '../wire'
import { put, textOf, type Translated } from './shared'

// ---- ids

export type PaymentRail = 'card' | 'ach'

export const cardId = (paymentId: string) => paymentMethodId(`card:${paymentId}`)
export const achId = (achProfileId: string) => paymentMethodId(`ach:${achProfileId}`)

export const parsePaymentMethodId = (
  id: string,
): { readonly rail: PaymentRail; readonly id: string } | undefined => {
  const m = /^(card|ach):(\d{1,11})$/.exec(id)
  return m === null ? undefined : { rail: m[1] as PaymentRail, id: m[2] as string }
}

// ---- cards

/** "MM/YY", as the plugins send it (docs/gateways/sources.md#valor-payment-methods). */
export const expiryToWire = (e: CardExpiry): string =>
  `${String(e.month).padStart(2, '0')}/${String(e.year % 100).padStart(2, '0')}`

export const cardBody = (input: CardInput): AddCardBody => ({
  pan_num: input.number,
  expiry: expiryToWire(input.expiry),
  ...(input.holderName === undefined ? {} : { cardholder_name: input.holderName }),
})

export const cardPatchBody = (patch: PaymentMethodPatch): UpdateCardBody => ({
  ...(patch.expiry === undefined ? {} : { expiry: expiryToWire(patch.expiry) }),
  ...(patch.holderName === undefined ? {} : { cardholder_name: patch.holderName }),
})

/** V12 item → canonical card. Left when the masked number shows no last four. */
export const cardFromWire = (p: CardProfile): E.Either<string, Card> => {
  const { last4 } = readMaskedNumber(textOf(p.masked_pan))
  if (last4 === undefined) return E.left(`payment profile ${p.payment_id} has no last four digits`)
  const brandName = textOf(p.card_brand)
  const cardType = textOf(p.card_type).toUpperCase()
  return E.right({
    kind: 'card',
    id: cardId(idText(p.payment_id)),
    brand: brandName === '' ? detectBrand('') : parseBrandName(brandName),
    last4,
    status: textOf(p.status).toLowerCase() === 'active' ? 'active' : 'inactive',
    ...put('holderName', textOf(p.cardholder_name)),
    ...(cardType === 'C'
      ? { funding: 'credit' as const }
      : cardType === 'D'
        ? { funding: 'debit' as const }
        : {}),
  })
}

// ---- bank accounts

const ACCOUNT_TYPE = { checking: 'C', savings: 'S' } as const
const ENTRY_CLASS = { personal: 'Personal', business: 'Business' } as const

/** V3 body (all fields) or V9 body (the patch's fields). */
export const achBody = (
  input: Partial<Omit<BankAccountInput, 'kind'>>,
  at: string,
): Translated<AchBody> => {
  const warnings: Warning[] = []
  if (input.secCode !== undefined) {
    warnings.push(
      warning(
        'field_dropped',
        `Valor keeps no SEC code on an ACH profile (only entry_class Business/Personal); ${input.secCode} was not stored`,
        `${at}secCode`,
      ),
    )
  }
  return {
    value: {
      ...(input.accountNumber === undefined ? {} : { account_number: input.accountNumber }),
      ...(input.routingNumber === undefined ? {} : { routing_number: input.routingNumber }),
      ...(input.holderName === undefined ? {} : { payee_name: input.holderName }),
      ...(input.accountType === undefined ? {} : { account_type: ACCOUNT_TYPE[input.accountType] }),
      ...(input.holderType === undefined ? {} : { entry_class: ENTRY_CLASS[input.holderType] }),
    },
    warnings,
  }
}

/** V13 item → canonical bank account (Valor keeps no ACH status: always active). */
export const bankAccountFromWire = (p: AchProfile): E.Either<string, BankAccount> => {
  const account = readMaskedNumber(textOf(p.account_number)).last4
  if (account === undefined) {
    return E.left(`ACH profile ${p.ach_profile_id} has no last four account digits`)
  }
  const routing = readMaskedNumber(textOf(p.routing_number)).last4
  const type = textOf(p.account_type).toUpperCase()
  const entryClass = textOf(p.entry_class).toLowerCase()
  return E.right({
    kind: 'bank_account',
    id: achId(idText(p.ach_profile_id)),
    accountType: type === 'S' ? 'savings' : 'checking',
    accountLast4: account,
    status: 'active',
    ...(routing === undefined ? {} : { routingLast4: routing }),
    ...put('holderName', textOf(p.payee_name)),
    ...(entryClass === 'business' || entryClass === 'personal' ? { holderType: entryClass } : {}),
  })
}
