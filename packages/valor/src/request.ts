/**
 * One Valor request and the reading of its answer, status first. Every request goes through
 * core's HTTP client; every id is checked and encoded as one path segment before a path is built
 * (`fillPath`); every request of an operation names the operation's sensitive values
 * (`secrets`: card and account numbers, tokens), so core scrubs them from that request's
 * transcript and from its answer's redactor, and every error built from an answer goes through
 * that redactor: a gateway that echoes what it was sent, or what an earlier request of the same
 * operation sent, leaks nothing. The subscription API (its own client, credentials in the body)
 * is read the same way, by its own envelope and error table.
 *
 * - A read (GET) succeeds only on a 2xx whose body is a success envelope its codec decodes.
 * - A write (POST, PUT, DELETE) is confirmed by a 2xx whose body is a success envelope or names
 *   the id it wrote; refused by a failure body or a 4xx; and unknown (`OutcomeUnknown`) after
 *   anything else: a 2xx that says nothing readable, a 3xx, a 5xx core did not already classify.
 * - Any other answer is an error by the status table, then the error table (`errors.ts`).
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import type * as t from 'io-ts'
import {
  answerEvidence,
  confirmedUnread,
  decodeJson,
  lazyRedactor,
  pathSegmentProblem,
  sensitiveValuesOf,
  unexpectedResponse,
  validationError,
  vaultError,
  type ErrorContext,
  type FieldIssue,
  type HttpResponse,
  type QueryValue,
  type Redactor,
  type VaultError,
} from '@vaultport/core'
import type { SubscriptionEnv, ValorEnv } from './env'
import {
  answerError,
  failureToError,
  fieldScopes,
  statusRowFor,
  vaultErrorTable,
  type ErrorTable,
  type Failure,
  type FieldScope,
} from './errors'
import { fillPath, type PathParams, type RouteName, type SubscriptionRouteName } from './routes'
import { subscriptionErrorTable } from './subscriptionErrors'
import {
  readEnvelope,
  readSubscriptionEnvelope,
  writtenIdIn,
  type EnvelopeVerdict,
  type WrittenIdKeys,
} from './wire'

export type Task<A> = TE.TaskEither<VaultError, A>

export interface ValorRequest {
  readonly op: string
  readonly route: RouteName
  readonly params?: PathParams
  readonly json?: unknown
  readonly query?: Readonly<Record<string, QueryValue>>
  readonly scope?: FieldScope
  /**
   * The operation's sensitive values (card and account numbers, tokens), sent as core's
   * per-request `secrets` on every request of the operation: a later request does not send
   * them, but its answer (and so its transcript or error) may still name them.
   */
  readonly secrets?: ReadonlyArray<string>
}

/** A failure body the error table reads, the answer it came in and that answer's redactor. */
export interface Refusal {
  readonly failure: Failure
  readonly res: HttpResponse
  readonly redactor: Redactor
  /** The table that reads it (default: the vault's). */
  readonly table?: ErrorTable
}

/** A confirmed write: its answer's body, and the id that answer names when it names one. */
export interface Confirmed {
  readonly body: unknown
  readonly id?: string
}

// ---- sending

const isWrite = (env: ValorEnv, req: ValorRequest): boolean =>
  env.routes[req.route].method !== 'GET'

const send = (env: ValorEnv, req: ValorRequest): Task<HttpResponse> => {
  const route = env.routes[req.route]
  const path = fillPath(route, req.params ?? {})
  if (E.isLeft(path)) return TE.left(validationError(env.ctxOf(req.op), [path.left]))
  return env.http.send({
    operation: req.op,
    method: route.method,
    path: path.right,
    ...(req.query === undefined ? {} : { query: req.query }),
    ...(req.json === undefined ? {} : { json: req.json }),
    ...(req.secrets === undefined || req.secrets.length === 0 ? {} : { secrets: req.secrets }),
    idempotent: route.method !== 'POST',
  })
}

/**
 * This answer's redactor: core's, which knows the credentials, what the request sent and the
 * operation's `secrets` (sent with every request of the operation); the client's otherwise.
 */
const redactorOf = (client: ValorEnv['http'], res: HttpResponse): Redactor =>
  res.redactor ?? lazyRedactor(() => client.redactor())

// ---- reading an answer

const BLANK = /^\s*$/

/** The parsed body, or why there is none to read. */
const parseBody = (res: HttpResponse): { readonly json: unknown } | { readonly why: string } => {
  if (BLANK.test(res.body)) return { why: 'the body is empty' }
  if (/text\/html/i.test(res.headers['content-type'] ?? '') || /^\s*</.test(res.body)) {
    return { why: 'the body is an HTML page' }
  }
  try {
    return { json: JSON.parse(res.body) as unknown }
  } catch {
    return { why: 'the body is not JSON, or was cut short' }
  }
}

/** Digits only: how a number compares however it was grouped. */
const digitsOf = (s: string): string => s.replace(/\D/g, '')

/** The id an answer names, unless it is one of the request's own sensitive values echoed. */
const confirmedOf = (
  sent: ReadonlyArray<string>,
  body: unknown,
  idKeys: WrittenIdKeys,
): Confirmed => {
  const id = writtenIdIn(body, idKeys)
  return id === undefined || sent.map(digitsOf).includes(id) ? { body } : { body, id }
}

/** What a request sent that an id in its answer must not be. */
const sentValues = (req: ValorRequest): ReadonlyArray<string> => [
  ...(req.secrets ?? []),
  ...sensitiveValuesOf(req.json),
]

/** How one answer is judged: its context, its redactor, its request's kind, its dialect. */
interface Judging {
  readonly ctx: ErrorContext
  readonly redactor: Redactor
  readonly write: boolean
  readonly scope: FieldScope
  readonly verdict: (json: unknown) => E.Either<string, EnvelopeVerdict>
  readonly table: ErrorTable
  readonly sent: ReadonlyArray<string>
}

/**
 * Status first, body second. Right(Right(body)) for a success; Right(Left(refusal)) for a
 * failure body the error table decides; Left for every other answer (`answerError`). A write
 * given `idKeys` also counts as confirmed when a 2xx body without a verdict names its id.
 */
const judge = (
  j: Judging,
  res: HttpResponse,
  idKeys?: WrittenIdKeys,
): E.Either<VaultError, E.Either<Refusal, unknown>> => {
  const success = res.status >= 200 && res.status < 300
  const body = parseBody(res)
  const verdict = 'json' in body ? j.verdict(body.json) : E.left(body.why)
  const fail = (failure?: Failure, why?: string) =>
    E.left(
      answerError(j.ctx, j.redactor, res, {
        write: j.write,
        scope: j.scope,
        table: j.table,
        ...(failure === undefined ? {} : { failure }),
        ...(why === undefined ? {} : { why }),
      }),
    )
  if (E.isRight(verdict)) {
    const v = verdict.right
    if (v.ok) return success ? E.right(E.right(v.body)) : fail()
    return statusRowFor(res.status).decides
      ? fail(v)
      : E.right(E.left({ failure: v, res, redactor: j.redactor, table: j.table }))
  }
  if (success && j.write && idKeys !== undefined && 'json' in body) {
    if (confirmedOf(j.sent, body.json, idKeys).id !== undefined) return E.right(E.right(body.json))
  }
  return fail(undefined, verdict.left)
}

const vaultJudging = (env: ValorEnv, req: ValorRequest, res: HttpResponse): Judging => ({
  ctx: env.ctxOf(req.op),
  redactor: redactorOf(env.http, res),
  write: isWrite(env, req),
  scope: req.scope ?? fieldScopes.customer,
  verdict: readEnvelope,
  table: vaultErrorTable,
  sent: sentValues(req),
})

const readAnswer = (
  env: ValorEnv,
  req: ValorRequest,
  res: HttpResponse,
  idKeys?: WrittenIdKeys,
): E.Either<VaultError, E.Either<Refusal, unknown>> =>
  judge(vaultJudging(env, req, res), res, idKeys)

export const refusalToError = (env: ValorEnv, req: ValorRequest, r: Refusal): VaultError =>
  failureToError(
    env.ctxOf(req.op),
    r.redactor,
    r.res,
    r.failure,
    req.scope ?? fieldScopes.customer,
    isWrite(env, req),
    r.table,
  )

// ---- reads

/**
 * A read: the success body decoded by `codec`, then translated; a record the translation
 * cannot read is UnexpectedResponse (its reason redacted like any evidence).
 */
export const read = <A, B = A>(
  env: ValorEnv,
  req: ValorRequest,
  codec: t.Type<A, unknown, unknown>,
  translate: (a: A) => E.Either<string, B> = asItIs,
): Task<B> => {
  // Plain steps rather than fp-ts combinators: every read of every operation runs through here,
  // and each combinator copies its arguments on every call.
  const sending = send(env, req)
  return async () => {
    const sent = await sending()
    return E.isLeft(sent) ? sent : readRecord(env, req, codec, translate, sent.right)
  }
}

const asItIs = <A, B>(a: A): E.Either<string, B> => E.right(a as unknown as B)

/** A read's answer: judged, decoded by `codec`, then translated. */
const readRecord = <A, B>(
  env: ValorEnv,
  req: ValorRequest,
  codec: t.Type<A, unknown, unknown>,
  translate: (a: A) => E.Either<string, B>,
  res: HttpResponse,
): E.Either<VaultError, B> => {
  const judged = readAnswer(env, req, res)
  if (E.isLeft(judged)) return judged
  if (E.isLeft(judged.right)) return E.left(refusalToError(env, req, judged.right.left))
  const ctx = env.ctxOf(req.op)
  const redactor = redactorOf(env.http, res)
  const decoded = decodeJson(codec, ctx, redactor, res)(judged.right.right)
  if (E.isLeft(decoded)) return decoded
  const record = translate(decoded.right)
  return E.isRight(record)
    ? record
    : E.left(
        unexpectedResponse(
          ctx,
          `Valor answered an unreadable record: ${redactor.text(record.left)}`,
          answerEvidence(redactor, res),
        ),
      )
}

// ---- writes

/** A write: Right(Right(confirmed)), Right(Left(refusal)) for a failure body, Left otherwise. */
export const attemptWrite = (
  env: ValorEnv,
  req: ValorRequest,
  idKeys: WrittenIdKeys,
): Task<E.Either<Refusal, Confirmed>> => {
  const sending = send(env, req)
  return async () => {
    const sent = await sending()
    if (E.isLeft(sent)) return sent
    const judged = readAnswer(env, req, sent.right, idKeys)
    if (E.isLeft(judged)) return judged
    if (E.isLeft(judged.right)) return E.right(judged.right)
    return E.right(E.right(confirmedOf(sentValues(req), judged.right.right, idKeys)))
  }
}

/** A write, its refusal as the VaultError it stands for. */
export const write = (env: ValorEnv, req: ValorRequest, idKeys: WrittenIdKeys): Task<Confirmed> =>
  pipe(
    attemptWrite(env, req, idKeys),
    TE.chainEitherK(E.mapLeft((r) => refusalToError(env, req, r))),
  )

/** The id a confirmed create must name: one that names none took effect unnamed (OutcomeUnknown). */
export const createdId =
  (env: ValorEnv, op: string, what: string) =>
  (c: Confirmed): E.Either<VaultError, string> =>
    c.id !== undefined
      ? E.right(c.id)
      : E.left(
          vaultError(
            'OutcomeUnknown',
            env.ctxOf(op),
            `Valor confirmed the new ${what} but its answer names no id: it was stored, but ` +
              `cannot be named; look it up before creating it again`,
          ),
        )

/**
 * What follows a write Valor confirmed for `id`: any failure of it (the read-back, a later step)
 * hands the id back as ConfirmedUnread (retry class `done`), never as a retryable kind.
 */
export const afterWrite = <A>(env: ValorEnv, op: string, id: string, next: Task<A>): Task<A> =>
  pipe(
    next,
    TE.mapLeft((e) => confirmedUnread(env.ctxOf(op), id, e)),
  )

/**
 * Writes in order, then `then`: once a step is confirmed, a failure of any later step or of
 * `then` hands `writtenId` back (ConfirmedUnread). With no steps, `then` alone.
 */
export const inOrder = <A>(
  env: ValorEnv,
  op: string,
  writtenId: string,
  steps: ReadonlyArray<Task<unknown>>,
  then: Task<A>,
): Task<A> => {
  const [first, ...rest] = steps
  return first === undefined
    ? then
    : pipe(
        first,
        TE.chain(() => afterWrite(env, op, writtenId, inOrder(env, op, writtenId, rest, then))),
      )
}

// ---- checks before any request

/**
 * The operation's ids, checked before anything is sent: one that could leave its path segment
 * (empty, `.`, `..`, `/`, `\`, control characters; or not a string) is a Validation error.
 */
export const idProblem = (
  env: ValorEnv,
  op: string,
  ids: ReadonlyArray<readonly [field: string, id: unknown]>,
): VaultError | undefined => {
  const issues: FieldIssue[] = ids.flatMap(([path, id]) => {
    const problem = typeof id === 'string' ? pathSegmentProblem(id) : 'must be a string'
    return problem === undefined ? [] : [{ path, message: problem }]
  })
  return issues.length === 0 ? undefined : validationError(env.ctxOf(op), issues)
}

/** Answers Validation before any request when the input has issues Valor would refuse. */
export const rejectIfIssues = <A>(
  env: ValorEnv,
  op: string,
  issues: ReadonlyArray<FieldIssue>,
  next: () => Task<A>,
): Task<A> => (issues.length > 0 ? TE.left(validationError(env.ctxOf(op), issues)) : next())

// ---- the subscription API (its own client; credentials and `txn_type` in every body)

export interface SubscriptionRequest {
  readonly op: string
  readonly route: SubscriptionRouteName
  /** The call's own fields; the credentials and the `txn_type` are added. */
  readonly fields: Readonly<Record<string, unknown>>
}

/** The subscription API, or Unsupported when the vault has no EPI. */
export const subscriptionsOf = (
  env: ValorEnv,
  op: string,
): E.Either<VaultError, SubscriptionEnv> =>
  env.subscriptions === undefined
    ? E.left(vaultError('Unsupported', env.ctxOf(op), 'Valor subscriptions need an epi'))
    : E.right(env.subscriptions)

const sendSubscription = (s: SubscriptionEnv, req: SubscriptionRequest): Task<HttpResponse> => {
  const route = s.routes[req.route]
  return s.http.send({
    operation: req.op,
    method: 'POST',
    path: route.path,
    json: {
      [s.keys.appId]: s.appId,
      [s.keys.appKey]: s.appKey,
      [s.keys.epi]: s.epi,
      [s.keys.txnType]: route.txnType,
      ...req.fields,
    },
    // An add is never sent twice; every other call sets a state, and the list only reads.
    idempotent: req.route !== 'add',
  })
}

const subscriptionJudging = (
  env: ValorEnv,
  s: SubscriptionEnv,
  req: SubscriptionRequest,
  res: HttpResponse,
): Judging => ({
  ctx: env.ctxOf(req.op),
  redactor: redactorOf(s.http, res),
  write: req.route !== 'list',
  scope: fieldScopes.customer,
  verdict: readSubscriptionEnvelope,
  table: subscriptionErrorTable,
  sent: [],
})

/** A subscription call: confirmed (naming the id under `idKeys`), or the error it stands for. */
export const subscriptionWrite = (
  env: ValorEnv,
  s: SubscriptionEnv,
  req: SubscriptionRequest,
  idKeys?: WrittenIdKeys,
): Task<Confirmed> =>
  pipe(
    sendSubscription(s, req),
    TE.chainEitherK((res) => {
      const j = subscriptionJudging(env, s, req, res)
      return pipe(
        judge(j, res, idKeys),
        E.chain(
          E.foldW(
            (r): E.Either<VaultError, Confirmed> =>
              E.left(failureToError(j.ctx, r.redactor, res, r.failure, j.scope, j.write, j.table)),
            (body) => E.right(idKeys === undefined ? { body } : confirmedOf([], body, idKeys)),
          ),
        ),
      )
    }),
  )

/** The list call (VR6): its success body, or the error its answer stands for. */
export const subscriptionList = (
  env: ValorEnv,
  s: SubscriptionEnv,
  req: Omit<SubscriptionRequest, 'route'>,
): Task<unknown> =>
  pipe(
    subscriptionWrite(env, s, { ...req, route: 'list' }),
    TE.map((c) => c.body),
  )
