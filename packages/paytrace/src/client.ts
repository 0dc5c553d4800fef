/**
 * The PayTrace adapter: `createPayTraceVault(config)` gives the port `Vault` (narrowed by
 * `payTraceCapabilities`) plus `vault.paytrace`, the PayTrace-only calls (export, ACH detail,
 * Protect.js update, recurrence exports). Everything goes through one HTTP client with one
 * OAuth token cache: the token is fetched with the client-credentials grant, refreshed before it
 * expires, and the request replayed exactly once after a 401.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import type * as t from 'io-ts'
import {
  createHttpClient,
  defineVault,
  notFound,
  offsetCursor,
  readJson,
  readOffsetCursor,
  sensitiveValuesOf,
  tokenProvider,
  unexpectedResponse,
  unsupported,
  validationError,
  vaultError,
  warning,
  written,
  type Address,
  type AddressInput,
  type AddressPatch,
  type AuthPlugin,
  type Customer,
  type CustomerFilter,
  type CustomerInput,
  type CustomerPatch,
  type CustomerSummary,
  type ErrorContext,
  type FieldIssue,
  type HttpClient,
  type HttpRequest,
  type ListQuery,
  type Page,
  type PaymentMethod,
  type PaymentMethodInput,
  type PortImplementations,
  type QueryValue,
  type Recurrence,
  type RecurrenceInput,
  type RecurrencePatch,
  type TokenGrant,
  type Vault,
  type VaultError,
  type Warning,
  type Written,
  type AdapterHttpOptions,
  lazyRedactor,
} from '@vaultport/core'
import { payTraceCapabilities, type PayTraceCapabilities } from './capabilities'
import { errorFromResponse } from './errors'
import { fillPath, resolveRoutes, type RouteName, type RouteTable } from './routes'
import {
  amountFromWire,
  addressToWire,
  BILLING_ID,
  CARD_ID,
  cardToWire,
  CHECK_ID,
  checkToWire,
  customerCommonToWire,
  customerFromWire,
  customerPatchToWire,
  customerSummaryFromWire,
  emptyWireAddress,
  lastActivityDays,
  recurrenceFromWire,
  recurrenceInputToWire,
  recurrencePatchToWire,
  SHIPPING_ID,
  wireCustomerId,
  wireDateToIso,
  type NumberEncoding,
} from './translate'
import {
  WireAck,
  WireApprovedResponse,
  WireCreated,
  WireCustomerListResponse,
  WireCustomerResponse,
  WireRecurrenceCreated,
  WireRecurrenceListResponse,
  WireRecurrenceResponse,
  WireTokenResponse,
  type WireApprovedRecurringTransaction,
  type WireCustomer,
  type WireCustomerListResponse as WireCustomerList,
  type WireExportFilter,
  type WireRecurrence,
  type WireRecurrenceListResponse as WireRecurrenceList,
} from './wire'

// ---- config

export const payTraceBaseUrls = {
  sandbox: 'https://api.sandbox.paytrace.com',
  production: 'https://api.paytrace.com',
} as const

/** Core's HTTP client options: timeouts, retry policy, limits, transcripts, transport. */
export type PayTraceHttpOptions = AdapterHttpOptions

export interface PayTraceConfig {
  /** Default `sandbox`. */
  readonly environment?: 'sandbox' | 'production'
  /** Overrides `environment`: a white-label host or the local simulator. */
  readonly baseUrl?: string
  /** The API user's login name. */
  readonly clientId: string
  /** The API user's password. */
  readonly clientSecret: string
  /** `X-Integrator-Id` on every request (at most 12 characters). */
  readonly integratorId?: string
  /** `merchant_id` in the bodies that take it (ISV / partner API users). */
  readonly merchantId?: number
  /**
   * How `card.number` and `check.account_number` are sent: `encrypted` runs them through
   * `encrypt` (PayTrace client-side RSA encryption, base64); `raw` sends digits (where the
   * account allows it).
   */
  readonly cardNumberMode: 'encrypted' | 'raw'
  readonly encrypt?: (plain: string) => string
  readonly routes?: Partial<RouteTable>
  readonly http?: PayTraceHttpOptions
  readonly now?: () => Date
}

const GATEWAY = 'paytrace'
const TOKEN_OPERATION = 'auth.token'

/** Problems with the configuration itself; empty when it is usable. */
export const checkPayTraceConfig = (config: PayTraceConfig): ReadonlyArray<FieldIssue> => {
  const issues: FieldIssue[] = []
  const issue = (path: string, message: string) => issues.push({ path, message })
  const c = (config ?? {}) as Partial<PayTraceConfig>
  if (typeof c.clientId !== 'string' || c.clientId.trim() === '') {
    issue('clientId', 'the API user name is required')
  }
  if (typeof c.clientSecret !== 'string' || c.clientSecret === '') {
    issue('clientSecret', 'the API user password is required')
  }
  if (c.environment !== undefined && !(c.environment in payTraceBaseUrls)) {
    issue('environment', "must be 'sandbox' or 'production'")
  }
  if (c.baseUrl !== undefined) {
    let ok = false
    try {
      const u = new URL(c.baseUrl)
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.search === '' && u.hash === ''
    } catch {
      ok = false
    }
    if (!ok) issue('baseUrl', 'must be an absolute http(s) URL without query or fragment')
  }
  if (
    c.integratorId !== undefined &&
    (typeof c.integratorId !== 'string' || c.integratorId === '' || c.integratorId.length > 12)
  ) {
    issue('integratorId', 'must be 1 to 12 characters (X-Integrator-Id)')
  }
  if (c.merchantId !== undefined && !(Number.isSafeInteger(c.merchantId) && c.merchantId > 0)) {
    issue('merchantId', 'must be a positive integer')
  }
  if (c.cardNumberMode !== 'encrypted' && c.cardNumberMode !== 'raw') {
    issue('cardNumberMode', "must be 'encrypted' or 'raw'")
  } else if (c.cardNumberMode === 'encrypted' && typeof c.encrypt !== 'function') {
    issue('encrypt', "cardNumberMode 'encrypted' needs an encrypt(plain) function")
  }
  return issues
}

// ---- the PayTrace-only calls

export interface ExportFilter {
  readonly reference?: string
  readonly email?: string
  /** Profiles created at or after this instant (sent as `created.at`, M/D/YYYY h:mm:ss AM|PM). */
  readonly createdSince?: string
  /** Show the first six digits of card numbers (default true). */
  readonly includeBin?: boolean
}

export interface RecurrenceExportQuery {
  /** 1–50 (default 50). */
  readonly limit?: number
  readonly offset?: number
  /** Export only this recurrence. */
  readonly recurrenceId?: string
  /** Must be the customer's label when given (PayTrace checks it). */
  readonly reference?: string
}

/** The most recent approved run of a customer's recurring payments (R7). */
export interface ApprovedRecurringTransaction {
  readonly transactionId: string
  readonly recurrenceId?: string
  readonly customerId?: string
  readonly amount?: { readonly amount: number; readonly currency: 'USD' }
  readonly responseCode?: number
  readonly statusMessage?: string
  readonly approvalCode?: string
  /** ISO date. */
  readonly date?: string
}

export interface ProtectUpdate {
  readonly hpfToken: string
  readonly encKey: string
  readonly patch?: CustomerPatch
}

export interface PayTraceExtras {
  /** C10: every matching profile, in full. */
  readonly exportCustomers: (
    filter?: ExportFilter,
  ) => TE.TaskEither<VaultError, ReadonlyArray<Customer>>
  /** C8: the profile with its check (ACH) detail; NotFound when it has no check. */
  readonly getAchCustomer: (customerId: string) => TE.TaskEither<VaultError, Customer>
  /** C6: replace the card from a Protect.js `hpf_token` + `enc_key`, with optional changes. */
  readonly updateCustomerWithProtect: (
    customerId: string,
    update: ProtectUpdate,
  ) => TE.TaskEither<VaultError, Written<Customer>>
  /** R4: every recurrence of a customer, unpaged. */
  readonly listRecurrencesByCustomer: (
    customerId: string,
  ) => TE.TaskEither<VaultError, ReadonlyArray<Recurrence>>
  /** R5: a page of a customer's recurrences (or just one, by id). */
  readonly exportRecurrencesByCustomer: (
    customerId: string,
    query?: RecurrenceExportQuery,
  ) => TE.TaskEither<VaultError, Page<Recurrence>>
  /** R6. */
  readonly exportRecurrence: (recurrenceId: string) => TE.TaskEither<VaultError, Recurrence>
  /** R7; NotFound when the customer has no approved run. */
  readonly lastApprovedRecurringTransaction: (
    customerId: string,
  ) => TE.TaskEither<VaultError, ApprovedRecurringTransaction>
  /** All customers, page by page (C9), without holding the list. */
  readonly streamCustomers: (
    query?: ListQuery,
  ) => AsyncGenerator<E.Either<VaultError, CustomerSummary>, void, undefined>
}

export type PayTraceVault = Vault<PayTraceCapabilities> & { readonly paytrace: PayTraceExtras }

// ---- transport plumbing

interface Call {
  readonly operation: string
  readonly route: RouteName
  readonly params?: Readonly<Record<string, string>>
  readonly query?: Readonly<Record<string, QueryValue>>
  readonly json?: unknown
  readonly idempotent: boolean
  /** Plain values the request carries in transformed form (numbers before encryption). */
  readonly secrets?: ReadonlyArray<string>
}

interface Wire {
  readonly call: <A>(c: Call, codec: t.Type<A, unknown, unknown>) => TE.TaskEither<VaultError, A>
  readonly http: HttpClient
}

const makeWire = (config: PayTraceConfig, now: () => Date): Wire => {
  const routes = resolveRoutes(config.routes)
  const baseUrl = config.baseUrl ?? payTraceBaseUrls[config.environment ?? 'sandbox']
  const http_ = config.http ?? {}
  const headers =
    config.integratorId === undefined ? {} : { 'X-Integrator-Id': config.integratorId }
  // The token provider sends through the client it authenticates: the plug-in defers to it.
  const auth: AuthPlugin = {
    headers: (ctx) => provider.headers(ctx),
    refresh: (ctx) => provider.refresh?.(ctx) ?? TE.right(undefined),
    secrets: () => [config.clientSecret, ...provider.secrets()],
  }
  const http = createHttpClient({
    gateway: GATEWAY,
    baseUrl,
    auth,
    defaultHeaders: headers,
    secrets: [config.clientSecret],
    ...http_,
  })

  const exchange = <A>(
    req: HttpRequest,
    codec: t.Type<A, unknown, unknown>,
    secrets: ReadonlyArray<string>,
  ): TE.TaskEither<VaultError, A> => {
    const ctx: ErrorContext = { gateway: GATEWAY, operation: req.operation }
    return pipe(
      http.send(req),
      TE.chainEitherK((res) => {
        // The request's own numbers must not come back in any error, echoed or not.
        const redactor = lazyRedactor(() =>
          http
            .redactor()
            .withSecrets([
              ...sensitiveValuesOf(req.json),
              ...sensitiveValuesOf(req.form),
              ...secrets,
            ]),
        )
        return res.status >= 200 && res.status < 300
          ? readJson(codec, ctx, redactor, res)
          : E.left(errorFromResponse(ctx, redactor, res))
      }),
    )
  }

  const provider = tokenProvider({
    now: () => now().getTime(),
    credentialSecrets: [config.clientSecret],
    fetchToken: (_ctx, refreshToken) =>
      pipe(
        exchange(
          {
            operation: TOKEN_OPERATION,
            method: routes.token.method,
            path: fillPath(routes.token),
            form:
              refreshToken === undefined
                ? {
                    grant_type: 'client_credentials',
                    client_id: config.clientId,
                    client_secret: config.clientSecret,
                  }
                : { grant_type: 'refresh_token', refresh_token: refreshToken },
            idempotent: true,
            anonymous: true,
          },
          WireTokenResponse,
          [],
        ),
        TE.chainEitherK((body) => tokenGrantOf(body)),
      ),
  })

  return {
    http,
    call: (c, codec) => {
      const route = routes[c.route]
      return exchange(
        {
          operation: c.operation,
          method: route.method,
          path: fillPath(route, c.params),
          ...(c.query === undefined ? {} : { query: c.query }),
          ...(c.json === undefined ? {} : { json: c.json }),
          idempotent: c.idempotent,
        },
        codec,
        c.secrets ?? [],
      )
    },
  }
}

/** Reads the grant at top level or under `data` (GATEWAY-FACTS §1.2 CONFLICT). */
export const tokenGrantOf = (
  body: t.TypeOf<typeof WireTokenResponse>,
): E.Either<VaultError, TokenGrant> => {
  const accessToken = body.access_token ?? body.data?.access_token
  if (accessToken === undefined || accessToken === '') {
    return E.left(
      vaultError(
        'Auth',
        { gateway: GATEWAY, operation: TOKEN_OPERATION },
        'PayTrace token answer carried no access_token',
      ),
    )
  }
  const expires = Number(body.expires_in ?? body.data?.expires_in)
  const refreshToken = body.refresh_token ?? body.data?.refresh_token
  return E.right({
    accessToken,
    ...(Number.isFinite(expires) && expires > 0 ? { expiresInSeconds: expires } : {}),
    ...(refreshToken === undefined || refreshToken === '' ? {} : { refreshToken }),
  })
}

// ---- helpers

/** A failed task, typed as the pipeline around it expects. */
const fail = <A = never>(e: VaultError): TE.TaskEither<VaultError, A> => TE.left(e)

const ctxOf = (operation: string): ErrorContext => ({ gateway: GATEWAY, operation })

/** A PayTrace id path parameter; a non-integer id cannot exist there. */
const withId =
  (operation: string, what: string, id: string) =>
  <A>(f: (n: number) => TE.TaskEither<VaultError, A>): TE.TaskEither<VaultError, A> => {
    const n = wireCustomerId(id)
    return n === undefined ? fail(notFound(ctxOf(operation), `${what} ${id}`)) : f(n)
  }

/** The items of a list answer: `data` as an array, `data.<inner>`, or `items` (codec-checked). */
const itemsOf = <W>(
  l: WireCustomerList | WireRecurrenceList,
  inner: 'customers' | 'recurrences',
): { items: W[]; total?: number } => {
  const loose = l as {
    data?: unknown
    items?: unknown
    total_count?: number | string
    total?: number | string
  }
  if (Array.isArray(loose.items))
    return { items: loose.items as W[], ...totalOf(loose.total_count ?? loose.total) }
  if (Array.isArray(loose.data))
    return { items: loose.data as W[], ...totalOf(loose.total_count ?? loose.total) }
  const d = loose.data as Record<string, unknown> & {
    total_count?: number | string
    total?: number | string
  }
  return { items: d[inner] as W[], ...totalOf(d.total_count ?? d.total) }
}
const itemsOfCustomers = (l: WireCustomerList) => itemsOf<WireCustomer>(l, 'customers')
const itemsOfRecurrences = (l: WireRecurrenceList) => itemsOf<WireRecurrence>(l, 'recurrences')

const totalOf = (v: number | string | undefined): { total?: number } => {
  const n = Number(v)
  return v !== undefined && Number.isSafeInteger(n) && n >= 0 ? { total: n } : {}
}

const pageOf = <A>(
  items: ReadonlyArray<A>,
  offset: number,
  limit: number,
  total: number | undefined,
): Page<A> => {
  const next = offset + items.length
  const more = total === undefined ? items.length >= limit && items.length > 0 : next < total
  return {
    items,
    ...(more ? { nextCursor: offsetCursor(next) } : {}),
    ...(total === undefined ? {} : { totalCount: total }),
  }
}

const recurrencesOrFail = (
  operation: string,
  wires: ReadonlyArray<WireRecurrence>,
): E.Either<VaultError, Recurrence[]> => {
  const out: Recurrence[] = []
  for (const w of wires) {
    const r = recurrenceFromWire(w)
    if (E.isLeft(r)) {
      return E.left(
        unexpectedResponse(ctxOf(operation), `PayTrace recurrence ${String(w.id)}: ${r.left}`),
      )
    }
    out.push(r.right)
  }
  return E.right(out)
}

const recurrenceOrFail = (operation: string, w: WireRecurrence): E.Either<VaultError, Recurrence> =>
  E.map((rs: Recurrence[]) => rs[0] as Recurrence)(recurrencesOrFail(operation, [w]))

/** M/D/YYYY h:mm:ss AM|PM in UTC, as the export's `created.at` takes it. */
const exportTimestamp = (iso: string): string => {
  const d = new Date(iso)
  const h = d.getUTCHours()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`
}

const DEFAULT_PAGE = 50

// ---- the adapter

const failingVault = (issues: ReadonlyArray<FieldIssue>, now: () => Date): PayTraceVault => {
  const refuse = (operation: string) => () =>
    fail(
      issues.some((i) => i.path === 'clientId' || i.path === 'clientSecret')
        ? vaultError(
            'Auth',
            ctxOf(operation),
            `PayTrace is not configured: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          )
        : validationError(ctxOf(operation), issues),
    )
  const ports: PortImplementations = Object.fromEntries(
    Object.entries(payTraceCapabilities.operations).map(([port, ops]) => [
      port,
      Object.fromEntries(Object.keys(ops).map((op) => [op, refuse(`${port}.${op}`)])),
    ]),
  )
  const vault = defineVault({ capabilities: payTraceCapabilities, ports, now })
  const extra = (operation: string) => refuse(`paytrace.${operation}`)
  return {
    ...vault,
    paytrace: {
      exportCustomers: extra('exportCustomers'),
      getAchCustomer: extra('getAchCustomer'),
      updateCustomerWithProtect: extra('updateCustomerWithProtect'),
      listRecurrencesByCustomer: extra('listRecurrencesByCustomer'),
      exportRecurrencesByCustomer: extra('exportRecurrencesByCustomer'),
      exportRecurrence: extra('exportRecurrence'),
      lastApprovedRecurringTransaction: extra('lastApprovedRecurringTransaction'),
      streamCustomers: async function* () {
        yield E.left(validationError(ctxOf('paytrace.streamCustomers'), issues)) as E.Either<
          VaultError,
          CustomerSummary
        >
      },
    },
  }
}

/** Builds the PayTrace vault. A bad config gives a vault whose every call is a `Left`. */
export const createPayTraceVault = (config: PayTraceConfig): PayTraceVault => {
  const now = config?.now ?? (() => new Date())
  const issues = checkPayTraceConfig(config)
  if (issues.length > 0) return failingVault(issues, now)
  const wire = makeWire(config, now)
  const numbers: NumberEncoding = {
    mode: config.cardNumberMode,
    ...(config.encrypt === undefined ? {} : { encrypt: config.encrypt }),
  }
  const merchantId = config.merchantId
  const merchant = merchantId === undefined ? {} : { merchant_id: merchantId }

  // ---- customers

  const getWire = (operation: string, id: string) =>
    withId(
      operation,
      'customer',
      id,
    )((n) =>
      pipe(
        wire.call(
          { operation, route: 'customerGet', params: { customer_id: String(n) }, idempotent: true },
          WireCustomerResponse,
        ),
        TE.map((r) => r.data),
      ),
    )

  const getCustomer = (id: string): TE.TaskEither<VaultError, Customer> =>
    pipe(
      getWire('customers.get', id),
      TE.map((w) => customerFromWire(w)),
    )

  /** A create or update answer: the full profile, or (if only the id came back) a read. */
  const settle = (operation: string, id: number | string, data: WireCustomer | undefined) =>
    data !== undefined && data.customer_label !== undefined && data.customer_label !== null
      ? TE.right(customerFromWire(data))
      : pipe(
          getWire(operation, String(id)),
          TE.map((w) => customerFromWire(w)),
        )

  const createCustomer = (input: CustomerInput): TE.TaskEither<VaultError, Written<Customer>> => {
    const operation = 'customers.create'
    const common = customerCommonToWire(input, merchantId)
    const pm = input.paymentMethod
    const send = (
      route: RouteName,
      body: Record<string, unknown>,
      warnings: ReadonlyArray<Warning>,
      secrets: ReadonlyArray<string> = [],
    ) =>
      pipe(
        wire.call({ operation, route, json: body, idempotent: false, secrets }, WireCreated),
        TE.chain((r) => settle(operation, r.data.customer_id, r.data as WireCustomer)),
        TE.map((c) => written(c, [...common.warnings, ...warnings])),
      )
    const invalid = (issue: FieldIssue) => fail(validationError(ctxOf(operation), [issue]))
    if (pm === undefined) return send('customerCreate', { ...common.wire }, [])
    switch (pm.kind) {
      case 'card':
      case 'bank_account': {
        const slot = paymentSlot(pm, 'paymentMethod')
        if (E.isLeft(slot)) return invalid({ path: 'paymentMethod', message: slot.left })
        return send(
          'customerCreate',
          { ...common.wire, ...slot.right.body },
          slot.right.warnings,
          slot.right.secrets,
        )
      }
      case 'gateway_token': {
        const encKey = pm.extras?.['enc_key']
        if (encKey === undefined || encKey === '') {
          return invalid({
            path: 'paymentMethod.extras.enc_key',
            message: 'a Protect.js token needs its enc_key',
          })
        }
        if (pm.rail === 'bank_account') {
          return invalid({ path: 'paymentMethod.rail', message: 'Protect.js tokens are cards' })
        }
        return send(
          'customerCreateProtect',
          { hpf_token: pm.token, enc_key: encKey, ...common.wire },
          tokenWarnings(pm.holderName, pm.extras, 'paymentMethod'),
        )
      }
      case 'prior_transaction': {
        const ref = input.gatewayData?.['customer_reference_id']
        return send(
          pm.rail === 'card' ? 'customerCreateByTransaction' : 'customerCreateAchByTransaction',
          {
            transaction_id: pm.transactionId,
            ...withoutMerchant(common.wire),
            ...(typeof ref === 'string' ? { customer_reference_id: ref } : {}),
          },
          [],
        )
      }
      case 'wallet':
        return fail(unsupported(ctxOf(operation), 'PayTrace stores no wallet tokens'))
    }
  }

  /** The C1/C5 `card` or `check` object for a raw input, with its secrets. */
  const paymentSlot = (
    pm: Extract<PaymentMethodInput, { kind: 'card' | 'bank_account' }>,
    at: string,
  ): E.Either<
    string,
    { body: Record<string, unknown>; warnings: ReadonlyArray<Warning>; secrets: string[] }
  > =>
    pm.kind === 'card'
      ? E.map(
          (tr: ReturnType<typeof cardToWire> extends E.Either<string, infer T> ? T : never) => ({
            body: { card: tr.wire },
            warnings: tr.warnings,
            secrets: [pm.number],
          }),
        )(cardToWire(pm, numbers, at))
      : E.map(
          (tr: ReturnType<typeof checkToWire> extends E.Either<string, infer T> ? T : never) => ({
            body: { check: tr.wire },
            warnings: tr.warnings,
            secrets: [pm.accountNumber],
          }),
        )(checkToWire(pm, numbers, at))

  const updateCustomer = (id: string, patch: CustomerPatch) => {
    const operation = 'customers.update'
    const body = customerPatchToWire(patch, merchantId)
    return withId(
      operation,
      'customer',
      id,
    )((n) =>
      pipe(
        wire.call(
          {
            operation,
            route: 'customerUpdate',
            params: { customer_id: String(n) },
            json: body.wire,
            idempotent: true,
          },
          WireCustomerResponse,
        ),
        TE.chain((r) => settle(operation, n, r.data)),
        TE.map((c) => written(c, body.warnings)),
      ),
    )
  }

  /** PATCH one part of a profile (an address slot, a card, a check) and read the result. */
  const patchCustomer = (
    operation: string,
    n: number,
    body: Record<string, unknown>,
    secrets: ReadonlyArray<string> = [],
  ) =>
    pipe(
      wire.call(
        {
          operation,
          route: 'customerUpdate',
          params: { customer_id: String(n) },
          json: { ...body, ...merchant },
          idempotent: true,
          secrets,
        },
        WireCustomerResponse,
      ),
      TE.chain((r) => settle(operation, n, r.data)),
    )

  const exportCustomers = (
    operation: string,
    filter: ExportFilter = {},
  ): TE.TaskEither<VaultError, ReadonlyArray<Customer>> => {
    const body: WireExportFilter = {
      ...(filter.reference === undefined ? {} : { customer_label: filter.reference }),
      ...(filter.email === undefined ? {} : { email: filter.email }),
      ...(filter.createdSince === undefined
        ? {}
        : { created: { at: exportTimestamp(filter.createdSince) } }),
      include_bin: filter.includeBin ?? true,
      ...merchant,
    }
    return pipe(
      wire.call(
        { operation, route: 'customerExport', json: body, idempotent: true },
        WireCustomerListResponse,
      ),
      TE.map((l) => itemsOfCustomers(l).items.map((w) => customerFromWire(w))),
    )
  }

  const findByReference = (reference: string) =>
    pipe(
      exportCustomers('customers.findByReference', { reference }),
      TE.map((cs) => cs.find((c) => c.reference === reference)),
    )

  const listCustomers = (
    query: ListQuery = {},
  ): TE.TaskEither<VaultError, Page<CustomerSummary>> => {
    const operation = 'customers.list'
    const offset = readOffsetCursor(query.cursor)
    if (offset === undefined) {
      return fail(
        validationError(ctxOf(operation), [
          { path: 'cursor', message: 'is not a PayTrace cursor' },
        ]),
      )
    }
    const limit = query.pageSize ?? DEFAULT_PAGE
    const filter: CustomerFilter = query.filter ?? {}
    if (filter.email !== undefined || filter.reference !== undefined) {
      // C9 filters by name and activity only: the export filters by label and e-mail.
      return pipe(
        exportCustomers(operation, {
          ...(filter.reference === undefined ? {} : { reference: filter.reference }),
          ...(filter.email === undefined ? {} : { email: filter.email }),
        }),
        TE.map((cs) => {
          const hits = cs.filter(
            (c) =>
              (filter.name === undefined ||
                (c.name ?? '').toLowerCase().includes(filter.name.toLowerCase())) &&
              (filter.changedSince === undefined ||
                (c.updatedAt ?? c.createdAt ?? '') >= filter.changedSince),
          )
          return pageOf(
            hits.slice(offset, offset + limit).map((c) => summaryOf(c)),
            offset,
            limit,
            hits.length,
          )
        }),
      )
    }
    return pipe(
      wire.call(
        {
          operation,
          route: 'customerList',
          query: {
            limit,
            offset,
            name_filter: filter.name,
            last_activity_days:
              filter.changedSince === undefined
                ? undefined
                : lastActivityDays(filter.changedSince, now()),
          },
          idempotent: true,
        },
        WireCustomerListResponse,
      ),
      TE.map((l) => {
        const { items, total } = itemsOfCustomers(l)
        return pageOf(items.map(customerSummaryFromWire), offset, limit, total)
      }),
    )
  }

  const deleteCustomer = (id: string) =>
    withId(
      'customers.delete',
      'customer',
      id,
    )((n) =>
      pipe(
        wire.call(
          {
            operation: 'customers.delete',
            route: 'customerDelete',
            params: { customer_id: String(n) },
            idempotent: true,
          },
          WireAck,
        ),
        TE.map(() => undefined),
      ),
    )

  // ---- addresses: two slots named by their role

  const slotOf = (id: string): 'billing' | 'shipping' | undefined =>
    id === BILLING_ID ? 'billing' : id === SHIPPING_ID ? 'shipping' : undefined

  const findSlot = (c: Customer, role: 'billing' | 'shipping'): Address | undefined =>
    c.addresses.find((a) => a.role === role)

  const addressResult = (operation: string, role: 'billing' | 'shipping') => (c: Customer) => {
    const a = findSlot(c, role)
    return a === undefined
      ? fail(unexpectedResponse(ctxOf(operation), `PayTrace did not keep the ${role} address`))
      : TE.right(a)
  }

  /** Reads the stored profile of `cid`, then continues with its numeric id and canonical form. */
  const withStored = <A>(
    operation: string,
    cid: string,
    f: (n: number, c: Customer) => TE.TaskEither<VaultError, A>,
  ) =>
    withId(
      operation,
      'customer',
      cid,
    )((n) =>
      pipe(
        getWire(operation, cid),
        TE.map((w) => customerFromWire(w)),
        TE.chain((c) => f(n, c)),
      ),
    )

  const writeSlot = (
    operation: string,
    n: number,
    role: 'billing' | 'shipping',
    fields: AddressInput | AddressPatch,
    at: string,
  ) => {
    const slot = addressToWire(role, fields, at)
    return pipe(
      patchCustomer(operation, n, { [`${role}_address`]: slot.wire }),
      TE.chain(addressResult(operation, role)),
      TE.map((a) => written(a, slot.warnings)),
    )
  }

  const emptySlot = (operation: string, cid: string, role: 'billing' | 'shipping') =>
    fail(notFound(ctxOf(operation), `${role} address of customer ${cid}`))

  const addAddress = (cid: string, input: AddressInput) => {
    const operation = 'addresses.add'
    return withStored(operation, cid, (n, c) =>
      findSlot(c, input.role) !== undefined
        ? fail(
            vaultError(
              'Conflict',
              ctxOf(operation),
              `customer ${cid} already has a ${input.role} address; PayTrace keeps one (update it instead)`,
            ),
          )
        : writeSlot(operation, n, input.role, input, 'input.'),
    )
  }

  const updateAddress = (cid: string, aid: string, patch: AddressPatch) => {
    const operation = 'addresses.update'
    const role = slotOf(aid)
    if (role === undefined) return fail(notFound(ctxOf(operation), `address ${aid}`))
    return withStored(operation, cid, (n, c) =>
      findSlot(c, role) === undefined
        ? emptySlot(operation, cid, role)
        : writeSlot(operation, n, role, patch, 'patch.'),
    )
  }

  const removeAddress = (cid: string, aid: string) => {
    const operation = 'addresses.remove'
    const role = slotOf(aid)
    if (role === undefined) return fail(notFound(ctxOf(operation), `address ${aid}`))
    return withStored(operation, cid, (n, c) =>
      findSlot(c, role) === undefined
        ? emptySlot(operation, cid, role)
        : pipe(
            patchCustomer(operation, n, { [`${role}_address`]: emptyWireAddress(role) }),
            TE.map(() => undefined),
          ),
    )
  }

  // ---- payment methods: one card slot, one check slot

  const methodResult = (operation: string, id: string) => (c: Customer) => {
    const m = c.paymentMethods.find((p) => p.id === id)
    return m === undefined
      ? fail(unexpectedResponse(ctxOf(operation), `PayTrace did not keep the ${id}`))
      : TE.right(m)
  }

  const addPaymentMethod = (
    cid: string,
    input: PaymentMethodInput,
    options?: { readonly makeDefault?: boolean },
  ): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
    const operation = 'paymentMethods.add'
    const ctx = ctxOf(operation)
    if (input.kind === 'prior_transaction') {
      // Declared for customers.create (C2/C3); the capabilities cannot say "create only", so
      // this is a Validation with the reason rather than Unsupported.
      return fail(
        validationError(ctx, [
          {
            path: 'input.kind',
            message:
              'PayTrace makes a profile from a prior transaction only at customers.create (C2/C3); it cannot add one to an existing profile',
          },
        ]),
      )
    }
    if (input.kind === 'wallet') {
      return fail(unsupported(ctx, 'PayTrace stores no wallet tokens'))
    }
    const target = input.kind === 'bank_account' ? CHECK_ID : CARD_ID
    const extraWarnings =
      options?.makeDefault === true
        ? [
            warning(
              'no_default',
              'PayTrace has no default payment method to set',
              'options.makeDefault',
            ),
          ]
        : []
    return withStored(
      operation,
      cid,
      (n, stored): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
        if (stored.paymentMethods.some((m) => m.id === target)) {
          return fail(
            vaultError(
              'Conflict',
              ctx,
              `customer ${cid} already has a ${target === CARD_ID ? 'card' : 'check'}; a PayTrace profile holds one`,
            ),
          )
        }
        if (input.kind === 'gateway_token') {
          const encKey = input.extras?.['enc_key']
          if (encKey === undefined || encKey === '') {
            return fail(
              validationError(ctx, [
                { path: 'input.extras.enc_key', message: 'a Protect.js token needs its enc_key' },
              ]),
            )
          }
          return pipe(
            wire.call(
              {
                operation,
                route: 'customerUpdateProtect',
                params: { customer_id: String(n) },
                json: { hpf_token: input.token, enc_key: encKey, ...merchant },
                idempotent: true,
              },
              WireCustomerResponse,
            ),
            TE.chain((r) => settle(operation, n, r.data)),
            TE.chain(methodResult(operation, CARD_ID)),
            TE.map((m) =>
              written(m, [
                ...tokenWarnings(input.holderName, input.extras, 'input'),
                ...extraWarnings,
              ]),
            ),
          )
        }
        const slot = paymentSlot(input, 'input')
        if (E.isLeft(slot)) {
          return fail(validationError(ctx, [{ path: 'input', message: slot.left }]))
        }
        return pipe(
          patchCustomer(operation, n, slot.right.body, slot.right.secrets),
          TE.chain(methodResult(operation, target)),
          TE.map((m) => written(m, [...slot.right.warnings, ...extraWarnings])),
        )
      },
    )
  }

  const listPaymentMethods = (cid: string) =>
    pipe(
      getWire('paymentMethods.list', cid),
      TE.map((w) => customerFromWire(w).paymentMethods),
    )

  // ---- recurrences

  const createRecurrence = (input: RecurrenceInput) => {
    const operation = 'recurrences.create'
    const body = recurrenceInputToWire(input)
    if (E.isLeft(body)) return fail(validationError(ctxOf(operation), body.left))
    return withId(
      operation,
      'customer',
      input.customerId,
    )((n) =>
      pipe(
        wire.call(
          {
            operation,
            route: 'recurrenceCreate',
            json: { customer_id: n, recurrence: body.right.wire, ...merchant },
            idempotent: false,
          },
          WireRecurrenceCreated,
        ),
        TE.chain((r) =>
          'recurrence_id' in r.data && !('id' in r.data)
            ? getRecurrence(operation, String(r.data.recurrence_id))
            : TE.fromEither(recurrenceOrFail(operation, r.data as WireRecurrence)),
        ),
        TE.map((r) => written(r, body.right.warnings)),
      ),
    )
  }

  const getRecurrence = (operation: string, id: string) =>
    withId(
      operation,
      'recurrence',
      id,
    )((n) =>
      pipe(
        wire.call(
          {
            operation,
            route: 'recurrenceExportById',
            params: { recurrence_id: String(n) },
            idempotent: true,
          },
          WireRecurrenceResponse,
        ),
        TE.chainEitherK((r) =>
          recurrenceOrFail(operation, 'recurrence' in r.data ? r.data.recurrence : r.data),
        ),
      ),
    )

  const updateRecurrence = (id: string, patch: RecurrencePatch) => {
    const operation = 'recurrences.update'
    const body = recurrencePatchToWire(patch)
    if (E.isLeft(body)) return fail(validationError(ctxOf(operation), body.left))
    return withId(
      operation,
      'recurrence',
      id,
    )((n) =>
      pipe(
        wire.call(
          {
            operation,
            route: 'recurrenceUpdate',
            json: {
              recurrence: { ...body.right.wire.recurrence, id: String(n) },
              ...merchant,
              ...(body.right.wire.nextDate === undefined
                ? {}
                : { next_date: body.right.wire.nextDate }),
            },
            idempotent: true,
          },
          WireRecurrenceResponse,
        ),
        TE.chainEitherK((r) =>
          recurrenceOrFail(operation, 'recurrence' in r.data ? r.data.recurrence : r.data),
        ),
        TE.map((r) => written(r, body.right.warnings)),
      ),
    )
  }

  const deleteRecurrence = (id: string) =>
    withId(
      'recurrences.delete',
      'recurrence',
      id,
    )((n) =>
      pipe(
        wire.call(
          {
            operation: 'recurrences.delete',
            route: 'recurrenceDelete',
            json: { recurrence: { id: String(n) }, ...merchant },
            idempotent: true,
          },
          WireAck,
        ),
        TE.map(() => undefined),
      ),
    )

  const exportRecurrences = (
    operation: string,
    cid: string,
    q: RecurrenceExportQuery,
  ): TE.TaskEither<VaultError, Page<Recurrence>> => {
    const limit = q.limit ?? DEFAULT_PAGE
    const offset = q.offset ?? 0
    return withId(
      operation,
      'customer',
      cid,
    )((n) =>
      pipe(
        wire.call(
          {
            operation,
            route: 'recurrenceExportByCustomer',
            params: { customer_id: String(n) },
            json: {
              ...merchant,
              ...(q.reference === undefined ? {} : { customer_label: q.reference }),
              ...(q.recurrenceId === undefined ? {} : { recurrence: { id: q.recurrenceId } }),
              limit,
              offset,
            },
            idempotent: true,
          },
          WireRecurrenceListResponse,
        ),
        TE.chainEitherK((l) => {
          const { items, total } = itemsOfRecurrences(l)
          return E.map((rs: Recurrence[]) => pageOf(rs, offset, limit, total))(
            recurrencesOrFail(operation, items),
          )
        }),
      ),
    )
  }

  const listRecurrences = (cid: string, query: ListQuery = {}) => {
    const operation = 'recurrences.listByCustomer'
    const offset = readOffsetCursor(query.cursor)
    if (offset === undefined) {
      return fail(
        validationError(ctxOf(operation), [
          { path: 'cursor', message: 'is not a PayTrace cursor' },
        ]),
      )
    }
    return exportRecurrences(operation, cid, { offset, limit: query.pageSize ?? DEFAULT_PAGE })
  }

  // ---- extras

  const extras: PayTraceExtras = {
    exportCustomers: (filter) => exportCustomers('paytrace.exportCustomers', filter),
    getAchCustomer: (cid) =>
      withId(
        'paytrace.getAchCustomer',
        'customer',
        cid,
      )((n) =>
        pipe(
          wire.call(
            {
              operation: 'paytrace.getAchCustomer',
              route: 'customerGetAch',
              params: { customer_id: String(n) },
              idempotent: true,
            },
            WireCustomerResponse,
          ),
          TE.map((r) => customerFromWire(r.data)),
        ),
      ),
    updateCustomerWithProtect: (cid, update) => {
      const operation = 'paytrace.updateCustomerWithProtect'
      const body = customerPatchToWire(update.patch ?? {}, merchantId)
      return withId(
        operation,
        'customer',
        cid,
      )((n) =>
        pipe(
          wire.call(
            {
              operation,
              route: 'customerUpdateProtect',
              params: { customer_id: String(n) },
              json: { hpf_token: update.hpfToken, enc_key: update.encKey, ...body.wire },
              idempotent: true,
            },
            WireCustomerResponse,
          ),
          TE.chain((r) => settle(operation, n, r.data)),
          TE.map((c) => written(c, body.warnings)),
        ),
      )
    },
    listRecurrencesByCustomer: (cid) => {
      const operation = 'paytrace.listRecurrencesByCustomer'
      return withId(
        operation,
        'customer',
        cid,
      )((n) =>
        pipe(
          wire.call(
            {
              operation,
              route: 'recurrenceListByCustomer',
              params: { customer_id: String(n) },
              idempotent: true,
            },
            WireRecurrenceListResponse,
          ),
          TE.chainEitherK((l) => recurrencesOrFail(operation, itemsOfRecurrences(l).items)),
        ),
      )
    },
    exportRecurrencesByCustomer: (cid, q = {}) => {
      const operation = 'paytrace.exportRecurrencesByCustomer'
      if (q.limit !== undefined && !(Number.isInteger(q.limit) && q.limit >= 1 && q.limit <= 50)) {
        return fail(
          validationError(ctxOf(operation), [{ path: 'limit', message: 'must be 1 to 50' }]),
        )
      }
      if (q.offset !== undefined && !(Number.isInteger(q.offset) && q.offset >= 0)) {
        return fail(
          validationError(ctxOf(operation), [{ path: 'offset', message: 'must be 0 or more' }]),
        )
      }
      return exportRecurrences(operation, cid, q)
    },
    exportRecurrence: (id) => getRecurrence('paytrace.exportRecurrence', id),
    lastApprovedRecurringTransaction: (cid) => {
      const operation = 'paytrace.lastApprovedRecurringTransaction'
      return withId(
        operation,
        'customer',
        cid,
      )((n) =>
        pipe(
          wire.call(
            {
              operation,
              route: 'recurrenceExportApproved',
              params: { customer_id: String(n) },
              idempotent: true,
            },
            WireApprovedResponse,
          ),
          TE.chainEitherK((r) => approvedOf(operation, r.data)),
        ),
      )
    },
    streamCustomers: async function* (query = {}) {
      let cursor = query.cursor
      for (;;) {
        const page = await listCustomers(
          cursor === undefined ? { ...query } : { ...query, cursor },
        )()
        if (E.isLeft(page)) {
          yield page
          return
        }
        for (const item of page.right.items) yield E.right(item)
        if (page.right.nextCursor === undefined || page.right.nextCursor === cursor) return
        cursor = page.right.nextCursor
      }
    },
  }

  const vault = defineVault({
    capabilities: payTraceCapabilities,
    now,
    ports: {
      customers: {
        create: createCustomer,
        get: getCustomer,
        findByReference,
        update: updateCustomer,
        delete: deleteCustomer,
        list: listCustomers,
      },
      addresses: { add: addAddress, update: updateAddress, remove: removeAddress },
      paymentMethods: { add: addPaymentMethod, list: listPaymentMethods },
      recurrences: {
        create: createRecurrence,
        get: (id) => getRecurrence('recurrences.get', id),
        update: updateRecurrence,
        delete: deleteRecurrence,
        listByCustomer: listRecurrences,
      },
    },
  })
  return { ...vault, paytrace: extras }
}

// ---- small translations kept beside their only caller

const summaryOf = (c: Customer): CustomerSummary => ({
  id: c.id,
  ...(c.reference === undefined ? {} : { reference: c.reference }),
  ...(c.name === undefined ? {} : { name: c.name }),
  ...(c.email === undefined ? {} : { email: c.email }),
  ...(c.phone === undefined ? {} : { phone: c.phone }),
  ...(c.createdAt === undefined ? {} : { createdAt: c.createdAt }),
  ...(c.updatedAt === undefined ? {} : { updatedAt: c.updatedAt }),
})

const withoutMerchant = (body: Record<string, unknown>): Record<string, unknown> => {
  const { merchant_id: _m, ...rest } = body
  return rest
}

const tokenWarnings = (
  holderName: string | undefined,
  extras: Readonly<Record<string, string>> | undefined,
  at: string,
): Warning[] => [
  ...(holderName === undefined
    ? []
    : [
        warning(
          'field_dropped',
          'PayTrace has no place for a card holder name',
          `${at}.holderName`,
        ),
      ]),
  ...Object.keys(extras ?? {})
    .filter((k) => k !== 'enc_key')
    .map((k) =>
      warning('field_dropped', `PayTrace's Protect.js create takes no "${k}"`, `${at}.extras.${k}`),
    ),
]

const approvedOf = (
  operation: string,
  w: WireApprovedRecurringTransaction,
): E.Either<VaultError, ApprovedRecurringTransaction> => {
  const amount = w.amount === undefined ? undefined : amountOf(w.amount)
  if (amount !== undefined && E.isLeft(amount)) {
    return E.left(unexpectedResponse(ctxOf(operation), `PayTrace approved run: ${amount.left}`))
  }
  const date = w.date === undefined || w.date === null ? undefined : wireDateToIsoSafe(w.date)
  const code = w.response_code === undefined ? undefined : Number(w.response_code)
  return E.right({
    transactionId: String(w.transaction_id),
    ...(w.recurrence_id === undefined ? {} : { recurrenceId: String(w.recurrence_id) }),
    ...(w.customer_id === undefined ? {} : { customerId: String(w.customer_id) }),
    ...(amount === undefined ? {} : { amount: { amount: amount.right, currency: 'USD' as const } }),
    ...(code === undefined || !Number.isFinite(code) ? {} : { responseCode: code }),
    ...(w.status_message === undefined || w.status_message === null
      ? {}
      : { statusMessage: w.status_message }),
    ...(w.approval_code === undefined || w.approval_code === null
      ? {}
      : { approvalCode: w.approval_code }),
    ...(date === undefined ? {} : { date }),
  })
}

const amountOf = (v: number | string): E.Either<string, number> =>
  E.map((m: { amount: number }) => m.amount)(amountFromWire(v))

const wireDateToIsoSafe = (s: string): string | undefined => {
  const r = wireDateToIso(s)
  return E.isRight(r) ? r.right : undefined
}
