/**
 * The contract scenarios, as data. Each names the operations it needs; which ones run, and what
 * they write, follows only from the vault's capabilities record: reads are compared field by
 * field for the fields it declares lossless, limits it declares are filled and then exceeded,
 * operations it denies must answer `Unsupported` and the ones it grants must not.
 *
 * This file is the catalogue, in the order the suite runs it; each port's scenarios (and the
 * cross-port groups: errors, secrets, the lifecycle) live in a room of their own beside it.
 */
import type { Capabilities } from '@vaultport/core'
import { addressLifecycle, addressLimits } from './addresses'
import {
  customerCreateGet,
  customerDelete,
  customerFindByReference,
  customerList,
  customerUpdate,
} from './customers'
import { invalidInput, unknownIds, unsupportedExactly } from './errors'
import { lifecycle } from './lifecycle'
import {
  bankReadBack,
  cardReadBack,
  extraInputs,
  methodLimits,
  methodRemove,
  methodStatus,
  methodUpdate,
  setDefault,
} from './paymentMethods'
import { recurrenceCalendar, recurrenceLifecycle, recurrenceStatuses } from './recurrences'
import type { ContractScenario } from './scenario'
import { noLeaks } from './secrets'

export type { ContractScenario } from './scenario'

// ---- catalogue

/**
 * Every scenario, in the order the suite runs them; the leak check runs last.
 * @category Contract suite
 */
export const allScenarios: ReadonlyArray<ContractScenario> = [
  lifecycle,
  customerCreateGet,
  customerUpdate,
  customerFindByReference,
  customerList,
  addressLifecycle,
  addressLimits,
  cardReadBack,
  bankReadBack,
  extraInputs,
  setDefault,
  methodUpdate,
  methodStatus,
  methodRemove,
  methodLimits,
  recurrenceLifecycle,
  recurrenceStatuses,
  recurrenceCalendar,
  customerDelete,
  unknownIds,
  invalidInput,
  unsupportedExactly,
  noLeaks,
]

/**
 * The scenarios whose required operations these capabilities grant (all, without caps).
 * @category Contract suite
 */
export const contractScenarios = (caps?: Capabilities): ReadonlyArray<ContractScenario> =>
  caps === undefined
    ? allScenarios
    : allScenarios.filter((s) =>
        s.requires.every((op) => {
          const [port, name] = op.split('.') as [keyof Capabilities['operations'], string]
          return (caps.operations[port] as Record<string, boolean>)[name] === true
        }),
      )
