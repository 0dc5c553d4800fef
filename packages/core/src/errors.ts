/**
 * Every failure is a `VaultError`: one discriminated union carrying both the canonical kind
 * (what the caller should do) and the raw evidence (what the gateway said, redacted).
 */

import { publishError } from './diagnostics'

// ---- model

/**
 * What a caller may do about a failure.
 * @category Errors
 */
export type RetryClass =
  /** Retrying the same request will fail the same way: fix the input, the id or the config. */
  | 'never'
  /** A transient failure: retry with backoff. */
  | 'backoff'
  /** Rate limited: retry after `retryAfterMs`. */
  | 'after-delay'
  /** A write may or may not have happened: look it up before writing again. */
  | 'reconcile'
  /** The write took effect (its id is in `writtenId`): never send it again; read it later. */
  | 'done'

/** @category Errors */
export interface FieldIssue {
  /** The canonical field path (`paymentMethod.number`) or the gateway's own (`body/email`). */
  readonly path: string
  readonly message: string
}

interface ErrorCommon {
  readonly message: string
  readonly gateway: string
  /** The port operation, e.g. `customers.create`. */
  readonly operation: string
  readonly retry: RetryClass
  readonly httpStatus?: number
  /** The gateway's own error code, where it sends one. */
  readonly gatewayCode?: string
  /** The gateway's own messages, redacted. */
  readonly gatewayMessages: ReadonlyArray<string>
  /** The raw response body, redacted and capped. */
  readonly rawBody?: string
  /**
   * The gateway's id for the exchange that failed (its `x-request-id` or `x-correlation-id`
   * answer header, say), where it sent one: what its support asks for.
   */
  readonly requestId?: string
}

/** @category Errors */
export interface ValidationError extends ErrorCommon {
  readonly kind: 'Validation'
  readonly issues: ReadonlyArray<FieldIssue>
}
/** @category Errors */
export interface NotFoundError extends ErrorCommon {
  readonly kind: 'NotFound'
}
/** @category Errors */
export interface AuthError extends ErrorCommon {
  readonly kind: 'Auth'
}
/** @category Errors */
export interface ConflictError extends ErrorCommon {
  readonly kind: 'Conflict'
}
/** @category Errors */
export interface UnsupportedError extends ErrorCommon {
  readonly kind: 'Unsupported'
}
/** @category Errors */
export interface RateLimitedError extends ErrorCommon {
  readonly kind: 'RateLimited'
  readonly retryAfterMs?: number
}
/** @category Errors */
export interface UnavailableError extends ErrorCommon {
  readonly kind: 'Unavailable'
}
/** @category Errors */
export interface OutcomeUnknownError extends ErrorCommon {
  readonly kind: 'OutcomeUnknown'
}
/** @category Errors */
export interface UnexpectedResponseError extends ErrorCommon {
  readonly kind: 'UnexpectedResponse'
}
/**
 * The gateway confirmed the write and named what it wrote, but its record could not be read
 * back (the read failed, or the answer could not be read whole). The write is done: sending it
 * again would make a second copy. `writtenId` is the new (or changed) object's id.
 * @category Errors
 */
export interface ConfirmedUnreadError extends ErrorCommon {
  readonly kind: 'ConfirmedUnread'
  readonly writtenId: string
  /** Why the record is missing: the kind of the failure that followed the write. */
  readonly readFailure: Exclude<VaultErrorKind, 'ConfirmedUnread'>
}

/** @category Errors */
export type VaultError =
  | ValidationError
  | NotFoundError
  | AuthError
  | ConflictError
  | UnsupportedError
  | RateLimitedError
  | UnavailableError
  | OutcomeUnknownError
  | UnexpectedResponseError
  | ConfirmedUnreadError

/** @category Errors */
export type VaultErrorKind = VaultError['kind']

/** @category Errors */
export const vaultErrorKinds: ReadonlyArray<VaultErrorKind> = [
  'Validation',
  'NotFound',
  'Auth',
  'Conflict',
  'Unsupported',
  'RateLimited',
  'Unavailable',
  'OutcomeUnknown',
  'UnexpectedResponse',
  'ConfirmedUnread',
]

/**
 * The retry class each kind carries unless the evidence says otherwise.
 * @category Errors
 */
export const defaultRetryClass: Readonly<Record<VaultErrorKind, RetryClass>> = {
  Validation: 'never',
  NotFound: 'never',
  Auth: 'never',
  Conflict: 'never',
  Unsupported: 'never',
  RateLimited: 'after-delay',
  Unavailable: 'backoff',
  OutcomeUnknown: 'reconcile',
  UnexpectedResponse: 'never',
  ConfirmedUnread: 'done',
}

// ---- constructors

/**
 * Where an error happened: the gateway and the port operation.
 * @category Errors
 */
export interface ErrorContext {
  readonly gateway: string
  readonly operation: string
}

/**
 * Evidence a gateway answer adds to an error.
 * @category Errors
 */
export interface ErrorEvidence {
  readonly httpStatus?: number
  readonly gatewayCode?: string
  readonly gatewayMessages?: ReadonlyArray<string>
  readonly rawBody?: string
  /** The gateway's request id (`HttpResponse.requestId`). */
  readonly requestId?: string
}

type Extra<K extends VaultErrorKind> = Omit<
  Extract<VaultError, { kind: K }>,
  keyof ErrorCommon | 'kind'
>

/**
 * Builds an error of one kind; `extra` holds the kind's own fields (issues, retryAfterMs).
 * @category Errors
 */
export const vaultError = <K extends VaultErrorKind>(
  kind: K,
  ctx: ErrorContext,
  message: string,
  evidence: ErrorEvidence = {},
  ...extra: keyof Extra<K> extends never ? [] : [Extra<K>]
): Extract<VaultError, { kind: K }> => {
  const base: Record<string, unknown> = {
    kind,
    message,
    gateway: ctx.gateway,
    operation: ctx.operation,
    retry: defaultRetryClass[kind],
    gatewayMessages: evidence.gatewayMessages ?? [],
  }
  if (evidence.httpStatus !== undefined) base['httpStatus'] = evidence.httpStatus
  if (evidence.gatewayCode !== undefined) base['gatewayCode'] = evidence.gatewayCode
  if (evidence.rawBody !== undefined) base['rawBody'] = evidence.rawBody
  if (evidence.requestId !== undefined) base['requestId'] = evidence.requestId
  const error = { ...base, ...(extra[0] ?? {}) } as Extract<VaultError, { kind: K }>
  publishError(error)
  return error
}

/** @category Errors */
export const validationError = (
  ctx: ErrorContext,
  issues: ReadonlyArray<FieldIssue>,
  evidence: ErrorEvidence = {},
): ValidationError =>
  vaultError(
    'Validation',
    ctx,
    `invalid ${ctx.operation} request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    evidence,
    { issues },
  )

/** @category Errors */
export const unsupported = (ctx: ErrorContext, why?: string): UnsupportedError =>
  vaultError(
    'Unsupported',
    ctx,
    `${ctx.gateway} does not support ${ctx.operation}${why === undefined ? '' : `: ${why}`}`,
  )

/** @category Errors */
export const notFound = (
  ctx: ErrorContext,
  what: string,
  evidence?: ErrorEvidence,
): NotFoundError => vaultError('NotFound', ctx, `${what} not found`, evidence)

/** @category Errors */
export const unexpectedResponse = (
  ctx: ErrorContext,
  message: string,
  evidence?: ErrorEvidence,
): UnexpectedResponseError => vaultError('UnexpectedResponse', ctx, message, evidence)

/**
 * A write the gateway confirmed (naming `writtenId`) whose record could not then be read: the
 * caller keeps the id and is told not to write again. An error that is already one passes.
 * @category Errors
 */
export const confirmedUnread = (
  ctx: ErrorContext,
  writtenId: string,
  cause: VaultError,
): ConfirmedUnreadError =>
  cause.kind === 'ConfirmedUnread'
    ? cause
    : vaultError(
        'ConfirmedUnread',
        ctx,
        `${ctx.gateway} confirmed ${ctx.operation} (id ${writtenId}), but its record could not be read back: ${cause.message}`,
        {
          ...(cause.httpStatus === undefined ? {} : { httpStatus: cause.httpStatus }),
          ...(cause.gatewayCode === undefined ? {} : { gatewayCode: cause.gatewayCode }),
          gatewayMessages: cause.gatewayMessages,
          ...(cause.rawBody === undefined ? {} : { rawBody: cause.rawBody }),
          ...(cause.requestId === undefined ? {} : { requestId: cause.requestId }),
        },
        { writtenId, readFailure: cause.kind },
      )

// ---- guards

/** @category Errors */
export const isVaultError = (u: unknown): u is VaultError =>
  typeof u === 'object' &&
  u !== null &&
  typeof (u as { kind?: unknown }).kind === 'string' &&
  (vaultErrorKinds as ReadonlyArray<string>).includes((u as { kind: string }).kind) &&
  typeof (u as { gateway?: unknown }).gateway === 'string'

/** @category Errors */
export const isKind =
  <K extends VaultErrorKind>(kind: K) =>
  (e: VaultError): e is Extract<VaultError, { kind: K }> =>
    e.kind === kind

/**
 * One line for logs and CLI output; carries nothing the error itself does not. E.g.
 * `Unavailable (fluidpay customers.get HTTP 503 [E42], request id 9f8e): fluidpay answered HTTP 503`.
 * @category Errors
 */
export const formatVaultError = (e: VaultError): string => {
  const status = e.httpStatus === undefined ? '' : ` HTTP ${e.httpStatus}`
  const code = e.gatewayCode === undefined ? '' : ` [${e.gatewayCode}]`
  const id = e.requestId === undefined ? '' : `, request id ${e.requestId}`
  return `${e.kind} (${e.gateway} ${e.operation}${status}${code}${id}): ${e.message}`
}
