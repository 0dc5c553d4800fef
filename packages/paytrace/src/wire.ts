/**
 * PayTrace v3's own JSON, as io-ts codecs. Request bodies follow the published examples (see
 * docs/gateways/sources.md#paytrace-customers and #paytrace-recurring). PayTrace publishes no
 * response bodies: every response codec below is marked ASSUMED and follows
 * docs/wire-assumptions.md (PayTrace section). The codecs are
 * liberal where sources vary: ids as integers or strings, amounts as numbers or strings,
 * `discretionary_data` as an array or a single object, the token at top level or under `data`.
 */
import * as t from 'io-ts'
import { CustomerId, nullable } from '@vaultport/core'

// ---- scalars

const isWireId = (u: unknown): u is number | string =>
  typeof u === 'number' ? Number.isSafeInteger(u) && u >= 0 : CustomerId.is(u)

/**
 * An integer id that some examples print as a string ("123456"). Only what a canonical id can
 * carry: a non-negative safe integer, or non-empty text without surrounding blanks of at most 128
 * characters (the response fuzz found `""` and 100,000-character ids passing through).
 */
export const WireId = new t.Type<number | string, number | string, unknown>(
  'WireId',
  isWireId,
  (u, c) => (isWireId(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)
export type WireId = t.TypeOf<typeof WireId>

/** A number that some examples print as a string ("12", "24.95"). */
export const WireNumber = new t.Type<number | string, number | string, unknown>(
  'WireNumber',
  (u): u is number | string => typeof u === 'number' || typeof u === 'string',
  (u, c) => (typeof u === 'number' || typeof u === 'string' ? t.success(u) : t.failure(u, c)),
  t.identity,
)
export type WireNumber = t.TypeOf<typeof WireNumber>

/** Optional text the gateway may send as null. */
const Text = nullable(t.string)

// ---- shared objects (documented request shapes, echoed in responses by assumption)

export const WireAddress = t.partial(
  {
    name: Text,
    street_address: Text,
    street_address2: Text,
    city: Text,
    state: Text,
    postal_code: Text,
    country: Text,
    /** Documented on `shipping_address` only. */
    county: Text,
  },
  'WireAddress',
)
export type WireAddress = t.TypeOf<typeof WireAddress>

export const WireDiscretionaryItem = t.type(
  { disc_id: WireId, value: t.union([t.string, t.number, t.null]) },
  'WireDiscretionaryItem',
)
export type WireDiscretionaryItem = t.TypeOf<typeof WireDiscretionaryItem>

/** Documented as an array; the example shows one object (a conflict): both are read. */
export const WireDiscretionaryData = t.union(
  [t.array(WireDiscretionaryItem), WireDiscretionaryItem],
  'WireDiscretionaryData',
)
export type WireDiscretionaryData = t.TypeOf<typeof WireDiscretionaryData>

// ---- requests

export const WireCardRequest = t.type(
  { number: t.string, expiration_month: t.number, expiration_year: t.number },
  'WireCardRequest',
)
export type WireCardRequest = t.TypeOf<typeof WireCardRequest>

export const WireCheckRequest = t.intersection(
  [
    t.type({ account_number: t.string, routing_number: t.string }),
    t.partial({ sec_code: t.string, account_type: t.string }),
  ],
  'WireCheckRequest',
)
export type WireCheckRequest = t.TypeOf<typeof WireCheckRequest>

/** Fields every customer write may carry (C1–C6). */
export const WireCustomerCommon = t.partial(
  {
    billing_address: WireAddress,
    shipping_address: WireAddress,
    email: t.string,
    phone: t.string,
    fax: t.string,
    discretionary_data: t.array(WireDiscretionaryItem),
    customer_label: t.string,
    merchant_id: t.number,
  },
  'WireCustomerCommon',
)
export type WireCustomerCommon = t.TypeOf<typeof WireCustomerCommon>

/** C1 create and C5 update (on C1 `customer_label` is required). */
export const WireCustomerWrite = t.intersection(
  [WireCustomerCommon, t.partial({ card: WireCardRequest, check: WireCheckRequest })],
  'WireCustomerWrite',
)
export type WireCustomerWrite = t.TypeOf<typeof WireCustomerWrite>

/** C2 / C3: a profile from a prior card or ACH transaction. */
export const WireCustomerByTransaction = t.intersection(
  [
    t.type({ transaction_id: t.string, customer_label: t.string }),
    WireCustomerCommon,
    t.partial({ customer_reference_id: t.string }),
  ],
  'WireCustomerByTransaction',
)
export type WireCustomerByTransaction = t.TypeOf<typeof WireCustomerByTransaction>

/** C4 / C6: a profile from a Protect.js token. */
export const WireCustomerProtect = t.intersection(
  [t.type({ hpf_token: t.string, enc_key: t.string }), WireCustomerCommon],
  'WireCustomerProtect',
)
export type WireCustomerProtect = t.TypeOf<typeof WireCustomerProtect>

/** C10 export filters. */
export const WireExportFilter = t.partial(
  {
    customer_label: t.string,
    email: t.string,
    include_bin: t.boolean,
    created: t.partial({ at: t.string, by: t.string, from_ip: t.string }),
    merchant_id: t.number,
  },
  'WireExportFilter',
)
export type WireExportFilter = t.TypeOf<typeof WireExportFilter>

export const WireRecurrenceFields = t.partial(
  {
    amount: t.number,
    frequency: t.string,
    start_date: t.string,
    total_count: t.string,
    transaction_type: t.string,
    type: t.string,
    description: t.string,
    sec_code: t.string,
    weekend: t.boolean,
    repeat: t.number,
    id: t.string,
  },
  'WireRecurrenceFields',
)
export type WireRecurrenceFields = t.TypeOf<typeof WireRecurrenceFields>

/** R1. */
export const WireRecurrenceCreate = t.intersection(
  [
    t.type({ customer_id: t.number, recurrence: WireRecurrenceFields }),
    t.partial({ merchant_id: t.number, surcharge_info: t.partial({ omit_surcharge: t.boolean }) }),
  ],
  'WireRecurrenceCreate',
)
export type WireRecurrenceCreate = t.TypeOf<typeof WireRecurrenceCreate>

/** R2: the id travels inside `recurrence`; `next_date` sits beside it. */
export const WireRecurrenceUpdate = t.intersection(
  [
    t.type({ recurrence: WireRecurrenceFields }),
    t.partial({ merchant_id: t.number, next_date: t.string, customer_id: t.number }),
  ],
  'WireRecurrenceUpdate',
)
export type WireRecurrenceUpdate = t.TypeOf<typeof WireRecurrenceUpdate>

/** R3: a DELETE with this JSON body. */
export const WireRecurrenceDelete = t.intersection(
  [t.type({ recurrence: t.type({ id: t.string }) }), t.partial({ merchant_id: t.number })],
  'WireRecurrenceDelete',
)
export type WireRecurrenceDelete = t.TypeOf<typeof WireRecurrenceDelete>

/** R5. */
export const WireRecurrenceExportQuery = t.partial(
  {
    merchant_id: t.number,
    customer_label: t.string,
    recurrence: t.type({ id: t.string }),
    limit: t.number,
    offset: t.number,
  },
  'WireRecurrenceExportQuery',
)
export type WireRecurrenceExportQuery = t.TypeOf<typeof WireRecurrenceExportQuery>

// ---- responses: token

const TokenFields = t.partial({
  access_token: t.string,
  token_type: t.string,
  expires_in: WireNumber,
  refresh_token: t.string,
})

/** `POST /v3/token`: the token at top level, under `data`, or both (see docs/gateways/sources.md#paytrace-hosts-and-auth). */
export const WireTokenResponse = t.intersection(
  [TokenFields, t.partial({ data: TokenFields })],
  'WireTokenResponse',
)
export type WireTokenResponse = t.TypeOf<typeof WireTokenResponse>

// ---- responses: customers (ASSUMED: docs/wire-assumptions.md)

export const WireCardView = t.partial(
  {
    masked_number: Text,
    card_masked: Text,
    expiration_month: nullable(WireNumber),
    expiration_year: nullable(WireNumber),
    card_type: Text,
    bin: Text,
  },
  'WireCardView',
)
export type WireCardView = t.TypeOf<typeof WireCardView>

export const WireCheckView = t.partial(
  {
    masked_account_number: Text,
    account_number_masked: Text,
    account_masked: Text,
    masked_routing_number: Text,
    routing_number: Text,
    account_type: Text,
    sec_code: Text,
  },
  'WireCheckView',
)
export type WireCheckView = t.TypeOf<typeof WireCheckView>

/** A stored profile as C7 (and C9/C10 items) return it. */
export const WireCustomer = t.intersection(
  [
    t.type({ customer_id: WireId }),
    t.partial({
      customer_label: Text,
      billing_address: nullable(WireAddress),
      shipping_address: nullable(WireAddress),
      email: Text,
      phone: Text,
      fax: Text,
      /** "411111xxxxxx1111", as a public v3 client reads it. */
      card_masked: Text,
      card: nullable(WireCardView),
      check: nullable(WireCheckView),
      discretionary_data: nullable(WireDiscretionaryData),
      customer_reference_id: Text,
      /** List items (C9) carry the billing name here. */
      name: Text,
      created_at: Text,
      updated_at: Text,
      /** C9 items. */
      last_activity: Text,
    }),
  ],
  'WireCustomer',
)
export type WireCustomer = t.TypeOf<typeof WireCustomer>

/** `{ data: <A> }`: the v3 success envelope, seen in public clients (see docs/gateways/sources.md#paytrace-envelopes-and-errors). */
export const dataEnvelope = <C extends t.Mixed>(codec: C) =>
  t.type({ data: codec }, `Data<${codec.name}>`)

/** C1–C4 answer: at least the new id. */
export const WireCreated = dataEnvelope(
  t.intersection([t.type({ customer_id: WireId }), t.partial({ customer_label: Text })]),
)

/** C7 / C8. */
export const WireCustomerResponse = dataEnvelope(WireCustomer)

/** C9 / C10: the items under `data` as an array, or under `data.customers` / `items`. */
export const WireCustomerListResponse = t.union(
  [
    t.intersection([
      t.type({ data: t.array(WireCustomer) }),
      t.partial({ total_count: WireNumber, total: WireNumber }),
    ]),
    t.type({
      data: t.intersection([
        t.type({ customers: t.array(WireCustomer) }),
        t.partial({ total_count: WireNumber, total: WireNumber }),
      ]),
    }),
    t.intersection([
      t.type({ items: t.array(WireCustomer) }),
      t.partial({ total_count: WireNumber, total: WireNumber }),
    ]),
  ],
  'WireCustomerListResponse',
)
export type WireCustomerListResponse = t.TypeOf<typeof WireCustomerListResponse>

// ---- responses: recurrences (ASSUMED)

export const WireRecurrence = t.intersection(
  [
    t.type({ id: WireId }),
    t.partial({
      customer_id: WireId,
      customer_label: Text,
      amount: WireNumber,
      frequency: t.string,
      start_date: Text,
      next_date: Text,
      total_count: WireNumber,
      current_count: WireNumber,
      transaction_type: Text,
      type: Text,
      description: Text,
      sec_code: Text,
      weekend: nullable(t.boolean),
      repeat: nullable(WireNumber),
      status: Text,
      surcharge_info: nullable(t.partial({ omit_surcharge: t.boolean })),
    }),
  ],
  'WireRecurrence',
)
export type WireRecurrence = t.TypeOf<typeof WireRecurrence>

/** R1 answer: the new id as `data.id` or `data.recurrence_id`, maybe with the whole record. */
export const WireRecurrenceCreated = dataEnvelope(
  t.union([WireRecurrence, t.type({ recurrence_id: WireId })]),
)

/** R6 and R7: one record, bare or wrapped in `recurrence`. */
export const WireRecurrenceResponse = dataEnvelope(
  t.union([WireRecurrence, t.type({ recurrence: WireRecurrence })]),
)

/** R4 / R5: a list under `data`, `data.recurrences` or `items`. */
export const WireRecurrenceListResponse = t.union(
  [
    t.intersection([
      t.type({ data: t.array(WireRecurrence) }),
      t.partial({ total_count: WireNumber }),
    ]),
    t.type({
      data: t.intersection([
        t.type({ recurrences: t.array(WireRecurrence) }),
        t.partial({ total_count: WireNumber }),
      ]),
    }),
    t.intersection([
      t.type({ items: t.array(WireRecurrence) }),
      t.partial({ total_count: WireNumber }),
    ]),
  ],
  'WireRecurrenceListResponse',
)
export type WireRecurrenceListResponse = t.TypeOf<typeof WireRecurrenceListResponse>

/** R7: the most recent approved run of a customer's recurrences (ASSUMED, P.8). */
export const WireApprovedRecurringTransaction = t.intersection(
  [
    t.type({ transaction_id: WireId }),
    t.partial({
      recurrence_id: WireId,
      customer_id: WireId,
      amount: WireNumber,
      response_code: WireNumber,
      status_message: Text,
      approval_code: Text,
      date: Text,
    }),
  ],
  'WireApprovedRecurringTransaction',
)
export type WireApprovedRecurringTransaction = t.TypeOf<typeof WireApprovedRecurringTransaction>

export const WireApprovedResponse = dataEnvelope(WireApprovedRecurringTransaction)

/** R3 / C11 answers: `{ data: { id } }` or `{ data: { customer_id } }`; only success matters. */
export const WireAck = t.type({ data: t.unknown }, 'WireAck')

// ---- responses: errors

/** One item of a v3 validation answer (seen in public clients): `field` as `<location>/<name>`. */
export const WireFieldError = t.intersection(
  [t.type({ detail: t.string }), t.partial({ field: nullable(t.string) })],
  'WireFieldError',
)
export type WireFieldError = t.TypeOf<typeof WireFieldError>

/** v3 `{ data: [{ field, detail }] }`, sometimes with a top-level `message`. */
export const WireValidationBody = t.intersection(
  [t.type({ data: t.array(WireFieldError) }), t.partial({ message: t.string })],
  'WireValidationBody',
)
export type WireValidationBody = t.TypeOf<typeof WireValidationBody>

/**
 * FastAPI's default validation answer (the spec's "422 Validation Error" is its wording):
 * `{ detail: [{ loc: ["body", "customer_label"], msg, type }] }`.
 */
export const WireFastApiItem = t.intersection(
  [
    t.type({ msg: t.string }),
    t.partial({ loc: t.array(t.union([t.string, t.number])), type: t.string }),
  ],
  'WireFastApiItem',
)
export type WireFastApiItem = t.TypeOf<typeof WireFastApiItem>

export const WireFastApiBody = t.type({ detail: t.array(WireFastApiItem) }, 'WireFastApiBody')
export type WireFastApiBody = t.TypeOf<typeof WireFastApiBody>

/** A bare error list, `{ errors: ["…"] }` or `{ errors: [{ message }] }`, at any status. */
export const WireErrorList = t.type(
  {
    errors: t.array(
      t.union([
        t.string,
        t.intersection([t.type({ message: t.string }), t.partial({ field: nullable(t.string) })]),
      ]),
    ),
  },
  'WireErrorList',
)
export type WireErrorList = t.TypeOf<typeof WireErrorList>

/** Legacy v1 `{ success: false, response_code, status_message, errors: { code: [msgs] } }`. */
export const WireLegacyError = t.intersection(
  [
    t.type({ success: t.literal(false) }),
    t.partial({
      response_code: WireNumber,
      status_message: t.string,
      errors: t.record(t.string, t.union([t.array(t.string), t.string])),
    }),
  ],
  'WireLegacyError',
)
export type WireLegacyError = t.TypeOf<typeof WireLegacyError>

/** OAuth `{ error, error_description }` (confirmed for v1 by PayTrace's own samples). */
export const WireOAuthError = t.intersection(
  [t.type({ error: t.string }), t.partial({ error_description: t.string })],
  'WireOAuthError',
)
export type WireOAuthError = t.TypeOf<typeof WireOAuthError>

/** A bare `{ message }` or `{ error: { message } }` (a public v3 client checks for both). */
export const WireMessageBody = t.union(
  [
    t.type({ message: t.string }),
    t.type({ error: t.type({ message: t.string }) }),
    t.type({ detail: t.string }),
  ],
  'WireMessageBody',
)
export type WireMessageBody = t.TypeOf<typeof WireMessageBody>
