/**
 * @vaultport/valor: the Valor PayTech vault adapter (app id / app key headers).
 */
export { createValorVault, type ValorVault, type ValorExtensions } from './client'
export {
  VALOR_BASE_URLS,
  nameRules,
  streetLayouts,
  type ValorConfig,
  type ValorEnvironment,
  type ValorHttpOptions,
  type ValorNameRule,
  type ValorStreetLayout,
} from './config'
export { type CustomerTransactionsQuery } from './operations/extensions'
export { valorCapabilities, type ValorCapabilities } from './capabilities'
export {
  defaultRoutes,
  defaultQueryNames,
  resolveRoutes,
  routeNames,
  type Route,
  type RouteName,
  type RouteOverride,
  type RouteOverrides,
  type RouteStatus,
  type RouteTable,
  type QueryNames,
} from './routes'
export { errorRows, statusRows, type ErrorRow, type StatusRow } from './errors'
export type { ValorTransaction } from './translate'
export * as valorWire from './wire'
