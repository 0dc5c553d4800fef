/**
 * Payment methods: each planned method is added to the target customer from the card data (or
 * the token the caller supplies), one item each; a method that may have landed already is found
 * by what the target shows of it (`steps/methodMatch.ts`).
 */
import * as E from 'fp-ts/Either'
import type { Customer, CustomerId, PaymentMethod } from '@vaultport/core'
import { keys } from '../mapping'
import type { PlannedMethod } from '../plan'
import type { RunContext } from '../run/context'
import { methodFacts } from './methodMatch'
import { findMethod } from './reconcile'
import { ensure, type ItemFailure, type Moved } from './writeProtocol'

/**
 * Adds planned method `m` to target customer `tid` (looked up first when `lookFirst`);
 * `undefined` when there is nothing to add it from.
 */
export const addPaymentMethod =
  (ctx: RunContext) =>
  (
    customer: Customer,
    tid: CustomerId,
    m: PlannedMethod,
    lookFirst: boolean,
  ): Promise<E.Either<ItemFailure, Moved>> | undefined => {
    const sourceMethod = customer.paymentMethods.find((p) => p.id === m.sourceId)
    const input =
      sourceMethod &&
      (ctx.planContext.cardData.lookup(customer, sourceMethod) ??
        ctx.options.tokenFor?.(customer, sourceMethod))
    if (sourceMethod === undefined || input === undefined) return undefined
    const key = keys.method(customer.id, m.sourceId)
    return ensure(ctx)({
      key,
      intentData: { summary: m.summary },
      write: async () =>
        E.map((w: { value: PaymentMethod }) => ({ target: w.value.id }))(
          await ctx.target.paymentMethods.add(tid, input, { makeDefault: m.makeDefault })(),
        ),
      lookup: findMethod(ctx)(key, tid, methodFacts(sourceMethod, input)),
      lookFirst,
    })
  }
