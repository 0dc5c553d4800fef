/**
 * PayTrace's answers that are not a success → `VaultError`, status first and body second.
 *
 * The status decides the class: 401/403 are `Auth`, 404/410 `NotFound`, 409 `Conflict`, 429
 * `RateLimited` and 400/422 `Validation` whatever the body is (JSON, plain text, a proxy's HTML
 * page, nothing). Within a refusal (4xx) or a success status (2xx) the body may say more, in any
 * of the dialects PayTrace's answers come in: v3 `{data: [{field, detail}]}`, FastAPI's
 * `{detail: [{loc, msg, type}]}`, OAuth `{error, error_description}`, legacy v1
 * `{success: false, response_code, status_message, errors: {code: [msgs]}}`, a bare
 * `{errors: [...]}` and `{message}` / `{detail}` / `{error: {message}}`. A success status whose
 * body is an error in one of these dialects is that error, never a success.
 *
 * `errorTable` is walked top to bottom: the first row whose `match` accepts the answer decides
 * the kind. What no row matches is decided by `statusFallback`, which knows the request: a 3xx
 * or a server error to a write may have let the write happen (`OutcomeUnknown`), the same answer
 * to a read is `UnexpectedResponse` / `Unavailable`. Every row carries the answer it was written
 * for, and the tests walk both tables in full.
 */
import * as E from 'fp-ts/Either'
import {
  answerEvidence,
  parseRetryAfterMs,
  vaultError,
  type ErrorContext,
  type FieldIssue,
  type HttpResponse,
  type Redactor,
  type VaultError,
  type VaultErrorKind,
} from '@vaultport/core'
import {
  WireErrorList,
  WireFastApiBody,
  WireLegacyError,
  WireMessageBody,
  WireOAuthError,
  WireValidationBody,
} from './wire'

// ---- model

/** An answer as the table sees it: the status, the parsed body (undefined if not JSON), the text. */
export interface ErrorInput {
  readonly status: number
  readonly json: unknown
  /** The body as sent, for the plain-text answers of proxies and web servers. */
  readonly text?: string
}

/** The kinds a row can map an answer to. */
export type AnswerKind = Extract<
  VaultErrorKind,
  'Validation' | 'NotFound' | 'Auth' | 'Conflict' | 'RateLimited' | 'UnexpectedResponse'
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

/** What the request was: a read, or a write (and whether sending it twice is harmless). */
export interface RequestShape {
  readonly write: boolean
  readonly idempotent: boolean
}

export const READ: RequestShape = { write: false, idempotent: true }

// ---- statuses

const isSuccess = (status: number): boolean => status >= 200 && status < 300
const isRefusal = (status: number): boolean => status >= 400 && status < 500
/** Where a body may say what went wrong: a success status or a refusal, not 3xx or 5xx. */
const bodySpeaks = (r: ErrorInput): boolean => isSuccess(r.status) || isRefusal(r.status)

const statusText = (status: number): string =>
  status === 403 ? 'HTTP 403: the API user may not do this' : `HTTP ${status}`

// ---- readers

/** The body as JSON; undefined when it is empty, HTML or not JSON. */
export const jsonOf = (body: string): unknown => {
  if (/^\s*$/.test(body) || /^\s*</.test(body)) return undefined
  try {
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}

/** One complaint about one field, whichever dialect carried it. */
interface FieldItem {
  readonly field?: string
  readonly detail: string
  readonly code?: string
}

const v3Items = (r: ErrorInput): ReadonlyArray<FieldItem> => {
  const d = WireValidationBody.decode(r.json)
  return E.isRight(d)
    ? d.right.data.map((i) => ({
        detail: i.detail,
        ...(typeof i.field === 'string' && i.field !== '' ? { field: i.field } : {}),
      }))
    : []
}
const fastApiItems = (r: ErrorInput): ReadonlyArray<FieldItem> => {
  const d = WireFastApiBody.decode(r.json)
  return E.isRight(d)
    ? d.right.detail.map((i) => ({
        detail: i.msg,
        ...(i.loc === undefined || i.loc.length === 0 ? {} : { field: i.loc.join('/') }),
        ...(i.type === undefined ? {} : { code: i.type }),
      }))
    : []
}
/** The field items of either dialect; empty for any other body. */
const fieldItems = (r: ErrorInput): ReadonlyArray<FieldItem> => {
  const v3 = v3Items(r)
  return v3.length > 0 ? v3 : fastApiItems(r)
}

const oauth = (r: ErrorInput) => {
  const d = WireOAuthError.decode(r.json)
  return E.isRight(d) ? d.right : undefined
}
const legacy = (r: ErrorInput) => {
  const d = WireLegacyError.decode(r.json)
  return E.isRight(d) ? d.right : undefined
}
const listed = (r: ErrorInput): ReadonlyArray<string> => {
  const d = WireErrorList.decode(r.json)
  if (E.isLeft(d)) return []
  return d.right.errors.map((e) =>
    typeof e === 'string'
      ? e
      : e.field === undefined || e.field === null
        ? e.message
        : `${e.field}: ${e.message}`,
  )
}
const messageOf = (r: ErrorInput): string | undefined => {
  const d = WireMessageBody.decode(r.json)
  if (E.isLeft(d)) return undefined
  const b = d.right
  return 'message' in b ? b.message : 'detail' in b ? b.detail : b.error.message
}
/** An error message on a success status: `{error: {message}}` or `{detail: "…"}`, not `{message}`. */
const successErrorOf = (r: ErrorInput): string | undefined => {
  const m = messageOf(r)
  return m === undefined || (r.json as { message?: unknown }).message === m ? undefined : m
}
/** A short plain-text body (a proxy's or web server's words); never an HTML page. */
const plainText = (r: ErrorInput): string | undefined => {
  if (r.json !== undefined || r.text === undefined) return undefined
  const s = r.text.trim()
  return s === '' || s.startsWith('<') ? undefined : s.slice(0, 200)
}
/** What the body says, in whatever dialect, else the status's own words. */
const anyMessages = (r: ErrorInput): ReadonlyArray<string> => {
  const o = oauth(r)
  const said = [
    ...fieldItems(r).map(itemText),
    ...(o === undefined ? [] : [o.error_description ?? o.error]),
    ...legacyMessages(r),
    ...listed(r),
  ]
  if (said.length > 0) return said
  const one = messageOf(r) ?? plainText(r)
  return [one ?? statusText(r.status)]
}

const itemText = (i: FieldItem): string =>
  i.field === undefined ? i.detail : `${i.field}: ${i.detail}`

const legacyMessages = (r: ErrorInput): ReadonlyArray<string> => {
  const l = legacy(r)
  if (l === undefined) return []
  const byCode = Object.entries(l.errors ?? {}).flatMap(([code, msgs]) =>
    (Array.isArray(msgs) ? msgs : [msgs]).map((m) => `${code}: ${m}`),
  )
  return [...(l.status_message === undefined ? [] : [l.status_message]), ...byCode]
}
const legacyCode = (r: ErrorInput): string | undefined => {
  const c = legacy(r)?.response_code
  return c === undefined ? undefined : String(c)
}

const NOT_FOUND_DETAIL = /not found|does not exist|has no check|no approved recurring/i
const DUPLICATE_DETAIL = /already exists|already in use|duplicate|must be unique/i

/** An item that names a missing record: an id in the path, or the recurrence id in the body. */
const isNotFoundItem = (i: FieldItem): boolean =>
  NOT_FOUND_DETAIL.test(i.detail) &&
  (i.field === undefined || /^path\//.test(i.field) || /^body\/recurrence\/id$/.test(i.field))
const isDuplicateItem = (i: FieldItem): boolean => DUPLICATE_DETAIL.test(i.detail)

const oauthMessages = (r: ErrorInput): string[] => {
  const o = oauth(r)
  return o === undefined ? [] : [o.error_description ?? o.error]
}
const itemCode = (r: ErrorInput): string | undefined => fieldItems(r).find((i) => i.code)?.code

/** A row for an answer of one status whatever its body says. */
const byStatus = (
  name: string,
  kind: AnswerKind,
  statuses: ReadonlyArray<number>,
  body: string,
): ErrorRow => ({
  name,
  kind,
  match: (r) => statuses.includes(r.status),
  messages: anyMessages,
  code: (r) => oauth(r)?.error ?? itemCode(r) ?? legacyCode(r),
  sample: { status: statuses[0] as number, body },
})

/** A row for a body in one dialect, on a success or a refusal status. */
const byBody = (
  name: string,
  kind: AnswerKind,
  messages: (r: ErrorInput) => ReadonlyArray<string>,
  when: (r: ErrorInput) => boolean,
  [status, body]: readonly [number, string],
  code?: (r: ErrorInput) => string | undefined,
): ErrorRow => ({
  name,
  kind,
  match: (r) => bodySpeaks(r) && when(r),
  messages,
  ...(code === undefined ? {} : { code }),
  sample: { status, body },
})

/** A row for field items (v3 or FastAPI) of which one `pick`s the kind. */
const byItems = (
  name: string,
  kind: AnswerKind,
  items: (r: ErrorInput) => ReadonlyArray<FieldItem>,
  pick: (i: FieldItem) => boolean,
  sample: readonly [number, string],
): ErrorRow =>
  byBody(
    name,
    kind,
    (r) => items(r).filter(pick).map(itemText),
    (r) => items(r).some(pick),
    sample,
    (r) => items(r).find((i) => i.code !== undefined)?.code,
  )

// ---- the table

export const errorTable: ReadonlyArray<ErrorRow> = [
  // The status alone decides these, whatever the body.
  byStatus(
    'http-401',
    'Auth',
    [401],
    '{"error":"invalid_client","error_description":"Client authentication failed: unknown client_id or wrong client_secret."}',
  ),
  byStatus('http-403', 'Auth', [403], '{"detail":"Forbidden"}'),
  byStatus('http-404', 'NotFound', [404], '{"detail":"Not Found"}'),
  byStatus('http-410', 'NotFound', [410], 'Gone'),
  byStatus('http-409', 'Conflict', [409], '{"message":"conflict"}'),
  byStatus('http-429', 'RateLimited', [429], 'Too Many Requests'),
  {
    ...byStatus('http-405', 'UnexpectedResponse', [405, 501], '{"detail":"Method Not Allowed"}'),
    messages: (r) => [
      `${messageOf(r) ?? plainText(r) ?? statusText(r.status)}: the route table does not match this PayTrace deployment`,
    ],
  },
  // A refusal (4xx) or a success status (2xx) whose body says what went wrong.
  byBody('oauth-error', 'Auth', oauthMessages, (r) => oauth(r) !== undefined, [
    400,
    '{"error":"invalid_grant","error_description":"The refresh token is invalid or expired."}',
  ]),
  byItems('v3-not-found', 'NotFound', v3Items, isNotFoundItem, [
    422,
    '{"data":[{"field":"path/customer_id","detail":"customer_id 1000001 was not found"}]}',
  ]),
  byItems('fastapi-not-found', 'NotFound', fastApiItems, isNotFoundItem, [
    422,
    '{"detail":[{"loc":["path","customer_id"],"msg":"customer_id 1000001 was not found","type":"value_error.not_found"}]}',
  ]),
  byItems('v3-duplicate', 'Conflict', v3Items, isDuplicateItem, [
    422,
    '{"data":[{"field":"body/customer_label","detail":"customer_label already exists"}]}',
  ]),
  byItems('fastapi-duplicate', 'Conflict', fastApiItems, isDuplicateItem, [
    422,
    '{"detail":[{"loc":["body","customer_label"],"msg":"customer_label already exists","type":"value_error.duplicate"}]}',
  ]),
  byItems('v3-validation', 'Validation', v3Items, () => true, [
    422,
    '{"data":[{"field":"body/customer_label","detail":"field required"},{"field":"body/email","detail":"value is not a valid email address"}]}',
  ]),
  byItems('fastapi-validation', 'Validation', fastApiItems, () => true, [
    422,
    '{"detail":[{"loc":["body","customer_label"],"msg":"field required","type":"value_error.missing"},{"loc":["body","billing_address","postal_code"],"msg":"ensure this value has at most 10 characters","type":"value_error.any_str.max_length"}]}',
  ]),
  byBody(
    'legacy-not-found',
    'NotFound',
    legacyMessages,
    (r) => legacyMessages(r).some((m) => NOT_FOUND_DETAIL.test(m)),
    [
      400,
      '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"170":["The customer ID was not found."]}}',
    ],
    legacyCode,
  ),
  byBody(
    'legacy-duplicate',
    'Conflict',
    legacyMessages,
    (r) => legacyMessages(r).some((m) => DUPLICATE_DETAIL.test(m)),
    [
      400,
      '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"171":["Please provide a unique customer ID; this one already exists."]}}',
    ],
    legacyCode,
  ),
  byBody(
    'legacy-error',
    'Validation',
    legacyMessages,
    (r) => legacy(r) !== undefined,
    [
      400,
      '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"35":["Please provide a valid Credit Card Number."],"43":["Please provide a valid Expiration Date."]}}',
    ],
    legacyCode,
  ),
  byBody(
    'error-list-not-found',
    'NotFound',
    listed,
    (r) => listed(r).some((m) => NOT_FOUND_DETAIL.test(m)),
    [200, '{"errors":["Customer 1000001 not found"]}'],
  ),
  byBody('error-list', 'Validation', listed, (r) => listed(r).length > 0, [
    200,
    '{"errors":[{"field":"customer_id","message":"is locked"}]}',
  ]),
  {
    ...byBody(
      'message-on-success',
      'Validation',
      (r) => [successErrorOf(r) ?? ''],
      (r) => successErrorOf(r) !== undefined,
      [200, '{"error":{"message":"The customer could not be deleted."}}'],
    ),
    match: (r) => isSuccess(r.status) && successErrorOf(r) !== undefined,
  },
  // Refused as invalid, whatever the body: JSON with a message, plain text, HTML, nothing.
  byStatus(
    'http-400',
    'Validation',
    [400, 422],
    '{"message":"The request body is not valid JSON."}',
  ),
]

/**
 * What no row decides, by status and request. A redirect is never followed and never a success;
 * a server error the HTTP client passed on is transient, unless it may have let a write happen.
 */
export interface FallbackRow {
  readonly name: string
  readonly match: (status: number, request: RequestShape) => boolean
  readonly kind: Extract<VaultErrorKind, 'OutcomeUnknown' | 'Unavailable' | 'UnexpectedResponse'>
  readonly message: (status: number) => string
}

export const statusFallback: ReadonlyArray<FallbackRow> = [
  {
    name: 'redirect-write',
    match: (s, q) => s >= 300 && s < 400 && q.write,
    kind: 'OutcomeUnknown',
    message: (s) =>
      `PayTrace answered a write with a redirect (HTTP ${s}), which is not followed; the write may have happened`,
  },
  {
    name: 'redirect-read',
    match: (s) => s >= 300 && s < 400,
    kind: 'UnexpectedResponse',
    message: (s) => `PayTrace answered with a redirect (HTTP ${s}), which is not followed`,
  },
  {
    name: 'server-error-create',
    match: (s, q) => s >= 500 && q.write && !q.idempotent,
    kind: 'OutcomeUnknown',
    message: (s) => `PayTrace answered HTTP ${s}; the write may have happened`,
  },
  {
    name: 'server-error',
    match: (s) => s >= 500,
    kind: 'Unavailable',
    message: (s) => `PayTrace answered HTTP ${s}`,
  },
  {
    name: 'anything-else',
    match: () => true,
    kind: 'UnexpectedResponse',
    message: (s) => `PayTrace answered HTTP ${s} with a body vaultport does not know`,
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
  fieldItems(r).map((i) => ({
    path: canonicalPath(i.field, operation),
    message: redactor.text(
      i.field === undefined ? i.detail : `${i.detail} (PayTrace field ${i.field})`,
    ),
  }))

// ---- classification

export const classify = (r: ErrorInput): ErrorRow | undefined =>
  errorTable.find((row) => row.match(r))

export const fallbackOf = (status: number, request: RequestShape): FallbackRow =>
  statusFallback.find((row) => row.match(status, request)) as FallbackRow

const KIND_TEXT: Readonly<Record<AnswerKind, string>> = {
  Validation: 'PayTrace rejected the request',
  NotFound: 'PayTrace has no such record',
  Auth: 'PayTrace refused the credentials or token',
  Conflict: 'PayTrace reports a conflict',
  RateLimited: 'PayTrace rate limit reached',
  UnexpectedResponse: 'PayTrace answered unexpectedly',
}

/** The error a row makes of an answer; every text goes through the redactor. */
const fromRow = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
  input: ErrorInput,
  row: ErrorRow,
): VaultError => {
  const messages = row.messages(input).map(redactor.text)
  const code = row.code?.(input)
  const evidence = {
    ...answerEvidence(redactor, res),
    gatewayMessages: messages,
    ...(code === undefined ? {} : { gatewayCode: redactor.text(code) }),
  }
  const message = `${KIND_TEXT[row.kind]} (HTTP ${res.status}): ${messages.join('; ')}`
  switch (row.kind) {
    case 'Validation': {
      const items = issuesOf(input, ctx.operation, redactor)
      const issues =
        items.length > 0 ? items : messages.map((m) => ({ path: 'request', message: m }))
      return vaultError('Validation', ctx, message, evidence, { issues })
    }
    case 'RateLimited': {
      const wait = parseRetryAfterMs(res.headers['retry-after'], Date.now())
      return vaultError(
        'RateLimited',
        ctx,
        message,
        evidence,
        wait === undefined ? {} : { retryAfterMs: wait },
      )
    }
    default:
      return vaultError(row.kind, ctx, message, evidence)
  }
}

const inputOf = (res: HttpResponse, json: unknown = jsonOf(res.body)): ErrorInput => ({
  status: res.status,
  json,
  text: res.body,
})

/** The `VaultError` for an answer that is not a 2xx, read status first, body second. */
export const errorFromResponse = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
  request: RequestShape = READ,
): VaultError => {
  const input = inputOf(res)
  const row = classify(input)
  if (row !== undefined) return fromRow(ctx, redactor, res, input, row)
  const fallback = fallbackOf(res.status, request)
  return vaultError(fallback.kind, ctx, fallback.message(res.status), answerEvidence(redactor, res))
}

/** The error a 2xx answer's parsed body words, if it is one (a success status is not enough). */
export const errorInBody = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
  json: unknown,
): VaultError | undefined => {
  const input = inputOf(res, json)
  const row = classify(input)
  return row === undefined ? undefined : fromRow(ctx, redactor, res, input, row)
}
