/**
 * The Valor vault's endpoints: method + path per operation, in one frozen table. Only six of
 * the eighteen paths are publicly confirmed (docs/gateways/sources.md#valor-customers); the others follow the
 * `<verb><noun>/{ids}` pattern of the confirmed ones and are marked `assumed`. Every entry can
 * be replaced from configuration (`routes` in `ValorConfig`) once Valor's own pages are read.
 *
 * Paths are templates: `{customer}`, `{payment}`, `{ach}` and `{address}` are replaced by the
 * encoded ids. The two paged reads also name their query parameters here, because those names
 * are guesses too.
 */
import * as E from 'fp-ts/Either'
import { pathSegmentProblem, type FieldIssue, type HttpMethod } from '@vaultport/core'

// ---- model

/** @category Configuration */
export type RouteStatus = 'confirmed' | 'assumed' | 'configured'

/** @category Configuration */
export interface Route {
  readonly method: HttpMethod
  readonly path: string
  readonly status: RouteStatus
  /** Where the method and path come from (spec heading and sources). */
  readonly source: string
}

/** @category Configuration */
export type RouteName =
  | 'addCustomer'
  | 'addCard'
  | 'addAch'
  | 'addCardFromToken'
  | 'editCustomer'
  | 'customerTransactions'
  | 'updateCard'
  | 'addCardFromTransaction'
  | 'updateAch'
  | 'updateCardStatus'
  | 'getCustomer'
  | 'listCards'
  | 'listAch'
  | 'listCustomers'
  | 'deleteAch'
  | 'deleteAddress'
  | 'deleteCustomer'
  | 'deleteCard'

/** @category Configuration */
export type RouteTable = { readonly [K in RouteName]: Route }

/**
 * What configuration may replace in one entry: method and path (status becomes `configured`).
 * @category Configuration
 */
export interface RouteOverride {
  readonly method?: HttpMethod
  readonly path: string
}
/** @category Configuration */
export type RouteOverrides = { readonly [K in RouteName]?: RouteOverride }

/**
 * The query-parameter names of the two paged reads (all assumed; docs/gateways/sources.md#valor-customers).
 * @category Configuration
 */
export interface QueryNames {
  readonly listCustomers: { readonly page: string; readonly pageSize: string }
  readonly customerTransactions: {
    readonly from: string
    readonly to: string
    readonly limit: string
    readonly offset: string
  }
}

// ---- the table

const base = '/api/valor-vault'

const confirmed = (method: HttpMethod, path: string, source: string): Route => ({
  method,
  path: `${base}/${path}`,
  status: 'confirmed',
  source,
})
const assumed = (method: HttpMethod, path: string, source: string): Route => ({
  method,
  path: `${base}/${path}`,
  status: 'assumed',
  source,
})

/** @category Configuration */
export const defaultRoutes: RouteTable = Object.freeze({
  addCustomer: confirmed('POST', 'addcustomer', 'V1; Valor API docs and public plugins'),
  addCard: confirmed(
    'POST',
    'addpaymentprofile/{customer}',
    'V2; Valor API docs and public plugins',
  ),
  addAch: assumed('POST', 'addachprofile/{customer}', 'V3; naming pattern'),
  addCardFromToken: confirmed(
    'POST',
    'addpaymentprofiletoken/{customer}',
    'V4; a public integrator, from a live sandbox run',
  ),
  editCustomer: assumed('PUT', 'editcustomer/{customer}', 'V5; naming pattern'),
  customerTransactions: assumed('GET', 'getcustomertransactions/{customer}', 'V6; naming pattern'),
  updateCard: assumed('PUT', 'updatepaymentprofile/{customer}/{payment}', 'V7; naming pattern'),
  addCardFromTransaction: confirmed(
    'POST',
    'addpaymentprofiletxn/{customer}',
    'V8; public plugins',
  ),
  updateAch: assumed('PUT', 'updateachprofile/{customer}/{ach}', 'V9; naming pattern'),
  updateCardStatus: assumed(
    'PUT',
    'updatepaymentprofilestatus/{customer}/{payment}',
    'V10; naming pattern',
  ),
  getCustomer: assumed('GET', 'getcustomer/{customer}', 'V11; naming pattern'),
  listCards: confirmed(
    'GET',
    'getpaymentprofile/{customer}',
    'V12; public plugins and integrators',
  ),
  listAch: assumed('GET', 'getachprofile/{customer}', 'V13; naming pattern'),
  listCustomers: assumed('GET', 'getcustomerlist', 'V14; naming pattern'),
  deleteAch: assumed('DELETE', 'deleteachprofile/{customer}/{ach}', 'V15; naming pattern'),
  deleteAddress: assumed('DELETE', 'deleteaddress/{customer}/{address}', 'V16; naming pattern'),
  deleteCustomer: assumed('DELETE', 'deletecustomer/{customer}', 'V17; naming pattern'),
  deleteCard: confirmed(
    'DELETE',
    'deletepaymentprofile/{customer}/{payment}',
    'V18; public plugins',
  ),
} satisfies RouteTable)

/** @category Configuration */
export const defaultQueryNames: QueryNames = Object.freeze({
  listCustomers: Object.freeze({ page: 'page_number', pageSize: 'page_size' }),
  customerTransactions: Object.freeze({
    from: 'start_date',
    to: 'end_date',
    limit: 'limit',
    offset: 'offset',
  }),
})

/** @category Configuration */
export const routeNames = Object.keys(defaultRoutes) as ReadonlyArray<RouteName>

// ---- combinators

export type PathParams = Readonly<
  Partial<Record<'customer' | 'payment' | 'ach' | 'address', string>>
>

const PLACEHOLDER = /\{([a-z]+)\}/g

const placeholdersOf = (path: string): ReadonlyArray<string> =>
  [...path.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort()

const METHODS: ReadonlyArray<HttpMethod> = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/**
 * The default table with the configured entries replaced. An override must start with `/`
 * and use exactly the placeholders of the entry it replaces; otherwise the problems come back
 * as messages, one per bad entry.
 */
export const resolveRoutes = (
  overrides: RouteOverrides | undefined,
): E.Either<ReadonlyArray<string>, RouteTable> => {
  const problems: string[] = []
  const table: Record<string, Route> = { ...defaultRoutes }
  for (const [name, o] of Object.entries(overrides ?? {}) as Array<[string, RouteOverride]>) {
    const current = (defaultRoutes as Record<string, Route | undefined>)[name]
    if (current === undefined) {
      problems.push(`routes.${name}: no such Valor operation`)
      continue
    }
    if (typeof o?.path !== 'string' || !o.path.startsWith('/')) {
      problems.push(`routes.${name}.path: must be a string starting with "/"`)
      continue
    }
    const want = placeholdersOf(current.path).join(',')
    const got = placeholdersOf(o.path).join(',')
    if (want !== got) {
      problems.push(`routes.${name}.path: must use the placeholders {${want}} (has {${got}})`)
      continue
    }
    const method = o.method ?? current.method
    if (!METHODS.includes(method)) {
      problems.push(`routes.${name}.method: must be one of ${METHODS.join(', ')}`)
      continue
    }
    table[name] = { method, path: o.path, status: 'configured', source: 'configuration' }
  }
  return problems.length === 0 ? E.right(Object.freeze(table) as RouteTable) : E.left(problems)
}

/** The canonical argument each placeholder's id comes from (for the issue a bad id gets). */
const PLACEHOLDER_FIELDS: Readonly<Record<string, string>> = {
  customer: 'customerId',
  payment: 'paymentMethodId',
  ach: 'paymentMethodId',
  address: 'addressId',
}

/**
 * A route's path with its placeholders replaced by the ids, each checked and percent-encoded as
 * one path segment first (core's `pathSegmentProblem`): an empty id, `.`, `..`, a separator or a
 * control character is an issue, and no path is built.
 */
export const fillPath = (route: Route, params: PathParams): E.Either<FieldIssue, string> => {
  let issue: FieldIssue | undefined
  const path = route.path.replace(PLACEHOLDER, (_all, key: string) => {
    const id: unknown = (params as Record<string, unknown>)[key]
    const problem = typeof id === 'string' ? pathSegmentProblem(id) : 'is missing'
    if (problem !== undefined) issue ??= { path: PLACEHOLDER_FIELDS[key] ?? key, message: problem }
    return typeof id === 'string' ? encodeURIComponent(id) : ''
  })
  return issue === undefined ? E.right(path) : E.left(issue)
}

// ---- the subscription API (its own host, credentials in the body)

/**
 * Valor's subscription calls: one `POST` each, told apart by `txn_type` (Valor's support told one
 * integrator the path is cosmetic: `/?addSub` and `/?addSubs` are processed alike). Add, update and
 * activate are on Valor's reference pages and were run live by one integrator; deactivate, delete
 * and the list are that integrator's alone.
 * @category Configuration
 */
export type SubscriptionRouteName = 'add' | 'update' | 'activate' | 'deactivate' | 'delete' | 'list'

/** @category Configuration */
export interface SubscriptionRoute {
  readonly path: string
  readonly txnType: string
  readonly status: RouteStatus
  readonly source: string
}

/** @category Configuration */
export type SubscriptionRouteTable = { readonly [K in SubscriptionRouteName]: SubscriptionRoute }

/**
 * What configuration may replace in one entry: the path and/or the `txn_type`.
 * @category Configuration
 */
export interface SubscriptionRouteOverride {
  readonly path?: string
  readonly txnType?: string
}
/** @category Configuration */
export type SubscriptionRouteOverrides = {
  readonly [K in SubscriptionRouteName]?: SubscriptionRouteOverride
}

const sub = (
  status: RouteStatus,
  path: string,
  txnType: string,
  source: string,
): SubscriptionRoute => ({ path, txnType, status, source })

/** @category Configuration */
export const defaultSubscriptionRoutes: SubscriptionRouteTable = Object.freeze({
  add: sub('confirmed', '/?addSub', 'add_subscription', 'Add Subscription page; live runs'),
  update: sub(
    'confirmed',
    '/?updateSub',
    'updateSubscription',
    'Update Subscription page (its default value; its prose says update_subscription); live runs',
  ),
  activate: sub('confirmed', '/?activateSub', 'activateSubscription', 'Activate page'),
  deactivate: sub('assumed', '/?de-Activate', 'deactivateSubscription', 'one integrator'),
  delete: sub('assumed', '/?deleteSub', 'deleteSubscription', 'one integrator'),
  list: sub('assumed', '/?viewSubs', 'listsubscription', 'List page (parameters); one integrator'),
} satisfies SubscriptionRouteTable)

/** @category Configuration */
export const subscriptionRouteNames = Object.keys(
  defaultSubscriptionRoutes,
) as ReadonlyArray<SubscriptionRouteName>

const TXN_TYPE = /^[A-Za-z0-9_-]{1,64}$/

/** The default subscription routes with the configured entries replaced, or the problems. */
export const resolveSubscriptionRoutes = (
  overrides: SubscriptionRouteOverrides | undefined,
): E.Either<ReadonlyArray<string>, SubscriptionRouteTable> => {
  const problems: string[] = []
  const table: Record<string, SubscriptionRoute> = { ...defaultSubscriptionRoutes }
  const given: unknown = overrides ?? {}
  if (given === null || typeof given !== 'object') {
    return E.left(['subscriptions.routes must be an object'])
  }
  for (const [name, o] of Object.entries(given) as Array<[string, SubscriptionRouteOverride]>) {
    const current = (defaultSubscriptionRoutes as Record<string, SubscriptionRoute | undefined>)[
      name
    ]
    const at = `subscriptions.routes.${name}`
    if (current === undefined) {
      problems.push(`${at}: no such Valor subscription call`)
      continue
    }
    const path = o?.path ?? current.path
    const txnType = o?.txnType ?? current.txnType
    if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
      problems.push(`${at}.path: must be a string starting with "/", without white space`)
      continue
    }
    if (typeof txnType !== 'string' || !TXN_TYPE.test(txnType)) {
      problems.push(`${at}.txnType: must be 1–64 letters, digits, "_" or "-"`)
      continue
    }
    table[name] = { path, txnType, status: 'configured', source: 'configuration' }
  }
  return problems.length === 0
    ? E.right(Object.freeze(table) as SubscriptionRouteTable)
    : E.left(problems)
}
