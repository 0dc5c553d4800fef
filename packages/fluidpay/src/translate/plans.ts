/**
 * FluidPay's plans, add-ons and discounts (`vault.fluidpay`) between their vaultport shapes and
 * the wire: amounts in cents, percentages in thousandths of a percent, durations as billings
 * (0 = until cancelled), a plan's schedule in the canonical calendar. Inputs come from callers
 * outside `defineVault`, so each is checked here, key by key: a key FluidPay has no field for is
 * an issue, never ignored.
 */
import * as E from 'fp-ts/Either'
import {
  canSchedule,
  decodeFast,
  describeSchedule,
  issuesFromDecodeErrors,
  Schedule,
  TotalCount,
  type Capabilities,
  type FieldIssue,
  type Warning,
} from '@vaultport/core'
import type {
  AdjustmentBody,
  AdjustmentRefBody,
  PlanBody,
  WireAdjustment,
  WireAdjustmentRef,
  WirePlan,
} from '../wire'
import { durationOf, readSchedule, scheduleBody, type RecurringSettings } from './schedules'
import { compact, issue, readTimestamp, text, TEXT_MAX } from './shared'

// ---- model

/**
 * An add-on or discount as a plan or subscription refers to it. Only `id` is needed; the other
 * fields override the referenced record there.
 * @category Extensions
 */
export interface FluidPayAdjustmentRef {
  readonly id: string
  readonly name?: string
  readonly description?: string
  /** Cents. Either this or `percentage`. */
  readonly amount?: number
  /** Thousandths of a percent (43440 = 43.44 %): 0, or 100 to 100000. */
  readonly percentage?: number
  /** How many billings it applies to; 0 = until cancelled. */
  readonly duration?: number
}

/**
 * An add-on or discount to create or update (FR1, FR4, FR6, FR9).
 * @category Extensions
 */
export type FluidPayAdjustmentInput = Omit<FluidPayAdjustmentRef, 'id'>

/** @category Extensions */
export interface FluidPayAdjustment extends FluidPayAdjustmentRef {
  readonly createdAt?: string
  readonly updatedAt?: string
}

/**
 * A plan to create (FR11): what every subscription on it bills, unless it overrides it.
 * @category Extensions
 */
export interface FluidPayPlanInput {
  readonly name: string
  readonly description?: string
  /** Cents. */
  readonly amount: number
  /** Monthly and yearly plans name their `dayOfMonth` (a plan has no start date to take it from). */
  readonly schedule: Schedule
  readonly totalCount: TotalCount
  readonly addOns?: ReadonlyArray<FluidPayAdjustmentRef>
  readonly discounts?: ReadonlyArray<FluidPayAdjustmentRef>
}

/**
 * A plan update (FR14); `updateSubscriptions` pushes a new amount to its subscriptions.
 * @category Extensions
 */
export type FluidPayPlanPatch = Partial<FluidPayPlanInput> & {
  readonly updateSubscriptions?: boolean
}

/**
 * A plan as FluidPay answers it; a list may answer little more than the id.
 * @category Extensions
 */
export interface FluidPayPlan {
  readonly id: string
  readonly name?: string
  readonly description?: string
  readonly amount?: number
  readonly schedule?: Schedule
  readonly totalCount?: TotalCount
  readonly addOns: ReadonlyArray<FluidPayAdjustmentRef>
  readonly discounts: ReadonlyArray<FluidPayAdjustmentRef>
  readonly totalAddOns?: number
  readonly totalDiscounts?: number
  readonly createdAt?: string
  readonly updatedAt?: string
}

// ---- checks

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const isCount = (u: unknown): u is number =>
  typeof u === 'number' && Number.isSafeInteger(u) && u >= 0

const unknownKeys = (o: Record<string, unknown>, allowed: ReadonlyArray<string>, path: string) =>
  Object.keys(o)
    .filter((k) => !allowed.includes(k))
    .map((k) => issue(`${path}.${k}`, 'is not a FluidPay field here'))

const textIssues = (o: Record<string, unknown>, keys: ReadonlyArray<string>, path: string) =>
  keys.flatMap((k) => {
    const v = o[k]
    if (v === undefined) return []
    return typeof v === 'string' && v.length <= TEXT_MAX
      ? []
      : [issue(`${path}.${k}`, `must be text of at most ${TEXT_MAX} characters`)]
  })

const ADJUSTMENT_KEYS = ['name', 'description', 'amount', 'percentage', 'duration']

/** The issues of an add-on or discount's fields (a reference's too, with its `id`). */
const adjustmentIssues = (o: Record<string, unknown>, path: string, ref: boolean): FieldIssue[] => {
  const issues = [
    ...unknownKeys(o, ref ? ['id', ...ADJUSTMENT_KEYS] : ADJUSTMENT_KEYS, path),
    ...textIssues(o, ['name', 'description'], path),
  ]
  if (ref && (typeof o['id'] !== 'string' || o['id'].trim() === '')) {
    issues.push(issue(`${path}.id`, 'must be an add-on or discount id'))
  }
  const { amount, percentage, duration } = o
  if (amount !== undefined && !isCount(amount)) {
    issues.push(issue(`${path}.amount`, 'must be a whole number of cents'))
  }
  if (
    percentage !== undefined &&
    !(isCount(percentage) && (percentage === 0 || (percentage >= 100 && percentage <= 100_000)))
  ) {
    issues.push(
      issue(
        `${path}.percentage`,
        'must be 0, or 100 to 100000 thousandths of a percent (0.1 % to 100 %)',
      ),
    )
  }
  if (isCount(amount) && amount > 0 && isCount(percentage) && percentage > 0) {
    issues.push(issue(`${path}.percentage`, 'give either amount or percentage, not both'))
  }
  if (duration !== undefined && !isCount(duration)) {
    issues.push(
      issue(`${path}.duration`, 'must be a whole number of billings (0 = until cancelled)'),
    )
  }
  return issues
}

const adjustmentFields = (o: Record<string, unknown>): AdjustmentBody =>
  compact<AdjustmentBody>({
    name: o['name'] as string | undefined,
    description: o['description'] as string | undefined,
    amount: o['amount'] as number | undefined,
    percentage: o['percentage'] as number | undefined,
    duration: o['duration'] as number | undefined,
  })

/** An add-on or discount body (FR1, FR4, FR6, FR9). */
export const adjustmentBody = (
  u: unknown,
  path = 'input',
): E.Either<ReadonlyArray<FieldIssue>, AdjustmentBody> => {
  if (!isRecord(u)) return E.left([issue(path, 'must be an object')])
  const issues = adjustmentIssues(u, path, false)
  return issues.length > 0 ? E.left(issues) : E.right(adjustmentFields(u))
}

/** A list of add-on or discount references; undefined when not given. */
export const adjustmentRefsBody = (
  u: unknown,
  path: string,
): E.Either<ReadonlyArray<FieldIssue>, AdjustmentRefBody[] | undefined> => {
  if (u === undefined) return E.right(undefined)
  if (!Array.isArray(u)) return E.left([issue(path, 'must be a list of { id, … }')])
  const issues = u.flatMap((item: unknown, i) =>
    isRecord(item)
      ? adjustmentIssues(item, `${path}[${i}]`, true)
      : [issue(`${path}[${i}]`, 'must be an object')],
  )
  if (issues.length > 0) return E.left(issues)
  return E.right(
    (u as Record<string, unknown>[]).map((o) => ({
      id: (o['id'] as string).trim(),
      ...adjustmentFields(o),
    })),
  )
}

const PLAN_KEYS = ['name', 'description', 'amount', 'schedule', 'totalCount', 'addOns', 'discounts']

/**
 * A plan body: every field for a create (`patch` false), the given ones for an update. The
 * schedule must be one the vault can store; a monthly or yearly one names its day.
 */
export const planBody = (
  s: RecurringSettings,
  caps: Capabilities,
  u: unknown,
  patch: boolean,
  path = patch ? 'patch' : 'input',
): E.Either<ReadonlyArray<FieldIssue>, { body: PlanBody; warnings: ReadonlyArray<Warning> }> => {
  if (!isRecord(u)) return E.left([issue(path, 'must be an object')])
  const issues: FieldIssue[] = [
    ...unknownKeys(u, patch ? [...PLAN_KEYS, 'updateSubscriptions'] : PLAN_KEYS, path),
    ...textIssues(u, ['name', 'description'], path),
  ]
  if (!patch) {
    for (const k of ['name', 'amount', 'schedule', 'totalCount']) {
      if (u[k] === undefined) issues.push(issue(`${path}.${k}`, 'is required'))
    }
  }
  if (typeof u['name'] === 'string' && u['name'].trim() === '') {
    issues.push(issue(`${path}.name`, 'must not be empty'))
  }
  if (u['amount'] !== undefined && !isCount(u['amount'])) {
    issues.push(issue(`${path}.amount`, 'must be a whole number of cents'))
  }
  if (u['updateSubscriptions'] !== undefined && typeof u['updateSubscriptions'] !== 'boolean') {
    issues.push(issue(`${path}.updateSubscriptions`, 'must be true or false'))
  }
  const total = u['totalCount'] === undefined ? undefined : decodeFast(TotalCount, u['totalCount'])
  if (total !== undefined && E.isLeft(total)) {
    issues.push(issue(`${path}.totalCount`, 'must be a positive count or open_ended'))
  }
  const schedule = scheduleOf(s, caps, u['schedule'], `${path}.schedule`)
  if (E.isLeft(schedule)) issues.push(...schedule.left)
  const addOns = adjustmentRefsBody(u['addOns'], `${path}.addOns`)
  const discounts = adjustmentRefsBody(u['discounts'], `${path}.discounts`)
  if (E.isLeft(addOns)) issues.push(...addOns.left)
  if (E.isLeft(discounts)) issues.push(...discounts.left)
  if (issues.length > 0) return E.left(issues)
  const plan = E.isRight(schedule) ? schedule.right : undefined
  return E.right({
    body: compact<PlanBody>({
      name: u['name'] as string | undefined,
      description: u['description'] as string | undefined,
      amount: u['amount'] as number | undefined,
      ...plan?.body,
      duration: total !== undefined && E.isRight(total) ? durationOf(total.right) : undefined,
      add_ons: E.isRight(addOns) ? addOns.right : undefined,
      discounts: E.isRight(discounts) ? discounts.right : undefined,
      update_subscriptions: u['updateSubscriptions'] as boolean | undefined,
    }),
    warnings: plan?.warnings ?? [],
  })
}

const scheduleOf = (s: RecurringSettings, caps: Capabilities, u: unknown, path: string) => {
  if (u === undefined) return E.right(undefined)
  const decoded = decodeFast(Schedule, u)
  if (E.isLeft(decoded)) {
    return E.left(
      issuesFromDecodeErrors(decoded.left).map((i) => ({
        path: i.path === '(root)' ? path : `${path}.${i.path}`,
        message: i.message,
      })),
    )
  }
  if (!canSchedule(caps, decoded.right)) {
    return E.left([issue(path, `FluidPay cannot express ${describeSchedule(decoded.right)}`)])
  }
  return scheduleBody(s, decoded.right, undefined, path)
}

// ---- wire → vaultport

const count = (n: number | null | undefined): number | undefined => (isCount(n) ? n : undefined)

export const toAdjustmentRef = (w: WireAdjustmentRef): FluidPayAdjustmentRef =>
  compact<FluidPayAdjustmentRef>({
    id: w.id,
    name: text(w.name),
    description: text(w.description),
    amount: count(w.amount),
    percentage: count(w.percentage),
    duration: count(w.duration),
  })

export const readAdjustmentRefs = (ws: ReadonlyArray<WireAdjustmentRef>): FluidPayAdjustmentRef[] =>
  ws.map(toAdjustmentRef)

export const toAdjustment = (w: WireAdjustment): FluidPayAdjustment =>
  compact<FluidPayAdjustment>({
    ...toAdjustmentRef(w),
    createdAt: readTimestamp(w.created_at),
    updatedAt: readTimestamp(w.updated_at),
  })

/** A plan record; why not, when its schedule cannot be read. */
export const toPlan = (s: RecurringSettings, w: WirePlan): E.Either<string, FluidPayPlan> => {
  const schedule = readSchedule(s, w)
  if (E.isLeft(schedule)) return E.left(`plan ${w.id}: ${schedule.left}`)
  const duration = count(w.duration)
  return E.right(
    compact<FluidPayPlan>({
      id: w.id,
      name: text(w.name),
      description: text(w.description),
      amount: count(w.amount),
      schedule: schedule.right,
      totalCount: duration === undefined ? undefined : duration === 0 ? 'open_ended' : duration,
      addOns: readAdjustmentRefs(w.add_ons ?? []),
      discounts: readAdjustmentRefs(w.discounts ?? []),
      totalAddOns: count(w.total_add_ons),
      totalDiscounts: count(w.total_discounts),
      createdAt: readTimestamp(w.created_at),
      updatedAt: readTimestamp(w.updated_at),
    }),
  )
}
