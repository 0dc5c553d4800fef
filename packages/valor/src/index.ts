/**
 * @vaultport/valor: the Valor PayTech vault adapter (app id / app key headers).
 */
export {
  createValorVault,
  valorHosts,
  type ValorConfig,
  type ValorEnvironment,
  type ValorHttpOptions,
  type ValorVault,
  type ValorExtensions,
  type CustomerTransactionsQuery,
} from './client'
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
export { errorRows, type ErrorRow } from './errors'
export type { ValorTransaction } from './translate'
export * as valorWire from './wire'
