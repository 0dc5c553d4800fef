/**
 * The FluidPay adapter: `createFluidPayVault(config)` builds a `Vault` over FluidPay's
 * `/api/vault` customer vault (or any white-label of it, by base URL), plus FluidPay's own
 * extensions (`fluidpay.search`, `fluidpay.setPaymentMethodFlags`).
 *
 * Every request goes through core's HTTP client (timeouts, retries of idempotent requests only,
 * rate limits, redaction): see `request.ts`. The operations live in `operations/`, one file per
 * port; this file only wires them to the environment built once from the config.
 */
import type * as TE from 'fp-ts/TaskEither'
import {
  defineVault,
  type CustomerId,
  type PaymentMethod,
  type PaymentMethodId,
  type Vault,
  type VaultError,
  type Written,
} from '@vaultport/core'
import { fluidpayCapabilities } from './capabilities'
import type { FluidPayConfig } from './config'
import { makeFluidPayEnv } from './env'
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

export type FluidPayVault = Vault<typeof fluidpayCapabilities> & {
  readonly fluidpay: FluidPayExtensions
}

export const createFluidPayVault = (config: FluidPayConfig): FluidPayVault => {
  // A config that cannot work still builds a vault: its env answers every call with the problem.
  const env = makeFluidPayEnv(config)
  const vault = defineVault({
    capabilities: fluidpayCapabilities,
    ...(config.now === undefined ? {} : { now: config.now }),
    ports: {
      customers: {
        create: createCustomer(env),
        get: getCustomer(env),
        findByReference: findByReference(env),
        update: updateCustomer(env),
        delete: deleteCustomer(env),
        list: listCustomers(env),
      },
      addresses: {
        add: addAddress(env),
        update: updateAddress(env),
        remove: removeAddress(env),
      },
      paymentMethods: {
        add: addPaymentMethod(env),
        list: listPaymentMethods(env),
        update: updatePaymentMethod(env),
        remove: removePaymentMethod(env),
        setDefault: setDefault(env),
      },
    },
  })
  return {
    ...vault,
    fluidpay: { search: search(env), setPaymentMethodFlags: setPaymentMethodFlags(env) },
  }
}
