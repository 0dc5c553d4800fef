/**
 * The paymentMethods port: add, list, update and remove a customer's cards (`card:<id>`) and ACH
 * profiles (`ach:<id>`). Every write ends confirmed, refused or unknown: a confirmed write is
 * read back (V12 or V13), and a read-back that fails hands its id back as ConfirmedUnread; a
 * confirmed add whose answer names no id is OutcomeUnknown.
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
  type PaymentMethodsPort,
  type PortOperations,
  type VaultError,
  type Warning,
  type Written,
} from '@vaultport/core'
import type { ValorEnv } from '../env'
import { fieldScopes, type FieldScope } from '../errors'
import {
  afterWrite,
  attemptWrite,
  createdId,
  idProblem,
  inOrder,
  refusalToError,
  rejectIfIssues,
  write,
  type Confirmed,
  type Task,
  type ValorRequest,
} from '../request'
import type { PathParams, RouteName } from '../routes'
import {
  achBody,
  achId,
  cardBody,
  cardId,
  cardPatchBody,
  isWireId,
  nameIssues,
  parsePaymentMethodId,
  type PaymentRail,
} from '../translate'
import { writtenIdKeys } from '../wire'
import { listAch, listCards, readPaymentMethods } from './records'

const NO_CHANGES = /no changes detected/i

/** One stored method, found in its rail's list (Valor has no single-method read). */
const findPaymentMethod = (
  env: ValorEnv,
  op: string,
  customer: string,
  rail: PaymentRail,
  id: string,
  secrets?: ReadonlyArray<string>,
): Task<PaymentMethod> =>
  pipe(
    rail === 'card' ? listCards(env, op, customer, secrets) : listAch(env, op, customer, secrets),
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

/** The input's own sensitive values: no error of the operation may carry them. */
export const methodSecrets = (input: PaymentMethodInput | undefined): ReadonlyArray<string> => {
  switch (input?.kind) {
    case 'card':
      return [input.number]
    case 'bank_account':
      return [input.accountNumber]
    case 'gateway_token':
      return [input.token]
    default:
      return []
  }
}

/** Why Valor cannot store this input at all (known before any request), or undefined. */
export const unstorable = (input: PaymentMethodInput): string | undefined =>
  input.kind === 'wallet'
    ? 'Valor does not store wallet tokens'
    : input.kind === 'gateway_token' && input.rail === 'bank_account'
      ? 'Valor vault tokens are card tokens only'
      : input.kind === 'prior_transaction' && input.rail === 'bank_account'
        ? 'Valor maps card transactions only (addpaymentprofiletxn)'
        : undefined

/** What storing one method wrote: its rail, Valor's confirmation, and what could not be kept. */
export interface Stored {
  readonly rail: PaymentRail
  readonly confirmed: Confirmed
  readonly warnings: ReadonlyArray<Warning>
}

/**
 * The write that stores one method for an existing customer (V2, V3, V4 or V8), without its
 * read-back; `paymentMethods.add` and `customers.create` both use it.
 */
export const storeMethod = (
  env: ValorEnv,
  op: string,
  customer: string,
  input: PaymentMethodInput,
  scope: FieldScope,
  at: string,
): Task<Stored> => {
  const why = unstorable(input)
  if (why !== undefined) return TE.left(unsupported(env.ctxOf(op), why))
  const secrets = methodSecrets(input)
  const warnings: Warning[] = []
  const send = (rail: PaymentRail, route: RouteName, json: unknown): Task<Stored> =>
    pipe(
      write(
        env,
        { op, route, params: { customer }, json, scope, secrets },
        rail === 'card' ? writtenIdKeys.card : writtenIdKeys.ach,
      ),
      TE.map((confirmed) => ({ rail, confirmed, warnings })),
    )
  switch (input.kind) {
    case 'card':
      return send('card', 'addCard', cardBody(input))
    case 'bank_account': {
      const body = achBody(input, at)
      warnings.push(...body.warnings)
      return send('ach', 'addAch', body.value)
    }
    case 'gateway_token':
      if (input.extras !== undefined && Object.keys(input.extras).length > 0) {
        warnings.push(
          warning(
            'field_dropped',
            'Valor takes no token extras; they were not sent',
            `${at}extras`,
          ),
        )
      }
      return send('card', 'addCardFromToken', {
        token: input.token,
        ...(input.holderName === undefined ? {} : { cardholder_name: input.holderName }),
      })
    case 'prior_transaction':
      return send('card', 'addCardFromTransaction', { ref_txn_id: input.transactionId })
    case 'wallet':
      return TE.left(unsupported(env.ctxOf(op), 'Valor does not store wallet tokens'))
  }
}

const methodId = (rail: PaymentRail, id: string): string =>
  rail === 'card' ? cardId(id) : achId(id)

export const addPaymentMethod =
  (env: ValorEnv) =>
  (
    customer: CustomerId,
    input: PaymentMethodInput,
    options?: AddPaymentMethodOptions,
  ): Task<Written<PaymentMethod>> => {
    const op = 'paymentMethods.add'
    const bad = idProblem(env, op, [['customerId', customer]])
    if (bad !== undefined) return TE.left(bad)
    if (!isWireId(customer)) return TE.left(notFound(env.ctxOf(op), `Valor customer ${customer}`))
    const secrets = methodSecrets(input)
    return rejectIfIssues(env, op, holderIssues('input', input), () =>
      pipe(
        storeMethod(env, op, customer, input, fieldScopes.paymentMethodInput, 'input.'),
        TE.chain(({ rail, confirmed, warnings }) =>
          pipe(
            TE.fromEither(createdId(env, op, rail === 'card' ? 'card' : 'ACH profile')(confirmed)),
            TE.chain((id) =>
              afterWrite(
                env,
                op,
                methodId(rail, id),
                findPaymentMethod(env, op, customer, rail, id, secrets),
              ),
            ),
            TE.map((pm) =>
              written(pm, [
                ...warnings,
                ...(options?.makeDefault === true
                  ? [
                      warning(
                        'default_unsupported',
                        'Valor keeps no default payment method; makeDefault was ignored',
                        'options.makeDefault',
                      ),
                    ]
                  : []),
              ]),
            ),
          ),
        ),
      ),
    )
  }

export const listPaymentMethods =
  (env: ValorEnv) =>
  (customer: CustomerId): Task<ReadonlyArray<PaymentMethod>> => {
    const op = 'paymentMethods.list'
    const bad = idProblem(env, op, [['customerId', customer]])
    if (bad !== undefined) return TE.left(bad)
    return isWireId(customer)
      ? readPaymentMethods(env, op, customer)
      : TE.left(notFound(env.ctxOf(op), `Valor customer ${customer}`))
  }

/** The stored method an update writes to, the operation it runs for and how it is addressed. */
interface MethodTarget {
  readonly op: string
  readonly customer: string
  readonly id: string
  readonly params: PathParams
  readonly scope: FieldScope
}

/** Parses and checks the two ids of an update or a remove: Validation, NotFound, or the target. */
const methodTarget = (
  env: ValorEnv,
  op: string,
  customer: CustomerId,
  id: PaymentMethodId,
): E.Either<VaultError, MethodTarget & { readonly rail: PaymentRail }> => {
  const bad = idProblem(env, op, [
    ['customerId', customer],
    ['paymentMethodId', id],
  ])
  if (bad !== undefined) return E.left(bad)
  const parsed = parsePaymentMethodId(id)
  if (!isWireId(customer) || parsed === undefined) {
    return E.left(notFound(env.ctxOf(op), `Valor payment method ${id}`))
  }
  return E.right({
    op,
    customer,
    id: parsed.id,
    rail: parsed.rail,
    params: { customer, payment: parsed.id, ach: parsed.id },
    scope: fieldScopes.paymentMethodPatch,
  })
}

export const updatePaymentMethod =
  (env: ValorEnv) =>
  (
    customer: CustomerId,
    id: PaymentMethodId,
    patch: PaymentMethodPatch,
  ): Task<Written<PaymentMethod>> => {
    const target = methodTarget(env, 'paymentMethods.update', customer, id)
    if (E.isLeft(target)) return TE.left(target.left)
    return target.right.rail === 'card'
      ? updateCard(env, target.right, patch)
      : updateAchProfile(env, target.right, patch)
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
      const step = (req: ValorRequest) => write(env, req, writtenIdKeys.card)
      const steps: Array<Task<unknown>> = [
        ...(Object.keys(body).length === 0
          ? []
          : [step({ op, route: 'updateCard', params, json: body, scope })]),
        ...(patch.status === undefined
          ? []
          : [
              step({
                op,
                route: 'updateCardStatus',
                params,
                json: { status: patch.status },
                scope,
              }),
            ]),
      ]
      return pipe(
        inOrder(env, op, cardId(id), steps, findPaymentMethod(env, op, customer, 'card', id)),
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
  const secrets = body.value.account_number === undefined ? [] : [body.value.account_number]
  const req: ValorRequest = { op, route: 'updateAch', params, json: body.value, scope, secrets }
  const steps =
    Object.keys(body.value).length === 0
      ? []
      : [
          pipe(
            attemptWrite(env, req, writtenIdKeys.ach),
            TE.chainEitherK(
              E.foldW(
                // "No changes detected" is Valor saying the profile already holds this data.
                (r): E.Either<VaultError, undefined> =>
                  r.failure.messages.some((m) => NO_CHANGES.test(m))
                    ? E.right(undefined)
                    : E.left(refusalToError(env, req, r)),
                () => E.right(undefined),
              ),
            ),
          ),
        ]
  return pipe(
    inOrder(env, op, achId(id), steps, findPaymentMethod(env, op, customer, 'ach', id, secrets)),
    TE.map((pm) => written(pm, body.warnings)),
  )
}

export const removePaymentMethod =
  (env: ValorEnv) =>
  (customer: CustomerId, id: PaymentMethodId): Task<void> => {
    const target = methodTarget(env, 'paymentMethods.remove', customer, id)
    if (E.isLeft(target)) return TE.left(target.left)
    const { op, params, rail } = target.right
    return pipe(
      write(
        env,
        { op, route: rail === 'card' ? 'deleteCard' : 'deleteAch', params },
        rail === 'card' ? writtenIdKeys.card : writtenIdKeys.ach,
      ),
      TE.map(() => undefined),
    )
  }

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const paymentMethodOperations: PortOperations<ValorEnv, PaymentMethodsPort> = {
  add: addPaymentMethod,
  list: listPaymentMethods,
  update: updatePaymentMethod,
  remove: removePaymentMethod,
}
