/**
 * What every operation room shares about the store: finding a stored customer, copying one out
 * (a deep copy, so a caller never holds the store's objects), stamping a change, the two error
 * shapes the store itself answers with, and the limit check.
 */
import * as E from 'fp-ts/Either'
import {
  notFound,
  validationError,
  vaultError,
  type Customer,
  type OperationName,
  type VaultError,
} from '@vaultport/core'
import { stamp, type MemoryEnv } from '../env'
import type { StoredCustomer } from '../store'

// ---- reads

export const findCustomer = (
  env: MemoryEnv,
  op: OperationName,
  id: string,
): E.Either<VaultError, StoredCustomer> => {
  const c = env.state.customers.get(id)
  return c === undefined ? E.left(notFound(env.ctxOf(op), `customer ${id}`)) : E.right(c)
}

export const toCustomer = (c: StoredCustomer): Customer =>
  structuredClone({
    id: c.id,
    ...c.fields,
    addresses: [...c.addresses.values()],
    paymentMethods: [...c.paymentMethods.values()],
    defaults: c.defaults,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...(c.gatewayData === undefined ? {} : { gatewayData: c.gatewayData }),
  }) as unknown as Customer

// ---- writes

/** Every change to a customer's record (or what it holds) moves its `updatedAt`. */
export const touch = (env: MemoryEnv, c: StoredCustomer): void => {
  c.updatedAt = stamp(env)
}

// ---- errors

export const conflict = (env: MemoryEnv, op: OperationName, message: string): VaultError =>
  vaultError('Conflict', env.ctxOf(op), message)

export const invalid = (
  env: MemoryEnv,
  op: OperationName,
  path: string,
  message: string,
): VaultError => validationError(env.ctxOf(op), [{ path, message }])

// ---- limits

export const overLimit = (limit: number | null, count: number): boolean =>
  limit !== null && count >= limit
