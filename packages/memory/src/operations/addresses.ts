/**
 * The addresses port over the store: add, update and remove a customer's addresses, within the
 * topology's limits per customer and per role. The first address of a role becomes that role's
 * default; removing a default address clears it. `customers.create` stores a new customer's
 * addresses through the same `addressRoom` and `storeAddress`.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import {
  notFound,
  written,
  type Address,
  type AddressId,
  type AddressInput,
  type AddressPatch,
  type CustomerDefaults,
  type CustomerId,
  type OperationName,
  type VaultError,
  type Written,
  type PortOperations,
  type AddressesPort,
} from '@vaultport/core'
import { nextId, type MemoryEnv } from '../env'
import { throughFaults } from '../run'
import { compact, type StoredCustomer } from '../store'
import { conflict, findCustomer, overLimit, touch } from './records'

// ---- helpers

/** Why the customer cannot take one more address of `role`, or undefined if it can. */
export const addressRoom = (
  env: MemoryEnv,
  op: OperationName,
  c: StoredCustomer,
  role: Address['role'],
): VaultError | undefined => {
  const { topology } = env
  const all = [...c.addresses.values()]
  const sameRole = all.filter((a) => a.role === role).length
  const roleLimit =
    role === 'billing'
      ? topology.billingAddressesPerCustomer
      : topology.shippingAddressesPerCustomer
  if (overLimit(topology.addressesPerCustomer, all.length)) {
    return conflict(env, op, `at most ${topology.addressesPerCustomer} addresses per customer`)
  }
  if (overLimit(roleLimit, sameRole)) {
    return conflict(env, op, `at most ${roleLimit} ${role} addresses per customer`)
  }
  return undefined
}

export const storeAddress = (env: MemoryEnv, c: StoredCustomer, input: AddressInput): Address => {
  const address = compact({ ...input, id: nextId(env, 'address', 'adr') }) as Address
  c.addresses.set(address.id, address)
  if (address.role === 'billing' && c.defaults.billingAddressId === undefined) {
    c.defaults = { ...c.defaults, billingAddressId: address.id }
  }
  if (address.role === 'shipping' && c.defaults.shippingAddressId === undefined) {
    c.defaults = { ...c.defaults, shippingAddressId: address.id }
  }
  return address
}

const findAddress = (
  env: MemoryEnv,
  op: OperationName,
  customerId: string,
  addressId: string,
): E.Either<VaultError, { c: StoredCustomer; a: Address }> => {
  const found = findCustomer(env, op, customerId)
  if (E.isLeft(found)) return found
  const a = found.right.addresses.get(addressId)
  return a === undefined
    ? E.left(notFound(env.ctxOf(op), `address ${addressId}`))
    : E.right({ c: found.right, a })
}

// ---- operations

export const addAddress =
  (env: MemoryEnv) =>
  (customerId: CustomerId, input: AddressInput): TaskEither<VaultError, Written<Address>> =>
    throughFaults(env, 'addresses.add', (op) => {
      const found = findCustomer(env, op, customerId)
      if (E.isLeft(found)) return found
      const room = addressRoom(env, op, found.right, input.role)
      if (room !== undefined) return E.left(room)
      const a = storeAddress(env, found.right, input)
      touch(env, found.right)
      return E.right(written(structuredClone(a)))
    })

export const updateAddress =
  (env: MemoryEnv) =>
  (
    customerId: CustomerId,
    addressId: AddressId,
    patch: AddressPatch,
  ): TaskEither<VaultError, Written<Address>> =>
    throughFaults(env, 'addresses.update', (op) => {
      const found = findAddress(env, op, customerId, addressId)
      if (E.isLeft(found)) return found
      const { c, a } = found.right
      const { role: _role, ...fields } = patch as AddressPatch & { role?: unknown }
      const next = compact({ ...a, ...fields, id: a.id, role: a.role }) as Address
      c.addresses.set(a.id, next)
      touch(env, c)
      return E.right(written(structuredClone(next)))
    })

export const removeAddress =
  (env: MemoryEnv) =>
  (customerId: CustomerId, addressId: AddressId): TaskEither<VaultError, void> =>
    throughFaults(env, 'addresses.remove', (op) => {
      const found = findAddress(env, op, customerId, addressId)
      if (E.isLeft(found)) return found
      const { c } = found.right
      c.addresses.delete(addressId)
      c.defaults = compact<Record<string, string | undefined>>({
        ...c.defaults,
        billingAddressId:
          c.defaults.billingAddressId === addressId ? undefined : c.defaults.billingAddressId,
        shippingAddressId:
          c.defaults.shippingAddressId === addressId ? undefined : c.defaults.shippingAddressId,
      }) as CustomerDefaults
      touch(env, c)
      return E.right(undefined)
    })

/** The port's operations as data; `vault.ts` binds them to the vault's environment. */
export const addressOperations: PortOperations<MemoryEnv, AddressesPort> = {
  add: addAddress,
  update: updateAddress,
  remove: removeAddress,
}
