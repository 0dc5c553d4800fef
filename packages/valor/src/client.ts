/**
 * The Valor vault adapter: `createValorVault(config)` checks the config, builds the environment
 * once (`env.ts`) and wires each port member to its operation (`operations/`). Every request goes
 * through core's HTTP client (timeouts, retries of idempotent requests only, limits, transcripts,
 * redaction) and every answer through one envelope decoder (`request.ts`).
 *
 * Composite operations (what one port call costs):
 * - `customers.get` = V11 get customer + V12 list cards + V13 list ACH (3 requests);
 * - `customers.create` = V1 (+ the first payment method's write) + the 3 reads of `get`;
 * - `customers.update` = V5 + `get`;
 * - `addresses.add` / `update` = V11 + V5 + V11; `addresses.remove` = V11 + V16;
 * - `paymentMethods.add` / `update` = the write + V12 (or V13) to read the result back;
 * - `recurrences.*`: the subscription API on its own host (see `operations/recurrences.ts`).
 *
 * Each `operations/<port>.ts` exports its port's table (`customerOperations`, …), bound here to
 * the one environment by core's `bindOperations`.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import {
  bindOperations,
  defineVault,
  operationNames,
  validationError,
  vaultError,
  type Page,
  type Recurrence,
  type RecurrenceInput,
  type Vault,
  type VaultError,
} from '@vaultport/core'
import { capabilitiesFor, valorCapabilities, type ValorCapabilities } from './capabilities'
import { checkConfig, type ConfigProblem, type ValorConfig } from './config'
import { ctxOf, makeValorEnv } from './env'
import { addressOperations } from './operations/addresses'
import { customerOperations } from './operations/customers'
import {
  findRecurrence,
  guardExtension,
  listCustomerTransactions,
  removeAddressEntry,
  type CustomerTransactionsQuery,
} from './operations/extensions'
import { paymentMethodOperations } from './operations/paymentMethods'
import { recurrenceOperations } from './operations/recurrences'
import type { Task } from './request'
import { resolveRoutes, type RouteTable } from './routes'
import type { ValorTransaction } from './translate'

/** @category Vault */
export interface ValorExtensions {
  /** V6: the customer's transactions, paged and filtered by date: outside the common ports. */
  readonly listCustomerTransactions: (
    customerId: string,
    query?: CustomerTransactionsQuery,
  ) => TE.TaskEither<VaultError, Page<ValorTransaction>>
  /**
   * V16: deletes a whole address entry, both halves (`<entryId>:billing` and `:shipping`). The
   * way to remove a half whose partner is in use (`addresses.remove` answers Conflict there).
   */
  readonly removeAddressEntry: (
    customerId: string,
    entryId: string,
  ) => TE.TaskEither<VaultError, void>
  /**
   * The subscription an earlier `recurrences.create` with this same input made, found by the
   * `invoice_no` it carried among the subscriptions starting on its start date: how an add whose
   * outcome is unknown (an empty answer, a timeout) is reconciled before it is sent again.
   * Undefined when none carries it; Conflict when several do.
   */
  readonly findRecurrence: (
    input: RecurrenceInput,
  ) => TE.TaskEither<VaultError, Recurrence | undefined>
}

/** @category Vault */
export type ValorVault = Vault<ValorCapabilities> & {
  readonly valor: ValorExtensions
  /** The route table in use (defaults plus configured overrides). */
  readonly routes: RouteTable
}

/**
 * @category Vault
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { customerId, formatVaultError } from '@vaultport/core'
 * import { createValorVault } from '@vaultport/valor'
 *
 * const vault = createValorVault({
 *   environment: 'sandbox',
 *   appId: process.env['VALOR_APP_ID'] ?? '',
 *   appKey: process.env['VALOR_APP_KEY'] ?? '',
 * })
 * const customer = await vault.customers.get(customerId('100864'))()
 * if (E.isLeft(customer)) console.error(formatVaultError(customer.left))
 * else console.log(customer.right.addresses.length) // billing and shipping pairs
 * ```
 */
export const createValorVault = (config: ValorConfig): ValorVault => {
  const settings = checkConfig(config)
  if (E.isLeft(settings)) return brokenVault(settings.left)
  const env = makeValorEnv(config, settings.right)
  const vault = defineVault({
    capabilities: capabilitiesFor(settings.right) as ValorCapabilities,
    ...(config.now === undefined ? {} : { now: config.now }),
    ports: bindOperations(env, {
      customers: customerOperations,
      addresses: addressOperations,
      paymentMethods: paymentMethodOperations,
      recurrences: recurrenceOperations,
    }),
  })
  return {
    ...vault,
    routes: env.routes,
    valor: {
      listCustomerTransactions: guardExtension(
        'valor.listCustomerTransactions',
        ['customerId', 'query'],
        listCustomerTransactions(env),
      ),
      removeAddressEntry: guardExtension(
        'valor.removeAddressEntry',
        ['customerId', 'entryId'],
        removeAddressEntry(env),
      ),
      findRecurrence: guardExtension('valor.findRecurrence', ['input'], findRecurrence(env)),
    },
  }
}

/** A vault whose every operation answers the configuration problem, before any request. */
const brokenVault = (problem: ConfigProblem): ValorVault => {
  const fail = (operation: string): VaultError => {
    const ctx = ctxOf(operation)
    const message = `invalid Valor configuration: ${problem.problems.join('; ')}`
    return problem.kind === 'Auth'
      ? vaultError('Auth', ctx, message)
      : validationError(
          ctx,
          problem.problems.map((p) => ({ path: 'config', message: p })),
        )
  }
  const ports: Record<string, Record<string, () => Task<never>>> = {}
  for (const name of operationNames()) {
    const [port, op] = name.split('.') as [string, string]
    ports[port] = { ...ports[port], [op]: () => TE.left(fail(name)) }
  }
  const vault = defineVault({ capabilities: valorCapabilities, ports })
  return {
    ...vault,
    routes: E.getOrElse(() => ({}) as RouteTable)(resolveRoutes(undefined)),
    valor: {
      listCustomerTransactions: () => TE.left(fail('valor.listCustomerTransactions')),
      removeAddressEntry: () => TE.left(fail('valor.removeAddressEntry')),
      findRecurrence: () => TE.left(fail('valor.findRecurrence')),
    },
  }
}
