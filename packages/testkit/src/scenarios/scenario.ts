/**
 * What a contract scenario is: a name, the operations it needs, and a run over the contract
 * context. Every scenario room builds its scenarios with `scenario`.
 */
import type { OperationName } from '@vaultport/core'
import type { ContractContext } from '../context'

// ---- model

/** @category Contract suite */
export interface ContractScenario {
  readonly name: string
  /** Operations the scenario needs; without them it reports itself not applicable. */
  readonly requires: ReadonlyArray<OperationName>
  readonly run: (ctx: ContractContext) => Promise<void>
}

export const scenario = (
  name: string,
  requires: ReadonlyArray<OperationName>,
  run: (ctx: ContractContext) => Promise<void>,
): ContractScenario => ({ name, requires, run })
