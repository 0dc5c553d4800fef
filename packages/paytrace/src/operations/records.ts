/**
 * The stored profile, as several operation groups read and write it: a read (C7), a PATCH (C5),
 * the profile behind a confirmed write, and "read it, then act on it".
 *
 * Once PayTrace has confirmed a write, nothing that follows may hide it: the profile is taken
 * from the answer in whatever shape it came (`data`, a list of one, the top level) or read back,
 * and a failure of either is `ConfirmedUnread` with the id of what was written.
 */
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import { Customer, type VaultError } from '@vaultport/core'
import type { PayTraceEnv } from '../env'
import {
  afterWrite,
  callById,
  callWrite,
  representable,
  withId,
  writtenRecordIn,
  type Answer,
} from '../request'
import { customerFromWire } from '../translate'
import { WireCustomer, WireCustomerResponse } from '../wire'

/** Where a customer write answer names the profile's id. */
export const CUSTOMER_ID_KEYS = ['customer_id', 'id'] as const

/** The stored profile `id` on the wire (C7). */
export const getProfileWire = (
  env: PayTraceEnv,
  operation: string,
  id: string,
  secrets: ReadonlyArray<string> = [],
): TE.TaskEither<VaultError, WireCustomer> =>
  pipe(
    callById(env, operation, 'customer', id, 'customerGet', WireCustomerResponse, secrets),
    TE.map((r) => r.data),
  )

/** The profile the answer carries: one with its label, which a bare id acknowledgement lacks. */
export const profileIn = (a: Answer): WireCustomer | undefined =>
  writtenRecordIn(
    a.json,
    WireCustomer,
    ['customer'],
    (w) => w.customer_label !== undefined && w.customer_label !== null,
  )

/**
 * The profile `id` after PayTrace confirmed a write to it: the answer's, else a read (C7). Any
 * failure is `ConfirmedUnread` naming `writtenId` (the profile, or the address or payment
 * method the write was about).
 */
export const settleCustomer = (
  env: PayTraceEnv,
  operation: string,
  id: string,
  a: Answer,
  writtenId: string = id,
): TE.TaskEither<VaultError, Customer> => {
  const carried = profileIn(a)
  return pipe(
    carried === undefined ? getProfileWire(env, operation, id, a.secrets) : TE.right(carried),
    TE.chainEitherK((w) => representable(env, operation, Customer, customerFromWire(w))),
    afterWrite(env, operation, writtenId),
  )
}

/**
 * PATCH a profile (its own fields, an address slot, a card, a check); Right is PayTrace's
 * confirmation. The merchant id joins the body; a body that already names it keeps the value.
 */
export const sendPatch = (
  env: PayTraceEnv,
  operation: string,
  n: number,
  body: Record<string, unknown>,
  secrets: ReadonlyArray<string> = [],
): TE.TaskEither<VaultError, Answer> =>
  callWrite(env, {
    operation,
    route: 'customerUpdate',
    params: { customer_id: String(n) },
    json: { ...body, ...env.merchant },
    idempotent: true,
    secrets,
  })

/** PATCH a profile and settle it; after the confirmation, failures name `writtenId`. */
export const patchCustomer = (
  env: PayTraceEnv,
  operation: string,
  n: number,
  body: Record<string, unknown>,
  options: { readonly secrets?: ReadonlyArray<string>; readonly writtenId?: string } = {},
): TE.TaskEither<VaultError, Customer> =>
  pipe(
    sendPatch(env, operation, n, body, options.secrets),
    TE.chain((a) => settleCustomer(env, operation, String(n), a, options.writtenId)),
  )

/**
 * Reads the stored profile of `cid`, then continues with its numeric id and canonical form. The
 * read names the operation's `secrets`: its answer must not carry what the write will send.
 */
export const withStored = <A>(
  env: PayTraceEnv,
  operation: string,
  cid: string,
  f: (n: number, c: Customer) => TE.TaskEither<VaultError, A>,
  secrets: ReadonlyArray<string> = [],
): TE.TaskEither<VaultError, A> =>
  withId(env, operation, 'customer', cid, (n) =>
    pipe(
      getProfileWire(env, operation, cid, secrets),
      TE.map((w) => customerFromWire(w)),
      TE.chain((c) => f(n, c)),
    ),
  )
