/**
 * @vaultport/fluidpay: the FluidPay `/api/vault` customer vault and `/api/recurring`
 * subscriptions (and their white-labels, by base URL) behind vaultport's ports.
 */
export { createFluidPayVault, type FluidPayVault, type FluidPayExtensions } from './client'
export {
  configProblem,
  baseUrlOf,
  FLUIDPAY_BASE_URLS,
  type FluidPayConfig,
  type FluidPayEnvironment,
  type FluidPayHttpOptions,
  type FluidPayRecurringSettings,
  type NonChargingStatus,
} from './config'
export type { FluidPaySearchResult } from './operations/extensions'
export type {
  FluidPayAdjustments,
  FluidPayList,
  FluidPayPlans,
  FluidPayRecurringRecords,
} from './operations/plans'
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
  fluidpayRecurrenceOptions,
  FLUIDPAY_STATUS_READS,
  UNKNOWN_STATUS_READS,
  LIST_FILTER_FIELDS,
  type FluidPayAdjustment,
  type FluidPayAdjustmentInput,
  type FluidPayAdjustmentRef,
  type FluidPayPlan,
  type FluidPayPlanInput,
  type FluidPayPlanPatch,
  type FluidPayRecurrenceOptions,
  type FluidPayCustomerOptions,
  type FluidPaySearchCriteria,
  type SearchCondition,
} from './translate'
export * as fluidpayWire from './wire'
