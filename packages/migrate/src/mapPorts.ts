/**
 * A vault whose every port call is wrapped: the engine puts its failure policy around each call
 * this way (`policy.ts`), and tests put fakes and counters around a real vault. Only the four
 * ports and the capabilities are kept: a wrapped vault is for the engine, not for adapter extras.
 */
import type { TaskEither } from 'fp-ts/TaskEither'
import type { Vault, VaultError } from '@vaultport/core'

/** One port operation as the wrapper sees it. */
export type PortCall = (...args: unknown[]) => TaskEither<VaultError, unknown>

/** The ports of a vault, by name. */
export type PortName = 'customers' | 'addresses' | 'paymentMethods' | 'recurrences'

/**
 * `vault` with each operation replaced by `wrap(port, name, call)`.
 * @category Migration
 * @internal
 */
export const mapPorts = (
  vault: Vault,
  wrap: (port: PortName, name: string, call: PortCall) => PortCall,
): Vault => {
  const wrapPort = (port: PortName) =>
    Object.fromEntries(
      Object.entries(vault[port]).map(([name, f]) => [name, wrap(port, name, f as PortCall)]),
    )
  return {
    capabilities: vault.capabilities,
    customers: wrapPort('customers'),
    addresses: wrapPort('addresses'),
    paymentMethods: wrapPort('paymentMethods'),
    recurrences: wrapPort('recurrences'),
  } as Vault
}
