/**
 * One Valor request and the reading of its answer, status first. Every request goes through
 * core's HTTP client; every id is checked and encoded as one path segment before a path is built
 * (`fillPath`); every error built from an answer goes through that answer's redactor (which knows
 * the credentials and the request's own numbers and tokens), widened by the operation's own
 * sensitive values (`secrets`), so a gateway that echoes what it was sent leaks nothing.
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
  confirmedUnread,
  decodeJson,
  lazyRedactor,
  pathSegmentProblem,
  rawBodyEvidence,
  sensitiveValuesOf,
  unexpectedResponse,
  validationError,
  vaultError,
  type FieldIssue,
  type HttpResponse,
  type QueryValue,
  type Redactor,
  type VaultError,
} from '@vaultport/core'
import type { ValorEnv } from './env'
import {
  answerError,
  failureToError,
  fieldScopes,
  statusRowFor,
  type Failure,
  type FieldScope,
} from './errors'
import { fillPath, type PathParams, type RouteName } from './routes'
import { readEnvelope, writtenIdIn, type WrittenIdKeys } from './wire'

export type Task<A> = TE.TaskEither<VaultError, A>

export interface ValorRequest {
  readonly op: string
  readonly route: RouteName
  readonly params?: PathParams
  readonly json?: unknown
  readonly query?: Readonly<Record<string, QueryValue>>
  readonly scope?: FieldScope
  /**
   * The operation's sensitive values (card and account numbers, tokens), scrubbed from every
   * error of this request too: a later request of the operation does not send them, but its
   * answer may still name them.
   */
  readonly secrets?: ReadonlyArray<string>
}

/** A failure body the error table reads, the answer it came in and that answer's redactor. */
export interface Refusal {
  readonly failure: Failure
  readonly res: HttpResponse
  readonly redactor: Redactor
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
    idempotent: route.method !== 'POST',
  })
}

/** This answer's redactor (core sets it; the client's otherwise), with the operation's secrets. */
const answerRedactor = (env: ValorEnv, req: ValorRequest, res: HttpResponse): Redactor =>
  lazyRedactor(() => {
    const base = res.redactor ?? env.http.redactor()
    return req.secrets === undefined || req.secrets.length === 0
      ? base
      : base.withSecrets(req.secrets)
  })

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
const confirmedOf = (req: ValorRequest, body: unknown, idKeys: WrittenIdKeys): Confirmed => {
  const id = writtenIdIn(body, idKeys)
  const sensitive = [...(req.secrets ?? []), ...sensitiveValuesOf(req.json)].map(digitsOf)
  return id === undefined || sensitive.includes(id) ? { body } : { body, id }
}

/**
 * Status first, body second. Right(Right(body)) for a success; Right(Left(refusal)) for a
 * failure body the error table decides; Left for every other answer (`answerError`). A write
 * given `idKeys` also counts as confirmed when a 2xx body without a verdict names its id.
 */
const readAnswer = (
  env: ValorEnv,
  req: ValorRequest,
  res: HttpResponse,
  idKeys?: WrittenIdKeys,
): E.Either<VaultError, E.Either<Refusal, unknown>> => {
  const redactor = answerRedactor(env, req, res)
  const write = isWrite(env, req)
  const scope = req.scope ?? fieldScopes.customer
  const success = res.status >= 200 && res.status < 300
  const body = parseBody(res)
  const verdict = 'json' in body ? readEnvelope(body.json) : E.left(body.why)
  const fail = (failure?: Failure, why?: string) =>
    E.left(
      answerError(env.ctxOf(req.op), redactor, res, {
        write,
        scope,
        ...(failure === undefined ? {} : { failure }),
        ...(why === undefined ? {} : { why }),
      }),
    )
  if (E.isRight(verdict)) {
    const v = verdict.right
    if (v.ok) return success ? E.right(E.right(v.body)) : fail()
    return statusRowFor(res.status).decides
      ? fail(v)
      : E.right(E.left({ failure: v, res, redactor }))
  }
  if (success && write && idKeys !== undefined && 'json' in body) {
    if (confirmedOf(req, body.json, idKeys).id !== undefined) return E.right(E.right(body.json))
  }
  return fail(undefined, verdict.left)
}

export const refusalToError = (env: ValorEnv, req: ValorRequest, r: Refusal): VaultError =>
  failureToError(
    env.ctxOf(req.op),
    r.redactor,
    r.res,
    r.failure,
    req.scope ?? fieldScopes.customer,
    isWrite(env, req),
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
  translate: (a: A) => E.Either<string, B> = (a) => E.right(a as unknown as B),
): Task<B> =>
  pipe(
    send(env, req),
    TE.chainEitherK((res): E.Either<VaultError, B> => {
      const ctx = env.ctxOf(req.op)
      const redactor = answerRedactor(env, req, res)
      return pipe(
        readAnswer(env, req, res),
        E.chain(E.mapLeft((r) => refusalToError(env, req, r))),
        E.chain(decodeJson(codec, ctx, redactor, res)),
        E.chain((a) =>
          pipe(
            translate(a),
            E.mapLeft((why): VaultError =>
              unexpectedResponse(
                ctx,
                `Valor answered an unreadable record: ${redactor.text(why)}`,
                {
                  httpStatus: res.status,
                  rawBody: rawBodyEvidence(redactor, res.body),
                },
              ),
            ),
          ),
        ),
      )
    }),
  )

// ---- writes

/** A write: Right(Right(confirmed)), Right(Left(refusal)) for a failure body, Left otherwise. */
export const attemptWrite = (
  env: ValorEnv,
  req: ValorRequest,
  idKeys: WrittenIdKeys,
): Task<E.Either<Refusal, Confirmed>> =>
  pipe(
    send(env, req),
    TE.chainEitherK((res): E.Either<VaultError, E.Either<Refusal, Confirmed>> =>
      pipe(
        readAnswer(env, req, res, idKeys),
        E.map(E.map((body) => confirmedOf(req, body, idKeys))),
      ),
    ),
  )

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
