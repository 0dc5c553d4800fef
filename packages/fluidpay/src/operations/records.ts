/**
 * The customer record, as every operation group reads and writes it. Addresses and payment
 * methods cannot be fetched one by one: they are read from the customer record.
 *
 * Write outcomes live here too. A write FluidPay answered with a success envelope took effect;
 * its answer is read tolerantly (the record, an id alone or at another level, an empty `data`),
 * and what the operation still has to read after it is read with `confirmed`: any failure then
 * is `ConfirmedUnread` with the written id, never a retryable error that would write again. A
 * write confirmed without naming what it made is `OutcomeUnknown` (`unnamed`): look it up.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import type * as t from 'io-ts'
import {
  confirmedUnread,
  decodeFast,
  notFound,
  unexpectedResponse,
  validationError,
  vaultError,
  written,
  type PaymentMethod,
  type PaymentMethodId,
  type VaultError,
  type Written,
} from '@vaultport/core'
import type { FluidPayEnv, Op } from '../env'
import { call, dataAs, translated, type Answer } from '../request'
import type { RouteName, RouteParams } from '../routes'
import {
  compact,
  defaultsBody,
  searchBody,
  storedMethods,
  toCustomer,
  type FluidPaySearchCriteria,
  type StoredMethod,
} from '../translate'
import {
  CustomerRecord,
  MaybeRecord,
  WireId,
  type DefaultsBody,
  type PaymentMethodType,
  type UpdateCustomerBody,
} from '../wire'

export const getRecord =
  (env: FluidPayEnv) =>
  (operation: Op, id: string): TE.TaskEither<VaultError, CustomerRecord> =>
    pipe(
      call(env)(operation, 'getCustomer', { customerId: id }),
      TE.chainEitherK(dataAs(env)(operation, MaybeRecord)),
      TE.chain((rec) =>
        rec === null || rec === undefined
          ? TE.left(
              unexpectedResponse(
                env.ctxOf(operation),
                'FluidPay answered a read without a customer',
              ),
            )
          : TE.right(rec),
      ),
    )

// ---- write answers

/** What a write's answer says, in any of the shapes FluidPay's clients have seen. */
export interface WriteReply {
  /** The whole customer record, when the answer carries one that decodes. */
  readonly record?: CustomerRecord
  /** The customer it names: the record's id, `customer_id`, `customer.id`, a record's `id`. */
  readonly customerId?: string
  /** `created_address_id`, wherever it sits. */
  readonly addressId?: string
  /** `created_payment_method_id`, wherever it sits. */
  readonly paymentMethodId?: string
  /** An id with nothing to say what it names: `data: "…"`, or `data: {id}` without a record. */
  readonly bareId?: string
}

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/**
 * Reads a write's answer. An id is kept only when it is one (a string or an integer a canonical
 * id can carry) and the answer's redactor leaves it alone: an id that is one of the request's
 * numbers is not taken as a name.
 */
export const readWriteReply = ({ envelope, redactor }: Answer): WriteReply => {
  const idOf = (u: unknown): string | undefined => {
    const id = E.getOrElseW(() => undefined)(WireId.decode(u))
    return id !== undefined && redactor.text(id) === id ? id : undefined
  }
  const top = envelope as unknown as Record<string, unknown>
  const data: unknown = envelope.data
  const o = isObject(data) ? data : {}
  const inner = isObject(o['data']) ? o['data'] : {}
  const customer = isObject(o['customer']) ? o['customer'] : {}
  const decoded = decodeFast(CustomerRecord, data)
  const record =
    E.isRight(decoded) && idOf(decoded.right.id) !== undefined ? decoded.right : undefined
  const created = (key: string) => idOf(o[key]) ?? idOf(inner[key]) ?? idOf(top[key])
  return compact<WriteReply>({
    record,
    customerId:
      record?.id ??
      idOf(o['customer_id']) ??
      idOf(customer['id']) ??
      ('data' in o ? idOf(o['id']) : undefined) ??
      idOf(top['customer_id']),
    addressId: created('created_address_id'),
    paymentMethodId: created('created_payment_method_id'),
    bareId: isObject(data) ? ('data' in o ? undefined : idOf(o['id'])) : idOf(data),
  })
}

/** Everything after a confirmed write that named `id`: a failure keeps the id. */
export const confirmed =
  (env: FluidPayEnv, op: Op, id: string) =>
  <A>(te: TE.TaskEither<VaultError, A>): TE.TaskEither<VaultError, A> =>
    pipe(
      te,
      TE.mapLeft((e) => confirmedUnread(env.ctxOf(op), id, e)),
    )

/**
 * A write FluidPay confirmed without naming what it made, which the reads after it could not
 * find either (`cause`: the read that failed): look it up before writing again.
 */
export const unnamed = (env: FluidPayEnv, op: Op, what: string, cause?: VaultError): VaultError =>
  vaultError(
    'OutcomeUnknown',
    env.ctxOf(op),
    `FluidPay confirmed ${op} but did not name ${what}${
      cause === undefined ? '' : `, and the customer could not be read back: ${cause.message}`
    }; look it up before writing again`,
    compact({
      httpStatus: cause?.httpStatus,
      gatewayCode: cause?.gatewayCode,
      gatewayMessages: cause?.gatewayMessages,
      rawBody: cause?.rawBody,
      requestId: cause?.requestId,
    }),
  )

/** The customer record after a write to it: the one the answer carries, or a fresh read. */
export const recordAfter =
  (env: FluidPayEnv) =>
  (operation: Op, id: string) =>
  (reply: WriteReply): TE.TaskEither<VaultError, CustomerRecord> =>
    reply.record !== undefined && reply.record.id === id
      ? TE.right(reply.record)
      : getRecord(env)(operation, id)

/**
 * What a create on an existing customer made: the id the answer names (`named` reads it from
 * the reply), else the one `fresh` finds in the record after it (the one the answer carries, or a
 * re-read). Once found, a failure keeps that id; a read that fails before anything was named is
 * `OutcomeUnknown`, since the write is confirmed but cannot be named.
 */
export const createdOn =
  (env: FluidPayEnv) =>
  (
    op: Op,
    cid: string,
    what: string,
    answer: Answer,
    named: (reply: WriteReply) => string | undefined,
    fresh: (rec: CustomerRecord, named: string | undefined) => string | undefined,
  ): TE.TaskEither<VaultError, { readonly rec: CustomerRecord; readonly id: string }> => {
    const reply = readWriteReply(answer)
    const given = named(reply) ?? (reply.bareId === cid ? undefined : reply.bareId)
    const found = pipe(
      recordAfter(env)(op, cid)(reply),
      TE.orElseW((e) => TE.left(given === undefined ? unnamed(env, op, `the ${what}`, e) : e)),
      TE.chain((rec) => {
        const id = fresh(rec, given)
        if (id !== undefined) return TE.right({ rec, id })
        return TE.left(
          given === undefined
            ? unnamed(env, op, `the ${what}, and the customer record does not show a new one`)
            : unexpectedResponse(
                env.ctxOf(op),
                `FluidPay named ${what} ${given} but the customer does not show it`,
              ),
        )
      }),
    )
    return given === undefined ? found : confirmed(env, op, given)(found)
  }

// ---- translation

export const customerOf = (env: FluidPayEnv) => (operation: Op) => (rec: CustomerRecord) =>
  TE.fromEither(translated(env)(operation)(toCustomer(rec)))

export const methodsOf = (env: FluidPayEnv) => (operation: Op) => (rec: CustomerRecord) =>
  TE.fromEither(translated(env)(operation)(storedMethods(rec)))

/** The wire type of a stored method, read from the record's ids alone. */
export const methodTypeOf = (rec: CustomerRecord, id: string): PaymentMethodType | undefined => {
  const p = rec.data.customer.payments
  if ((p?.cards ?? []).some((c) => c.id === id)) return 'card'
  if ((p?.ach ?? []).some((a) => a.id === id)) return 'ach'
  return undefined
}

/** The ids of every stored method, read without translating any. */
export const methodIdsOf = (rec: CustomerRecord): ReadonlyArray<string> => {
  const p = rec.data.customer.payments
  return [...(p?.cards ?? []).map((c) => c.id), ...(p?.ach ?? []).map((a) => a.id)]
}

/** One stored method, translated alone: another unreadable method does not hide it. */
export const findMethod =
  (env: FluidPayEnv) =>
  (
    operation: Op,
    rec: CustomerRecord,
    id: PaymentMethodId | string,
  ): TE.TaskEither<VaultError, StoredMethod> => {
    const type = methodTypeOf(rec, id)
    if (type === undefined) return TE.left(notFound(env.ctxOf(operation), `payment method ${id}`))
    const p = rec.data.customer.payments
    const only: CustomerRecord = {
      ...rec,
      data: {
        customer: {
          ...rec.data.customer,
          payments: {
            cards: (p?.cards ?? []).filter((c) => c.id === id),
            ach: (p?.ach ?? []).filter((a) => a.id === id),
          },
        },
      },
    }
    return pipe(
      methodsOf(env)(operation)(only),
      TE.chain((ms) =>
        ms[0] === undefined
          ? TE.left(notFound(env.ctxOf(operation), `payment method ${id}`))
          : TE.right(ms[0]),
      ),
    )
  }

// ---- writes every port makes

/**
 * Sets the customer's defaults (F3). FluidPay answers `data: null`; the record it answers for
 * is the one given with the new defaults laid over it, so nothing is read back.
 */
export const updateDefaults =
  (env: FluidPayEnv) =>
  (
    operation: Op,
    rec: CustomerRecord,
    change: DefaultsBody,
  ): TE.TaskEither<VaultError, CustomerRecord> => {
    const defaults = defaultsBody(rec.data.customer.defaults, change)
    return pipe(
      call(env)(operation, 'updateCustomer', { customerId: rec.id }, {
        defaults,
      } satisfies UpdateCustomerBody),
      TE.map((): CustomerRecord => ({
        ...rec,
        data: { customer: { ...rec.data.customer, defaults: { ...defaults } } },
      })),
    )
  }

/**
 * Updates a stored card or ACH account (F14) and reads it back from the record. Once FluidPay
 * has confirmed the update, a failure keeps the method's id (`ConfirmedUnread`).
 */
export const writeMethod =
  (env: FluidPayEnv) =>
  (
    op: Op,
    cid: string,
    m: StoredMethod,
    body: Record<string, unknown>,
  ): TE.TaskEither<VaultError, Written<PaymentMethod>> =>
    pipe(
      call(env)(
        op,
        m.type === 'card' ? 'updateCard' : 'updateAch',
        { customerId: cid, paymentMethodId: m.method.id },
        body,
      ),
      TE.chain((answer) =>
        pipe(
          recordAfter(env)(op, cid)(readWriteReply(answer)),
          TE.chain((rec) => findMethod(env)(op, rec, m.method.id)),
          TE.map((x) => written(x.method)),
          confirmed(env, op, m.method.id),
        ),
      ),
    )

/** A delete (F4, F8, F15): done once FluidPay answers success, whatever its `data`. */
export const deleteAt =
  (env: FluidPayEnv) =>
  (
    op: Op,
    route: 'deleteCustomer' | 'deleteAddress' | 'deleteCard' | 'deleteAch',
    params: RouteParams,
  ): TE.TaskEither<VaultError, void> =>
    pipe(
      call(env)(op, route, params),
      TE.map(() => undefined),
    )

// ---- search

/** A search, its records read with `list`: whole records, or only what a summary needs. */
export const runSearch =
  (env: FluidPayEnv) =>
  <R>(
    op: Op,
    criteria: FluidPaySearchCriteria,
    list: t.Type<R[] | null, unknown, unknown>,
  ): TE.TaskEither<VaultError, { records: R[]; totalCount?: number }> => {
    const body = searchBody(criteria)
    if (E.isLeft(body)) return TE.left(validationError(env.ctxOf(op), body.left))
    return pipe(
      call(env)(op, 'searchCustomers', {}, body.right),
      TE.chainEitherK((x) =>
        E.map((records: R[] | null) =>
          compact<{ records: R[]; totalCount?: number }>({
            records: records ?? [],
            totalCount:
              typeof x.envelope.total_count === 'number' ? x.envelope.total_count : undefined,
          }),
        )(dataAs(env)(op, list)(x)),
      ),
    )
  }

/**
 * The offset of the page after a search page, while more match: by the total when FluidPay
 * says it, else as long as the page came back full.
 */
export const nextOffsetOf = (
  offset: number,
  limit: number,
  records: number,
  totalCount: number | undefined,
): number | undefined => {
  const next = offset + records
  const more = records > 0 && (totalCount === undefined ? records === limit : next < totalCount)
  return more ? next : undefined
}

// ---- recurring records (subscriptions, plans, add-ons, discounts)

/**
 * The one record a read by id answered: the object, or the list of one some of FluidPay's
 * clients decode. An empty list is `NotFound`; an answer for another id, or none, is unexpected.
 */
export const oneRecord =
  (env: FluidPayEnv, op: Op, what: string, id: string) =>
  <R extends { readonly id: string }>(
    data: R | R[] | null | undefined,
  ): E.Either<VaultError, R> => {
    const ctx = env.ctxOf(op)
    if (data === null || data === undefined) {
      return E.left(unexpectedResponse(ctx, `FluidPay answered a read of ${what} ${id} without it`))
    }
    if (!Array.isArray(data)) {
      return data.id === id
        ? E.right(data)
        : E.left(unexpectedResponse(ctx, `FluidPay answered a read of ${what} ${id} with another`))
    }
    if (data.length === 0) return E.left(notFound(ctx, `${what} ${id}`))
    const found = data.filter((r) => r.id === id)
    return found.length === 1 && found[0] !== undefined
      ? E.right(found[0])
      : E.left(
          unexpectedResponse(
            ctx,
            `FluidPay answered a read of ${what} ${id} with ${data.length} others`,
          ),
        )
  }

/** One record by id (FR2, FR7, FR12, FR17), in either shape FluidPay's clients have seen. */
export const readById =
  (env: FluidPayEnv) =>
  <R extends { readonly id: string }>(
    op: Op,
    route: RouteName,
    params: RouteParams,
    codec: t.Type<R | R[] | null | undefined, unknown, unknown>,
    what: string,
    id: string,
  ): TE.TaskEither<VaultError, R> =>
    pipe(
      call(env)(op, route, params),
      TE.chainEitherK(dataAs(env)(op, codec)),
      TE.chainEitherK(oneRecord(env, op, what, id)),
    )

/** What a recurring write answered: a record that decodes (alone or as a list of one), or an id. */
export interface RecordReply<R> {
  readonly record?: R
  readonly id?: string
}

export const readRecordReply = <R extends { readonly id: string }>(
  { envelope, redactor }: Answer,
  codec: t.Type<R, unknown, unknown>,
): RecordReply<R> => {
  const idOf = (u: unknown): string | undefined => {
    const id = E.getOrElseW(() => undefined)(WireId.decode(u))
    return id !== undefined && redactor.text(id) === id ? id : undefined
  }
  const data: unknown = envelope.data
  const one: unknown = Array.isArray(data) && data.length === 1 ? data[0] : data
  const decoded = decodeFast(codec, one)
  if (E.isRight(decoded) && idOf(decoded.right.id) !== undefined) {
    return { record: decoded.right, id: decoded.right.id }
  }
  const id = isObject(one) ? idOf(one['id']) : idOf(one)
  return id === undefined ? {} : { id }
}

/** The record after a confirmed write to `id`: the one the answer carries, or a fresh read. */
export const recordOf = <R extends { readonly id: string }>(
  id: string,
  reply: RecordReply<R>,
  read: () => TE.TaskEither<VaultError, R>,
): TE.TaskEither<VaultError, R> =>
  reply.record !== undefined && reply.record.id === id ? TE.right(reply.record) : read()
