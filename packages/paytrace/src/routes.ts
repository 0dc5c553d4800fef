/**
 * Every PayTrace endpoint the adapter calls: method and path template, in one frozen table.
 * Each entry says whether the path is confirmed by a document or assumed, and where it comes
 * from (see docs/gateways/sources.md#paytrace-customers and #paytrace-recurring). A deployment that sees a different path overrides one
 * entry through `config.routes`.
 */
import type { HttpMethod } from '@vaultport/core'

// ---- model

/** @category Configuration */
export interface Route {
  readonly method: HttpMethod
  /** A path with `{name}` placeholders, relative to the base URL. */
  readonly path: string
  readonly status: 'confirmed' | 'assumed'
  readonly source: string
}

/** @category Configuration */
export type RouteName =
  | 'token'
  | 'customerCreate'
  | 'customerCreateByTransaction'
  | 'customerCreateAchByTransaction'
  | 'customerCreateProtect'
  | 'customerUpdate'
  | 'customerUpdateProtect'
  | 'customerGet'
  | 'customerGetAch'
  | 'customerList'
  | 'customerExport'
  | 'customerDelete'
  | 'recurrenceCreate'
  | 'recurrenceUpdate'
  | 'recurrenceDelete'
  | 'recurrenceListByCustomer'
  | 'recurrenceExportByCustomer'
  | 'recurrenceExportById'
  | 'recurrenceExportApproved'

/** @category Configuration */
export type RouteTable = { readonly [K in RouteName]: Route }

// ---- constructors

const spec = (method: HttpMethod, path: string, source: string): Route =>
  Object.freeze({ method, path, status: 'confirmed' as const, source })

// ---- the table

/** @category Configuration */
export const payTraceRoutes: RouteTable = Object.freeze({
  token: spec('POST', '/v3/token', 'v3 token spec (client credentials or refresh token)'),
  customerCreate: spec('POST', '/v3/customer/create', 'C1, Customer Profile (Vault) spec'),
  customerCreateByTransaction: spec(
    'POST',
    '/v3/customer/create/by-transaction',
    'C2, Customer Profile (Vault) spec',
  ),
  customerCreateAchByTransaction: spec(
    'POST',
    '/v3/customer/ach/create/by-transaction',
    'C3, Customer Profile (Vault) spec',
  ),
  customerCreateProtect: spec(
    'POST',
    '/v3/customer/create/pt-protect',
    'C4, Customer Profile (Vault) spec',
  ),
  customerUpdate: spec('PATCH', '/v3/customer/{customer_id}', 'C5, Customer Profile (Vault) spec'),
  customerUpdateProtect: spec(
    'PATCH',
    '/v3/customer/pt-protect/{customer_id}',
    'C6, Customer Profile (Vault) spec',
  ),
  customerGet: spec('GET', '/v3/customer/{customer_id}', 'C7, Customer Profile (Vault) spec'),
  customerGetAch: spec(
    'GET',
    '/v3/customer/ach/{customer_id}',
    'C8, Customer Profile (Vault) spec',
  ),
  customerList: spec('GET', '/v3/customer', 'C9, Customer Profile (Vault) spec'),
  customerExport: spec('POST', '/v3/customer/export', 'C10, Customer Profile (Vault) spec'),
  customerDelete: spec(
    'DELETE',
    '/v3/customer/{customer_id}',
    'C11, Customer Profile (Vault) spec',
  ),
  recurrenceCreate: spec('POST', '/v3/recurrence/create', 'R1, Recurring Payment spec'),
  recurrenceUpdate: spec('PATCH', '/v3/recurrence', 'R2, Recurring Payment spec'),
  recurrenceDelete: spec('DELETE', '/v3/recurrence', 'R3 (JSON body), Recurring Payment spec'),
  recurrenceListByCustomer: spec(
    'GET',
    '/v3/recurrence/export/by-customer/{customer_id}',
    'R4, Recurring Payment spec',
  ),
  recurrenceExportByCustomer: spec(
    'POST',
    '/v3/recurrence/export/by-customer/{customer_id}',
    'R5, Recurring Payment spec',
  ),
  recurrenceExportById: spec(
    'GET',
    '/v3/recurrence/export/by-id/{recurrence_id}',
    'R6, Recurring Payment spec',
  ),
  recurrenceExportApproved: spec(
    'POST',
    '/v3/recurrence/export/approved/by-customer/{customer_id}',
    'R7, Recurring Payment spec',
  ),
})

// ---- combinators

/** The default table with the caller's overrides applied. */
export const resolveRoutes = (overrides: Partial<RouteTable> = {}): RouteTable =>
  Object.freeze({ ...payTraceRoutes, ...overrides })

/** Fills `{name}` placeholders, each value percent-encoded. */
export const fillPath = (route: Route, params: Readonly<Record<string, string>> = {}): string =>
  route.path.replace(/\{([a-z_]+)\}/g, (_all, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  )
