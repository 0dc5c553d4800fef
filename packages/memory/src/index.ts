/**
 * @vaultport/memory: the in-memory reference vault. It implements every port with the semantics
 * every adapter must keep, imitates a gateway's topology on request (`topologies.paytraceLike`,
 * `fluidpayLike`, `valorLike`) and injects scripted or seeded random faults for app tests.
 */
export * from './topology'
// The fault model lives in core, shared with testkit's `withFaults`.
export type { FaultOutcome, FaultPlan, RandomFaults, ScriptedFault } from '@vaultport/core'
export { defaultMemoryTokens, type MemoryVaultOptions, type TokenTarget } from './env'
export {
  createMemoryVault,
  type MemoryInspection,
  type MemorySnapshot,
  type MemoryVault,
} from './vault'
export { memoryGateway } from './gateway'
