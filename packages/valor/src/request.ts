/**
 * One Valor request and the reading of its answer. Every request goes through core's HTTP client
 * and every answer through one envelope decoder (`readEnvelope`): success is decided by the body,
 * never by the HTTP status alone. Nothing here knows about a port.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import * as t from 'io-ts'
import {
  decodeJson,
  parseJson,
  unexpectedResponse,
  validationError,
  type ErrorContext,
  type FieldIssue,
  type HttpResponse,
  type QueryValue,
  type VaultError,
} from '@vaultport/core'
import type { ValorEnv } from './env'
import { failureToError, fieldScopes, type Failure, type FieldScope } from './errors'
import { fillPath, type PathParams, type RouteName } from './routes'
import { readEnvelope } from './wire'

export type Task<A> = TE.TaskEither<VaultError, A>

export interface ValorRequest {
  readonly op: string
  readonly route: RouteName
  readonly params?: PathParams
  readonly json?: unknown
  readonly query?: Readonly<Record<string, QueryValue>>
  readonly scope?: FieldScope
}

/** A failure body and the HTTP answer it came in (for the error's evidence). */
export interface Refusal {
  readonly failure: Failure
  readonly res: HttpResponse
}

/** Any success body (deletes and status updates answer `message: "Success"` only). */
export const AnyBody = t.unknown

/** Sends; Right(Left(refusal)) when Valor answered with a failure body. */
export const attempt = <A>(
  env: ValorEnv,
  req: ValorRequest,
  codec: t.Type<A, unknown, unknown>,
): Task<E.Either<Refusal, A>> => {
  const route = env.routes[req.route]
  const ctx = env.ctxOf(req.op)
  return pipe(
    env.http.send({
      operation: req.op,
      method: route.method,
      path: fillPath(route, req.params ?? {}),
      ...(req.query === undefined ? {} : { query: req.query }),
      ...(req.json === undefined ? {} : { json: req.json }),
      idempotent: route.method !== 'POST',
    }),
    TE.chainEitherK((res) => readAnswer(env, ctx, res, codec)),
  )
}

const readAnswer = <A>(
  env: ValorEnv,
  ctx: ErrorContext,
  res: HttpResponse,
  codec: t.Type<A, unknown, unknown>,
): E.Either<VaultError, E.Either<Refusal, A>> => {
  const redactor = env.http.redactor()
  return pipe(
    parseJson(ctx, redactor, res),
    E.chain((json) =>
      pipe(
        readEnvelope(json),
        E.mapLeft((why) =>
          unexpectedResponse(ctx, `Valor answered HTTP ${res.status}, but ${why}`, {
            httpStatus: res.status,
            rawBody: redactor.text(res.body).slice(0, 2000),
          }),
        ),
        E.chain((verdict) =>
          verdict.ok
            ? E.map((a: A) => E.right(a) as E.Either<Refusal, A>)(
                decodeJson(codec, ctx, redactor, res)(json),
              )
            : E.right(E.left({ failure: verdict, res })),
        ),
      ),
    ),
  )
}

/** Sends and decodes; a failure body becomes the VaultError it stands for. */
export const call = <A>(
  env: ValorEnv,
  req: ValorRequest,
  codec: t.Type<A, unknown, unknown>,
): Task<A> =>
  pipe(attempt(env, req, codec), TE.chainEitherK(E.mapLeft((f) => refusalToError(env, req, f))))

export const refusalToError = (env: ValorEnv, req: ValorRequest, r: Refusal): VaultError =>
  failureToError(
    env.ctxOf(req.op),
    env.http.redactor(),
    r.res,
    r.failure,
    req.scope ?? fieldScopes.customer,
  )

/** Reads every wire record of a list; one unreadable record fails the whole answer. */
export const collectRecords = <W, A>(
  env: ValorEnv,
  op: string,
  items: ReadonlyArray<W>,
  f: (w: W) => E.Either<string, A>,
): E.Either<VaultError, ReadonlyArray<A>> =>
  pipe(
    E.traverseArray(f)(items),
    E.mapLeft((why) =>
      unexpectedResponse(env.ctxOf(op), `Valor answered an unreadable record: ${why}`),
    ),
  )

/** Answers Validation before any request when the input has issues Valor would refuse. */
export const rejectIfIssues = <A>(
  env: ValorEnv,
  op: string,
  issues: ReadonlyArray<FieldIssue>,
  next: () => Task<A>,
): Task<A> => (issues.length > 0 ? TE.left(validationError(env.ctxOf(op), issues)) : next())
