/**
 * PayTrace's transport rules over the environment: one request through the shared client with
 * the answer read by a codec (errors redacted of the request's own numbers), integer id path
 * parameters, and the list answers with their offset paging.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import type * as t from 'io-ts'
import {
  lazyRedactor,
  notFound,
  offsetCursor,
  readJson,
  readOffsetCursor,
  sensitiveValuesOf,
  validationError,
  type ErrorContext,
  type HttpClient,
  type HttpRequest,
  type Page,
  type QueryValue,
  type VaultError,
} from '@vaultport/core'
import { GATEWAY } from './config'
import type { PayTraceEnv } from './env'
import { errorFromResponse } from './errors'
import { fillPath, type RouteName } from './routes'
import { wireCustomerId } from './translate'
import type {
  WireCustomer,
  WireCustomerListResponse,
  WireRecurrence,
  WireRecurrenceListResponse,
} from './wire'

/** One PayTrace call, by route name. */
export interface Call {
  readonly operation: string
  readonly route: RouteName
  readonly params?: Readonly<Record<string, string>>
  readonly query?: Readonly<Record<string, QueryValue>>
  readonly json?: unknown
  readonly idempotent: boolean
  /** Plain values the request carries in transformed form (numbers before encryption). */
  readonly secrets?: ReadonlyArray<string>
}

/** Sends `req` and reads a 2xx answer with `codec`; anything else is the gateway's error. */
export const exchange = <A>(
  http: HttpClient,
  req: HttpRequest,
  codec: t.Type<A, unknown, unknown>,
  secrets: ReadonlyArray<string>,
): TE.TaskEither<VaultError, A> => {
  const ctx: ErrorContext = { gateway: GATEWAY, operation: req.operation }
  return pipe(
    http.send(req),
    TE.chainEitherK((res) => {
      // The request's own numbers must not come back in any error, echoed or not.
      const redactor = lazyRedactor(() =>
        http
          .redactor()
          .withSecrets([
            ...sensitiveValuesOf(req.json),
            ...sensitiveValuesOf(req.form),
            ...secrets,
          ]),
      )
      return res.status >= 200 && res.status < 300
        ? readJson(codec, ctx, redactor, res)
        : E.left(errorFromResponse(ctx, redactor, res))
    }),
  )
}

/** Sends one call on its configured route. */
export const call = <A>(
  env: PayTraceEnv,
  c: Call,
  codec: t.Type<A, unknown, unknown>,
): TE.TaskEither<VaultError, A> => {
  const route = env.routes[c.route]
  return exchange(
    env.http,
    {
      operation: c.operation,
      method: route.method,
      path: fillPath(route, c.params),
      ...(c.query === undefined ? {} : { query: c.query }),
      ...(c.json === undefined ? {} : { json: c.json }),
      idempotent: c.idempotent,
    },
    codec,
    c.secrets ?? [],
  )
}

/** A failed task, typed as the pipeline around it expects. */
export const fail = <A = never>(e: VaultError): TE.TaskEither<VaultError, A> => TE.left(e)

/** A PayTrace id path parameter; a non-integer id cannot exist there. */
export const withId = <A>(
  env: PayTraceEnv,
  operation: string,
  what: string,
  id: string,
  f: (n: number) => TE.TaskEither<VaultError, A>,
): TE.TaskEither<VaultError, A> => {
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
): TE.TaskEither<VaultError, A> =>
  withId(env, operation, what, id, (n) =>
    call(env, { operation, route, params: { [`${what}_id`]: String(n) }, idempotent: true }, codec),
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
