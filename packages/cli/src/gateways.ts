/**
 * The adapters the command line knows, each its package's configuration module, and the
 * command's ways of opening a configured gateway with them. Switching gateways is a change of
 * the `adapter` field and its settings.
 */
import * as E from 'fp-ts/Either'
import {
  findGatewayModule,
  openGateway as openConfigGateway,
  openGatewayEntry,
  type GatewayEntry,
  type GatewayHooks,
  type GatewayModule,
} from '@vaultport/config'
import type { Vault } from '@vaultport/core'
import { fluidPayGateway } from '@vaultport/fluidpay'
import { memoryGateway } from '@vaultport/memory'
import { payTraceGateway } from '@vaultport/paytrace'
import { valorGateway } from '@vaultport/valor'
import type { CliConfig } from './config'

export {
  COMMON_SETTINGS,
  settingNames,
  unknownGatewayMessage,
  type GatewayHooks,
  type GatewayModule,
} from '@vaultport/config'

/**
 * Every adapter the command can open, in the order it lists them.
 * @category Configuration
 * @internal
 */
export const gatewayModules: ReadonlyArray<GatewayModule> = [
  payTraceGateway,
  fluidPayGateway,
  valorGateway,
  memoryGateway,
]

/**
 * @category Configuration
 * @internal
 */
export const findModule = (adapter: string): GatewayModule | undefined =>
  findGatewayModule(gatewayModules, adapter)

/**
 * A vault for a configured gateway, or a message saying what is wrong with its entry.
 * @category Configuration
 */
export const openGateway = (
  name: string,
  entry: GatewayEntry | undefined,
  hooks: GatewayHooks = {},
): E.Either<string, Vault> =>
  entry === undefined
    ? E.left(`no gateway named "${name}" is configured`)
    : openGatewayEntry(name, entry, { ...hooks, modules: gatewayModules })

/**
 * The vault of the gateway `name` in `config`, or a message saying what is wrong: an unknown
 * name is answered with the configured ones (and the nearest, if it looks misspelt).
 * @category Configuration
 */
export const openConfiguredGateway = (
  config: CliConfig,
  name: string,
  hooks: GatewayHooks = {},
): E.Either<string, Vault> => openConfigGateway(config, name, { ...hooks, modules: gatewayModules })
