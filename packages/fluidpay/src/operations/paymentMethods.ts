/**
 * The payment-methods port. Stored methods are read from the customer record (cards, then ACH
 * accounts); the default is one of the customer's defaults.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import {
  unexpectedResponse,
  validationError,
  warning,
  written,
  type AddPaymentMethodOptions,
  type CustomerId,
  type PaymentMethod,
  type PaymentMethodId,
  type PaymentMethodInput,
  type PaymentMethodPatch,
  type VaultError,
  type Written,
} from '@vaultport/core'
import type { FluidPayEnv } from '../env'
import { call } from '../request'
import { paymentPlan, writeExpiry } from '../translate'
import {
  findMethod,
  getRecord,
  methodsOf,
  recordAfter,
  updateDefaults,
  writeMethod,
} from './records'

export const addPaymentMethod =
  (env: FluidPayEnv) =>
  (
    cid: CustomerId,
    input: PaymentMethodInput,
    options?: AddPaymentMethodOptions,
  ): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
    const op = 'paymentMethods.add'
    const plan = paymentPlan(input, 'input')
    if (E.isLeft(plan)) return TE.left(validationError(env.ctxOf(op), plan.left))
    const { route, body, warnings } = plan.right
    return pipe(
      getRecord(env)(op, cid),
      TE.chain(methodsOf(env)(op)),
      TE.chain((before) => {
        const known = new Set(before.map((m) => m.method.id as string))
        return pipe(
          call(env)(op, route, { customerId: cid }, body),
          TE.chain(recordAfter(env)(op, cid)),
          TE.chain((rec) =>
            pipe(
              methodsOf(env)(op)(rec),
              TE.chain((after) => {
                const added = after.filter((m) => !known.has(m.method.id))
                const fresh = added[added.length - 1]
                if (fresh === undefined) {
                  return TE.left(
                    unexpectedResponse(
                      env.ctxOf(op),
                      'FluidPay did not show the new payment method',
                    ),
                  )
                }
                const isDefault = rec.data.customer.defaults?.payment_method_id === fresh.method.id
                return options?.makeDefault === true && !isDefault
                  ? pipe(
                      updateDefaults(env)(op, rec, {
                        payment_method_id: fresh.method.id,
                        payment_method_type: fresh.type,
                      }),
                      TE.map(() => fresh),
                    )
                  : TE.right(fresh)
              }),
            ),
          ),
          TE.map((m) => written(m.method, warnings)),
        )
      }),
    )
  }

export const listPaymentMethods = (env: FluidPayEnv) => (cid: CustomerId) => {
  const op = 'paymentMethods.list'
  return pipe(
    getRecord(env)(op, cid),
    TE.chain(methodsOf(env)(op)),
    TE.map((ms): ReadonlyArray<PaymentMethod> => ms.map((m) => m.method)),
  )
}

/** FluidPay updates a card's expiry and any method's flags; nothing else of a patch. */
const DROPPED_PATCH = ['holderName', 'accountType', 'holderType', 'secCode'] as const

export const updatePaymentMethod =
  (env: FluidPayEnv) =>
  (
    cid: CustomerId,
    pmId: PaymentMethodId,
    patch: PaymentMethodPatch,
  ): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
    const op = 'paymentMethods.update'
    const ctx = env.ctxOf(op)
    const dropped = DROPPED_PATCH.filter((f) => patch[f] !== undefined).map((f) =>
      warning('field_dropped', `FluidPay cannot change a stored method's ${f}`, f),
    )
    return pipe(
      getRecord(env)(op, cid),
      TE.chain((rec) => findMethod(env)(op, rec, pmId)),
      TE.chain((m) => {
        if (patch.expiry === undefined) return TE.right(written(m.method, dropped))
        if (m.type !== 'card') {
          return TE.left(
            validationError(ctx, [{ path: 'expiry', message: 'only a card has an expiry' }]),
          )
        }
        return pipe(
          writeMethod(env)(op, cid, m, { expiration_date: writeExpiry(patch.expiry) }),
          TE.map((w) => written(w.value, dropped)),
        )
      }),
    )
  }

export const removePaymentMethod =
  (env: FluidPayEnv) => (cid: CustomerId, pmId: PaymentMethodId) => {
    const op = 'paymentMethods.remove'
    return pipe(
      getRecord(env)(op, cid),
      TE.chain((rec) => findMethod(env)(op, rec, pmId)),
      TE.chain((m) =>
        call(env)(op, m.type === 'card' ? 'deleteCard' : 'deleteAch', {
          customerId: cid,
          paymentMethodId: pmId,
        }),
      ),
      TE.map(() => undefined),
    )
  }

export const setDefault = (env: FluidPayEnv) => (cid: CustomerId, pmId: PaymentMethodId) => {
  const op = 'paymentMethods.setDefault'
  return pipe(
    getRecord(env)(op, cid),
    TE.chain((rec) =>
      pipe(
        findMethod(env)(op, rec, pmId),
        TE.chain((m) =>
          updateDefaults(env)(op, rec, { payment_method_id: pmId, payment_method_type: m.type }),
        ),
      ),
    ),
    TE.map(() => undefined),
  )
}
