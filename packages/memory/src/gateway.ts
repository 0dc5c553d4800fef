/**
 * The memory vault for configuration: `memoryGateway` builds an in-memory vault from a config
 * entry (`adapter: "memory"`, optionally a `topology` naming one of `topologies`), so a
 * development or test configuration can stand in for a real gateway.
 */
import * as E from 'fp-ts/Either'
import { readString, type GatewayModule } from '@vaultport/config'
import { capabilitiesFor, topologies, type TopologyName } from './topology'
import { createMemoryVault } from './vault'

const isTopologyName = (name: string): name is TopologyName => Object.hasOwn(topologies, name)

/**
 * The memory vault as a configuration module: pass it to `loadConfig` and `openGateway`.
 *
 * @category Configuration
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { memoryGateway } from '@vaultport/memory'
 *
 * const vault = memoryGateway.create({ adapter: 'memory', topology: 'valorLike' }, {})
 * if (E.isRight(vault)) console.log(vault.right.capabilities.displayName)
 * ```
 */
export const memoryGateway: GatewayModule = {
  adapter: 'memory',
  displayName: 'Memory (reference)',
  capabilities: capabilitiesFor(topologies.full),
  settings: [{ name: 'topology', required: false, secret: false }],
  create: (entry) => {
    const name = readString(entry, 'topology') ?? 'full'
    if (!isTopologyName(name))
      return E.left(`topology must be one of ${Object.keys(topologies).join(', ')}`)
    return E.right(createMemoryVault({ topology: topologies[name] }))
  },
}
