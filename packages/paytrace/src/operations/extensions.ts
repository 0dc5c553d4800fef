/**
 * The PayTrace-only calls behind `vault.paytrace`: the profile export (C10), the ACH detail
 * (C8), the Protect.js card replacement (C6), the recurrence exports (R4–R6), the last approved
 * recurring run (R7), and the customer list as a stream.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  unexpectedResponse,
  validationError,
  written,
  type Customer,
  type CustomerPatch,
  type CustomerSummary,
  type ListQuery,
  type Page,
  type Recurrence,
  type VaultError,
  type Written,
} from '@vaultport/core'
import type { PayTraceEnv } from '../env'
import { call, callById, fail, itemsOfRecurrences, withId } from '../request'
import { amountFromWire, customerFromWire, customerPatchToWire, wireDateToIso } from '../translate'
import {
  WireApprovedResponse,
  WireCustomerResponse,
  WireRecurrenceListResponse,
  type WireApprovedRecurringTransaction,
} from '../wire'
import { exportProfiles, listCustomers, type ExportFilter } from './customers'
import {
  exportRecurrencePage,
  readRecurrence,
  recurrencesOrFail,
  type RecurrenceExportQuery,
} from './recurrences'
import { settleCustomer } from './records'

/** The most recent approved run of a customer's recurring payments (R7). */
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

export interface ProtectUpdate {
  readonly hpfToken: string
  readonly encKey: string
  readonly patch?: CustomerPatch
}

export const exportCustomers =
  (env: PayTraceEnv) =>
  (filter?: ExportFilter): TE.TaskEither<VaultError, ReadonlyArray<Customer>> =>
    exportProfiles(env, 'paytrace.exportCustomers', filter)

export const getAchCustomer =
  (env: PayTraceEnv) =>
  (cid: string): TE.TaskEither<VaultError, Customer> =>
    pipe(
      callById(
        env,
        'paytrace.getAchCustomer',
        'customer',
        cid,
        'customerGetAch',
        WireCustomerResponse,
      ),
      TE.map((r) => customerFromWire(r.data)),
    )

export const updateCustomerWithProtect =
  (env: PayTraceEnv) =>
  (cid: string, update: ProtectUpdate): TE.TaskEither<VaultError, Written<Customer>> => {
    const operation = 'paytrace.updateCustomerWithProtect'
    const body = customerPatchToWire(update.patch ?? {}, env.merchantId)
    return withId(env, operation, 'customer', cid, (n) =>
      pipe(
        call(
          env,
          {
            operation,
            route: 'customerUpdateProtect',
            params: { customer_id: String(n) },
            json: { hpf_token: update.hpfToken, enc_key: update.encKey, ...body.wire },
            idempotent: true,
          },
          WireCustomerResponse,
        ),
        TE.chain((r) => settleCustomer(env, operation, n, r.data)),
        TE.map((c) => written(c, body.warnings)),
      ),
    )
  }

export const listRecurrencesByCustomer =
  (env: PayTraceEnv) =>
  (cid: string): TE.TaskEither<VaultError, ReadonlyArray<Recurrence>> => {
    const operation = 'paytrace.listRecurrencesByCustomer'
    return pipe(
      callById(
        env,
        operation,
        'customer',
        cid,
        'recurrenceListByCustomer',
        WireRecurrenceListResponse,
      ),
      TE.chainEitherK((l) => recurrencesOrFail(env, operation, itemsOfRecurrences(l).items)),
    )
  }

export const exportRecurrencesByCustomer =
  (env: PayTraceEnv) =>
  (cid: string, q: RecurrenceExportQuery = {}): TE.TaskEither<VaultError, Page<Recurrence>> => {
    const operation = 'paytrace.exportRecurrencesByCustomer'
    if (q.limit !== undefined && !(Number.isInteger(q.limit) && q.limit >= 1 && q.limit <= 50)) {
      return fail(
        validationError(env.ctxOf(operation), [{ path: 'limit', message: 'must be 1 to 50' }]),
      )
    }
    if (q.offset !== undefined && !(Number.isInteger(q.offset) && q.offset >= 0)) {
      return fail(
        validationError(env.ctxOf(operation), [{ path: 'offset', message: 'must be 0 or more' }]),
      )
    }
    return exportRecurrencePage(env, operation, cid, q)
  }

export const exportRecurrence =
  (env: PayTraceEnv) =>
  (id: string): TE.TaskEither<VaultError, Recurrence> =>
    readRecurrence(env, 'paytrace.exportRecurrence', id)

export const lastApprovedRecurringTransaction =
  (env: PayTraceEnv) =>
  (cid: string): TE.TaskEither<VaultError, ApprovedRecurringTransaction> => {
    const operation = 'paytrace.lastApprovedRecurringTransaction'
    return pipe(
      callById(env, operation, 'customer', cid, 'recurrenceExportApproved', WireApprovedResponse),
      TE.chainEitherK((r) => approvedOf(env, operation, r.data)),
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

/** All customers, page by page (C9), without holding the list. */
export const streamCustomers = (env: PayTraceEnv) =>
  async function* (
    query: ListQuery = {},
  ): AsyncGenerator<E.Either<VaultError, CustomerSummary>, void, undefined> {
    const list = listCustomers(env)
    let cursor = query.cursor
    for (;;) {
      const page = await list(cursor === undefined ? { ...query } : { ...query, cursor })()
      if (E.isLeft(page)) {
        yield page
        return
      }
      for (const item of page.right.items) yield E.right(item)
      if (page.right.nextCursor === undefined || page.right.nextCursor === cursor) return
      cursor = page.right.nextCursor
    }
  }
