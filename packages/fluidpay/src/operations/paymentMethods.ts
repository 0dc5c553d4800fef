/**
 * The payment-methods port. Stored methods are read from the customer record (cards, then ACH
 * accounts); the default is one of the customer's defaults. A new method is the one the answer
 * names (`created_payment_method_id`, or its id alone), else the one the record newly shows.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import {
  notFound,
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
  type Warning,
  type Written,
  type PaymentMethodsPort,
  type PortOperations,
} from '@vaultport/core'
import { withSecretsOf, type FluidPayEnv, type Op } from '../env'
import { call } from '../request'
import { idsFirst } from '../routes'
import { paymentPlan, writeExpiry, type StoredMethod } from '../translate'
import type { CustomerRecord } from '../wire'
import {
  confirmed,
  createdOn,
  deleteAt,
  findMethod,
  getRecord,
  methodIdsOf,
  methodsOf,
  methodTypeOf,
  updateDefaults,
  writeMethod,
} from './records'

export const addPaymentMethod =
  (env0: FluidPayEnv) =>
  (
    cid: CustomerId,
    input: PaymentMethodInput,
    options?: AddPaymentMethodOptions,
  ): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
    const op = 'paymentMethods.add'
    const plan = paymentPlan(input, 'input')
    if (E.isLeft(plan)) return TE.left(validationError(env0.ctxOf(op), plan.left))
    const { route, body } = plan.right
    const env = withSecretsOf(env0, body)
    const warnings = [...plan.right.warnings]
    return pipe(
      getRecord(env)(op, cid),
      TE.chain((before) => {
        const known = new Set(methodIdsOf(before))
        return pipe(
          call(env)(op, route, { customerId: cid }, body),
          // The method the answer names, else the one the record newly shows.
          TE.chain((answer) =>
            createdOn(env)(
              op,
              cid,
              'payment method',
              answer,
              (reply) => reply.paymentMethodId,
              (rec, named) =>
                named !== undefined
                  ? methodTypeOf(rec, named) === undefined
                    ? undefined
                    : named
                  : methodIdsOf(rec)
                      .filter((id) => !known.has(id))
                      .pop(),
            ),
          ),
          TE.chain(({ rec, id }) =>
            pipe(
              findMethod(env)(op, rec, id),
              TE.chain((fresh) => makeDefault(env)(op, rec, fresh, options, warnings)),
              TE.map((m) => written(m.method, warnings)),
              confirmed(env, op, id),
            ),
          ),
        )
      }),
    )
  }

/**
 * `makeDefault`: the method is stored by then, so a defaults write that fails is a warning on
 * it, never an error that would hide it.
 */
const makeDefault =
  (env: FluidPayEnv) =>
  (
    op: Op,
    rec: CustomerRecord,
    fresh: StoredMethod,
    options: AddPaymentMethodOptions | undefined,
    warnings: Warning[],
  ): TE.TaskEither<VaultError, StoredMethod> => {
    const isDefault = rec.data.customer.defaults?.payment_method_id === fresh.method.id
    if (options?.makeDefault !== true || isDefault) return TE.right(fresh)
    return pipe(
      updateDefaults(env)(op, rec, {
        payment_method_id: fresh.method.id,
        payment_method_type: fresh.type,
      }),
      TE.map(() => fresh),
      TE.orElse((e) => {
        const fate = e.kind === 'OutcomeUnknown' ? 'may not have been made' : 'was not made'
        warnings.push(
          warning(
            'not_stored',
            `the payment method was stored but ${fate} the default: ${e.message}`,
            'options.makeDefault',
          ),
        )
        return TE.right(fresh)
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
      TE.chain((rec) => {
        const type = methodTypeOf(rec, pmId)
        return type === undefined
          ? TE.left(notFound(env.ctxOf(op), `payment method ${pmId}`))
          : deleteAt(env)(op, type === 'card' ? 'deleteCard' : 'deleteAch', {
              customerId: cid,
              paymentMethodId: pmId,
            })
      }),
    )
  }

/** Sets the default payment method (F3): done once FluidPay confirms it; nothing is read back. */
export const setDefault = (env: FluidPayEnv) => (cid: CustomerId, pmId: PaymentMethodId) => {
  const op = 'paymentMethods.setDefault'
  return pipe(
    getRecord(env)(op, cid),
    TE.chain((rec) => {
      const type = methodTypeOf(rec, pmId)
      return type === undefined
        ? TE.left(notFound(env.ctxOf(op), `payment method ${pmId}`))
        : updateDefaults(env)(op, rec, { payment_method_id: pmId, payment_method_type: type })
    }),
    TE.map(() => undefined),
  )
}

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const paymentMethodOperations: PortOperations<FluidPayEnv, PaymentMethodsPort> = {
  add: idsFirst('paymentMethods.add', ['customerId'])(addPaymentMethod),
  list: idsFirst('paymentMethods.list', ['customerId'])(listPaymentMethods),
  update: idsFirst('paymentMethods.update', ['customerId', 'paymentMethodId'])(updatePaymentMethod),
  remove: idsFirst('paymentMethods.remove', ['customerId', 'paymentMethodId'])(removePaymentMethod),
  setDefault: idsFirst('paymentMethods.setDefault', ['customerId', 'paymentMethodId'])(setDefault),
}
