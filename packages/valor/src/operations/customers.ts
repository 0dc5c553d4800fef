/**
 * The customers port: create, get, update, delete and list Valor vault customers. A customer
 * read is V11 (the detail) + V12 (cards) + V13 (ACH profiles); every write is read back.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  notFound,
  unsupported,
  validationError,
  warning,
  written,
  type Customer,
  type CustomerId,
  type CustomerInput,
  type CustomerPatch,
  type CustomerSummary,
  type ListQuery,
  type Page,
  type VaultError,
  type Warning,
  type Written,
} from '@vaultport/core'
import type { ValorEnv } from '../env'
import { fieldScopes } from '../errors'
import { AnyBody, call, rejectIfIssues, type Task } from '../request'
import { defaultQueryNames } from '../routes'
import {
  customerBody,
  customerFromWire,
  entriesFromAddresses,
  isWireId,
  nameIssues,
  pageCursor,
  readPageCursor,
  summaryFromWire,
} from '../translate'
import { CustomerWritten, idText, ListCustomersResponse } from '../wire'
import { addMethod, holderIssues } from './paymentMethods'
import { customerDetail, readPaymentMethods } from './records'

const DEFAULT_PAGE_SIZE = 25

/** The whole canonical customer: V11 + V12 + V13. */
const readCustomer = (env: ValorEnv, op: string, id: string): Task<Customer> =>
  !isWireId(id)
    ? TE.left(notFound(env.ctxOf(op), `Valor customer ${id}`))
    : pipe(
        TE.Do,
        TE.apS('detail', customerDetail(env, op, id)),
        TE.apS('methods', readPaymentMethods(env, op, id)),
        TE.map(({ detail, methods }) => customerFromWire(detail, methods)),
      )

export const getCustomer =
  (env: ValorEnv) =>
  (id: CustomerId): Task<Customer> =>
    readCustomer(env, 'customers.get', id)

export const createCustomer =
  (env: ValorEnv) =>
  (input: CustomerInput): Task<Written<Customer>> => {
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
    return rejectIfIssues(env, op, issues, () => {
      const fields = customerBody(input)
      const body = {
        ...fields.value,
        ...(entries.value.length === 0 ? {} : { address_details: entries.value }),
      }
      const warnings: Warning[] = [...fields.warnings, ...entries.warnings]
      return pipe(
        call(
          env,
          { op, route: 'addCustomer', json: body, scope: fieldScopes.customer },
          CustomerWritten,
        ),
        TE.map((r) => idText(r.vault_customer_id)),
        TE.chain((id) =>
          input.paymentMethod === undefined
            ? TE.right(id)
            : pipe(
                addMethod(env, op, id, input.paymentMethod, fieldScopes.customer, 'paymentMethod.'),
                TE.map((w) => {
                  warnings.push(...w.warnings)
                  return id
                }),
                TE.orElse((e) => rollBack<string>(env, op, id, e)),
              ),
        ),
        TE.chain((id) => readCustomer(env, op, id)),
        TE.map((c) => written(c, warnings)),
      )
    })
  }

/** A first payment method failed: delete the new customer so no half-made record stays. */
const rollBack =
  <A>(env: ValorEnv, op: string, id: string, cause: VaultError): Task<A> =>
  async () => {
    const undone = await call(
      env,
      { op, route: 'deleteCustomer', params: { customer: id } },
      AnyBody,
    )()
    const note = E.isRight(undone)
      ? `; customer ${id}, created just before, was deleted again`
      : `; customer ${id}, created just before, could not be deleted (${undone.left.kind}): delete it`
    return E.left({ ...cause, message: cause.message + note } as VaultError)
  }

export const updateCustomer =
  (env: ValorEnv) =>
  (id: CustomerId, patch: CustomerPatch): Task<Written<Customer>> => {
    const op = 'customers.update'
    if (!isWireId(id)) return TE.left(notFound(env.ctxOf(op), `Valor customer ${id}`))
    return rejectIfIssues(env, op, nameIssues('name', patch.name), () => {
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
              env,
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
        TE.chain(() => readCustomer(env, op, id)),
        TE.map((c) => written(c, warnings)),
      )
    })
  }

export const deleteCustomer =
  (env: ValorEnv) =>
  (id: CustomerId): Task<void> => {
    const op = 'customers.delete'
    if (!isWireId(id)) return TE.left(notFound(env.ctxOf(op), `Valor customer ${id}`))
    return pipe(
      call(env, { op, route: 'deleteCustomer', params: { customer: id } }, AnyBody),
      TE.map(() => undefined),
    )
  }

export const listCustomers =
  (env: ValorEnv) =>
  (query: ListQuery = {}): Task<Page<CustomerSummary>> => {
    const op = 'customers.list'
    const cursor = readPageCursor(query.cursor)
    if (cursor === undefined) {
      return TE.left(
        validationError(env.ctxOf(op), [{ path: 'cursor', message: 'is not a Valor cursor' }]),
      )
    }
    const filter = query.filter ?? {}
    if (filter.reference !== undefined) {
      return TE.left(
        unsupported(env.ctxOf(op), 'Valor customers have no merchant reference to filter by'),
      )
    }
    if (filter.changedSince !== undefined) {
      return TE.left(unsupported(env.ctxOf(op), 'Valor customers carry no change timestamps'))
    }
    const size = cursor.size ?? query.pageSize ?? DEFAULT_PAGE_SIZE
    const names = defaultQueryNames.listCustomers
    const keep = (s: CustomerSummary) =>
      (filter.name === undefined || s.name === filter.name) &&
      (filter.email === undefined || s.email?.toLowerCase() === filter.email.toLowerCase())
    return pipe(
      call(
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
        const filtered = filter.name === undefined && filter.email === undefined
        return {
          items: filtered ? items : items.filter(keep),
          ...(more && items.length > 0 ? { nextCursor: pageCursor(cursor.page + 1, size) } : {}),
          ...(filtered && r.total_count !== undefined ? { totalCount: r.total_count } : {}),
        }
      }),
    )
  }
