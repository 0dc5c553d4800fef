/**
 * FluidPay `/api/vault` simulator: raw `Authorization: <api_key>` (public keys refused), the
 * `{status, msg, data}` envelope, full customer records on create/get/address/payment mutations,
 * `data: null` on update and delete, and search with `=`/`!=` filters, limit 1–100 and
 * `total_count`. Sources: docs/gateways/sources.md#fluidpay; open points in `docs/wire-assumptions.md`
 * (F.1–F.5). Also `/api/recurring/*` (add-ons, discounts, plans, subscriptions; see
 * docs/gateways/sources.md#fluidpay-recurring), whose subscriptions the billing clock charges
 * (`billing.ts`).
 */
import type { GatewayEngine, Handler } from '../common/engine'
import { Router, routeTable } from '../common/router'
import { type Authed, authed } from './access'
import { fluidPayBilling, seedSubscriptions } from './billing'
import { createAddress, deleteAddress, updateAddress } from './handlers/addresses'
import {
  createAdjustment,
  deleteAdjustment,
  getAdjustment,
  listAdjustments,
  updateAdjustment,
} from './handlers/adjustments'
import { createCustomer, deleteCustomer, getCustomer, updateCustomer } from './handlers/customers'
import { createPayment, deletePayment, updatePayment } from './handlers/paymentMethods'
import { createPlan, deletePlan, getPlan, listPlans, updatePlan } from './handlers/plans'
import { renderSeeded, searchCustomers } from './handlers/search'
import { searchSubscriptions } from './handlers/subscriptionSearch'
import {
  changeStatus,
  createSubscription,
  deleteSubscription,
  getSubscription,
  updateSubscription,
} from './handlers/subscriptions'
import { failed, unauthorized, withCorrelationId } from './respond'
import {
  type FluidPaySim,
  type FluidPaySimOptions,
  makeFluidPaySim,
  merchantOf,
  seedCustomers,
} from './state'

export { FLUIDPAY_CREDENTIALS } from './state'
export type { FluidPayCredentials, FluidPaySimOptions } from './state'

const V = '/api/vault'
const C = `${V}/customer/{customer_id}`
const R = '/api/recurring'

/** The recurring routes FR1–FR21 (numbered as in docs/gateways/sources.md#fluidpay-recurring). */
const recurringRoutes = (sim: FluidPaySim): [string, string, string, Authed][] => [
  ['FR1', 'POST', `${R}/addon`, createAdjustment(sim, 'addon')],
  ['FR2', 'GET', `${R}/addon/{id}`, getAdjustment(sim, 'addon')],
  ['FR3', 'GET', `${R}/addons`, listAdjustments('addon')],
  ['FR4', 'POST', `${R}/addon/{id}`, updateAdjustment(sim, 'addon')],
  ['FR5', 'DELETE', `${R}/addon/{id}`, deleteAdjustment('addon')],
  ['FR6', 'POST', `${R}/discount`, createAdjustment(sim, 'discount')],
  ['FR7', 'GET', `${R}/discount/{id}`, getAdjustment(sim, 'discount')],
  ['FR8', 'GET', `${R}/discounts`, listAdjustments('discount')],
  ['FR9', 'POST', `${R}/discount/{id}`, updateAdjustment(sim, 'discount')],
  ['FR10', 'DELETE', `${R}/discount/{id}`, deleteAdjustment('discount')],
  ['FR11', 'POST', `${R}/plan`, createPlan(sim)],
  ['FR12', 'GET', `${R}/plan/{id}`, getPlan(sim)],
  ['FR13', 'GET', `${R}/plans`, listPlans],
  ['FR14', 'POST', `${R}/plan/{id}`, updatePlan(sim)],
  ['FR15', 'DELETE', `${R}/plan/{id}`, deletePlan],
  ['FR16', 'POST', `${R}/subscription`, createSubscription(sim)],
  ['FR17', 'GET', `${R}/subscription/{id}`, getSubscription(sim)],
  ['FR18', 'POST', `${R}/subscription/search`, searchSubscriptions(sim)],
  ['FR19', 'POST', `${R}/subscription/{id}`, updateSubscription(sim)],
  ['FR20', 'DELETE', `${R}/subscription/{id}`, deleteSubscription],
  ['FR21', 'GET', `${R}/subscription/{id}/status/{status}`, changeStatus(sim)],
]

/** The route table (F1–F15 as in docs/gateways/sources.md#fluidpay-customers, then the recurring FR1–FR21). */
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
      ...recurringRoutes(sim),
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
    seed: (n, opts) => {
      const seeded = seedCustomers(sim)(n, opts)
      const credentials = sim.options.credentials[opts.credential ?? 0]
      if (credentials !== undefined) renderSeeded(sim, merchantOf(sim, credentials), seeded.ids)
      if (opts.withRecurrences === true) seedSubscriptions(sim, seeded, opts)
      return seeded
    },
    billing: fluidPayBilling(sim),
  }
}
