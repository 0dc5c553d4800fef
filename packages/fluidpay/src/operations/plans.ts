/**
 * FluidPay's plans, add-ons and discounts (`vault.fluidpay.plans`, `.addOns`, `.discounts`):
 * create, get, list, update (POST) and delete each. They are not behind `defineVault`, so each
 * checks its own arguments first (`guarded`): a bad one is a `Validation` Left before any
 * request, and nothing throws or rejects. Writes end as the port's do: confirmed (read back,
 * `ConfirmedUnread` with the id if that fails), refused, or `OutcomeUnknown`.
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import type * as t from 'io-ts'
import {
  written,
  type FieldIssue,
  type VaultError,
  type Warning,
  type Written,
} from '@vaultport/core'
import type { FluidPayEnv, Op } from '../env'
import { call, dataAs, translated, type Answer } from '../request'
import { idsProblem, type RouteName, type RouteParams } from '../routes'
import {
  adjustmentBody,
  planBody,
  toAdjustment,
  toPlan,
  type FluidPayAdjustment,
  type FluidPayAdjustmentInput,
  type FluidPayPlan,
  type FluidPayPlanInput,
  type FluidPayPlanPatch,
} from '../translate'
import {
  AdjustmentData,
  AdjustmentList,
  PlanData,
  PlanList,
  WireAdjustment,
  WirePlan,
} from '../wire'
import { guarded } from './extensions'
import { confirmed, readById, readRecordReply, recordOf, unnamed } from './records'

// ---- model

/** @category Extensions */
export interface FluidPayList<A> {
  readonly items: ReadonlyArray<A>
  readonly totalCount?: number
}

/**
 * Create, get, list, update and delete of one kind of recurring record.
 * @category Extensions
 */
export interface FluidPayRecurringRecords<A, Input, Patch> {
  readonly create: (input: Input) => TE.TaskEither<VaultError, Written<A>>
  readonly get: (id: string) => TE.TaskEither<VaultError, A>
  readonly list: () => TE.TaskEither<VaultError, FluidPayList<A>>
  readonly update: (id: string, patch: Patch) => TE.TaskEither<VaultError, Written<A>>
  readonly delete: (id: string) => TE.TaskEither<VaultError, void>
}

/** @category Extensions */
export type FluidPayPlans = FluidPayRecurringRecords<
  FluidPayPlan,
  FluidPayPlanInput,
  FluidPayPlanPatch
>
/** @category Extensions */
export type FluidPayAdjustments = FluidPayRecurringRecords<
  FluidPayAdjustment,
  FluidPayAdjustmentInput,
  FluidPayAdjustmentInput
>

// ---- one kind of record, as data

interface Kind<W extends { readonly id: string }, A> {
  /** `plans`, `addOns`, `discounts`: the operation names are `fluidpay.<name>.<op>`. */
  readonly name: string
  /** What an error calls one: `plan`, `add-on`, `discount`. */
  readonly what: string
  readonly param: keyof RouteParams
  readonly routes: Readonly<Record<'create' | 'get' | 'list' | 'update' | 'delete', RouteName>>
  readonly record: t.Type<W, unknown, unknown>
  readonly byId: t.Type<W | W[] | null | undefined, unknown, unknown>
  readonly list: t.Type<W[] | null, unknown, unknown>
  readonly read: (env: FluidPayEnv, w: W) => E.Either<string, A>
  /** The body of a create (`patch` false) or an update, with its warnings; or the issues. */
  readonly body: (
    env: FluidPayEnv,
    u: unknown,
    patch: boolean,
  ) => E.Either<ReadonlyArray<FieldIssue>, { body: object; warnings: ReadonlyArray<Warning> }>
}

const routesOf = (base: string): Kind<{ id: string }, unknown>['routes'] => {
  const plural = base === 'AddOn' ? 'AddOns' : `${base}s`
  return {
    create: `create${base}` as RouteName,
    get: `get${base}` as RouteName,
    list: `list${plural}` as RouteName,
    update: `update${base}` as RouteName,
    delete: `delete${base}` as RouteName,
  }
}

const PLANS: Kind<WirePlan, FluidPayPlan> = {
  name: 'plans',
  what: 'plan',
  param: 'planId',
  routes: routesOf('Plan'),
  record: WirePlan,
  byId: PlanData,
  list: PlanList,
  read: (env, w) => toPlan(env.recurring, w),
  body: (env, u, patch) => planBody(env.recurring, env.capabilities, u, patch),
}

const adjustmentKind = (
  name: 'addOns' | 'discounts',
  what: string,
  param: 'addOnId' | 'discountId',
  base: string,
): Kind<WireAdjustment, FluidPayAdjustment> => ({
  name,
  what,
  param,
  routes: routesOf(base),
  record: WireAdjustment,
  byId: AdjustmentData,
  list: AdjustmentList,
  read: (_env, w) => E.right(toAdjustment(w)),
  body: (_env, u, patch) =>
    E.map((body: object) => ({ body, warnings: [] }))(adjustmentBody(u, patch ? 'patch' : 'input')),
})

const ADD_ONS = adjustmentKind('addOns', 'add-on', 'addOnId', 'AddOn')
const DISCOUNTS = adjustmentKind('discounts', 'discount', 'discountId', 'Discount')

// ---- operations

/** An id argument: a string one path segment can carry. */
const idIssues = (env: FluidPayEnv, op: Op, u: unknown): ReadonlyArray<FieldIssue> => {
  if (typeof u !== 'string' || u.trim() === '') return [{ path: 'id', message: 'must be an id' }]
  return idsProblem(env.ctxOf(op), { planId: u })?.issues.map((i) => ({ ...i, path: 'id' })) ?? []
}

const recordsOf = <W extends { readonly id: string }, A, Input, Patch>(
  env: FluidPayEnv,
  k: Kind<W, A>,
): FluidPayRecurringRecords<A, Input, Patch> => {
  const opOf = (name: string): Op => `fluidpay.${k.name}.${name}`
  const readWire = (op: Op, id: string) =>
    readById(env)(op, k.routes.get, { [k.param]: id }, k.byId, k.what, id)
  const readOne = (op: Op, id: string) =>
    pipe(
      readWire(op, id),
      TE.chainEitherK((w) => translated(env)(op)(k.read(env, w))),
    )
  /** A confirmed write's record: the answer's, else a read; any failure keeps the id. */
  const settle = (op: Op, answer: Answer, known?: string) => {
    const reply = readRecordReply(answer, k.record)
    // An update names its record already; only a create's answer says what it made.
    const id = known ?? reply.id
    if (id === undefined) return TE.left(unnamed(env, op, `the ${k.what} it created`))
    return pipe(
      recordOf(id, reply, () => readWire(op, id)),
      TE.chainEitherK((w) => translated(env)(op)(k.read(env, w))),
      confirmed(env, op, id),
    )
  }
  const idOnly = (op: Op) => (args: ReadonlyArray<unknown>) => {
    const issues = idIssues(env, op, args[0])
    return issues.length > 0 ? E.left(issues) : E.right([args[0] as string] as [string])
  }
  const create = guarded(
    env,
    opOf('create'),
    ['input'],
    ([u]) =>
      E.map((b: { body: object; warnings: ReadonlyArray<Warning> }) => [b] as [typeof b])(
        k.body(env, u, false),
      ),
    ({ body, warnings }) =>
      pipe(
        call(env)(opOf('create'), k.routes.create, {}, body),
        TE.chain((answer) => settle(opOf('create'), answer)),
        TE.map((a) => written(a, warnings)),
      ),
  )
  const update = guarded(
    env,
    opOf('update'),
    ['id', 'patch'],
    ([id, u]) => {
      const issues = [...idIssues(env, opOf('update'), id)]
      const b = k.body(env, u, true)
      if (E.isLeft(b)) issues.push(...b.left)
      type Args = [string, { body: object; warnings: ReadonlyArray<Warning> }]
      return issues.length > 0 || E.isLeft(b)
        ? E.left(issues)
        : E.right<ReadonlyArray<FieldIssue>, Args>([id as string, b.right])
    },
    (id: string, { body, warnings }) =>
      pipe(
        call(env)(opOf('update'), k.routes.update, { [k.param]: id }, body),
        TE.chain((answer) => settle(opOf('update'), answer, id)),
        TE.map((a) => written(a, warnings)),
      ),
  )
  return {
    create,
    update,
    get: guarded(env, opOf('get'), ['id'], idOnly(opOf('get')), (id: string) =>
      readOne(opOf('get'), id),
    ),
    delete: guarded(env, opOf('delete'), ['id'], idOnly(opOf('delete')), (id: string) =>
      pipe(
        call(env)(opOf('delete'), k.routes.delete, { [k.param]: id }),
        TE.map(() => undefined),
      ),
    ),
    list: guarded(
      env,
      opOf('list'),
      [],
      () => E.right([] as []),
      () => {
        const op = opOf('list')
        return pipe(
          call(env)(op, k.routes.list, {}),
          TE.chain((answer) =>
            pipe(
              TE.fromEither(dataAs(env)(op, k.list)(answer)),
              TE.chainEitherK((ws) =>
                translated(env)(op)(E.sequenceArray((ws ?? []).map((w) => k.read(env, w)))),
              ),
              TE.map((items) => {
                const total = answer.envelope.total_count
                return typeof total === 'number' ? { items, totalCount: total } : { items }
              }),
            ),
          ),
        )
      },
    ),
  }
}

export const plans = (env: FluidPayEnv): FluidPayPlans => recordsOf(env, PLANS)

export const addOns = (env: FluidPayEnv): FluidPayAdjustments => recordsOf(env, ADD_ONS)

export const discounts = (env: FluidPayEnv): FluidPayAdjustments => recordsOf(env, DISCOUNTS)
