/**
 * The stored profile, as several operation groups read and write it: a read (C7), the profile
 * behind a create or update answer, a PATCH (C5), and "read it, then act on it".
 */
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import type { Customer, VaultError } from '@vaultport/core'
import type { PayTraceEnv } from '../env'
import { call, callById, withId } from '../request'
import { customerFromWire } from '../translate'
import { WireCustomerResponse, type WireCustomer } from '../wire'

/** The stored profile `id` on the wire (C7). */
export const getProfileWire = (
  env: PayTraceEnv,
  operation: string,
  id: string,
): TE.TaskEither<VaultError, WireCustomer> =>
  pipe(
    callById(env, operation, 'customer', id, 'customerGet', WireCustomerResponse),
    TE.map((r) => r.data),
  )

/** A create or update answer: the full profile, or (if only the id came back) a read. */
export const settleCustomer = (
  env: PayTraceEnv,
  operation: string,
  id: number | string,
  data: WireCustomer | undefined,
): TE.TaskEither<VaultError, Customer> =>
  data !== undefined && data.customer_label !== undefined && data.customer_label !== null
    ? TE.right(customerFromWire(data))
    : pipe(
        getProfileWire(env, operation, String(id)),
        TE.map((w) => customerFromWire(w)),
      )

/**
 * PATCH a profile (its own fields, an address slot, a card, a check) and read the result. The
 * merchant id joins the body; a body that already names it keeps the same value.
 */
export const patchCustomer = (
  env: PayTraceEnv,
  operation: string,
  n: number,
  body: Record<string, unknown>,
  secrets: ReadonlyArray<string> = [],
): TE.TaskEither<VaultError, Customer> =>
  pipe(
    call(
      env,
      {
        operation,
        route: 'customerUpdate',
        params: { customer_id: String(n) },
        json: { ...body, ...env.merchant },
        idempotent: true,
        secrets,
      },
      WireCustomerResponse,
    ),
    TE.chain((r) => settleCustomer(env, operation, n, r.data)),
  )

/** Reads the stored profile of `cid`, then continues with its numeric id and canonical form. */
export const withStored = <A>(
  env: PayTraceEnv,
  operation: string,
  cid: string,
  f: (n: number, c: Customer) => TE.TaskEither<VaultError, A>,
): TE.TaskEither<VaultError, A> =>
  withId(env, operation, 'customer', cid, (n) =>
    pipe(
      getProfileWire(env, operation, cid),
      TE.map((w) => customerFromWire(w)),
      TE.chain((c) => f(n, c)),
    ),
  )
