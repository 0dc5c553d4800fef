/**
 * Pure conversions between the canonical model and FluidPay's wire JSON, one file per port.
 * Everything FluidPay cannot carry is declared there, as a `Warning`, never dropped in silence.
 */
export { TEXT_MAX, compact, readTimestamp, splitName, joinName, normalizeName } from './shared'
export * from './addresses'
export * from './paymentMethods'
export * from './customers'
export * from './schedules'
export * from './plans'
export * from './recurrences'
