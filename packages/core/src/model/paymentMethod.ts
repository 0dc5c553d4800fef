/**
 * Stored payment methods (what a vault gives back: never a full card or account number) and
 * the inputs that create them (which may carry full numbers, and so are redacted everywhere
 * they could surface).
 */
import * as t from 'io-ts'
import { isRecord, withIs } from '../decode'
import { PaymentMethodId } from './ids'
import type { Named } from './named'
import { refined, ShortText } from './scalars'

// Each `interface X extends t.TypeOf<typeof XCodec> {}` names a codec's type (see ./named).
/* eslint-disable @typescript-eslint/no-empty-object-type */

// ---- shared pieces

/** @category Model */
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
/** @category Model */
export type CardBrand = t.TypeOf<typeof CardBrand>

/** @category Model */
export const Month = refined(t.number, 'Month', (n) => Number.isInteger(n) && n >= 1 && n <= 12)
/** @category Model */
export const FourDigitYear = refined(
  t.number,
  'FourDigitYear',
  (n) => Number.isInteger(n) && n >= 2000 && n <= 2099,
)

const CardExpiryCodec = t.type({ month: Month, year: FourDigitYear }, 'CardExpiry')
/** @category Model */
export interface CardExpiry extends t.TypeOf<typeof CardExpiryCodec> {}
/** @category Model */
export const CardExpiry: Named<typeof CardExpiryCodec, CardExpiry> = CardExpiryCodec
const isCardExpiry = (u: unknown): boolean =>
  isRecord(u) && Month.is(u['month']) && FourDigitYear.is(u['year'])

/** @category Model */
export const Last4 = refined(t.string, 'Last4', (s) => /^\d{4}$/.test(s))
/** @category Model */
export type Last4 = t.TypeOf<typeof Last4>

/**
 * The issuer identification number: the first 6 or 8 digits of a card number.
 * @category Model
 */
export const Bin = refined(t.string, 'Bin', (s) => /^\d{6}(\d{2})?$/.test(s))
/** @category Model */
export type Bin = t.TypeOf<typeof Bin>

/** @category Model */
export const PaymentMethodStatus = t.keyof({ active: null, inactive: null }, 'PaymentMethodStatus')
/** @category Model */
export type PaymentMethodStatus = t.TypeOf<typeof PaymentMethodStatus>

/** @category Model */
export const BankAccountType = t.keyof({ checking: null, savings: null }, 'BankAccountType')
/** @category Model */
export type BankAccountType = t.TypeOf<typeof BankAccountType>

/** @category Model */
export const BankHolderType = t.keyof({ personal: null, business: null }, 'BankHolderType')
/** @category Model */
export type BankHolderType = t.TypeOf<typeof BankHolderType>

/**
 * NACHA standard entry class codes the vaults accept.
 * @category Model
 */
export const SecCode = t.keyof({ PPD: null, CCD: null, WEB: null, TEL: null }, 'SecCode')
/** @category Model */
export type SecCode = t.TypeOf<typeof SecCode>

/** @category Model */
export const CardFunding = t.keyof({ credit: null, debit: null }, 'CardFunding')
/** @category Model */
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
/** @category Model */
export interface Card extends t.TypeOf<typeof CardCodec> {}
// `is` written out (see `withIs`), as for the bank account, the address and the customer.
/** @category Model */
export const Card: Named<typeof CardCodec, Card> = withIs(
  CardCodec,
  (u): u is Card =>
    isRecord(u) &&
    u['kind'] === 'card' &&
    PaymentMethodId.is(u['id']) &&
    CardBrand.is(u['brand']) &&
    Last4.is(u['last4']) &&
    PaymentMethodStatus.is(u['status']) &&
    (u['bin'] === undefined || Bin.is(u['bin'])) &&
    (u['expiry'] === undefined || isCardExpiry(u['expiry'])) &&
    (u['holderName'] === undefined || ShortText.is(u['holderName'])) &&
    (u['funding'] === undefined || CardFunding.is(u['funding'])),
)

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
/** @category Model */
export interface BankAccount extends t.TypeOf<typeof BankAccountCodec> {}
/** @category Model */
export const BankAccount: Named<typeof BankAccountCodec, BankAccount> = withIs(
  BankAccountCodec,
  (u): u is BankAccount =>
    isRecord(u) &&
    u['kind'] === 'bank_account' &&
    PaymentMethodId.is(u['id']) &&
    BankAccountType.is(u['accountType']) &&
    Last4.is(u['accountLast4']) &&
    PaymentMethodStatus.is(u['status']) &&
    (u['holderType'] === undefined || BankHolderType.is(u['holderType'])) &&
    (u['secCode'] === undefined || SecCode.is(u['secCode'])) &&
    (u['routingLast4'] === undefined || Last4.is(u['routingLast4'])) &&
    (u['holderName'] === undefined || ShortText.is(u['holderName'])),
)

/**
 * A stored payment method: a card or a bank account.
 * @category Model
 */
export type PaymentMethod = Card | BankAccount
const PaymentMethodCodec = t.union([Card, BankAccount], 'PaymentMethod')
/** @category Model */
export const PaymentMethod: Named<typeof PaymentMethodCodec, PaymentMethod> = withIs(
  PaymentMethodCodec,
  (u): u is PaymentMethod => Card.is(u) || BankAccount.is(u),
)

// ---- inputs

/**
 * A full card number: 12–19 digits. Luhn is checked by validation, with a field issue.
 * @category Model
 */
export const CardNumber = refined(t.string, 'CardNumber', (s) => /^\d{12,19}$/.test(s))

/**
 * A full bank account number: 4–17 digits (the NACHA field width).
 * @category Model
 */
export const AccountNumber = refined(t.string, 'AccountNumber', (s) => /^\d{4,17}$/.test(s))

/**
 * An ABA routing number: nine digits (its checksum is checked by validation).
 * @category Model
 */
export const RoutingNumber = refined(t.string, 'RoutingNumber', (s) => /^\d{9}$/.test(s))

const CardInputCodec = t.intersection([
  t.type({ kind: t.literal('card'), number: CardNumber, expiry: CardExpiry }),
  t.partial({ holderName: ShortText }),
])
/** @category Model */
export interface CardInput extends t.TypeOf<typeof CardInputCodec> {}
/** @category Model */
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
/** @category Model */
export interface BankAccountInput extends t.TypeOf<typeof BankAccountInputCodec> {}
/** @category Model */
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
 * @category Model
 */
export interface GatewayTokenInput extends t.TypeOf<typeof GatewayTokenInputCodec> {}
/** @category Model */
export const GatewayTokenInput: Named<typeof GatewayTokenInputCodec, GatewayTokenInput> =
  GatewayTokenInputCodec

const WalletInputCodec = t.type({
  kind: t.literal('wallet'),
  wallet: t.keyof({ apple_pay: null, google_pay: null }),
  /** The wallet's payment token as the gateway expects it (object or string). */
  payload: t.union([t.string, t.UnknownRecord]),
})
/** @category Model */
export interface WalletInput extends t.TypeOf<typeof WalletInputCodec> {}
/** @category Model */
export const WalletInput: Named<typeof WalletInputCodec, WalletInput> = WalletInputCodec

const PriorTransactionInputCodec = t.type({
  kind: t.literal('prior_transaction'),
  transactionId: ShortText,
  rail: t.keyof({ card: null, bank_account: null }),
})
/** @category Model */
export interface PriorTransactionInput extends t.TypeOf<typeof PriorTransactionInputCodec> {}
/** @category Model */
export const PriorTransactionInput: Named<
  typeof PriorTransactionInputCodec,
  PriorTransactionInput
> = PriorTransactionInputCodec

/**
 * What creates a payment method: full numbers, a gateway token, a wallet or a prior transaction.
 * @category Model
 */
export type PaymentMethodInput =
  CardInput | BankAccountInput | GatewayTokenInput | WalletInput | PriorTransactionInput
const PaymentMethodInputCodec = t.union([
  CardInput,
  BankAccountInput,
  GatewayTokenInput,
  WalletInput,
  PriorTransactionInput,
])
/** @category Model */
export const PaymentMethodInput: Named<typeof PaymentMethodInputCodec, PaymentMethodInput> =
  PaymentMethodInputCodec
/** @category Model */
export type PaymentMethodInputKind = PaymentMethodInput['kind']

/** @category Model */
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
/**
 * An update to a stored payment method. Numbers cannot change: add a new method instead.
 * @category Model
 */
export interface PaymentMethodPatch extends t.TypeOf<typeof PaymentMethodPatchCodec> {}
/** @category Model */
export const PaymentMethodPatch: Named<typeof PaymentMethodPatchCodec, PaymentMethodPatch> =
  PaymentMethodPatchCodec
