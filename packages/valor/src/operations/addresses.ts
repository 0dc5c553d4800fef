/**
 * The addresses port over Valor's address entries (one billing and one shipping half per entry):
 * add and update are V11 + V5 + V11 (read, write the entry, read it back); remove is V11 + V16.
 * A confirmed V5 whose read-back fails hands back the address id (ConfirmedUnread) when it is
 * known; a new entry is only named by its read-back, so when that fails it is OutcomeUnknown.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  notFound,
  unexpectedResponse,
  vaultError,
  warning,
  written,
  type Address,
  type AddressId,
  type AddressInput,
  type AddressPatch,
  type AddressesPort,
  type CustomerId,
  type PortOperations,
  type VaultError,
  type Warning,
  type Written,
} from '@vaultport/core'
import type { ValorEnv } from '../env'
import { fieldScopes } from '../errors'
import { afterWrite, idProblem, write, type Task } from '../request'
import {
  addressFromHalf,
  entryLabel,
  halfFromAddress,
  halfId,
  halfPresent,
  isWireId,
  parseAddressId,
  textOf,
} from '../translate'
import { idText, sameId, writtenIdKeys, type AddressEntry, type CustomerDetail } from '../wire'
import { customerDetail } from './records'

/** V5 with only address entries in the body (the customer fields stay as they are). */
const editEntries = (
  env: ValorEnv,
  op: string,
  customer: string,
  entries: ReadonlyArray<unknown>,
) =>
  write(
    env,
    {
      op,
      route: 'editCustomer',
      params: { customer },
      json: { address_details: entries },
      scope: fieldScopes.address,
    },
    writtenIdKeys.customer,
  )

const findHalf = (
  env: ValorEnv,
  op: string,
  detail: CustomerDetail,
  entryId: string,
  role: 'billing' | 'shipping',
): E.Either<VaultError, AddressEntry> => {
  const entry = (detail.address_details ?? []).find((e) => sameId(e.address_id, entryId))
  return entry !== undefined && halfPresent(entry, role)
    ? E.right(entry)
    : E.left(notFound(env.ctxOf(op), `Valor address ${entryId}:${role}`))
}

const readBackHalf = (
  env: ValorEnv,
  op: string,
  customer: string,
  pick: (e: AddressEntry) => boolean,
  role: 'billing' | 'shipping',
): Task<Address> =>
  pipe(
    customerDetail(env, op, customer),
    TE.chain((d) => {
      const entry = (d.address_details ?? []).find(pick)
      const a = entry === undefined ? undefined : addressFromHalf(entry, role, env.streetLayout)
      return a === undefined
        ? TE.left(unexpectedResponse(env.ctxOf(op), 'Valor did not show the address it accepted'))
        : TE.right(a)
    }),
  )

/** The customer id and, when given, the address id: Validation, NotFound, or nothing wrong. */
const idsProblem = (
  env: ValorEnv,
  op: string,
  customer: string,
  address?: string,
): VaultError | undefined =>
  idProblem(env, op, [
    ['customerId', customer],
    ...(address === undefined ? [] : [['addressId', address] as const]),
  ]) ??
  (!isWireId(customer)
    ? notFound(env.ctxOf(op), `Valor customer ${customer}`)
    : address !== undefined && parseAddressId(address) === undefined
      ? notFound(env.ctxOf(op), `Valor address ${address}`)
      : undefined)

/**
 * A new entry was confirmed, but only its read-back names it: when that fails, the address
 * exists unnamed, which is OutcomeUnknown (look before adding it again), never a retryable kind.
 */
const unnamedEntry =
  (env: ValorEnv, op: string, customer: string, label: string) =>
  (e: VaultError): VaultError =>
    vaultError(
      'OutcomeUnknown',
      env.ctxOf(op),
      `Valor confirmed a new address entry "${label}" for customer ${customer}, but it could not ` +
        `be read back to learn its id (${e.kind}: ${e.message}); look it up before adding it again`,
      {
        ...(e.httpStatus === undefined ? {} : { httpStatus: e.httpStatus }),
        gatewayMessages: e.gatewayMessages,
        ...(e.rawBody === undefined ? {} : { rawBody: e.rawBody }),
        ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
      },
    )

export const addAddress =
  (env: ValorEnv) =>
  (customer: CustomerId, input: AddressInput): Task<Written<Address>> => {
    const op = 'addresses.add'
    const bad = idsProblem(env, op, customer)
    if (bad !== undefined) return TE.left(bad)
    return pipe(
      customerDetail(env, op, customer),
      TE.chain((detail) => {
        const entries = detail.address_details ?? []
        const half = halfFromAddress(input.role, input, '', env.streetLayout)
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
            editEntries(env, op, customer, [{ address_id: id, ...half.value }]),
            TE.chain(() =>
              afterWrite(
                env,
                op,
                halfId(id, input.role),
                readBackHalf(env, op, customer, (e) => sameId(e.address_id, id), input.role),
              ),
            ),
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
          editEntries(env, op, customer, [{ address_label: label.value, ...half.value }]),
          TE.chain(() =>
            pipe(
              readBackHalf(
                env,
                op,
                customer,
                (e) => textOf(e.address_label) === label.value,
                input.role,
              ),
              TE.mapLeft(unnamedEntry(env, op, customer, label.value)),
            ),
          ),
          TE.map((a) => written(a, warnings)),
        )
      }),
    )
  }

export const updateAddress =
  (env: ValorEnv) =>
  (customer: CustomerId, id: AddressId, patch: AddressPatch): Task<Written<Address>> => {
    const op = 'addresses.update'
    const bad = idsProblem(env, op, customer, id)
    const parsed = parseAddressId(id)
    if (bad !== undefined || parsed === undefined) {
      return TE.left(bad ?? notFound(env.ctxOf(op), `Valor address ${id}`))
    }
    const { entryId, role } = parsed
    return pipe(
      customerDetail(env, op, customer),
      TE.chainEitherK((d) => findHalf(env, op, d, entryId, role)),
      TE.chain((entry) => {
        const half = halfFromAddress(role, patch, '', env.streetLayout)
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
        const readBack = pipe(
          readBackHalf(env, op, customer, (e) => sameId(e.address_id, entryId), role),
          TE.map((a) => written(a, warnings)),
        )
        return Object.keys(change).length === 0
          ? readBack
          : pipe(
              editEntries(env, op, customer, [{ address_id: entryId, ...change }]),
              TE.chain(() => afterWrite(env, op, id, readBack)),
            )
      }),
    )
  }

/**
 * Removing one half: when the other half is empty the whole entry goes (V16). When the other
 * half is in use, Valor cannot empty one half (its zip and state rules refuse empty values)
 * and V16 would delete both: Conflict, pointing at `valor.removeAddressEntry`.
 */
export const removeAddress =
  (env: ValorEnv) =>
  (customer: CustomerId, id: AddressId): Task<void> => {
    const op = 'addresses.remove'
    const bad = idsProblem(env, op, customer, id)
    const parsed = parseAddressId(id)
    if (bad !== undefined || parsed === undefined) {
      return TE.left(bad ?? notFound(env.ctxOf(op), `Valor address ${id}`))
    }
    const { entryId, role } = parsed
    const other = role === 'billing' ? 'shipping' : 'billing'
    return pipe(
      customerDetail(env, op, customer),
      TE.chainEitherK((d) => findHalf(env, op, d, entryId, role)),
      TE.chain((entry) =>
        halfPresent(entry, other)
          ? TE.left(
              vaultError(
                'Conflict',
                env.ctxOf(op),
                `Valor keeps ${id} in one entry with ${entryId}:${other} and cannot empty one half; ` +
                  `to delete both, call valor.removeAddressEntry(customerId, '${entryId}'), or update this half instead`,
              ),
            )
          : deleteEntry(env, op, customer, entryId),
      ),
    )
  }

/** V16: deletes a whole entry, both halves (also behind `valor.removeAddressEntry`). */
export const deleteEntry = (
  env: ValorEnv,
  op: string,
  customer: string,
  entryId: string,
): Task<void> =>
  pipe(
    write(
      env,
      { op, route: 'deleteAddress', params: { customer, address: entryId } },
      writtenIdKeys.address,
    ),
    TE.map(() => undefined),
  )

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const addressOperations: PortOperations<ValorEnv, AddressesPort> = {
  add: addAddress,
  update: updateAddress,
  remove: removeAddress,
}
