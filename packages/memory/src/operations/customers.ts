/**
 * The customers port over the store: create (with its first addresses and payment method),
 * get, find by reference, update, delete and list. References are unique per vault and kept in
 * an index; a topology without references drops them with a warning rather than failing.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import {
  warning,
  written,
  type Customer,
  type CustomerFields,
  type CustomerFilter,
  type CustomerId,
  type CustomerInput,
  type CustomerPatch,
  type CustomerSummary,
  type ListQuery,
  type OperationName,
  type Page,
  type VaultError,
  type Warning,
  type Written,
  type PortOperations,
  type CustomersPort,
} from '@vaultport/core'
import { nextId, stamp, type MemoryEnv } from '../env'
import { throughFaults } from '../run'
import { compact, pageOf, type StoredCustomer } from '../store'
import { addressRoom, storeAddress } from './addresses'
import { nextCursorOf, offsetOf, pageSizeOf } from './paging'
import { storeMethod } from './paymentMethods'
import { conflict, findCustomer, invalid, toCustomer, touch } from './records'

// ---- helpers

const toSummary = (c: StoredCustomer): CustomerSummary => {
  const { reference, name, company, email, phone } = c.fields
  return compact({
    id: c.id,
    reference,
    name,
    company,
    email,
    phone,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }) as CustomerSummary
}

const referenceTaken = (env: MemoryEnv, reference: string | undefined, except?: string): boolean =>
  reference !== undefined &&
  env.state.byReference.has(reference) &&
  env.state.byReference.get(reference) !== except

/** The write's customer fields, less a reference the topology keeps none of (with a warning). */
const withoutUnkeptReference = (
  env: MemoryEnv,
  fields: CustomerFields,
  warnings: Warning[],
): CustomerFields => {
  if (env.topology.customerReference !== 'none' || fields.reference === undefined) return fields
  const { reference: _dropped, ...others } = fields
  warnings.push(warning('field_dropped', 'this vault keeps no merchant reference', 'reference'))
  return others
}

const checkDefaults = (
  env: MemoryEnv,
  op: OperationName,
  c: StoredCustomer,
  defaults: CustomerPatch['defaults'],
): VaultError | undefined => {
  if (defaults === undefined) return undefined
  const { billingAddressId: b, shippingAddressId: s, paymentMethodId: p } = defaults
  if (b !== undefined && c.addresses.get(b)?.role !== 'billing') {
    return invalid(
      env,
      op,
      'defaults.billingAddressId',
      'is not a billing address of this customer',
    )
  }
  if (s !== undefined && c.addresses.get(s)?.role !== 'shipping') {
    return invalid(
      env,
      op,
      'defaults.shippingAddressId',
      'is not a shipping address of this customer',
    )
  }
  if (p !== undefined && !c.paymentMethods.has(p)) {
    return invalid(env, op, 'defaults.paymentMethodId', 'is not a payment method of this customer')
  }
  return undefined
}

const matches = (filter: CustomerFilter | undefined) => {
  if (filter === undefined) return () => true
  const name = filter.name?.toLowerCase()
  const email = filter.email?.toLowerCase()
  const since = filter.changedSince === undefined ? undefined : Date.parse(filter.changedSince)
  return (c: StoredCustomer): boolean =>
    (name === undefined || (c.fields.name ?? '').toLowerCase().includes(name)) &&
    (email === undefined || (c.fields.email ?? '').toLowerCase() === email) &&
    (filter.reference === undefined || c.fields.reference === filter.reference) &&
    (since === undefined || Date.parse(c.updatedAt) >= since)
}

// ---- operations

export const createCustomer =
  (env: MemoryEnv) =>
  (input: CustomerInput): TaskEither<VaultError, Written<Customer>> =>
    throughFaults(env, 'customers.create', (op) => {
      const { state } = env
      const warnings: Warning[] = []
      const { addresses = [], paymentMethod, gatewayData, ...rest } = input
      const fields = withoutUnkeptReference(env, compact(rest), warnings)
      if (referenceTaken(env, fields.reference)) {
        return E.left(conflict(env, op, 'a customer with this reference already exists'))
      }
      const at = stamp(env)
      const c: StoredCustomer = {
        id: nextId(env, 'customer', 'cus'),
        fields,
        addresses: new Map(),
        paymentMethods: new Map(),
        defaults: {},
        createdAt: at,
        updatedAt: at,
        recurrences: [],
        ...(gatewayData === undefined ? {} : { gatewayData: structuredClone(gatewayData) }),
      }
      for (const a of addresses) {
        const room = addressRoom(env, op, c, a.role)
        if (room !== undefined) return E.left(room)
        storeAddress(env, c, a)
      }
      if (paymentMethod !== undefined) {
        const stored = storeMethod(env, op, c, paymentMethod, true)
        if (E.isLeft(stored)) return stored
        warnings.push(...stored.right.warnings)
      }
      state.customers.set(c.id, c)
      state.order.push(c.id)
      if (fields.reference !== undefined) state.byReference.set(fields.reference, c.id)
      return E.right(written(toCustomer(c), warnings))
    })

export const getCustomer =
  (env: MemoryEnv) =>
  (id: CustomerId): TaskEither<VaultError, Customer> =>
    throughFaults(env, 'customers.get', (op) => E.map(toCustomer)(findCustomer(env, op, id)))

export const findCustomerByReference =
  (env: MemoryEnv) =>
  (reference: string): TaskEither<VaultError, Customer | undefined> =>
    throughFaults(env, 'customers.findByReference', () => {
      const id = env.state.byReference.get(reference)
      const c = id === undefined ? undefined : env.state.customers.get(id)
      return E.right(c === undefined ? undefined : toCustomer(c))
    })

export const updateCustomer =
  (env: MemoryEnv) =>
  (id: CustomerId, patch: CustomerPatch): TaskEither<VaultError, Written<Customer>> =>
    throughFaults(env, 'customers.update', (op) => {
      const { state, topology } = env
      const found = findCustomer(env, op, id)
      if (E.isLeft(found)) return found
      const c = found.right
      const warnings: Warning[] = []
      const { defaults, gatewayData, ...fieldPatch } = patch
      const changes = withoutUnkeptReference(env, fieldPatch, warnings)
      if (changes.reference === '' && topology.customerReference === 'required') {
        return E.left(invalid(env, op, 'reference', 'cannot be cleared: this vault requires one'))
      }
      if (changes.reference !== '' && referenceTaken(env, changes.reference, id)) {
        return E.left(conflict(env, op, 'a customer with this reference already exists'))
      }
      const bad = checkDefaults(env, op, c, defaults)
      if (bad !== undefined) return E.left(bad)
      if (c.fields.reference !== undefined && changes.reference !== undefined) {
        state.byReference.delete(c.fields.reference)
      }
      c.fields = compact({ ...c.fields, ...changes })
      if (c.fields.reference !== undefined) state.byReference.set(c.fields.reference, id)
      if (defaults !== undefined) c.defaults = compact({ ...c.defaults, ...defaults })
      if (gatewayData !== undefined) c.gatewayData = structuredClone(gatewayData)
      touch(env, c)
      return E.right(written(toCustomer(c), warnings))
    })

export const deleteCustomer =
  (env: MemoryEnv) =>
  (id: CustomerId): TaskEither<VaultError, void> =>
    throughFaults(env, 'customers.delete', (op) => {
      const { state } = env
      const found = findCustomer(env, op, id)
      if (E.isLeft(found)) return found
      const c = found.right
      for (const r of c.recurrences) state.recurrences.delete(r)
      if (c.fields.reference !== undefined) state.byReference.delete(c.fields.reference)
      state.customers.delete(id)
      return E.right(undefined)
    })

export const listCustomers =
  (env: MemoryEnv) =>
  (query?: ListQuery): TaskEither<VaultError, Page<CustomerSummary>> =>
    throughFaults(env, 'customers.list', (op) => {
      const { state } = env
      const offset = offsetOf(env, op, query)
      if (E.isLeft(offset)) return offset
      const keep = matches(query?.filter)
      const { items, next } = pageOf(state.order, offset.right, pageSizeOf(env, query), (id) => {
        const c = state.customers.get(id)
        return c !== undefined && keep(c) ? toSummary(c) : undefined
      })
      return E.right({
        items,
        ...nextCursorOf(next),
        ...(query?.filter === undefined ? { totalCount: state.customers.size } : {}),
      })
    })

/** The port's operations as data; `vault.ts` binds them to the vault's environment. */
export const customerOperations: PortOperations<MemoryEnv, CustomersPort> = {
  create: createCustomer,
  get: getCustomer,
  findByReference: findCustomerByReference,
  update: updateCustomer,
  delete: deleteCustomer,
  list: listCustomers,
}
