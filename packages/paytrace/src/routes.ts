/**
 * Every PayTrace endpoint the adapter calls: method and path template, in one frozen table.
 * Each entry says whether the path is confirmed by a document or assumed, and where it comes
 * from (GATEWAY-FACTS §1.4, §1.5, §1.2). A deployment that sees a different path overrides one
 * entry through `config.routes`.
 */
import type { HttpMethod } from '@vaultport/core'

// ---- model

export interface Route {
  readonly method: HttpMethod
  /** A path with `{name}` placeholders, relative to the base URL. */
  readonly path: string
  readonly status: 'confirmed' | 'assumed'
  readonly source: string
}

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

export type RouteTable = { readonly [K in RouteName]: Route }

// ---- constructors

const spec = (method: HttpMethod, path: string, source: string): Route =>
  Object.freeze({ method, path, status: 'confirmed' as const, source })

// ---- the table

export const payTraceRoutes: RouteTable = Object.freeze({
  token: spec('POST', '/v3/token', 'PT-SPEC-TOKEN, GATEWAY-FACTS §1.2'),
  customerCreate: spec('POST', '/v3/customer/create', 'C1, GATEWAY-FACTS §1.4'),
  customerCreateByTransaction: spec(
    'POST',
    '/v3/customer/create/by-transaction',
    'C2, GATEWAY-FACTS §1.4',
  ),
  customerCreateAchByTransaction: spec(
    'POST',
    '/v3/customer/ach/create/by-transaction',
    'C3, GATEWAY-FACTS §1.4',
  ),
  customerCreateProtect: spec('POST', '/v3/customer/create/pt-protect', 'C4, GATEWAY-FACTS §1.4'),
  customerUpdate: spec('PATCH', '/v3/customer/{customer_id}', 'C5, GATEWAY-FACTS §1.4'),
  customerUpdateProtect: spec(
    'PATCH',
    '/v3/customer/pt-protect/{customer_id}',
    'C6, GATEWAY-FACTS §1.4',
  ),
  customerGet: spec('GET', '/v3/customer/{customer_id}', 'C7, GATEWAY-FACTS §1.4'),
  customerGetAch: spec('GET', '/v3/customer/ach/{customer_id}', 'C8, GATEWAY-FACTS §1.4'),
  customerList: spec('GET', '/v3/customer', 'C9, GATEWAY-FACTS §1.4'),
  customerExport: spec('POST', '/v3/customer/export', 'C10, GATEWAY-FACTS §1.4'),
  customerDelete: spec('DELETE', '/v3/customer/{customer_id}', 'C11, GATEWAY-FACTS §1.4'),
  recurrenceCreate: spec('POST', '/v3/recurrence/create', 'R1, GATEWAY-FACTS §1.5'),
  recurrenceUpdate: spec('PATCH', '/v3/recurrence', 'R2, GATEWAY-FACTS §1.5'),
  recurrenceDelete: spec('DELETE', '/v3/recurrence', 'R3 (JSON body), GATEWAY-FACTS §1.5'),
  recurrenceListByCustomer: spec(
    'GET',
    '/v3/recurrence/export/by-customer/{customer_id}',
    'R4, GATEWAY-FACTS §1.5',
  ),
  recurrenceExportByCustomer: spec(
    'POST',
    '/v3/recurrence/export/by-customer/{customer_id}',
    'R5, GATEWAY-FACTS §1.5',
  ),
  recurrenceExportById: spec(
    'GET',
    '/v3/recurrence/export/by-id/{recurrence_id}',
    'R6, GATEWAY-FACTS §1.5',
  ),
  recurrenceExportApproved: spec(
    'POST',
    '/v3/recurrence/export/approved/by-customer/{customer_id}',
    'R7, GATEWAY-FACTS §1.5',
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
