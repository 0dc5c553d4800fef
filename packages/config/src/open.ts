/**
 * Opening a configured gateway: the entry's adapter is looked up among the modules the
 * application passes (this package imports no adapter), and the module builds the vault. Every
 * problem is a message: an unknown gateway name or adapter with the nearest known one, a missing
 * or malformed setting, prefixed with the gateway's name and adapter.
 */
import * as E from 'fp-ts/Either'
import type { Vault } from '@vaultport/core'
import { DEFAULT_CONFIG_FILE, type VaultportConfig } from './load'
import {
  findGatewayModule,
  type GatewayEntry,
  type GatewayHooks,
  type GatewayModule,
} from './module'
import { nearest } from './suggest'

/**
 * The adapters to open gateways with, and the hooks every vault gets.
 *
 * @category Configuration
 */
export interface OpenGatewayOptions extends GatewayHooks {
  /** The adapters the application installed; an entry naming another adapter is refused. */
  readonly modules: ReadonlyArray<GatewayModule>
}

/**
 * "no gateway named …", with the nearest configured name and every configured one.
 *
 * @category Configuration
 */
export const unknownGatewayMessage = (name: string, configured: ReadonlyArray<string>): string => {
  const near = nearest(name, configured)
  const known =
    configured.length === 0
      ? `none is: add one to ${DEFAULT_CONFIG_FILE} or set VAULTPORT_GATEWAY_<NAME>_ADAPTER`
      : `configured: ${configured.join(', ')}`
  return `no gateway named "${name}" is configured${near === undefined ? '' : `; did you mean "${near}"?`} (${known})`
}

/**
 * "unknown adapter …", with the nearest known adapter and every known one.
 *
 * @category Configuration
 */
export const unknownAdapterMessage = (
  name: string,
  adapter: string,
  modules: ReadonlyArray<GatewayModule>,
): string => {
  const adapters = modules.map((m) => m.adapter)
  const near = nearest(adapter, adapters)
  const known = adapters.length === 0 ? 'no adapter was given' : `known: ${adapters.join(', ')}`
  return `gateway "${name}": unknown adapter "${adapter}"${near === undefined ? '' : `; did you mean "${near}"?`} (${known})`
}

/**
 * The vault of one gateway entry, already picked out of a configuration, or what is wrong with
 * the entry.
 *
 * @category Configuration
 */
export const openGatewayEntry = (
  name: string,
  entry: GatewayEntry,
  options: OpenGatewayOptions,
): E.Either<string, Vault> => {
  const module = findGatewayModule(options.modules, entry.adapter)
  if (module === undefined)
    return E.left(unknownAdapterMessage(name, entry.adapter, options.modules))
  const hooks: GatewayHooks =
    options.onTranscript === undefined ? {} : { onTranscript: options.onTranscript }
  return E.mapLeft((m: string) => `gateway "${name}" (${entry.adapter}): ${m}`)(
    module.create(entry, hooks),
  )
}

/**
 * The vault of the gateway `name` in `config`, built by the module its entry's `adapter` names,
 * or a message saying what is wrong: an unknown name is answered with the configured ones (and
 * the nearest, if it looks misspelt), an unknown adapter with the modules given.
 *
 * @category Configuration
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { loadConfig, openGateway } from '@vaultport/config'
 * import { fluidPayGateway } from '@vaultport/fluidpay'
 *
 * const modules = [fluidPayGateway]
 * const vault = pipe(
 *   loadConfig({ env: process.env, cwd: process.cwd(), modules }),
 *   E.chain((config) => openGateway(config, 'main', { modules })),
 * )
 * if (E.isLeft(vault)) console.error(vault.left) // e.g. gateway "main" (fluidpay): missing apiKey
 * ```
 */
export const openGateway = (
  config: VaultportConfig,
  name: string,
  options: OpenGatewayOptions,
): E.Either<string, Vault> => {
  if (!Object.hasOwn(config.gateways, name))
    return E.left(unknownGatewayMessage(name, Object.keys(config.gateways)))
  return openGatewayEntry(name, config.gateways[name] as GatewayEntry, options)
}
