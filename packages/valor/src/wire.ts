/**
 * The Valor vault's own JSON, as io-ts codecs: request bodies as the adapter sends them and
 * response bodies as Valor documents them (docs/gateways/sources.md#valor).
 *
 * Valor answers in several dialects, and the codecs are liberal where the spec shows variation:
 * - success `status` is `"OK"` on card/customer endpoints and `"SUCCESS"` on ACH endpoints;
 * - failure `status` is `"FAILED"`, or boolean `false` on authentication errors;
 * - `code` is an integer, a string (`"400"` on auth errors) or absent;
 * - `errors` is an array of strings or one string, and one client saw `error` instead;
 * - ids are integers, except `ach_profile_id` on update and delete, which is a string.
 *
 * `readEnvelope` reads what a body says; `request.ts` weighs it against the HTTP status (status
 * first: only a 2xx can be a success, and a failure body decides the kind). Write answers are
 * read for their id by `writtenIdIn`, in every shape the facts allow. Shapes not in the spec but
 * fixed by docs/wire-assumptions.md are marked ASSUMED.
 *
 * The subscription API (its own host) speaks another dialect: `error_no` / `error_code` /
 * `desc` (`readSubscriptionEnvelope`), with body keys that are configurable
 * (`defaultSubscriptionKeys`), since so few sources show them.
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { decodeFast, nullable } from '@vaultport/core'

// ---- scalars

/**
 * A Valor id: a non-negative integer, or the same as a decimal string, kept as sent (`idText`
 * reads either as the string). Valor sends its ids as numbers on every page; a codec that turned
 * them into strings would have to refuse numbers in `is`, and no Valor answer could then take
 * `decodeFast`'s shortcut.
 */
export const WireId = new t.Type<string | number, string | number, unknown>(
  'WireId',
  (u): u is string | number =>
    typeof u === 'number'
      ? Number.isSafeInteger(u) && u >= 0
      : typeof u === 'string' && /^\d{1,20}$/.test(u),
  (u, c) =>
    typeof u === 'number'
      ? Number.isSafeInteger(u) && u >= 0
        ? t.success(u)
        : t.failure(u, c)
      : typeof u === 'string' && /^\d{1,20}$/.test(u.trim())
        ? t.success(u.trim())
        : t.failure(u, c),
  (s) => s,
)
export type WireId = t.TypeOf<typeof WireId>

/** An id as the decimal string the rest of the adapter works with. */
export const idText = (id: WireId): string => String(id)

/** Whether a wire id (number or string) is the id `id`. */
export const sameId = (wire: WireId | undefined, id: string): boolean =>
  wire !== undefined && String(wire) === id

/** A text field Valor may send as a string, a number (phones, zips, street numbers) or null. */
export const WireText = new t.Type<string | number | null, string | number | null, unknown>(
  'WireText',
  (u): u is string | number | null => u === null || typeof u === 'string' || typeof u === 'number',
  (u, c) =>
    u === null || typeof u === 'string' || typeof u === 'number' ? t.success(u) : t.failure(u, c),
  t.identity,
)
export type WireText = t.TypeOf<typeof WireText>

/** A count Valor sends as an integer (liberally: a numeric string too). */
export const WireInt = new t.Type<number, number, unknown>(
  'WireInt',
  (u): u is number => typeof u === 'number' && Number.isInteger(u),
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u)
      ? t.success(u)
      : typeof u === 'string' && /^-?\d{1,15}$/.test(u.trim())
        ? t.success(Number(u.trim()))
        : t.failure(u, c),
  (n) => n,
)

const StringOrStrings = t.union([t.string, t.array(t.unknown)], 'StringOrStrings')

// ---- the envelope (every response)

export const Envelope = t.partial(
  {
    status: t.unknown,
    code: t.union([t.number, t.string, t.null]),
    message: nullable(t.string),
    errors: nullable(StringOrStrings),
    /** A client-observed variant (sources.md#valor-envelopes-and-errors): `error` instead of `errors`. */
    error: nullable(StringOrStrings),
  },
  'ValorEnvelope',
)
export type Envelope = t.TypeOf<typeof Envelope>

/** What an answer says, read from its body alone. */
export type EnvelopeVerdict =
  | { readonly ok: true; readonly body: Readonly<Record<string, unknown>> }
  | {
      readonly ok: false
      /** `auth` for the `{status:false, code:"400", message}` dialect. */
      readonly dialect: 'failed' | 'auth'
      /** `code` as a string, when the body has one. */
      readonly code?: string
      /** Every message in `errors`, `error` and (on failures) `message`, in that order. */
      readonly messages: ReadonlyArray<string>
    }

const SUCCESS_STATUSES = new Set(['OK', 'SUCCESS'])
const SUCCESS_CODES = new Set(['200', '201'])

const messagesOf = (u: unknown): ReadonlyArray<string> =>
  u === undefined || u === null
    ? []
    : Array.isArray(u)
      ? u.flatMap((x) => (typeof x === 'string' ? [x] : x === null ? [] : [JSON.stringify(x)]))
      : typeof u === 'string'
        ? [u]
        : [JSON.stringify(u)]

const failureCode = (code: string | undefined): boolean =>
  code !== undefined && code !== '' && !SUCCESS_CODES.has(code)

/**
 * Classifies a parsed body: success when `status` is "OK"/"SUCCESS" and `code` (if present) is
 * 200/201; failure when `status` is "FAILED" or `false`, when a success status comes with a
 * failure code, and when a body without `status` carries `errors`/`error` (one client saw
 * `{error: ["Customer name already exist"]}`) or a failure `code`. Anything else is not a
 * verdict (Left with the reason): an unknown or missing status never counts as success here.
 */
export const readEnvelope = (json: unknown): E.Either<string, EnvelopeVerdict> => {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return E.left('the body is not a JSON object')
  }
  const decoded = decodeFast(Envelope, json)
  if (E.isLeft(decoded)) return E.left('the body does not have the Valor envelope fields')
  const env = decoded.right
  const code = env.code === undefined || env.code === null ? undefined : String(env.code).trim()
  const messages = [...messagesOf(env.errors), ...messagesOf(env.error)]
  const failed = (dialect: 'failed' | 'auth', all: ReadonlyArray<string>): EnvelopeVerdict => ({
    ok: false,
    dialect,
    ...(code === undefined ? {} : { code }),
    messages: all,
  })
  const orMessage = messages.length > 0 ? messages : messagesOf(env.message)
  const status = typeof env.status === 'string' ? env.status.trim().toUpperCase() : env.status
  if (typeof status === 'string' && SUCCESS_STATUSES.has(status)) {
    return failureCode(code)
      ? E.right(failed('failed', orMessage))
      : E.right({ ok: true, body: json as Record<string, unknown> })
  }
  if (status === false) return E.right(failed('auth', [...messagesOf(env.message), ...messages]))
  if (status === 'FAILED') return E.right(failed('failed', orMessage))
  if (status === undefined || status === null) {
    if (messages.length > 0 || failureCode(code)) return E.right(failed('failed', orMessage))
    return E.left('the body has no status')
  }
  return E.left(`the body has an unknown status ${JSON.stringify(env.status).slice(0, 40)}`)
}

// ---- write answers (read tolerantly)

/** Where each kind of write names what it wrote, most likely first. */
export const writtenIdKeys = {
  /** V1, V5: `vault_customer_id`; a record as V11 (`id`) or V14 (`vault_id`) shows it. */
  customer: ['vault_customer_id', 'vault_id', 'customer_id', 'id'],
  /** V2, V4, V7, V8: `payment_id`; one client probes these other names too. */
  card: ['payment_id', 'payment_profile_id', 'vault_payment_id', 'vault_payment_profile_id', 'id'],
  /** V3, V9, V15: `ach_profile_id`. */
  ach: ['ach_profile_id', 'id'],
  /** V16 answers `message: "Success"` only; an answer naming the entry is read too. */
  address: ['address_id', 'id'],
} as const satisfies Record<string, ReadonlyArray<string>>

export type WrittenIdKeys = ReadonlyArray<string>

/** A Valor id: 1–11 digits (a number or a decimal string); anything else names nothing. */
const idIn = (u: unknown): string | undefined => {
  const s = typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? String(u) : u
  return typeof s === 'string' && /^\d{1,11}$/.test(s.trim()) ? s.trim() : undefined
}

const firstId = (o: unknown, keys: WrittenIdKeys): string | undefined => {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return undefined
  for (const k of keys) {
    const id = idIn((o as Record<string, unknown>)[k])
    if (id !== undefined) return id
  }
  return undefined
}

/**
 * The id a write answer names, wherever the facts allow it to sit: at the top level (the spec's
 * `{code, status, vault_customer_id}`), under `data` (an object: the id alone or the whole
 * record), in a one-item `data` list, or as the whole body (a bare number).
 */
export const writtenIdIn = (body: unknown, keys: WrittenIdKeys): string | undefined => {
  const bare = idIn(body)
  if (bare !== undefined) return bare
  const top = firstId(body, keys)
  if (top !== undefined) return top
  const data: unknown = (body as { data?: unknown } | null)?.data
  if (Array.isArray(data)) return data.length === 1 ? firstId(data[0], keys) : undefined
  return firstId(data, keys)
}

// ---- addresses (one entry = a billing half and a shipping half)

const halfKeys = [
  'customer_name',
  'street_no',
  'street_name',
  'unit',
  'city',
  'state',
  'zip',
] as const
export type HalfKey = (typeof halfKeys)[number]
export const addressHalfKeys: ReadonlyArray<HalfKey> = halfKeys

type HalfProps<P extends string> = { [K in HalfKey as `${P}_${K}`]: typeof WireText }
const halfProps = <P extends string>(prefix: P): HalfProps<P> =>
  Object.fromEntries(halfKeys.map((k) => [`${prefix}_${k}`, WireText])) as HalfProps<P>

/** One address entry as Valor stores it (V1 request, V11 response). */
export const AddressEntry = t.intersection(
  [
    t.partial({ address_id: WireId, address_label: WireText }),
    t.partial(halfProps('billing')),
    t.partial(halfProps('shipping')),
  ],
  'ValorAddressEntry',
)
export type AddressEntry = t.TypeOf<typeof AddressEntry>

/** The entry the adapter sends: every key present, as strings. */
export type AddressEntryBody = {
  address_id?: string
  address_label: string
} & { [K in HalfKey as `billing_${K}` | `shipping_${K}`]: string }

// ---- customers

/** V1 addcustomer, and (ASSUMED: the same fields) V5 edit customer. */
export interface CustomerBody {
  customer_name?: string
  customer_email?: string
  customer_phone?: string
  company_name?: string
  address_details?: ReadonlyArray<AddressEntryBody>
}

/** V1 success: `{code:201, status:"OK", vault_customer_id}`; V5 success is the same key. */
export const CustomerWritten = t.type({ vault_customer_id: WireId }, 'ValorCustomerWritten')

/** The customer fields V11 and V14 answer with (unprefixed, unlike the V1 request). */
const customerReadProps = {
  customer_name: WireText,
  email: WireText,
  phone: WireText,
  company: WireText,
  total_card_count: nullable(WireInt),
}

/** V11 get customer: `data` (note `id`, and `email`/`phone`/`company` without prefixes). */
export const CustomerDetail = t.intersection(
  [
    t.type({ id: WireId }),
    t.partial({
      ...customerReadProps,
      address_details: nullable(t.array(AddressEntry)),
    }),
  ],
  'ValorCustomerDetail',
)
export type CustomerDetail = t.TypeOf<typeof CustomerDetail>
export const GetCustomerResponse = t.type({ data: CustomerDetail }, 'ValorGetCustomerResponse')

/** V14 list item: the id key is `vault_id`. */
export const CustomerListItem = t.intersection(
  [
    t.type({ vault_id: WireId }),
    t.partial({
      ...customerReadProps,
      total_recursive_billing: nullable(WireInt),
      transaction_count: nullable(WireInt),
      last_txn_date: WireText,
    }),
  ],
  'ValorCustomerListItem',
)
export type CustomerListItem = t.TypeOf<typeof CustomerListItem>

/** V14: paging fields at top level, 1-based pages. */
export const ListCustomersResponse = t.intersection(
  [
    t.type({ data: t.type({ customers: t.array(CustomerListItem) }) }),
    t.partial({
      number_of_records: WireInt,
      page_number: WireInt,
      total_pages: WireInt,
      total_count: WireInt,
      page_size: WireInt,
    }),
  ],
  'ValorListCustomersResponse',
)
export type ListCustomersResponse = t.TypeOf<typeof ListCustomersResponse>

// ---- cards

/** V2: `expiry` "MM/YY" as the plugins send it; CVV is never sent. */
export interface AddCardBody {
  pan_num: string
  expiry: string
  cardholder_name?: string
}
/** V4 (as a public integrator records it). */
export interface AddCardFromTokenBody {
  token: string
  cardholder_name?: string
}
/** V8 (as public plugins read it). */
export interface AddCardFromTransactionBody {
  ref_txn_id: string
}
/** V7 (ASSUMED body: the V2 fields that can change). */
export interface UpdateCardBody {
  expiry?: string
  cardholder_name?: string
}
/** V10: `status` is required (spec); values ASSUMED to be V12's "active" / "inactive". */
export interface UpdateCardStatusBody {
  status: 'active' | 'inactive'
}

/** V2, V4, V7, V8 success. */
export const PaymentWritten = t.type({ payment_id: WireId }, 'ValorPaymentWritten')

/** V12 item. Expiry is not returned (sources.md#valor-payment-methods). */
export const CardProfile = t.intersection(
  [
    t.type({ payment_id: WireId }),
    t.partial({
      masked_pan: WireText,
      token: WireText,
      card_type: WireText,
      card_brand: WireText,
      cardholder_name: WireText,
      status: WireText,
    }),
  ],
  'ValorCardProfile',
)
export type CardProfile = t.TypeOf<typeof CardProfile>

/** A list body: `data` is the array; an absent or null `data` is read as empty. */
const listOf = <C extends t.Mixed>(item: C, name: string) =>
  t.partial({ data: nullable(t.array(item)) }, name)

export const ListCardsResponse = listOf(CardProfile, 'ValorListCardsResponse')

// ---- bank accounts (ACH)

/** V3 / V9 (fields inferred from V13 and the ACH sale API; sources.md#valor-payment-methods). */
export interface AchBody {
  account_number?: string
  routing_number?: string
  payee_name?: string
  account_type?: 'C' | 'S'
  entry_class?: 'Business' | 'Personal'
}

/** V3, V9, V15 success: the id is an integer on add, a string on update and delete. */
export const AchWritten = t.type({ ach_profile_id: WireId }, 'ValorAchWritten')

/** V13 item: numbers masked to the last four. */
export const AchProfile = t.intersection(
  [
    t.type({ ach_profile_id: WireId }),
    t.partial({
      account_number: WireText,
      routing_number: WireText,
      payee_name: WireText,
      account_type: WireText,
      entry_class: WireText,
    }),
  ],
  'ValorAchProfile',
)
export type AchProfile = t.TypeOf<typeof AchProfile>

export const ListAchResponse = listOf(AchProfile, 'ValorListAchResponse')

// ---- customer transactions (V6)

const amountProps = {
  total_amount: t.number,
  base_amount: t.number,
  city_tax_amount: t.number,
  state_tax_amount: t.number,
  reduced_tax_amount: t.number,
  custom_fee_amount: t.number,
  surcharge_fee_amount: t.number,
  food_amount: t.number,
}
/** @category Configuration */
export type AmountField = keyof typeof amountProps
export const amountFields = Object.keys(amountProps) as ReadonlyArray<AmountField>

export const TransactionRecord = t.intersection(
  [
    t.type({ txn_id: WireId }),
    t.partial(
      Object.fromEntries(Object.entries(amountProps).map(([k, c]) => [k, nullable(c)])) as {
        [K in AmountField]: t.UnionC<[t.NumberC, t.NullC]>
      },
    ),
    t.partial({
      epi_id: WireText,
      epi: WireText,
      txn_type: WireText,
      batch_no: WireText,
      tran_no: WireText,
      stan_no: WireText,
      rrn: WireText,
      subscription_id: WireText,
      surcharge_label: WireText,
      card_holder_name: WireText,
      card_scheme: WireText,
      masked_card_no: WireText,
      card_type: WireText,
      request_date: WireText,
      request_time: WireText,
      timezone: WireText,
      invoicenumber: WireText,
      orderdescription: WireText,
      phone: WireText,
      email: WireText,
      company_name: WireText,
      approval_code: WireText,
      response_code: WireText,
      switch_response_code: WireText,
      display_message: WireText,
      settled_at: WireText,
      processor_name: WireText,
      transactions_status: WireText,
      is_voided: WireText,
      is_reversed: WireText,
      is_auth_completed: WireText,
      is_settled: WireText,
      is_offline_approved: WireText,
      is_partial_approved: WireText,
      tip_adjusted_count: WireText,
      refunded_count: WireText,
      addtl_data_label1: WireText,
      addtl_data_value1: WireText,
      addtl_data_label2: WireText,
      addtl_data_value2: WireText,
    }),
  ],
  'ValorTransactionRecord',
)
export type TransactionRecord = t.TypeOf<typeof TransactionRecord>

export const TransactionsResponse = t.intersection(
  [
    listOf(TransactionRecord, 'ValorTransactionsData'),
    t.partial({ total_count: WireInt, limit: WireInt, offset: WireInt }),
  ],
  'ValorTransactionsResponse',
)
export type TransactionsResponse = t.TypeOf<typeof TransactionsResponse>

// ---- the subscription API (family A: credentials in the body, `error_no` / `error_code`)

/**
 * The body keys of the subscription calls, as one public integrator sends and reads them (most
 * are also on Valor's reference pages). Every one can be renamed from configuration
 * (`subscriptions.keys`), since so few sources show them. The list keys (`listStatus`,
 * `listStartsFrom`, `listData`, `status`, `paymentsCount`) are not documented at all.
 * @category Configuration
 */
export const defaultSubscriptionKeys = Object.freeze({
  appId: 'appid',
  appKey: 'appkey',
  epi: 'epi',
  txnType: 'txn_type',
  subscriptionId: 'subscription_id',
  amount: 'amount',
  surchargeAmount: 'surchargeAmount',
  surchargeIndicator: 'surchargeIndicator',
  customFee: 'custom_fee',
  paymentInfo: 'payment_info',
  customerProfileId: 'CustomerProfileID',
  paymentProfileId: 'PaymentProfileID',
  recurringType: 'recurring_type',
  chargeOn: 'charge_on',
  startsFrom: 'subscription_starts_from',
  chargeUntil: 'charge_until',
  isValidateCard: 'is_validate_card',
  invoiceNo: 'invoice_no',
  productDescription: 'product_description',
  failureNotification: 'failure_notification',
  /** VR6 request: the required active-or-not boolean. */
  listStatus: 'status',
  /** VR6 request: the start-date filter. */
  listStartsFrom: 'subscription_starts_from',
  /** VR6 answer: where the subscriptions sit. */
  listData: 'data',
  /** VR6 answer item: `active` / `inactive`. */
  status: 'status',
  /** VR6 answer item: how many payments the schedule has made. */
  paymentsCount: 'payments_count',
})

/** @category Configuration */
export type SubscriptionKeys = { readonly [K in keyof typeof defaultSubscriptionKeys]: string }
/** @category Configuration */
export type SubscriptionKeyName = keyof SubscriptionKeys
/** @category Configuration */
export type SubscriptionKeyOverrides = Partial<SubscriptionKeys>

const SUBSCRIPTION_OK = 'S00'

/** The first string (or number) among `keys` of `o`, trimmed. */
const textAt = (o: Readonly<Record<string, unknown>>, keys: ReadonlyArray<string>) => {
  for (const k of keys) {
    const v = o[k]
    if (typeof v === 'number' && Number.isFinite(v)) return String(v)
    if (typeof v === 'string' && v.trim() !== '') return v.trim()
  }
  return undefined
}

/**
 * What a subscription answer says: success is `error_no` "S00" with `error_code` "00" (or no
 * `error_code`, as the legacy API answers); a failure is any other `error_no` or `error_code`,
 * its text in `desc` (or `msg`, `message`, `error_message`). A body with neither key gives no
 * verdict here, unless it is one of the vault's failure bodies (`status: "FAILED"`, …).
 */
export const readSubscriptionEnvelope = (json: unknown): E.Either<string, EnvelopeVerdict> => {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return E.left('the body is not a JSON object')
  }
  const o = json as Record<string, unknown>
  const errorNo = textAt(o, ['error_no'])
  const errorCode = textAt(o, ['error_code'])
  const messages = ['desc', 'msg', 'message', 'error_message', 'display_message']
    .map((k) => textAt(o, [k]))
    .filter((m): m is string => m !== undefined)
  if (errorNo === SUBSCRIPTION_OK && (errorCode === undefined || errorCode === '00')) {
    return E.right({ ok: true, body: o })
  }
  if (errorNo !== undefined || errorCode !== undefined) {
    return E.right({
      ok: false,
      dialect: 'failed',
      code: errorNo === undefined || errorNo === SUBSCRIPTION_OK ? (errorCode ?? '') : errorNo,
      messages,
    })
  }
  const vault = readEnvelope(json)
  return E.isRight(vault) && !vault.right.ok ? vault : E.left('the body has no error_no')
}

/** Where an add answer names the new subscription. */
export const subscriptionIdKeys = ['subscription_id', 'subscriptionid'] as const
