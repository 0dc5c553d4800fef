/**
 * The FluidPay adapter: `createFluidPayVault(config)` builds a `Vault` over FluidPay's
 * `/api/vault` customer vault (or any white-label of it, by base URL), plus FluidPay's own
 * extensions (`fluidpay.search`, `fluidpay.setPaymentMethodFlags`).
 *
 * Every request goes through core's HTTP client (timeouts, retries of idempotent requests only,
 * rate limits, redaction): see `request.ts`. The operations live in `operations/`, one file per
 * port; this file only wires them to the environment built once from the config.
 */
import * as TE from 'fp-ts/TaskEither'
import {
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
import { makeFluidPayEnv, type FluidPayEnv } from './env'
import { addAddress, removeAddress, updateAddress } from './operations/addresses'
import {
  createCustomer,
  deleteCustomer,
  findByReference,
  getCustomer,
  listCustomers,
  updateCustomer,
} from './operations/customers'
import { search, setPaymentMethodFlags, type FluidPaySearchResult } from './operations/extensions'
import {
  addPaymentMethod,
  listPaymentMethods,
  removePaymentMethod,
  setDefault,
  updatePaymentMethod,
} from './operations/paymentMethods'
import { idsProblem, type RouteParams } from './routes'
import type { FluidPaySearchCriteria } from './translate'

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
}

/** A FluidPay vault: its capabilities carry the configured custom-id rule. */
export type FluidPayVault = Vault<FluidPayVaultCapabilities> & {
  readonly fluidpay: FluidPayExtensions
}

/**
 * An operation whose leading arguments are ids placed in paths: every one is checked before the
 * first request (an operation that reads the customer first must not send that read either).
 */
const idsFirst =
  (env: FluidPayEnv, op: string, names: ReadonlyArray<keyof RouteParams>) =>
  <Args extends ReadonlyArray<unknown>, A>(f: (...args: Args) => TE.TaskEither<VaultError, A>) =>
  (...args: Args): TE.TaskEither<VaultError, A> => {
    const params = Object.fromEntries(names.map((n, i) => [n, args[i]])) as RouteParams
    const problem = idsProblem(env.ctxOf(op), params)
    return problem === undefined ? f(...args) : TE.left(problem)
  }

export const createFluidPayVault = (config: FluidPayConfig): FluidPayVault => {
  // A config that cannot work still builds a vault: its env answers every call with the problem.
  const env = makeFluidPayEnv(config)
  const ids = (op: string, ...names: ReadonlyArray<keyof RouteParams>) => idsFirst(env, op, names)
  const C = 'customerId'
  const vault = defineVault({
    capabilities: env.capabilities,
    ...(config.now === undefined ? {} : { now: config.now }),
    ports: {
      customers: {
        create: createCustomer(env),
        get: ids('customers.get', C)(getCustomer(env)),
        findByReference: findByReference(env),
        update: ids('customers.update', C)(updateCustomer(env)),
        delete: ids('customers.delete', C)(deleteCustomer(env)),
        list: listCustomers(env),
      },
      addresses: {
        add: ids('addresses.add', C)(addAddress(env)),
        update: ids('addresses.update', C, 'addressId')(updateAddress(env)),
        remove: ids('addresses.remove', C, 'addressId')(removeAddress(env)),
      },
      paymentMethods: {
        add: ids('paymentMethods.add', C)(addPaymentMethod(env)),
        list: ids('paymentMethods.list', C)(listPaymentMethods(env)),
        update: ids('paymentMethods.update', C, 'paymentMethodId')(updatePaymentMethod(env)),
        remove: ids('paymentMethods.remove', C, 'paymentMethodId')(removePaymentMethod(env)),
        setDefault: ids('paymentMethods.setDefault', C, 'paymentMethodId')(setDefault(env)),
      },
    },
  })
  return {
    ...vault,
    fluidpay: { search: search(env), setPaymentMethodFlags: setPaymentMethodFlags(env) },
  }
}
