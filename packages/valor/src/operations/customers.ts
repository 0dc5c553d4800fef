/**
 * The customers port: create, get, update, delete and list Valor vault customers. A customer
 * read is V11 (the detail) + V12 (cards) + V13 (ACH profiles). Every write ends confirmed,
 * refused or unknown: once Valor has confirmed a customer's id, no later failure (a first
 * payment method, the read-back) loses it — it comes back as ConfirmedUnread with that id.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  confirmedUnread,
  notFound,
  unsupported,
  validationError,
  warning,
  written,
  type Customer,
  type CustomerId,
  type CustomerInput,
  type CustomerPatch,
  type CustomersPort,
  type CustomerSummary,
  type FieldIssue,
  type ListQuery,
  type Page,
  type PortOperations,
  type VaultError,
  type Warning,
  type Written,
} from '@vaultport/core'
import type { ValorEnv } from '../env'
import { fieldScopes } from '../errors'
import {
  afterWrite,
  createdId,
  idProblem,
  read,
  rejectIfIssues,
  write,
  type Task,
} from '../request'
import { defaultQueryNames } from '../routes'
import {
  customerBody,
  customerFromWire,
  customerName,
  entriesFromAddresses,
  isWireId,
  pageCursor,
  readPageCursor,
  summaryFromWire,
} from '../translate'
import { ListCustomersResponse, writtenIdKeys } from '../wire'
import { holderIssues, methodSecrets, storeMethod, unstorable, type Stored } from './paymentMethods'
import { customerDetail, readPaymentMethods } from './records'

const DEFAULT_PAGE_SIZE = 25
const MAX_ENTRIES = 5

/** The whole canonical customer: V11 + V12 + V13. */
const readCustomer = (
  env: ValorEnv,
  op: string,
  id: string,
  secrets?: ReadonlyArray<string>,
): Task<Customer> =>
  pipe(
    TE.Do,
    TE.apS('detail', customerDetail(env, op, id, secrets)),
    TE.apS('methods', readPaymentMethods(env, op, id, secrets)),
    TE.map(({ detail, methods }) => customerFromWire(detail, methods, env.streetLayout)),
  )

/** A customer id a path can take: Validation when it could leave its segment, NotFound when not Valor's. */
const customerIdProblem = (env: ValorEnv, op: string, id: string): VaultError | undefined =>
  idProblem(env, op, [['id', id]]) ??
  (isWireId(id) ? undefined : notFound(env.ctxOf(op), `Valor customer ${id}`))

export const getCustomer =
  (env: ValorEnv) =>
  (id: CustomerId): Task<Customer> => {
    const op = 'customers.get'
    const bad = customerIdProblem(env, op, id)
    return bad === undefined ? readCustomer(env, op, id) : TE.left(bad)
  }

/** The name as the configured rule sends it, with its issues and warnings. */
const nameOf = (env: ValorEnv, name: string | undefined) =>
  name === undefined ? undefined : customerName(env.nameRule, name, 'name')

export const createCustomer =
  (env: ValorEnv) =>
  (input: CustomerInput): Task<Written<Customer>> => {
    const op = 'customers.create'
    const name = nameOf(env, input.name)
    const entries = entriesFromAddresses(input.addresses ?? [], [], env.streetLayout)
    const issues: FieldIssue[] = [
      ...(name === undefined
        ? [{ path: 'name', message: 'Valor requires a customer name' }]
        : name.issues),
      ...holderIssues('paymentMethod', input.paymentMethod),
      ...(entries.value.length > MAX_ENTRIES
        ? [
            {
              path: 'addresses',
              message: `Valor keeps at most 5 address entries (billing+shipping pairs by label); these need ${entries.value.length}`,
            },
          ]
        : []),
    ]
    const why = input.paymentMethod === undefined ? undefined : unstorable(input.paymentMethod)
    if (why !== undefined) return TE.left(unsupported(env.ctxOf(op), why))
    return rejectIfIssues(env, op, issues, () => {
      const fields = customerBody({ ...input, ...(name === undefined ? {} : { name: name.value }) })
      const body = {
        ...fields.value,
        ...(entries.value.length === 0 ? {} : { address_details: entries.value }),
      }
      const warnings: Warning[] = [
        ...(name?.warnings ?? []),
        ...fields.warnings,
        ...entries.warnings,
      ]
      const secrets = methodSecrets(input.paymentMethod)
      return pipe(
        write(
          env,
          { op, route: 'addCustomer', json: body, scope: fieldScopes.customer, secrets },
          writtenIdKeys.customer,
        ),
        TE.chainEitherK(createdId(env, op, 'customer')),
        TE.chain((id) =>
          input.paymentMethod === undefined
            ? afterWrite(env, op, id, readCustomer(env, op, id))
            : pipe(
                storeMethod(
                  env,
                  op,
                  id,
                  input.paymentMethod,
                  fieldScopes.customer,
                  'paymentMethod.',
                ),
                TE.orElse((e) => rollBack<Stored>(env, op, id, e, secrets)),
                TE.chain((stored) => {
                  warnings.push(...stored.warnings)
                  return afterWrite(env, op, id, readCustomer(env, op, id, secrets))
                }),
              ),
        ),
        TE.map((c) => written(c, warnings)),
      )
    })
  }

/**
 * The first payment method was not stored (refused, or its answer lost): the new customer is
 * deleted again (V17 removes all it holds) so that no half-made record stays, and the method's
 * error comes back saying so. When the delete is not confirmed, the customer may still be
 * there: its id comes back as ConfirmedUnread, never lost.
 */
const rollBack =
  <A>(
    env: ValorEnv,
    op: string,
    id: string,
    cause: VaultError,
    secrets: ReadonlyArray<string>,
  ): Task<A> =>
  async () => {
    const undone = await write(
      env,
      { op, route: 'deleteCustomer', params: { customer: id }, secrets },
      writtenIdKeys.customer,
    )()
    if (E.isRight(undone)) {
      const note = `; customer ${id}, created just before, was deleted again`
      return E.left({ ...cause, message: cause.message + note } as VaultError)
    }
    const kept = {
      ...cause,
      message: `${cause.message}; customer ${id} was created, but not its payment method, and deleting it again failed (${undone.left.kind}): delete it or add the method to it`,
    } as VaultError
    return E.left(confirmedUnread(env.ctxOf(op), id, kept))
  }

export const updateCustomer =
  (env: ValorEnv) =>
  (id: CustomerId, patch: CustomerPatch): Task<Written<Customer>> => {
    const op = 'customers.update'
    const bad = customerIdProblem(env, op, id)
    if (bad !== undefined) return TE.left(bad)
    const name = nameOf(env, patch.name)
    return rejectIfIssues(env, op, name?.issues ?? [], () => {
      const fields = customerBody({ ...patch, ...(name === undefined ? {} : { name: name.value }) })
      const warnings = [
        ...(name?.warnings ?? []),
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
      const done = pipe(
        readCustomer(env, op, id),
        TE.map((c) => written(c, warnings)),
      )
      if (Object.keys(fields.value).length === 0) return done
      return pipe(
        write(
          env,
          {
            op,
            route: 'editCustomer',
            params: { customer: id },
            json: fields.value,
            scope: fieldScopes.customer,
          },
          writtenIdKeys.customer,
        ),
        TE.chain(() => afterWrite(env, op, id, done)),
      )
    })
  }

export const deleteCustomer =
  (env: ValorEnv) =>
  (id: CustomerId): Task<void> => {
    const op = 'customers.delete'
    const bad = customerIdProblem(env, op, id)
    if (bad !== undefined) return TE.left(bad)
    return pipe(
      write(env, { op, route: 'deleteCustomer', params: { customer: id } }, writtenIdKeys.customer),
      TE.map(() => undefined),
    )
  }

/** The filter keys Valor's list can be filtered by (on each page, after it is read). */
const APPLIED_FILTERS = new Set(['name', 'email'])

/** Every filter key Valor cannot apply is an issue: a filter is never silently dropped. */
const filterIssues = (filter: Readonly<Record<string, unknown>>): FieldIssue[] =>
  Object.entries(filter)
    .filter(([k, v]) => v !== undefined && !APPLIED_FILTERS.has(k))
    .map(([k]) => ({
      path: `filter.${k}`,
      message:
        k === 'reference'
          ? 'Valor customers have no merchant reference to filter by'
          : k === 'changedSince'
            ? 'Valor customers carry no change timestamps to filter by'
            : 'is not a filter Valor can apply (name, email)',
    }))

export const listCustomers =
  (env: ValorEnv) =>
  (query: ListQuery = {}): Task<Page<CustomerSummary>> => {
    const op = 'customers.list'
    const cursor = readPageCursor(query.cursor)
    const filter = query.filter ?? {}
    const issues = [
      ...(cursor === undefined ? [{ path: 'cursor', message: 'is not a Valor cursor' }] : []),
      ...filterIssues(filter),
    ]
    if (cursor === undefined || issues.length > 0) {
      return TE.left(validationError(env.ctxOf(op), issues))
    }
    const size = cursor.size ?? query.pageSize ?? DEFAULT_PAGE_SIZE
    const names = defaultQueryNames.listCustomers
    const keep = (s: CustomerSummary) =>
      (filter.name === undefined || s.name === filter.name) &&
      (filter.email === undefined || s.email?.toLowerCase() === filter.email.toLowerCase())
    return pipe(
      read(
        env,
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
        const unfiltered = filter.name === undefined && filter.email === undefined
        return {
          items: unfiltered ? items : items.filter(keep),
          ...(more && items.length > 0 ? { nextCursor: pageCursor(cursor.page + 1, size) } : {}),
          ...(unfiltered && r.total_count !== undefined ? { totalCount: r.total_count } : {}),
        }
      }),
    )
  }

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const customerOperations: PortOperations<ValorEnv, CustomersPort> = {
  create: createCustomer,
  get: getCustomer,
  update: updateCustomer,
  delete: deleteCustomer,
  list: listCustomers,
}
