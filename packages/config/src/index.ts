/**
 * @vaultport/config: pick a gateway by configuration. `loadConfig` reads named gateways from a
 * JSON file and `VAULTPORT_GATEWAY_*` variables; `openGateway` builds the named one's vault with
 * the adapter modules the application passes in (`fluidPayGateway` from `@vaultport/fluidpay`,
 * and so on). This package imports no adapter: an application installs the ones it names.
 * Adapter authors use `GatewayModule` and the entry readers to offer their own.
 */
export {
  findGatewayModule,
  settingNames,
  type GatewayEntry,
  type GatewayHooks,
  type GatewayModule,
  type GatewaySetting,
} from './module'
export {
  COMMON_SETTINGS,
  LOCATION_SETTINGS,
  readHostedEntry,
  readHttpSettings,
  readLocation,
  readNumber,
  readString,
  requireSettings,
  type GatewayHttpSettings,
  type GatewayLocation,
} from './entry'
export { gatewaysFromEnv, type Environment } from './environment'
export {
  DEFAULT_CONFIG_FILE,
  loadConfig,
  type LoadConfigOptions,
  type VaultportConfig,
} from './load'
export {
  openGateway,
  openGatewayEntry,
  unknownAdapterMessage,
  unknownGatewayMessage,
  type OpenGatewayOptions,
} from './open'
export { editDistance, nearest } from './suggest'
