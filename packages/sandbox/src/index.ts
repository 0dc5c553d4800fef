/**
 * @vaultport/sandbox: local HTTP simulators of the PayTrace, FluidPay and Valor customer vaults
 * and recurring billing, written from the gateways' documents (see docs/sandbox.md and
 * docs/wire-assumptions.md), with a billing clock that runs the charges schedules have due.
 */
export { mergeCharges, startAllSandboxes, startSandbox } from './sandbox'
/** The simulators' URLs and credentials as `vaultport-sandbox` prints them. */
export { banner } from './cli'
export type {
  AllBillingControl,
  CredentialsByGateway,
  RunningSandbox,
  RunningSandboxes,
  StartAllOptions,
  StartSandboxOptions,
} from './sandbox'
export type { GatewayName, SeedOptions, SeedResult } from './common/engine'
export type { BillingControl, Charge, ChargeFilter } from './common/billing'
export { FAULT_KINDS, FLUIDPAY_CUSTOM_ID_PATTERNS, defaultKnobs } from './common/knobs'
export type {
  FaultKind,
  Faults,
  FluidPayRules,
  KnobControl,
  Knobs,
  KnobsPatch,
  Latency,
  RateLimit,
  ScriptedFault,
  ValorRules,
  BillingSettings,
  FluidPayRecurringRules,
  ValorRecurringRules,
} from './common/knobs'
export { ADMIN_PREFIX } from './common/server'
export { PAYTRACE_CREDENTIALS } from './paytrace'
export type { PayTraceCredentials, PayTraceTokenShape } from './paytrace'
export { FLUIDPAY_CREDENTIALS } from './fluidpay'
export type { FluidPayCredentials } from './fluidpay'
export { VALOR_CREDENTIALS, VALOR_ROUTE_IDS, VALOR_TEST_TOKENS, epiOf } from './valor'
export type { ValorCredentials, ValorRouteId, ValorRouteOverrides } from './valor'
