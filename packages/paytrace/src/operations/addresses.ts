/**
 * The addresses port over a PayTrace profile's two slots, named by their role (`billing`,
 * `shipping`): adding fills an empty slot, updating patches a filled one, removing empties it.
 */
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  notFound,
  unexpectedResponse,
  vaultError,
  written,
  type Address,
  type AddressInput,
  type AddressPatch,
  type Customer,
  type VaultError,
  type Written,
  type AddressesPort,
  type PortOperations,
} from '@vaultport/core'
import type { PayTraceEnv } from '../env'
import { afterWrite, fail } from '../request'
import { addressToWire, BILLING_ID, emptyWireAddress, SHIPPING_ID } from '../translate'
import { patchCustomer, sendPatch, withStored } from './records'

type Slot = 'billing' | 'shipping'

const slotOf = (id: string): Slot | undefined =>
  id === BILLING_ID ? 'billing' : id === SHIPPING_ID ? 'shipping' : undefined

const findSlot = (c: Customer, role: Slot): Address | undefined =>
  c.addresses.find((a) => a.role === role)

const slotId = (role: Slot): string => (role === 'billing' ? BILLING_ID : SHIPPING_ID)

/** The slot in the profile after the write; PayTrace confirmed it, so a miss keeps the id. */
const addressResult = (env: PayTraceEnv, operation: string, role: Slot) => (c: Customer) => {
  const a = findSlot(c, role)
  return afterWrite(
    env,
    operation,
    slotId(role),
  )(
    a === undefined
      ? fail<Address>(
          unexpectedResponse(env.ctxOf(operation), `PayTrace did not keep the ${role} address`),
        )
      : TE.right(a),
  )
}

const writeSlot = (
  env: PayTraceEnv,
  operation: string,
  n: number,
  role: Slot,
  fields: AddressInput | AddressPatch,
  at: string,
): TE.TaskEither<VaultError, Written<Address>> => {
  const slot = addressToWire(role, fields, at)
  return pipe(
    patchCustomer(
      env,
      operation,
      n,
      { [`${role}_address`]: slot.wire },
      { writtenId: slotId(role) },
    ),
    TE.chain(addressResult(env, operation, role)),
    TE.map((a) => written(a, slot.warnings)),
  )
}

/** Continues with the filled slot `aid` names; an unknown id or an empty slot is NotFound. */
const withFilledSlot = <A>(
  env: PayTraceEnv,
  operation: string,
  cid: string,
  aid: string,
  f: (n: number, role: Slot) => TE.TaskEither<VaultError, A>,
): TE.TaskEither<VaultError, A> => {
  const role = slotOf(aid)
  if (role === undefined) return fail(notFound(env.ctxOf(operation), `address ${aid}`))
  return withStored(env, operation, cid, (n, c) =>
    findSlot(c, role) === undefined
      ? fail(notFound(env.ctxOf(operation), `${role} address of customer ${cid}`))
      : f(n, role),
  )
}

export const addAddress =
  (env: PayTraceEnv) =>
  (cid: string, input: AddressInput): TE.TaskEither<VaultError, Written<Address>> => {
    const operation = 'addresses.add'
    return withStored(env, operation, cid, (n, c) =>
      findSlot(c, input.role) !== undefined
        ? fail(
            vaultError(
              'Conflict',
              env.ctxOf(operation),
              `customer ${cid} already has a ${input.role} address; PayTrace keeps one (update it instead)`,
            ),
          )
        : writeSlot(env, operation, n, input.role, input, 'input.'),
    )
  }

export const updateAddress =
  (env: PayTraceEnv) =>
  (cid: string, aid: string, patch: AddressPatch): TE.TaskEither<VaultError, Written<Address>> => {
    const operation = 'addresses.update'
    return withFilledSlot(env, operation, cid, aid, (n, role) =>
      writeSlot(env, operation, n, role, patch, 'patch.'),
    )
  }

export const removeAddress =
  (env: PayTraceEnv) =>
  (cid: string, aid: string): TE.TaskEither<VaultError, void> => {
    const operation = 'addresses.remove'
    return withFilledSlot(env, operation, cid, aid, (n, role) =>
      pipe(
        sendPatch(env, operation, n, { [`${role}_address`]: emptyWireAddress(role) }),
        TE.map(() => undefined),
      ),
    )
  }

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const addressOperations: PortOperations<PayTraceEnv, AddressesPort> = {
  add: addAddress,
  update: updateAddress,
  remove: removeAddress,
}
