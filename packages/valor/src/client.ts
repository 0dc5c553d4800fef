/**
 * The Valor vault adapter: `createValorVault(config)`. Every request goes through core's HTTP
 * client (timeouts, retries of idempotent requests only, limits, transcripts, redaction) and
 * every answer through one envelope decoder (`readEnvelope`): success is decided by the body,
 * never by the HTTP status alone.
 *
 * Composite operations (what one port call costs):
 * - `customers.get` = V11 get customer + V12 list cards + V13 list ACH (3 requests);
 * - `customers.create` = V1 (+ the first payment method's add) + the 3 reads of `get`;
 * - `customers.update` = V5 + `get`;
 * - `addresses.add` / `update` = V11 + V5 + V11; `addresses.remove` = V11 + V16;
 * - `paymentMethods.add` / `update` = the write + V12 (or V13) to read the result back.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import * as t from 'io-ts'
import {
  createHttpClient,
  decodeJson,
  defineVault,
  IsoDate,
  notFound,
  offsetCursor,
  operationNames,
  parseJson,
  readOffsetCursor,
  staticHeaders,
  unexpectedResponse,
  unsupported,
  validationError,
  vaultError,
  warning,
  written,
  type Address,
  type AddressInput,
  type AddressPatch,
  type AddPaymentMethodOptions,
  type Customer,
  type CustomerId,
  type CustomerInput,
  type CustomerPatch,
  type CustomerSummary,
  type ErrorContext,
  type FieldIssue,
  type HttpClient,
  type HttpResponse,
  type ListQuery,
  type Page,
  type PaymentMethod,
  type PaymentMethodInput,
  type PaymentMethodPatch,
  type QueryValue,
  type Vault,
  type VaultError,
  type Warning,
  type Written,
  type AddressId,
  type PaymentMethodId,
  type AdapterHttpOptions,
} from '@vaultport/core'
import { valorCapabilities, type ValorCapabilities } from './capabilities'
import { failureToError, fieldScopes, type Failure, type FieldScope } from './errors'
import {
  defaultQueryNames,
  fillPath,
  resolveRoutes,
  type PathParams,
  type RouteName,
  type RouteOverrides,
  type RouteTable,
} from './routes'
import {
  achBody,
  addressFromHalf,
  bankAccountFromWire,
  cardBody,
  cardFromWire,
  cardPatchBody,
  customerBody,
  customerFromWire,
  entriesFromAddresses,
  entryLabel,
  halfFromAddress,
  halfPresent,
  isWireId,
  nameIssues,
  pageCursor,
  parseAddressId,
  parsePaymentMethodId,
  readPageCursor,
  summaryFromWire,
  textOf,
  transactionFromWire,
  type PaymentRail,
  type ValorTransaction,
} from './translate'
import {
  AchWritten,
  CustomerWritten,
  GetCustomerResponse,
  ListAchResponse,
  ListCardsResponse,
  ListCustomersResponse,
  PaymentWritten,
  readEnvelope,
  TransactionsResponse,
  type AddressEntry,
  type CustomerDetail,
  idText,
  sameId,
} from './wire'

// ---- config

export const valorHosts = {
  sandbox: 'https://demo.valorpaytech.com',
  production: 'https://online.valorpaytech.com',
} as const

export type ValorEnvironment = keyof typeof valorHosts

/** Core's HTTP client options: timeouts, retry policy, limits, transcripts, transport. */
export type ValorHttpOptions = AdapterHttpOptions

export interface ValorConfig {
  /** Picks the host when `baseUrl` is absent. Default `sandbox`. */
  readonly environment?: ValorEnvironment
  /** Overrides `environment`: a white-label host or the local simulator. */
  readonly baseUrl?: string
  /** `Valor-App-ID` (32 characters in Valor's portal). */
  readonly appId: string
  /** `Valor-App-Key` (32 characters in Valor's portal). */
  readonly appKey: string
  /** Replace guessed paths once Valor's pages are read (see `defaultRoutes`). */
  readonly routes?: RouteOverrides
  readonly http?: ValorHttpOptions
  /** The clock expiry checks use. */
  readonly now?: () => Date
}

// ---- the extension

export interface CustomerTransactionsQuery {
  /** First day, `YYYY-MM-DD` (sent as `start_date`). */
  readonly from?: string
  /** Last day, `YYYY-MM-DD` (sent as `end_date`). */
  readonly to?: string
  /** From a previous page's `nextCursor`. */
  readonly cursor?: string
  /** 1–100; default 25. */
  readonly pageSize?: number
}

export interface ValorExtensions {
  /** V6: the customer's transactions, paged and filtered by date: outside the common ports. */
  readonly listCustomerTransactions: (
    customerId: string,
    query?: CustomerTransactionsQuery,
  ) => TE.TaskEither<VaultError, Page<ValorTransaction>>
  /**
   * V16: deletes a whole address entry, both halves (`<entryId>:billing` and `:shipping`). The
   * way to remove a half whose partner is in use (`addresses.remove` answers Conflict there).
   */
  readonly removeAddressEntry: (
    customerId: string,
    entryId: string,
  ) => TE.TaskEither<VaultError, void>
}

export type ValorVault = Vault<ValorCapabilities> & {
  readonly valor: ValorExtensions
  /** The route table in use (defaults plus configured overrides). */
  readonly routes: RouteTable
}

// ---- utils

const GATEWAY = 'valor'
type Task<A> = TE.TaskEither<VaultError, A>

const ctxOf = (operation: string): ErrorContext => ({ gateway: GATEWAY, operation })

const rejectIfIssues = <A>(
  op: string,
  issues: ReadonlyArray<FieldIssue>,
  next: () => Task<A>,
): Task<A> => (issues.length > 0 ? TE.left(validationError(ctxOf(op), issues)) : next())

interface Request {
  readonly op: string
  readonly route: RouteName
  readonly params?: PathParams
  readonly json?: unknown
  readonly query?: Readonly<Record<string, QueryValue>>
  readonly scope?: FieldScope
}

const NO_CHANGES = /no changes detected/i

/** A failure body and the HTTP answer it came in (for the error's evidence). */
interface Refusal {
  readonly failure: Failure
  readonly res: HttpResponse
}

// ---- constructor

export const createValorVault = (config: ValorConfig): ValorVault => {
  const settings = checkConfig(config)
  if (E.isLeft(settings)) return brokenVault(settings.left)
  const { baseUrl, routes } = settings.right
  const http: HttpClient = createHttpClient({
    gateway: GATEWAY,
    baseUrl,
    auth: staticHeaders({ 'Valor-App-ID': config.appId, 'Valor-App-Key': config.appKey }),
    ...(config.http ?? {}),
  })

  // -- one request, one envelope

  /** Sends; Right(Left(refusal)) when Valor answered with a failure body. */
  const attempt = <A>(
    req: Request,
    codec: t.Type<A, unknown, unknown>,
  ): Task<E.Either<Refusal, A>> => {
    const route = routes[req.route]
    const ctx = ctxOf(req.op)
    return pipe(
      http.send({
        operation: req.op,
        method: route.method,
        path: fillPath(route, req.params ?? {}),
        ...(req.query === undefined ? {} : { query: req.query }),
        ...(req.json === undefined ? {} : { json: req.json }),
        idempotent: route.method !== 'POST',
      }),
      TE.chainEitherK((res) => read(ctx, res, codec)),
    )
  }

  const read = <A>(
    ctx: ErrorContext,
    res: HttpResponse,
    codec: t.Type<A, unknown, unknown>,
  ): E.Either<VaultError, E.Either<Refusal, A>> => {
    const redactor = http.redactor()
    return pipe(
      parseJson(ctx, redactor, res),
      E.chain((json) =>
        pipe(
          readEnvelope(json),
          E.mapLeft((why) =>
            unexpectedResponse(ctx, `Valor answered HTTP ${res.status}, but ${why}`, {
              httpStatus: res.status,
              rawBody: redactor.text(res.body).slice(0, 2000),
            }),
          ),
          E.chain((verdict) =>
            verdict.ok
              ? E.map((a: A) => E.right(a) as E.Either<Refusal, A>)(
                  decodeJson(codec, ctx, redactor, res)(json),
                )
              : E.right(E.left({ failure: verdict, res })),
          ),
        ),
      ),
    )
  }

  const call = <A>(req: Request, codec: t.Type<A, unknown, unknown>): Task<A> =>
    pipe(attempt(req, codec), TE.chainEitherK(E.mapLeft((f) => toError(req, f))))

  const toError = (req: Request, r: Refusal): VaultError =>
    failureToError(
      ctxOf(req.op),
      http.redactor(),
      r.res,
      r.failure,
      req.scope ?? fieldScopes.customer,
    )

  // -- reads shared by several operations

  const customerDetail = (op: string, id: string): Task<CustomerDetail> =>
    pipe(
      call({ op, route: 'getCustomer', params: { customer: id } }, GetCustomerResponse),
      TE.map((r) => r.data),
    )

  const listCards = (op: string, id: string): Task<ReadonlyArray<PaymentMethod>> =>
    pipe(
      call({ op, route: 'listCards', params: { customer: id } }, ListCardsResponse),
      TE.chainEitherK((r) => collect(op, r.data ?? [], cardFromWire)),
    )

  const listAch = (op: string, id: string): Task<ReadonlyArray<PaymentMethod>> =>
    pipe(
      call({ op, route: 'listAch', params: { customer: id } }, ListAchResponse),
      TE.chainEitherK((r) => collect(op, r.data ?? [], bankAccountFromWire)),
    )

  const listPaymentMethods = (op: string, id: string): Task<ReadonlyArray<PaymentMethod>> =>
    pipe(
      TE.Do,
      TE.apS('cards', listCards(op, id)),
      TE.apS('ach', listAch(op, id)),
      TE.map(({ cards, ach }) => [...cards, ...ach]),
    )

  const getCustomer = (op: string, id: string): Task<Customer> =>
    !isWireId(id)
      ? TE.left(notFound(ctxOf(op), `Valor customer ${id}`))
      : pipe(
          TE.Do,
          TE.apS('detail', customerDetail(op, id)),
          TE.apS('methods', listPaymentMethods(op, id)),
          TE.map(({ detail, methods }) => customerFromWire(detail, methods)),
        )

  const readPaymentMethod = (
    op: string,
    customer: string,
    rail: PaymentRail,
    id: string,
  ): Task<PaymentMethod> =>
    pipe(
      rail === 'card' ? listCards(op, customer) : listAch(op, customer),
      TE.chain((methods) => {
        const want = `${rail}:${id}`
        const found = methods.find((m) => m.id === want)
        return found === undefined
          ? TE.left(notFound(ctxOf(op), `Valor payment method ${want}`))
          : TE.right(found)
      }),
    )

  // -- customers

  const createCustomer = (input: CustomerInput): Task<Written<Customer>> => {
    const op = 'customers.create'
    const entries = entriesFromAddresses(input.addresses ?? [])
    const issues = [
      ...(input.name === undefined
        ? [{ path: 'name', message: 'Valor requires a customer name' }]
        : nameIssues('name', input.name)),
      ...holderIssues('paymentMethod', input.paymentMethod),
      ...(entries.value.length > 5
        ? [
            {
              path: 'addresses',
              message: `Valor keeps at most 5 address entries (billing+shipping pairs by label); these need ${entries.value.length}`,
            },
          ]
        : []),
    ]
    return rejectIfIssues(op, issues, () => {
      const fields = customerBody(input)
      const body = {
        ...fields.value,
        ...(entries.value.length === 0 ? {} : { address_details: entries.value }),
      }
      const warnings: Warning[] = [...fields.warnings, ...entries.warnings]
      return pipe(
        call(
          { op, route: 'addCustomer', json: body, scope: fieldScopes.customer },
          CustomerWritten,
        ),
        TE.map((r) => idText(r.vault_customer_id)),
        TE.chain((id) =>
          input.paymentMethod === undefined
            ? TE.right(id)
            : pipe(
                addMethod(op, id, input.paymentMethod, fieldScopes.customer, 'paymentMethod.'),
                TE.map((w) => {
                  warnings.push(...w.warnings)
                  return id
                }),
                TE.orElse((e) => rollBack<string>(op, id, e)),
              ),
        ),
        TE.chain((id) => getCustomer(op, id)),
        TE.map((c) => written(c, warnings)),
      )
    })
  }

  /** A first payment method failed: delete the new customer so no half-made record stays. */
  const rollBack =
    <A>(op: string, id: string, cause: VaultError): Task<A> =>
    async () => {
      const undone = await call(
        { op, route: 'deleteCustomer', params: { customer: id } },
        AnyBody,
      )()
      const note = E.isRight(undone)
        ? `; customer ${id}, created just before, was deleted again`
        : `; customer ${id}, created just before, could not be deleted (${undone.left.kind}): delete it`
      return E.left({ ...cause, message: cause.message + note } as VaultError)
    }

  const updateCustomer = (id: CustomerId, patch: CustomerPatch): Task<Written<Customer>> => {
    const op = 'customers.update'
    if (!isWireId(id)) return TE.left(notFound(ctxOf(op), `Valor customer ${id}`))
    return rejectIfIssues(op, nameIssues('name', patch.name), () => {
      const fields = customerBody(patch)
      const warnings = [
        ...fields.warnings,
        ...(patch.defaults !== undefined && Object.keys(patch.defaults).length > 0
          ? [
              warning(
                'defaults_unsupported',
                'Valor keeps no default address or payment method; defaults were not stored',
                'defaults',
              ),
            ]
          : []),
      ]
      const send: Task<unknown> =
        Object.keys(fields.value).length === 0
          ? TE.right(undefined)
          : call(
              {
                op,
                route: 'editCustomer',
                params: { customer: id },
                json: fields.value,
                scope: fieldScopes.customer,
              },
              CustomerWritten,
            )
      return pipe(
        send,
        TE.chain(() => getCustomer(op, id)),
        TE.map((c) => written(c, warnings)),
      )
    })
  }

  const deleteCustomer = (id: CustomerId): Task<void> => {
    const op = 'customers.delete'
    if (!isWireId(id)) return TE.left(notFound(ctxOf(op), `Valor customer ${id}`))
    return pipe(
      call({ op, route: 'deleteCustomer', params: { customer: id } }, AnyBody),
      TE.map(() => undefined),
    )
  }

  const listCustomers = (query: ListQuery = {}): Task<Page<CustomerSummary>> => {
    const op = 'customers.list'
    const cursor = readPageCursor(query.cursor)
    if (cursor === undefined) {
      return TE.left(
        validationError(ctxOf(op), [{ path: 'cursor', message: 'is not a Valor cursor' }]),
      )
    }
    const filter = query.filter ?? {}
    if (filter.reference !== undefined) {
      return TE.left(
        unsupported(ctxOf(op), 'Valor customers have no merchant reference to filter by'),
      )
    }
    if (filter.changedSince !== undefined) {
      return TE.left(unsupported(ctxOf(op), 'Valor customers carry no change timestamps'))
    }
    const size = cursor.size ?? query.pageSize ?? DEFAULT_PAGE_SIZE
    const names = defaultQueryNames.listCustomers
    const keep = (s: CustomerSummary) =>
      (filter.name === undefined || s.name === filter.name) &&
      (filter.email === undefined || s.email?.toLowerCase() === filter.email.toLowerCase())
    return pipe(
      call(
        {
          op,
          route: 'listCustomers',
          query: { [names.page]: cursor.page, [names.pageSize]: size },
        },
        ListCustomersResponse,
      ),
      TE.map((r) => {
        const items = r.data.customers.map(summaryFromWire)
        const more =
          r.total_pages !== undefined ? cursor.page < r.total_pages : items.length >= size
        const filtered = filter.name === undefined && filter.email === undefined
        return {
          items: filtered ? items : items.filter(keep),
          ...(more && items.length > 0 ? { nextCursor: pageCursor(cursor.page + 1, size) } : {}),
          ...(filtered && r.total_count !== undefined ? { totalCount: r.total_count } : {}),
        }
      }),
    )
  }

  // -- addresses

  const editEntries = (op: string, customer: string, entries: ReadonlyArray<unknown>) =>
    call(
      {
        op,
        route: 'editCustomer',
        params: { customer },
        json: { address_details: entries },
        scope: fieldScopes.address,
      },
      CustomerWritten,
    )

  const findHalf = (
    op: string,
    detail: CustomerDetail,
    entryId: string,
    role: 'billing' | 'shipping',
  ): E.Either<VaultError, AddressEntry> => {
    const entry = (detail.address_details ?? []).find((e) => sameId(e.address_id, entryId))
    return entry !== undefined && halfPresent(entry, role)
      ? E.right(entry)
      : E.left(notFound(ctxOf(op), `Valor address ${entryId}:${role}`))
  }

  const readBackHalf = (
    op: string,
    customer: string,
    pick: (e: AddressEntry) => boolean,
    role: 'billing' | 'shipping',
  ): Task<Address> =>
    pipe(
      customerDetail(op, customer),
      TE.chain((d) => {
        const entry = (d.address_details ?? []).find(pick)
        const a = entry === undefined ? undefined : addressFromHalf(entry, role)
        return a === undefined
          ? TE.left(unexpectedResponse(ctxOf(op), 'Valor did not show the address it accepted'))
          : TE.right(a)
      }),
    )

  const addAddress = (customer: CustomerId, input: AddressInput): Task<Written<Address>> => {
    const op = 'addresses.add'
    if (!isWireId(customer)) return TE.left(notFound(ctxOf(op), `Valor customer ${customer}`))
    return pipe(
      customerDetail(op, customer),
      TE.chain((detail) => {
        const entries = detail.address_details ?? []
        const half = halfFromAddress(input.role, input, '')
        const warnings: Warning[] = [...half.warnings]
        const other = input.role === 'billing' ? 'shipping' : 'billing'
        // A labelled entry whose `role` half is empty takes this address as its partner.
        const partner =
          input.label === undefined
            ? undefined
            : entries.find(
                (e) =>
                  e.address_id !== undefined &&
                  textOf(e.address_label) === input.label &&
                  !halfPresent(e, input.role),
              )
        if (partner?.address_id !== undefined) {
          const id = idText(partner.address_id)
          return pipe(
            editEntries(op, customer, [{ address_id: id, ...half.value }]),
            TE.chain(() => readBackHalf(op, customer, (e) => sameId(e.address_id, id), input.role)),
            TE.map((a) => written(a, warnings)),
          )
        }
        const label = entryLabel(
          input.label,
          entries.map((e) => textOf(e.address_label)),
          'label',
        )
        warnings.push(...label.warnings)
        warnings.push(
          warning(
            'address_half_empty',
            `Valor stores billing and shipping as a pair: this entry's ${other} half is left empty`,
          ),
        )
        return pipe(
          editEntries(op, customer, [{ address_label: label.value, ...half.value }]),
          TE.chain(() =>
            readBackHalf(op, customer, (e) => textOf(e.address_label) === label.value, input.role),
          ),
          TE.map((a) => written(a, warnings)),
        )
      }),
    )
  }

  const updateAddress = (
    customer: CustomerId,
    id: AddressId,
    patch: AddressPatch,
  ): Task<Written<Address>> => {
    const op = 'addresses.update'
    const parsed = parseAddressId(id)
    if (!isWireId(customer) || parsed === undefined) {
      return TE.left(notFound(ctxOf(op), `Valor address ${id}`))
    }
    const { entryId, role } = parsed
    return pipe(
      customerDetail(op, customer),
      TE.chainEitherK((d) => findHalf(op, d, entryId, role)),
      TE.chain((entry) => {
        const half = halfFromAddress(role, patch, '')
        const other = role === 'billing' ? 'shipping' : 'billing'
        const warnings: Warning[] = [...half.warnings]
        if (patch.label !== undefined && halfPresent(entry, other)) {
          warnings.push(
            warning(
              'address_label_shared',
              `Valor keeps one label per entry: the ${other} half (${entryId}:${other}) was relabelled too`,
              'label',
            ),
          )
        }
        const change = {
          ...(patch.label === undefined ? {} : { address_label: patch.label }),
          ...half.value,
        }
        const write =
          Object.keys(change).length === 0
            ? TE.right(undefined)
            : pipe(
                editEntries(op, customer, [{ address_id: entryId, ...change }]),
                TE.map(() => undefined),
              )
        return pipe(
          write,
          TE.chain(() => readBackHalf(op, customer, (e) => sameId(e.address_id, entryId), role)),
          TE.map((a) => written(a, warnings)),
        )
      }),
    )
  }

  /**
   * Removing one half: when the other half is empty the whole entry goes (V16). When the other
   * half is in use, Valor cannot empty one half (its zip and state rules refuse empty values)
   * and V16 would delete both: Conflict, pointing at `valor.removeAddressEntry`.
   */
  const removeAddress = (customer: CustomerId, id: AddressId): Task<void> => {
    const op = 'addresses.remove'
    const parsed = parseAddressId(id)
    if (!isWireId(customer) || parsed === undefined) {
      return TE.left(notFound(ctxOf(op), `Valor address ${id}`))
    }
    const { entryId, role } = parsed
    const other = role === 'billing' ? 'shipping' : 'billing'
    return pipe(
      customerDetail(op, customer),
      TE.chainEitherK((d) => findHalf(op, d, entryId, role)),
      TE.chain((entry) =>
        halfPresent(entry, other)
          ? TE.left(
              vaultError(
                'Conflict',
                ctxOf(op),
                `Valor keeps ${id} in one entry with ${entryId}:${other} and cannot empty one half; ` +
                  `to delete both, call valor.removeAddressEntry(customerId, '${entryId}'), or update this half instead`,
              ),
            )
          : deleteEntry(op, customer, entryId),
      ),
    )
  }

  const deleteEntry = (op: string, customer: string, entryId: string): Task<void> =>
    pipe(
      call({ op, route: 'deleteAddress', params: { customer, address: entryId } }, AnyBody),
      TE.map(() => undefined),
    )

  /** V16 on a whole entry: both halves go. */
  const removeAddressEntry = (customer: string, entryId: string): Task<void> => {
    const op = 'valor.removeAddressEntry'
    return typeof customer === 'string' &&
      typeof entryId === 'string' &&
      isWireId(customer) &&
      isWireId(entryId)
      ? deleteEntry(op, customer, entryId)
      : TE.left(notFound(ctxOf(op), `Valor address entry ${String(entryId)}`))
  }

  // -- payment methods

  const holderIssues = (at: string, input: PaymentMethodInput | undefined): FieldIssue[] =>
    input !== undefined && (input.kind === 'card' || input.kind === 'gateway_token')
      ? nameIssues(`${at}.holderName`, input.holderName)
      : []

  const addMethod = (
    op: string,
    customer: string,
    input: PaymentMethodInput,
    scope: FieldScope,
    at: string,
  ): Task<Written<PaymentMethod>> => {
    const warnings: Warning[] = []
    const addCardVia = (route: RouteName, json: unknown) =>
      pipe(
        call({ op, route, params: { customer }, json, scope }, PaymentWritten),
        TE.chain((r) => readPaymentMethod(op, customer, 'card', idText(r.payment_id))),
      )
    const written_ = (m: Task<PaymentMethod>) =>
      pipe(
        m,
        TE.map((pm) => written(pm, warnings)),
      )
    switch (input.kind) {
      case 'card':
        return written_(addCardVia('addCard', cardBody(input)))
      case 'bank_account': {
        const body = achBody(input, at)
        warnings.push(...body.warnings)
        return written_(
          pipe(
            call(
              { op, route: 'addAch', params: { customer }, json: body.value, scope },
              AchWritten,
            ),
            TE.chain((r) => readPaymentMethod(op, customer, 'ach', idText(r.ach_profile_id))),
          ),
        )
      }
      case 'gateway_token':
        if (input.rail === 'bank_account') {
          return TE.left(unsupported(ctxOf(op), 'Valor vault tokens are card tokens only'))
        }
        if (input.extras !== undefined && Object.keys(input.extras).length > 0) {
          warnings.push(
            warning(
              'field_dropped',
              'Valor takes no token extras; they were not sent',
              `${at}extras`,
            ),
          )
        }
        return written_(
          addCardVia('addCardFromToken', {
            token: input.token,
            ...(input.holderName === undefined ? {} : { cardholder_name: input.holderName }),
          }),
        )
      case 'prior_transaction':
        if (input.rail === 'bank_account') {
          return TE.left(
            unsupported(ctxOf(op), 'Valor maps card transactions only (addpaymentprofiletxn)'),
          )
        }
        return written_(addCardVia('addCardFromTransaction', { ref_txn_id: input.transactionId }))
      case 'wallet':
        return TE.left(unsupported(ctxOf(op), 'Valor does not store wallet tokens'))
    }
  }

  const addPaymentMethod = (
    customer: CustomerId,
    input: PaymentMethodInput,
    options?: AddPaymentMethodOptions,
  ): Task<Written<PaymentMethod>> => {
    const op = 'paymentMethods.add'
    if (!isWireId(customer)) return TE.left(notFound(ctxOf(op), `Valor customer ${customer}`))
    return rejectIfIssues(op, holderIssues('input', input), () =>
      pipe(
        addMethod(op, customer, input, fieldScopes.paymentMethodInput, 'input.'),
        TE.map((w) =>
          options?.makeDefault === true
            ? written(w.value, [
                ...w.warnings,
                warning(
                  'default_unsupported',
                  'Valor keeps no default payment method; makeDefault was ignored',
                  'options.makeDefault',
                ),
              ])
            : w,
        ),
      ),
    )
  }

  const listPaymentMethodsOp = (customer: CustomerId): Task<ReadonlyArray<PaymentMethod>> => {
    const op = 'paymentMethods.list'
    return isWireId(customer)
      ? listPaymentMethods(op, customer)
      : TE.left(notFound(ctxOf(op), `Valor customer ${customer}`))
  }

  const updatePaymentMethod = (
    customer: CustomerId,
    id: PaymentMethodId,
    patch: PaymentMethodPatch,
  ): Task<Written<PaymentMethod>> => {
    const op = 'paymentMethods.update'
    const parsed = parsePaymentMethodId(id)
    if (!isWireId(customer) || parsed === undefined) {
      return TE.left(notFound(ctxOf(op), `Valor payment method ${id}`))
    }
    const scope = fieldScopes.paymentMethodPatch
    const params = { customer, payment: parsed.id, ach: parsed.id }
    const readBack = () => readPaymentMethod(op, customer, parsed.rail, parsed.id)
    if (parsed.rail === 'card') {
      const misplaced = (['accountType', 'holderType', 'secCode'] as const)
        .filter((k) => patch[k] !== undefined)
        .map((k) => ({ path: k, message: 'is a bank-account field; this is a card' }))
      return rejectIfIssues(
        op,
        [...misplaced, ...nameIssues('holderName', patch.holderName)],
        () => {
          const body = cardPatchBody(patch)
          const steps: Array<Task<unknown>> = [
            ...(Object.keys(body).length === 0
              ? []
              : [call({ op, route: 'updateCard', params, json: body, scope }, PaymentWritten)]),
            ...(patch.status === undefined
              ? []
              : [
                  call(
                    {
                      op,
                      route: 'updateCardStatus',
                      params,
                      json: { status: patch.status },
                      scope,
                    },
                    AnyBody,
                  ),
                ]),
          ]
          return pipe(
            steps.reduce<Task<unknown>>(
              (acc, step) => TE.chain(() => step)(acc),
              TE.right(undefined),
            ),
            TE.chain(readBack),
            TE.map((pm) => written(pm)),
          )
        },
      )
    }
    if (patch.expiry !== undefined) {
      return TE.left(
        validationError(ctxOf(op), [{ path: 'expiry', message: 'a bank account has no expiry' }]),
      )
    }
    if (patch.status === 'inactive') {
      return TE.left(unsupported(ctxOf(op), 'Valor ACH profiles have no status'))
    }
    const body = achBody(patch, '')
    const write =
      Object.keys(body.value).length === 0
        ? TE.right(undefined)
        : pipe(
            attempt({ op, route: 'updateAch', params, json: body.value, scope }, AchWritten),
            TE.chainEitherK(
              E.foldW(
                // "No changes detected" is Valor saying the profile already holds this data.
                (r): E.Either<VaultError, undefined> =>
                  r.failure.messages.some((m) => NO_CHANGES.test(m))
                    ? E.right(undefined)
                    : E.left(toError({ op, route: 'updateAch', scope }, r)),
                () => E.right(undefined),
              ),
            ),
          )
    return pipe(
      write,
      TE.chain(readBack),
      TE.map((pm) => written(pm, body.warnings)),
    )
  }

  const removePaymentMethod = (customer: CustomerId, id: PaymentMethodId): Task<void> => {
    const op = 'paymentMethods.remove'
    const parsed = parsePaymentMethodId(id)
    if (!isWireId(customer) || parsed === undefined) {
      return TE.left(notFound(ctxOf(op), `Valor payment method ${id}`))
    }
    return pipe(
      call(
        parsed.rail === 'card'
          ? { op, route: 'deleteCard', params: { customer, payment: parsed.id } }
          : { op, route: 'deleteAch', params: { customer, ach: parsed.id } },
        AnyBody,
      ),
      TE.map(() => undefined),
    )
  }

  // -- the extension

  const listCustomerTransactions = (
    customer: string,
    query: CustomerTransactionsQuery = {},
  ): Task<Page<ValorTransaction>> => {
    const op = 'valor.listCustomerTransactions'
    const issues = transactionQueryIssues(query)
    if (issues.length > 0) return TE.left(validationError(ctxOf(op), issues))
    if (typeof customer !== 'string' || !isWireId(customer)) {
      return TE.left(notFound(ctxOf(op), `Valor customer ${String(customer)}`))
    }
    const offset = readOffsetCursor(query.cursor) ?? 0
    const limit = query.pageSize ?? 25
    const names = defaultQueryNames.customerTransactions
    return pipe(
      call(
        {
          op,
          route: 'customerTransactions',
          params: { customer },
          query: {
            [names.from]: query.from,
            [names.to]: query.to,
            [names.limit]: limit,
            [names.offset]: offset,
          },
        },
        TransactionsResponse,
      ),
      TE.map((r) => {
        const items = (r.data ?? []).map(transactionFromWire)
        const next = offset + items.length
        const more = r.total_count !== undefined ? next < r.total_count : items.length >= limit
        return {
          items,
          ...(more && items.length > 0 ? { nextCursor: offsetCursor(next) } : {}),
          ...(r.total_count === undefined ? {} : { totalCount: r.total_count }),
        }
      }),
    )
  }

  const vault = defineVault({
    capabilities: valorCapabilities,
    ...(config.now === undefined ? {} : { now: config.now }),
    ports: {
      customers: {
        create: createCustomer,
        get: (id) => getCustomer('customers.get', id),
        update: updateCustomer,
        delete: deleteCustomer,
        list: listCustomers,
      },
      addresses: { add: addAddress, update: updateAddress, remove: removeAddress },
      paymentMethods: {
        add: addPaymentMethod,
        list: listPaymentMethodsOp,
        update: updatePaymentMethod,
        remove: removePaymentMethod,
      },
    },
  })
  return {
    ...vault,
    routes,
    valor: {
      listCustomerTransactions: guardExtension(
        'valor.listCustomerTransactions',
        listCustomerTransactions,
      ),
      removeAddressEntry: guardExtension('valor.removeAddressEntry', removeAddressEntry),
    },
  }
}

// ---- helpers outside the closure

const DEFAULT_PAGE_SIZE = 25

/** Any success body (deletes and status updates answer `message: "Success"` only). */
const AnyBody = t.unknown

const collect = <W, A>(
  op: string,
  items: ReadonlyArray<W>,
  f: (w: W) => E.Either<string, A>,
): E.Either<VaultError, ReadonlyArray<A>> =>
  pipe(
    E.traverseArray(f)(items),
    E.mapLeft((why) =>
      unexpectedResponse(ctxOf(op), `Valor answered an unreadable record: ${why}`),
    ),
  )

const transactionQueryIssues = (q: CustomerTransactionsQuery): FieldIssue[] => {
  if (q === null || typeof q !== 'object') return [{ path: 'query', message: 'must be an object' }]
  const out: FieldIssue[] = []
  for (const k of ['from', 'to'] as const) {
    if (q[k] !== undefined && !IsoDate.is(q[k]))
      out.push({ path: k, message: 'must be YYYY-MM-DD' })
  }
  if (
    q.from !== undefined &&
    q.to !== undefined &&
    IsoDate.is(q.from) &&
    IsoDate.is(q.to) &&
    q.from > q.to
  ) {
    out.push({ path: 'to', message: 'is before from' })
  }
  if (
    q.pageSize !== undefined &&
    (!Number.isInteger(q.pageSize) || q.pageSize < 1 || q.pageSize > 100)
  ) {
    out.push({ path: 'pageSize', message: 'must be an integer from 1 to 100' })
  }
  if (q.cursor !== undefined && readOffsetCursor(q.cursor) === undefined) {
    out.push({ path: 'cursor', message: 'is not a cursor from this listing' })
  }
  return out
}

/** The extension is outside `defineVault`: nothing it throws may escape either. */
const guardExtension =
  <Args extends ReadonlyArray<unknown>, A>(operation: string, f: (...args: Args) => Task<A>) =>
  (...args: Args): Task<A> =>
  async () => {
    try {
      return await f(...args)()
    } catch (e) {
      return E.left(
        unexpectedResponse(
          ctxOf(operation),
          `valor adapter failed unexpectedly: ${e instanceof Error ? e.name : 'error'}`,
        ),
      )
    }
  }

interface Settings {
  readonly baseUrl: string
  readonly routes: RouteTable
}

type ConfigProblem = {
  readonly kind: 'Auth' | 'Validation'
  readonly problems: ReadonlyArray<string>
}

const checkConfig = (config: ValorConfig): E.Either<ConfigProblem, Settings> => {
  if (config === null || typeof config !== 'object') {
    return E.left({ kind: 'Validation', problems: ['the Valor config must be an object'] })
  }
  const auth: string[] = []
  for (const k of ['appId', 'appKey'] as const) {
    const v: unknown = config[k]
    if (typeof v !== 'string' || v.trim() === '') auth.push(`${k} is missing`)
    else if (/\s/.test(v)) auth.push(`${k} contains white space`)
  }
  if (auth.length > 0) return E.left({ kind: 'Auth', problems: auth })
  const problems: string[] = []
  const env = config.environment ?? 'sandbox'
  if (!(env in valorHosts)) problems.push(`environment must be "sandbox" or "production"`)
  const baseUrl = config.baseUrl ?? valorHosts[env as ValorEnvironment] ?? ''
  if (!isHttpUrl(baseUrl)) problems.push('baseUrl must be an http(s) URL')
  const routes = resolveRoutes(config.routes)
  if (E.isLeft(routes)) problems.push(...routes.left)
  if (problems.length > 0 || E.isLeft(routes)) return E.left({ kind: 'Validation', problems })
  return E.right({ baseUrl, routes: routes.right })
}

const isHttpUrl = (s: string): boolean => {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
  } catch {
    return false
  }
}

/** A vault whose every operation answers the configuration problem, before any request. */
const brokenVault = (problem: ConfigProblem): ValorVault => {
  const fail = (operation: string): VaultError => {
    const ctx = ctxOf(operation)
    const message = `invalid Valor configuration: ${problem.problems.join('; ')}`
    return problem.kind === 'Auth'
      ? vaultError('Auth', ctx, message)
      : validationError(
          ctx,
          problem.problems.map((p) => ({ path: 'config', message: p })),
        )
  }
  const ports: Record<string, Record<string, () => Task<never>>> = {}
  for (const name of operationNames()) {
    const [port, op] = name.split('.') as [string, string]
    ports[port] = { ...ports[port], [op]: () => TE.left(fail(name)) }
  }
  const vault = defineVault({ capabilities: valorCapabilities, ports })
  return {
    ...vault,
    routes: E.getOrElse(() => ({}) as RouteTable)(resolveRoutes(undefined)),
    valor: {
      listCustomerTransactions: () => TE.left(fail('valor.listCustomerTransactions')),
      removeAddressEntry: () => TE.left(fail('valor.removeAddressEntry')),
    },
  }
}
