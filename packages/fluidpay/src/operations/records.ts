/**
 * The customer record, as every operation group reads and writes it. Addresses and payment
 * methods cannot be fetched one by one (SPEC-FP): they are read from the customer record, and
 * writes that answer `data: null` are followed by a read, so each port returns what it promises.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import type * as t from 'io-ts'
import {
  notFound,
  unexpectedResponse,
  validationError,
  written,
  type PaymentMethod,
  type PaymentMethodId,
  type VaultError,
  type Written,
} from '@vaultport/core'
import type { FluidPayEnv, Op } from '../env'
import { call, dataAs, translated, type Answer } from '../request'
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
  MaybeRecord,
  type CustomerRecord,
  type DefaultsBody,
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

/** A write's record, or a fresh read when it answered `data: null`. */
export const recordAfter =
  (env: FluidPayEnv) =>
  (operation: Op, id: string): ((x: Answer) => TE.TaskEither<VaultError, CustomerRecord>) =>
  (x) =>
    pipe(
      TE.fromEither(dataAs(env)(operation, MaybeRecord)(x)),
      TE.chain((rec) =>
        rec === null || rec === undefined || rec.id !== id
          ? getRecord(env)(operation, id)
          : TE.right(rec),
      ),
    )

export const customerOf = (env: FluidPayEnv) => (operation: Op) => (rec: CustomerRecord) =>
  TE.fromEither(translated(env)(operation)(toCustomer(rec)))

export const methodsOf = (env: FluidPayEnv) => (operation: Op) => (rec: CustomerRecord) =>
  TE.fromEither(translated(env)(operation)(storedMethods(rec)))

export const findMethod =
  (env: FluidPayEnv) =>
  (
    operation: Op,
    rec: CustomerRecord,
    id: PaymentMethodId,
  ): TE.TaskEither<VaultError, StoredMethod> =>
    pipe(
      methodsOf(env)(operation)(rec),
      TE.chain((ms) => {
        const m = ms.find((x) => x.method.id === id)
        return m === undefined
          ? TE.left(notFound(env.ctxOf(operation), `payment method ${id}`))
          : TE.right(m)
      }),
    )

export const updateDefaults =
  (env: FluidPayEnv) =>
  (
    operation: Op,
    rec: CustomerRecord,
    change: DefaultsBody,
  ): TE.TaskEither<VaultError, CustomerRecord> =>
    pipe(
      call(env)(operation, 'updateCustomer', { customerId: rec.id }, {
        defaults: defaultsBody(rec.data.customer.defaults, change),
      } satisfies UpdateCustomerBody),
      TE.chain(() => getRecord(env)(operation, rec.id)),
    )

/** Updates a stored card or ACH account and reads it back from the record. */
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
        {
          customerId: cid,
          paymentMethodId: m.method.id,
        },
        body,
      ),
      TE.chain(recordAfter(env)(op, cid)),
      TE.chain((rec) => findMethod(env)(op, rec, m.method.id)),
      TE.map((x) => written(x.method)),
    )

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
