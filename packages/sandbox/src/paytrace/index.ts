/**
 * PayTrace B2B API v3 simulator: OAuth client-credentials token (form-encoded, 201), customer
 * profiles (card and/or check, `customer_label`), recurring payments (DELETE with a body) and the
 * 422 `{data:[{field, detail}]}` errors. Sources: docs/gateways/sources.md#paytrace; open points
 * fixed in `docs/wire-assumptions.md` (P.1–P.8).
 */
import type { GatewayEngine, Handler } from '../common/engine'
import { payTraceBilling } from './billing'
import { json } from '../common/engine'
import { Router, routeTable } from '../common/router'
import {
  createAchCustomerByTransaction,
  createCustomer,
  createCustomerByTransaction,
  createProtectedCustomer,
  deleteCustomer,
  exportCustomers,
  getAchCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
  updateProtectedCustomer,
} from './handlers/customers'
import {
  createRecurrence,
  deleteRecurrence,
  exportApproved,
  exportByCustomerGet,
  exportByCustomerPost,
  exportById,
  updateRecurrence,
} from './handlers/recurrences'
import { token } from './handlers/token'
import { type PayTraceHandler, authed } from './request'
import { STATUS_TEXT, invalidToken } from './respond'
import { type PayTraceSimOptions, makePayTraceSim, seedCustomers } from './state'

export { PAYTRACE_CREDENTIALS } from './state'
export type { PayTraceCredentials, PayTraceSimOptions, PayTraceTokenShape } from './state'
export { STATUS_TEXT } from './respond'

// The route table (operation numbers as ids, as in docs/gateways/sources.md#paytrace-customers and #paytrace-recurring).
const P = '/v3/customer'
const R = '/v3/recurrence'
const ROUTES = [
  ['C1', 'POST', `${P}/create`, createCustomer],
  ['C2', 'POST', `${P}/create/by-transaction`, createCustomerByTransaction],
  ['C3', 'POST', `${P}/ach/create/by-transaction`, createAchCustomerByTransaction],
  ['C4', 'POST', `${P}/create/pt-protect`, createProtectedCustomer],
  ['C5', 'PATCH', `${P}/{customer_id}`, updateCustomer],
  ['C6', 'PATCH', `${P}/pt-protect/{customer_id}`, updateProtectedCustomer],
  ['C7', 'GET', `${P}/{customer_id}`, getCustomer],
  ['C8', 'GET', `${P}/ach/{customer_id}`, getAchCustomer],
  ['C9', 'GET', P, listCustomers],
  ['C10', 'POST', `${P}/export`, exportCustomers],
  ['C11', 'DELETE', `${P}/{customer_id}`, deleteCustomer],
  ['R1', 'POST', `${R}/create`, createRecurrence],
  ['R2', 'PATCH', R, updateRecurrence],
  ['R3', 'DELETE', R, deleteRecurrence],
  ['R4', 'GET', `${R}/export/by-customer/{customer_id}`, exportByCustomerGet],
  ['R5', 'POST', `${R}/export/by-customer/{customer_id}`, exportByCustomerPost],
  ['R6', 'GET', `${R}/export/by-id/{recurrence_id}`, exportById],
  ['R7', 'POST', `${R}/export/approved/by-customer/{customer_id}`, exportApproved],
] as const

export const createPayTraceSimulator = (options: PayTraceSimOptions): GatewayEngine => {
  const sim = makePayTraceSim(options)
  const guard = authed(sim)
  const routes = routeTable<PayTraceHandler, Handler>(ROUTES, (handler) => guard(handler(sim)))
  routes.unshift({ id: 'token', method: 'POST', path: '/v3/token', handler: token(sim) })
  return {
    gateway: 'paytrace',
    router: new Router(routes),
    badCredentials: () => invalidToken(),
    rateLimited: (_retry, rps) =>
      json(429, {
        data: [
          { field: 'request', detail: `rate limit exceeded: at most ${rps} requests per second` },
        ],
      }),
    serverError: (status) => json(status, { detail: STATUS_TEXT[status] ?? 'Error' }),
    notFound: () => json(404, { detail: 'Not Found' }),
    methodNotAllowed: () => json(405, { detail: 'Method Not Allowed' }),
    finish: (res) => res,
    // Tokens survive a reset: it empties the vaults, it does not log clients out.
    reset: () => sim.merchants.clear(),
    seed: seedCustomers(sim),
    billing: payTraceBilling(sim),
  }
}
