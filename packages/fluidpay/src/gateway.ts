/**
 * FluidPay for configuration: `fluidPayGateway` builds a FluidPay vault from a config entry
 * (`adapter: "fluidpay"`, an `apiKey`, optionally `environment` or a white-label `baseUrl`), for
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
import { fluidpayCapabilities } from './capabilities'
import { createFluidPayVault } from './client'

/**
 * The FluidPay adapter as a configuration module: pass it to `loadConfig` and `openGateway`.
 *
 * @category Configuration
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { fluidPayGateway } from '@vaultport/fluidpay'
 *
 * const vault = fluidPayGateway.create({ adapter: 'fluidpay', apiKey: 'api_key' }, {})
 * if (E.isRight(vault)) console.log(vault.right.capabilities.displayName)
 * ```
 */
export const fluidPayGateway: GatewayModule = {
  adapter: 'fluidpay',
  displayName: fluidpayCapabilities.displayName,
  capabilities: fluidpayCapabilities,
  settings: [...LOCATION_SETTINGS, { name: 'apiKey', required: true, secret: true }],
  create: (entry, hooks) =>
    pipe(
      readHostedEntry(entry, ['apiKey'], hooks),
      E.map(({ location, http }) =>
        createFluidPayVault({ ...location, apiKey: readString(entry, 'apiKey') ?? '', http }),
      ),
    ),
}
