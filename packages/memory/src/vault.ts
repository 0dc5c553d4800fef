/**
 * `createMemoryVault`: every port over in-memory Maps, built through core's `defineVault` so that
 * argument decoding, capability checks and input validation are the very code every adapter
 * runs. What is left to the memory vault is the state: ids, limits (a write past one is
 * `Conflict`, never an overwrite), unknown ids (`NotFound`), paging with offset cursors, and
 * fault injection. This file only wires the operation rooms (`./operations/*`) to one env.
 */
import {
  bindOperations,
  defineVault,
  type Capabilities,
  type Customer,
  type FaultInjector,
  type PortImplementations,
  type Recurrence,
  type Vault,
} from '@vaultport/core'
import { makeMemoryEnv, type MemoryEnv, type MemoryVaultOptions } from './env'
import { addressOperations } from './operations/addresses'
import { customerOperations } from './operations/customers'
import { paymentMethodOperations } from './operations/paymentMethods'
import { recurrenceOperations } from './operations/recurrences'
import { toCustomer } from './operations/records'
import type { MemoryTopology } from './topology'

// ---- model

/** @category Vault */
export interface MemoryInspection {
  readonly customers: number
  readonly addresses: number
  readonly paymentMethods: number
  readonly recurrences: number
}

/** @category Vault */
export interface MemorySnapshot {
  readonly customers: ReadonlyArray<Customer>
  readonly recurrences: ReadonlyArray<Recurrence>
}

/** @category Vault */
export type MemoryVault<C extends Capabilities = Capabilities> = Vault<C> & {
  readonly topology: MemoryTopology
  /** Counts of what the vault holds. */
  readonly inspect: () => MemoryInspection
  /** Every customer and recurrence, in creation order (deep copies). */
  readonly snapshot: () => MemorySnapshot
  /** Scripted faults not yet consumed. */
  readonly pendingFaults: FaultInjector['pending']
}

// ---- constructors

const portsOf = (env: MemoryEnv): PortImplementations =>
  bindOperations(env, {
    customers: customerOperations,
    addresses: addressOperations,
    paymentMethods: paymentMethodOperations,
    recurrences: recurrenceOperations,
  })

const inspect = ({ state }: MemoryEnv): MemoryInspection => {
  let addresses = 0
  let paymentMethods = 0
  for (const c of state.customers.values()) {
    addresses += c.addresses.size
    paymentMethods += c.paymentMethods.size
  }
  return {
    customers: state.customers.size,
    addresses,
    paymentMethods,
    recurrences: state.recurrences.size,
  }
}

const snapshot = ({ state }: MemoryEnv): MemorySnapshot => ({
  customers: state.order.flatMap((id) => {
    const c = state.customers.get(id)
    return c === undefined ? [] : [toCustomer(c)]
  }),
  recurrences: [...state.recurrences.values()].map((r) => structuredClone(r)),
})

/**
 * An in-memory vault with every capability (or a gateway's topology) and scripted faults.
 * @category Vault
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { createMemoryVault, topologies } from '@vaultport/memory'
 *
 * // A vault with Valor's limits, whose first create fails as if the gateway were down.
 * const vault = createMemoryVault({
 *   topology: topologies.valorLike,
 *   faults: { script: [{ operation: 'customers.create', outcome: 'unavailable' }] },
 * })
 * const first = await vault.customers.create({ name: 'Ada Lee' })()
 * const second = await vault.customers.create({ name: 'Ada Lee' })()
 * console.log(E.isLeft(first) && first.left.kind, E.isRight(second)) // 'Unavailable' true
 * ```
 */
export const createMemoryVault = (options: MemoryVaultOptions = {}): MemoryVault => {
  const env = makeMemoryEnv(options)
  const vault = defineVault({ capabilities: env.capabilities, ports: portsOf(env), now: env.now })
  return {
    ...vault,
    topology: env.topology,
    inspect: () => inspect(env),
    snapshot: () => snapshot(env),
    pendingFaults: env.faults.pending,
  }
}
