/**
 * The FluidPay adapter: `createFluidPayVault(config)` builds a `Vault` over FluidPay's
 * `/api/vault` customer vault and `/api/recurring` subscriptions (or any white-label of them,
 * by base URL), plus FluidPay's own extensions (`fluidpay.search`,
 * `fluidpay.setPaymentMethodFlags`, and its plans, add-ons and discounts).
 *
 * Every request goes through core's HTTP client (timeouts, retries of idempotent requests only,
 * rate limits, redaction): see `request.ts`. The operations live in `operations/`, one file per
 * port, each exporting its port's table; this file only binds them to the environment built
 * once from the config.
 */
import type * as TE from 'fp-ts/TaskEither'
import {
  bindOperations,
  defineVault,
  type CustomerId,
  type PaymentMethod,
  type PaymentMethodId,
  type Vault,
  type VaultError,
  type Written,
} from '@vaultport/core'
import type { FluidPayVaultCapabilities } from './capabilities'
import type { FluidPayConfig } from './config'
import { makeFluidPayEnv } from './env'
import { addressOperations } from './operations/addresses'
import { customerOperations } from './operations/customers'
import { search, setPaymentMethodFlags, type FluidPaySearchResult } from './operations/extensions'
import { paymentMethodOperations } from './operations/paymentMethods'
import {
  addOns,
  discounts,
  plans,
  type FluidPayAdjustments,
  type FluidPayPlans,
} from './operations/plans'
import { recurrenceOperations } from './operations/recurrences'
import type { FluidPaySearchCriteria } from './translate'

/** @category Vault */
export interface FluidPayExtensions {
  /** F5 with every documented filter, operator and date range. */
  readonly search: (
    criteria: FluidPaySearchCriteria,
  ) => TE.TaskEither<VaultError, FluidPaySearchResult>
  /** Sets a stored payment method's flags ("surcharge_exempt", "locked_security", …). */
  readonly setPaymentMethodFlags: (
    customerId: CustomerId,
    paymentMethodId: PaymentMethodId,
    flags: ReadonlyArray<string>,
  ) => TE.TaskEither<VaultError, Written<PaymentMethod>>
  /** Recurring plans: what subscriptions on them bill, unless they override it. */
  readonly plans: FluidPayPlans
  /** Recurring add-ons, which plans and subscriptions add to their amount. */
  readonly addOns: FluidPayAdjustments
  /** Recurring discounts, which plans and subscriptions take off their amount. */
  readonly discounts: FluidPayAdjustments
}

/**
 * A FluidPay vault: its capabilities carry the configured custom-id rule.
 * @category Vault
 */
export type FluidPayVault = Vault<FluidPayVaultCapabilities> & {
  readonly fluidpay: FluidPayExtensions
}

/**
 * @category Vault
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { formatVaultError } from '@vaultport/core'
 * import { createFluidPayVault } from '@vaultport/fluidpay'
 *
 * const vault = createFluidPayVault({
 *   environment: 'sandbox',
 *   apiKey: process.env['FLUIDPAY_API_KEY'] ?? '',
 * })
 * const page = await vault.customers.list({ pageSize: 25 })()
 * if (E.isLeft(page)) console.error(formatVaultError(page.left)) // with FluidPay's request id
 * else for (const c of page.right.items) console.log(c.id, c.name)
 * ```
 */
export const createFluidPayVault = (config: FluidPayConfig): FluidPayVault => {
  // A config that cannot work still builds a vault: its env answers every call with the problem.
  const env = makeFluidPayEnv(config)
  const vault = defineVault({
    capabilities: env.capabilities,
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
    fluidpay: {
      search: search(env),
      setPaymentMethodFlags: setPaymentMethodFlags(env),
      plans: plans(env),
      addOns: addOns(env),
      discounts: discounts(env),
    },
  }
}
