/**
 * @vaultport/testkit: the adapter contract suite (jest), chosen from a vault's capabilities;
 * public test data and builders; assertion helpers for `TaskEither` ports; fault injection that
 * wraps any vault.
 */
export * from './assert'
export * from './data'
export * from './observe'
export * from './scenarios'
export * from './faults'
export * from './leakScan'
export {
  unknownLike,
  type ContractContext,
  type ContractOptions,
  type ExtraInputKind,
  type IdKind,
  type MakeVault,
  type VaultUnderTest,
} from './context'
export {
  describeVaultContract,
  runContract,
  runScenario,
  type ContractReport,
  type ScenarioOutcome,
} from './contract'
