/**
 * The payment-methods port over a PayTrace profile's one card slot and one check slot: adding
 * fills an empty slot (raw numbers or a Protect.js token), listing reads the profile.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  unexpectedResponse,
  unsupported,
  validationError,
  vaultError,
  warning,
  written,
  type Customer,
  type PaymentMethod,
  type PaymentMethodInput,
  type VaultError,
  type Warning,
  type Written,
  type PaymentMethodsPort,
  type PortOperations,
} from '@vaultport/core'
import type { PayTraceEnv } from '../env'
import { afterWrite, callWrite, fail } from '../request'
import {
  CARD_ID,
  CHECK_ID,
  customerFromWire,
  inputSecrets,
  paymentSlot,
  tokenWarnings,
} from '../translate'
import { getProfileWire, patchCustomer, settleCustomer, withStored } from './records'

/** The method in the profile after the write; PayTrace confirmed it, so a miss keeps the id. */
const methodResult = (env: PayTraceEnv, operation: string, id: string) => (c: Customer) => {
  const m = c.paymentMethods.find((p) => p.id === id)
  return afterWrite(
    env,
    operation,
    id,
  )(
    m === undefined
      ? fail<PaymentMethod>(
          unexpectedResponse(env.ctxOf(operation), `PayTrace did not keep the ${id}`),
        )
      : TE.right(m),
  )
}

export const addPaymentMethod =
  (env: PayTraceEnv) =>
  (
    cid: string,
    input: PaymentMethodInput,
    options?: { readonly makeDefault?: boolean },
  ): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
    const operation = 'paymentMethods.add'
    const ctx = env.ctxOf(operation)
    if (input.kind === 'prior_transaction') {
      // Declared for customers.create (C2/C3); the capabilities cannot say "create only", so
      // this is a Validation with the reason rather than Unsupported.
      return fail(
        validationError(ctx, [
          {
            path: 'input.kind',
            message:
              'PayTrace makes a profile from a prior transaction only at customers.create (C2/C3); it cannot add one to an existing profile',
          },
        ]),
      )
    }
    if (input.kind === 'wallet') {
      return fail(unsupported(ctx, 'PayTrace stores no wallet tokens'))
    }
    const target = input.kind === 'bank_account' ? CHECK_ID : CARD_ID
    const extraWarnings =
      options?.makeDefault === true
        ? [
            warning(
              'no_default',
              'PayTrace has no default payment method to set',
              'options.makeDefault',
            ),
          ]
        : []
    const secrets = inputSecrets(input)
    return withStored(
      env,
      operation,
      cid,
      (n, stored): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
        if (stored.paymentMethods.some((m) => m.id === target)) {
          return fail(
            vaultError(
              'Conflict',
              ctx,
              `customer ${cid} already has a ${target === CARD_ID ? 'card' : 'check'}; a PayTrace profile holds one`,
            ),
          )
        }
        if (input.kind === 'gateway_token') {
          return addProtectCard(env, operation, n, input, extraWarnings, secrets)
        }
        const slot = paymentSlot(input, env.numbers, 'input')
        if (E.isLeft(slot)) {
          return fail(validationError(ctx, [{ path: 'input', message: slot.left }]))
        }
        return pipe(
          patchCustomer(env, operation, n, slot.right.body, {
            secrets: slot.right.secrets,
            writtenId: target,
          }),
          TE.chain(methodResult(env, operation, target)),
          TE.map((m) => written(m, [...slot.right.warnings, ...extraWarnings])),
        )
      },
      secrets,
    )
  }

/** A Protect.js token (`hpf_token` + `enc_key`) as the profile's card (C6). */
const addProtectCard = (
  env: PayTraceEnv,
  operation: string,
  n: number,
  input: Extract<PaymentMethodInput, { kind: 'gateway_token' }>,
  extraWarnings: ReadonlyArray<Warning>,
  secrets: ReadonlyArray<string>,
): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
  const encKey = input.extras?.['enc_key']
  if (encKey === undefined || encKey === '') {
    return fail(
      validationError(env.ctxOf(operation), [
        { path: 'input.extras.enc_key', message: 'a Protect.js token needs its enc_key' },
      ]),
    )
  }
  return pipe(
    callWrite(env, {
      operation,
      route: 'customerUpdateProtect',
      params: { customer_id: String(n) },
      json: { hpf_token: input.token, enc_key: encKey, ...env.merchant },
      idempotent: true,
      secrets,
    }),
    TE.chain((a) => settleCustomer(env, operation, String(n), a, CARD_ID)),
    TE.chain(methodResult(env, operation, CARD_ID)),
    TE.map((m) =>
      written(m, [...tokenWarnings(input.holderName, input.extras, 'input'), ...extraWarnings]),
    ),
  )
}

export const listPaymentMethods =
  (env: PayTraceEnv) =>
  (cid: string): TE.TaskEither<VaultError, ReadonlyArray<PaymentMethod>> =>
    pipe(
      getProfileWire(env, 'paymentMethods.list', cid),
      TE.map((w) => customerFromWire(w).paymentMethods),
    )

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const paymentMethodOperations: PortOperations<PayTraceEnv, PaymentMethodsPort> = {
  add: addPaymentMethod,
  list: listPaymentMethods,
}
