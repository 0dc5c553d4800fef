/**
 * The addresses port. FluidPay has no address role: it is read from the customer's defaults, so
 * adding an address may also move a default. A new address is the one the answer names
 * (`created_address_id`, or its id alone), else the one the record newly shows.
 */
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
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
  type CustomerId,
  type VaultError,
  type Warning,
  type Written,
  type AddressesPort,
  type PortOperations,
} from '@vaultport/core'
import type { FluidPayEnv, Op } from '../env'
import { call } from '../request'
import { idsFirst } from '../routes'
import { addressBody, addressFieldsOf, toAddress, toAddressFields } from '../translate'
import type { CustomerRecord, DefaultsBody } from '../wire'
import {
  confirmed,
  createdOn,
  deleteAt,
  getRecord,
  readWriteReply,
  recordAfter,
  updateDefaults,
} from './records'

export const addAddress =
  (env: FluidPayEnv) =>
  (cid: CustomerId, input: AddressInput): TE.TaskEither<VaultError, Written<Address>> => {
    const op = 'addresses.add'
    const { role, ...fields } = input
    const { body, warnings: w } = addressBody(fields, '')
    const warnings: Warning[] = [...w]
    return pipe(
      getRecord(env)(op, cid),
      TE.chain((before) => {
        const d = before.data.customer.defaults
        const shipping = d?.shipping_address_id ?? ''
        if (role === 'shipping' && shipping !== '' && shipping !== (d?.billing_address_id ?? '')) {
          return TE.left(
            vaultError(
              'Conflict',
              env.ctxOf(op),
              `FluidPay reads only the default shipping address as shipping, and address ${shipping} already is; remove it or add this one as billing`,
            ),
          )
        }
        const known = new Set((before.data.customer.addresses ?? []).map((a) => a.id))
        return pipe(
          call(env)(op, 'createAddress', { customerId: cid }, body),
          // The address the answer names, else the one the record newly shows.
          TE.chain((answer) =>
            createdOn(env)(
              op,
              cid,
              'address',
              answer,
              (reply) => reply.addressId,
              (after, named) => {
                const all = after.data.customer.addresses ?? []
                if (named !== undefined) return all.find((a) => a.id === named)?.id
                const added = all.filter((a) => !known.has(a.id))
                return (added[added.length - 1] ?? sameAddress(after, fields))?.id
              },
            ),
          ),
          TE.chain(({ rec: after, id }) =>
            pipe(
              placeRole(env)(op, after, id, role, warnings),
              TE.chain((rec) => {
                const a = (rec.data.customer.addresses ?? []).find((x) => x.id === id)
                return a === undefined
                  ? TE.left(unexpectedResponse(env.ctxOf(op), `address ${id} is not in the record`))
                  : TE.right(written(toAddress(a, rec.data.customer.defaults), warnings))
              }),
              confirmed(env, op, id),
            ),
          ),
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
const placeRole =
  (env: FluidPayEnv) =>
  (
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
      return softDefaults(env)(op, rec, { shipping_address_id: id }, warnings)
    }
    return billing === ''
      ? softDefaults(env)(op, rec, { billing_address_id: id }, warnings)
      : TE.right(rec)
  }

/**
 * The address is stored by then: a defaults write that fails leaves it as it reads, with a
 * warning, rather than hiding it behind an error.
 */
const softDefaults =
  (env: FluidPayEnv) =>
  (
    op: Op,
    rec: CustomerRecord,
    change: DefaultsBody,
    warnings: Warning[],
  ): TE.TaskEither<VaultError, CustomerRecord> =>
    pipe(
      updateDefaults(env)(op, rec, change),
      TE.orElse((e) => {
        const fate = e.kind === 'OutcomeUnknown' ? 'may not have been made' : 'was not made'
        const which = change.shipping_address_id === undefined ? 'billing' : 'shipping'
        warnings.push(
          warning(
            'not_stored',
            `the address was stored but ${fate} the default ${which} address: ${e.message}`,
            'role',
          ),
        )
        return TE.right(rec)
      }),
    )

export const updateAddress =
  (env: FluidPayEnv) =>
  (
    cid: CustomerId,
    aid: AddressId,
    patch: AddressPatch,
  ): TE.TaskEither<VaultError, Written<Address>> => {
    const op = 'addresses.update'
    return pipe(
      getRecord(env)(op, cid),
      TE.chain((rec) => {
        const current = (rec.data.customer.addresses ?? []).find((a) => a.id === aid)
        if (current === undefined) return TE.left(notFound(env.ctxOf(op), `address ${aid}`))
        const stored = addressFieldsOf(toAddress(current, rec.data.customer.defaults))
        const { body, warnings } = addressBody({ ...stored, ...patch }, '')
        return pipe(
          call(env)(op, 'updateAddress', { customerId: cid, addressId: aid }, body),
          TE.chain((answer) =>
            pipe(
              recordAfter(env)(op, cid)(readWriteReply(answer)),
              TE.chain((after) => {
                const a = (after.data.customer.addresses ?? []).find((x) => x.id === aid)
                return a === undefined
                  ? TE.left(
                      unexpectedResponse(
                        env.ctxOf(op),
                        'FluidPay did not show the updated address',
                      ),
                    )
                  : TE.right(written(toAddress(a, after.data.customer.defaults), warnings))
              }),
              confirmed(env, op, aid),
            ),
          ),
        )
      }),
    )
  }

export const removeAddress = (env: FluidPayEnv) => (cid: CustomerId, aid: AddressId) =>
  deleteAt(env)('addresses.remove', 'deleteAddress', { customerId: cid, addressId: aid })

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const addressOperations: PortOperations<FluidPayEnv, AddressesPort> = {
  add: idsFirst('addresses.add', ['customerId'])(addAddress),
  update: idsFirst('addresses.update', ['customerId', 'addressId'])(updateAddress),
  remove: idsFirst('addresses.remove', ['customerId', 'addressId'])(removeAddress),
}
