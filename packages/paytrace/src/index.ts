/**
 * @vaultport/paytrace: the PayTrace B2B API v3 adapter (customer profiles and recurring
 * payments). `createPayTraceVault(config)` gives a `Vault` narrowed by `payTraceCapabilities`,
 * with the PayTrace-only calls on its `paytrace` property.
 */
export { createPayTraceVault, type PayTraceExtras, type PayTraceVault } from './client'
export {
  checkPayTraceConfig,
  PAYTRACE_BASE_URLS,
  type PayTraceConfig,
  type PayTraceEnvironment,
  type PayTraceHttpOptions,
} from './config'
export type { ShortMonths } from './translate'
export { type ExportFilter } from './operations/customers'
export { type RecurrenceExportQuery } from './operations/recurrences'
export { type ApprovedRecurringTransaction, type ProtectUpdate } from './operations/extensions'
export { firstAndFifteenth, payTraceCapabilities, type PayTraceCapabilities } from './capabilities'
export { payTraceRoutes, type Route, type RouteName, type RouteTable } from './routes'
export { payTraceGateway } from './gateway'
