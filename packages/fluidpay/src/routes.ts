/**
 * Every FluidPay vault endpoint this adapter calls: method and path template, in one frozen
 * table. Each entry says whether the path is documented (`confirmed`, with its source in
 * GATEWAY-FACTS §2.4) or assumed. Any entry can be replaced through the adapter config
 * (`routes: { getCustomer: { ... } }`), for a white-label that moved one.
 *
 * Paths are relative to the base URL (the host) and include `/api`. Placeholders in braces are
 * filled with URI-encoded ids.
 */
import * as E from 'fp-ts/Either'
import {
  pathSegment,
  type ErrorContext,
  type HttpMethod,
  type ValidationError,
} from '@vaultport/core'

// ---- model

export interface Route {
  readonly method: HttpMethod
  /** With `{customerId}`, `{addressId}`, `{paymentMethodId}` placeholders. */
  readonly path: string
  readonly status: 'confirmed' | 'assumed'
  readonly source: string
}

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

export type RouteTable = { readonly [K in RouteName]: Route }

const spec = (method: HttpMethod, path: string, source: string): Route =>
  Object.freeze({ method, path, status: 'confirmed' as const, source })

// ---- the table

const CUSTOMER = '/api/vault/customer/{customerId}'

export const fluidpayRoutes: RouteTable = Object.freeze({
  createCustomer: spec('POST', '/api/vault/customer', 'SPEC-FP F1'),
  getCustomer: spec('GET', '/api/vault/{customerId}', 'SPEC-FP F2 (no /customer/ segment)'),
  updateCustomer: spec('POST', CUSTOMER, 'SPEC-FP F3'),
  deleteCustomer: spec('DELETE', '/api/vault/{customerId}', 'SPEC-FP F4'),
  searchCustomers: spec('POST', '/api/vault/customer/search', 'SPEC-FP F5'),
  createAddress: spec('POST', `${CUSTOMER}/address`, 'SPEC-FP F6'),
  updateAddress: spec('POST', `${CUSTOMER}/address/{addressId}`, 'SPEC-FP F7'),
  deleteAddress: spec('DELETE', `${CUSTOMER}/address/{addressId}`, 'SPEC-FP F8'),
  createCard: spec('POST', `${CUSTOMER}/card`, 'SPEC-FP F9'),
  createAch: spec('POST', `${CUSTOMER}/ach`, 'SPEC-FP F10'),
  createToken: spec('POST', `${CUSTOMER}/token`, 'SPEC-FP F11'),
  createApplePay: spec('POST', `${CUSTOMER}/applepay`, 'SPEC-FP F12'),
  createGooglePay: spec('POST', `${CUSTOMER}/googlepay`, 'SPEC-FP F13'),
  updateCard: spec('POST', `${CUSTOMER}/card/{paymentMethodId}`, 'SPEC-FP F14'),
  updateAch: spec('POST', `${CUSTOMER}/ach/{paymentMethodId}`, 'SPEC-FP F14'),
  updateToken: spec('POST', `${CUSTOMER}/token/{paymentMethodId}`, 'SPEC-FP F14'),
  deleteCard: spec('DELETE', `${CUSTOMER}/card/{paymentMethodId}`, 'SPEC-FP F15'),
  deleteAch: spec('DELETE', `${CUSTOMER}/ach/{paymentMethodId}`, 'SPEC-FP F15'),
})

// ---- utils

export interface RouteParams {
  readonly customerId?: string
  readonly addressId?: string
  readonly paymentMethodId?: string
}

const PLACEHOLDER = /\{(customerId|addressId|paymentMethodId)\}/g

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

/** The default table with the config's overrides laid over it. */
export const resolveRoutes = (overrides: Partial<RouteTable> = {}): RouteTable =>
  Object.freeze({ ...fluidpayRoutes, ...overrides })
