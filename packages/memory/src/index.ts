/**
 * @vaultport/memory: the in-memory reference vault. It implements every port with the semantics
 * every adapter must keep, imitates a gateway's topology on request (`topologies.paytraceLike`,
 * `fluidpayLike`, `valorLike`) and injects scripted or seeded random faults for app tests.
 */
export * from './topology'
export * from './faults'
export {
  createMemoryVault,
  defaultMemoryTokens,
  type MemoryInspection,
  type MemorySnapshot,
  type MemoryVault,
  type MemoryVaultOptions,
  type TokenTarget,
} from './vault'
