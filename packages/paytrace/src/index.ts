/**
 * @vaultport/paytrace: the PayTrace B2B API v3 adapter (customer profiles and recurring
 * payments). `createPayTraceVault(config)` gives a `Vault` narrowed by `payTraceCapabilities`,
 * with the PayTrace-only calls on its `paytrace` property.
 */
export {
  checkPayTraceConfig,
  createPayTraceVault,
  payTraceBaseUrls,
  tokenGrantOf,
  type ApprovedRecurringTransaction,
  type ExportFilter,
  type PayTraceConfig,
  type PayTraceExtras,
  type PayTraceHttpOptions,
  type PayTraceVault,
  type ProtectUpdate,
  type RecurrenceExportQuery,
} from './client'
export { firstAndFifteenth, payTraceCapabilities, type PayTraceCapabilities } from './capabilities'
export {
  payTraceRoutes,
  resolveRoutes,
  type Route,
  type RouteName,
  type RouteTable,
} from './routes'
export { canonicalPath, classify, errorFromResponse, errorTable, type ErrorRow } from './errors'
export {
  amountFromWire,
  amountToWire,
  frequencyTable,
  frequencyToSchedule,
  isoToWireDate,
  scheduleToFrequency,
  wireDateToIso,
} from './translate'
export * as wire from './wire'
