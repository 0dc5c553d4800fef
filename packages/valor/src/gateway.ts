/**
 * Valor PayTech for configuration: `valorGateway` builds a Valor vault from a config entry
 * (`adapter: "valor"`, `appId`, `appKey`, and the merchant's `epi` for recurring billing), for
 * `openGateway` of `@vaultport/config`.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import {
  LOCATION_SETTINGS,
  readHostedEntry,
  readString,
  type GatewayModule,
} from '@vaultport/config'
import { valorCapabilities } from './capabilities'
import { createValorVault } from './client'

/**
 * The Valor adapter as a configuration module: pass it to `loadConfig` and `openGateway`.
 *
 * @category Configuration
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { valorGateway } from '@vaultport/valor'
 *
 * const vault = valorGateway.create({ adapter: 'valor', appId: 'app', appKey: 'key' }, {})
 * if (E.isRight(vault)) console.log(vault.right.capabilities.displayName)
 * ```
 */
export const valorGateway: GatewayModule = {
  adapter: 'valor',
  displayName: valorCapabilities.displayName,
  capabilities: valorCapabilities,
  settings: [
    ...LOCATION_SETTINGS,
    { name: 'appId', required: true, secret: true },
    { name: 'appKey', required: true, secret: true },
    // The merchant's EPI: recurring billing needs it (without it the vault bills no schedules).
    { name: 'epi', required: false, secret: true },
  ],
  create: (entry, hooks) =>
    pipe(
      readHostedEntry(entry, ['appId', 'appKey'], hooks),
      E.map(({ location, http }) => {
        const epi = readString(entry, 'epi')
        return createValorVault({
          ...location,
          appId: readString(entry, 'appId') ?? '',
          appKey: readString(entry, 'appKey') ?? '',
          ...(epi === undefined ? {} : { epi }),
          http,
        })
      }),
    ),
}
