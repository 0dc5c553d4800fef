/**
 * Every FluidPay endpoint this adapter calls, the vault's (`/api/vault`) and the recurring
 * billing ones (`/api/recurring`): method and path template, in one frozen table. Each entry
 * says whether the path is documented (`confirmed`, with its source) or assumed. Any entry can
 * be replaced through the adapter config (`routes: { getCustomer: { ... } }`), for a
 * white-label that moved one.
 *
 * Paths are relative to the base URL (the host) and include `/api`. Placeholders in braces are
 * filled with URI-encoded ids.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import {
  pathSegment,
  type ErrorContext,
  type HttpMethod,
  type ValidationError,
  type VaultError,
} from '@vaultport/core'

// ---- model

/** @category Configuration */
export interface Route {
  readonly method: HttpMethod
  /** With placeholders in braces: `{customerId}`, `{recurrenceId}`, … (`RouteParams`). */
  readonly path: string
  readonly status: 'confirmed' | 'assumed'
  readonly source: string
}

/** @category Configuration */
export type RouteName =
  | 'createCustomer'
  | 'getCustomer'
  | 'updateCustomer'
  | 'deleteCustomer'
  | 'searchCustomers'
  | 'createAddress'
  | 'updateAddress'
  | 'deleteAddress'
  | 'createCard'
  | 'createAch'
  | 'createToken'
  | 'createApplePay'
  | 'createGooglePay'
  | 'updateCard'
  | 'updateAch'
  | 'updateToken'
  | 'deleteCard'
  | 'deleteAch'
  | RecurringRouteName

/**
 * The recurring billing routes: subscriptions, plans, add-ons and discounts.
 * @category Configuration
 */
export type RecurringRouteName =
  | 'createSubscription'
  | 'getSubscription'
  | 'searchSubscriptions'
  | 'updateSubscription'
  | 'deleteSubscription'
  | 'setSubscriptionStatus'
  | 'createPlan'
  | 'getPlan'
  | 'listPlans'
  | 'updatePlan'
  | 'deletePlan'
  | 'createAddOn'
  | 'getAddOn'
  | 'listAddOns'
  | 'updateAddOn'
  | 'deleteAddOn'
  | 'createDiscount'
  | 'getDiscount'
  | 'listDiscounts'
  | 'updateDiscount'
  | 'deleteDiscount'

/** @category Configuration */
export type RouteTable = { readonly [K in RouteName]: Route }

const spec = (method: HttpMethod, path: string, source: string): Route =>
  Object.freeze({ method, path, status: 'confirmed' as const, source })

// ---- the table

const CUSTOMER = '/api/vault/customer/{customerId}'
const SUBSCRIPTION = '/api/recurring/subscription'
const R = '/api/recurring'

/** @category Configuration */
export const fluidpayRoutes: RouteTable = Object.freeze({
  createCustomer: spec('POST', '/api/vault/customer', 'F1, Customer Vault docs'),
  getCustomer: spec(
    'GET',
    '/api/vault/{customerId}',
    'F2, Customer Vault docs (no /customer/ segment)',
  ),
  updateCustomer: spec('POST', CUSTOMER, 'F3, Customer Vault docs'),
  deleteCustomer: spec('DELETE', '/api/vault/{customerId}', 'F4, Customer Vault docs'),
  searchCustomers: spec('POST', '/api/vault/customer/search', 'F5, Customer Vault docs'),
  createAddress: spec('POST', `${CUSTOMER}/address`, 'F6, Customer Vault docs'),
  updateAddress: spec('POST', `${CUSTOMER}/address/{addressId}`, 'F7, Customer Vault docs'),
  deleteAddress: spec('DELETE', `${CUSTOMER}/address/{addressId}`, 'F8, Customer Vault docs'),
  createCard: spec('POST', `${CUSTOMER}/card`, 'F9, Customer Vault docs'),
  createAch: spec('POST', `${CUSTOMER}/ach`, 'F10, Customer Vault docs'),
  createToken: spec('POST', `${CUSTOMER}/token`, 'F11, Customer Vault docs'),
  createApplePay: spec('POST', `${CUSTOMER}/applepay`, 'F12, Customer Vault docs'),
  createGooglePay: spec('POST', `${CUSTOMER}/googlepay`, 'F13, Customer Vault docs'),
  updateCard: spec('POST', `${CUSTOMER}/card/{paymentMethodId}`, 'F14, Customer Vault docs'),
  updateAch: spec('POST', `${CUSTOMER}/ach/{paymentMethodId}`, 'F14, Customer Vault docs'),
  updateToken: spec('POST', `${CUSTOMER}/token/{paymentMethodId}`, 'F14, Customer Vault docs'),
  deleteCard: spec('DELETE', `${CUSTOMER}/card/{paymentMethodId}`, 'F15, Customer Vault docs'),
  deleteAch: spec('DELETE', `${CUSTOMER}/ach/{paymentMethodId}`, 'F15, Customer Vault docs'),
  // Recurring billing, numbered FR1–FR21 as in docs/gateways/sources.md#fluidpay-recurring.
  // Updates are POST; a status change is a GET.
  createSubscription: spec('POST', SUBSCRIPTION, 'recurring FR16'),
  getSubscription: spec('GET', `${SUBSCRIPTION}/{recurrenceId}`, 'recurring FR17'),
  searchSubscriptions: spec('POST', `${SUBSCRIPTION}/search`, 'recurring FR18'),
  updateSubscription: spec('POST', `${SUBSCRIPTION}/{recurrenceId}`, 'recurring FR19'),
  deleteSubscription: spec('DELETE', `${SUBSCRIPTION}/{recurrenceId}`, 'recurring FR20'),
  setSubscriptionStatus: spec(
    'GET',
    `${SUBSCRIPTION}/{recurrenceId}/status/{status}`,
    'recurring FR21',
  ),
  createPlan: spec('POST', `${R}/plan`, 'recurring FR11'),
  getPlan: spec('GET', `${R}/plan/{planId}`, 'recurring FR12'),
  listPlans: spec('GET', `${R}/plans`, 'recurring FR13'),
  updatePlan: spec('POST', `${R}/plan/{planId}`, 'recurring FR14'),
  deletePlan: spec('DELETE', `${R}/plan/{planId}`, 'recurring FR15'),
  createAddOn: spec('POST', `${R}/addon`, 'recurring FR1'),
  getAddOn: spec('GET', `${R}/addon/{addOnId}`, 'recurring FR2'),
  listAddOns: spec('GET', `${R}/addons`, 'recurring FR3'),
  updateAddOn: spec('POST', `${R}/addon/{addOnId}`, 'recurring FR4'),
  deleteAddOn: spec('DELETE', `${R}/addon/{addOnId}`, 'recurring FR5'),
  createDiscount: spec('POST', `${R}/discount`, 'recurring FR6'),
  getDiscount: spec('GET', `${R}/discount/{discountId}`, 'recurring FR7'),
  listDiscounts: spec('GET', `${R}/discounts`, 'recurring FR8'),
  updateDiscount: spec('POST', `${R}/discount/{discountId}`, 'recurring FR9'),
  deleteDiscount: spec('DELETE', `${R}/discount/{discountId}`, 'recurring FR10'),
})

/** The routes that only read: every other one writes, and a lost answer to it is unknown. */
export const READ_ROUTES: ReadonlySet<RouteName> = new Set<RouteName>([
  'getCustomer',
  'searchCustomers',
  'getSubscription',
  'searchSubscriptions',
  'getPlan',
  'listPlans',
  'getAddOn',
  'listAddOns',
  'getDiscount',
  'listDiscounts',
])

// ---- utils

export interface RouteParams {
  readonly customerId?: string
  readonly addressId?: string
  readonly paymentMethodId?: string
  readonly recurrenceId?: string
  readonly planId?: string
  readonly addOnId?: string
  readonly discountId?: string
  readonly status?: string
}

const PLACEHOLDER =
  /\{(customerId|addressId|paymentMethodId|recurrenceId|planId|addOnId|discountId|status)\}/g

/**
 * The path of a route with its placeholders filled, each id checked and encoded as one path
 * segment first: `.`, `..`, `/`, `\` and control characters are a `Validation` error, so no
 * request can reach another path. A placeholder without a value stays visible.
 */
export const routePath = (
  ctx: ErrorContext,
  route: Route,
  params: RouteParams,
): E.Either<ValidationError, string> => {
  const problem = idsProblem(ctx, params)
  return problem === undefined ? E.right(fillPath(route, params)) : E.left(problem)
}

/** Why one of `params` cannot be a path segment, as a `Validation` error; undefined if none. */
export const idsProblem = (ctx: ErrorContext, params: RouteParams): ValidationError | undefined => {
  for (const name of Object.keys(params) as Array<keyof RouteParams>) {
    const value = params[name]
    if (value === undefined) continue
    const checked = pathSegment(ctx, name, value)
    if (E.isLeft(checked)) return checked.left
  }
  return undefined
}

/**
 * The path of a route with its placeholders filled with URI-encoded ids; an unknown placeholder
 * stays visible. It does not check the ids: requests are built with `routePath`, which does.
 */
export const fillPath = (route: Route, params: RouteParams): string =>
  route.path.replace(PLACEHOLDER, (all, name: string) => {
    const value = params[name as keyof RouteParams]
    return value === undefined ? all : encodeURIComponent(value)
  })

/**
 * An operation whose leading arguments are ids placed in paths: every one is checked before the
 * first request (an operation that reads the customer first must not send that read either).
 * `names` are the route parameters of its leading arguments, in order.
 */
export const idsFirst =
  (op: string, names: ReadonlyArray<keyof RouteParams>) =>
  <
    Env extends { readonly ctxOf: (op: string) => ErrorContext },
    Args extends ReadonlyArray<unknown>,
    A,
  >(
    f: (env: Env) => (...args: Args) => TE.TaskEither<VaultError, A>,
  ) =>
  (env: Env) =>
  (...args: Args): TE.TaskEither<VaultError, A> => {
    const params = Object.fromEntries(names.map((n, i) => [n, args[i]])) as RouteParams
    const problem = idsProblem(env.ctxOf(op), params)
    return problem === undefined ? f(env)(...args) : TE.left(problem)
  }

/** The default table with the config's overrides laid over it. */
export const resolveRoutes = (overrides: Partial<RouteTable> = {}): RouteTable =>
  Object.freeze({ ...fluidpayRoutes, ...overrides })
