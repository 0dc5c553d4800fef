/**
 * FluidPay's failures → `VaultError`. FluidPay answers a failure as `{status: "failed", msg}`
 * with an HTTP error status; the message is a prefixed sentence such as
 * "bad request error: invalid Postal Code", and the prefix is kept as the gateway's own code.
 * There is no structured field list, so field issues are read from the message by a second
 * table. A 200 whose body says "failed" is a failure too, never a success.
 *
 * Status first, body second: a status that says what happened (401, 403, 404, 409, 429, 5xx)
 * decides the kind whatever the body is (JSON, plain text, an HTML page from a proxy, nothing);
 * the message only refines the statuses that do not (400, 422, other 4xx, a 2xx that says
 * "failed").
 *
 * Both tables are data; the tests walk every row.
 */
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

// ---- model

/** Which HTTP statuses a row applies to. */
export type StatusMatch = number | { readonly from: number; readonly to: number } | 'any'

export interface ErrorRow {
  /** A short name for tests and docs. */
  readonly name: string
  readonly status: StatusMatch
  /** Tested against the gateway's `msg`; absent = any message. */
  readonly message?: RegExp
  readonly kind: Exclude<VaultErrorKind, 'OutcomeUnknown' | 'Unsupported' | 'ConfirmedUnread'>
  /** What the canonical message says before the gateway's own words. */
  readonly summary: string
}

// ---- the error table (first matching row wins)

export const errorTable: ReadonlyArray<ErrorRow> = [
  // Statuses that say what happened, whatever the body.
  { name: 'HTTP 401', status: 401, kind: 'Auth', summary: 'the API key was refused' },
  { name: 'HTTP 403', status: 403, kind: 'Auth', summary: 'the API key may not do this' },
  { name: 'HTTP 404', status: 404, kind: 'NotFound', summary: 'not found' },
  { name: 'HTTP 409', status: 409, kind: 'Conflict', summary: 'conflict' },
  { name: 'HTTP 429', status: 429, kind: 'RateLimited', summary: 'rate limit reached' },
  {
    name: 'HTTP 5xx',
    status: { from: 500, to: 599 },
    kind: 'Unavailable',
    summary: 'the gateway failed',
  },
  // The message refines a status that does not.
  {
    name: 'duplicate address',
    status: 'any',
    message: /duplicate address|would create a duplicate/i,
    kind: 'Conflict',
    summary: 'an identical address is already stored',
  },
  {
    name: 'duplicate id',
    status: 'any',
    message: /already exists?|duplicate|already in use|already taken/i,
    kind: 'Conflict',
    summary: 'the record already exists',
  },
  {
    name: 'not found prefix',
    status: 'any',
    message: /^\s*not found( error)?\b/i,
    kind: 'NotFound',
    summary: 'not found',
  },
  {
    name: 'unauthorized prefix',
    status: 'any',
    message: /^\s*(unauthori[sz]ed|forbidden|authentication|invalid api key)/i,
    kind: 'Auth',
    summary: 'the API key was refused',
  },
  { name: 'HTTP 400', status: 400, kind: 'Validation', summary: 'the request was refused' },
  { name: 'HTTP 422', status: 422, kind: 'Validation', summary: 'the request was refused' },
  {
    name: 'other HTTP 4xx',
    status: { from: 400, to: 499 },
    kind: 'Validation',
    summary: 'the request was refused',
  },
  // A success status whose body says "failed": only the message can say why.
  {
    name: 'bad request prefix',
    status: 'any',
    message: /^\s*(bad request|validation|invalid)/i,
    kind: 'Validation',
    summary: 'the request was refused',
  },
  {
    name: 'server error prefix',
    status: 'any',
    message: /^\s*(internal|server|service unavailable|unavailable)/i,
    kind: 'Unavailable',
    summary: 'the gateway failed',
  },
  {
    name: 'anything else',
    status: 'any',
    kind: 'UnexpectedResponse',
    summary: 'an unrecognised failure',
  },
]

// ---- the field table: message fragments → canonical paths

export interface FieldRow {
  readonly message: RegExp
  readonly path: string
}

export const fieldTable: ReadonlyArray<FieldRow> = [
  { message: /postal|zip/i, path: 'postalCode' },
  { message: /e-?mail/i, path: 'email' },
  { message: /phone/i, path: 'phone' },
  { message: /\bfax\b/i, path: 'fax' },
  { message: /country/i, path: 'country' },
  { message: /\bstate\b/i, path: 'region' },
  { message: /\bcity\b/i, path: 'city' },
  { message: /line.?1|street|address line/i, path: 'line1' },
  { message: /first.?name|last.?name/i, path: 'name' },
  { message: /company/i, path: 'company' },
  { message: /expir/i, path: 'expiry' },
  { message: /card( number)?|\bpan\b/i, path: 'number' },
  { message: /routing/i, path: 'routingNumber' },
  { message: /account.?type/i, path: 'accountType' },
  { message: /sec.?code/i, path: 'secCode' },
  { message: /account( number)?/i, path: 'accountNumber' },
  { message: /description/i, path: 'description' },
  { message: /notes?\b/i, path: 'notes' },
  { message: /flag/i, path: 'gatewayData.flags' },
  { message: /\btoken\b/i, path: 'token' },
  { message: /\bid\b|identifier/i, path: 'reference' },
  { message: /limit|offset/i, path: 'pageSize' },
]

// ---- utils

const statusMatches = (m: StatusMatch, status: number): boolean =>
  m === 'any' ? true : typeof m === 'number' ? m === status : status >= m.from && status <= m.to

/** The first row that fits an answer; the table's last row fits everything. */
export const matchErrorRow = (status: number, msg: string): ErrorRow =>
  errorTable.find(
    (row) =>
      statusMatches(row.status, status) && (row.message === undefined || row.message.test(msg)),
  ) ?? (errorTable[errorTable.length - 1] as ErrorRow)

/**
 * The gateway's own code: the prefix before the first colon ("bad request error"), or a short
 * message that is one phrase ("unauthorized"). Lower case.
 */
export const gatewayCodeOf = (msg: string): string | undefined => {
  const prefix = /^\s*([A-Za-z][A-Za-z _-]{0,40}?)\s*:/.exec(msg)?.[1]
  if (prefix !== undefined) return prefix.toLowerCase()
  const phrase = msg.trim()
  return /^[A-Za-z][A-Za-z _-]{0,40}$/.test(phrase) ? phrase.toLowerCase() : undefined
}

/** The detail after the prefix: "invalid Postal Code". */
const detailOf = (msg: string): string => msg.replace(/^\s*[A-Za-z][A-Za-z _-]{0,40}?\s*:\s*/, '')

/** Field issues read from a message; one general issue when no fragment is recognised. */
export const issuesFromMessage = (msg: string): ReadonlyArray<FieldIssue> => {
  const detail = detailOf(msg)
  const row = fieldTable.find((r) => r.message.test(detail))
  return [{ path: row?.path ?? '(request)', message: detail === '' ? 'refused' : detail }]
}

/**
 * The message of a failure body that is not FluidPay's envelope: a short plain-text body, or a
 * `msg`, `message` or `error` string in other JSON. Nothing from an HTML page.
 */
export const plainMessageOf = (res: HttpResponse, parsed: unknown): string => {
  if (parsed !== undefined) {
    if (typeof parsed === 'string') return short(parsed)
    if (typeof parsed !== 'object' || parsed === null) return ''
    const o = parsed as Record<string, unknown>
    const m = [o['msg'], o['message'], o['error']].find((x) => typeof x === 'string')
    return typeof m === 'string' ? short(m) : ''
  }
  if (/text\/html/i.test(res.headers['content-type'] ?? '') || /^\s*</.test(res.body)) return ''
  return short(res.body)
}

const short = (s: string): string => (s.length > 300 ? '' : s.trim())

// ---- constructor

export interface FailureEvidence {
  readonly status: number
  /** The envelope's `msg` (or a plain-text body's words), unredacted (it is redacted here). */
  readonly msg: string
  readonly res: HttpResponse
  /**
   * The words are not FluidPay's own (a plain-text body, someone else's JSON): they are kept as
   * evidence, but only the status places the failure.
   */
  readonly foreign?: boolean
}

/** A FluidPay failure as a `VaultError`, every string redacted. */
export const fluidpayError = (
  ctx: ErrorContext,
  redactor: Redactor,
  { status, msg, res, foreign = false }: FailureEvidence,
): VaultError => {
  const clean = redactor.text(msg)
  const row = matchErrorRow(status, foreign ? '' : msg)
  const code = gatewayCodeOf(clean)
  // FluidPay's `x-correlation-id` arrives as `res.requestId` (core's client reads it) and is
  // kept as the error's `requestId`, for its support.
  const evidence = {
    ...answerEvidence(redactor, res),
    httpStatus: status,
    gatewayMessages: clean === '' ? [] : [clean],
    ...(code === undefined ? {} : { gatewayCode: code }),
  }
  const message = `FluidPay ${ctx.operation}: ${row.summary} (HTTP ${status})${
    clean === '' ? '' : ` (${clean})`
  }`
  switch (row.kind) {
    case 'Validation': {
      const issues = issuesFromMessage(clean)
      return vaultError('Validation', ctx, message, evidence, { issues })
    }
    case 'RateLimited': {
      const retryAfterMs = parseRetryAfterMs(res.headers['retry-after'], Date.now())
      return vaultError(
        'RateLimited',
        ctx,
        message,
        evidence,
        retryAfterMs === undefined ? {} : { retryAfterMs },
      )
    }
    default:
      return vaultError(row.kind, ctx, message, evidence)
  }
}
