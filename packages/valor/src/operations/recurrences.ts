/**
 * The recurrences port over Valor's subscription API (its own host, credentials in the body):
 * a subscription charges one card payment profile (`PaymentProfileID`) of a vault customer
 * (`CustomerProfileID`). What each call costs:
 * - `create` = VR1 add (+ V12 when no card is named) + the read of `get`;
 * - `get` = VR6 list filtered by the id, active first, then inactive (no single read is known);
 * - `update` = `get` + VR2 (the fields) and/or VR3 activate / VR4 deactivate (the status) + `get`;
 * - `delete` = VR5; `listByCustomer` = V11 (the customer must exist) + VR6 active + VR6
 *   inactive, kept by customer and paged here (Valor's list takes no customer and no page).
 *
 * Every write ends confirmed, refused or unknown: an add answered with an empty 200 (as Valor's
 * sandbox does when it creates nothing), or with no id, is `OutcomeUnknown` and names the
 * `invoice_no` reference `vault.valor.findRecurrence` finds it again by.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  notFound,
  offsetCursor,
  readOffsetCursor,
  unexpectedResponse,
  unsupported,
  validationError,
  warning,
  written,
  type CustomerId,
  type FieldIssue,
  type ListQuery,
  type Page,
  type PortOperations,
  type Recurrence,
  type RecurrenceId,
  type RecurrenceInput,
  type RecurrencePatch,
  type RecurrencesPort,
  type VaultError,
  type Warning,
  type Written,
} from '@vaultport/core'
import type { SubscriptionEnv, ValorEnv } from '../env'
import {
  afterWrite,
  createdId,
  idProblem,
  inOrder,
  subscriptionsOf,
  subscriptionWrite,
  type Task,
} from '../request'
import {
  amountToWire,
  chargeUntilToWire,
  firstCharge,
  INVOICE_NO,
  invoiceReference,
  isWireId,
  paymentInfoOf,
  parsePaymentMethodId,
  scheduleToWire,
  subscriptionIdOf,
  wireText,
  type WireSchedule,
} from '../translate'
import { subscriptionIdKeys } from '../wire'
import {
  customerDetail,
  listBoth,
  listCards,
  readOne,
  toRecurrence,
  type SubscriptionItem,
} from './records'

const DEFAULT_PAGE_SIZE = 25
const DESCRIPTION_MAX = 50

// ---- checks before any request

/** The subscription API and the checked id, or the error to answer with (before any request). */
const target = (
  env: ValorEnv,
  op: string,
  id: string,
): E.Either<VaultError, { readonly s: SubscriptionEnv; readonly id: string }> =>
  pipe(
    subscriptionsOf(env, op),
    E.chain((s) => {
      const bad = idProblem(env, op, [['id', id]])
      if (bad !== undefined) return E.left(bad)
      return isWireId(id)
        ? E.right({ s, id })
        : E.left(notFound(env.ctxOf(op), `Valor subscription ${id}`))
    }),
  )

/** The card id a `card:<id>` names; a bank account is Unsupported, anything else NotFound. */
const cardOf = (env: ValorEnv, op: string, id: string): E.Either<VaultError, string> => {
  const bad = idProblem(env, op, [['paymentMethodId', id]])
  if (bad !== undefined) return E.left(bad)
  const parsed = parsePaymentMethodId(id)
  if (parsed === undefined) return E.left(notFound(env.ctxOf(op), `Valor payment method ${id}`))
  return parsed.rail === 'card'
    ? E.right(parsed.id)
    : E.left(unsupported(env.ctxOf(op), 'Valor subscriptions charge cards only'))
}

/** The card a schedule charges when none is named: the customer's one active card (V12). */
const onlyCard = (env: ValorEnv, op: string, customer: string): Task<string> =>
  pipe(
    listCards(env, op, customer),
    TE.chainEitherK((methods) => {
      const cards = methods.filter((m) => m.kind === 'card' && m.status !== 'inactive')
      const [only] = cards
      const parsed = only === undefined ? undefined : parsePaymentMethodId(only.id)
      return cards.length === 1 && parsed !== undefined
        ? E.right(parsed.id)
        : E.left(
            validationError(env.ctxOf(op), [
              {
                path: 'paymentMethodId',
                message:
                  cards.length === 0
                    ? 'the customer has no active card for Valor to charge'
                    : `Valor keeps no default card and the customer holds ${cards.length}: name the one to charge`,
              },
            ]),
          )
    }),
  )

const descriptionOf = (text: string | undefined, at: string) =>
  text === undefined || text === ''
    ? { warnings: [] }
    : text.length <= DESCRIPTION_MAX
      ? { value: text, warnings: [] }
      : {
          value: text.slice(0, DESCRIPTION_MAX),
          warnings: [
            warning(
              'field_truncated',
              `Valor keeps 50 characters of a product description; the rest was not stored`,
              at,
            ),
          ],
        }

/** A warning when Valor's first charge from `from` is not on `from` itself. */
const shiftWarning = (s: SubscriptionEnv, w: WireSchedule, from: string, at: string) => {
  const first = firstCharge(w, from, s)
  return first === undefined || first === from
    ? []
    : [
        warning(
          'start_date_shifted',
          `Valor charges this schedule on ${s.keys.chargeOn} "${w.chargeOn}": its first charge will be ${first}, not ${from}`,
          at,
        ),
      ]
}

// ---- create

/** An add, ready to send: its fields, its reference and what it could not keep exactly. */
export interface Prepared {
  readonly fields: Readonly<Record<string, unknown>>
  readonly reference: string
  readonly customer: string
  readonly card: string
  readonly startDate: string
  readonly warnings: ReadonlyArray<Warning>
}

/** The add's fields from the input, every problem found before any request (but V12). */
export const prepareAdd = (
  env: ValorEnv,
  s: SubscriptionEnv,
  op: string,
  input: RecurrenceInput,
  checkPast: boolean,
): Task<Prepared> => {
  const ctx = env.ctxOf(op)
  const bad = idProblem(env, op, [['customerId', input.customerId]])
  if (bad !== undefined) return TE.left(bad)
  if (!isWireId(input.customerId)) {
    return TE.left(notFound(ctx, `Valor customer ${input.customerId}`))
  }
  const named =
    input.paymentMethodId === undefined ? undefined : cardOf(env, op, input.paymentMethodId)
  if (named !== undefined && E.isLeft(named)) return TE.left(named.left)
  const issues: FieldIssue[] = []
  const warnings: Warning[] = []
  const take = <A>(r: E.Either<FieldIssue, { value: A; warnings: ReadonlyArray<Warning> }>) => {
    if (E.isLeft(r)) return void issues.push(r.left)
    warnings.push(...r.right.warnings)
    return r.right.value
  }
  if (checkPast && input.startDate < env.today()) {
    issues.push({ path: 'startDate', message: 'Valor does not start a schedule in the past' })
  }
  const w = take(scheduleToWire(input.schedule, input.startDate, s))
  const until = take(chargeUntilToWire(input.totalCount, s.countFormat))
  const amount = amountToWire(input.amount)
  if (E.isLeft(amount)) issues.push(amount.left)
  const extras = { ...(input.gatewayData ?? {}) }
  const given = extras['invoice_no']
  delete extras['invoice_no']
  if (given !== undefined && (typeof given !== 'string' || !INVOICE_NO.test(given))) {
    issues.push({ path: 'gatewayData.invoice_no', message: 'Valor takes 1–12 letters and digits' })
  }
  for (const key of Object.keys(extras)) {
    warnings.push(
      warning('field_dropped', 'Valor takes no such subscription field', `gatewayData.${key}`),
    )
  }
  if (issues.length > 0 || w === undefined || until === undefined || E.isLeft(amount)) {
    return TE.left(validationError(ctx, issues))
  }
  warnings.push(...shiftWarning(s, w, input.startDate, 'startDate'))
  const description = descriptionOf(input.description, 'description')
  warnings.push(...description.warnings)
  const k = s.keys
  return pipe(
    named === undefined ? onlyCard(env, op, input.customerId) : TE.right(named.right),
    TE.map((card): Prepared => {
      const reference =
        typeof given === 'string'
          ? given
          : invoiceReference([
              input.customerId,
              card,
              amount.right,
              w.recurringType,
              w.chargeOn,
              input.startDate,
              until,
            ])
      return {
        reference,
        customer: input.customerId,
        card,
        startDate: input.startDate,
        warnings,
        fields: {
          [k.amount]: amount.right,
          [k.surchargeAmount]: '0.00',
          [k.surchargeIndicator]: '0',
          [k.paymentInfo]: { [k.customerProfileId]: input.customerId, [k.paymentProfileId]: card },
          [k.recurringType]: w.recurringType,
          [k.chargeOn]: w.chargeOn,
          [k.startsFrom]: input.startDate,
          [k.chargeUntil]: until,
          // "1": validate the card only; "0" would charge the current cycle now.
          [k.isValidateCard]: '1',
          [k.invoiceNo]: reference,
          [k.failureNotification]: '0',
          ...(description.value === undefined ? {} : { [k.productDescription]: description.value }),
        },
      }
    }),
  )
}

/** Where to look for an add whose outcome is unknown. */
const lookFor = (p: Prepared) =>
  `; the add carried invoice_no ${p.reference}: vault.valor.findRecurrence (with the same input) lists the subscriptions starting ${p.startDate} and finds it by that number`

export const createRecurrence =
  (env: ValorEnv) =>
  (input: RecurrenceInput): Task<Written<Recurrence>> => {
    const op = 'recurrences.create'
    const subs = subscriptionsOf(env, op)
    if (E.isLeft(subs)) return TE.left(subs.left)
    const s = subs.right
    return pipe(
      prepareAdd(env, s, op, input, true),
      TE.chain((p) =>
        pipe(
          subscriptionWrite(env, s, { op, route: 'add', fields: p.fields }, subscriptionIdKeys),
          TE.chainEitherK(createdId(env, op, 'subscription')),
          TE.mapLeft((e): VaultError =>
            e.kind === 'OutcomeUnknown' ? { ...e, message: e.message + lookFor(p) } : e,
          ),
          TE.chain((id) =>
            afterWrite(
              env,
              op,
              id,
              readOne(env, s, op, id, { customerId: p.customer, paymentProfileId: p.card }),
            ),
          ),
          TE.map((r) => written(r, p.warnings)),
        ),
      ),
    )
  }

// ---- get, delete, list

export const getRecurrence =
  (env: ValorEnv) =>
  (id: RecurrenceId): Task<Recurrence> => {
    const op = 'recurrences.get'
    const t = target(env, op, id)
    return E.isLeft(t) ? TE.left(t.left) : readOne(env, t.right.s, op, t.right.id)
  }

export const deleteRecurrence =
  (env: ValorEnv) =>
  (id: RecurrenceId): Task<void> => {
    const op = 'recurrences.delete'
    const t = target(env, op, id)
    if (E.isLeft(t)) return TE.left(t.left)
    const { s } = t.right
    return pipe(
      subscriptionWrite(env, s, { op, route: 'delete', fields: { [s.keys.subscriptionId]: id } }),
      TE.map(() => undefined),
    )
  }

export const listRecurrencesByCustomer =
  (env: ValorEnv) =>
  (customerId: CustomerId, query: ListQuery = {}): Task<Page<Recurrence>> => {
    const op = 'recurrences.listByCustomer'
    const subs = subscriptionsOf(env, op)
    if (E.isLeft(subs)) return TE.left(subs.left)
    const s = subs.right
    const bad = idProblem(env, op, [['customerId', customerId]])
    if (bad !== undefined) return TE.left(bad)
    const offset = readOffsetCursor(query.cursor)
    const issues: FieldIssue[] = [
      ...(offset === undefined
        ? [{ path: 'cursor', message: 'is not a cursor from this listing' }]
        : []),
      ...Object.entries(query.filter ?? {})
        .filter(([, v]) => v !== undefined)
        .map(([key]) => ({ path: `filter.${key}`, message: 'Valor subscriptions take no filter' })),
    ]
    if (offset === undefined || issues.length > 0) {
      return TE.left(validationError(env.ctxOf(op), issues))
    }
    if (!isWireId(customerId))
      return TE.left(notFound(env.ctxOf(op), `Valor customer ${customerId}`))
    const size = query.pageSize ?? DEFAULT_PAGE_SIZE
    return pipe(
      // V11 first: a customer Valor does not hold is NotFound, not an empty list.
      customerDetail(env, op, customerId),
      TE.chain(() => listBoth(env, s, op, {})),
      TE.chainEitherK((items) => {
        const unnamed = items.find((i) => paymentInfoOf(i, s.keys).customerId === undefined)
        if (unnamed !== undefined) {
          return E.left(
            unexpectedResponse(
              env.ctxOf(op),
              `Valor's subscription list does not name each subscription's customer (${s.keys.paymentInfo}.${s.keys.customerProfileId}): it cannot be kept by customer`,
            ),
          )
        }
        const mine = items
          .filter((i) => paymentInfoOf(i, s.keys).customerId === customerId)
          .sort((a, b) => Number(subscriptionIdOf(a, s.keys)) - Number(subscriptionIdOf(b, s.keys)))
        return pipe(
          E.traverseArray((i: SubscriptionItem) => toRecurrence(env, s, op, i))(
            mine.slice(offset, offset + size),
          ),
          E.map((page) => ({
            items: page,
            totalCount: mine.length,
            ...(offset + size < mine.length ? { nextCursor: offsetCursor(offset + size) } : {}),
          })),
        )
      }),
    )
  }

// ---- update

/** Why an update cannot be sent, found before any write. */
const patchIssues = (env: ValorEnv, patch: RecurrencePatch): FieldIssue[] =>
  patch.nextDate !== undefined && patch.nextDate < env.today()
    ? [{ path: 'nextDate', message: 'Valor does not start a schedule in the past' }]
    : []

const FIELD_KEYS = [
  'amount',
  'schedule',
  'nextDate',
  'totalCount',
  'description',
  'paymentMethodId',
] as const

/**
 * VR2's fields: what the patch changes, and the rest of the schedule as Valor holds it (one
 * integrator always resends the whole schedule; whether Valor keeps what is left out is not
 * known). A past start is not resent (Valor refuses one); nor is a count (resending it might
 * start it again), which is set at create only.
 */
const updateFields = (
  env: ValorEnv,
  s: SubscriptionEnv,
  op: string,
  id: string,
  current: Recurrence,
  patch: RecurrencePatch,
): E.Either<VaultError, { fields: Record<string, unknown>; card: string; warnings: Warning[] }> => {
  const ctx = env.ctxOf(op)
  const k = s.keys
  const raw = current.gatewayData ?? {}
  const issues: FieldIssue[] = patchIssues(env, patch)
  const warnings: Warning[] = []
  const from = patch.nextDate ?? current.nextDate ?? env.today()
  let w: WireSchedule = {
    recurringType: wireText(raw[k.recurringType]) ?? '',
    chargeOn: wireText(raw[k.chargeOn]) ?? '',
  }
  if (patch.schedule !== undefined) {
    const sw = scheduleToWire(patch.schedule, from, s)
    if (E.isLeft(sw)) issues.push(sw.left)
    else {
      w = sw.right.value
      warnings.push(...sw.right.warnings)
    }
  }
  if (patch.nextDate !== undefined) warnings.push(...shiftWarning(s, w, patch.nextDate, 'nextDate'))
  const amount = amountToWire(patch.amount ?? current.amount)
  if (E.isLeft(amount)) issues.push(amount.left)
  const card = patch.paymentMethodId ?? current.paymentMethodId
  const cardId = card === undefined ? undefined : cardOf(env, op, card)
  if (cardId !== undefined && E.isLeft(cardId)) return E.left(cardId.left)
  if (cardId === undefined) {
    issues.push({
      path: 'paymentMethodId',
      message: "Valor's update needs the card; its list does not show it: name it",
    })
  }
  const total = patch.totalCount ?? current.totalCount
  if (typeof total === 'number' && total !== current.totalCount) {
    return E.left(
      unsupported(
        ctx,
        "Valor's count is set when a schedule is created; delete it and create it again",
      ),
    )
  }
  if (issues.length > 0 || E.isLeft(amount) || cardId === undefined) {
    return E.left(validationError(ctx, issues))
  }
  const start =
    patch.nextDate ??
    (current.startDate !== undefined && current.startDate >= env.today()
      ? current.startDate
      : undefined)
  const description = descriptionOf(patch.description ?? current.description, 'description')
  warnings.push(...(patch.description === undefined ? [] : description.warnings))
  return E.right({
    card: cardId.right,
    warnings,
    fields: {
      [k.subscriptionId]: id,
      [k.amount]: amount.right,
      [k.customFee]: '0.00',
      [k.surchargeIndicator]: '0',
      [k.paymentInfo]: {
        [k.customerProfileId]: current.customerId,
        [k.paymentProfileId]: cardId.right,
      },
      [k.recurringType]: w.recurringType,
      [k.chargeOn]: w.chargeOn,
      ...(start === undefined ? {} : { [k.startsFrom]: start }),
      ...(total === 'open_ended' ? { [k.chargeUntil]: 'never_expired' } : {}),
      // Never "0" here: that charges the current cycle.
      [k.isValidateCard]: '1',
      ...(description.value === undefined ? {} : { [k.productDescription]: description.value }),
    },
  })
}

export const updateRecurrence =
  (env: ValorEnv) =>
  (id: RecurrenceId, patch: RecurrencePatch): Task<Written<Recurrence>> => {
    const op = 'recurrences.update'
    const t = target(env, op, id)
    if (E.isLeft(t)) return TE.left(t.left)
    const { s } = t.right
    if (patch.paymentMethodId !== undefined) {
      const card = cardOf(env, op, patch.paymentMethodId)
      if (E.isLeft(card)) return TE.left(card.left)
    }
    const early = patchIssues(env, patch)
    if (early.length > 0) return TE.left(validationError(env.ctxOf(op), early))
    const changes = FIELD_KEYS.some((key) => patch[key] !== undefined)
    return pipe(
      readOne(env, s, op, id),
      TE.chain((current) => {
        const body = changes ? updateFields(env, s, op, id, current, patch) : E.right(undefined)
        if (E.isLeft(body)) return TE.left(body.left)
        const status =
          patch.status === 'paused'
            ? 'deactivate'
            : patch.status === 'active'
              ? 'activate'
              : undefined
        const steps: Array<Task<unknown>> = [
          ...(body.right === undefined
            ? []
            : [subscriptionWrite(env, s, { op, route: 'update', fields: body.right.fields })]),
          ...(status === undefined
            ? []
            : [
                subscriptionWrite(env, s, {
                  op,
                  route: status,
                  fields: { [s.keys.subscriptionId]: id },
                }),
              ]),
        ]
        const known = {
          customerId: current.customerId,
          ...(body.right === undefined ? {} : { paymentProfileId: body.right.card }),
        }
        return pipe(
          inOrder(env, op, id, steps, readOne(env, s, op, id, known)),
          TE.map((r) => written(r, body.right?.warnings ?? [])),
        )
      }),
    )
  }

/** The port's operations as data; `client.ts` binds them to the vault's environment. */
export const recurrenceOperations: PortOperations<ValorEnv, RecurrencesPort> = {
  create: createRecurrence,
  get: getRecurrence,
  update: updateRecurrence,
  delete: deleteRecurrence,
  listByCustomer: listRecurrencesByCustomer,
}
