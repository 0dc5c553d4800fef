/**
 * Valor PayTech vault simulator: `Valor-App-ID`/`Valor-App-Key` headers, OK vs SUCCESS, `errors` as
 * an array or a string, answers without `code`, the boolean-status auth error, integer vs string
 * `ach_profile_id`, five cards and five addresses per customer, "No changes detected" on a no-op
 * ACH update, 1-based customer pages with paging at top level. Sources:
 * docs/gateways/sources.md#valor; routes and open points in `docs/wire-assumptions.md` (V.0–V.2;
 * the route table is overridable).
 *
 * Also the subscription API (docs/gateways/sources.md#valor-recurring): one POST route, credentials
 * in the body, dispatched on `txn_type` (`handlers/subscriptions.ts`), charged by the billing clock.
 *
 * Here: the options, the route table and the engine. The state is in `state.ts`, the answer shapes
 * in `respond.ts`, auth and path lookups in `request.ts`, the calls in `handlers/`.
 */
import type { BillingContext } from '../common/billing'
import type { GatewayEngine, Handler, Route } from '../common/engine'
import { json } from '../common/engine'
import type { GatewayRules } from '../common/knobs'
import { Router } from '../common/router'
import { deleteAddress } from './handlers/addresses'
import {
  addCustomer,
  deleteCustomer,
  editCustomer,
  getCustomer,
  listCustomers,
} from './handlers/customers'
import {
  addAch,
  addByToken,
  addByTransaction,
  addPaymentProfile,
  deleteAch,
  deleteCard,
  listAch,
  listCards,
  updateAch,
  updateCard,
  updateCardStatus,
} from './handlers/paymentMethods'
import { subscriptionRoute, subscriptionRouteId } from './handlers/subscriptions'
import { listTransactions } from './handlers/transactions'
import { seedSubscriptions, valorBilling } from './billing'
import { type ValorHandler, authed } from './request'
import { authError, failedList } from './respond'
import { type ValorCredentials, type ValorSim, createValorSim, seedCustomers } from './state'

export { VALOR_CREDENTIALS, VALOR_TEST_TOKENS, epiOf } from './state'
export type { ValorCredentials } from './state'

/** @category Credentials */
export const VALOR_ROUTE_IDS = [
  'V1',
  'V2',
  'V3',
  'V4',
  'V5',
  'V6',
  'V7',
  'V8',
  'V9',
  'V10',
  'V11',
  'V12',
  'V13',
  'V14',
  'V15',
  'V16',
  'V17',
  'V18',
  'VR',
] as const
/** @category Credentials */
export type ValorRouteId = (typeof VALOR_ROUTE_IDS)[number]

/**
 * New method and/or path per route; paths use `{vault_customer_id}`-style parameters. `VR` is
 * the subscription API's one route (default `POST /`, any query).
 * @category Credentials
 */
export type ValorRouteOverrides = Partial<
  Record<ValorRouteId, { readonly method?: string; readonly path?: string }>
>

export interface ValorSimOptions {
  readonly credentials: readonly ValorCredentials[]
  readonly clock: () => Date
  readonly seed: number
  /** The rule knobs as they are now (`valor.duplicateNames`). */
  readonly rules: () => GatewayRules
  /** Answer HTTP 200 to everything but simulated 5xx (see docs/gateways/sources.md#valor-envelopes-and-errors). */
  readonly always200: boolean
  readonly routes: ValorRouteOverrides
  /** The billing clock's "today" and charge log (default: a clock of its own over `clock`). */
  readonly billing?: BillingContext
}

// -- the route table (docs/wire-assumptions.md V.1), overridable per route

const P = '/api/valor-vault'
const DEFAULT_ROUTES: readonly [ValorRouteId, string, string, ValorHandler][] = [
  ['V1', 'POST', `${P}/addcustomer`, addCustomer],
  ['V2', 'POST', `${P}/addpaymentprofile/{vault_customer_id}`, addPaymentProfile],
  ['V3', 'POST', `${P}/addachprofile/{vault_customer_id}`, addAch],
  ['V4', 'POST', `${P}/addpaymentprofiletoken/{vault_customer_id}`, addByToken],
  ['V5', 'PUT', `${P}/editcustomer/{vault_customer_id}`, editCustomer],
  ['V6', 'GET', `${P}/getcustomertransactions/{vault_customer_id}`, listTransactions],
  ['V7', 'PUT', `${P}/updatepaymentprofile/{vault_customer_id}/{payment_id}`, updateCard],
  ['V8', 'POST', `${P}/addpaymentprofiletxn/{vault_customer_id}`, addByTransaction],
  ['V9', 'PUT', `${P}/updateachprofile/{vault_customer_id}/{ach_profile_id}`, updateAch],
  [
    'V10',
    'PUT',
    `${P}/updatepaymentprofilestatus/{vault_customer_id}/{payment_id}`,
    updateCardStatus,
  ],
  ['V11', 'GET', `${P}/getcustomer/{vault_customer_id}`, getCustomer],
  ['V12', 'GET', `${P}/getpaymentprofile/{vault_customer_id}`, listCards],
  ['V13', 'GET', `${P}/getachprofile/{vault_customer_id}`, listAch],
  ['V14', 'GET', `${P}/getcustomerlist`, listCustomers],
  ['V15', 'DELETE', `${P}/deleteachprofile/{vault_customer_id}/{ach_profile_id}`, deleteAch],
  ['V16', 'DELETE', `${P}/deleteaddress/{vault_customer_id}/{address_id}`, deleteAddress],
  ['V17', 'DELETE', `${P}/deletecustomer/{vault_customer_id}`, deleteCustomer],
  ['V18', 'DELETE', `${P}/deletepaymentprofile/{vault_customer_id}/{payment_id}`, deleteCard],
]

/** The subscription API (family A): its own route, credentials in the body. */
const SUBSCRIPTION_ROUTE = ['VR', 'POST', '/'] as const

const valorRoutes = (sim: ValorSim, overrides: ValorRouteOverrides): Route[] => {
  const row = (id: ValorRouteId, method: string, path: string, handler: Handler): Route => {
    const override = overrides[id]
    return {
      id,
      method: (override?.method ?? method).toUpperCase(),
      path: override?.path ?? path,
      handler,
    }
  }
  return [
    ...DEFAULT_ROUTES.map(([id, method, path, handler]) =>
      row(id, method, path, authed(sim, handler(sim))),
    ),
    row(...SUBSCRIPTION_ROUTE, subscriptionRoute(sim)),
  ]
}

export const createValorSimulator = (options: ValorSimOptions): GatewayEngine => {
  const sim = createValorSim(
    options.credentials,
    options.clock,
    options.seed,
    options.rules,
    options.billing,
  )
  return {
    gateway: 'valor',
    router: new Router(valorRoutes(sim, options.routes)),
    badCredentials: () => authError('Not a valid APP ID or APP Key.'),
    rateLimited: (retry) =>
      json(429, {
        code: 429,
        status: 'FAILED',
        errors: [`Too many requests. Please retry after ${retry} second(s).`],
      }),
    serverError: (status) =>
      json(status, { code: status, status: 'FAILED', errors: ['Internal Server Error'] }),
    notFound: () => failedList(['Route not found'], 404),
    methodNotAllowed: () => failedList(['Route not found'], 404),
    finish: (res) => (options.always200 && res.status < 500 ? { ...res, status: 200 } : res),
    reset: () => sim.merchants.clear(),
    seed: (n, opts) => {
      const seeded = seedCustomers(sim)(n, opts)
      if (opts.withRecurrences === true) seedSubscriptions(sim, seeded, opts)
      return seeded
    },
    billing: valorBilling(sim),
    routeIdOf: (routeId, req) => (routeId === 'VR' ? subscriptionRouteId(req.body) : routeId),
  }
}
