/**
 * PayTrace's error answers → `VaultError`, as one data table walked top to bottom: the first
 * row whose `match` accepts the answer decides the kind and the message. Every row carries the
 * documented (or assumed) sample it was written for, and the tests walk the table in full.
 *
 * Shapes: v3 `422 {data: [{field, detail}]}` (GATEWAY-FACTS §1.3; not-found and duplicate label
 * per docs/wire-assumptions.md P.2/P.3), OAuth `{error, error_description}` (§1.2), legacy v1
 * `{success: false, response_code, status_message, errors: {code: [msgs]}}` (§1.3), FastAPI's
 * `{detail}` and bare HTTP statuses. Anything else is `UnexpectedResponse`, never a success.
 */
import * as E from 'fp-ts/Either'
import {
  parseJson,
  rawBodyEvidence,
  vaultError,
  type ErrorContext,
  type FieldIssue,
  type HttpResponse,
  type Redactor,
  type VaultError,
  type VaultErrorKind,
} from '@vaultport/core'
import {
  WireLegacyError,
  WireMessageBody,
  WireOAuthError,
  WireValidationBody,
  type WireFieldError,
} from './wire'

// ---- model

/** An answer as the table sees it: the status and the parsed body (undefined if not JSON). */
export interface ErrorInput {
  readonly status: number
  readonly json: unknown
}

/** The kinds an answer can map to (rate limits and 5xx are the HTTP client's). */
export type AnswerKind = Extract<
  VaultErrorKind,
  'Validation' | 'NotFound' | 'Auth' | 'Conflict' | 'UnexpectedResponse'
>

export interface ErrorRow {
  readonly name: string
  readonly kind: AnswerKind
  readonly match: (r: ErrorInput) => boolean
  /** What the gateway said, as messages (redacted later). */
  readonly messages: (r: ErrorInput) => ReadonlyArray<string>
  /** The gateway's own code, where the shape has one. */
  readonly code?: (r: ErrorInput) => string | undefined
  /** The answer this row was written for. */
  readonly sample: { readonly status: number; readonly body: string }
}

// ---- readers

const v3Items = (r: ErrorInput): ReadonlyArray<WireFieldError> => {
  const d = WireValidationBody.decode(r.json)
  return E.isRight(d) ? d.right.data : []
}
const isV3 = (r: ErrorInput): boolean => E.isRight(WireValidationBody.decode(r.json))
const oauth = (r: ErrorInput) => {
  const d = WireOAuthError.decode(r.json)
  return E.isRight(d) ? d.right : undefined
}
const legacy = (r: ErrorInput) => {
  const d = WireLegacyError.decode(r.json)
  return E.isRight(d) ? d.right : undefined
}
const messageOf = (r: ErrorInput): string | undefined => {
  const d = WireMessageBody.decode(r.json)
  if (E.isLeft(d)) return undefined
  const b = d.right
  return 'message' in b ? b.message : 'detail' in b ? b.detail : b.error.message
}

const itemText = (i: WireFieldError): string =>
  i.field === undefined || i.field === null ? i.detail : `${i.field}: ${i.detail}`

const legacyMessages = (r: ErrorInput): ReadonlyArray<string> => {
  const l = legacy(r)
  if (l === undefined) return []
  const listed = Object.entries(l.errors ?? {}).flatMap(([code, msgs]) =>
    (Array.isArray(msgs) ? msgs : [msgs]).map((m) => `${code}: ${m}`),
  )
  return [...(l.status_message === undefined ? [] : [l.status_message]), ...listed]
}

const NOT_FOUND_DETAIL = /not found|does not exist|has no check|no approved recurring/i
const DUPLICATE_DETAIL = /already exists|already in use|duplicate|must be unique/i

/** An item that names a missing record: an id in the path, or the recurrence id in the body. */
const isNotFoundItem = (i: WireFieldError): boolean =>
  NOT_FOUND_DETAIL.test(i.detail) &&
  (i.field === undefined ||
    i.field === null ||
    /^path\//.test(i.field) ||
    /^body\/recurrence\/id$/.test(i.field))

const oauthMessages = (r: ErrorInput): string[] => {
  const o = oauth(r)
  return o === undefined ? [] : [o.error_description ?? o.error]
}

// ---- the table

export const errorTable: ReadonlyArray<ErrorRow> = [
  {
    name: 'oauth-401',
    kind: 'Auth',
    match: (r) => r.status === 401 && oauth(r) !== undefined,
    messages: oauthMessages,
    code: (r) => oauth(r)?.error,
    sample: {
      status: 401,
      body: '{"error":"invalid_client","error_description":"Client authentication failed: unknown client_id or wrong client_secret."}',
    },
  },
  {
    name: 'http-401',
    kind: 'Auth',
    match: (r) => r.status === 401,
    messages: (r) => [messageOf(r) ?? 'HTTP 401 Unauthorized'],
    sample: { status: 401, body: '{"detail":"Not authenticated"}' },
  },
  {
    name: 'oauth-other',
    kind: 'Auth',
    match: (r) => oauth(r) !== undefined,
    messages: oauthMessages,
    code: (r) => oauth(r)?.error,
    sample: {
      status: 400,
      body: '{"error":"invalid_grant","error_description":"The refresh token is invalid or expired."}',
    },
  },
  {
    name: 'http-403',
    kind: 'Auth',
    match: (r) => r.status === 403,
    messages: (r) => [messageOf(r) ?? 'HTTP 403 Forbidden: the API user may not do this'],
    sample: { status: 403, body: '{"detail":"Forbidden"}' },
  },
  {
    name: 'v3-not-found',
    kind: 'NotFound',
    match: (r) => isV3(r) && v3Items(r).some(isNotFoundItem),
    messages: (r) => v3Items(r).filter(isNotFoundItem).map(itemText),
    sample: {
      status: 422,
      body: '{"data":[{"field":"path/customer_id","detail":"customer_id 1000001 was not found"}]}',
    },
  },
  {
    name: 'v3-duplicate',
    kind: 'Conflict',
    match: (r) => isV3(r) && v3Items(r).some((i) => DUPLICATE_DETAIL.test(i.detail)),
    messages: (r) => v3Items(r).map(itemText),
    sample: {
      status: 422,
      body: '{"data":[{"field":"body/customer_label","detail":"customer_label already exists"}]}',
    },
  },
  {
    name: 'v3-validation',
    kind: 'Validation',
    match: (r) => isV3(r) && v3Items(r).length > 0 && r.status >= 400 && r.status < 500,
    messages: (r) => v3Items(r).map(itemText),
    sample: {
      status: 422,
      body: '{"data":[{"field":"body/customer_label","detail":"field required"},{"field":"body/email","detail":"value is not a valid email address"}]}',
    },
  },
  {
    name: 'legacy-not-found',
    kind: 'NotFound',
    match: (r) =>
      legacy(r) !== undefined && legacyMessages(r).some((m) => NOT_FOUND_DETAIL.test(m)),
    messages: legacyMessages,
    code: (r) => {
      const c = legacy(r)?.response_code
      return c === undefined ? undefined : String(c)
    },
    sample: {
      status: 400,
      body: '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"170":["The customer ID was not found."]}}',
    },
  },
  {
    name: 'legacy-duplicate',
    kind: 'Conflict',
    match: (r) =>
      legacy(r) !== undefined && legacyMessages(r).some((m) => DUPLICATE_DETAIL.test(m)),
    messages: legacyMessages,
    code: (r) => {
      const c = legacy(r)?.response_code
      return c === undefined ? undefined : String(c)
    },
    sample: {
      status: 400,
      body: '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"171":["Please provide a unique customer ID; this one already exists."]}}',
    },
  },
  {
    name: 'legacy-error',
    kind: 'Validation',
    match: (r) => legacy(r) !== undefined,
    messages: legacyMessages,
    code: (r) => {
      const c = legacy(r)?.response_code
      return c === undefined ? undefined : String(c)
    },
    sample: {
      status: 400,
      body: '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"35":["Please provide a valid Credit Card Number."],"43":["Please provide a valid Expiration Date."]}}',
    },
  },
  {
    name: 'http-404',
    kind: 'NotFound',
    match: (r) => r.status === 404,
    messages: (r) => [messageOf(r) ?? 'HTTP 404 Not Found'],
    sample: { status: 404, body: '{"detail":"Not Found"}' },
  },
  {
    name: 'http-409',
    kind: 'Conflict',
    match: (r) => r.status === 409,
    messages: (r) => [messageOf(r) ?? 'HTTP 409 Conflict'],
    sample: { status: 409, body: '{"message":"conflict"}' },
  },
  {
    name: 'http-405',
    kind: 'UnexpectedResponse',
    match: (r) => r.status === 405,
    messages: (r) => [
      `${messageOf(r) ?? 'Method Not Allowed'}: the route table does not match this PayTrace deployment`,
    ],
    sample: { status: 405, body: '{"detail":"Method Not Allowed"}' },
  },
  {
    name: 'http-400-message',
    kind: 'Validation',
    match: (r) => (r.status === 400 || r.status === 422) && messageOf(r) !== undefined,
    messages: (r) => [messageOf(r) ?? ''],
    sample: { status: 400, body: '{"message":"The request body is not valid JSON."}' },
  },
]

// ---- field paths

/** Wire field (after the `body/` location) → canonical path, `{pm}` being the input's path. */
const FIELD_PATHS: ReadonlyArray<readonly [string, string]> = [
  ['customer_label', 'reference'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['fax', 'fax'],
  ['discretionary_data', 'gatewayData.discretionary_data'],
  ['customer_reference_id', 'gatewayData.customer_reference_id'],
  ['card/number', '{pm}.number'],
  ['card/expiration_month', '{pm}.expiry'],
  ['card/expiration_year', '{pm}.expiry'],
  ['check/account_number', '{pm}.accountNumber'],
  ['check/routing_number', '{pm}.routingNumber'],
  ['check/sec_code', '{pm}.secCode'],
  ['check/account_type', '{pm}.accountType'],
  ['hpf_token', '{pm}.token'],
  ['enc_key', '{pm}.extras.enc_key'],
  ['transaction_id', '{pm}.transactionId'],
  ['recurrence/amount', 'amount'],
  ['recurrence/frequency', 'schedule'],
  ['recurrence/start_date', 'startDate'],
  ['recurrence/total_count', 'totalCount'],
  ['recurrence/description', 'description'],
  ['recurrence/type', 'paymentMethodId'],
  ['recurrence/id', 'id'],
  ['next_date', 'nextDate'],
  ['customer_id', 'customerId'],
]

const ADDRESS_PATHS: Readonly<Record<string, string>> = {
  name: 'name',
  street_address: 'line1',
  street_address2: 'line2',
  city: 'city',
  state: 'region',
  postal_code: 'postalCode',
  country: 'country',
  county: 'county',
}

/** Where the operation's payment-method input and address input sit in its arguments. */
const inputPrefix = (operation: string): { pm: string; address: (slot: string) => string } =>
  operation.startsWith('addresses.')
    ? { pm: 'paymentMethod', address: () => (operation.endsWith('update') ? 'patch' : 'input') }
    : operation === 'paymentMethods.add'
      ? { pm: 'input', address: (slot) => `addresses[${slot}]` }
      : { pm: 'paymentMethod', address: (slot) => `addresses[${slot}]` }

/** A PayTrace field (`body/card/number`, `path/customer_id`) as a canonical path. */
export const canonicalPath = (field: string | null | undefined, operation: string): string => {
  if (field === undefined || field === null || field === '') return 'request'
  const parts = field.replace(/\./g, '/').split('/')
  const location = parts[0]
  const rest = parts.slice(1).join('/')
  if (location === 'path') {
    // The path names the record the operation is about: `id` for the customers and
    // recurrences ports, `customerId` for the ports that hang off a customer.
    const own = operation.startsWith('customers.') || operation.startsWith('recurrences.')
    return rest === 'customer_id' && !own
      ? 'customerId'
      : rest === 'customer_id' && operation === 'recurrences.listByCustomer'
        ? 'customerId'
        : own
          ? 'id'
          : rest
  }
  if (location !== 'body') return field
  const prefix = inputPrefix(operation)
  const address = /^(billing|shipping)_address(?:\/(.+))?$/.exec(rest)
  if (address !== null) {
    const base = prefix.address(address[1] ?? 'billing')
    const leaf = address[2] === undefined ? undefined : ADDRESS_PATHS[address[2]]
    return leaf === undefined ? base : `${base}.${leaf}`
  }
  const hit = FIELD_PATHS.find(([wire]) => wire === rest)
  return hit === undefined ? field : hit[1].replace('{pm}', prefix.pm)
}

const issuesOf = (r: ErrorInput, operation: string, redactor: Redactor): FieldIssue[] =>
  v3Items(r).map((i) => ({
    path: canonicalPath(i.field, operation),
    message: redactor.text(
      i.field === undefined || i.field === null
        ? i.detail
        : `${i.detail} (PayTrace field ${i.field})`,
    ),
  }))

// ---- classification

export const classify = (r: ErrorInput): ErrorRow | undefined =>
  errorTable.find((row) => row.match(r))

const KIND_TEXT: Readonly<Record<AnswerKind, string>> = {
  Validation: 'PayTrace rejected the request',
  NotFound: 'PayTrace has no such record',
  Auth: 'PayTrace refused the credentials or token',
  Conflict: 'PayTrace reports a conflict',
  UnexpectedResponse: 'PayTrace answered unexpectedly',
}

/** The `VaultError` for a non-success answer; every text goes through the redactor. */
export const errorFromResponse = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
): VaultError => {
  const parsed = parseJson(ctx, redactor, res)
  const input: ErrorInput = {
    status: res.status,
    json: E.isRight(parsed) ? parsed.right : undefined,
  }
  const row = classify(input)
  const rawBody = rawBodyEvidence(redactor, res.body)
  if (row === undefined) {
    return E.isLeft(parsed)
      ? parsed.left
      : vaultError(
          'UnexpectedResponse',
          ctx,
          `PayTrace answered HTTP ${res.status} with a body vaultport does not know`,
          { httpStatus: res.status, rawBody },
        )
  }
  const messages = row.messages(input).map(redactor.text)
  const code = row.code?.(input)
  const evidence = {
    httpStatus: res.status,
    rawBody,
    gatewayMessages: messages,
    ...(code === undefined ? {} : { gatewayCode: code }),
  }
  const message = `${KIND_TEXT[row.kind]} (HTTP ${res.status}): ${messages.join('; ')}`
  if (row.kind === 'Validation') {
    const issues = isV3(input)
      ? issuesOf(input, ctx.operation, redactor)
      : messages.map((m) => ({ path: 'request', message: m }))
    return vaultError('Validation', ctx, message, evidence, { issues })
  }
  return vaultError(row.kind, ctx, message, evidence)
}
