/**
 * @vaultport/fluidpay: the FluidPay `/api/vault` customer vault (and its white-labels, by base
 * URL) behind vaultport's ports.
 */
export { createFluidPayVault, type FluidPayVault, type FluidPayExtensions } from './client'
export {
  configProblem,
  baseUrlOf,
  FLUIDPAY_BASE_URLS,
  type FluidPayConfig,
  type FluidPayEnvironment,
  type FluidPayHttpOptions,
} from './config'
export type { FluidPaySearchResult } from './operations/extensions'
export {
  fluidpayCapabilities,
  FLUIDPAY_REFERENCE_PATTERN,
  FLUIDPAY_EXTENDED_REFERENCE_PATTERN,
  type FluidPayCapabilities,
  type FluidPayVaultCapabilities,
} from './capabilities'
export {
  fluidpayRoutes,
  resolveRoutes,
  fillPath,
  routePath,
  type Route,
  type RouteName,
  type RouteTable,
} from './routes'
export {
  errorTable,
  fieldTable,
  fluidpayError,
  gatewayCodeOf,
  matchErrorRow,
  correlationIdOf,
  type ErrorRow,
} from './errors'
export {
  fluidpayOptions,
  LIST_FILTER_FIELDS,
  type FluidPayCustomerOptions,
  type FluidPaySearchCriteria,
  type SearchCondition,
} from './translate'
export * as fluidpayWire from './wire'
