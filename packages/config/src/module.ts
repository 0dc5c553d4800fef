/**
 * What an adapter offers to configuration: a `GatewayModule` names the adapter, lists the
 * settings a config entry may carry, and builds the adapter's vault from one entry. Each adapter
 * package exports its own (`fluidPayGateway`, `payTraceGateway`, `valorGateway`,
 * `memoryGateway`); an application passes the ones it installed to `loadConfig` and
 * `openGateway`.
 */
import type * as E from 'fp-ts/Either'
import type { Capabilities, TranscriptHook, Vault } from '@vaultport/core'
import { COMMON_SETTINGS } from './entry'

/**
 * One named gateway of a configuration: the `adapter` it uses and that adapter's settings, with
 * every `"env:NAME"` reference already replaced by the variable's value.
 * @category Configuration
 */
export type GatewayEntry = Readonly<Record<string, unknown>> & { readonly adapter: string }

/**
 * What the application adds to every vault it opens from configuration.
 * @category Configuration
 */
export interface GatewayHooks {
  /** Receives every HTTP exchange (redacted), for logs or diagnostics. */
  readonly onTranscript?: TranscriptHook
}

/**
 * One setting a config entry may carry.
 * @category Configuration
 */
export interface GatewaySetting {
  readonly name: string
  /** An entry without it is refused. */
  readonly required: boolean
  /** Its value is a credential: nothing prints it, and a file should reference it (`env:…`). */
  readonly secret: boolean
}

/**
 * An adapter as configuration sees it: its name in the `adapter` field, what it can do, the
 * settings its entries take, and the factory from an entry to a vault.
 *
 * @category Configuration
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import type { GatewayModule } from '@vaultport/config'
 * import { createMemoryVault, capabilitiesFor, topologies } from '@vaultport/memory'
 *
 * export const scratchGateway: GatewayModule = {
 *   adapter: 'scratch',
 *   displayName: 'Scratch (in memory)',
 *   capabilities: capabilitiesFor(topologies.full),
 *   settings: [],
 *   create: () => E.right(createMemoryVault()),
 * }
 * ```
 */
export interface GatewayModule {
  /** The value of an entry's `adapter` field that selects this module (`fluidpay`). */
  readonly adapter: string
  readonly displayName: string
  readonly capabilities: Capabilities
  /** Settings the entry must or may have besides `adapter` and the common HTTP ones. */
  readonly settings: ReadonlyArray<GatewaySetting>
  /** The vault of one entry, or what is wrong with the entry (never a secret's value). */
  readonly create: (entry: GatewayEntry, hooks: GatewayHooks) => E.Either<string, Vault>
}

/**
 * The module whose `adapter` is `adapter`, among `modules`.
 *
 * @category Configuration
 */
export const findGatewayModule = (
  modules: ReadonlyArray<GatewayModule>,
  adapter: string,
): GatewayModule | undefined => modules.find((m) => m.adapter === adapter)

/**
 * Every setting an entry for `module` may have: `adapter`, the module's own, and the common
 * HTTP ones.
 *
 * @category Configuration
 */
export const settingNames = (module: GatewayModule): ReadonlyArray<string> => [
  'adapter',
  ...module.settings.map((s) => s.name),
  ...COMMON_SETTINGS,
]
