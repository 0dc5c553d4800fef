/**
 * The recurrences port over PayTrace recurring payments: create (R1), read (R6), update (R2),
 * delete (R3) and a customer's recurrences page by page (R5). PayTrace charges on the day of the
 * date a schedule was given, so a billing day is checked against that date before any write: the
 * start date on create, the next date on update (read first when the patch does not send it).
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  Recurrence,
  unexpectedResponse,
  validationError,
  written,
  type ListQuery,
  type Page,
  type RecurrenceInput,
  type RecurrencePatch,
  type RecurrencesPort,
  type PortOperations,
  type VaultError,
  type Warning,
  type Written,
} from '@vaultport/core'
import type { PayTraceEnv } from '../env'
import {
  afterWrite,
  call,
  callById,
  callWrite,
  DEFAULT_PAGE,
  fail,
  itemsOfRecurrences,
  namelessWrite,
  pageOf,
  representable,
  withId,
  withOffset,
  writtenIdIn,
  writtenRecordIn,
  type Answer,
} from '../request'
import {
  billingDayCheck,
  DEFAULT_SCHEDULE_RULES,
  idText,
  namesBillingDay,
  recurrenceFromWire,
  recurrenceInputToWire,
  recurrencePatchToWire,
} from '../translate'
import { WireRecurrence, WireRecurrenceListResponse, WireRecurrenceResponse } from '../wire'

/** @category Extensions */
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
    const r = recurrenceFromWire(w, env.schedules)
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

/** Where a recurrence write answer names the recurrence's id. */
const RECURRENCE_ID_KEYS = ['id', 'recurrence_id'] as const

/** The recurrence the answer carries: a record with its schedule, not a bare id. */
const recurrenceIn = (a: Answer): WireRecurrence | undefined =>
  writtenRecordIn(a.json, WireRecurrence, ['recurrence'], (w) => w.frequency !== undefined)

/**
 * The recurrence `id` after PayTrace confirmed a write to it: the answer's, else a read (R6).
 * Any failure is `ConfirmedUnread` with the id.
 */
const settleRecurrence = (
  env: PayTraceEnv,
  operation: string,
  id: string,
  a: Answer,
): TE.TaskEither<VaultError, Recurrence> => {
  const carried = recurrenceIn(a)
  return pipe(
    carried === undefined
      ? readRecurrence(env, operation, id, a.secrets)
      : TE.fromEither(recurrenceOrFail(env, operation, carried)),
    TE.chainEitherK((r) => representable(env, operation, Recurrence, r)),
    afterWrite(env, operation, id),
  )
}

export const createRecurrence =
  (env: PayTraceEnv) =>
  (input: RecurrenceInput): TE.TaskEither<VaultError, Written<Recurrence>> => {
    const operation = 'recurrences.create'
    const body = recurrenceInputToWire(input, env.schedules)
    if (E.isLeft(body)) return fail(validationError(env.ctxOf(operation), body.left))
    return withId(env, operation, 'customer', input.customerId, (n) =>
      pipe(
        callWrite(env, {
          operation,
          route: 'recurrenceCreate',
          json: { customer_id: n, recurrence: body.right.wire, ...env.merchant },
          idempotent: false,
        }),
        TE.chain((a) => {
          const carried = recurrenceIn(a)
          const id =
            carried === undefined
              ? writtenIdIn(a.json, RECURRENCE_ID_KEYS, ['recurrence'])
              : idText(carried.id)
          return id === undefined
            ? fail<Recurrence>(namelessWrite(env, operation, a))
            : settleRecurrence(env, operation, id, a)
        }),
        TE.map((r) => written(r, body.right.warnings)),
      ),
    )
  }

/** One recurrence by id (R6), read for `operation`. */
export const readRecurrence = (
  env: PayTraceEnv,
  operation: string,
  id: string,
  secrets: ReadonlyArray<string> = [],
): TE.TaskEither<VaultError, Recurrence> =>
  pipe(
    callById(
      env,
      operation,
      'recurrence',
      id,
      'recurrenceExportById',
      WireRecurrenceResponse,
      secrets,
    ),
    TE.chainEitherK((r) =>
      recurrenceOrFail(env, operation, 'recurrence' in r.data ? r.data.recurrence : r.data),
    ),
  )

export const getRecurrence =
  (env: PayTraceEnv) =>
  (id: string): TE.TaskEither<VaultError, Recurrence> =>
    readRecurrence(env, 'recurrences.get', id)

/**
 * Whether the billing day survives a patch that sends only one of schedule and next date: PayTrace
 * keeps the day of the next date it is given, so a next date alone must fall on the stored
 * schedule's day, and a schedule naming a day alone must name the stored next date's. Reads the
 * stored recurrence (R6) only then; the warnings join the write's.
 */
const billingDayKept = (
  env: PayTraceEnv,
  operation: string,
  id: string,
  patch: RecurrencePatch,
): TE.TaskEither<VaultError, ReadonlyArray<Warning>> => {
  const schedule = patch.schedule
  const needsStored =
    schedule === undefined ? patch.nextDate !== undefined : patch.nextDate === undefined
  if (!needsStored || (schedule !== undefined && !namesBillingDay(schedule))) return TE.right([])
  return pipe(
    readRecurrence(env, operation, id),
    TE.chain((stored) => {
      const next = patch.nextDate ?? stored.nextDate
      if (next === undefined) return TE.right([])
      // A stored day was not named by the caller: only whether it stays is asked of it.
      const rules = schedule === undefined ? DEFAULT_SCHEDULE_RULES : env.schedules
      const day = billingDayCheck(schedule ?? stored.schedule, next, 'next date', rules)
      return day.issues.length > 0
        ? fail<ReadonlyArray<Warning>>(validationError(env.ctxOf(operation), day.issues))
        : TE.right(day.warnings)
    }),
  )
}

export const updateRecurrence =
  (env: PayTraceEnv) =>
  (id: string, patch: RecurrencePatch): TE.TaskEither<VaultError, Written<Recurrence>> => {
    const operation = 'recurrences.update'
    const body = recurrencePatchToWire(patch, env.schedules)
    if (E.isLeft(body)) return fail(validationError(env.ctxOf(operation), body.left))
    return withId(env, operation, 'recurrence', id, (n) =>
      pipe(
        billingDayKept(env, operation, String(n), patch),
        TE.chain((dayWarnings) =>
          pipe(
            callWrite(env, {
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
            }),
            TE.chain((a) => settleRecurrence(env, operation, String(n), a)),
            TE.map((r) => written(r, [...body.right.warnings, ...dayWarnings])),
          ),
        ),
      ),
    )
  }

export const deleteRecurrence =
  (env: PayTraceEnv) =>
  (id: string): TE.TaskEither<VaultError, void> =>
    withId(env, 'recurrences.delete', 'recurrence', id, (n) =>
      pipe(
        callWrite(env, {
          operation: 'recurrences.delete',
          route: 'recurrenceDelete',
          json: { recurrence: { id: String(n) }, ...env.merchant },
          idempotent: true,
        }),
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

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const recurrenceOperations: PortOperations<PayTraceEnv, RecurrencesPort> = {
  create: createRecurrence,
  get: getRecurrence,
  update: updateRecurrence,
  delete: deleteRecurrence,
  listByCustomer: listRecurrences,
}
