/**
 * @vaultport/fluidpay: the FluidPay `/api/vault` customer vault and `/api/recurring`
 * subscriptions (and their white-labels, by base URL) behind vaultport's ports.
 */
export { createFluidPayVault, type FluidPayVault, type FluidPayExtensions } from './client'
export {
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
  type RecurringRouteName,
  type Route,
  type RouteName,
  type RouteTable,
} from './routes'
export {
  fluidpayOptions,
  fluidpayRecurrenceOptions,
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
export type { SearchOperator } from './wire'
export { fluidPayGateway } from './gateway'
