/**
 * The customers port over PayTrace profiles: create (C1–C4, by card, check, Protect.js token or
 * prior transaction), read, update, delete, find by label and list; and the profile export
 * (C10) that finding and filtered listing go through.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  unsupported,
  validationError,
  written,
  type Customer,
  type CustomerFilter,
  type CustomerInput,
  type CustomerPatch,
  type CustomerSummary,
  type FieldIssue,
  type ListQuery,
  type Page,
  type VaultError,
  type Warning,
  type Written,
  type CustomersPort,
  type PortOperations,
} from '@vaultport/core'
import type { PayTraceEnv } from '../env'
import {
  call,
  callWrite,
  DEFAULT_PAGE,
  fail,
  itemsOfCustomers,
  namelessWrite,
  pageOf,
  withId,
  withOffset,
  writtenIdIn,
} from '../request'
import type { RouteName } from '../routes'
import {
  customerCommonToWire,
  customerFromWire,
  customerPatchToWire,
  customerSummaryFromWire,
  customerSummaryOf,
  idText,
  lastActivityDays,
  paymentSlot,
  tokenWarnings,
} from '../translate'
import { WireCustomerListResponse, type WireExportFilter } from '../wire'
import {
  CUSTOMER_ID_KEYS,
  getProfileWire,
  patchCustomer,
  profileIn,
  settleCustomer,
} from './records'

/** @category Extensions */
export interface ExportFilter {
  readonly reference?: string
  readonly email?: string
  /** Profiles created at or after this instant (sent as `created.at`, M/D/YYYY h:mm:ss AM|PM). */
  readonly createdSince?: string
  /** Show the first six digits of card numbers (default true). */
  readonly includeBin?: boolean
}

export const createCustomer =
  (env: PayTraceEnv) =>
  (input: CustomerInput): TE.TaskEither<VaultError, Written<Customer>> => {
    const operation = 'customers.create'
    const common = customerCommonToWire(input, env.merchantId)
    const pm = input.paymentMethod
    const send = (
      route: RouteName,
      body: Record<string, unknown>,
      warnings: ReadonlyArray<Warning>,
      secrets: ReadonlyArray<string> = [],
    ) =>
      pipe(
        callWrite(env, { operation, route, json: body, idempotent: false, secrets }),
        TE.chain((a) => {
          // The id may sit in `data`, in a list of one, or at the top level; none: unknown.
          const carried = profileIn(a)
          const id =
            carried === undefined
              ? writtenIdIn(a.json, CUSTOMER_ID_KEYS, ['customer'])
              : idText(carried.customer_id)
          return id === undefined
            ? fail<Customer>(namelessWrite(env, operation, a))
            : settleCustomer(env, operation, id, a)
        }),
        TE.map((c) => written(c, [...common.warnings, ...warnings])),
      )
    const invalid = (issue: FieldIssue) => fail(validationError(env.ctxOf(operation), [issue]))
    if (pm === undefined) return send('customerCreate', { ...common.wire }, [])
    switch (pm.kind) {
      case 'card':
      case 'bank_account': {
        const slot = paymentSlot(pm, env.numbers, 'paymentMethod')
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
        return fail(unsupported(env.ctxOf(operation), 'PayTrace stores no wallet tokens'))
    }
  }

const withoutMerchant = (body: Record<string, unknown>): Record<string, unknown> => {
  const { merchant_id: _m, ...rest } = body
  return rest
}

export const getCustomer =
  (env: PayTraceEnv) =>
  (id: string): TE.TaskEither<VaultError, Customer> =>
    pipe(
      getProfileWire(env, 'customers.get', id),
      TE.map((w) => customerFromWire(w)),
    )

export const updateCustomer =
  (env: PayTraceEnv) =>
  (id: string, patch: CustomerPatch): TE.TaskEither<VaultError, Written<Customer>> => {
    const operation = 'customers.update'
    const body = customerPatchToWire(patch, env.merchantId)
    return withId(env, operation, 'customer', id, (n) =>
      pipe(
        patchCustomer(env, operation, n, body.wire, { writtenId: String(n) }),
        TE.map((c) => written(c, body.warnings)),
      ),
    )
  }

export const deleteCustomer =
  (env: PayTraceEnv) =>
  (id: string): TE.TaskEither<VaultError, void> => {
    const operation = 'customers.delete'
    return withId(env, operation, 'customer', id, (n) =>
      pipe(
        callWrite(env, {
          operation,
          route: 'customerDelete',
          params: { customer_id: String(n) },
          idempotent: true,
        }),
        TE.map(() => undefined),
      ),
    )
  }

/** Every profile matching `filter`, in full (C10). */
export const exportProfiles = (
  env: PayTraceEnv,
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
    ...env.merchant,
  }
  return pipe(
    call(
      env,
      { operation, route: 'customerExport', json: body, idempotent: true },
      WireCustomerListResponse,
    ),
    TE.map((l) => itemsOfCustomers(l).items.map((w) => customerFromWire(w))),
  )
}

/** M/D/YYYY h:mm:ss AM|PM in UTC, as the export's `created.at` takes it. */
const exportTimestamp = (iso: string): string => {
  const d = new Date(iso)
  const h = d.getUTCHours()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`
}

export const findByReference =
  (env: PayTraceEnv) =>
  (reference: string): TE.TaskEither<VaultError, Customer | undefined> =>
    pipe(
      exportProfiles(env, 'customers.findByReference', { reference }),
      TE.map((cs) => cs.find((c) => c.reference === reference)),
    )

/**
 * The filters PayTrace can apply: `name` (C9 `name_filter`), `changedSince` (C9
 * `last_activity_days`), `email` and `reference` (C10). Any other key would be silently dropped
 * into an unfiltered list, so it is refused before any request.
 */
const APPLIED_FILTERS: ReadonlyArray<string> = ['name', 'email', 'reference', 'changedSince']

export const filterIssues = (filter: unknown): FieldIssue[] =>
  Object.entries(typeof filter === 'object' && filter !== null ? filter : {})
    .filter(([key, value]) => value !== undefined && !APPLIED_FILTERS.includes(key))
    .map(([key]) => ({
      path: `filter.${key}`,
      message: `PayTrace cannot filter customers by "${key}" (it filters by ${APPLIED_FILTERS.join(', ')})`,
    }))

export const listCustomers =
  (env: PayTraceEnv) =>
  (query: ListQuery = {}): TE.TaskEither<VaultError, Page<CustomerSummary>> => {
    const operation = 'customers.list'
    const unapplied = filterIssues(query.filter)
    if (unapplied.length > 0) return fail(validationError(env.ctxOf(operation), unapplied))
    return withOffset(env, operation, query.cursor, (offset) => {
      const limit = query.pageSize ?? DEFAULT_PAGE
      const filter: CustomerFilter = query.filter ?? {}
      if (filter.email !== undefined || filter.reference !== undefined) {
        return listExported(env, operation, filter, offset, limit)
      }
      return pipe(
        call(
          env,
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
                  : lastActivityDays(filter.changedSince, env.now()),
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
    })
  }

/** C9 filters by name and activity only: the export filters by label and e-mail. */
const listExported = (
  env: PayTraceEnv,
  operation: string,
  filter: CustomerFilter,
  offset: number,
  limit: number,
): TE.TaskEither<VaultError, Page<CustomerSummary>> =>
  pipe(
    exportProfiles(env, operation, {
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
        hits.slice(offset, offset + limit).map((c) => customerSummaryOf(c)),
        offset,
        limit,
        hits.length,
      )
    }),
  )

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const customerOperations: PortOperations<PayTraceEnv, CustomersPort> = {
  create: createCustomer,
  get: getCustomer,
  findByReference,
  update: updateCustomer,
  delete: deleteCustomer,
  list: listCustomers,
}
