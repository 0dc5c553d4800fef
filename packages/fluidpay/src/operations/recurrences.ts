/**
 * The recurrences port over FluidPay subscriptions (`/api/recurring/subscription`): create
 * (FR16), get (FR17), update (FR19, then the status changes of FR21), delete (FR20) and a
 * customer's subscriptions (FR18, a search on `customer.id`).
 *
 * A create or update FluidPay confirmed is read back (from its answer when that carries the
 * record, else by id), and what the read-back does not show as written is a `not_kept` warning.
 * Once one write of an operation is confirmed, any later failure is `ConfirmedUnread` with the
 * subscription's id; a create confirmed without an id is `OutcomeUnknown`.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import {
  notFound,
  offsetCursor,
  readOffsetCursor,
  validationError,
  written,
  type CustomerId,
  type FieldIssue,
  type ListQuery,
  type Page,
  type PaymentMethodId,
  type PortOperations,
  type Recurrence,
  type RecurrenceId,
  type RecurrenceInput,
  type RecurrencePatch,
  type RecurrencesPort,
  type VaultError,
  type Written,
} from '@vaultport/core'
import type { FluidPayEnv, Op } from '../env'
import { call, dataAs, translated, type Answer } from '../request'
import { idsFirst } from '../routes'
import {
  compact,
  createBody,
  notKept,
  rawStatus,
  statusSteps,
  toRecurrence,
  updateBody,
  type MethodRef,
  type StatusStep,
} from '../translate'
import {
  SubscriptionData,
  SubscriptionList,
  WireSubscription,
  type SubscriptionBody,
  type SubscriptionSearchBody,
} from '../wire'
import {
  confirmed,
  getRecord,
  methodTypeOf,
  nextOffsetOf,
  readById,
  readRecordReply,
  recordOf,
  unnamed,
} from './records'

// ---- reads

export const readSubscription =
  (env: FluidPayEnv) =>
  (op: Op, id: string): TE.TaskEither<VaultError, WireSubscription> =>
    readById(env)(op, 'getSubscription', { recurrenceId: id }, SubscriptionData, 'subscription', id)

const recurrenceOf =
  (env: FluidPayEnv) =>
  (op: Op) =>
  (w: WireSubscription): TE.TaskEither<VaultError, Recurrence> =>
    TE.fromEither(translated(env)(op)(toRecurrence(env.recurring, w)))

/** The stored method `pmId` of customer `cid`, typed from the customer record. */
const methodRef =
  (env: FluidPayEnv) =>
  (
    op: Op,
    cid: string,
    pmId: PaymentMethodId | undefined,
  ): TE.TaskEither<VaultError, MethodRef | undefined> =>
    pmId === undefined
      ? TE.right(undefined)
      : pipe(
          getRecord(env)(op, cid),
          TE.chain((rec) => {
            const type = methodTypeOf(rec, pmId)
            return type === undefined
              ? TE.left(notFound(env.ctxOf(op), `payment method ${pmId} of customer ${cid}`))
              : TE.right({ type, id: pmId })
          }),
        )

const withMethod = (
  body: SubscriptionBody,
  cid: string,
  m: MethodRef | undefined,
): SubscriptionBody =>
  m === undefined
    ? body
    : { ...body, customer: { id: cid, payment_method_type: m.type, payment_method_id: m.id } }

const invalid = (env: FluidPayEnv, op: Op, issues: ReadonlyArray<FieldIssue>) =>
  validationError(env.ctxOf(op), issues)

/** The subscription `id` after a confirmed write answered `answer`, as a `Recurrence`. */
const settle = (env: FluidPayEnv, op: Op, id: string, answer: Answer) =>
  pipe(
    recordOf(id, readRecordReply(answer, WireSubscription), () => readSubscription(env)(op, id)),
    TE.chain(recurrenceOf(env)(op)),
  )

// ---- operations

export const createRecurrence =
  (env: FluidPayEnv) =>
  (input: RecurrenceInput): TE.TaskEither<VaultError, Written<Recurrence>> => {
    const op = 'recurrences.create'
    const plan = createBody(env.recurring, input, undefined, env.today())
    if (E.isLeft(plan)) return TE.left(invalid(env, op, plan.left))
    const { intended, warnings } = plan.right
    return pipe(
      methodRef(env)(op, input.customerId, input.paymentMethodId),
      TE.chain((method) =>
        call(env)(
          op,
          'createSubscription',
          {},
          withMethod(plan.right.body, input.customerId, method),
        ),
      ),
      TE.chain((answer) => {
        const reply = readRecordReply(answer, WireSubscription)
        const id = reply.id
        if (id === undefined) return TE.left(unnamed(env, op, 'the subscription it created'))
        return pipe(
          settle(env, op, id, answer),
          TE.map((r) => written(r, [...warnings, ...notKept(intended, r)])),
          confirmed(env, op, id),
        )
      }),
    )
  }

export const getRecurrence = (env: FluidPayEnv) => (id: RecurrenceId) => {
  const op = 'recurrences.get'
  return pipe(readSubscription(env)(op, id), TE.chain(recurrenceOf(env)(op)))
}

/** One status change (FR21), with the next bill date an activation starts from. */
const setStatus = (env: FluidPayEnv, op: Op, id: string, step: StatusStep) => () =>
  call(env)(
    op,
    'setSubscriptionStatus',
    { recurrenceId: id, status: step.status },
    undefined,
    step.nextBillDate === undefined ? undefined : { next_bill_date: step.nextBillDate },
  )

export const updateRecurrence =
  (env: FluidPayEnv) =>
  (id: RecurrenceId, patch: RecurrencePatch): TE.TaskEither<VaultError, Written<Recurrence>> => {
    const op = 'recurrences.update'
    const s = env.recurring
    return pipe(
      readSubscription(env)(op, id),
      TE.chain((current) => {
        const plan = updateBody(s, patch, current, undefined, env.today())
        const steps = statusSteps(s, patch, rawStatus(current))
        const issues = [
          ...(E.isLeft(plan) ? plan.left : []),
          ...(E.isLeft(steps) ? steps.left : []),
        ]
        if (E.isLeft(plan) || E.isLeft(steps)) return TE.left(invalid(env, op, issues))
        const warnings = [...plan.right.warnings, ...steps.right.warnings]
        const cid = current.customer.id
        return pipe(
          methodRef(env)(op, cid, patch.paymentMethodId),
          TE.chain((method) => {
            const body = withMethod(plan.right.body, cid, method)
            const writes = [
              ...(Object.keys(body).length === 0
                ? []
                : [() => call(env)(op, 'updateSubscription', { recurrenceId: id }, body)]),
              ...steps.right.steps.map((step) => setStatus(env, op, id, step)),
            ]
            const [first, ...rest] = writes
            if (first === undefined) {
              return pipe(
                recurrenceOf(env)(op)(current),
                TE.map((r) => written(r, warnings)),
              )
            }
            return pipe(
              first(),
              TE.chain((answer) =>
                pipe(
                  rest.reduce(
                    (done: TE.TaskEither<VaultError, Answer>, next) =>
                      pipe(
                        done,
                        TE.chain(() => next()),
                      ),
                    TE.right(answer),
                  ),
                  TE.chain((last) => settle(env, op, id, last)),
                  TE.map((r) => written(r, [...warnings, ...notKept(plan.right.intended, r)])),
                  confirmed(env, op, id),
                ),
              ),
            )
          }),
        )
      }),
    )
  }

export const deleteRecurrence =
  (env: FluidPayEnv) =>
  (id: RecurrenceId): TE.TaskEither<VaultError, void> =>
    pipe(
      call(env)('recurrences.delete', 'deleteSubscription', { recurrenceId: id }),
      TE.map(() => undefined),
    )

/**
 * A customer's subscriptions, a page at a time: FR18 on `customer.id`. Only records of that
 * customer are kept, in case a gateway answers the search unfiltered. A search that finds none
 * reads the customer (F2), so an unknown customer is `NotFound`, not an empty page.
 */
export const listRecurrences =
  (env: FluidPayEnv) =>
  (cid: CustomerId, query?: ListQuery): TE.TaskEither<VaultError, Page<Recurrence>> => {
    const op = 'recurrences.listByCustomer'
    const offset = readOffsetCursor(query?.cursor)
    if (offset === undefined) {
      return TE.left(invalid(env, op, [{ path: 'cursor', message: 'is not a FluidPay cursor' }]))
    }
    if (query?.filter !== undefined) {
      return TE.left(
        invalid(env, op, [
          { path: 'filter', message: "FluidPay lists a customer's schedules without filters" },
        ]),
      )
    }
    const limit = query?.pageSize ?? env.capabilities.limits.maxPageSize
    const body: SubscriptionSearchBody = {
      customer: { id: { operator: '=', value: cid } },
      limit,
      offset,
    }
    return pipe(
      call(env)(op, 'searchSubscriptions', {}, body),
      TE.chain((answer) =>
        pipe(
          TE.fromEither(dataAs(env)(op, SubscriptionList)(answer)),
          // No subscription at all: the customer may not exist, which a read of it says.
          TE.chainFirst((records) =>
            offset === 0 && (records ?? []).length === 0
              ? TE.map(() => undefined)(getRecord(env)(op, cid))
              : TE.right(undefined),
          ),
          TE.chain((records) => {
            const all = records ?? []
            const mine = all.filter((w) => w.customer.id === cid)
            // A total over other customers' records says nothing of this customer's.
            const total =
              mine.length === all.length ? (answer.envelope.total_count ?? undefined) : undefined
            return pipe(
              TE.fromEither(
                translated(env)(op)(
                  E.sequenceArray(mine.map((w) => toRecurrence(env.recurring, w))),
                ),
              ),
              TE.map((items) => {
                const next = nextOffsetOf(
                  offset,
                  limit,
                  all.length,
                  answer.envelope.total_count ?? undefined,
                )
                return compact<Page<Recurrence>>({
                  items,
                  nextCursor: next === undefined ? undefined : offsetCursor(next),
                  totalCount: total,
                })
              }),
            )
          }),
        ),
      ),
    )
  }

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const recurrenceOperations: PortOperations<FluidPayEnv, RecurrencesPort> = {
  create: createRecurrence,
  get: idsFirst('recurrences.get', ['recurrenceId'])(getRecurrence),
  update: idsFirst('recurrences.update', ['recurrenceId'])(updateRecurrence),
  delete: idsFirst('recurrences.delete', ['recurrenceId'])(deleteRecurrence),
  listByCustomer: listRecurrences,
}
