/**
 * FluidPay's transport rules: one request through core's HTTP client, its answer read status
 * first and body second, and the envelope's `data` decoded. Nothing port-specific lives here.
 *
 * - 2xx with `{status: "success"}`: the answer. With any other envelope: a failure, through the
 *   error table. With a body that is not an envelope (empty, HTML, plain text, other JSON): a
 *   read is `UnexpectedResponse`; a write is `OutcomeUnknown`, since the status says it may have
 *   been taken and nothing says what became of it.
 * - 3xx (redirects are never followed): a read is `UnexpectedResponse`, a write `OutcomeUnknown`.
 * - 4xx and 5xx: the error table, whatever the body is.
 *
 * Every error built from an answer goes through that answer's redactor, which scrubs the
 * credentials, the request's own numbers and tokens, and those of the write it follows.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import type * as t from 'io-ts'
import {
  answerEvidence,
  decodeFast,
  decodeJson,
  lazyRedactor,
  parseJson,
  unexpectedResponse,
  vaultError,
  type ErrorContext,
  type HttpClient,
  type HttpResponse,
  type Redactor,
  type VaultError,
} from '@vaultport/core'
import { envRedactor, secretsOf, type FluidPayEnv, type Op } from './env'
import { fluidpayError, matchErrorRow, plainMessageOf } from './errors'
import { READ_ROUTES, routePath, type RouteName, type RouteParams } from './routes'
import { Envelope } from './wire'

/** A success answer: its envelope, the response it came in, and that response's redactor. */
export interface Answer {
  readonly envelope: Envelope
  readonly res: HttpResponse
  readonly redactor: Redactor
}

/** One request, read as a success envelope or mapped to an error, status first. */
export const call =
  (env: FluidPayEnv) =>
  (
    operation: Op,
    route: RouteName,
    params: RouteParams,
    json?: unknown,
    query?: Readonly<Record<string, string>>,
  ): TE.TaskEither<VaultError, Answer> => {
    const ctx = env.ctxOf(operation)
    const { problem, client } = env
    if (problem !== undefined || client === undefined) {
      return TE.left(problem?.(ctx) ?? unexpectedResponse(ctx, 'FluidPay config is invalid'))
    }
    const r = env.routes[route]
    const path = routePath(ctx, r, params)
    if (E.isLeft(path)) return TE.left(path.left)
    const creates = r.method === 'POST' && route.startsWith('create')
    const write = !READ_ROUTES.has(route)
    const sending = client.send({
      operation,
      method: r.method,
      path: path.right,
      ...(json === undefined ? {} : { json }),
      ...(query === undefined ? {} : { query }),
      // Creates are never resent blindly; reads, updates (which set state) and deletes are.
      idempotent: !creates,
      // The operation's values and this request's: no answer of it may carry them, whichever
      // of its requests they were sent in.
      secrets: [...env.secrets, ...secretsOf(json)],
    })
    // A plain step rather than `TE.chainEitherK`: every FluidPay request runs through here.
    return async () => {
      const sent = await sending()
      return E.isLeft(sent)
        ? sent
        : readAnswer(ctx, answerRedactor(client, sent.right), sent.right, write)
    }
  }

/**
 * The answer's own redactor: core's client built it with the request's `secrets` (the
 * operation's and this request's values), so it is used as it is.
 */
const answerRedactor = (client: HttpClient, res: HttpResponse): Redactor =>
  res.redactor ?? lazyRedactor(() => client.redactor())

const mayHaveHappened = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
  what: string,
): VaultError =>
  vaultError(
    'OutcomeUnknown',
    ctx,
    `FluidPay answered ${ctx.operation} with HTTP ${res.status} and ${what}; the write may have happened`,
    answerEvidence(redactor, res),
  )

const parsedBody = (res: HttpResponse): { readonly json: unknown } | undefined => {
  try {
    return { json: JSON.parse(res.body) as unknown }
  } catch {
    return undefined
  }
}

/** An answer, status first and body second. */
export const readAnswer = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
  write: boolean,
): E.Either<VaultError, Answer> => {
  const status = res.status
  if (status >= 300 && status < 400) {
    return E.left(
      write
        ? mayHaveHappened(ctx, redactor, res, 'a redirect, which is never followed')
        : unexpectedResponse(
            ctx,
            `FluidPay answered ${ctx.operation} with HTTP ${status}, a redirect, which is never followed`,
            answerEvidence(redactor, res),
          ),
    )
  }
  const parsed = parsedBody(res)
  const decoded = parsed === undefined ? undefined : decodeFast(Envelope, parsed.json)
  const envelope = decoded !== undefined && E.isRight(decoded) ? decoded.right : undefined
  const success = status >= 200 && status < 300
  if (success && envelope?.status === 'success') return E.right({ envelope, res, redactor })
  if (success && envelope === undefined) {
    return write
      ? E.left(mayHaveHappened(ctx, redactor, res, 'a body that is not its envelope'))
      : unreadable(ctx, redactor, res)
  }
  const foreign = envelope === undefined
  const msg = foreign ? plainMessageOf(res, parsed?.json) : (envelope.msg ?? '')
  // A status no row can place, on a write, says nothing of what became of it.
  const unplaced = matchErrorRow(status, foreign ? '' : msg).kind === 'UnexpectedResponse'
  if (write && unplaced && (envelope?.status !== 'failed' || status < 200 || status >= 600)) {
    return E.left(mayHaveHappened(ctx, redactor, res, 'no failure it explains'))
  }
  return E.left(fluidpayError(ctx, redactor, { status, msg, res, foreign }))
}

/** Why a success status did not carry an envelope: core's wording for each kind of body. */
const unreadable = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
): E.Either<VaultError, never> =>
  pipe(
    parseJson(ctx, redactor, res),
    E.chain(decodeJson(Envelope, ctx, redactor, res)),
    E.chain((): E.Either<VaultError, never> =>
      E.left(unexpectedResponse(ctx, 'FluidPay answer is not an envelope')),
    ),
  )

/** The envelope's `data`, decoded with `codec`; an error is scrubbed by the answer's redactor. */
export const dataAs =
  (env: FluidPayEnv) =>
  <A>(operation: Op, codec: t.Type<A, unknown, unknown>) =>
  ({ envelope, res, redactor }: Answer): E.Either<VaultError, A> =>
    decodeJson(codec, env.ctxOf(operation), redactor, res)(envelope.data)

/** A translation's failure (a record the canonical model cannot hold) as an unexpected answer. */
export const translated =
  (env: FluidPayEnv) =>
  (operation: Op) =>
  <A>(r: E.Either<string, A>): E.Either<VaultError, A> =>
    E.mapLeft((why: string) =>
      unexpectedResponse(
        env.ctxOf(operation),
        `FluidPay answer could not be read: ${envRedactor(env).text(why)}`,
      ),
    )(r)
