/**
 * The PayTrace adapter: `createPayTraceVault(config)` gives the port `Vault` (narrowed by
 * `payTraceCapabilities`) plus `vault.paytrace`, the PayTrace-only calls (export, ACH detail,
 * Protect.js update, recurrence exports). The config is checked, the environment (one HTTP
 * client, one OAuth token cache) built once, and each port's operation table bound to it.
 */
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import {
  bindOperations,
  defineVault,
  validationError,
  vaultError,
  type Customer,
  type CustomerSummary,
  type FieldIssue,
  type ListQuery,
  type Page,
  type PortImplementations,
  type Recurrence,
  type Vault,
  type VaultError,
  type Written,
} from '@vaultport/core'
import { payTraceCapabilities, type PayTraceCapabilities } from './capabilities'
import { checkPayTraceConfig, clockOf, type PayTraceConfig } from './config'
import { ctxOf, makePayTraceEnv } from './env'
import { addressOperations } from './operations/addresses'
import { customerOperations, type ExportFilter } from './operations/customers'
import {
  exportCustomers,
  exportRecurrence,
  exportRecurrencesByCustomer,
  getAchCustomer,
  lastApprovedRecurringTransaction,
  listRecurrencesByCustomer,
  streamCustomers,
  updateCustomerWithProtect,
  type ApprovedRecurringTransaction,
  type ProtectUpdate,
} from './operations/extensions'
import { paymentMethodOperations } from './operations/paymentMethods'
import { recurrenceOperations, type RecurrenceExportQuery } from './operations/recurrences'
import { fail } from './request'

/** @category Vault */
export interface PayTraceExtras {
  /** C10: every matching profile, in full. */
  readonly exportCustomers: (
    filter?: ExportFilter,
  ) => TE.TaskEither<VaultError, ReadonlyArray<Customer>>
  /** C8: the profile with its check (ACH) detail; NotFound when it has no check. */
  readonly getAchCustomer: (customerId: string) => TE.TaskEither<VaultError, Customer>
  /** C6: replace the card from a Protect.js `hpf_token` + `enc_key`, with optional changes. */
  readonly updateCustomerWithProtect: (
    customerId: string,
    update: ProtectUpdate,
  ) => TE.TaskEither<VaultError, Written<Customer>>
  /** R4: every recurrence of a customer, unpaged. */
  readonly listRecurrencesByCustomer: (
    customerId: string,
  ) => TE.TaskEither<VaultError, ReadonlyArray<Recurrence>>
  /** R5: a page of a customer's recurrences (or just one, by id). */
  readonly exportRecurrencesByCustomer: (
    customerId: string,
    query?: RecurrenceExportQuery,
  ) => TE.TaskEither<VaultError, Page<Recurrence>>
  /** R6. */
  readonly exportRecurrence: (recurrenceId: string) => TE.TaskEither<VaultError, Recurrence>
  /** R7; NotFound when the customer has no approved run. */
  readonly lastApprovedRecurringTransaction: (
    customerId: string,
  ) => TE.TaskEither<VaultError, ApprovedRecurringTransaction>
  /** All customers, page by page (C9), without holding the list. */
  readonly streamCustomers: (
    query?: ListQuery,
  ) => AsyncGenerator<E.Either<VaultError, CustomerSummary>, void, undefined>
}

/** @category Vault */
export type PayTraceVault = Vault<PayTraceCapabilities> & { readonly paytrace: PayTraceExtras }

/**
 * Builds the PayTrace vault. A bad config gives a vault whose every call is a `Left`.
 * @category Vault
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { formatVaultError } from '@vaultport/core'
 * import { createPayTraceVault } from '@vaultport/paytrace'
 *
 * const vault = createPayTraceVault({
 *   environment: 'sandbox',
 *   clientId: process.env['PAYTRACE_CLIENT_ID'] ?? '',
 *   clientSecret: process.env['PAYTRACE_CLIENT_SECRET'] ?? '',
 *   integratorId: process.env['PAYTRACE_INTEGRATOR_ID'] ?? '',
 *   cardNumberMode: 'raw',
 * })
 * const created = await vault.customers.create({ reference: 'lee-ada-0001', name: 'Ada Lee' })()
 * if (E.isLeft(created)) console.error(formatVaultError(created.left))
 * else console.log(created.right.value.id)
 * ```
 */
export const createPayTraceVault = (config: PayTraceConfig): PayTraceVault => {
  const issues = checkPayTraceConfig(config)
  if (issues.length > 0) return failingVault(issues, clockOf(config))
  const env = makePayTraceEnv(config)
  const vault = defineVault({
    capabilities: payTraceCapabilities,
    now: env.now,
    ports: bindOperations(env, {
      customers: customerOperations,
      addresses: addressOperations,
      paymentMethods: paymentMethodOperations,
      recurrences: recurrenceOperations,
    }),
  })
  const paytrace: PayTraceExtras = {
    exportCustomers: exportCustomers(env),
    getAchCustomer: getAchCustomer(env),
    updateCustomerWithProtect: updateCustomerWithProtect(env),
    listRecurrencesByCustomer: listRecurrencesByCustomer(env),
    exportRecurrencesByCustomer: exportRecurrencesByCustomer(env),
    exportRecurrence: exportRecurrence(env),
    lastApprovedRecurringTransaction: lastApprovedRecurringTransaction(env),
    streamCustomers: streamCustomers(env),
  }
  return { ...vault, paytrace }
}

/** Every call refuses: Auth when the credentials are missing, else Validation with the issues. */
const failingVault = (issues: ReadonlyArray<FieldIssue>, now: () => Date): PayTraceVault => {
  const refuse = (operation: string) => () =>
    fail(
      issues.some((i) => i.path === 'clientId' || i.path === 'clientSecret')
        ? vaultError(
            'Auth',
            ctxOf(operation),
            `PayTrace is not configured: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          )
        : validationError(ctxOf(operation), issues),
    )
  const ports: PortImplementations = Object.fromEntries(
    Object.entries(payTraceCapabilities.operations).map(([port, ops]) => [
      port,
      Object.fromEntries(Object.keys(ops).map((op) => [op, refuse(`${port}.${op}`)])),
    ]),
  )
  const vault = defineVault({ capabilities: payTraceCapabilities, ports, now })
  const extra = (operation: string) => refuse(`paytrace.${operation}`)
  return {
    ...vault,
    paytrace: {
      exportCustomers: extra('exportCustomers'),
      getAchCustomer: extra('getAchCustomer'),
      updateCustomerWithProtect: extra('updateCustomerWithProtect'),
      listRecurrencesByCustomer: extra('listRecurrencesByCustomer'),
      exportRecurrencesByCustomer: extra('exportRecurrencesByCustomer'),
      exportRecurrence: extra('exportRecurrence'),
      lastApprovedRecurringTransaction: extra('lastApprovedRecurringTransaction'),
      streamCustomers: async function* () {
        yield E.left(validationError(ctxOf('paytrace.streamCustomers'), issues)) as E.Either<
          VaultError,
          CustomerSummary
        >
      },
    },
  }
}
