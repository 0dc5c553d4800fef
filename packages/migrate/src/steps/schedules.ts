/**
 * Schedules move as a saga: the target schedule is created first (starting at the source's next
 * charge), and only once it is confirmed is the source schedule removed. Until then both are
 * active, and the customer's outcome says so, with the date the source must be gone by.
 */
import * as E from 'fp-ts/Either'
import type { CustomerId, PaymentMethodId, Recurrence, RecurrenceId } from '@vaultport/core'
import { keys } from '../mapping'
import type { PlannedRecurrence } from '../plan'
import type { RunContext } from '../run/context'
import { findRecurrence, findSourceRemoval } from './reconcile'
import { ensure, type ItemFailure, type Moved } from './writeProtocol'

/**
 * The target payment method schedule `p` charges (`undefined`: it names none), or why the
 * schedule cannot move: its method did not.
 */
export const targetMethodOf =
  (ctx: RunContext) =>
  (sourceCustomer: string, p: PlannedRecurrence): E.Either<string, string | undefined> => {
    const targetMethod =
      p.sourcePaymentMethodId === undefined
        ? undefined
        : ctx.ledger.state.get(keys.method(sourceCustomer, p.sourcePaymentMethodId))?.target
    return p.sourcePaymentMethodId !== undefined && targetMethod === undefined
      ? E.left('its payment method did not move')
      : E.right(targetMethod)
  }

/** The saga's first half: the target twin of schedule `p`, for target customer `tid`. */
export const createTargetSchedule =
  (ctx: RunContext) =>
  (
    sourceCustomer: string,
    tid: CustomerId,
    p: PlannedRecurrence,
    targetMethod: string | undefined,
    lookFirst: boolean,
  ): Promise<E.Either<ItemFailure, Moved>> =>
    ensure(ctx)({
      key: keys.recurrence(p.sourceId),
      intentData: { customer: sourceCustomer, nextDate: p.sourceNextDate, input: p.input },
      write: async () =>
        E.map((w: { value: Recurrence }) => ({ target: w.value.id }))(
          await ctx.target.recurrences.create({
            ...p.input,
            customerId: tid,
            ...(targetMethod === undefined
              ? {}
              : { paymentMethodId: targetMethod as PaymentMethodId }),
          })(),
        ),
      lookup: findRecurrence(ctx)(keys.recurrence(p.sourceId), tid, p),
      lookFirst,
    })

/** The saga's second half, once the target twin is confirmed: schedule `p` leaves the source. */
export const removeSourceSchedule =
  (ctx: RunContext) =>
  (sourceCustomer: string, p: PlannedRecurrence): Promise<E.Either<ItemFailure, Moved>> =>
    ensure(ctx)({
      key: keys.sourceRemoval(p.sourceId),
      intentData: { customer: sourceCustomer, nextDate: p.sourceNextDate },
      write: async () => {
        const r = await ctx.source.recurrences.delete(p.sourceId as RecurrenceId)()
        return E.isLeft(r) && r.left.kind === 'NotFound'
          ? E.right({ target: 'removed' })
          : E.map(() => ({ target: 'removed' }))(r)
      },
      lookup: findSourceRemoval(ctx)(p.sourceId),
    })

/** The outcome's note for a schedule left active at both ends (and why, if removal failed). */
export const bothActive = (p: PlannedRecurrence, targetId: string, why?: string): string =>
  `schedule ${p.sourceId} → ${targetId}: both active; remove the source before ${p.sourceNextDate}${why === undefined ? '' : ` (${why})`}`
