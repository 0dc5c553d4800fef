/**
 * The Valor-only calls behind `vault.valor`: a customer's transactions (V6), the removal of a
 * whole address entry (V16), and the reconciling of a subscription add whose outcome is unknown
 * (VR6 by start date and `invoice_no`). They run outside `defineVault`, so `guardExtension` does
 * what it does for the ports: every argument is copied to plain data or refused (a getter, a
 * Proxy, a BigInt, a cycle: Validation), then checked; nothing thrown escapes, nothing rejects.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  decodeFast,
  issuesFromDecodeErrors,
  IsoDate,
  notFound,
  RecurrenceInput,
  vaultError,
  type Recurrence,
  offsetCursor,
  plainArguments,
  readOffsetCursor,
  unexpectedResponse,
  validationError,
  type FieldIssue,
  type Page,
} from '@vaultport/core'
import { ctxOf, type ValorEnv } from '../env'
import { idProblem, read, subscriptionsOf, type Task } from '../request'
import { defaultQueryNames } from '../routes'
import {
  isWireId,
  paymentInfoOf,
  transactionFromWire,
  wireText,
  type ValorTransaction,
} from '../translate'
import { TransactionsResponse } from '../wire'
import { deleteEntry } from './addresses'
import { listBoth, toRecurrence } from './records'
import { prepareAdd } from './recurrences'

/** @category Extensions */
export interface CustomerTransactionsQuery {
  /** First day, `YYYY-MM-DD` (sent as `start_date`). */
  readonly from?: string
  /** Last day, `YYYY-MM-DD` (sent as `end_date`). */
  readonly to?: string
  /** From a previous page's `nextCursor`. */
  readonly cursor?: string
  /** 1–100; default 25. */
  readonly pageSize?: number
}

export const listCustomerTransactions =
  (env: ValorEnv) =>
  (customer: string, query: CustomerTransactionsQuery = {}): Task<Page<ValorTransaction>> => {
    const op = 'valor.listCustomerTransactions'
    const bad = idProblem(env, op, [['customerId', customer]])
    if (bad !== undefined) return TE.left(bad)
    const issues = transactionQueryIssues(query)
    if (issues.length > 0) return TE.left(validationError(env.ctxOf(op), issues))
    if (!isWireId(customer)) return TE.left(notFound(env.ctxOf(op), `Valor customer ${customer}`))
    const offset = readOffsetCursor(query.cursor) ?? 0
    const limit = query.pageSize ?? 25
    const names = defaultQueryNames.customerTransactions
    return pipe(
      read(
        env,
        {
          op,
          route: 'customerTransactions',
          params: { customer },
          query: {
            [names.from]: query.from,
            [names.to]: query.to,
            [names.limit]: limit,
            [names.offset]: offset,
          },
        },
        TransactionsResponse,
      ),
      TE.map((r) => {
        const items = (r.data ?? []).map(transactionFromWire)
        const next = offset + items.length
        const more = r.total_count !== undefined ? next < r.total_count : items.length >= limit
        return {
          items,
          ...(more && items.length > 0 ? { nextCursor: offsetCursor(next) } : {}),
          ...(r.total_count === undefined ? {} : { totalCount: r.total_count }),
        }
      }),
    )
  }

const QUERY_KEYS = new Set(['from', 'to', 'cursor', 'pageSize'])

const transactionQueryIssues = (q: CustomerTransactionsQuery): FieldIssue[] => {
  if (q === null || typeof q !== 'object' || Array.isArray(q)) {
    return [{ path: 'query', message: 'must be an object' }]
  }
  const out: FieldIssue[] = Object.keys(q)
    .filter((k) => !QUERY_KEYS.has(k) && (q as Record<string, unknown>)[k] !== undefined)
    .map((k) => ({
      path: `query.${k}`,
      message: 'is not a query Valor takes (from, to, cursor, pageSize)',
    }))
  for (const k of ['from', 'to'] as const) {
    if (q[k] !== undefined && !IsoDate.is(q[k]))
      out.push({ path: k, message: 'must be YYYY-MM-DD' })
  }
  if (
    q.from !== undefined &&
    q.to !== undefined &&
    IsoDate.is(q.from) &&
    IsoDate.is(q.to) &&
    q.from > q.to
  ) {
    out.push({ path: 'to', message: 'is before from' })
  }
  if (
    q.pageSize !== undefined &&
    (!Number.isInteger(q.pageSize) || q.pageSize < 1 || q.pageSize > 100)
  ) {
    out.push({ path: 'pageSize', message: 'must be an integer from 1 to 100' })
  }
  if (
    q.cursor !== undefined &&
    (typeof q.cursor !== 'string' || readOffsetCursor(q.cursor) === undefined)
  ) {
    out.push({ path: 'cursor', message: 'is not a cursor from this listing' })
  }
  return out
}

/** V16 on a whole entry: both halves go. */
export const removeAddressEntry =
  (env: ValorEnv) =>
  (customer: string, entryId: string): Task<void> => {
    const op = 'valor.removeAddressEntry'
    const bad = idProblem(env, op, [
      ['customerId', customer],
      ['entryId', entryId],
    ])
    if (bad !== undefined) return TE.left(bad)
    return isWireId(customer) && isWireId(entryId)
      ? deleteEntry(env, op, customer, entryId)
      : TE.left(notFound(env.ctxOf(op), `Valor address entry ${entryId}`))
  }

/**
 * The subscription an add with this input made, found by its `invoice_no` among the
 * subscriptions starting on its start date (VR6, active and inactive); undefined when none
 * carries it; Conflict when several do (the add was sent more than once).
 */
export const findRecurrence =
  (env: ValorEnv) =>
  (given: RecurrenceInput): Task<Recurrence | undefined> => {
    const op = 'valor.findRecurrence'
    // Outside defineVault: decoded here as `recurrences.create` decodes its input.
    const decoded = decodeFast(RecurrenceInput, given)
    if (E.isLeft(decoded)) {
      const issues = issuesFromDecodeErrors(decoded.left).map((i) => ({
        ...i,
        path: i.path === '(root)' ? 'input' : i.path,
      }))
      return TE.left(validationError(env.ctxOf(op), issues))
    }
    const input = decoded.right
    const subs = subscriptionsOf(env, op)
    if (E.isLeft(subs)) return TE.left(subs.left)
    const s = subs.right
    return pipe(
      prepareAdd(env, s, op, input, false),
      TE.chain((p) =>
        pipe(
          listBoth(env, s, op, { startsFrom: p.startDate }),
          TE.chainEitherK((items) => {
            const hits = items.filter((i) => {
              const owner = paymentInfoOf(i, s.keys).customerId
              return (
                wireText(i[s.keys.invoiceNo]) === p.reference &&
                (owner === undefined || owner === p.customer)
              )
            })
            if (hits.length > 1) {
              return E.left(
                vaultError(
                  'Conflict',
                  env.ctxOf(op),
                  `${hits.length} Valor subscriptions carry invoice_no ${p.reference}: the add was sent more than once; keep one`,
                ),
              )
            }
            const [hit] = hits
            return hit === undefined
              ? E.right(undefined)
              : toRecurrence(env, s, op, hit, { customerId: p.customer, paymentProfileId: p.card })
          }),
        ),
      ),
    )
  }

/**
 * An extension outside `defineVault`, guarded as `defineVault` guards the ports: its arguments
 * (named `names`, for the issues) are copied to plain data first, or refused as Validation; a
 * throw anywhere becomes a Left. Calling it never throws and its task never rejects.
 */
export const guardExtension =
  <Args extends ReadonlyArray<unknown>, A>(
    operation: string,
    names: ReadonlyArray<string>,
    f: (...args: Args) => Task<A>,
  ) =>
  (...args: Args): Task<A> =>
  async () => {
    try {
      const plain = plainArguments(names, args)
      if (E.isLeft(plain)) return E.left(validationError(ctxOf(operation), plain.left))
      return await f(...(plain.right as unknown as Args))()
    } catch (e) {
      return E.left(
        unexpectedResponse(
          ctxOf(operation),
          `valor adapter failed unexpectedly: ${e instanceof Error ? e.name : 'error'}`,
        ),
      )
    }
  }
