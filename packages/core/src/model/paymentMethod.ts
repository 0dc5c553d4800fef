/**
 * Stored payment methods (what a vault gives back: never a full card or account number) and
 * the inputs that create them (which may carry full numbers, and so are redacted everywhere
 * they could surface).
 */
import * as t from 'io-ts'
import { PaymentMethodId } from './ids'
import type { Named } from './named'
import { refined, ShortText } from './scalars'

// Each `interface X extends t.TypeOf<typeof XCodec> {}` names a codec's type (see ./named).
/* eslint-disable @typescript-eslint/no-empty-object-type */

// ---- shared pieces

export const CardBrand = t.keyof({
  visa: null,
  mastercard: null,
  amex: null,
  discover: null,
  diners: null,
  jcb: null,
  unionpay: null,
  unknown: null,
})
export type CardBrand = t.TypeOf<typeof CardBrand>

export const Month = refined(t.number, 'Month', (n) => Number.isInteger(n) && n >= 1 && n <= 12)
export const FourDigitYear = refined(
  t.number,
  'FourDigitYear',
  (n) => Number.isInteger(n) && n >= 2000 && n <= 2099,
)

const CardExpiryCodec = t.type({ month: Month, year: FourDigitYear }, 'CardExpiry')
export interface CardExpiry extends t.TypeOf<typeof CardExpiryCodec> {}
export const CardExpiry: Named<typeof CardExpiryCodec, CardExpiry> = CardExpiryCodec

export const Last4 = refined(t.string, 'Last4', (s) => /^\d{4}$/.test(s))
export type Last4 = t.TypeOf<typeof Last4>

/** The issuer identification number: the first 6 or 8 digits of a card number. */
export const Bin = refined(t.string, 'Bin', (s) => /^\d{6}(\d{2})?$/.test(s))
export type Bin = t.TypeOf<typeof Bin>

export const PaymentMethodStatus = t.keyof({ active: null, inactive: null }, 'PaymentMethodStatus')
export type PaymentMethodStatus = t.TypeOf<typeof PaymentMethodStatus>

export const BankAccountType = t.keyof({ checking: null, savings: null }, 'BankAccountType')
export type BankAccountType = t.TypeOf<typeof BankAccountType>

export const BankHolderType = t.keyof({ personal: null, business: null }, 'BankHolderType')
export type BankHolderType = t.TypeOf<typeof BankHolderType>

/** NACHA standard entry class codes the vaults accept. */
export const SecCode = t.keyof({ PPD: null, CCD: null, WEB: null, TEL: null }, 'SecCode')
export type SecCode = t.TypeOf<typeof SecCode>

export const CardFunding = t.keyof({ credit: null, debit: null }, 'CardFunding')
export type CardFunding = t.TypeOf<typeof CardFunding>

// ---- stored payment methods

const CardCodec = t.intersection([
  t.type({
    kind: t.literal('card'),
    id: PaymentMethodId,
    brand: CardBrand,
    last4: Last4,
    status: PaymentMethodStatus,
  }),
  t.partial({ bin: Bin, expiry: CardExpiry, holderName: ShortText, funding: CardFunding }),
])
export interface Card extends t.TypeOf<typeof CardCodec> {}
export const Card: Named<typeof CardCodec, Card> = CardCodec

const BankAccountCodec = t.intersection([
  t.type({
    kind: t.literal('bank_account'),
    id: PaymentMethodId,
    accountType: BankAccountType,
    accountLast4: Last4,
    status: PaymentMethodStatus,
  }),
  t.partial({
    holderType: BankHolderType,
    secCode: SecCode,
    /** Routing numbers are public, but vaults that mask them give only the last four. */
    routingLast4: Last4,
    holderName: ShortText,
  }),
])
export interface BankAccount extends t.TypeOf<typeof BankAccountCodec> {}
export const BankAccount: Named<typeof BankAccountCodec, BankAccount> = BankAccountCodec

/** A stored payment method: a card or a bank account. */
export type PaymentMethod = Card | BankAccount
const PaymentMethodCodec = t.union([Card, BankAccount], 'PaymentMethod')
export const PaymentMethod: Named<typeof PaymentMethodCodec, PaymentMethod> = PaymentMethodCodec

// ---- inputs

/** A full card number: 12–19 digits. Luhn is checked by validation, with a field issue. */
export const CardNumber = refined(t.string, 'CardNumber', (s) => /^\d{12,19}$/.test(s))

/** A full bank account number: 4–17 digits (the NACHA field width). */
export const AccountNumber = refined(t.string, 'AccountNumber', (s) => /^\d{4,17}$/.test(s))

/** An ABA routing number: nine digits (its checksum is checked by validation). */
export const RoutingNumber = refined(t.string, 'RoutingNumber', (s) => /^\d{9}$/.test(s))

const CardInputCodec = t.intersection([
  t.type({ kind: t.literal('card'), number: CardNumber, expiry: CardExpiry }),
  t.partial({ holderName: ShortText }),
])
export interface CardInput extends t.TypeOf<typeof CardInputCodec> {}
export const CardInput: Named<typeof CardInputCodec, CardInput> = CardInputCodec

const BankAccountInputCodec = t.intersection([
  t.type({
    kind: t.literal('bank_account'),
    accountNumber: AccountNumber,
    routingNumber: RoutingNumber,
    accountType: BankAccountType,
  }),
  t.partial({ holderType: BankHolderType, secCode: SecCode, holderName: ShortText }),
])
export interface BankAccountInput extends t.TypeOf<typeof BankAccountInputCodec> {}
export const BankAccountInput: Named<typeof BankAccountInputCodec, BankAccountInput> =
  BankAccountInputCodec

const GatewayTokenInputCodec = t.intersection([
  t.type({ kind: t.literal('gateway_token'), token: ShortText }),
  t.partial({
    extras: t.record(t.string, t.string),
    holderName: ShortText,
    rail: t.keyof({ card: null, bank_account: null }),
  }),
])
/**
 * A token minted by the gateway's own tokenizer or hosted fields (FluidPay Tokenizer, Valor
 * Passage.js, PayTrace Protect.js). `extras` carries the companion values some tokenizers
 * need, such as PayTrace's `enc_key`.
 */
export interface GatewayTokenInput extends t.TypeOf<typeof GatewayTokenInputCodec> {}
export const GatewayTokenInput: Named<typeof GatewayTokenInputCodec, GatewayTokenInput> =
  GatewayTokenInputCodec

const WalletInputCodec = t.type({
  kind: t.literal('wallet'),
  wallet: t.keyof({ apple_pay: null, google_pay: null }),
  /** The wallet's payment token as the gateway expects it (object or string). */
  payload: t.union([t.string, t.UnknownRecord]),
})
export interface WalletInput extends t.TypeOf<typeof WalletInputCodec> {}
export const WalletInput: Named<typeof WalletInputCodec, WalletInput> = WalletInputCodec

const PriorTransactionInputCodec = t.type({
  kind: t.literal('prior_transaction'),
  transactionId: ShortText,
  rail: t.keyof({ card: null, bank_account: null }),
})
export interface PriorTransactionInput extends t.TypeOf<typeof PriorTransactionInputCodec> {}
export const PriorTransactionInput: Named<
  typeof PriorTransactionInputCodec,
  PriorTransactionInput
> = PriorTransactionInputCodec

/** What creates a payment method: full numbers, a gateway token, a wallet or a prior transaction. */
export type PaymentMethodInput =
  CardInput | BankAccountInput | GatewayTokenInput | WalletInput | PriorTransactionInput
const PaymentMethodInputCodec = t.union([
  CardInput,
  BankAccountInput,
  GatewayTokenInput,
  WalletInput,
  PriorTransactionInput,
])
export const PaymentMethodInput: Named<typeof PaymentMethodInputCodec, PaymentMethodInput> =
  PaymentMethodInputCodec
export type PaymentMethodInputKind = PaymentMethodInput['kind']

export const paymentMethodInputKinds: ReadonlyArray<PaymentMethodInputKind> = [
  'card',
  'bank_account',
  'gateway_token',
  'wallet',
  'prior_transaction',
]

const PaymentMethodPatchCodec = t.partial({
  expiry: CardExpiry,
  holderName: ShortText,
  status: PaymentMethodStatus,
  accountType: BankAccountType,
  holderType: BankHolderType,
  secCode: SecCode,
})
/** An update to a stored payment method. Numbers cannot change: add a new method instead. */
export interface PaymentMethodPatch extends t.TypeOf<typeof PaymentMethodPatchCodec> {}
export const PaymentMethodPatch: Named<typeof PaymentMethodPatchCodec, PaymentMethodPatch> =
  PaymentMethodPatchCodec
