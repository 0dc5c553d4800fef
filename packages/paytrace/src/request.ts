/**
 * PayTrace's transport rules over the environment: one request through the shared client, its
 * answer read status first and body second (errors redacted of the request's own numbers), every
 * id checked before it enters a path, the 2xx answer to a write handed on as it came for the
 * write's own tolerant reading, and the list answers with their offset paging.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import type * as t from 'io-ts'
import {
  answerEvidence,
  confirmedUnread,
  decodeFast,
  decodeJson,
  lazyRedactor,
  notFound,
  offsetCursor,
  parseJson,
  pathSegment,
  readOffsetCursor,
  sensitiveValuesOf,
  unexpectedResponse,
  validationError,
  vaultError,
  type ErrorContext,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type Page,
  type QueryValue,
  type Redactor,
  type VaultError,
} from '@vaultport/core'
import { GATEWAY } from './config'
import type { PayTraceEnv } from './env'
import { errorFromResponse, errorInBody, jsonOf, READ, type RequestShape } from './errors'
import { fillPath, type RouteName } from './routes'
import { idText, wireCustomerId } from './translate'
import {
  WireId,
  type WireCustomer,
  type WireCustomerListResponse,
  type WireRecurrence,
  type WireRecurrenceListResponse,
} from './wire'

/** One PayTrace call, by route name. */
export interface Call {
  readonly operation: string
  readonly route: RouteName
  readonly params?: Readonly<Record<string, string>>
  readonly query?: Readonly<Record<string, QueryValue>>
  readonly json?: unknown
  readonly idempotent: boolean
  /**
   * Values no answer to this call may carry into an error or transcript: the operation's own
   * numbers and tokens (sent encrypted, or sent by another request of the same operation).
   */
  readonly secrets?: ReadonlyArray<string>
}

/** A 2xx answer that words no error: its JSON (undefined when the body was empty). */
export interface Answer {
  readonly json: unknown
  readonly res: HttpResponse
  /** Scrubs the request's own numbers and tokens: for every error built from this answer. */
  readonly redactor: Redactor
  /** What a later request on behalf of the same write must name as its `secrets` too. */
  readonly secrets: ReadonlyArray<string>
}

const BLANK = /^\s*$/

/**
 * The answer's redactor: core's, which knows the request, its own card and account values and
 * the further `secrets` it names (the plain numbers it sent encrypted, the numbers of the write a
 * read-back belongs to). A client that gives none is served the same from its own redactor.
 */
const redactorOf = (http: HttpClient, req: HttpRequest, res: HttpResponse): Redactor =>
  res.redactor ??
  lazyRedactor(() =>
    http
      .redactor()
      .withSecrets([
        ...sensitiveValuesOf(req.json),
        ...sensitiveValuesOf(req.form),
        ...(req.secrets ?? []),
      ]),
  )

/**
 * Sends `req`: a non-2xx answer is the gateway's error (by status, then body), and so is a 2xx
 * whose body words one. A 2xx to a write is confirmation unless it cannot be read at all (HTML,
 * broken JSON: it may hide a refusal), which leaves the write's outcome unknown.
 */
export const answer = (
  http: HttpClient,
  req: HttpRequest,
  shape: RequestShape,
): TE.TaskEither<VaultError, Answer> => {
  // Plain steps rather than fp-ts combinators: every PayTrace request runs through here.
  const sending = http.send(req)
  return async () => {
    const sent = await sending()
    return E.isLeft(sent) ? sent : answerOf(http, req, shape, sent.right)
  }
}

const answerOf = (
  http: HttpClient,
  req: HttpRequest,
  shape: RequestShape,
  res: HttpResponse,
): E.Either<VaultError, Answer> => {
  const ctx: ErrorContext = { gateway: GATEWAY, operation: req.operation }
  const redactor = redactorOf(http, req, res)
  if (res.status < 200 || res.status >= 300) {
    return E.left(errorFromResponse(ctx, redactor, res, shape))
  }
  const body = shape.write ? writeBodyOf(ctx, redactor, res) : parseJson(ctx, redactor, res)
  if (E.isLeft(body)) return body
  const refused = errorInBody(ctx, redactor, res, body.right)
  if (refused !== undefined) return E.left(refused)
  return E.right({
    json: body.right,
    res,
    redactor,
    secrets: [...(req.secrets ?? []), ...sensitiveValuesOf(req.json)],
  })
}

/** A write's 2xx body: empty (undefined) or JSON; anything else may hide a refusal. */
const writeBodyOf = (
  ctx: ErrorContext,
  redactor: Redactor,
  res: HttpResponse,
): E.Either<VaultError, unknown> => {
  if (BLANK.test(res.body)) return E.right(undefined)
  const json = jsonOf(res.body)
  return json === undefined ? E.left(unreadableWrite(ctx, redactor, res)) : E.right(json)
}

const unreadableWrite = (ctx: ErrorContext, redactor: Redactor, res: HttpResponse): VaultError =>
  vaultError(
    'OutcomeUnknown',
    ctx,
    `PayTrace answered the write with HTTP ${res.status} and a body that is not JSON; the write may have happened`,
    answerEvidence(redactor, res),
  )

/** Sends a read and decodes its 2xx answer with `codec`. */
export const exchange = <A>(
  http: HttpClient,
  req: HttpRequest,
  codec: t.Type<A, unknown, unknown>,
): TE.TaskEither<VaultError, A> => {
  const answering = answer(http, req, READ)
  return async () => {
    const a = await answering()
    if (E.isLeft(a)) return a
    const ctx = { gateway: GATEWAY, operation: req.operation }
    return decodeJson(codec, ctx, a.right.redactor, a.right.res)(a.right.json)
  }
}

/** The call as core's request: its `secrets` travel with it, to every attempt's transcript. */
const requestOf = (env: PayTraceEnv, c: Call): HttpRequest => {
  const route = env.routes[c.route]
  return {
    operation: c.operation,
    method: route.method,
    path: fillPath(route, c.params),
    ...(c.query === undefined ? {} : { query: c.query }),
    ...(c.json === undefined ? {} : { json: c.json }),
    idempotent: c.idempotent,
    ...(c.secrets === undefined || c.secrets.length === 0 ? {} : { secrets: c.secrets }),
  }
}

/** Sends one read on its configured route. */
export const call = <A>(
  env: PayTraceEnv,
  c: Call,
  codec: t.Type<A, unknown, unknown>,
): TE.TaskEither<VaultError, A> => exchange(env.http, requestOf(env, c), codec)

/** Sends one write on its configured route; Right is PayTrace's confirmation, as it came. */
export const callWrite = (env: PayTraceEnv, c: Call): TE.TaskEither<VaultError, Answer> =>
  answer(env.http, requestOf(env, c), { write: true, idempotent: c.idempotent })

/** A failed task, typed as the pipeline around it expects. */
export const fail = <A = never>(e: VaultError): TE.TaskEither<VaultError, A> => TE.left(e)

/**
 * After a confirmed write of `writtenId`: any failure of what follows (a read-back, a record
 * that cannot be read) keeps the id and says the write is done.
 */
export const afterWrite =
  (env: PayTraceEnv, operation: string, writtenId: string) =>
  <A>(next: TE.TaskEither<VaultError, A>): TE.TaskEither<VaultError, A> =>
    pipe(
      next,
      TE.mapLeft((e) => confirmedUnread(env.ctxOf(operation), writtenId, e)),
    )

// ---- what a write answer names

const objectOf = (u: unknown): Record<string, unknown> | undefined =>
  typeof u === 'object' && u !== null && !Array.isArray(u)
    ? (u as Record<string, unknown>)
    : undefined

/**
 * Where a 2xx answer to a write may hold what it wrote, most likely first: `data` (an object, or
 * a list of one), an object under one of `inner` inside it, and the top level.
 */
const placesIn = (
  json: unknown,
  inner: ReadonlyArray<string>,
): ReadonlyArray<Record<string, unknown>> => {
  const top = objectOf(json)
  if (top === undefined) return []
  const data = top['data']
  const d =
    objectOf(data) ?? (Array.isArray(data) && data.length === 1 ? objectOf(data[0]) : undefined)
  const nested =
    d === undefined
      ? []
      : inner
          .map((k) => objectOf(d[k]))
          .filter((o): o is Record<string, unknown> => o !== undefined)
  return [...(d === undefined ? [] : [d]), ...nested, top]
}

/**
 * The id a write answer names under one of `keys`, wherever it sits; undefined if none. At the
 * top level a bare `id` is not taken: beside `data` it may name the answer, not the record.
 */
export const writtenIdIn = (
  json: unknown,
  keys: ReadonlyArray<string>,
  inner: ReadonlyArray<string> = [],
): string | undefined => {
  const places = placesIn(json, inner)
  for (const [i, place] of places.entries())
    for (const key of keys) {
      const v = place[key]
      if (WireId.is(v) && !(key === 'id' && i === places.length - 1)) return idText(v)
    }
  return undefined
}

/** The first record in a write answer that `codec` reads and `complete` accepts. */
export const writtenRecordIn = <A>(
  json: unknown,
  codec: t.Type<A, unknown, unknown>,
  inner: ReadonlyArray<string>,
  complete: (a: A) => boolean,
): A | undefined => {
  for (const place of placesIn(json, inner)) {
    const d = decodeFast(codec, place)
    if (E.isRight(d) && complete(d.right)) return d.right
  }
  return undefined
}

/** A 2xx to a create that names nothing: it happened, but what it made cannot be named. */
export const namelessWrite = (env: PayTraceEnv, operation: string, a: Answer): VaultError =>
  vaultError(
    'OutcomeUnknown',
    env.ctxOf(operation),
    `PayTrace confirmed ${operation} (HTTP ${a.res.status}) without naming what it wrote; look it up before writing it again`,
    answerEvidence(a.redactor, a.res),
  )

/** `value` if the canonical `codec` accepts it: nothing a port cannot represent leaves it. */
export const representable = <A>(
  env: PayTraceEnv,
  operation: string,
  codec: t.Type<A, unknown, unknown>,
  value: A,
): E.Either<VaultError, A> =>
  E.isRight(decodeFast(codec, value))
    ? E.right(value)
    : E.left(
        unexpectedResponse(
          env.ctxOf(operation),
          `PayTrace answered with a ${codec.name} vaultport cannot represent`,
        ),
      )

/** The argument an id of `what` came in, for the issue that refuses it. */
const idField = (operation: string, what: 'customer' | 'recurrence'): string =>
  operation.startsWith('customers.')
    ? 'id'
    : what === 'recurrence'
      ? operation.startsWith('paytrace.')
        ? 'recurrenceId'
        : 'id'
      : operation === 'recurrences.create'
        ? 'input.customerId'
        : 'customerId'

/**
 * The one door by which an id reaches a path: core's `pathSegment` first (`.`, `..`, `/`, `\`,
 * control characters are a Validation, no request sent), then PayTrace's rule that ids are
 * integers (anything else cannot exist there: NotFound).
 */
export const withId = <A>(
  env: PayTraceEnv,
  operation: string,
  what: 'customer' | 'recurrence',
  id: string,
  f: (n: number) => TE.TaskEither<VaultError, A>,
): TE.TaskEither<VaultError, A> => {
  const segment = pathSegment(env.ctxOf(operation), idField(operation, what), id)
  if (E.isLeft(segment)) return fail(segment.left)
  const n = wireCustomerId(id)
  return n === undefined ? fail(notFound(env.ctxOf(operation), `${what} ${id}`)) : f(n)
}

/** A call without a body on a route whose path names one id (`customer_id`, `recurrence_id`). */
export const callById = <A>(
  env: PayTraceEnv,
  operation: string,
  what: 'customer' | 'recurrence',
  id: string,
  route: RouteName,
  codec: t.Type<A, unknown, unknown>,
  secrets: ReadonlyArray<string> = [],
): TE.TaskEither<VaultError, A> =>
  withId(env, operation, what, id, (n) =>
    call(
      env,
      { operation, route, params: { [`${what}_id`]: String(n) }, idempotent: true, secrets },
      codec,
    ),
  )

// ---- lists and paging

export const DEFAULT_PAGE = 50

/** The offset a list cursor stands for; a cursor PayTrace did not give is a Validation. */
export const withOffset = <A>(
  env: PayTraceEnv,
  operation: string,
  cursor: string | undefined,
  f: (offset: number) => TE.TaskEither<VaultError, A>,
): TE.TaskEither<VaultError, A> => {
  const offset = readOffsetCursor(cursor)
  return offset === undefined
    ? fail(
        validationError(env.ctxOf(operation), [
          { path: 'cursor', message: 'is not a PayTrace cursor' },
        ]),
      )
    : f(offset)
}

/** The items of a list answer: `data` as an array, `data.<inner>`, or `items` (codec-checked). */
const itemsOf = <W>(
  l: WireCustomerListResponse | WireRecurrenceListResponse,
  inner: 'customers' | 'recurrences',
): { items: W[]; total?: number } => {
  const loose = l as {
    data?: unknown
    items?: unknown
    total_count?: number | string
    total?: number | string
  }
  if (Array.isArray(loose.items))
    return { items: loose.items as W[], ...totalOf(loose.total_count ?? loose.total) }
  if (Array.isArray(loose.data))
    return { items: loose.data as W[], ...totalOf(loose.total_count ?? loose.total) }
  const d = loose.data as Record<string, unknown> & {
    total_count?: number | string
    total?: number | string
  }
  return { items: d[inner] as W[], ...totalOf(d.total_count ?? d.total) }
}
export const itemsOfCustomers = (l: WireCustomerListResponse) =>
  itemsOf<WireCustomer>(l, 'customers')
export const itemsOfRecurrences = (l: WireRecurrenceListResponse) =>
  itemsOf<WireRecurrence>(l, 'recurrences')

const totalOf = (v: number | string | undefined): { total?: number } => {
  const n = Number(v)
  return v !== undefined && Number.isSafeInteger(n) && n >= 0 ? { total: n } : {}
}

/** A page at `offset`: more follow when the total says so, or (without one) when it was full. */
export const pageOf = <A>(
  items: ReadonlyArray<A>,
  offset: number,
  limit: number,
  total: number | undefined,
): Page<A> => {
  const next = offset + items.length
  const more = total === undefined ? items.length >= limit && items.length > 0 : next < total
  return {
    items,
    ...(more ? { nextCursor: offsetCursor(next) } : {}),
    ...(total === undefined ? {} : { totalCount: total }),
  }
}
