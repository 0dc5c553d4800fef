/**
 * Reads of Valor records that several operation rooms need: a customer's detail (V11) and its
 * stored payment methods (V12 cards + V13 ACH profiles).
 */
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import type { PaymentMethod } from '@vaultport/core'
import type { ValorEnv } from '../env'
import { call, collectRecords, type Task } from '../request'
import { bankAccountFromWire, cardFromWire } from '../translate'
import {
  GetCustomerResponse,
  ListAchResponse,
  ListCardsResponse,
  type CustomerDetail,
} from '../wire'

export const customerDetail = (env: ValorEnv, op: string, id: string): Task<CustomerDetail> =>
  pipe(
    call(env, { op, route: 'getCustomer', params: { customer: id } }, GetCustomerResponse),
    TE.map((r) => r.data),
  )

export const listCards = (
  env: ValorEnv,
  op: string,
  id: string,
): Task<ReadonlyArray<PaymentMethod>> =>
  pipe(
    call(env, { op, route: 'listCards', params: { customer: id } }, ListCardsResponse),
    TE.chainEitherK((r) => collectRecords(env, op, r.data ?? [], cardFromWire)),
  )

export const listAch = (
  env: ValorEnv,
  op: string,
  id: string,
): Task<ReadonlyArray<PaymentMethod>> =>
  pipe(
    call(env, { op, route: 'listAch', params: { customer: id } }, ListAchResponse),
    TE.chainEitherK((r) => collectRecords(env, op, r.data ?? [], bankAccountFromWire)),
  )

/** All the customer's stored methods: cards (V12) first, then ACH profiles (V13). */
export const readPaymentMethods = (
  env: ValorEnv,
  op: string,
  id: string,
): Task<ReadonlyArray<PaymentMethod>> =>
  pipe(
    TE.Do,
    TE.apS('cards', listCards(env, op, id)),
    TE.apS('ach', listAch(env, op, id)),
    TE.map(({ cards, ach }) => [...cards, ...ach]),
  )
