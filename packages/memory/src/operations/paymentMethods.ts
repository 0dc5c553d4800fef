/**
 * The payment-methods port over the store: add (from any input kind the topology accepts), list,
 * update, remove and set the default. A stored method keeps only what a real vault gives back
 * (brand, BIN, last four, expiry where the topology reads it back, holder), never the number.
 * `customers.create` stores a new customer's first method through the same `storeMethod`.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import {
  detectBrand,
  notFound,
  warning,
  written,
  type AddPaymentMethodOptions,
  type CustomerId,
  type OperationName,
  type PaymentMethod,
  type PaymentMethodId,
  type PaymentMethodInput,
  type PaymentMethodPatch,
  type VaultError,
  type Warning,
  type Written,
  type PortOperations,
  type PaymentMethodsPort,
} from '@vaultport/core'
import { nextId, type MemoryEnv } from '../env'
import { throughFaults } from '../run'
import { compact, type StoredCustomer } from '../store'
import { conflict, findCustomer, invalid, overLimit, touch } from './records'

// ---- helpers

/** Why the customer cannot take one more method of `kind`, or undefined if it can. */
const methodRoom = (
  env: MemoryEnv,
  op: OperationName,
  c: StoredCustomer,
  kind: PaymentMethod['kind'],
): VaultError | undefined => {
  const { topology } = env
  const all = [...c.paymentMethods.values()]
  const same = all.filter((m) => m.kind === kind).length
  const kindLimit = kind === 'card' ? topology.cardsPerCustomer : topology.bankAccountsPerCustomer
  if (overLimit(topology.paymentMethodsPerCustomer, all.length)) {
    return conflict(
      env,
      op,
      `at most ${topology.paymentMethodsPerCustomer} payment methods per customer`,
    )
  }
  if (overLimit(kindLimit, same)) {
    return conflict(env, op, `at most ${kindLimit} ${kind.replace('_', ' ')}s per customer`)
  }
  return undefined
}

const cardFrom = (
  env: MemoryEnv,
  id: string,
  number: string,
  month: number,
  year: number,
  holderName: string | undefined,
): PaymentMethod =>
  compact({
    kind: 'card' as const,
    id,
    brand: detectBrand(number),
    last4: number.slice(-4),
    bin: number.slice(0, 6),
    expiry: env.topology.cardExpiryReadBack ? { month, year } : undefined,
    holderName,
    status: 'active' as const,
  }) as PaymentMethod

/** The stored method an input stands for, or the reason it cannot be stored. */
const methodFrom = (
  env: MemoryEnv,
  op: OperationName,
  input: PaymentMethodInput,
): E.Either<VaultError, { method: PaymentMethod; warnings: Warning[] }> => {
  const id = nextId(env, 'paymentMethod', 'pm')
  switch (input.kind) {
    case 'card':
      return E.right({
        method: cardFrom(
          env,
          id,
          input.number,
          input.expiry.month,
          input.expiry.year,
          input.holderName,
        ),
        warnings: env.topology.cardExpiryReadBack
          ? []
          : [warning('field_not_returned', 'this vault does not read card expiry back', 'expiry')],
      })
    case 'bank_account':
      return E.right({
        method: compact({
          kind: 'bank_account' as const,
          id,
          accountType: input.accountType,
          accountLast4: input.accountNumber.slice(-4),
          routingLast4: input.routingNumber.slice(-4),
          holderType: input.holderType,
          secCode: input.secCode,
          holderName: input.holderName,
          status: 'active' as const,
        }) as PaymentMethod,
        warnings: [],
      })
    case 'gateway_token': {
      const { tokens } = env
      const target = Object.prototype.hasOwnProperty.call(tokens, input.token)
        ? tokens[input.token]
        : undefined
      if (target === undefined) {
        return E.left(invalid(env, op, 'paymentMethod.token', 'unknown token'))
      }
      return E.right({
        method:
          target.kind === 'card'
            ? cardFrom(env, id, target.number, target.month, target.year, input.holderName)
            : (compact({
                kind: 'bank_account' as const,
                id,
                accountType: target.accountType,
                accountLast4: target.accountLast4,
                holderName: input.holderName,
                status: 'active' as const,
              }) as PaymentMethod),
        warnings: [],
      })
    }
    case 'wallet':
      return E.right({
        method: {
          kind: 'card',
          id,
          brand: 'unknown',
          last4: '0000',
          status: 'active',
        } as PaymentMethod,
        warnings: [warning('wallet_card_masked', 'a wallet reveals no card details')],
      })
    case 'prior_transaction':
      return E.right({
        method: (input.rail === 'card'
          ? { kind: 'card', id, brand: 'unknown', last4: '0000', status: 'active' }
          : {
              kind: 'bank_account',
              id,
              accountType: 'checking',
              accountLast4: '0000',
              status: 'active',
            }) as PaymentMethod,
        warnings: [
          warning('prior_transaction_masked', 'the memory vault keeps no transaction details'),
        ],
      })
  }
}

/** Stores the method `input` stands for on `c`, within the limits; the first one is the default. */
export const storeMethod = (
  env: MemoryEnv,
  op: OperationName,
  c: StoredCustomer,
  input: PaymentMethodInput,
  makeDefault: boolean,
): E.Either<VaultError, Written<PaymentMethod>> => {
  const made = methodFrom(env, op, input)
  if (E.isLeft(made)) return made
  const room = methodRoom(env, op, c, made.right.method.kind)
  if (room !== undefined) return E.left(room)
  const method = made.right.method
  c.paymentMethods.set(method.id, method)
  if (makeDefault || c.defaults.paymentMethodId === undefined) {
    c.defaults = { ...c.defaults, paymentMethodId: method.id }
  }
  return E.right(written(structuredClone(method), made.right.warnings))
}

const findMethod = (
  env: MemoryEnv,
  op: OperationName,
  customerId: string,
  methodId: string,
): E.Either<VaultError, { c: StoredCustomer; m: PaymentMethod }> => {
  const found = findCustomer(env, op, customerId)
  if (E.isLeft(found)) return found
  const m = found.right.paymentMethods.get(methodId)
  return m === undefined
    ? E.left(notFound(env.ctxOf(op), `payment method ${methodId}`))
    : E.right({ c: found.right, m })
}

// ---- operations

export const addPaymentMethod =
  (env: MemoryEnv) =>
  (
    customerId: CustomerId,
    input: PaymentMethodInput,
    opts?: AddPaymentMethodOptions,
  ): TaskEither<VaultError, Written<PaymentMethod>> =>
    throughFaults(env, 'paymentMethods.add', (op) => {
      const found = findCustomer(env, op, customerId)
      if (E.isLeft(found)) return found
      const stored = storeMethod(env, op, found.right, input, opts?.makeDefault === true)
      if (E.isRight(stored)) touch(env, found.right)
      return stored
    })

export const listPaymentMethods =
  (env: MemoryEnv) =>
  (customerId: CustomerId): TaskEither<VaultError, ReadonlyArray<PaymentMethod>> =>
    throughFaults(env, 'paymentMethods.list', (op) =>
      E.map((c: StoredCustomer) => structuredClone([...c.paymentMethods.values()]))(
        findCustomer(env, op, customerId),
      ),
    )

export const updatePaymentMethod =
  (env: MemoryEnv) =>
  (
    customerId: CustomerId,
    methodId: PaymentMethodId,
    patch: PaymentMethodPatch,
  ): TaskEither<VaultError, Written<PaymentMethod>> =>
    throughFaults(env, 'paymentMethods.update', (op) => {
      const found = findMethod(env, op, customerId, methodId)
      if (E.isLeft(found)) return found
      const { c, m } = found.right
      const { expiry, holderName, status, accountType, holderType, secCode } = patch
      const wrongKind =
        m.kind === 'card'
          ? [accountType, holderType, secCode].some((v) => v !== undefined)
          : expiry !== undefined
      if (wrongKind) {
        return E.left(
          invalid(env, op, 'patch', `these fields do not apply to a ${m.kind.replace('_', ' ')}`),
        )
      }
      const next = compact(
        m.kind === 'card'
          ? {
              ...m,
              holderName: holderName ?? m.holderName,
              status: status ?? m.status,
              expiry: env.topology.cardExpiryReadBack ? (expiry ?? m.expiry) : undefined,
            }
          : {
              ...m,
              holderName: holderName ?? m.holderName,
              status: status ?? m.status,
              accountType: accountType ?? m.accountType,
              holderType: holderType ?? m.holderType,
              secCode: secCode ?? m.secCode,
            },
      ) as PaymentMethod
      c.paymentMethods.set(m.id, next)
      touch(env, c)
      return E.right(written(structuredClone(next)))
    })

export const removePaymentMethod =
  (env: MemoryEnv) =>
  (customerId: CustomerId, methodId: PaymentMethodId): TaskEither<VaultError, void> =>
    throughFaults(env, 'paymentMethods.remove', (op) => {
      const found = findMethod(env, op, customerId, methodId)
      if (E.isLeft(found)) return found
      const { c } = found.right
      c.paymentMethods.delete(methodId)
      if (c.defaults.paymentMethodId === methodId) {
        const { paymentMethodId: _removed, ...rest } = c.defaults
        c.defaults = rest
      }
      touch(env, c)
      return E.right(undefined)
    })

export const setDefaultPaymentMethod =
  (env: MemoryEnv) =>
  (customerId: CustomerId, methodId: PaymentMethodId): TaskEither<VaultError, void> =>
    throughFaults(env, 'paymentMethods.setDefault', (op) => {
      const found = findMethod(env, op, customerId, methodId)
      if (E.isLeft(found)) return found
      const { c, m } = found.right
      c.defaults = { ...c.defaults, paymentMethodId: m.id }
      touch(env, c)
      return E.right(undefined)
    })

/** The port's operations as data; `vault.ts` binds them to the vault's environment. */
export const paymentMethodOperations: PortOperations<MemoryEnv, PaymentMethodsPort> = {
  add: addPaymentMethod,
  list: listPaymentMethods,
  update: updatePaymentMethod,
  remove: removePaymentMethod,
  setDefault: setDefaultPaymentMethod,
}
