/**
 * FluidPay's own calls beyond the ports (`vault.fluidpay`): the full F5 search and a stored
 * method's flags. They are not behind `defineVault`, so they guard their own arguments: each is
 * copied to plain data first (a getter, a Proxy, a BigInt, a cycle is a `Validation` Left) and
 * checked; nothing throws synchronously, nothing rejects.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import {
  CustomerId,
  PaymentMethodId,
  plainArguments,
  unexpectedResponse,
  validationError,
  type Customer,
  type FieldIssue,
  type PaymentMethod,
  type VaultError,
  type Written,
} from '@vaultport/core'
import { envRedactor, type FluidPayEnv, type Op } from '../env'
import { translated } from '../request'
import { idsProblem } from '../routes'
import { compact, toCustomer, type FluidPaySearchCriteria } from '../translate'
import { RecordList } from '../wire'
import { findMethod, getRecord, nextOffsetOf, runSearch, writeMethod } from './records'

/** @category Extensions */
export interface FluidPaySearchResult {
  readonly customers: ReadonlyArray<Customer>
  readonly totalCount?: number
  /** The offset of the next page, while more match. */
  readonly nextOffset?: number
}

/**
 * An extension: its arguments as plain data, checked by `check` (field issues, or the typed
 * arguments), then run; a throw anywhere is a Left.
 */
export const guarded =
  <Args extends ReadonlyArray<unknown>, A>(
    env: FluidPayEnv,
    op: Op,
    names: ReadonlyArray<string>,
    check: (args: ReadonlyArray<unknown>) => E.Either<ReadonlyArray<FieldIssue>, Args>,
    f: (...args: Args) => TE.TaskEither<VaultError, A>,
  ) =>
  (...args: ReadonlyArray<unknown>): TE.TaskEither<VaultError, A> =>
  async () => {
    try {
      const plain = plainArguments(names, args)
      const checked = E.isLeft(plain) ? plain : check(plain.right)
      if (E.isLeft(checked)) return E.left(validationError(env.ctxOf(op), checked.left))
      return await f(...checked.right)()
    } catch (e) {
      const detail = envRedactor(env).text(e instanceof Error ? e.message : String(e))
      return E.left(
        unexpectedResponse(env.ctxOf(op), `FluidPay adapter failed unexpectedly: ${detail}`),
      )
    }
  }

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const CRITERIA_KEYS = ['filters', 'createdAt', 'updatedAt', 'limit', 'offset']

/** The shape of search criteria; the values are checked by `searchBody`. */
export const criteriaIssues = (u: unknown): ReadonlyArray<FieldIssue> => {
  if (u === undefined) return []
  if (!isRecord(u)) return [{ path: 'criteria', message: 'must be an object' }]
  const issues: FieldIssue[] = []
  for (const key of Object.keys(u)) {
    if (!CRITERIA_KEYS.includes(key)) {
      issues.push({ path: `criteria.${key}`, message: 'is not a FluidPay search criterion' })
    }
  }
  const filters = u['filters']
  if (filters !== undefined && !isRecord(filters)) {
    issues.push({ path: 'criteria.filters', message: 'must be an object' })
  }
  for (const [field, c] of Object.entries(isRecord(filters) ? filters : {})) {
    const ok =
      c === undefined ||
      typeof c === 'string' ||
      (isRecord(c) &&
        typeof c['value'] === 'string' &&
        (c['operator'] === undefined || typeof c['operator'] === 'string') &&
        Object.keys(c).every((k) => k === 'value' || k === 'operator'))
    if (!ok) {
      issues.push({
        path: `criteria.filters.${field}`,
        message: 'must be a string or { value, operator }',
      })
    }
  }
  for (const key of ['createdAt', 'updatedAt'] as const) {
    const r = u[key]
    if (r === undefined) continue
    const ok =
      isRecord(r) &&
      Object.entries(r).every(
        ([k, v]) => (k === 'start' || k === 'end') && (v === undefined || typeof v === 'string'),
      )
    if (!ok) issues.push({ path: `criteria.${key}`, message: 'must be { start?, end? } strings' })
  }
  for (const key of ['limit', 'offset'] as const) {
    const v = u[key]
    if (v !== undefined && typeof v !== 'number') {
      issues.push({ path: `criteria.${key}`, message: 'must be a number' })
    }
  }
  return issues
}

export const search = (env: FluidPayEnv) =>
  guarded(
    env,
    'fluidpay.search',
    ['criteria'],
    ([criteria]): E.Either<ReadonlyArray<FieldIssue>, [FluidPaySearchCriteria]> => {
      const issues = criteriaIssues(criteria)
      return issues.length > 0
        ? E.left(issues)
        : E.right([(criteria ?? {}) as FluidPaySearchCriteria])
    },
    (criteria: FluidPaySearchCriteria) => {
      const op = 'fluidpay.search'
      return pipe(
        runSearch(env)(op, criteria, RecordList),
        TE.chain(({ records, totalCount }) =>
          pipe(
            TE.fromEither(
              translated(env)(op)(
                E.sequenceArray(records.map(toCustomer)) as E.Either<string, Customer[]>,
              ),
            ),
            TE.map((customers) =>
              compact<FluidPaySearchResult>({
                customers,
                totalCount,
                nextOffset: nextOffsetOf(
                  criteria.offset ?? 0,
                  criteria.limit ?? 10,
                  records.length,
                  totalCount,
                ),
              }),
            ),
          ),
        ),
      )
    },
  )

const SET_FLAGS = 'fluidpay.setPaymentMethodFlags'

export const setPaymentMethodFlags = (env: FluidPayEnv) =>
  guarded(
    env,
    SET_FLAGS,
    ['customerId', 'paymentMethodId', 'flags'],
    ([cid, pmId, flags]): E.Either<
      ReadonlyArray<FieldIssue>,
      [CustomerId, PaymentMethodId, ReadonlyArray<string>]
    > => {
      const issues: FieldIssue[] = []
      if (!CustomerId.is(cid)) issues.push({ path: 'customerId', message: 'must be an id' })
      if (!PaymentMethodId.is(pmId)) {
        issues.push({ path: 'paymentMethodId', message: 'must be an id' })
      }
      if (issues.length === 0) {
        const unsafe = idsProblem(env.ctxOf(SET_FLAGS), {
          customerId: cid as string,
          paymentMethodId: pmId as string,
        })
        if (unsafe !== undefined) issues.push(...unsafe.issues)
      }
      if (!Array.isArray(flags) || !flags.every((f) => typeof f === 'string')) {
        issues.push({ path: 'flags', message: 'must be an array of strings' })
      }
      return issues.length > 0
        ? E.left(issues)
        : E.right([cid as CustomerId, pmId as PaymentMethodId, flags as string[]])
    },
    (
      cid: CustomerId,
      pmId: PaymentMethodId,
      flags: ReadonlyArray<string>,
    ): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
      const op = SET_FLAGS
      return pipe(
        getRecord(env)(op, cid),
        TE.chain((rec) => findMethod(env)(op, rec, pmId)),
        TE.chain((m) => writeMethod(env)(op, cid, m, { flags: [...flags] })),
      )
    },
  )
