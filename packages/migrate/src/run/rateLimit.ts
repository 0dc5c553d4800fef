/**
 * The run's own rate limit on the target: every port call waits for the limiter, on top of the
 * adapter's HTTP limits, so a migration leaves room for the merchant's live traffic.
 */
import type { TaskEither } from 'fp-ts/TaskEither'
import { createLimiter, type Vault, type VaultError } from '@vaultport/core'

/** `vault` with each port call behind a limiter of `rps` calls a second; `vault` itself if unset. */
export const withLimit = (vault: Vault, rps: number | undefined): Vault => {
  if (rps === undefined) return vault
  const limiter = createLimiter({ requestsPerSecond: rps })
  const wrapPort = (port: object) =>
    Object.fromEntries(
      Object.entries(port).map(([name, f]) => [
        name,
        (...args: unknown[]) =>
          async () => {
            const release = await limiter.acquire()
            try {
              return await (f as (...a: unknown[]) => TaskEither<VaultError, unknown>)(...args)()
            } finally {
              release()
            }
          },
      ]),
    )
  return {
    capabilities: vault.capabilities,
    customers: wrapPort(vault.customers),
    addresses: wrapPort(vault.addresses),
    paymentMethods: wrapPort(vault.paymentMethods),
    recurrences: wrapPort(vault.recurrences),
  } as Vault
}
