/**
 * FluidPay's own JSON, as io-ts codecs: the `/api/vault` customer record, its addresses and
 * stored payment methods, the request bodies of every vault endpoint, and the envelope every
 * answer comes in (`{status, msg, data, total_count?}`).
 *
 * Response codecs are liberal where the sources show variation (docs/gateways/sources.md#fluidpay-customers): ids may be
 * strings or integers (kept as strings), fields may be null or absent, stored-card expiry comes
 * as "MM/YY" or as an RFC 3339 datetime. Request codecs are exact: they type what we send.
 */
import * as t from 'io-ts'
import { CustomerId, ShortText, nullable, nullish } from '@vaultport/core'

// ---- scalars

/**
 * An opaque id: a string, or an integer read as its decimal string. Only what a canonical id
 * can carry (non-empty, no surrounding blanks, at most 128 characters): the response fuzz found
 * longer ones reaching callers as ids the canonical codec rejects.
 */
export const WireId = new t.Type<string, string, unknown>(
  'WireId',
  (u): u is string => CustomerId.is(u),
  (u, c) =>
    CustomerId.is(u)
      ? t.success(u)
      : typeof u === 'number' && Number.isSafeInteger(u)
        ? t.success(String(u))
        : t.failure(u, c),
  t.identity,
)

/**
 * Text that may be absent or null; both read as "not given". At most what the canonical model
 * carries (`ShortText`, 1000 characters): the response fuzz found longer fields reaching callers
 * as values the canonical codecs reject; such an answer is now `UnexpectedResponse`.
 */
export const OptText = nullish(ShortText)
export type OptText = t.TypeOf<typeof OptText>

/** A list that may be null or absent; both read as empty. */
const optList = <C extends t.Mixed>(item: C) => nullish(t.array(item))

// ---- envelope (docs/gateways/sources.md#fluidpay-envelopes-and-errors)

/**
 * Every answer, success or failure. `status` is "success" or "failed"; any other value is read
 * as a failure, never as a success.
 */
export const Envelope = t.intersection(
  [
    t.type({ status: t.string }),
    t.partial({
      msg: nullish(t.string),
      data: t.unknown,
      total_count: nullable(t.number),
    }),
  ],
  'FluidPayEnvelope',
)
export type Envelope = t.TypeOf<typeof Envelope>

// ---- customer record (docs/gateways/sources.md#fluidpay-customers)

export const WireAddress = t.intersection(
  [
    t.type({ id: WireId }),
    t.partial({
      first_name: OptText,
      last_name: OptText,
      company: OptText,
      line_1: OptText,
      line_2: OptText,
      city: OptText,
      state: OptText,
      postal_code: OptText,
      country: OptText,
      email: OptText,
      phone: OptText,
      fax: OptText,
      hash: OptText,
    }),
  ],
  'FluidPayAddress',
)
export type WireAddress = t.TypeOf<typeof WireAddress>

export const WireCard = t.intersection(
  [
    t.type({ id: WireId }),
    t.partial({
      card_type: OptText,
      masked_number: OptText,
      /** "MM/YY" (the Dart SDK's fixtures) or RFC 3339 "2020-12-31T00:00:00Z" (the docs' example): both decode. */
      expiration_date: OptText,
      processor_id: OptText,
      flags: optList(t.string),
    }),
  ],
  'FluidPayCard',
)
export type WireCard = t.TypeOf<typeof WireCard>

export const WireAch = t.intersection(
  [
    t.type({ id: WireId }),
    t.partial({
      account_type: OptText,
      sec_code: OptText,
      /** Masked by the gateway (the Dart SDK's model); read only for its last four digits. */
      masked_account_number: OptText,
      account_number: OptText,
      routing_number: OptText,
      masked_routing_number: OptText,
      flags: optList(t.string),
    }),
  ],
  'FluidPayAch',
)
export type WireAch = t.TypeOf<typeof WireAch>

/** A default's id: an id, or `""`, `null` or absent for none. */
const OptId = nullish(t.union([WireId, t.literal('')]))

export const WireDefaults = t.partial(
  {
    billing_address_id: OptId,
    shipping_address_id: OptId,
    payment_method_id: OptId,
    payment_method_type: OptText,
  },
  'FluidPayDefaults',
)
export type WireDefaults = t.TypeOf<typeof WireDefaults>

export const WireCustomerBody = t.partial(
  {
    description: OptText,
    notes: OptText,
    flags: optList(t.string),
    defaults: nullable(WireDefaults),
    addresses: optList(WireAddress),
    payments: nullable(t.partial({ cards: optList(WireCard), ach: optList(WireAch) })),
  },
  'FluidPayCustomerBody',
)
export type WireCustomerBody = t.TypeOf<typeof WireCustomerBody>

/** A record around a customer body: double nested, `data.data.customer`. */
const recordOf = <C extends t.Mixed>(customer: C, name: string) =>
  t.intersection(
    [
      t.type({ id: WireId, data: t.type({ customer }) }),
      t.partial({ owner_id: OptText, created_at: OptText, updated_at: OptText }),
    ],
    name,
  )

/** The record of F1/F2/F5/F6/F7/F9–F14. */
export const CustomerRecord = recordOf(WireCustomerBody, 'FluidPayCustomerRecord')
export type CustomerRecord = t.TypeOf<typeof CustomerRecord>

/** What writes answer in `data`: the full record, or null / nothing (update, deletes). */
export const MaybeRecord = nullish(CustomerRecord, 'FluidPayMaybeRecord')
export type MaybeRecord = t.TypeOf<typeof MaybeRecord>

/** F5's `data`: an array of records (null read as empty). */
export const RecordList = nullable(t.array(CustomerRecord), 'FluidPayRecordList')

/**
 * The part of a record a list page reads: its id, timestamps, addresses and defaults (the
 * summary's contact fields come from the default billing address). Stored methods, notes and
 * flags are not read there, so a list does not pay to check them; a full read still does.
 */
export const SummaryRecord = recordOf(
  t.partial({
    defaults: WireCustomerBody.props.defaults,
    addresses: WireCustomerBody.props.addresses,
  }),
  'FluidPaySummaryRecord',
)
export type SummaryRecord = t.TypeOf<typeof SummaryRecord>

/** F5's `data` as a list page reads it. */
export const SummaryRecordList = nullable(t.array(SummaryRecord), 'FluidPaySummaryRecordList')

// ---- requests (FluidPay's Customer Vault docs)

export interface AddressBody {
  first_name?: string
  last_name?: string
  company?: string
  line_1?: string
  line_2?: string
  city?: string
  state?: string
  postal_code?: string
  country?: string
  email?: string
  phone?: string
  fax?: string
}

export interface CardBody {
  number: string
  /** "MM/YY". */
  expiration_date: string
}

export interface AchBody {
  account_number: string
  routing_number: string
  account_type: 'checking' | 'savings'
  sec_code: 'web' | 'ccd' | 'ppd'
}

export interface ApplePayBody {
  key_id: string
  processor_id?: string
  temporary_token?: string
  pkpaymenttoken?: Record<string, unknown>
  [more: string]: unknown
}

/** Exactly one member is present (the documented create body's `default_payment`). */
export interface DefaultPaymentBody {
  card?: CardBody
  ach?: AchBody
  token?: string
  apple_pay?: ApplePayBody
  google_pay_token?: string | Record<string, unknown>
}

export const ID_FORMATS = ['xid_type_last4'] as const
export type IdFormat = (typeof ID_FORMATS)[number]

/** F1 body. */
export interface CreateCustomerBody {
  id?: string
  id_format?: IdFormat
  description?: string
  notes?: string
  flags?: ReadonlyArray<string>
  default_payment?: DefaultPaymentBody
  default_billing_address?: AddressBody
  default_shipping_address?: AddressBody
}

export type PaymentMethodType = 'card' | 'ach'

export interface DefaultsBody {
  billing_address_id?: string
  shipping_address_id?: string
  payment_method_id?: string
  payment_method_type?: PaymentMethodType
}

/** F3 body. */
export interface UpdateCustomerBody {
  description?: string
  notes?: string
  flags?: ReadonlyArray<string>
  defaults?: DefaultsBody
}

/** F14 body (card); ACH and token updates take `flags` only in this adapter. */
export interface UpdatePaymentMethodBody {
  expiration_date?: string
  flags?: ReadonlyArray<string>
}

/** F13 body. */
export interface GooglePayBody {
  google_pay_token: string | Record<string, unknown>
}

// ---- search (F5, docs/gateways/sources.md#fluidpay-customers)

export const SEARCH_FIELDS = [
  'id',
  'address_id',
  'first_name',
  'last_name',
  'company',
  'address_line_1',
  'address_line_2',
  'city',
  'state',
  'postal_code',
  'country',
  'email',
  'phone',
  'fax',
  'payment_method_type',
  'billing_address_id',
  'shipping_address_id',
] as const
export type SearchField = (typeof SEARCH_FIELDS)[number]

/** @category Configuration */
export type SearchOperator = '=' | '!='

export interface SearchTerm {
  value: string
  operator: SearchOperator
}

export interface DateRange {
  start_date?: string
  end_date?: string
}

export type SearchBody = { [K in SearchField]?: SearchTerm } & {
  created_at?: DateRange
  updated_at?: DateRange
  limit?: number
  offset?: number
}

// ---- recurring billing (`/api/recurring`)

/** A count FluidPay sends as a number: cents, a duration, an interval. Null or absent: none. */
const OptNumber = nullish(t.number)

/** `billing_days`: documented as a string ("1", "1,15"); a bare number is read too. */
const OptDays = nullish(t.union([t.string, t.number]))

/** An add-on or discount as a plan or subscription embeds it: only `id` is sure. */
export const WireAdjustmentRef = t.intersection(
  [
    t.type({ id: WireId }),
    t.partial({
      name: OptText,
      description: OptText,
      amount: OptNumber,
      percentage: OptNumber,
      duration: OptNumber,
    }),
  ],
  'FluidPayAdjustmentRef',
)
export type WireAdjustmentRef = t.TypeOf<typeof WireAdjustmentRef>

/** An add-on or discount record (FR1–FR10): the field not used is null. */
export const WireAdjustment = t.intersection(
  [WireAdjustmentRef, t.partial({ created_at: OptText, updated_at: OptText })],
  'FluidPayAdjustment',
)
export type WireAdjustment = t.TypeOf<typeof WireAdjustment>

/** The schedule fields plans and subscriptions share. */
const scheduleProps = {
  billing_cycle_interval: OptNumber,
  billing_frequency: OptText,
  billing_days: OptDays,
  charge_on_day: nullish(t.boolean),
  duration: OptNumber,
}

/** A plan record (FR11–FR15); a list may carry little more than the id. */
export const WirePlan = t.intersection(
  [
    t.type({ id: WireId }),
    t.partial({
      name: OptText,
      description: OptText,
      amount: OptNumber,
      ...scheduleProps,
      total_add_ons: OptNumber,
      total_discounts: OptNumber,
      add_ons: optList(WireAdjustmentRef),
      discounts: optList(WireAdjustmentRef),
      created_at: OptText,
      updated_at: OptText,
    }),
  ],
  'FluidPayPlan',
)
export type WirePlan = t.TypeOf<typeof WirePlan>

/** Which vaulted customer a subscription charges, and with which stored method. */
export const WireSubscriptionCustomer = t.intersection(
  [
    t.type({ id: WireId }),
    t.partial({
      payment_method_type: OptText,
      payment_method_id: OptId,
      billing_address_id: OptId,
      shipping_address_id: OptId,
    }),
  ],
  'FluidPaySubscriptionCustomer',
)

/** A subscription record (FR16–FR21). */
export const WireSubscription = t.intersection(
  [
    t.type({ id: WireId, customer: WireSubscriptionCustomer }),
    t.partial({
      plan_id: OptId,
      status: OptText,
      description: OptText,
      amount: OptNumber,
      total_adds: OptNumber,
      total_discounts: OptNumber,
      ...scheduleProps,
      next_bill_date: OptText,
      /** One client falls back to it when `next_bill_date` is missing. */
      next_run_date: OptText,
      add_ons: optList(WireAdjustmentRef),
      discounts: optList(WireAdjustmentRef),
      created_at: OptText,
      updated_at: OptText,
    }),
  ],
  'FluidPaySubscription',
)
export type WireSubscription = t.TypeOf<typeof WireSubscription>

/** A read by id answers the record, or (as some clients decode it) a list of one. */
export const byIdData = <C extends t.Mixed>(record: C, name: string) =>
  nullish(t.union([record, t.array(record)]), name)

export const SubscriptionData = byIdData(WireSubscription, 'FluidPaySubscriptionData')
export const PlanData = byIdData(WirePlan, 'FluidPayPlanData')
export const AdjustmentData = byIdData(WireAdjustment, 'FluidPayAdjustmentData')

export const SubscriptionList = nullable(t.array(WireSubscription), 'FluidPaySubscriptionList')
export const PlanList = nullable(t.array(WirePlan), 'FluidPayPlanList')
export const AdjustmentList = nullable(t.array(WireAdjustment), 'FluidPayAdjustmentList')

export type BillingFrequency = 'monthly' | 'twice_monthly' | 'daily'

/** The schedule part of a plan or subscription body. */
export interface ScheduleBody {
  billing_frequency?: BillingFrequency
  billing_cycle_interval?: number
  /** Comma-separated days of the month; "0" is the last day (configurable). */
  billing_days?: string
  /** Always false from vaultport: true bills on "the current day" instead. */
  charge_on_day?: boolean
  /** The number of billings; 0 until cancelled. */
  duration?: number
}

export interface AdjustmentBody {
  name?: string
  description?: string
  /** Cents; or `percentage`, never both. */
  amount?: number
  /** Thousandths of a percent: 43440 = 43.44 %. */
  percentage?: number
  duration?: number
}

export interface AdjustmentRefBody extends AdjustmentBody {
  id: string
}

export interface SubscriptionCustomerBody {
  id: string
  payment_method_type?: PaymentMethodType
  payment_method_id?: string
}

/** FR16 / FR19 (partial) body. */
export interface SubscriptionBody extends ScheduleBody {
  plan_id?: string
  description?: string
  customer?: SubscriptionCustomerBody
  amount?: number
  next_bill_date?: string
  add_ons?: AdjustmentRefBody[]
  discounts?: AdjustmentRefBody[]
}

/** FR11 / FR14 body. */
export interface PlanBody extends ScheduleBody {
  name?: string
  description?: string
  amount?: number
  add_ons?: AdjustmentRefBody[]
  discounts?: AdjustmentRefBody[]
  /** Update only: push the new amount to every subscription on the plan. */
  update_subscriptions?: boolean
}

/** FR18 body. */
export interface SubscriptionSearchBody {
  customer?: { id: SearchTerm }
  limit?: number
  offset?: number
}
