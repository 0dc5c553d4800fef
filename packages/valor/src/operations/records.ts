/**
 * Reads of Valor records that several operation rooms need: a customer's detail (V11), its
 * stored payment methods (V12 cards + V13 ACH profiles), and subscriptions (VR6, the list call:
 * the subscription API has no other read). `secrets` are the calling operation's sensitive
 * values, sent with these reads too.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  notFound,
  unexpectedResponse,
  type PaymentMethod,
  type Recurrence,
  type VaultError,
} from '@vaultport/core'
import type { SubscriptionEnv, ValorEnv } from '../env'
import { read, subscriptionList, type Task } from '../request'
import {
  bankAccountFromWire,
  cardFromWire,
  listDate,
  recurrenceFromWire,
  subscriptionIdOf,
  type RecordContext,
} from '../translate'
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

// ---- subscriptions (VR6, the only read the subscription API has)

/** One subscription as the list shows it. */
export type SubscriptionItem = Readonly<Record<string, unknown>>

const contextOf = (env: ValorEnv, s: SubscriptionEnv, known?: RecordContext['known']) => ({
  keys: s.keys,
  rules: s,
  today: env.today(),
  ...(known === undefined ? {} : { known }),
})

/** The subscriptions of a list answer: `data` as a list (or one object); absent is none. */
const itemsOf = (
  env: ValorEnv,
  op: string,
  s: SubscriptionEnv,
  body: unknown,
): E.Either<VaultError, ReadonlyArray<SubscriptionItem>> => {
  const data: unknown = (body as Record<string, unknown>)[s.keys.listData]
  const list = data === undefined || data === null ? [] : Array.isArray(data) ? data : [data]
  return list.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))
    ? E.right(list as ReadonlyArray<SubscriptionItem>)
    : E.left(
        unexpectedResponse(
          env.ctxOf(op),
          `Valor answered a subscription list whose ${s.keys.listData} holds something other than subscriptions`,
        ),
      )
}

export interface ListFilter {
  readonly id?: string
  readonly startsFrom?: string
}

/** VR6 for the active (true) or the inactive (false) subscriptions, filtered. */
const listOnce = (
  env: ValorEnv,
  s: SubscriptionEnv,
  op: string,
  active: boolean,
  filter: ListFilter,
): Task<ReadonlyArray<SubscriptionItem>> => {
  const k = s.keys
  return pipe(
    subscriptionList(env, s, {
      op,
      fields: {
        [k.listStatus]: active,
        ...(filter.id === undefined ? {} : { [k.subscriptionId]: filter.id }),
        ...(filter.startsFrom === undefined
          ? {}
          : { [k.listStartsFrom]: listDate(filter.startsFrom, s.listDateFormat) }),
      },
    }),
    TE.chainEitherK((body) => itemsOf(env, op, s, body)),
  )
}

/** Both lists, active first, each subscription once (in case Valor ignores the status filter). */
export const listBoth = (
  env: ValorEnv,
  s: SubscriptionEnv,
  op: string,
  filter: ListFilter,
): Task<ReadonlyArray<SubscriptionItem>> =>
  pipe(
    TE.Do,
    TE.apS('active', listOnce(env, s, op, true, filter)),
    TE.apS('inactive', listOnce(env, s, op, false, filter)),
    TE.map(({ active, inactive }) => {
      const seen = new Set<string>()
      return [...active, ...inactive].filter((item) => {
        const id = subscriptionIdOf(item, s.keys)
        if (id === undefined) return true
        if (seen.has(id)) return false
        seen.add(id)
        return true
      })
    }),
  )

/**
 * A list item as a recurrence; one the adapter cannot read is UnexpectedResponse. Its reason
 * goes through the subscription client's redactor: a list request carries no secrets of its own
 * (the app key and EPI are the client's), so that is what each list answer's redactor knows.
 */
export const toRecurrence = (
  env: ValorEnv,
  s: SubscriptionEnv,
  op: string,
  item: SubscriptionItem,
  known?: RecordContext['known'],
): E.Either<VaultError, Recurrence> =>
  pipe(
    recurrenceFromWire(item, contextOf(env, s, known)),
    E.mapLeft((why) =>
      unexpectedResponse(
        env.ctxOf(op),
        `Valor answered a subscription the adapter cannot read: ${s.http.redactor().text(why)}`,
      ),
    ),
  )

/** One subscription: VR6 by id, active first, then inactive; neither lists it: NotFound. */
export const readOne = (
  env: ValorEnv,
  s: SubscriptionEnv,
  op: string,
  id: string,
  known?: RecordContext['known'],
): Task<Recurrence> => {
  const find = (items: ReadonlyArray<SubscriptionItem>) =>
    items.find((i) => subscriptionIdOf(i, s.keys) === id)
  return pipe(
    listOnce(env, s, op, true, { id }),
    TE.chain((active) => {
      const hit = find(active)
      return hit !== undefined
        ? TE.right(hit)
        : pipe(
            listOnce(env, s, op, false, { id }),
            TE.chain((inactive) => {
              const again = find(inactive)
              return again === undefined
                ? TE.left(notFound(env.ctxOf(op), `Valor subscription ${id}`))
                : TE.right(again)
            }),
          )
    }),
    TE.chainEitherK((item) => toRecurrence(env, s, op, item, known)),
  )
}
