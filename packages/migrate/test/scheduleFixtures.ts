// Memory vaults shaped like each gateway's recurring billing, a source seeded with schedules of
// every kind (each charging an amount no other schedule charges), and the invariant every saga
// test ends on: each source schedule is active at exactly one end, never twice at the target.
import * as E from 'fp-ts/Either'
import {
  every,
  money,
  validationError,
  type Capabilities,
  type CustomerId,
  type FaultPlan,
  type Recurrence,
  type RecurrenceInput,
  type Schedule,
  type TotalCount,
  type Vault,
} from '@vaultport/core'
import {
  createMemoryVault,
  topologies,
  type MemoryTopology,
  type MemoryVault,
} from '@vaultport/memory'
import { cardDataIndex, type CardDataRecord } from '../src'
import { now } from './fixtures'

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** Recurring billing as each gateway declares it, on memory vaults of that gateway's shape. */
export const recurring = {
  /** PayTrace: ten frequency codes, the 1st and 15th as a named code, no billing day, USD. */
  paytrace: {
    ...topologies.paytraceLike,
    name: 'paytrace-recurring',
    intervals: { day: [1], week: [1, 2], month: [1, 2, 3, 4, 6], year: [1] },
    namedSchedules: [
      { kind: 'named', gateway: 'paytrace', code: '7', label: '1st and 15th of each month' },
    ],
    schedules: { finiteCounts: true },
  },
  /** FluidPay: months 1–11, a year, daily; a billing day; the 1st and 15th; no weeks. */
  fluidpay: {
    ...topologies.fluidpayLike,
    name: 'fluidpay-recurring',
    recurrences: true,
    intervals: { day: [1], month: range(1, 11), year: [1] },
    namedSchedules: [],
    openEnded: true,
    currencies: ['USD'],
    schedules: {
      anchors: { dayOfMonth: true, weekday: false },
      daysOfMonth: [[1, 15]],
      finiteCounts: true,
      settableStatuses: ['paused', 'active', 'cancelled', 'completed'],
      paymentMethodKinds: ['card', 'bank_account'],
    },
  },
  /** Valor: weekly, bi-weekly, monthly, quarterly, yearly, daily; cards only; no counts. */
  valor: {
    ...topologies.valorLike,
    name: 'valor-recurring',
    recurrences: true,
    intervals: { day: [1], week: [1, 2], month: [1, 3], year: [1] },
    namedSchedules: [],
    openEnded: true,
    currencies: ['USD'],
    schedules: {
      anchors: { dayOfMonth: true, weekday: true },
      finiteCounts: false,
      settableStatuses: ['active', 'paused'],
      paymentMethodKinds: ['card'],
    },
  },
  full: topologies.full,
} satisfies Record<string, MemoryTopology>

export type Shape = keyof typeof recurring

export const vaultOf = (shape: Shape, prefix: string, faults?: FaultPlan): MemoryVault =>
  createMemoryVault({
    now,
    idPrefix: prefix,
    topology: recurring[shape],
    ...(faults ? { faults } : {}),
  })

const must = async <A>(te: () => Promise<E.Either<{ message: string }, A>>): Promise<A> => {
  const r = await te()
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/** One schedule to seed: its rhythm, first charge, count, and whether it charges the bank account. */
export interface ScheduleSpec {
  readonly schedule: Schedule
  readonly startDate: string
  readonly totalCount?: TotalCount
  readonly bank?: boolean
}

export const monthly = every(1, 'month')
export const weekly = every(1, 'week')

/** The default mix: a schedule each gateway can take, and some one of them cannot. */
export const MIX: ReadonlyArray<ScheduleSpec> = [
  { schedule: monthly, startDate: '2026-07-01', totalCount: 'open_ended' },
  { schedule: every(3, 'month'), startDate: '2026-06-20', totalCount: 'open_ended' },
  { schedule: monthly, startDate: '2026-06-15', totalCount: 12 },
  { schedule: weekly, startDate: '2026-06-10', totalCount: 'open_ended' },
  { schedule: monthly, startDate: '2026-06-25', totalCount: 'open_ended', bank: true },
]

export interface SeededSchedules {
  readonly vault: MemoryVault
  readonly cardData: ReturnType<typeof cardDataIndex>
  readonly customers: CustomerId[]
  /** The source schedules, by id. */
  readonly schedules: Map<string, Recurrence>
}

/**
 * `n` customers with a card and a bank account each, and the schedules of `specs` (all of them,
 * for each customer), every schedule charging its own amount.
 */
export const seedSchedules = async (
  shape: Shape,
  n: number,
  specs: ReadonlyArray<ScheduleSpec> = MIX,
  faults?: FaultPlan,
): Promise<SeededSchedules> => {
  const vault = vaultOf(shape, 's_', faults)
  const records: CardDataRecord[] = []
  const customers: CustomerId[] = []
  const schedules = new Map<string, Recurrence>()
  let amount = 1000
  for (let i = 0; i < n; i++) {
    const card = {
      kind: 'card' as const,
      number: '4111111111111111',
      expiry: { month: 12, year: 2030 },
    }
    const c = (
      await must(
        vault.customers.create({
          reference: `sched${i}`,
          name: `Schedule Customer ${i}`,
          email: `s${i}@example.com`,
          paymentMethod: card,
        }),
      )
    ).value
    customers.push(c.id)
    const cardId = c.paymentMethods[0]?.id
    const bankInput = {
      kind: 'bank_account' as const,
      accountNumber: '000123456789',
      routingNumber: '021000021',
      accountType: 'checking' as const,
    }
    const bank = (await must(vault.paymentMethods.add(c.id, bankInput))).value
    records.push(
      { sourceCustomerId: c.id, ...(cardId ? { sourcePaymentMethodId: cardId } : {}), input: card },
      { sourceCustomerId: c.id, sourcePaymentMethodId: bank.id, input: bankInput },
    )
    for (const spec of specs) {
      const input: RecurrenceInput = {
        customerId: c.id,
        amount: money(amount++, 'USD'),
        schedule: spec.schedule,
        startDate: spec.startDate,
        totalCount: spec.totalCount ?? 'open_ended',
        ...(spec.bank === true
          ? { paymentMethodId: bank.id }
          : cardId
            ? { paymentMethodId: cardId }
            : {}),
      }
      const r = (await must(vault.recurrences.create(input))).value
      schedules.set(r.id, r)
    }
  }
  return { vault, cardData: cardDataIndex(records), customers, schedules }
}

const activeByAmount = (vault: MemoryVault): Map<number, number> => {
  const out = new Map<number, number>()
  for (const r of vault.snapshot().recurrences)
    if (r.status === 'active') out.set(r.amount.amount, (out.get(r.amount.amount) ?? 0) + 1)
  return out
}

/**
 * Every seeded schedule is active at exactly one end: at the source, or once at the target (by
 * its amount, which no other schedule charges); and the target holds no other active schedule.
 */
export const expectOneEnd = (seeded: SeededSchedules, target: MemoryVault) => {
  const atSource = activeByAmount(seeded.vault)
  const atTarget = activeByAmount(target)
  const problems: string[] = []
  for (const r of seeded.schedules.values()) {
    const a = r.amount.amount
    const n = (atSource.get(a) ?? 0) + (atTarget.get(a) ?? 0)
    if (n !== 1)
      problems.push(
        `${r.id} (${a}): ${atSource.get(a) ?? 0} at the source, ${atTarget.get(a) ?? 0} at the target`,
      )
    atTarget.delete(a)
  }
  for (const [a, n] of atTarget) problems.push(`${n} unexplained target schedule(s) of ${a}`)
  expect(problems).toEqual([])
}

/** How many seeded schedules are active at the source, and at the target. */
export const where = (seeded: SeededSchedules, target: MemoryVault) => ({
  source: seeded.vault.snapshot().recurrences.filter((r) => r.status === 'active').length,
  target: target.snapshot().recurrences.filter((r) => r.status === 'active').length,
})

/** `vault` with other capabilities (a gateway shape memory has no topology key for). */
export const withCapabilities = <V extends Vault>(
  vault: V,
  change: (c: Capabilities) => Capabilities,
): V => ({ ...vault, capabilities: change(vault.capabilities) })

/** `vault` whose schedule creates are refused, for the schedules `refuse` picks. */
export const refusingCreates = (
  vault: MemoryVault,
  refuse: (i: RecurrenceInput) => boolean,
): MemoryVault => ({
  ...vault,
  recurrences: {
    ...vault.recurrences,
    create: (input: RecurrenceInput) =>
      refuse(input)
        ? async () =>
            E.left(
              validationError({ gateway: 'memory', operation: 'recurrences.create' }, [
                { path: 'schedule', message: 'the gateway refused this schedule (test)' },
              ]),
            )
        : vault.recurrences.create(input),
  },
})
