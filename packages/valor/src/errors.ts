/**
 * Valor's failure answers → `VaultError`, as data. Every failure shape the spec shows has a row
 * (with the spec example it exists for, which the tests replay); rows are tried in order and the
 * first whose condition holds decides the kind. The last rows catch what no earlier row names,
 * so no failure maps to nothing.
 *
 * Field messages follow the AJV pattern (`data/<field> <message>`, `data must have required
 * property '<field>'`) or the ACH one (`Missing required field(s): a, b`); their wire field
 * names are mapped to canonical paths through `wireFieldPaths`.
 */
import {
  vaultError,
  type ErrorContext,
  type FieldIssue,
  type Redactor,
  type VaultError,
  type VaultErrorKind,
  rawBodyEvidence,
  type HttpResponse,
  parseRetryAfterMs,
} from '@vaultport/core'
import type { EnvelopeVerdict } from './wire'

// ---- model

export type Failure = Extract<EnvelopeVerdict, { ok: false }>

export interface ErrorCondition {
  readonly dialect?: Failure['dialect']
  /** Matches the body's `code` (a regular expression over its string form). */
  readonly code?: RegExp
  /** Matches when any of the gateway's messages matches. */
  readonly message?: RegExp
  readonly httpStatus?: ReadonlyArray<number>
}

/** The kinds a Valor answer can mean (transport kinds come from the HTTP client). */
export type RowKind = Extract<
  VaultErrorKind,
  | 'Auth'
  | 'NotFound'
  | 'Conflict'
  | 'Validation'
  | 'RateLimited'
  | 'Unavailable'
  | 'UnexpectedResponse'
>

export interface ErrorRow {
  readonly id: string
  readonly when: ErrorCondition
  readonly kind: RowKind
  /** The first words of the error message; the gateway's own messages follow. */
  readonly summary: string
  /** The spec example (or wire-assumptions text) this row reproduces. */
  readonly example: { readonly source: string; readonly body: unknown }
}

// ---- the table

export const errorRows: ReadonlyArray<ErrorRow> = [
  {
    id: 'rate-limited',
    when: { code: /^429$/ },
    kind: 'RateLimited',
    summary: 'Valor rate limit reached',
    example: {
      source: 'wire-assumptions V.0: rate limited (HTTP 200 under valorAlways200)',
      body: {
        code: 429,
        status: 'FAILED',
        errors: ['Too many requests. Please retry after 1 second(s).'],
      },
    },
  },
  {
    id: 'server-error',
    when: { code: /^5\d\d$/ },
    kind: 'Unavailable',
    summary: 'Valor reported a server error',
    example: {
      source: 'wire-assumptions V.0: simulated 5xx body',
      body: { code: 500, status: 'FAILED', errors: ['Internal Server Error'] },
    },
  },
  {
    id: 'route-not-found',
    when: { message: /^route not found/i },
    kind: 'UnexpectedResponse',
    summary: 'Valor does not serve this path: check the route table (config `routes`)',
    example: {
      source: 'wire-assumptions V.0: unknown route',
      body: { code: 404, status: 'FAILED', errors: ['Route not found'] },
    },
  },
  {
    id: 'auth-invalid-credentials',
    when: { dialect: 'auth', message: /not a valid app id or app key/i },
    kind: 'Auth',
    summary: 'Valor rejected the App ID / App Key',
    example: {
      source: 'spec: List cards, authentication error',
      body: { status: false, code: '400', message: 'Not a valid APP ID or APP Key.' },
    },
  },
  {
    id: 'auth-missing-credentials',
    when: { dialect: 'auth', message: /provide a valid app id or app key/i },
    kind: 'Auth',
    summary: 'Valor did not receive a valid App ID / App Key',
    example: {
      source: 'spec: List customers, authentication error',
      body: { status: false, code: '400', message: 'Please provide a valid APP ID or APP Key.' },
    },
  },
  {
    id: 'auth-other',
    when: { dialect: 'auth' },
    kind: 'Auth',
    summary: 'Valor refused the request (status false: the authentication dialect)',
    example: {
      source: 'GATEWAY-FACTS §3.2: status false is the authentication dialect',
      body: { status: false, code: '400', message: 'Vault is not enabled for this merchant' },
    },
  },
  {
    id: 'customer-not-exist',
    when: { message: /customer not exist/i },
    kind: 'NotFound',
    summary: 'Valor vault customer not found',
    example: {
      source: 'spec: Get customer / Add card / Delete customer, failure',
      body: { code: 400, status: 'FAILED', errors: ['Customer not exist'] },
    },
  },
  {
    id: 'vault-customer-id-not-exist',
    when: { message: /vault customer id does not exist/i },
    kind: 'NotFound',
    summary: 'Valor vault customer not found',
    example: {
      source: 'spec: List customer transactions, failure (no code)',
      body: { status: 'FAILED', errors: ['Vault customer ID does not exist.'] },
    },
  },
  {
    id: 'payment-profile-id-invalid',
    when: { message: /valid payment profile id/i },
    kind: 'NotFound',
    summary: 'Valor payment profile not found',
    example: {
      source: 'spec: Update card, failure (no code)',
      body: { status: 'FAILED', errors: ['Please provide a valid payment profile ID.'] },
    },
  },
  {
    id: 'ach-profile-not-exist',
    when: { message: /ach profile id does not exist/i },
    kind: 'NotFound',
    summary: 'Valor ACH profile not found',
    example: {
      source: 'spec: Delete ACH, failure (errors as a string)',
      body: { code: 400, status: 'FAILED', errors: 'ACH profile ID does not exist' },
    },
  },
  {
    id: 'unable-to-delete-address',
    when: { message: /unable to delete the address/i },
    kind: 'NotFound',
    summary: 'Valor address entry not found (or not deletable)',
    example: {
      source: 'spec: Delete address, failure',
      body: { code: 400, status: 'FAILED', errors: ['Unable to delete the address.'] },
    },
  },
  {
    id: 'unable-to-delete-payment-profile',
    when: { message: /unable to delete the payment profile/i },
    kind: 'NotFound',
    summary: 'Valor payment profile not found (or not deletable)',
    example: {
      source: 'spec: Delete card, failure',
      body: { code: 400, status: 'FAILED', errors: ['Unable to delete the payment profile'] },
    },
  },
  {
    id: 'payment-profile-limit',
    when: {
      message: /(maximum|limit|more than|only).*payment profile|payment profile.*(limit|maximum)/i,
    },
    kind: 'Conflict',
    summary: 'the customer already holds the most cards Valor allows (5)',
    example: {
      source: 'docs/wire-assumptions.md (Valor): the 5-card cap text',
      body: {
        code: 400,
        status: 'FAILED',
        errors: ['Maximum 5 payment profiles allowed per customer'],
      },
    },
  },
  {
    id: 'address-limit',
    when: { message: /(maximum|limit|more than|only).*address|address.*(limit|maximum)/i },
    kind: 'Conflict',
    summary: 'the customer already holds the most address entries Valor allows (5)',
    example: {
      source: 'docs/wire-assumptions.md (Valor): the 5-address cap text',
      body: { code: 400, status: 'FAILED', errors: ['Maximum 5 addresses allowed per customer'] },
    },
  },
  {
    id: 'customer-name-exists',
    when: { message: /already exist/i },
    kind: 'Conflict',
    summary: 'Valor already holds a record with this value',
    example: {
      source: 'GATEWAY-FACTS §3.3: VL-DEXA `error` (not `errors`) key',
      body: { error: ['Customer name already exist'], status: 'FAILED' },
    },
  },
  {
    id: 'ach-no-changes',
    when: { message: /no changes detected/i },
    kind: 'Conflict',
    summary: 'Valor found nothing to change',
    example: {
      source: 'spec: Update ACH, failure (errors as a string)',
      body: {
        code: 400,
        status: 'FAILED',
        errors: 'No changes detected. ACH profile already contains the same information',
      },
    },
  },
  {
    id: 'invalid-token',
    when: { message: /invalid token/i },
    kind: 'Validation',
    summary: 'Valor rejected the card token',
    example: {
      source: 'spec: Add card from token, failure (no code)',
      body: { status: 'FAILED', errors: ['Invalid Token'] },
    },
  },
  {
    id: 'reference-transaction-missing',
    when: { message: /reference transaction id/i },
    kind: 'Validation',
    summary: 'Valor rejected the reference transaction',
    example: {
      source: 'spec: Map transaction, failure (no code)',
      body: { status: 'FAILED', errors: ['Reference transaction ID missing'] },
    },
  },
  {
    id: 'ajv-required-property',
    when: { message: /^data must have required property/i },
    kind: 'Validation',
    summary: 'Valor rejected the request: a required field is missing',
    example: {
      source: 'spec: Create customer, failure',
      body: {
        code: 400,
        status: 'FAILED',
        errors: ["data must have required property 'customer_name'"],
      },
    },
  },
  {
    id: 'ajv-field-message',
    when: { message: /^data\/\S+\s/i },
    kind: 'Validation',
    summary: 'Valor rejected a field',
    example: {
      source: 'spec: Edit customer, failure',
      body: {
        code: 400,
        status: 'FAILED',
        errors: ['data/customer_phone Enter a valid Phone Number'],
      },
    },
  },
  {
    id: 'missing-required-fields',
    when: { message: /^missing required field\(s\)/i },
    kind: 'Validation',
    summary: 'Valor rejected the request: required fields are missing',
    example: {
      source: 'spec: Add ACH, failure (errors as a string)',
      body: { code: 400, status: 'FAILED', errors: 'Missing required field(s): account_number' },
    },
  },
  {
    id: 'invalid-value',
    when: { message: /^invalid [a-z_]+$/i },
    kind: 'Validation',
    summary: 'Valor rejected a value',
    example: {
      source: 'wire-assumptions V.2 (V3 add ACH): bad values',
      body: { code: 400, status: 'FAILED', errors: 'Invalid routing_number' },
    },
  },
  {
    id: 'http-auth-status',
    when: { httpStatus: [401, 403] },
    kind: 'Auth',
    summary: 'Valor refused the credentials',
    example: {
      source: 'GATEWAY-FACTS §3.2: the auth HTTP status is unknown; 401/403 read as Auth',
      body: { status: 'FAILED', errors: ['Unauthorized'] },
    },
  },
  {
    id: 'http-not-found-status',
    when: { httpStatus: [404] },
    kind: 'NotFound',
    summary: 'Valor answered HTTP 404',
    example: {
      source: 'GATEWAY-FACTS §3.3: FAILED with an unrecognised message on HTTP 404',
      body: { status: 'FAILED', errors: ['Record not found'] },
    },
  },
  {
    id: 'failed-other',
    when: {},
    kind: 'Validation',
    summary: 'Valor rejected the request',
    example: {
      source: 'spec: every FAILED row is labelled "Validation error"',
      body: { code: 400, status: 'FAILED', errors: ['Something else went wrong'] },
    },
  },
]

// ---- field paths

const HALF_FIELDS: Readonly<Record<string, string>> = {
  customer_name: 'name',
  street_no: 'line1',
  street_name: 'line1',
  unit: 'line2',
  city: 'city',
  state: 'region',
  zip: 'postalCode',
}

/** Valor request field → canonical field (relative to the customer, card or bank account). */
export const wireFieldPaths: Readonly<Record<string, string>> = {
  customer_name: 'name',
  customer_email: 'email',
  customer_phone: 'phone',
  company_name: 'company',
  address_details: 'addresses',
  address_label: 'label',
  pan_num: 'number',
  expiry: 'expiry',
  cardholder_name: 'holderName',
  token: 'token',
  ref_txn_id: 'transactionId',
  account_number: 'accountNumber',
  routing_number: 'routingNumber',
  payee_name: 'holderName',
  account_type: 'accountType',
  entry_class: 'holderType',
  status: 'status',
  ...Object.fromEntries(
    Object.entries(HALF_FIELDS).flatMap(([k, v]) => [
      [`billing_${k}`, v],
      [`shipping_${k}`, v],
    ]),
  ),
}

/** Where an operation's fields sit in its canonical input (core's own issue paths). */
export interface FieldScope {
  /** Prefix for customer fields (`name`, `email`, …). */
  readonly customer: string
  /** Prefix for payment-method fields (`number`, `accountNumber`, …). */
  readonly paymentMethod: string
  /** Prefix for address fields; `{i}` is replaced by the entry index when Valor gives one. */
  readonly address: string
}

export const fieldScopes = {
  customer: { customer: '', paymentMethod: 'paymentMethod.', address: 'addresses[{i}].' },
  address: { customer: '', paymentMethod: '', address: '' },
  paymentMethodInput: { customer: '', paymentMethod: 'input.', address: '' },
  paymentMethodPatch: { customer: '', paymentMethod: '', address: '' },
} as const satisfies Record<string, FieldScope>

const PAYMENT_FIELDS = new Set([
  'pan_num',
  'expiry',
  'cardholder_name',
  'token',
  'ref_txn_id',
  'account_number',
  'routing_number',
  'payee_name',
  'account_type',
  'entry_class',
  'status',
])

/**
 * The canonical path of a Valor field path such as `customer_phone` or
 * `address_details/0/billing_zip` (the index is Valor's entry index).
 */
export const canonicalPath = (wirePath: string, scope: FieldScope): string => {
  const parts = wirePath.split('/').filter((p) => p !== '')
  const field = parts[parts.length - 1] ?? wirePath
  const mapped = wireFieldPaths[field]
  if (mapped === undefined) return wirePath
  const index = parts.find((p) => /^\d+$/.test(p))
  const inAddress =
    parts[0] === 'address_details' ||
    /^(billing|shipping)_/.test(field) ||
    field === 'address_label'
  if (inAddress) {
    return scope.address.replace('[{i}]', index === undefined ? '' : `[${index}]`) + mapped
  }
  return (PAYMENT_FIELDS.has(field) ? scope.paymentMethod : scope.customer) + mapped
}

const REQUIRED = /^data must have required property '([^']+)'/i
const FIELD = /^data\/(\S+)\s+(.+)$/i
const INVALID = /^invalid ([a-z_]+)$/i
const MISSING = /^missing required field\(s\):\s*(.+)$/i

/** The field issues in Valor's messages; a message that names no field is a `(request)` issue. */
export const issuesOf = (messages: ReadonlyArray<string>, scope: FieldScope): FieldIssue[] =>
  messages.flatMap((m): FieldIssue[] => {
    const required = REQUIRED.exec(m)
    if (required !== null) {
      return [{ path: canonicalPath(required[1] ?? '', scope), message: 'is required' }]
    }
    const field = FIELD.exec(m)
    if (field !== null) {
      return [{ path: canonicalPath(field[1] ?? '', scope), message: field[2] ?? m }]
    }
    const missing = MISSING.exec(m)
    if (missing !== null) {
      return (missing[1] ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== '')
        .map((f) => ({ path: canonicalPath(f, scope), message: 'is required' }))
    }
    const invalid = INVALID.exec(m)
    if (invalid !== null && !/^token$/i.test(invalid[1] ?? '')) {
      return [{ path: canonicalPath(invalid[1] ?? '', scope), message: 'is invalid' }]
    }
    if (/invalid token/i.test(m)) return [{ path: canonicalPath('token', scope), message: m }]
    if (/reference transaction id/i.test(m)) {
      return [{ path: canonicalPath('ref_txn_id', scope), message: m }]
    }
    return [{ path: '(request)', message: m }]
  })

// ---- interpreter

const holds = (when: ErrorCondition, failure: Failure, httpStatus: number): boolean =>
  (when.dialect === undefined || when.dialect === failure.dialect) &&
  (when.code === undefined || (failure.code !== undefined && when.code.test(failure.code))) &&
  (when.message === undefined || failure.messages.some((m) => when.message?.test(m) === true)) &&
  (when.httpStatus === undefined || when.httpStatus.includes(httpStatus))

/** The row that decides a failure: the first that holds (the last row always does). */
export const rowFor = (failure: Failure, httpStatus: number): ErrorRow =>
  errorRows.find((r) => holds(r.when, failure, httpStatus)) ??
  (errorRows[errorRows.length - 1] as ErrorRow)

/** A Valor failure as a `VaultError`, with its evidence redacted. */
export const failureToError = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
  failure: Failure,
  scope: FieldScope,
): VaultError => {
  const row = rowFor(failure, res.status)
  const gatewayMessages = failure.messages.map((m) => redactor.text(m))
  const evidence = {
    httpStatus: res.status,
    ...(failure.code === undefined ? {} : { gatewayCode: failure.code }),
    gatewayMessages,
    rawBody: rawBodyEvidence(redactor, res.body),
  }
  const said = gatewayMessages.length === 0 ? 'no message' : gatewayMessages.join('; ')
  const message = `${row.summary} (Valor said: ${said})`
  if (row.kind === 'Validation') {
    const issues = issuesOf(gatewayMessages.length === 0 ? [row.summary] : gatewayMessages, scope)
    return vaultError('Validation', ctx, message, evidence, { issues })
  }
  if (row.kind === 'RateLimited') {
    const retryAfterMs = parseRetryAfterMs(res.headers['retry-after'], Date.now())
    return vaultError(
      'RateLimited',
      ctx,
      message,
      evidence,
      retryAfterMs === undefined ? {} : { retryAfterMs },
    )
  }
  return vaultError(row.kind, ctx, message, evidence)
}
