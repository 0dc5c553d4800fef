/**
 * FluidPay's own calls beyond the ports (`vault.fluidpay`): the full F5 search and a stored
 * method's flags. They are guarded so that a bug surfaces as an error, never as a throw.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import {
  unexpectedResponse,
  validationError,
  type Customer,
  type CustomerId,
  type PaymentMethodId,
  type VaultError,
} from '@vaultport/core'
import type { FluidPayEnv, Op } from '../env'
import { translated } from '../request'
import { compact, toCustomer, type FluidPaySearchCriteria } from '../translate'
import { RecordList } from '../wire'
import { findMethod, getRecord, nextOffsetOf, runSearch, writeMethod } from './records'

export interface FluidPaySearchResult {
  readonly customers: ReadonlyArray<Customer>
  readonly totalCount?: number
  /** The offset of the next page, while more match. */
  readonly nextOffset?: number
}

const guarded =
  <Args extends ReadonlyArray<unknown>, A>(
    env: FluidPayEnv,
    op: Op,
    f: (...args: Args) => TE.TaskEither<VaultError, A>,
  ) =>
  (...args: Args): TE.TaskEither<VaultError, A> =>
  async () => {
    try {
      return await f(...args)()
    } catch (e) {
      const detail = env.client?.redactor().text(e instanceof Error ? e.message : String(e)) ?? ''
      return E.left(
        unexpectedResponse(env.ctxOf(op), `FluidPay adapter failed unexpectedly: ${detail}`),
      )
    }
  }

export const search = (env: FluidPayEnv) =>
  guarded(env, 'fluidpay.search', (criteria: FluidPaySearchCriteria) => {
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
  })

export const setPaymentMethodFlags = (env: FluidPayEnv) =>
  guarded(
    env,
    'fluidpay.setPaymentMethodFlags',
    (cid: CustomerId, pmId: PaymentMethodId, flags: ReadonlyArray<string>) => {
      const op = 'fluidpay.setPaymentMethodFlags'
      if (!Array.isArray(flags) || !flags.every((f) => typeof f === 'string')) {
        return TE.left(
          validationError(env.ctxOf(op), [
            { path: 'flags', message: 'must be an array of strings' },
          ]),
        )
      }
      return pipe(
        getRecord(env)(op, cid),
        TE.chain((rec) => findMethod(env)(op, rec, pmId)),
        TE.chain((m) => writeMethod(env)(op, cid, m, { flags: [...flags] })),
      )
    },
  )
