/**
 * FluidPay's transport rules: one request through core's HTTP client, its answer read as a
 * success envelope or mapped through the error table, and the envelope's `data` decoded.
 * Nothing port-specific lives here.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import type * as t from 'io-ts'
import {
  decodeFast,
  decodeJson,
  lazyRedactor,
  parseJson,
  unexpectedResponse,
  type ErrorContext,
  type HttpClient,
  type HttpResponse,
  type VaultError,
} from '@vaultport/core'
import type { FluidPayEnv, Op } from './env'
import { fluidpayError } from './errors'
import { fillPath, type RouteName, type RouteParams } from './routes'
import { Envelope } from './wire'

/** A success answer: its envelope, and the response it came in (for decoding errors). */
export interface Answer {
  readonly envelope: Envelope
  readonly res: HttpResponse
}

/** One request, read as a success envelope or mapped through the error table. */
export const call =
  (env: FluidPayEnv) =>
  (
    operation: Op,
    route: RouteName,
    params: RouteParams,
    json?: unknown,
  ): TE.TaskEither<VaultError, Answer> => {
    const ctx = env.ctxOf(operation)
    const { problem, client } = env
    if (problem !== undefined || client === undefined) {
      return TE.left(problem?.(ctx) ?? unexpectedResponse(ctx, 'FluidPay config is invalid'))
    }
    const r = env.routes[route]
    const creates = r.method === 'POST' && route.startsWith('create')
    return pipe(
      client.send({
        operation,
        method: r.method,
        path: fillPath(r, params),
        ...(json === undefined ? {} : { json }),
        // Creates are never resent blindly; reads, updates (which set state) and deletes are.
        idempotent: !creates,
      }),
      TE.chainEitherK((res) => readEnvelope(ctx, client, res, json)),
    )
  }

const readEnvelope = (
  ctx: ErrorContext,
  http: HttpClient,
  res: HttpResponse,
  json: unknown,
): E.Either<VaultError, Answer> => {
  const redactor = lazyRedactor(() => http.redactor().withSecrets(secretsOf(json)))
  const parsed = parseJson(ctx, redactor, res)
  if (E.isLeft(parsed)) return parsed
  const envelope = decodeFast(Envelope, parsed.right)
  const ok = res.status >= 200 && res.status < 300
  if (E.isRight(envelope) && ok && envelope.right.status === 'success')
    return E.right({ envelope: envelope.right, res })
  if (E.isLeft(envelope) && ok) {
    return pipe(
      decodeJson(Envelope, ctx, redactor, res)(parsed.right),
      E.chain((): E.Either<VaultError, never> =>
        E.left(unexpectedResponse(ctx, 'FluidPay answer is not an envelope')),
      ),
    )
  }
  const msg = E.isRight(envelope) ? (envelope.right.msg ?? '') : ''
  return E.left(fluidpayError(ctx, redactor, { status: res.status, msg, res }))
}

/** The envelope's `data`, decoded with `codec`. */
export const dataAs =
  (env: FluidPayEnv) =>
  <A>(operation: Op, codec: t.Type<A, unknown, unknown>) =>
  ({ envelope, res }: Answer): E.Either<VaultError, A> =>
    env.client === undefined
      ? E.left(unexpectedResponse(env.ctxOf(operation), 'FluidPay config is invalid'))
      : decodeJson(
          codec,
          env.ctxOf(operation),
          lazyRedactor(env.client.redactor),
          res,
        )(envelope.data)

/** A translation's failure (a record the canonical model cannot hold) as an unexpected answer. */
export const translated =
  (env: FluidPayEnv) =>
  (operation: Op) =>
  <A>(r: E.Either<string, A>): E.Either<VaultError, A> =>
    E.mapLeft((why: string) =>
      unexpectedResponse(env.ctxOf(operation), `FluidPay answer could not be read: ${why}`),
    )(r)

/** The sensitive values a request carried, so that an echo of them is scrubbed too. */
const secretsOf = (json: unknown): string[] => {
  const out: string[] = []
  const walk = (u: unknown, depth: number) => {
    if (u === null || typeof u !== 'object' || depth > 8) return
    for (const [k, v] of Object.entries(u as Record<string, unknown>)) {
      if (typeof v === 'string' && /number|token/i.test(k) && v.length >= 4) out.push(v)
      else walk(v, depth + 1)
    }
  }
  walk(json, 0)
  return out
}
