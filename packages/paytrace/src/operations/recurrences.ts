/**
 * The recurrences port over PayTrace recurring payments: create (R1), read (R6), update (R2),
 * delete (R3) and a customer's recurrences page by page (R5).
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  unexpectedResponse,
  validationError,
  written,
  type ListQuery,
  type Page,
  type Recurrence,
  type RecurrenceInput,
  type RecurrencePatch,
  type VaultError,
  type Written,
} from '@vaultport/core'
import type { PayTraceEnv } from '../env'
import {
  call,
  callById,
  DEFAULT_PAGE,
  fail,
  itemsOfRecurrences,
  pageOf,
  withId,
  withOffset,
} from '../request'
import { recurrenceFromWire, recurrenceInputToWire, recurrencePatchToWire } from '../translate'
import {
  WireAck,
  WireRecurrenceCreated,
  WireRecurrenceListResponse,
  WireRecurrenceResponse,
  type WireRecurrence,
} from '../wire'

export interface RecurrenceExportQuery {
  /** 1–50 (default 50). */
  readonly limit?: number
  readonly offset?: number
  /** Export only this recurrence. */
  readonly recurrenceId?: string
  /** Must be the customer's label when given (PayTrace checks it). */
  readonly reference?: string
}

/** The recurrences of an answer; one PayTrace cannot describe makes the answer unexpected. */
export const recurrencesOrFail = (
  env: PayTraceEnv,
  operation: string,
  wires: ReadonlyArray<WireRecurrence>,
): E.Either<VaultError, Recurrence[]> => {
  const out: Recurrence[] = []
  for (const w of wires) {
    const r = recurrenceFromWire(w)
    if (E.isLeft(r)) {
      return E.left(
        unexpectedResponse(env.ctxOf(operation), `PayTrace recurrence ${String(w.id)}: ${r.left}`),
      )
    }
    out.push(r.right)
  }
  return E.right(out)
}

const recurrenceOrFail = (
  env: PayTraceEnv,
  operation: string,
  w: WireRecurrence,
): E.Either<VaultError, Recurrence> =>
  E.map((rs: Recurrence[]) => rs[0] as Recurrence)(recurrencesOrFail(env, operation, [w]))

export const createRecurrence =
  (env: PayTraceEnv) =>
  (input: RecurrenceInput): TE.TaskEither<VaultError, Written<Recurrence>> => {
    const operation = 'recurrences.create'
    const body = recurrenceInputToWire(input)
    if (E.isLeft(body)) return fail(validationError(env.ctxOf(operation), body.left))
    return withId(env, operation, 'customer', input.customerId, (n) =>
      pipe(
        call(
          env,
          {
            operation,
            route: 'recurrenceCreate',
            json: { customer_id: n, recurrence: body.right.wire, ...env.merchant },
            idempotent: false,
          },
          WireRecurrenceCreated,
        ),
        TE.chain((r) =>
          'recurrence_id' in r.data && !('id' in r.data)
            ? readRecurrence(env, operation, String(r.data.recurrence_id))
            : TE.fromEither(recurrenceOrFail(env, operation, r.data as WireRecurrence)),
        ),
        TE.map((r) => written(r, body.right.warnings)),
      ),
    )
  }

/** One recurrence by id (R6), read for `operation`. */
export const readRecurrence = (
  env: PayTraceEnv,
  operation: string,
  id: string,
): TE.TaskEither<VaultError, Recurrence> =>
  pipe(
    callById(env, operation, 'recurrence', id, 'recurrenceExportById', WireRecurrenceResponse),
    TE.chainEitherK((r) =>
      recurrenceOrFail(env, operation, 'recurrence' in r.data ? r.data.recurrence : r.data),
    ),
  )

export const getRecurrence =
  (env: PayTraceEnv) =>
  (id: string): TE.TaskEither<VaultError, Recurrence> =>
    readRecurrence(env, 'recurrences.get', id)

export const updateRecurrence =
  (env: PayTraceEnv) =>
  (id: string, patch: RecurrencePatch): TE.TaskEither<VaultError, Written<Recurrence>> => {
    const operation = 'recurrences.update'
    const body = recurrencePatchToWire(patch)
    if (E.isLeft(body)) return fail(validationError(env.ctxOf(operation), body.left))
    return withId(env, operation, 'recurrence', id, (n) =>
      pipe(
        call(
          env,
          {
            operation,
            route: 'recurrenceUpdate',
            json: {
              recurrence: { ...body.right.wire.recurrence, id: String(n) },
              ...env.merchant,
              ...(body.right.wire.nextDate === undefined
                ? {}
                : { next_date: body.right.wire.nextDate }),
            },
            idempotent: true,
          },
          WireRecurrenceResponse,
        ),
        TE.chainEitherK((r) =>
          recurrenceOrFail(env, operation, 'recurrence' in r.data ? r.data.recurrence : r.data),
        ),
        TE.map((r) => written(r, body.right.warnings)),
      ),
    )
  }

export const deleteRecurrence =
  (env: PayTraceEnv) =>
  (id: string): TE.TaskEither<VaultError, void> =>
    withId(env, 'recurrences.delete', 'recurrence', id, (n) =>
      pipe(
        call(
          env,
          {
            operation: 'recurrences.delete',
            route: 'recurrenceDelete',
            json: { recurrence: { id: String(n) }, ...env.merchant },
            idempotent: true,
          },
          WireAck,
        ),
        TE.map(() => undefined),
      ),
    )

/** A page of a customer's recurrences (R5), or just one when `q.recurrenceId` is given. */
export const exportRecurrencePage = (
  env: PayTraceEnv,
  operation: string,
  cid: string,
  q: RecurrenceExportQuery,
): TE.TaskEither<VaultError, Page<Recurrence>> => {
  const limit = q.limit ?? DEFAULT_PAGE
  const offset = q.offset ?? 0
  return withId(env, operation, 'customer', cid, (n) =>
    pipe(
      call(
        env,
        {
          operation,
          route: 'recurrenceExportByCustomer',
          params: { customer_id: String(n) },
          json: {
            ...env.merchant,
            ...(q.reference === undefined ? {} : { customer_label: q.reference }),
            ...(q.recurrenceId === undefined ? {} : { recurrence: { id: q.recurrenceId } }),
            limit,
            offset,
          },
          idempotent: true,
        },
        WireRecurrenceListResponse,
      ),
      TE.chainEitherK((l) => {
        const { items, total } = itemsOfRecurrences(l)
        return E.map((rs: Recurrence[]) => pageOf(rs, offset, limit, total))(
          recurrencesOrFail(env, operation, items),
        )
      }),
    ),
  )
}

export const listRecurrences =
  (env: PayTraceEnv) =>
  (cid: string, query: ListQuery = {}): TE.TaskEither<VaultError, Page<Recurrence>> => {
    const operation = 'recurrences.listByCustomer'
    return withOffset(env, operation, query.cursor, (offset) =>
      exportRecurrencePage(env, operation, cid, {
        offset,
        limit: query.pageSize ?? DEFAULT_PAGE,
      }),
    )
  }
