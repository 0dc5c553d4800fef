// The schedule saga between memory vaults shaped like each gateway's recurring billing, with
// every branch forced: a target that refuses the create, a create whose answer is lost, a create
// confirmed but not read back, a source removal that fails, a schedule the target cannot express,
// the safety window, and a run killed between "target created" and "source removed", then
// resumed. After each, every schedule is active at exactly one end and none is duplicated.
import * as E from 'fp-ts/Either'
import { every, type DayOfMonth, type Schedule } from '@vaultport/core'
import type { MemoryVault } from '@vaultport/memory'
import {
  mappingFromJournal,
  memoryJournal,
  planMigration,
  runMigration,
  verifyMigration,
  type Journal,
  type JournalEntry,
  type MigrationOptions,
} from '../src'
import { clock, NOW, now } from './fixtures'
import {
  expectOneEnd,
  monthly,
  refusingCreates,
  seedSchedules,
  vaultOf,
  weekly,
  where,
  withCapabilities,
  type ScheduleSpec,
  type SeededSchedules,
  type Shape,
} from './scheduleFixtures'

afterEach(() => {
  clock.at = NOW
})

const firstAndFifteenth: Schedule = { kind: 'days_of_month', days: [1, 15] }
const onDay = (day: DayOfMonth): Schedule => ({ ...every(1, 'month'), dayOfMonth: day })

/** Each source shape's mix: what that gateway itself can hold. */
const MIXES: Record<Shape, ReadonlyArray<ScheduleSpec>> = {
  paytrace: [
    { schedule: monthly, startDate: '2026-07-01' },
    { schedule: every(3, 'month'), startDate: '2026-06-20' },
    { schedule: monthly, startDate: '2026-06-15', totalCount: 12 },
    { schedule: weekly, startDate: '2026-06-10' },
    { schedule: monthly, startDate: '2026-06-25', bank: true },
    {
      schedule: { kind: 'named', gateway: 'paytrace', code: '7', label: '1st and 15th' },
      startDate: '2026-06-15',
    },
  ],
  fluidpay: [
    { schedule: monthly, startDate: '2026-07-01' },
    { schedule: every(3, 'month'), startDate: '2026-06-20' },
    { schedule: monthly, startDate: '2026-06-15', totalCount: 12 },
    { schedule: firstAndFifteenth, startDate: '2026-06-15' },
    { schedule: monthly, startDate: '2026-06-25', bank: true },
    { schedule: onDay(15), startDate: '2026-06-15' },
    { schedule: onDay(31), startDate: '2026-06-30' },
  ],
  valor: [
    { schedule: monthly, startDate: '2026-07-01' },
    { schedule: every(3, 'month'), startDate: '2026-06-20' },
    { schedule: { ...weekly, weekday: 3 }, startDate: '2026-06-10' },
    { schedule: every(2, 'week'), startDate: '2026-06-12' },
    { schedule: every(1, 'year'), startDate: '2026-08-01' },
  ],
  full: [
    { schedule: monthly, startDate: '2026-07-01', totalCount: 6 },
    { schedule: every(10, 'day'), startDate: '2026-06-09' },
    {
      schedule: { kind: 'named', gateway: 'memory', code: '1st-15th', label: '1st and 15th' },
      startDate: '2026-07-01',
    },
  ],
}

const options = (
  seeded: SeededSchedules,
  target: MemoryVault,
  journal: Journal,
  extra: Partial<MigrationOptions> = {},
): MigrationOptions => ({
  source: seeded.vault,
  target,
  journal,
  cardData: seeded.cardData,
  now,
  ...extra,
})

/** A journal whose process "dies" at the first entry `dies` picks: that append and all later fail. */
const killedAt = (
  inner: Journal & { entries: JournalEntry[] },
  dies: (e: JournalEntry) => boolean,
): Journal => {
  let dead = false
  return {
    append: async (entry) => {
      if (dead || dies(entry)) {
        dead = true
        throw new Error('killed')
      }
      await inner.append(entry)
    },
    read: inner.read,
  }
}

const intentsOf = (journal: { entries: JournalEntry[] }, prefix: string) =>
  journal.entries.filter((e) => e.s === 'intent' && e.k.startsWith(prefix)).map((e) => e.k)

describe('schedules between any two gateway shapes', () => {
  const pairs: ReadonlyArray<readonly [Shape, Shape, number, ReadonlyArray<string>]> = [
    ['paytrace', 'fluidpay', 5, ['schedule_not_expressible']],
    [
      'paytrace',
      'valor',
      3,
      ['count_not_expressible', 'payment_method_kind_not_scheduled', 'schedule_not_expressible'],
    ],
    [
      'fluidpay',
      'valor',
      4,
      ['count_not_expressible', 'payment_method_kind_not_scheduled', 'schedule_not_expressible'],
    ],
    ['valor', 'fluidpay', 3, ['schedule_not_expressible']],
    ['fluidpay', 'paytrace', 6, ['schedule_not_expressible']],
    ['paytrace', 'full', 6, []],
    ['full', 'paytrace', 2, ['schedule_not_expressible']],
  ]
  it.each(pairs)(
    '%s → %s: what the target can express moves, the rest stays and says why; verify is clean',
    async (from, to, moves, stays) => {
      const seeded = await seedSchedules(from, 2, MIXES[from])
      const target = vaultOf(to, 't_')
      const journal = memoryJournal()
      const plan = await planMigration({
        source: seeded.vault,
        target,
        cardData: seeded.cardData,
        now,
      })
      expect(plan.totals.recurrences).toBe(2 * moves)
      const report = await runMigration(options(seeded, target, journal))
      expect(report.status).toBe('completed')
      expect(report.schedules.moved).toBe(2 * moves)
      expect(report.schedules.bothActive).toBe(0)
      expect(Object.keys(report.schedules.stayed).sort()).toEqual([...stays].sort())
      expect(report.counts.failed + report.counts.partial).toBe(0)
      expect(where(seeded, target).target).toBe(2 * moves)
      expectOneEnd(seeded, target)
      const v = await verifyMigration({ source: seeded.vault, target, journal })
      expect(v.differences).toEqual([])
      // A second run changes nothing: moved schedules are not planned again, none is made twice.
      const again = await runMigration(options(seeded, target, journal))
      expect(again.schedules.moved).toBe(0)
      expect(again.counts.failed + again.counts.partial).toBe(0)
      expectOneEnd(seeded, target)
    },
  )

  it('says why each schedule stays, in words', async () => {
    const seeded = await seedSchedules('paytrace', 1, MIXES.paytrace)
    const target = vaultOf('valor', 't_')
    const report = await runMigration(options(seeded, target, memoryJournal()))
    const text = report.schedules.examples.join('\n')
    expect(text).toMatch(
      /has 12 charge\(s\) left; Memory \(valor-recurring\) schedules run until cancelled/,
    )
    expect(text).toMatch(
      /charges a bank account; Memory \(valor-recurring\) schedules charge only cards/,
    )
    expect(text).toMatch(/cannot express 1st and 15th \(paytrace 7\)/)
  })

  it('a target with no recurring billing: every schedule stays, reported as such', async () => {
    const seeded = await seedSchedules('paytrace', 2, MIXES.paytrace)
    const target = vaultOf('fluidpay', 't_')
    const noRecurring = withCapabilities(target, (c) => ({
      ...c,
      operations: {
        ...c.operations,
        recurrences: {
          create: false,
          get: false,
          update: false,
          delete: false,
          listByCustomer: false,
        },
      },
    }))
    const report = await runMigration(options(seeded, noRecurring, memoryJournal()))
    expect(report.schedules).toMatchObject({ moved: 0, stayed: { no_recurrences: 12 } })
    expect(report.schedules.examples[0]).toMatch(
      /Memory \(fluidpay-recurring\) has no recurring billing/,
    )
    expect(where(seeded, target)).toEqual({ source: 12, target: 0 })
  })
})

describe('the saga, each branch forced', () => {
  it('target create refused: the schedule stays at the source, reported; the rest move', async () => {
    const seeded = await seedSchedules('paytrace', 2, MIXES.paytrace.slice(0, 3))
    const refused = [...seeded.schedules.values()][1]?.amount.amount
    const target = refusingCreates(vaultOf('fluidpay', 't_'), (i) => i.amount.amount === refused)
    const journal = memoryJournal()
    const report = await runMigration(options(seeded, target, journal))
    expect(report.schedules).toMatchObject({ moved: 5, stayed: { failed: 1 }, bothActive: 0 })
    expect(report.counts.partial).toBe(1)
    expect(report.failures[0]?.errors.join()).toMatch(
      /stays at the source: .*refused this schedule/,
    )
    expectOneEnd(seeded, target)
    // The next run looks before it writes again, and is refused again: still one end.
    const again = await runMigration(options(seeded, target, journal))
    expect(again.schedules).toMatchObject({ moved: 0, stayed: { failed: 1 } })
    expectOneEnd(seeded, target)
    expect((await verifyMigration({ source: seeded.vault, target, journal })).differences).toEqual(
      [],
    )
  })

  it('target answer lost (timeoutAfterWrite): found by lookup, never made twice, source removed', async () => {
    const seeded = await seedSchedules('paytrace', 2, MIXES.paytrace.slice(0, 3))
    const target = vaultOf('fluidpay', 't_', {
      script: [
        { operation: 'recurrences.create', outcome: 'timeoutAfterWrite' },
        { operation: 'recurrences.create', outcome: 'timeoutBeforeWrite' },
        { operation: 'recurrences.create', outcome: 'timeoutAfterWrite' },
      ],
    })
    const journal = memoryJournal()
    const report = await runMigration(options(seeded, target, journal))
    expect(report.schedules).toMatchObject({ moved: 6, bothActive: 0, stayed: {} })
    expect(target.pendingFaults()).toEqual([])
    expect(where(seeded, target)).toEqual({ source: 0, target: 6 })
    expectOneEnd(seeded, target)
    expect((await verifyMigration({ source: seeded.vault, target, journal })).differences).toEqual(
      [],
    )
  })

  it('target read-back failing (readBackFails → ConfirmedUnread): done with its id, written once', async () => {
    const seeded = await seedSchedules('paytrace', 2, MIXES.paytrace.slice(0, 3))
    const target = vaultOf('valor', 't_', {
      script: [
        { operation: 'recurrences.create', outcome: 'readBackFails' },
        { operation: 'recurrences.create', outcome: 'readBackFails' },
      ],
    })
    const journal = memoryJournal()
    const report = await runMigration(options(seeded, target, journal))
    expect(report.schedules).toMatchObject({ moved: 4, bothActive: 0 })
    const intents = intentsOf(journal, 'r|')
    expect(new Set(intents).size).toBe(intents.length)
    expect(intents).toHaveLength(4)
    expectOneEnd(seeded, target)
    expect((await verifyMigration({ source: seeded.vault, target, journal })).differences).toEqual(
      [],
    )
  })

  it('source removal failing: active at both ends with the date to resolve by; the next run finishes it', async () => {
    const seeded = await seedSchedules('paytrace', 1, MIXES.paytrace.slice(0, 1), {
      script: Array.from({ length: 3 }, () => ({
        operation: 'recurrences.delete' as const,
        outcome: 'unavailable' as const,
      })),
    })
    const target = vaultOf('fluidpay', 't_')
    const journal = memoryJournal()
    const first = await runMigration(options(seeded, target, journal))
    expect(first.schedules).toMatchObject({ moved: 0, bothActive: 1 })
    expect(first.doubleActive[0]).toMatch(
      /both active; remove the source before 2026-07-01 \(removing the source failed/,
    )
    expect(where(seeded, target)).toEqual({ source: 1, target: 1 })
    const v = await verifyMigration({ source: seeded.vault, target, journal })
    expect(v.differences).toEqual([
      expect.objectContaining({
        field: 'active at both ends',
        source: 'source removed before 2026-07-01',
      }),
    ])
    const second = await runMigration(options(seeded, target, journal))
    expect(second.schedules).toMatchObject({ moved: 1, bothActive: 0 })
    expect(intentsOf(journal, 'r|')).toHaveLength(1)
    expectOneEnd(seeded, target)
    expect((await verifyMigration({ source: seeded.vault, target, journal })).differences).toEqual(
      [],
    )
  })

  it('not expressible: a weekly schedule towards FluidPay, a billing day on a clamped month towards PayTrace', async () => {
    const seeded = await seedSchedules('fluidpay', 1, [
      { schedule: onDay(31), startDate: '2026-06-30' },
      { schedule: onDay(31), startDate: '2026-07-31' },
    ])
    const target = vaultOf('paytrace', 't_')
    const report = await runMigration(options(seeded, target, memoryJournal()))
    expect(report.schedules).toMatchObject({ moved: 1, stayed: { schedule_not_expressible: 1 } })
    expect(report.schedules.examples.join()).toMatch(
      /cannot express every 1 month\(s\) on day 31: it cannot name the billing day, and the next charge \(2026-06-30\) is not on it/,
    )
    expectOneEnd(seeded, target)
    const weeklyOnly = await seedSchedules('valor', 1, [
      { schedule: weekly, startDate: '2026-06-10' },
    ])
    const fluidpay = vaultOf('fluidpay', 'f_')
    const r = await runMigration(options(weeklyOnly, fluidpay, memoryJournal()))
    expect(r.schedules.examples.join()).toMatch(
      /cannot express every 1 week\(s\): it has no weekly schedules/,
    )
    expectOneEnd(weeklyOnly, fluidpay)
  })

  it('safety window: a schedule charging within it is not cut over, and says by when to run again', async () => {
    const seeded = await seedSchedules('paytrace', 1, [
      { schedule: monthly, startDate: '2026-06-02' },
      { schedule: monthly, startDate: '2026-06-20' },
    ])
    const target = vaultOf('fluidpay', 't_')
    const journal = memoryJournal()
    const report = await runMigration(options(seeded, target, journal))
    expect(report.schedules).toMatchObject({ moved: 1, stayed: { next_charge_too_close: 1 } })
    expect(report.schedules.examples.join()).toMatch(
      /charges next on 2026-06-02, within the 2-day safety window: that charge stays at the source; run again after it and by 2026-06-30/,
    )
    expect(intentsOf(journal, 'r|')).toHaveLength(1)
    expectOneEnd(seeded, target)
  })

  it('killed between "target created" and "source removed": both active, then the resumed run removes the source', async () => {
    const seeded = await seedSchedules('paytrace', 3, MIXES.paytrace.slice(0, 3))
    const target = vaultOf('valor', 't_')
    const journal = memoryJournal()
    const dying = killedAt(journal, (e) => e.k.startsWith('x|') && e.s === 'intent')
    const first = await runMigration(options(seeded, target, dying, { concurrency: 2 }))
    expect(first.status).toBe('aborted')
    const created = journal.entries.filter((e) => e.k.startsWith('r|') && e.s === 'done')
    expect(created.length).toBeGreaterThan(0)
    expect(journal.entries.some((e) => e.k.startsWith('x|'))).toBe(false)
    // The copy is made, the source untouched: active at both ends, and verify says so.
    const v = await verifyMigration({ source: seeded.vault, target, journal })
    expect(v.differences.filter((d) => d.field === 'active at both ends')).toHaveLength(
      created.length,
    )
    const second = await runMigration(options(seeded, target, journal))
    expect(second.status).toBe('completed')
    expect(second.schedules.bothActive).toBe(0)
    expect(Object.keys(mappingFromJournal(journal.entries).recurrences)).toHaveLength(6)
    const intents = intentsOf(journal, 'r|')
    expect(new Set(intents).size).toBe(intents.length)
    expectOneEnd(seeded, target)
    expect((await verifyMigration({ source: seeded.vault, target, journal })).differences).toEqual(
      [],
    )
  })

  it('killed after the copy, resumed once the safety window has closed: it still finishes, never starts anew', async () => {
    const seeded = await seedSchedules('paytrace', 2, [
      { schedule: monthly, startDate: '2026-06-05' },
      { schedule: monthly, startDate: '2026-06-20' },
    ])
    const target = vaultOf('fluidpay', 't_')
    const journal = memoryJournal()
    const dying = killedAt(journal, (e) => e.k.startsWith('x|') && e.s === 'intent')
    await runMigration(options(seeded, target, dying, { concurrency: 1 }))
    const made = journal.entries.filter((e) => e.k.startsWith('r|') && e.s === 'done').length
    expect(made).toBe(1)
    clock.at = new Date('2026-06-04T00:00:00Z') // 2026-06-05 is now inside the window
    const resumed = await runMigration(options(seeded, target, journal))
    expect(resumed.schedules.moved).toBe(3) // the one made before, and the two charging 06-20
    expect(resumed.schedules.stayed).toEqual({ next_charge_too_close: 1 })
    expect(resumed.schedules.bothActive).toBe(0)
    expectOneEnd(seeded, target)
  })

  it('killed after the copy with the journal lost: the look-first rerun finds the copy and finishes', async () => {
    const seeded = await seedSchedules('paytrace', 2, MIXES.paytrace.slice(0, 2))
    const target = vaultOf('fluidpay', 't_')
    const journal = memoryJournal()
    const dying = killedAt(journal, (e) => e.k.startsWith('x|') && e.s === 'intent')
    await runMigration(options(seeded, target, dying, { concurrency: 1 }))
    expect(where(seeded, target)).toEqual({ source: 4, target: 1 })
    const fresh = memoryJournal()
    const rerun = await runMigration(options(seeded, target, fresh))
    expect(rerun.notes.join()).toMatch(/looked up at the target before its first write/)
    expect(rerun.schedules).toMatchObject({ moved: 4, bothActive: 0 })
    expectOneEnd(seeded, target)
  })
})

describe('the saga around the copy', () => {
  it('a copy that reads back different from the plan is removed again; the schedule stays', async () => {
    const seeded = await seedSchedules('paytrace', 1, MIXES.paytrace.slice(0, 2))
    const inner = vaultOf('fluidpay', 't_')
    // The copy of the first schedule (1000 cents, from 2026-07-01) reads back a day late.
    const late = { startDate: '2026-07-02', nextDate: '2026-07-02' }
    const target: MemoryVault = {
      ...inner,
      recurrences: {
        ...inner.recurrences,
        get: (id) => async () => {
          const r = await inner.recurrences.get(id)()
          return E.isRight(r) && r.right.amount.amount === 1000
            ? E.right({ ...r.right, ...late })
            : r
        },
      },
    }
    const journal = memoryJournal()
    const report = await runMigration(options(seeded, target, journal))
    expect(report.schedules).toMatchObject({ moved: 1, stayed: { target_mismatch: 1 } })
    expect(report.schedules.examples.join()).toMatch(
      /reads back with firstCharge "2026-07-02" instead of "2026-07-01"; the copy was removed/,
    )
    expect(report.counts.partial).toBe(0) // not a failure: that schedule is one the target cannot hold
    expect(journal.entries.filter((e) => e.k.startsWith('z|') && e.s === 'done')).toHaveLength(1)
    expectOneEnd(seeded, target)
    const first = [...seeded.schedules.keys()][0] as string
    expect(mappingFromJournal(journal.entries).recurrences).not.toHaveProperty(first)
    // The next run does not make another copy of the same plan to remove again.
    const again = await runMigration(options(seeded, target, journal))
    expect(again.schedules.stayed).toEqual({ target_mismatch: 1 })
    expect(intentsOf(journal, 'r|')).toHaveLength(2)
    expectOneEnd(seeded, target)
  })

  it('a write warning excuses a billing day the target moved, never a first charge it moved', async () => {
    const seeded = await seedSchedules('fluidpay', 1, [
      { schedule: onDay(1), startDate: '2026-07-01' },
      { schedule: monthly, startDate: '2026-06-20' },
    ])
    const inner = vaultOf('fluidpay', 't_')
    // The first copy is made on day 30 (warned); the second starts a month late (warned too).
    const target: MemoryVault = {
      ...inner,
      recurrences: {
        ...inner.recurrences,
        create: (input) => async () => {
          const late = input.amount.amount === 1001
          const made = await inner.recurrences.create(
            late
              ? { ...input, startDate: '2026-07-20' }
              : { ...input, schedule: { ...input.schedule, dayOfMonth: 30 } as never },
          )()
          const w = late
            ? { code: 'moved', message: 'its first charge will be 2026-07-20', field: 'startDate' }
            : { code: 'day_clamped', message: 'sent as day 30', field: 'schedule.dayOfMonth' }
          return E.map((m: { value: unknown }) => ({ ...m, warnings: [w] }))(made) as never
        },
      },
    }
    const journal = memoryJournal()
    const report = await runMigration(options(seeded, target, journal))
    expect(report.schedules).toMatchObject({
      moved: 1,
      warnings: 1,
      stayed: { target_mismatch: 1 },
    })
    expect(report.schedules.examples.join('\n')).toMatch(/moved; sent as day 30/)
    expectOneEnd(seeded, target)
    expect((await verifyMigration({ source: seeded.vault, target, journal })).differences).toEqual(
      [],
    )
  })

  it('a source that cannot delete but can cancel: the source schedule is cancelled', async () => {
    const seeded = await seedSchedules('full', 1, MIXES.full.slice(0, 1))
    const noDelete = withCapabilities(seeded.vault, (c) => ({
      ...c,
      operations: { ...c.operations, recurrences: { ...c.operations.recurrences, delete: false } },
    }))
    const target = vaultOf('fluidpay', 't_')
    const journal = memoryJournal()
    const report = await runMigration({ ...options(seeded, target, journal), source: noDelete })
    expect(report.schedules.moved).toBe(1)
    expect(seeded.vault.snapshot().recurrences.map((r) => r.status)).toEqual(['cancelled'])
    expectOneEnd(seeded, target)
    const v = await verifyMigration({ source: noDelete, target, journal })
    expect(v.differences).toEqual([])
  })

  it('a source that can neither delete nor cancel: its schedules stay (moving them would bill twice)', async () => {
    const seeded = await seedSchedules('valor', 1, MIXES.valor.slice(0, 1))
    const stuck = withCapabilities(seeded.vault, (c) => ({
      ...c,
      operations: { ...c.operations, recurrences: { ...c.operations.recurrences, delete: false } },
    }))
    const target = vaultOf('fluidpay', 't_')
    const report = await runMigration({
      ...options(seeded, target, memoryJournal()),
      source: stuck,
    })
    expect(report.schedules.stayed).toEqual({ source_cannot_remove: 1 })
    expectOneEnd(seeded, target)
  })

  it('--keep-source-schedules: every copy reported active at both ends, with its date', async () => {
    const seeded = await seedSchedules('paytrace', 1, MIXES.paytrace.slice(0, 2))
    const target = vaultOf('fluidpay', 't_')
    const journal = memoryJournal()
    const report = await runMigration(
      options(seeded, target, journal, { removeSourceSchedules: false }),
    )
    expect(report.schedules).toMatchObject({ moved: 0, bothActive: 2 })
    expect(report.doubleActive.join('\n')).toMatch(
      /remove the source before 2026-06-20 \(the source schedule is kept, as asked\)/,
    )
    expect(where(seeded, target)).toEqual({ source: 2, target: 2 })
    expect(journal.entries.some((e) => e.k.startsWith('x|'))).toBe(false)
  })
})
