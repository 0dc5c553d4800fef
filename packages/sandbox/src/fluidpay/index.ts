/**
 * FluidPay `/api/vault` simulator: raw `Authorization: <api_key>` (public keys refused), the
 * `{status, msg, data}` envelope, full customer records on create/get/address/payment mutations,
 * `data: null` on update and delete, and search with `=`/`!=` filters, limit 1–100 and
 * `total_count`. Spec: `fluidpay-customer-vault.txt`; open points in `docs/wire-assumptions.md` §F.*.
 */
import type { GatewayEngine, Handler } from '../common/engine'
import { Router, routeTable } from '../common/router'
import { type Authed, authed } from './access'
import { createAddress, deleteAddress, updateAddress } from './handlers/addresses'
import { createCustomer, deleteCustomer, getCustomer, updateCustomer } from './handlers/customers'
import { createPayment, deletePayment, updatePayment } from './handlers/paymentMethods'
import { searchCustomers } from './handlers/search'
import { failed, unauthorized, withCorrelationId } from './respond'
import { type FluidPaySim, type FluidPaySimOptions, makeFluidPaySim, seedCustomers } from './state'

export { FLUIDPAY_CREDENTIALS } from './state'
export type { FluidPayCredentials, FluidPaySimOptions } from './state'

const V = '/api/vault'
const C = `${V}/customer/{customer_id}`

/** The route table (GATEWAY-FACTS §2.4 numbering). */
const routesOf = (sim: FluidPaySim) =>
  routeTable<Authed, Handler>(
    [
      ['F1', 'POST', `${V}/customer`, createCustomer(sim)],
      ['F2', 'GET', `${V}/{customer_id}`, getCustomer],
      ['F3', 'POST', C, updateCustomer(sim)],
      ['F4', 'DELETE', `${V}/{customer_id}`, deleteCustomer],
      ['F5', 'POST', `${V}/customer/search`, searchCustomers(sim)],
      ['F6', 'POST', `${C}/address`, createAddress(sim)],
      ['F7', 'POST', `${C}/address/{address_id}`, updateAddress(sim)],
      ['F8', 'DELETE', `${C}/address/{address_id}`, deleteAddress(sim)],
      ['F9', 'POST', `${C}/card`, createPayment(sim, 'card')],
      ['F10', 'POST', `${C}/ach`, createPayment(sim, 'ach')],
      ['F11', 'POST', `${C}/token`, createPayment(sim, 'token')],
      ['F12', 'POST', `${C}/applepay`, createPayment(sim, 'applepay')],
      ['F13', 'POST', `${C}/googlepay`, createPayment(sim, 'googlepay')],
      ['F14.card', 'POST', `${C}/card/{payment_method_id}`, updatePayment(sim, 'card')],
      ['F14.ach', 'POST', `${C}/ach/{payment_method_id}`, updatePayment(sim, 'ach')],
      ['F14.token', 'POST', `${C}/token/{payment_method_id}`, updatePayment(sim, 'token')],
      ['F15.card', 'DELETE', `${C}/card/{payment_method_id}`, deletePayment(sim, 'card')],
      ['F15.ach', 'DELETE', `${C}/ach/{payment_method_id}`, deletePayment(sim, 'ach')],
    ],
    authed(sim),
  )

export const createFluidPaySimulator = (options: FluidPaySimOptions): GatewayEngine => {
  const sim = makeFluidPaySim(options)
  return {
    gateway: 'fluidpay',
    router: new Router(routesOf(sim)),
    badCredentials: () => unauthorized('invalid api key'),
    rateLimited: () => failed(429, 'rate limit exceeded'),
    serverError: (status) => failed(status, 'simulated failure'),
    notFound: () => failed(404, 'route not found'),
    methodNotAllowed: () => failed(404, 'route not found'),
    finish: withCorrelationId(sim),
    reset: () => sim.merchants.clear(),
    seed: seedCustomers(sim),
  }
}
