/**
 * The paymentMethods port: add, list, update and remove a customer's cards (`card:<id>`) and ACH
 * profiles (`ach:<id>`). Every write is read back (V12 or V13) so the answer shows what Valor kept.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  notFound,
  unsupported,
  validationError,
  warning,
  written,
  type AddPaymentMethodOptions,
  type CustomerId,
  type FieldIssue,
  type PaymentMethod,
  type PaymentMethodId,
  type PaymentMethodInput,
  type PaymentMethodPatch,
  type VaultError,
  type Warning,
  type Written,
} from '@vaultport/core'
import type { ValorEnv } from '../env'
import { fieldScopes, type FieldScope } from '../errors'
import { AnyBody, attempt, call, refusalToError, rejectIfIssues, type Task } from '../request'
import type { PathParams, RouteName } from '../routes'
import {
  achBody,
  cardBody,
  cardPatchBody,
  isWireId,
  nameIssues,
  parsePaymentMethodId,
  type PaymentRail,
} from '../translate'
import { AchWritten, idText, PaymentWritten } from '../wire'
import { listAch, listCards, readPaymentMethods } from './records'

const NO_CHANGES = /no changes detected/i

/** One stored method, found in its rail's list (Valor has no single-method read). */
const findPaymentMethod = (
  env: ValorEnv,
  op: string,
  customer: string,
  rail: PaymentRail,
  id: string,
): Task<PaymentMethod> =>
  pipe(
    rail === 'card' ? listCards(env, op, customer) : listAch(env, op, customer),
    TE.chain((methods) => {
      const want = `${rail}:${id}`
      const found = methods.find((m) => m.id === want)
      return found === undefined
        ? TE.left(notFound(env.ctxOf(op), `Valor payment method ${want}`))
        : TE.right(found)
    }),
  )

/** Valor's name rule applied to a card holder (checked before any request). */
export const holderIssues = (at: string, input: PaymentMethodInput | undefined): FieldIssue[] =>
  input !== undefined && (input.kind === 'card' || input.kind === 'gateway_token')
    ? nameIssues(`${at}.holderName`, input.holderName)
    : []

/** Stores one method for an existing customer and reads it back; `customers.create` uses it too. */
export const addMethod = (
  env: ValorEnv,
  op: string,
  customer: string,
  input: PaymentMethodInput,
  scope: FieldScope,
  at: string,
): Task<Written<PaymentMethod>> => {
  const warnings: Warning[] = []
  const addCardVia = (route: RouteName, json: unknown) =>
    pipe(
      call(env, { op, route, params: { customer }, json, scope }, PaymentWritten),
      TE.chain((r) => findPaymentMethod(env, op, customer, 'card', idText(r.payment_id))),
    )
  const written_ = (m: Task<PaymentMethod>) =>
    pipe(
      m,
      TE.map((pm) => written(pm, warnings)),
    )
  switch (input.kind) {
    case 'card':
      return written_(addCardVia('addCard', cardBody(input)))
    case 'bank_account': {
      const body = achBody(input, at)
      warnings.push(...body.warnings)
      return written_(
        pipe(
          call(
            env,
            { op, route: 'addAch', params: { customer }, json: body.value, scope },
            AchWritten,
          ),
          TE.chain((r) => findPaymentMethod(env, op, customer, 'ach', idText(r.ach_profile_id))),
        ),
      )
    }
    case 'gateway_token':
      if (input.rail === 'bank_account') {
        return TE.left(unsupported(env.ctxOf(op), 'Valor vault tokens are card tokens only'))
      }
      if (input.extras !== undefined && Object.keys(input.extras).length > 0) {
        warnings.push(
          warning(
            'field_dropped',
            'Valor takes no token extras; they were not sent',
            `${at}extras`,
          ),
        )
      }
      return written_(
        addCardVia('addCardFromToken', {
          token: input.token,
          ...(input.holderName === undefined ? {} : { cardholder_name: input.holderName }),
        }),
      )
    case 'prior_transaction':
      if (input.rail === 'bank_account') {
        return TE.left(
          unsupported(env.ctxOf(op), 'Valor maps card transactions only (addpaymentprofiletxn)'),
        )
      }
      return written_(addCardVia('addCardFromTransaction', { ref_txn_id: input.transactionId }))
    case 'wallet':
      return TE.left(unsupported(env.ctxOf(op), 'Valor does not store wallet tokens'))
  }
}

export const addPaymentMethod =
  (env: ValorEnv) =>
  (
    customer: CustomerId,
    input: PaymentMethodInput,
    options?: AddPaymentMethodOptions,
  ): Task<Written<PaymentMethod>> => {
    const op = 'paymentMethods.add'
    if (!isWireId(customer)) return TE.left(notFound(env.ctxOf(op), `Valor customer ${customer}`))
    return rejectIfIssues(env, op, holderIssues('input', input), () =>
      pipe(
        addMethod(env, op, customer, input, fieldScopes.paymentMethodInput, 'input.'),
        TE.map((w) =>
          options?.makeDefault === true
            ? written(w.value, [
                ...w.warnings,
                warning(
                  'default_unsupported',
                  'Valor keeps no default payment method; makeDefault was ignored',
                  'options.makeDefault',
                ),
              ])
            : w,
        ),
      ),
    )
  }

export const listPaymentMethods =
  (env: ValorEnv) =>
  (customer: CustomerId): Task<ReadonlyArray<PaymentMethod>> => {
    const op = 'paymentMethods.list'
    return isWireId(customer)
      ? readPaymentMethods(env, op, customer)
      : TE.left(notFound(env.ctxOf(op), `Valor customer ${customer}`))
  }

export const updatePaymentMethod =
  (env: ValorEnv) =>
  (
    customer: CustomerId,
    id: PaymentMethodId,
    patch: PaymentMethodPatch,
  ): Task<Written<PaymentMethod>> => {
    const op = 'paymentMethods.update'
    const parsed = parsePaymentMethodId(id)
    if (!isWireId(customer) || parsed === undefined) {
      return TE.left(notFound(env.ctxOf(op), `Valor payment method ${id}`))
    }
    const target: MethodTarget = {
      op,
      customer,
      id: parsed.id,
      params: { customer, payment: parsed.id, ach: parsed.id },
      scope: fieldScopes.paymentMethodPatch,
    }
    return parsed.rail === 'card'
      ? updateCard(env, target, patch)
      : updateAchProfile(env, target, patch)
  }

/** The stored method an update writes to, the operation it runs for and how it is addressed. */
interface MethodTarget {
  readonly op: string
  readonly customer: string
  readonly id: string
  readonly params: PathParams
  readonly scope: FieldScope
}

/** V7 (the card's fields), then V10 (its status), each only when the patch holds something. */
const updateCard = (
  env: ValorEnv,
  { op, customer, id, params, scope }: MethodTarget,
  patch: PaymentMethodPatch,
): Task<Written<PaymentMethod>> => {
  const misplaced = (['accountType', 'holderType', 'secCode'] as const)
    .filter((k) => patch[k] !== undefined)
    .map((k) => ({ path: k, message: 'is a bank-account field; this is a card' }))
  return rejectIfIssues(
    env,
    op,
    [...misplaced, ...nameIssues('holderName', patch.holderName)],
    () => {
      const body = cardPatchBody(patch)
      const steps: Array<Task<unknown>> = [
        ...(Object.keys(body).length === 0
          ? []
          : [call(env, { op, route: 'updateCard', params, json: body, scope }, PaymentWritten)]),
        ...(patch.status === undefined
          ? []
          : [
              call(
                env,
                { op, route: 'updateCardStatus', params, json: { status: patch.status }, scope },
                AnyBody,
              ),
            ]),
      ]
      return pipe(
        steps.reduce<Task<unknown>>((acc, step) => TE.chain(() => step)(acc), TE.right(undefined)),
        TE.chain(() => findPaymentMethod(env, op, customer, 'card', id)),
        TE.map((pm) => written(pm)),
      )
    },
  )
}

/** V9 with the patch's fields; an ACH profile has no expiry and no status. */
const updateAchProfile = (
  env: ValorEnv,
  { op, customer, id, params, scope }: MethodTarget,
  patch: PaymentMethodPatch,
): Task<Written<PaymentMethod>> => {
  if (patch.expiry !== undefined) {
    return TE.left(
      validationError(env.ctxOf(op), [{ path: 'expiry', message: 'a bank account has no expiry' }]),
    )
  }
  if (patch.status === 'inactive') {
    return TE.left(unsupported(env.ctxOf(op), 'Valor ACH profiles have no status'))
  }
  const body = achBody(patch, '')
  const write =
    Object.keys(body.value).length === 0
      ? TE.right(undefined)
      : pipe(
          attempt(env, { op, route: 'updateAch', params, json: body.value, scope }, AchWritten),
          TE.chainEitherK(
            E.foldW(
              // "No changes detected" is Valor saying the profile already holds this data.
              (r): E.Either<VaultError, undefined> =>
                r.failure.messages.some((m) => NO_CHANGES.test(m))
                  ? E.right(undefined)
                  : E.left(refusalToError(env, { op, route: 'updateAch', scope }, r)),
              () => E.right(undefined),
            ),
          ),
        )
  return pipe(
    write,
    TE.chain(() => findPaymentMethod(env, op, customer, 'ach', id)),
    TE.map((pm) => written(pm, body.warnings)),
  )
}

export const removePaymentMethod =
  (env: ValorEnv) =>
  (customer: CustomerId, id: PaymentMethodId): Task<void> => {
    const op = 'paymentMethods.remove'
    const parsed = parsePaymentMethodId(id)
    if (!isWireId(customer) || parsed === undefined) {
      return TE.left(notFound(env.ctxOf(op), `Valor payment method ${id}`))
    }
    return pipe(
      call(
        env,
        parsed.rail === 'card'
          ? { op, route: 'deleteCard', params: { customer, payment: parsed.id } }
          : { op, route: 'deleteAch', params: { customer, ach: parsed.id } },
        AnyBody,
      ),
      TE.map(() => undefined),
    )
  }
