// Helpers every command uses: load config, open a gateway, turn a VaultError into an exit code.
import * as E from 'fp-ts/Either'
import { formatVaultError, type Vault, type VaultError } from '@vaultport/core'
import { loadConfig, type CliConfig } from '../config'
import { openConfiguredGateway } from '../gateways'
import { CliError, ExitCode, type CliIo } from '../io'

export const configOf = (io: CliIo, path: string | undefined): CliConfig => {
  const config = loadConfig({ ...(path === undefined ? {} : { path }), env: io.env, cwd: io.cwd })
  if (E.isLeft(config)) throw new CliError(config.left, ExitCode.usage)
  return config.right
}

/** The vault of a configured gateway; an unknown name is answered with the configured ones. */
export const gatewayOf = (config: CliConfig, name: string): Vault => {
  const vault = openConfiguredGateway(config, name)
  if (E.isLeft(vault)) throw new CliError(vault.left, ExitCode.usage)
  return vault.right
}

export const exitCodeFor = (e: VaultError): ExitCode =>
  e.kind === 'Auth' ||
  e.kind === 'Unavailable' ||
  e.kind === 'RateLimited' ||
  e.kind === 'OutcomeUnknown'
    ? ExitCode.gateway
    : ExitCode.incomplete

export const orFail = <A>(r: E.Either<VaultError, A>): A => {
  if (E.isLeft(r)) throw new CliError(formatVaultError(r.left), exitCodeFor(r.left))
  return r.right
}

export const json = (io: CliIo, value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`)
