/**
 * Reads of Valor records that several operation rooms need: a customer's detail (V11) and its
 * stored payment methods (V12 cards + V13 ACH profiles). `secrets` are the calling operation's
 * sensitive values, scrubbed from any error these reads return.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import type { PaymentMethod } from '@vaultport/core'
import type { ValorEnv } from '../env'
import { read, type Task } from '../request'
import { bankAccountFromWire, cardFromWire } from '../translate'
import {
  GetCustomerResponse,
  ListAchResponse,
  ListCardsResponse,
  type CustomerDetail,
} from '../wire'

type Secrets = ReadonlyArray<string> | undefined

const withSecrets = (secrets: Secrets) => (secrets === undefined ? {} : { secrets })

export const customerDetail = (
  env: ValorEnv,
  op: string,
  id: string,
  secrets?: Secrets,
): Task<CustomerDetail> =>
  read(
    env,
    { op, route: 'getCustomer', params: { customer: id }, ...withSecrets(secrets) },
    GetCustomerResponse,
    (r) => E.right(r.data),
  )

/** Every stored card (V12); one unreadable record fails the whole answer. */
export const listCards = (
  env: ValorEnv,
  op: string,
  id: string,
  secrets?: Secrets,
): Task<ReadonlyArray<PaymentMethod>> =>
  read(
    env,
    { op, route: 'listCards', params: { customer: id }, ...withSecrets(secrets) },
    ListCardsResponse,
    (r) => E.traverseArray(cardFromWire)(r.data ?? []),
  )

/** Every stored ACH profile (V13); one unreadable record fails the whole answer. */
export const listAch = (
  env: ValorEnv,
  op: string,
  id: string,
  secrets?: Secrets,
): Task<ReadonlyArray<PaymentMethod>> =>
  read(
    env,
    { op, route: 'listAch', params: { customer: id }, ...withSecrets(secrets) },
    ListAchResponse,
    (r) => E.traverseArray(bankAccountFromWire)(r.data ?? []),
  )

/** All the customer's stored methods: cards (V12) first, then ACH profiles (V13). */
export const readPaymentMethods = (
  env: ValorEnv,
  op: string,
  id: string,
  secrets?: Secrets,
): Task<ReadonlyArray<PaymentMethod>> =>
  pipe(
    TE.Do,
    TE.apS('cards', listCards(env, op, id, secrets)),
    TE.apS('ach', listAch(env, op, id, secrets)),
    TE.map(({ cards, ach }) => [...cards, ...ach]),
  )
