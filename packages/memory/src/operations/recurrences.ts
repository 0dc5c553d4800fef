/**
 * The recurrences port over the store: create, get, update, delete and list a customer's
 * schedules. A schedule charges a method the customer holds: the one named, or else the
 * customer's default. The store keeps its own copy; every answer is a copy too.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import {
  notFound,
  written,
  type CustomerId,
  type ListQuery,
  type OperationName,
  type Page,
  type Recurrence,
  type RecurrenceId,
  type RecurrenceInput,
  type RecurrencePatch,
  type VaultError,
  type Written,
  type PortOperations,
  type RecurrencesPort,
} from '@vaultport/core'
import { nextId, type MemoryEnv } from '../env'
import { throughFaults } from '../run'
import { compact, pageOf, type StoredCustomer } from '../store'
import { nextCursorOf, offsetOf, pageSizeOf } from './paging'
import { findCustomer, invalid } from './records'

// ---- helpers

const findRecurrence = (
  env: MemoryEnv,
  op: OperationName,
  id: string,
): E.Either<VaultError, Recurrence> => {
  const r = env.state.recurrences.get(id)
  return r === undefined ? E.left(notFound(env.ctxOf(op), `recurrence ${id}`)) : E.right(r)
}

/** The method a new schedule charges: the one named, else the customer's default. */
const methodOf = (
  env: MemoryEnv,
  op: OperationName,
  c: StoredCustomer,
  methodId: string | undefined,
): E.Either<VaultError, string> => {
  if (methodId !== undefined) {
    return c.paymentMethods.has(methodId)
      ? E.right(methodId)
      : E.left(notFound(env.ctxOf(op), `payment method ${methodId}`))
  }
  const fallback = c.defaults.paymentMethodId
  return fallback === undefined
    ? E.left(invalid(env, op, 'paymentMethodId', 'the customer has no payment method to charge'))
    : E.right(fallback)
}

// ---- operations

export const createRecurrence =
  (env: MemoryEnv) =>
  (input: RecurrenceInput): TaskEither<VaultError, Written<Recurrence>> =>
    throughFaults(env, 'recurrences.create', (op) => {
      const found = findCustomer(env, op, input.customerId)
      if (E.isLeft(found)) return found
      const method = methodOf(env, op, found.right, input.paymentMethodId)
      if (E.isLeft(method)) return method
      const r = compact({
        id: nextId(env, 'recurrence', 'rec'),
        customerId: input.customerId,
        amount: input.amount,
        schedule: input.schedule,
        totalCount: input.totalCount,
        status: 'active' as const,
        paymentMethodId: method.right,
        startDate: input.startDate,
        nextDate: input.startDate,
        completedCount: 0,
        description: input.description,
        gatewayData: input.gatewayData,
      }) as Recurrence
      env.state.recurrences.set(r.id, structuredClone(r))
      found.right.recurrences.push(r.id)
      return E.right(written(r))
    })

export const getRecurrence =
  (env: MemoryEnv) =>
  (id: RecurrenceId): TaskEither<VaultError, Recurrence> =>
    throughFaults(env, 'recurrences.get', (op) =>
      E.map((r: Recurrence) => structuredClone(r))(findRecurrence(env, op, id)),
    )

export const updateRecurrence =
  (env: MemoryEnv) =>
  (id: RecurrenceId, patch: RecurrencePatch): TaskEither<VaultError, Written<Recurrence>> =>
    throughFaults(env, 'recurrences.update', (op) => {
      const found = findRecurrence(env, op, id)
      if (E.isLeft(found)) return found
      const r = found.right
      if (patch.paymentMethodId !== undefined) {
        const c = env.state.customers.get(r.customerId)
        if (c === undefined || !c.paymentMethods.has(patch.paymentMethodId)) {
          return E.left(notFound(env.ctxOf(op), `payment method ${patch.paymentMethodId}`))
        }
      }
      const next = compact({ ...r, ...patch }) as Recurrence
      env.state.recurrences.set(id, next)
      return E.right(written(structuredClone(next)))
    })

export const deleteRecurrence =
  (env: MemoryEnv) =>
  (id: RecurrenceId): TaskEither<VaultError, void> =>
    throughFaults(env, 'recurrences.delete', (op) => {
      const found = findRecurrence(env, op, id)
      if (E.isLeft(found)) return found
      env.state.recurrences.delete(id)
      return E.right(undefined)
    })

export const listRecurrencesByCustomer =
  (env: MemoryEnv) =>
  (customerId: CustomerId, query?: ListQuery): TaskEither<VaultError, Page<Recurrence>> =>
    throughFaults(env, 'recurrences.listByCustomer', (op) => {
      const found = findCustomer(env, op, customerId)
      if (E.isLeft(found)) return found
      const offset = offsetOf(env, op, query)
      if (E.isLeft(offset)) return offset
      const size = pageSizeOf(env, query)
      const { items, next } = pageOf(found.right.recurrences, offset.right, size, (id) => {
        const r = env.state.recurrences.get(id)
        return r === undefined ? undefined : structuredClone(r)
      })
      return E.right({ items, ...nextCursorOf(next) })
    })

/** The port's operations as data; `vault.ts` binds them to the vault's environment. */
export const recurrenceOperations: PortOperations<MemoryEnv, RecurrencesPort> = {
  create: createRecurrence,
  get: getRecurrence,
  update: updateRecurrence,
  delete: deleteRecurrence,
  listByCustomer: listRecurrencesByCustomer,
}
