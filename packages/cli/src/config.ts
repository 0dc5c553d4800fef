/**
 * Configuration for the command: named gateways from `vaultport.config.json` (or `--config`,
 * or `VAULTPORT_CONFIG`) and `VAULTPORT_GATEWAY_<NAME>_<SETTING>` variables, read by
 * `@vaultport/config` with the command's adapters (`gatewayModules`), so a misspelt setting of
 * any of them is refused with the nearest valid name.
 */
import type * as E from 'fp-ts/Either'
import {
  loadConfig as loadVaultportConfig,
  type Environment,
  type VaultportConfig,
} from '@vaultport/config'
import { gatewayModules } from './gateways'

export { DEFAULT_CONFIG_FILE, gatewaysFromEnv, type GatewayEntry } from '@vaultport/config'

/**
 * The configuration the command reads: every named gateway, `env:` references resolved.
 * @category Configuration
 */
export type CliConfig = VaultportConfig

/**
 * The configuration in the file and the environment, checked against the command's adapters.
 * @category Configuration
 */
export const loadConfig = (options: {
  readonly path?: string
  readonly env: Environment
  readonly cwd: string
}): E.Either<string, CliConfig> => loadVaultportConfig({ ...options, modules: gatewayModules })
