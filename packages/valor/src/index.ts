/**
 * @vaultport/valor: the Valor PayTech vault adapter (app id / app key headers), with recurring
 * schedules over Valor's subscription API (its own host; app id, app key and EPI in the body).
 */
export { createValorVault, type ValorVault, type ValorExtensions } from './client'
export {
  VALOR_BASE_URLS,
  VALOR_SUBSCRIPTION_URLS,
  anchorMonths,
  countFormats,
  listDateFormats,
  nameRules,
  streetLayouts,
  weekdayZeros,
  type ValorAnchorMonth,
  type ValorConfig,
  type ValorCountFormat,
  type ValorEnvironment,
  type ValorHttpOptions,
  type ValorListDateFormat,
  type ValorNameRule,
  type ValorStreetLayout,
  type ValorSubscriptionConfig,
  type ValorWeekdayZero,
} from './config'
export { type CustomerTransactionsQuery } from './operations/extensions'
export { valorCapabilities, type ValorCapabilities } from './capabilities'
export {
  defaultRoutes,
  defaultQueryNames,
  defaultSubscriptionRoutes,
  routeNames,
  subscriptionRouteNames,
  type Route,
  type RouteName,
  type RouteOverride,
  type RouteOverrides,
  type RouteStatus,
  type RouteTable,
  type QueryNames,
  type SubscriptionRoute,
  type SubscriptionRouteName,
  type SubscriptionRouteOverride,
  type SubscriptionRouteOverrides,
  type SubscriptionRouteTable,
} from './routes'
export type { ValorTransaction } from './translate'
export {
  defaultSubscriptionKeys,
  type SubscriptionKeyName,
  type SubscriptionKeyOverrides,
  type SubscriptionKeys,
  type AmountField,
} from './wire'
export { valorGateway } from './gateway'
