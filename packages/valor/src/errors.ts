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
  answerEvidence,
  parseRetryAfterMs,
  vaultError,
  type ErrorContext,
  type ErrorEvidence,
  type FieldIssue,
  type HttpResponse,
  type Redactor,
  type VaultError,
  type VaultErrorKind,
} from '@vaultport/core'
import { canonicalPath, type FieldScope } from './translate/shared'
import type { EnvelopeVerdict } from './wire'

export { canonicalPath, fieldScopes, wireFieldPaths, type FieldScope } from './translate/shared'

// ---- model

export type Failure = Extract<EnvelopeVerdict, { ok: false }>

export interface ErrorCondition {
  readonly dialect?: Failure['dialect']
  /** Matches the body's `code` (a regular expression over its string form). */
  readonly code?: RegExp
  /** Matches when any of the gateway's messages matches. */
  readonly message?: RegExp
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
  /** The canonical field a Validation row is about, when its messages name none. */
  readonly field?: string
}

/** An error table: its rows (first match wins) and how its messages become field issues. */
export interface ErrorTable {
  readonly rows: ReadonlyArray<ErrorRow>
  readonly issues: (
    messages: ReadonlyArray<string>,
    scope: FieldScope,
    row: ErrorRow,
  ) => FieldIssue[]
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
      source: 'status false is the authentication dialect (sources.md#valor-hosts-and-auth)',
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
      source:
        'a public client reads an `error` (not `errors`) key (sources.md#valor-envelopes-and-errors)',
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

// ---- the status table (status first)

/** The kinds a status can mean: a write whose fate it does not prove is `OutcomeUnknown`. */
export type AnswerKind = RowKind | 'OutcomeUnknown'

export interface StatusRow {
  readonly id: string
  /** The statuses it covers: a list, or a whole class. */
  readonly statuses: ReadonlyArray<number> | '1xx' | '2xx' | '3xx' | '4xx' | '5xx'
  /** The kind for a read (GET). */
  readonly read: AnswerKind
  /** The kind for a write: a 4xx proves it was refused; a 2xx, 3xx or 5xx without a verdict does not. */
  readonly write: AnswerKind
  /** Whether the status decides even when the body is a failure the error table knows. */
  readonly decides: boolean
  readonly summary: string
}

/**
 * What a status says on its own. Valor answers most failures with HTTP 400 (or 200) and says
 * what went wrong in the body, so 400, 422 and the other 4xx let a failure body decide; the
 * statuses with one meaning (401/403, 404/410, 405, 409, 429) decide whatever the body is, and
 * so do 1xx, 3xx and 5xx. A 2xx only reaches this table when its body gave no verdict. Rows are
 * tried in order; the last covers every status.
 */
const row = (
  id: string,
  statuses: StatusRow['statuses'],
  [read, write]: readonly [AnswerKind, AnswerKind],
  decides: boolean,
  summary: string,
): StatusRow => ({ id, statuses, read, write, decides, summary })

export const statusRows: ReadonlyArray<StatusRow> = [
  row('http-auth', [401, 403], ['Auth', 'Auth'], true, 'Valor refused the credentials'),
  row(
    'http-not-found',
    [404, 410],
    ['NotFound', 'NotFound'],
    true,
    'Valor found nothing at this path',
  ),
  row(
    'http-method',
    [405],
    ['UnexpectedResponse', 'UnexpectedResponse'],
    true,
    'Valor does not take this method at this path: check the route table (config `routes`)',
  ),
  row(
    'http-conflict',
    [409],
    ['Conflict', 'Conflict'],
    true,
    'Valor refused the request as a conflict',
  ),
  row('http-rate-limited', [429], ['RateLimited', 'RateLimited'], true, 'Valor rate limit reached'),
  row('http-client-error', '4xx', ['Validation', 'Validation'], false, 'Valor refused the request'),
  row(
    'http-success-unread',
    '2xx',
    ['UnexpectedResponse', 'OutcomeUnknown'],
    false,
    'Valor answered with a success status but a body that says nothing readable',
  ),
  row(
    'http-redirect',
    '3xx',
    ['UnexpectedResponse', 'OutcomeUnknown'],
    true,
    'Valor answered with a redirect, which is never followed and never a success',
  ),
  row(
    'http-server-error',
    '5xx',
    ['Unavailable', 'OutcomeUnknown'],
    true,
    'Valor answered with a server error',
  ),
  row(
    'http-other',
    '1xx',
    ['UnexpectedResponse', 'OutcomeUnknown'],
    true,
    'Valor answered with a status that is not a final answer',
  ),
]

const covers = (statuses: StatusRow['statuses'], status: number): boolean =>
  typeof statuses === 'string'
    ? String(status)[0] === statuses[0] && status < 600
    : statuses.includes(status)

/** The row for a status: the first that covers it, else the last (any other status). */
export const statusRowFor = (status: number): StatusRow =>
  statusRows.find((r) => covers(r.statuses, status)) ??
  (statusRows[statusRows.length - 1] as StatusRow)

// ---- field issues

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

const holds = (when: ErrorCondition, failure: Failure): boolean =>
  (when.dialect === undefined || when.dialect === failure.dialect) &&
  (when.code === undefined || (failure.code !== undefined && when.code.test(failure.code))) &&
  (when.message === undefined || failure.messages.some((m) => when.message?.test(m) === true))

/** The row that decides a failure body: the first that holds (the last row always does). */
export const rowFor = (failure: Failure, rows: ReadonlyArray<ErrorRow> = errorRows): ErrorRow =>
  rows.find((r) => holds(r.when, failure)) ?? (rows[rows.length - 1] as ErrorRow)

/** The vault's table: the rows above, field issues read from Valor's AJV-style messages. */
export const vaultErrorTable: ErrorTable = {
  rows: errorRows,
  issues: (messages, scope) => issuesOf(messages, scope),
}

/** The error of one kind, with its evidence; Validation gets issues, RateLimited its wait. */
const build = (
  kind: AnswerKind,
  ctx: ErrorContext,
  message: string,
  evidence: ErrorEvidence & { readonly gatewayMessages: ReadonlyArray<string> },
  res: HttpResponse,
  issues: () => FieldIssue[],
): VaultError => {
  if (kind === 'Validation')
    return vaultError('Validation', ctx, message, evidence, { issues: issues() })
  if (kind === 'RateLimited') {
    const retryAfterMs = parseRetryAfterMs(res.headers['retry-after'], Date.now())
    return vaultError(
      'RateLimited',
      ctx,
      message,
      evidence,
      retryAfterMs === undefined ? {} : { retryAfterMs },
    )
  }
  return vaultError(kind, ctx, message, evidence)
}

/** Status, redacted body and the answer's request id (where it had one), and the failure's words. */
const evidenceOf = (redactor: Redactor, res: HttpResponse, failure: Failure | undefined) => ({
  ...answerEvidence(redactor, res),
  ...(failure?.code === undefined ? {} : { gatewayCode: failure.code }),
  gatewayMessages: (failure?.messages ?? []).map((m) => redactor.text(m)),
})

/** A Valor failure body as a `VaultError` by the error table, with its evidence redacted. */
export const failureToError = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
  failure: Failure,
  scope: FieldScope,
  write = false,
  table: ErrorTable = vaultErrorTable,
): VaultError => {
  const row = rowFor(failure, table.rows)
  const evidence = evidenceOf(redactor, res, failure)
  const said = evidence.gatewayMessages.join('; ') || 'no message'
  // A server error on a write may come after the write was stored; only a 503 refused it.
  const kind: AnswerKind =
    write && row.kind === 'Unavailable' && failure.code !== '503' ? 'OutcomeUnknown' : row.kind
  const unknown =
    kind === 'OutcomeUnknown' ? '; the write may have happened: look before writing again' : ''
  return build(kind, ctx, `${row.summary} (Valor said: ${said})${unknown}`, evidence, res, () =>
    table.issues(
      evidence.gatewayMessages.length === 0 ? [row.summary] : evidence.gatewayMessages,
      scope,
      row,
    ),
  )
}

/** How an answer that is not a success was read: a failure body, or why the body says nothing. */
export interface Reading {
  /** A write (POST, PUT, DELETE): what the status proves about it decides the kind. */
  readonly write: boolean
  readonly scope: FieldScope
  readonly failure?: Failure
  /** Why the body gave no verdict (empty, HTML, not JSON, no status). */
  readonly why?: string
  /** The table a failure body is read by (default: the vault's). */
  readonly table?: ErrorTable
}

/**
 * Any answer that is not a success, status first: a status row that decides gives its kind
 * whatever the body says (the body's messages are kept as evidence; when the error table reads
 * the body as the same kind, its more precise summary is used); otherwise a failure body goes
 * to the error table, and a body with no verdict takes the status row's kind.
 */
export const answerError = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
  reading: Reading,
): VaultError => {
  const row = statusRowFor(res.status)
  const kind = reading.write ? row.write : row.read
  const { failure } = reading
  const table = reading.table ?? vaultErrorTable
  if (failure !== undefined && (!row.decides || rowFor(failure, table.rows).kind === kind)) {
    return failureToError(ctx, redactor, res, failure, reading.scope, reading.write, table)
  }
  const evidence = evidenceOf(redactor, res, failure)
  const said =
    evidence.gatewayMessages.length > 0
      ? `; Valor said: ${evidence.gatewayMessages.join('; ')}`
      : reading.why === undefined
        ? ''
        : `; ${reading.why}`
  const unknown =
    kind === 'OutcomeUnknown' ? '; the write may have happened: look before writing again' : ''
  return build(
    kind,
    ctx,
    `${row.summary} (HTTP ${res.status}${said})${unknown}`,
    evidence,
    res,
    () =>
      failure !== undefined && evidence.gatewayMessages.length > 0
        ? table.issues(evidence.gatewayMessages, reading.scope, rowFor(failure, table.rows))
        : [{ path: '(request)', message: `${row.summary} (HTTP ${res.status})` }],
  )
}
