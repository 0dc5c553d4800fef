/**
 * The PayTrace-only calls behind `vault.paytrace`: the profile export (C10), the ACH detail
 * (C8), the Protect.js card replacement (C6), the recurrence exports (R4–R6), the last approved
 * recurring run (R7), and the customer list as a stream.
 *
 * These are not behind `defineVault`, so each guards its own arguments the way the ports are
 * guarded: every argument is copied to plain data (getters, Proxies, BigInt, cycles refused),
 * decoded, checked for keys PayTrace would silently ignore, and the call runs inside a catch.
 * Whatever a caller passes, the answer is a `Left` or a `Right`: nothing throws, nothing rejects.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import * as t from 'io-ts'
import {
  CustomerId,
  CustomerPatch,
  decodeFast,
  defaultRedactor,
  issuesFromDecodeErrors,
  IsoDateTime,
  ListQuery,
  plainArguments,
  RecurrenceId,
  refined,
  ShortText,
  unexpectedResponse,
  validateCustomerPatch,
  validateListQuery,
  validationError,
  written,
  type Customer,
  type CustomerSummary,
  type FieldIssue,
  type Page,
  type Recurrence,
  type VaultError,
  type Written,
} from '@vaultport/core'
import { payTraceCapabilities } from '../capabilities'
import type { PayTraceEnv } from '../env'
import type { RouteName } from '../routes'
import { callById, callWrite, itemsOfRecurrences, withId } from '../request'
import { amountFromWire, customerFromWire, customerPatchToWire, wireDateToIso } from '../translate'
import {
  WireApprovedResponse,
  WireCustomerResponse,
  WireRecurrenceListResponse,
  type WireApprovedRecurringTransaction,
} from '../wire'
import { exportProfiles, filterIssues, listCustomers, type ExportFilter } from './customers'
import {
  exportRecurrencePage,
  readRecurrence,
  recurrencesOrFail,
  type RecurrenceExportQuery,
} from './recurrences'
import { settleCustomer } from './records'

/**
 * The most recent approved run of a customer's recurring payments (R7).
 * @category Extensions
 */
export interface ApprovedRecurringTransaction {
  readonly transactionId: string
  readonly recurrenceId?: string
  readonly customerId?: string
  readonly amount?: { readonly amount: number; readonly currency: 'USD' }
  readonly responseCode?: number
  readonly statusMessage?: string
  readonly approvalCode?: string
  /** ISO date. */
  readonly date?: string
}

/** @category Extensions */
export interface ProtectUpdate {
  readonly hpfToken: string
  readonly encKey: string
  readonly patch?: CustomerPatch
}

// ---- the argument boundary

interface Arg {
  readonly name: string
  readonly codec: t.Mixed
  readonly optional?: boolean
  /** The keys an object argument may have: any other would be ignored without a word. */
  readonly keys?: ReadonlyArray<string>
}

const arg = (name: string, codec: t.Mixed, options: Partial<Arg> = {}): Arg => ({
  name,
  codec,
  ...options,
})

const Text = refined(t.string, 'Text', (s) => s.trim() !== '' && s.length <= 1000)

const ExportFilterArg = t.partial(
  { reference: ShortText, email: ShortText, createdSince: IsoDateTime, includeBin: t.boolean },
  'ExportFilter',
)
const ProtectUpdateArg = t.intersection(
  [t.type({ hpfToken: Text, encKey: Text }), t.partial({ patch: CustomerPatch })],
  'ProtectUpdate',
)
const RecurrenceExportQueryArg = t.partial(
  { limit: t.number, offset: t.number, recurrenceId: RecurrenceId, reference: ShortText },
  'RecurrenceExportQuery',
)

const keyIssues = (a: Arg, value: unknown): FieldIssue[] =>
  a.keys === undefined || typeof value !== 'object' || value === null
    ? []
    : Object.keys(value)
        .filter((k) => !(a.keys as ReadonlyArray<string>).includes(k))
        .map((k) => ({ path: `${a.name}.${k}`, message: 'is not a field PayTrace takes here' }))

/** The arguments as plain, decoded data, or every issue that stops them. Never throws. */
const argumentsOf = (
  args: ReadonlyArray<Arg>,
  given: ReadonlyArray<unknown>,
): E.Either<FieldIssue[], unknown[]> => {
  const plain = plainArguments(
    args.map((a) => a.name),
    given,
  )
  if (E.isLeft(plain)) return plain
  const issues: FieldIssue[] = []
  const values = args.map((a, i) => {
    const value = plain.right[i]
    if (value === undefined && a.optional === true) return undefined
    const d = decodeFast(a.codec, value)
    if (E.isLeft(d)) {
      for (const issue of issuesFromDecodeErrors(d.left))
        issues.push({
          ...issue,
          path: issue.path === '(root)' ? a.name : `${a.name}.${issue.path}`,
        })
      return undefined
    }
    issues.push(...keyIssues(a, d.right))
    return d.right as unknown
  })
  return issues.length === 0 ? E.right(values) : E.left(issues)
}

const crashed = (env: PayTraceEnv, operation: string, e: unknown): VaultError =>
  unexpectedResponse(
    env.ctxOf(operation),
    `PayTrace adapter failed unexpectedly: ${defaultRedactor.text(e instanceof Error ? e.message : String(e))}`,
  )

/**
 * A PayTrace-only call behind the port boundary: arguments guarded, decoded and `check`ed
 * before `run`, and any throw turned into a `Left`.
 */
const guarded =
  <A>(
    env: PayTraceEnv,
    operation: string,
    args: ReadonlyArray<Arg>,
    run: (values: ReadonlyArray<unknown>) => TE.TaskEither<VaultError, A>,
    check: (values: ReadonlyArray<unknown>) => ReadonlyArray<FieldIssue> = () => [],
  ) =>
  (...given: ReadonlyArray<unknown>): TE.TaskEither<VaultError, A> =>
  async () => {
    try {
      const values = argumentsOf(args, given)
      if (E.isLeft(values)) return E.left(validationError(env.ctxOf(operation), values.left))
      const issues = check(values.right)
      if (issues.length > 0) return E.left(validationError(env.ctxOf(operation), issues))
      return await run(values.right)()
    } catch (e) {
      return E.left(crashed(env, operation, e))
    }
  }

const customerArg = arg('customerId', CustomerId)

// ---- the calls

export const exportCustomers = (env: PayTraceEnv) =>
  guarded(
    env,
    'paytrace.exportCustomers',
    [
      arg('filter', ExportFilterArg, {
        optional: true,
        keys: ['reference', 'email', 'createdSince', 'includeBin'],
      }),
    ],
    ([filter]) =>
      exportProfiles(env, 'paytrace.exportCustomers', filter as ExportFilter | undefined),
  )

/** A guarded call without a body on a route whose path names the customer, read by `then`. */
const byCustomer = <W, A>(
  env: PayTraceEnv,
  operation: string,
  route: RouteName,
  codec: t.Type<W, unknown, unknown>,
  then: (w: W) => E.Either<VaultError, A>,
) =>
  guarded(env, operation, [customerArg], ([cid]) =>
    pipe(callById(env, operation, 'customer', cid as string, route, codec), TE.chainEitherK(then)),
  )

export const getAchCustomer = (env: PayTraceEnv) =>
  byCustomer(env, 'paytrace.getAchCustomer', 'customerGetAch', WireCustomerResponse, (r) =>
    E.right(customerFromWire(r.data)),
  )

export const updateCustomerWithProtect = (env: PayTraceEnv) => {
  const operation = 'paytrace.updateCustomerWithProtect'
  return guarded(
    env,
    operation,
    [customerArg, arg('update', ProtectUpdateArg, { keys: ['hpfToken', 'encKey', 'patch'] })],
    ([cid, u]): TE.TaskEither<VaultError, Written<Customer>> => {
      const update = u as ProtectUpdate
      const body = customerPatchToWire(update.patch ?? {}, env.merchantId)
      return withId(env, operation, 'customer', cid as string, (n) =>
        pipe(
          callWrite(env, {
            operation,
            route: 'customerUpdateProtect',
            params: { customer_id: String(n) },
            json: { hpf_token: update.hpfToken, enc_key: update.encKey, ...body.wire },
            idempotent: true,
          }),
          TE.chain((a) => settleCustomer(env, operation, String(n), a)),
          TE.map((c) => written(c, body.warnings)),
        ),
      )
    },
    ([, u]) => {
      const patch = (u as ProtectUpdate).patch
      return patch === undefined
        ? []
        : validateCustomerPatch(payTraceCapabilities, patch).map((i) => ({
            ...i,
            path: `update.patch.${i.path}`,
          }))
    },
  )
}

export const listRecurrencesByCustomer = (env: PayTraceEnv) => {
  const operation = 'paytrace.listRecurrencesByCustomer'
  return byCustomer(env, operation, 'recurrenceListByCustomer', WireRecurrenceListResponse, (l) =>
    recurrencesOrFail(env, operation, itemsOfRecurrences(l).items),
  )
}

export const exportRecurrencesByCustomer = (env: PayTraceEnv) => {
  const operation = 'paytrace.exportRecurrencesByCustomer'
  return guarded(
    env,
    operation,
    [
      customerArg,
      arg('query', RecurrenceExportQueryArg, {
        optional: true,
        keys: ['limit', 'offset', 'recurrenceId', 'reference'],
      }),
    ],
    ([cid, q]): TE.TaskEither<VaultError, Page<Recurrence>> =>
      exportRecurrencePage(env, operation, cid as string, (q ?? {}) as RecurrenceExportQuery),
    ([, query]) => {
      const q = (query ?? {}) as RecurrenceExportQuery
      return [
        ...(q.limit !== undefined && !(Number.isInteger(q.limit) && q.limit >= 1 && q.limit <= 50)
          ? [{ path: 'limit', message: 'must be 1 to 50' }]
          : []),
        ...(q.offset !== undefined && !(Number.isInteger(q.offset) && q.offset >= 0)
          ? [{ path: 'offset', message: 'must be 0 or more' }]
          : []),
      ]
    },
  )
}

export const exportRecurrence = (env: PayTraceEnv) =>
  guarded(env, 'paytrace.exportRecurrence', [arg('recurrenceId', RecurrenceId)], ([id]) =>
    readRecurrence(env, 'paytrace.exportRecurrence', id as string),
  )

export const lastApprovedRecurringTransaction = (env: PayTraceEnv) => {
  const operation = 'paytrace.lastApprovedRecurringTransaction'
  return byCustomer(env, operation, 'recurrenceExportApproved', WireApprovedResponse, (r) =>
    approvedOf(env, operation, r.data),
  )
}

const approvedOf = (
  env: PayTraceEnv,
  operation: string,
  w: WireApprovedRecurringTransaction,
): E.Either<VaultError, ApprovedRecurringTransaction> => {
  const amount = w.amount === undefined ? undefined : amountOf(w.amount)
  if (amount !== undefined && E.isLeft(amount)) {
    return E.left(unexpectedResponse(env.ctxOf(operation), `PayTrace approved run: ${amount.left}`))
  }
  const date = w.date === undefined || w.date === null ? undefined : wireDateToIsoSafe(w.date)
  const code = w.response_code === undefined ? undefined : Number(w.response_code)
  return E.right({
    transactionId: String(w.transaction_id),
    ...(w.recurrence_id === undefined ? {} : { recurrenceId: String(w.recurrence_id) }),
    ...(w.customer_id === undefined ? {} : { customerId: String(w.customer_id) }),
    ...(amount === undefined ? {} : { amount: { amount: amount.right, currency: 'USD' as const } }),
    ...(code === undefined || !Number.isFinite(code) ? {} : { responseCode: code }),
    ...(w.status_message === undefined || w.status_message === null
      ? {}
      : { statusMessage: w.status_message }),
    ...(w.approval_code === undefined || w.approval_code === null
      ? {}
      : { approvalCode: w.approval_code }),
    ...(date === undefined ? {} : { date }),
  })
}

const amountOf = (v: number | string): E.Either<string, number> =>
  E.map((m: { amount: number }) => m.amount)(amountFromWire(v))

const wireDateToIsoSafe = (s: string): string | undefined => {
  const r = wireDateToIso(s)
  return E.isRight(r) ? r.right : undefined
}

/** The query a stream starts from, guarded as `customers.list` guards its own. */
const streamQueryOf = (given: ReadonlyArray<unknown>): E.Either<FieldIssue[], ListQuery> =>
  E.chain(([q]: unknown[]) => {
    const query = (q ?? {}) as ListQuery
    const issues = [
      ...validateListQuery(payTraceCapabilities, query),
      ...filterIssues(query.filter),
    ]
    return issues.length === 0 ? E.right(query) : E.left([...issues])
  })(argumentsOf([arg('query', ListQuery, { optional: true })], given))

/** All customers, page by page (C9), without holding the list; a stop is its last item. */
export const streamCustomers = (env: PayTraceEnv) =>
  async function* (
    ...given: ReadonlyArray<unknown>
  ): AsyncGenerator<E.Either<VaultError, CustomerSummary>, void, undefined> {
    const operation = 'paytrace.streamCustomers'
    try {
      const query = streamQueryOf(given)
      if (E.isLeft(query)) {
        yield E.left(validationError(env.ctxOf(operation), query.left))
        return
      }
      const list = listCustomers(env)
      let cursor = query.right.cursor
      for (;;) {
        const page = await list(
          cursor === undefined ? { ...query.right } : { ...query.right, cursor },
        )()
        if (E.isLeft(page)) {
          yield page
          return
        }
        for (const item of page.right.items) yield E.right(item)
        if (page.right.nextCursor === undefined || page.right.nextCursor === cursor) return
        cursor = page.right.nextCursor
      }
    } catch (e) {
      yield E.left(crashed(env, operation, e))
    }
  }
