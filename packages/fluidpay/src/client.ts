/**
 * The FluidPay adapter: `createFluidPayVault(config)` builds a `Vault` over FluidPay's
 * `/api/vault` customer vault (or any white-label of it, by base URL), plus FluidPay's own
 * extensions (`fluidpay.search`, `fluidpay.setPaymentMethodFlags`).
 *
 * Every request goes through core's HTTP client (timeouts, retries of idempotent requests only,
 * rate limits, redaction). Writes that answer `data: null` are followed by a read, so each port
 * returns what it promises. Addresses and payment methods cannot be fetched one by one
 * (SPEC-FP): they are read from the customer record.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import type * as t from 'io-ts'
import {
  createHttpClient,
  decodeFast,
  decodeJson,
  defineVault,
  notFound,
  offsetCursor,
  parseJson,
  readOffsetCursor,
  staticHeaders,
  unexpectedResponse,
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
  type PaymentMethodId,
  type PaymentMethodInput,
  type PaymentMethodPatch,
  type Vault,
  type VaultError,
  type Warning,
  type Written,
  type AddressId,
  type AdapterHttpOptions,
  lazyRedactor,
} from '@vaultport/core'
import { FLUIDPAY_REFERENCE_PATTERN, fluidpayCapabilities } from './capabilities'
import { fluidpayError } from './errors'
import {
  fillPath,
  resolveRoutes,
  type RouteName,
  type RouteParams,
  type RouteTable,
} from './routes'
import {
  addressBody,
  addressFieldsOf,
  compact,
  contactAddress,
  createPlan,
  defaultsBody,
  filterCriteria,
  paymentPlan,
  readOptions,
  searchBody,
  storedMethods,
  TEXT_MAX,
  writeExpiry,
  toAddress,
  toAddressFields,
  toCustomer,
  toSummary,
  type FluidPaySearchCriteria,
  type StoredMethod,
} from './translate'
import {
  Envelope,
  MaybeRecord,
  RecordList,
  SummaryRecordList,
  type AddressBody,
  type CustomerRecord,
  type DefaultsBody,
  type UpdateCustomerBody,
} from './wire'

// ---- config

export const FLUIDPAY_BASE_URLS = {
  sandbox: 'https://sandbox.fluidpay.com',
  production: 'https://app.fluidpay.com',
} as const

export type FluidPayEnvironment = keyof typeof FLUIDPAY_BASE_URLS

/** Core's HTTP client options: timeouts, retry policy, limits, transcripts, transport. */
export type FluidPayHttpOptions = AdapterHttpOptions

export interface FluidPayConfig {
  /** Default `sandbox`. Ignored when `baseUrl` is given. */
  readonly environment?: FluidPayEnvironment
  /** Any FluidPay host: a white-label (https://app.example-brand.com) or the local simulator. */
  readonly baseUrl?: string
  /** A secret `api_…` key. A public `pub_…` key is refused before any request. */
  readonly apiKey: string
  readonly routes?: Partial<RouteTable>
  readonly http?: FluidPayHttpOptions
  /** The clock for expiry checks. */
  readonly now?: () => Date
}

const GATEWAY = fluidpayCapabilities.gateway

/** Why a config cannot work, as an error for the given operation; undefined when it can. */
export const configProblem = (
  config: FluidPayConfig,
): ((ctx: ErrorContext) => VaultError) | undefined => {
  const key: unknown = (config as { apiKey?: unknown }).apiKey
  if (typeof key !== 'string' || key.trim() === '') {
    return (ctx) => vaultError('Auth', ctx, 'FluidPay needs an API key: set config.apiKey')
  }
  if (key.trim().startsWith('pub_')) {
    return (ctx) =>
      vaultError(
        'Auth',
        ctx,
        'FluidPay public keys (pub_…) only work with the client-side Tokenizer; the vault needs a secret api_… key',
      )
  }
  const env: unknown = config.environment
  if (env !== undefined && env !== 'sandbox' && env !== 'production') {
    return (ctx) =>
      validationError(ctx, [
        { path: 'config.environment', message: 'must be sandbox or production' },
      ])
  }
  if (config.baseUrl !== undefined && baseUrlOf(config) === undefined) {
    return (ctx) =>
      validationError(ctx, [
        {
          path: 'config.baseUrl',
          message: 'must be an http(s) URL such as https://app.fluidpay.com',
        },
      ])
  }
  return undefined
}

/** The base URL without a trailing slash or `/api` (the routes carry `/api`). */
export const baseUrlOf = (config: FluidPayConfig): string | undefined => {
  const raw = config.baseUrl ?? FLUIDPAY_BASE_URLS[config.environment ?? 'sandbox']
  try {
    const url = new URL(raw)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
    if (url.search !== '' || url.hash !== '' || url.username !== '') return undefined
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '').replace(/\/api$/, '')
  } catch {
    return undefined
  }
}

// ---- the vault type

export interface FluidPaySearchResult {
  readonly customers: ReadonlyArray<Customer>
  readonly totalCount?: number
  /** The offset of the next page, while more match. */
  readonly nextOffset?: number
}

export interface FluidPayExtensions {
  /** F5 with every documented filter, operator and date range. */
  readonly search: (
    criteria: FluidPaySearchCriteria,
  ) => TE.TaskEither<VaultError, FluidPaySearchResult>
  /** Sets a stored payment method's flags ("surcharge_exempt", "locked_security", …). */
  readonly setPaymentMethodFlags: (
    customerId: CustomerId,
    paymentMethodId: PaymentMethodId,
    flags: ReadonlyArray<string>,
  ) => TE.TaskEither<VaultError, Written<PaymentMethod>>
}

export type FluidPayVault = Vault<typeof fluidpayCapabilities> & {
  readonly fluidpay: FluidPayExtensions
}

// ---- the factory

type Op = string

export const createFluidPayVault = (config: FluidPayConfig): FluidPayVault => {
  const problem = configProblem(config)
  const routes = resolveRoutes(config.routes)
  const client: HttpClient | undefined =
    problem === undefined
      ? createHttpClient({
          gateway: GATEWAY,
          baseUrl: baseUrlOf(config) as string,
          auth: staticHeaders({ Authorization: config.apiKey.trim() }),
          ...config.http,
        })
      : undefined
  const ctxOf = (operation: Op): ErrorContext => ({ gateway: GATEWAY, operation })

  // ---- transport

  /** One request, read as a success envelope or mapped through the error table. */
  const call = (
    operation: Op,
    route: RouteName,
    params: RouteParams,
    json?: unknown,
  ): TE.TaskEither<VaultError, { env: Envelope; res: HttpResponse }> => {
    const ctx = ctxOf(operation)
    if (problem !== undefined || client === undefined) {
      return TE.left(problem?.(ctx) ?? unexpectedResponse(ctx, 'FluidPay config is invalid'))
    }
    const r = routes[route]
    const creates = r.method === 'POST' && route.startsWith('create')
    return pipe(
      client.send({
        operation,
        method: r.method,
        path: fillPath(r, params),
        ...(json === undefined ? {} : { json }),
        // Creates are never resent blindly; reads, updates (which set state) and deletes are.
        idempotent: !creates,
      }),
      TE.chainEitherK((res) => readEnvelope(ctx, client, res, json)),
    )
  }

  const readEnvelope = (
    ctx: ErrorContext,
    http: HttpClient,
    res: HttpResponse,
    json: unknown,
  ): E.Either<VaultError, { env: Envelope; res: HttpResponse }> => {
    const redactor = lazyRedactor(() => http.redactor().withSecrets(secretsOf(json)))
    const parsed = parseJson(ctx, redactor, res)
    if (E.isLeft(parsed)) return parsed
    const env = decodeFast(Envelope, parsed.right)
    const ok = res.status >= 200 && res.status < 300
    if (E.isRight(env) && ok && env.right.status === 'success')
      return E.right({ env: env.right, res })
    if (E.isLeft(env) && ok) {
      return pipe(
        decodeJson(Envelope, ctx, redactor, res)(parsed.right),
        E.chain((): E.Either<VaultError, never> =>
          E.left(unexpectedResponse(ctx, 'FluidPay answer is not an envelope')),
        ),
      )
    }
    const msg = E.isRight(env) ? (env.right.msg ?? '') : ''
    return E.left(fluidpayError(ctx, redactor, { status: res.status, msg, res }))
  }

  const dataAs =
    <A>(operation: Op, codec: t.Type<A, unknown, unknown>) =>
    ({ env, res }: { env: Envelope; res: HttpResponse }): E.Either<VaultError, A> =>
      client === undefined
        ? E.left(unexpectedResponse(ctxOf(operation), 'FluidPay config is invalid'))
        : decodeJson(codec, ctxOf(operation), lazyRedactor(client.redactor), res)(env.data)

  const translated =
    (operation: Op) =>
    <A>(r: E.Either<string, A>): E.Either<VaultError, A> =>
      E.mapLeft((why: string) =>
        unexpectedResponse(ctxOf(operation), `FluidPay answer could not be read: ${why}`),
      )(r)

  // ---- reads

  const getRecord = (operation: Op, id: string): TE.TaskEither<VaultError, CustomerRecord> =>
    pipe(
      call(operation, 'getCustomer', { customerId: id }),
      TE.chainEitherK(dataAs(operation, MaybeRecord)),
      TE.chain((rec) =>
        rec === null || rec === undefined
          ? TE.left(
              unexpectedResponse(ctxOf(operation), 'FluidPay answered a read without a customer'),
            )
          : TE.right(rec),
      ),
    )

  /** A write's record, or a fresh read when it answered `data: null`. */
  const recordAfter =
    (
      operation: Op,
      id: string,
    ): ((x: { env: Envelope; res: HttpResponse }) => TE.TaskEither<VaultError, CustomerRecord>) =>
    (x) =>
      pipe(
        TE.fromEither(dataAs(operation, MaybeRecord)(x)),
        TE.chain((rec) =>
          rec === null || rec === undefined || rec.id !== id
            ? getRecord(operation, id)
            : TE.right(rec),
        ),
      )

  const customerOf = (operation: Op) => (rec: CustomerRecord) =>
    TE.fromEither(translated(operation)(toCustomer(rec)))

  const methodsOf = (operation: Op) => (rec: CustomerRecord) =>
    TE.fromEither(translated(operation)(storedMethods(rec)))

  const findMethod = (
    operation: Op,
    rec: CustomerRecord,
    id: PaymentMethodId,
  ): TE.TaskEither<VaultError, StoredMethod> =>
    pipe(
      methodsOf(operation)(rec),
      TE.chain((ms) => {
        const m = ms.find((x) => x.method.id === id)
        return m === undefined
          ? TE.left(notFound(ctxOf(operation), `payment method ${id}`))
          : TE.right(m)
      }),
    )

  const updateDefaults = (
    operation: Op,
    rec: CustomerRecord,
    change: DefaultsBody,
  ): TE.TaskEither<VaultError, CustomerRecord> =>
    pipe(
      call(operation, 'updateCustomer', { customerId: rec.id }, {
        defaults: defaultsBody(rec.data.customer.defaults, change),
      } satisfies UpdateCustomerBody),
      TE.chain(() => getRecord(operation, rec.id)),
    )

  // ---- customers

  const createCustomer = (input: CustomerInput): TE.TaskEither<VaultError, Written<Customer>> => {
    const op = 'customers.create'
    const plan = createPlan(input)
    if (E.isLeft(plan)) return TE.left(validationError(ctxOf(op), plan.left))
    const { body, extraAddresses, notes } = plan.right
    const warnings: Warning[] = [...plan.right.warnings]
    return pipe(
      call(op, 'createCustomer', {}, body),
      TE.chainEitherK(dataAs(op, MaybeRecord)),
      TE.chain((rec) =>
        rec !== null && rec !== undefined
          ? TE.right(rec)
          : body.id !== undefined
            ? getRecord(op, body.id)
            : TE.left(
                unexpectedResponse(ctxOf(op), 'FluidPay created a customer but did not say its id'),
              ),
      ),
      TE.chain((rec) => followUps(op, rec, extraAddresses, notes, warnings)),
      TE.chain(customerOf(op)),
      TE.map((c) => written(c, warnings)),
    )
  }

  /** After a create: the addresses and notes the create body has no room for. */
  const followUps = (
    op: Op,
    rec: CustomerRecord,
    extraAddresses: ReadonlyArray<{ index: number; body: AddressBody }>,
    notes: string | undefined,
    warnings: Warning[],
  ): TE.TaskEither<VaultError, CustomerRecord> => {
    if (extraAddresses.length === 0 && notes === undefined) return TE.right(rec)
    const soft = (field: string, what: string) => (e: VaultError) =>
      TE.fromIO<void>(() => {
        warnings.push(
          warning(
            'not_stored',
            `the customer was created but ${what} was not stored: ${e.message}`,
            field,
          ),
        )
      })
    const steps = [
      ...extraAddresses.map(({ index, body }) =>
        pipe(
          call(op, 'createAddress', { customerId: rec.id }, body),
          TE.map(() => undefined),
          TE.orElseW(soft(`addresses[${index}]`, `address ${index}`)),
        ),
      ),
      ...(notes === undefined
        ? []
        : [
            pipe(
              call(op, 'updateCustomer', { customerId: rec.id }, mergedUpdate(rec, { notes })),
              TE.map(() => undefined),
              TE.orElseW(soft('notes', 'the notes')),
            ),
          ]),
    ]
    return pipe(
      TE.sequenceSeqArray(steps),
      TE.chain(() => getRecord(op, rec.id)),
    )
  }

  /** F3 with the stored description, notes and flags kept unless the patch changes them. */
  const mergedUpdate = (rec: CustomerRecord, change: UpdateCustomerBody): UpdateCustomerBody => {
    const c = rec.data.customer
    return compact<UpdateCustomerBody>({
      description: change.description ?? c.description ?? '',
      notes: change.notes ?? c.notes ?? '',
      flags: change.flags ?? c.flags ?? [],
      defaults: change.defaults,
    })
  }

  const getCustomer = (id: CustomerId) => {
    const op = 'customers.get'
    return pipe(getRecord(op, id), TE.chain(customerOf(op)))
  }

  const findByReference = (reference: string) => {
    const op = 'customers.findByReference'
    if (!new RegExp(FLUIDPAY_REFERENCE_PATTERN).test(reference)) return TE.right(undefined)
    return pipe(
      getRecord(op, reference),
      TE.chain(customerOf(op)),
      TE.map((c): Customer | undefined => c),
      TE.orElse((e) => (e.kind === 'NotFound' ? TE.right(undefined) : TE.left(e))),
    )
  }

  const updateCustomer = (
    id: CustomerId,
    patch: CustomerPatch,
  ): TE.TaskEither<VaultError, Written<Customer>> => {
    const op = 'customers.update'
    const ctx = ctxOf(op)
    return pipe(
      getRecord(op, id),
      TE.chain((rec) => {
        const issues = patchIssues(rec, patch)
        const options = readOptions(patch.gatewayData)
        if (E.isLeft(options)) issues.push(...options.left)
        if (issues.length > 0) return TE.left(validationError(ctx, issues))
        const opts = E.isRight(options) ? options.right : {}
        const warnings: Warning[] = []
        return pipe(
          writeContact(op, rec, patch, warnings),
          TE.chain((newBilling) => {
            const d = patch.defaults
            const change = compact<DefaultsBody>({
              billing_address_id: d?.billingAddressId ?? newBilling,
              shipping_address_id: d?.shippingAddressId,
              ...(d?.paymentMethodId === undefined
                ? {}
                : {
                    payment_method_id: d.paymentMethodId,
                    payment_method_type: methodType(rec, d.paymentMethodId),
                  }),
            })
            const touches =
              patch.description !== undefined ||
              patch.notes !== undefined ||
              opts.flags !== undefined ||
              Object.keys(change).length > 0
            if (!touches) return TE.right(undefined)
            return pipe(
              call(
                op,
                'updateCustomer',
                { customerId: id },
                mergedUpdate(
                  rec,
                  compact<UpdateCustomerBody>({
                    description: patch.description,
                    notes: patch.notes,
                    flags: opts.flags,
                    defaults:
                      Object.keys(change).length === 0
                        ? undefined
                        : defaultsBody(rec.data.customer.defaults, change),
                  }),
                ),
              ),
              TE.map(() => undefined),
            )
          }),
          TE.chain(() => getRecord(op, id)),
          TE.chain(customerOf(op)),
          TE.map((c) => written(c, warnings)),
        )
      }),
    )
  }

  const methodType = (rec: CustomerRecord, pmId: string) =>
    (rec.data.customer.payments?.ach ?? []).some((a) => a.id === pmId) ? 'ach' : 'card'

  const patchIssues = (rec: CustomerRecord, patch: CustomerPatch): FieldIssue[] => {
    const issues: FieldIssue[] = []
    if (patch.reference !== undefined && patch.reference !== rec.id) {
      issues.push({ path: 'reference', message: "FluidPay's custom id cannot change" })
    }
    for (const f of ['description', 'notes'] as const) {
      const v = patch[f]
      if (v !== undefined && v.length > TEXT_MAX) {
        issues.push({ path: f, message: `FluidPay stores at most ${TEXT_MAX} characters` })
      }
    }
    const c = rec.data.customer
    const addressIds = new Set((c.addresses ?? []).map((a) => a.id))
    const d = patch.defaults
    for (const [path, v] of [
      ['defaults.billingAddressId', d?.billingAddressId],
      ['defaults.shippingAddressId', d?.shippingAddressId],
    ] as const) {
      if (v !== undefined && !addressIds.has(v)) {
        issues.push({ path, message: 'is not an address of this customer' })
      }
    }
    const methodIds = new Set([
      ...(c.payments?.cards ?? []).map((x) => x.id),
      ...(c.payments?.ach ?? []).map((x) => x.id),
    ])
    if (d?.paymentMethodId !== undefined && !methodIds.has(d.paymentMethodId)) {
      issues.push({
        path: 'defaults.paymentMethodId',
        message: 'is not a payment method of this customer',
      })
    }
    return issues
  }

  /**
   * Customer-level contact fields live on the default billing address: update it, or create
   * one. Answers the id of a newly created billing address (to make it the default).
   */
  const writeContact = (
    op: Op,
    rec: CustomerRecord,
    patch: CustomerPatch,
    warnings: Warning[],
  ): TE.TaskEither<VaultError, string | undefined> => {
    const contact = compact<AddressPatch>({
      name: patch.name,
      company: patch.company,
      email: patch.email,
      phone: patch.phone,
      fax: patch.fax,
    })
    if (Object.keys(contact).length === 0) return TE.right(undefined)
    const current = contactAddress(rec)
    if (current !== undefined) {
      const { body, warnings: w } = addressBody({ ...toAddressFields(current), ...contact }, '')
      warnings.push(...w)
      return pipe(
        call(op, 'updateAddress', { customerId: rec.id, addressId: current.id }, body),
        TE.map(() => undefined),
      )
    }
    const { body, warnings: w } = addressBody(contact, '')
    warnings.push(
      ...w,
      warning(
        'contact_stored_as_address',
        'FluidPay has no customer-level contact fields: they are stored on a new default billing address',
        'addresses',
      ),
    )
    const before = new Set((rec.data.customer.addresses ?? []).map((a) => a.id))
    return pipe(
      call(op, 'createAddress', { customerId: rec.id }, body),
      TE.chain(recordAfter(op, rec.id)),
      TE.map((after) => (after.data.customer.addresses ?? []).find((a) => !before.has(a.id))?.id),
    )
  }

  const deleteCustomer = (id: CustomerId) =>
    pipe(
      call('customers.delete', 'deleteCustomer', { customerId: id }),
      TE.map(() => undefined),
    )

  const listCustomers = (query?: ListQuery): TE.TaskEither<VaultError, Page<CustomerSummary>> => {
    const op = 'customers.list'
    const offset = readOffsetCursor(query?.cursor)
    if (offset === undefined) {
      return TE.left(
        validationError(ctxOf(op), [{ path: 'cursor', message: 'is not a FluidPay cursor' }]),
      )
    }
    const limit = query?.pageSize ?? 10
    return pipe(
      runSearch(op, { limit, offset, ...filterCriteria(query?.filter) }, SummaryRecordList),
      TE.map(({ records, totalCount }) => {
        const next = offset + records.length
        const more =
          records.length > 0 &&
          (totalCount === undefined ? records.length === limit : next < totalCount)
        return compact<Page<CustomerSummary>>({
          items: records.map(toSummary),
          nextCursor: more ? offsetCursor(next) : undefined,
          totalCount,
        })
      }),
    )
  }

  /** A search, its records read with `list`: whole records, or only what a summary needs. */
  const runSearch = <R>(
    op: Op,
    criteria: FluidPaySearchCriteria,
    list: t.Type<R[] | null, unknown, unknown>,
  ): TE.TaskEither<VaultError, { records: R[]; totalCount?: number }> => {
    const body = searchBody(criteria)
    if (E.isLeft(body)) return TE.left(validationError(ctxOf(op), body.left))
    return pipe(
      call(op, 'searchCustomers', {}, body.right),
      TE.chainEitherK((x) =>
        E.map((records: R[] | null) =>
          compact<{ records: R[]; totalCount?: number }>({
            records: records ?? [],
            totalCount: typeof x.env.total_count === 'number' ? x.env.total_count : undefined,
          }),
        )(dataAs(op, list)(x)),
      ),
    )
  }

  // ---- addresses

  const addAddress = (
    cid: CustomerId,
    input: AddressInput,
  ): TE.TaskEither<VaultError, Written<Address>> => {
    const op = 'addresses.add'
    const { role, ...fields } = input
    const { body, warnings: w } = addressBody(fields, '')
    const warnings: Warning[] = [...w]
    return pipe(
      getRecord(op, cid),
      TE.chain((before) => {
        const d = before.data.customer.defaults
        const shipping = d?.shipping_address_id ?? ''
        if (role === 'shipping' && shipping !== '' && shipping !== (d?.billing_address_id ?? '')) {
          return TE.left(
            vaultError(
              'Conflict',
              ctxOf(op),
              `FluidPay reads only the default shipping address as shipping, and address ${shipping} already is; remove it or add this one as billing`,
            ),
          )
        }
        const known = new Set((before.data.customer.addresses ?? []).map((a) => a.id))
        return pipe(
          call(op, 'createAddress', { customerId: cid }, body),
          TE.chain(recordAfter(op, cid)),
          TE.chain((after) => {
            const added = (after.data.customer.addresses ?? []).filter((a) => !known.has(a.id))
            const fresh = added[added.length - 1] ?? sameAddress(after, fields)
            if (fresh === undefined) {
              return TE.left(unexpectedResponse(ctxOf(op), 'FluidPay did not show the new address'))
            }
            return pipe(
              placeRole(op, after, fresh.id, role, warnings),
              TE.map((rec) => {
                const a =
                  (rec.data.customer.addresses ?? []).find((x) => x.id === fresh.id) ?? fresh
                return written(toAddress(a, rec.data.customer.defaults), warnings)
              }),
            )
          }),
        )
      }),
    )
  }

  /** An identical stored address (FluidPay de-duplicates addresses by hash). */
  const sameAddress = (rec: CustomerRecord, fields: AddressPatch) => {
    const want = JSON.stringify(toAddressFields({ id: '-', ...addressBody(fields, '').body }))
    return (rec.data.customer.addresses ?? []).find(
      (a) => JSON.stringify(toAddressFields({ ...a, id: '-' })) === want,
    )
  }

  /**
   * The role is read from the defaults, so a shipping address becomes the default shipping
   * address, and a billing address the default billing address when there is none.
   */
  const placeRole = (
    op: Op,
    rec: CustomerRecord,
    id: string,
    role: Address['role'],
    warnings: Warning[],
  ): TE.TaskEither<VaultError, CustomerRecord> => {
    const d = rec.data.customer.defaults
    const billing = d?.billing_address_id ?? ''
    const shipping = d?.shipping_address_id ?? ''
    if (role === 'shipping') {
      if (billing === id) {
        warnings.push(
          warning(
            'address_role_not_kept',
            'FluidPay makes the only address the default billing and shipping address: it reads back as billing',
            'role',
          ),
        )
        return TE.right(rec)
      }
      if (shipping === id) return TE.right(rec)
      return updateDefaults(op, rec, { shipping_address_id: id })
    }
    return billing === '' ? updateDefaults(op, rec, { billing_address_id: id }) : TE.right(rec)
  }

  const updateAddress = (
    cid: CustomerId,
    aid: AddressId,
    patch: AddressPatch,
  ): TE.TaskEither<VaultError, Written<Address>> => {
    const op = 'addresses.update'
    return pipe(
      getRecord(op, cid),
      TE.chain((rec) => {
        const current = (rec.data.customer.addresses ?? []).find((a) => a.id === aid)
        if (current === undefined) return TE.left(notFound(ctxOf(op), `address ${aid}`))
        const stored = addressFieldsOf(toAddress(current, rec.data.customer.defaults))
        const { body, warnings } = addressBody({ ...stored, ...patch }, '')
        return pipe(
          call(op, 'updateAddress', { customerId: cid, addressId: aid }, body),
          TE.chain(recordAfter(op, cid)),
          TE.chain((after) => {
            const a = (after.data.customer.addresses ?? []).find((x) => x.id === aid)
            return a === undefined
              ? TE.left(unexpectedResponse(ctxOf(op), 'FluidPay did not show the updated address'))
              : TE.right(written(toAddress(a, after.data.customer.defaults), warnings))
          }),
        )
      }),
    )
  }

  const removeAddress = (cid: CustomerId, aid: AddressId) =>
    pipe(
      call('addresses.remove', 'deleteAddress', { customerId: cid, addressId: aid }),
      TE.map(() => undefined),
    )

  // ---- payment methods

  const addPaymentMethod = (
    cid: CustomerId,
    input: PaymentMethodInput,
    options?: AddPaymentMethodOptions,
  ): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
    const op = 'paymentMethods.add'
    const plan = paymentPlan(input, 'input')
    if (E.isLeft(plan)) return TE.left(validationError(ctxOf(op), plan.left))
    const { route, body, warnings } = plan.right
    return pipe(
      getRecord(op, cid),
      TE.chain(methodsOf(op)),
      TE.chain((before) => {
        const known = new Set(before.map((m) => m.method.id as string))
        return pipe(
          call(op, route, { customerId: cid }, body),
          TE.chain(recordAfter(op, cid)),
          TE.chain((rec) =>
            pipe(
              methodsOf(op)(rec),
              TE.chain((after) => {
                const added = after.filter((m) => !known.has(m.method.id))
                const fresh = added[added.length - 1]
                if (fresh === undefined) {
                  return TE.left(
                    unexpectedResponse(ctxOf(op), 'FluidPay did not show the new payment method'),
                  )
                }
                const isDefault = rec.data.customer.defaults?.payment_method_id === fresh.method.id
                return options?.makeDefault === true && !isDefault
                  ? pipe(
                      updateDefaults(op, rec, {
                        payment_method_id: fresh.method.id,
                        payment_method_type: fresh.type,
                      }),
                      TE.map(() => fresh),
                    )
                  : TE.right(fresh)
              }),
            ),
          ),
          TE.map((m) => written(m.method, warnings)),
        )
      }),
    )
  }

  const listPaymentMethods = (cid: CustomerId) => {
    const op = 'paymentMethods.list'
    return pipe(
      getRecord(op, cid),
      TE.chain(methodsOf(op)),
      TE.map((ms): ReadonlyArray<PaymentMethod> => ms.map((m) => m.method)),
    )
  }

  /** FluidPay updates a card's expiry and any method's flags; nothing else of a patch. */
  const DROPPED_PATCH = ['holderName', 'accountType', 'holderType', 'secCode'] as const

  const updatePaymentMethod = (
    cid: CustomerId,
    pmId: PaymentMethodId,
    patch: PaymentMethodPatch,
  ): TE.TaskEither<VaultError, Written<PaymentMethod>> => {
    const op = 'paymentMethods.update'
    const ctx = ctxOf(op)
    const dropped = DROPPED_PATCH.filter((f) => patch[f] !== undefined).map((f) =>
      warning('field_dropped', `FluidPay cannot change a stored method's ${f}`, f),
    )
    return pipe(
      getRecord(op, cid),
      TE.chain((rec) => findMethod(op, rec, pmId)),
      TE.chain((m) => {
        if (patch.expiry === undefined) return TE.right(written(m.method, dropped))
        if (m.type !== 'card') {
          return TE.left(
            validationError(ctx, [{ path: 'expiry', message: 'only a card has an expiry' }]),
          )
        }
        return pipe(
          writeMethod(op, cid, m, { expiration_date: writeExpiry(patch.expiry) }),
          TE.map((w) => written(w.value, dropped)),
        )
      }),
    )
  }

  const writeMethod = (
    op: Op,
    cid: string,
    m: StoredMethod,
    body: Record<string, unknown>,
  ): TE.TaskEither<VaultError, Written<PaymentMethod>> =>
    pipe(
      call(
        op,
        m.type === 'card' ? 'updateCard' : 'updateAch',
        {
          customerId: cid,
          paymentMethodId: m.method.id,
        },
        body,
      ),
      TE.chain(recordAfter(op, cid)),
      TE.chain((rec) => findMethod(op, rec, m.method.id)),
      TE.map((x) => written(x.method)),
    )

  const removePaymentMethod = (cid: CustomerId, pmId: PaymentMethodId) => {
    const op = 'paymentMethods.remove'
    return pipe(
      getRecord(op, cid),
      TE.chain((rec) => findMethod(op, rec, pmId)),
      TE.chain((m) =>
        call(op, m.type === 'card' ? 'deleteCard' : 'deleteAch', {
          customerId: cid,
          paymentMethodId: pmId,
        }),
      ),
      TE.map(() => undefined),
    )
  }

  const setDefault = (cid: CustomerId, pmId: PaymentMethodId) => {
    const op = 'paymentMethods.setDefault'
    return pipe(
      getRecord(op, cid),
      TE.chain((rec) =>
        pipe(
          findMethod(op, rec, pmId),
          TE.chain((m) =>
            updateDefaults(op, rec, { payment_method_id: pmId, payment_method_type: m.type }),
          ),
        ),
      ),
      TE.map(() => undefined),
    )
  }

  // ---- extensions

  const guarded =
    <Args extends ReadonlyArray<unknown>, A>(
      op: Op,
      f: (...args: Args) => TE.TaskEither<VaultError, A>,
    ) =>
    (...args: Args): TE.TaskEither<VaultError, A> =>
    async () => {
      try {
        return await f(...args)()
      } catch (e) {
        const detail = client?.redactor().text(e instanceof Error ? e.message : String(e)) ?? ''
        return E.left(
          unexpectedResponse(ctxOf(op), `FluidPay adapter failed unexpectedly: ${detail}`),
        )
      }
    }

  const search = guarded('fluidpay.search', (criteria: FluidPaySearchCriteria) => {
    const op = 'fluidpay.search'
    return pipe(
      runSearch(op, criteria, RecordList),
      TE.chain(({ records, totalCount }) =>
        pipe(
          TE.fromEither(
            translated(op)(
              E.sequenceArray(records.map(toCustomer)) as E.Either<string, Customer[]>,
            ),
          ),
          TE.map((customers) => {
            const offset = criteria.offset ?? 0
            const next = offset + records.length
            const more =
              records.length > 0 &&
              (totalCount === undefined
                ? records.length === (criteria.limit ?? 10)
                : next < totalCount)
            return compact<FluidPaySearchResult>({
              customers,
              totalCount,
              nextOffset: more ? next : undefined,
            })
          }),
        ),
      ),
    )
  })

  const setPaymentMethodFlags = guarded(
    'fluidpay.setPaymentMethodFlags',
    (cid: CustomerId, pmId: PaymentMethodId, flags: ReadonlyArray<string>) => {
      const op = 'fluidpay.setPaymentMethodFlags'
      if (!Array.isArray(flags) || !flags.every((f) => typeof f === 'string')) {
        return TE.left(
          validationError(ctxOf(op), [{ path: 'flags', message: 'must be an array of strings' }]),
        )
      }
      return pipe(
        getRecord(op, cid),
        TE.chain((rec) => findMethod(op, rec, pmId)),
        TE.chain((m) => writeMethod(op, cid, m, { flags: [...flags] })),
      )
    },
  )

  const vault = defineVault({
    capabilities: fluidpayCapabilities,
    ...(config.now === undefined ? {} : { now: config.now }),
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
      paymentMethods: {
        add: addPaymentMethod,
        list: listPaymentMethods,
        update: updatePaymentMethod,
        remove: removePaymentMethod,
        setDefault,
      },
    },
  })
  return { ...vault, fluidpay: { search, setPaymentMethodFlags } }
}

// ---- utils

/** The sensitive values a request carried, so that an echo of them is scrubbed too. */
const secretsOf = (json: unknown): string[] => {
  const out: string[] = []
  const walk = (u: unknown, depth: number) => {
    if (u === null || typeof u !== 'object' || depth > 8) return
    for (const [k, v] of Object.entries(u as Record<string, unknown>)) {
      if (typeof v === 'string' && /number|token/i.test(k) && v.length >= 4) out.push(v)
      else walk(v, depth + 1)
    }
  }
  walk(json, 0)
  return out
}
