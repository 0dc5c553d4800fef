// The engine under the faults that lose a landed write's answer, or the lookups after it: every
// item the journal ever heard of is looked up before it is written again, a failed lookup is
// never taken for "absent", a target customer is claimed once, and a run without its journal
// against a target that holds customers reconciles before writing. Counts are of target objects.
import * as E from 'fp-ts/Either'
import type { CustomerId, FaultOutcome, RandomFaults, ScriptedFault } from '@vaultport/core'
import { createMemoryVault, topologies, type MemoryVault } from '@vaultport/memory'
import {
  cardDataIndex,
  keys,
  mappingCounts,
  mappingFromJournal,
  memoryJournal,
  runMigration,
  verifyMigration,
  type CardDataRecord,
  type Journal,
  type JournalEntry,
  type MigrationOptions,
  type MigrationReport,
} from '../src'
import { CARDS, cardDataFor, now, seedSource } from './fixtures'

type Topology = keyof typeof topologies

const target = (
  topology: Topology = 'full',
  script: ScriptedFault[] = [],
  random?: RandomFaults,
): MemoryVault =>
  createMemoryVault({
    now,
    idPrefix: 't_',
    topology: topologies[topology],
    faults: random === undefined ? { script } : { script, random },
  })

/** `n` copies of a scripted fault on one operation. */
const times = (
  n: number,
  operation: ScriptedFault['operation'],
  outcome: ScriptedFault['outcome'],
) => Array.from({ length: n }, (): ScriptedFault => ({ operation, outcome }))

/** A run from `s` to `t` on `journal`, with the fixtures' card data and clock. */
const move = (
  s: { vault: MigrationOptions['source']; records: ReadonlyArray<CardDataRecord> },
  t: MemoryVault,
  journal: Journal,
  extra: Partial<MigrationOptions> = {},
) =>
  runMigration({
    source: s.vault,
    target: t,
    journal,
    cardData: cardDataIndex(s.records),
    now,
    ...extra,
  })

const runUntilDone = async (options: MigrationOptions, passes = 6): Promise<MigrationReport> => {
  let report = await runMigration(options)
  for (let i = 1; i < passes && report.counts.failed + report.counts.partial > 0; i++)
    report = await runMigration(options)
  return report
}

const exact = async (
  s: Awaited<ReturnType<typeof seedSource>>,
  t: MemoryVault,
  journal: Journal,
  n: number,
) => {
  const v = await verifyMigration({ source: s.vault, target: t, journal })
  expect(v.differences).toEqual([])
  expect(v.customersChecked).toBe(n)
  expect(mappingCounts(mappingFromJournal(await journal.read())).customers).toBe(n)
}

describe('look before writing again', () => {
  it.each([
    ['full', 'customers.findByReference'],
    ['valorLike', 'customers.list'],
  ] as const)(
    'a landed create whose lookups then fail is left unresolved, and the next run finds it (%s)',
    async (topology, lookup) => {
      const s = await seedSource(1)
      // The create lands but its answer is lost; every lookup of this run then fails.
      const t = target(topology, [
        // The run's first read (is the target empty?) goes through untouched.
        { operation: 'customers.list', outcome: 'latency', latencyMs: 0 },
        { operation: 'customers.create', outcome: 'timeoutAfterWrite' },
        ...times(5, lookup, 'unavailable'),
      ])
      const journal = memoryJournal()
      const options = { source: s.vault, target: t, journal, cardData: cardDataFor(s), now }
      const first = await runMigration(options)
      expect(first.counts.failed).toBe(1)
      expect(first.failures[0]?.errors[0]).toMatch(/lookup failed: .*not written again/)
      expect(t.inspect().customers).toBe(1)
      const failed = journal.entries.filter((e) => e.s === 'failed')
      expect(failed.map((e) => e.k)).toEqual([keys.customer(s.ids[0] as string)])
      // The next run sees `failed`, not `intent`, and still looks before it writes.
      const second = await runMigration(options)
      expect(second.counts.migrated).toBe(1)
      expect(t.inspect()).toMatchObject({
        customers: 1,
        paymentMethods: 2,
        // Its one schedule moves where the target keeps schedules (both shapes now do).
        recurrences: t.capabilities.operations.recurrences.create ? 1 : 0,
      })
      await exact(s, t, journal, 1)
    },
  )

  it('journals a write confirmed but not read back as done with its id, never writing it again', async () => {
    const s = await seedSource(3)
    const t = target('full', [
      { operation: 'customers.create', outcome: 'readBackFails' },
      ...times(2, 'paymentMethods.add', 'readBackFails'),
      { operation: 'recurrences.create', outcome: 'readBackFails' },
    ])
    const journal = memoryJournal()
    const report = await move(s, t, journal)
    expect(report.counts).toMatchObject({ migrated: 3, failed: 0, partial: 0 })
    // Each item was written once: one intent per key, none of them retried.
    const intents = journal.entries.filter((e) => e.s === 'intent').map((e) => e.k)
    expect(new Set(intents).size).toBe(intents.length)
    expect(t.inspect()).toMatchObject({ customers: 3, paymentMethods: 4, recurrences: 1 })
    await exact(s, t, journal, 3)
  })

  it.each<Topology>(['full', 'paytraceLike', 'valorLike'])(
    'is exact under random faults that lose answers and reads, %s target, over seeds',
    async (topology) => {
      for (let seed = 1; seed <= 4; seed++) {
        const s = await seedSource(8)
        const outcomes = ['timeoutAfterWrite', 'readBackFails', 'unavailable', 'timeoutBeforeWrite']
        const t = target(topology, [], { rate: 0.15, outcomes: outcomes as FaultOutcome[], seed })
        const journal = memoryJournal()
        const options = { source: s.vault, target: t, journal, cardData: cardDataFor(s), now }
        const planned = await runMigration({ ...options, dryRun: true })
        const report = await runUntilDone({ ...options, concurrency: 1 + (seed % 4) })
        expect(report.counts.failed + report.counts.partial + report.counts.ambiguous).toBe(0)
        expect(t.inspect().customers).toBe(8)
        expect(t.inspect().paymentMethods).toBe(planned.totals.paymentMethods)
        expect(t.inspect().recurrences).toBe(planned.totals.recurrences)
        const v = await verifyMigration({ source: s.vault, target: t, journal })
        expect(v.differences).toEqual([])
      }
    },
  )

  it('a run killed at every second journal step against a reference-less target resumes exactly', async () => {
    for (let limit = 1; limit < 40; limit += 3) {
      const s = await seedSource(4)
      const t = target('valorLike', times(2, 'customers.create', 'timeoutAfterWrite'))
      const journal = memoryJournal()
      const dying: Journal = {
        append: async (entry: JournalEntry) => {
          if (journal.entries.length >= limit) throw new Error('killed')
          await journal.append(entry)
        },
        read: journal.read,
      }
      const base = { source: s.vault, target: t, cardData: cardDataFor(s), now, concurrency: 2 }
      await runMigration({ ...base, journal: dying })
      const report = await runUntilDone({ ...base, journal })
      expect(report.counts.failed + report.counts.partial).toBe(0)
      expect(t.inspect()).toMatchObject({ customers: 4, paymentMethods: 6 })
      await exact(s, t, journal, 4)
    }
  })
})

describe('a conflict whose lookup fails', () => {
  it('keeps both errors and writes nothing more', async () => {
    const s = await seedSource(1)
    const t = target('full', times(5, 'customers.findByReference', 'unavailable'))
    const taken = await t.customers.create({ reference: 'ref0', name: 'Already There' })()
    expect(E.isRight(taken)).toBe(true)
    // A journal that knows of other customers: no look-first, so the create meets the conflict.
    const journal = memoryJournal([{ k: keys.customer('s_x'), s: 'done', at: 't', target: 'x' }])
    const report = await move(s, t, journal)
    expect(report.failures[0]?.errors[0]).toMatch(
      /^Conflict .*already exists; then lookup failed: Unavailable .*not written again/,
    )
    expect(t.inspect().customers).toBe(1)
  })
})

describe('a target customer is claimed once', () => {
  /** Four source customers alike in every contact field, each with its own card. */
  const fourAlike = async () => {
    const source = createMemoryVault({ now, idPrefix: 's_' })
    const records = []
    for (const [i, number] of CARDS.entries()) {
      const c = await source.customers.create({
        name: 'Ada Lee',
        email: 'ada@example.com',
        company: 'Lee & Co',
        paymentMethod: { kind: 'card', number, expiry: { month: 12, year: 2030 } },
      })()
      if (E.isLeft(c)) throw new Error(c.left.message)
      const card = c.right.value.paymentMethods[0]
      records.push({
        sourceCustomerId: c.right.value.id,
        ...(card === undefined ? {} : { sourcePaymentMethodId: card.id }),
        input: { kind: 'card' as const, number, expiry: { month: 12, year: 2030 + i } },
      })
    }
    return { vault: source, records, ids: [] as CustomerId[] }
  }

  it('four customers sharing all contact fields at concurrency 4, creates answer lost: each takes one blank copy, none merged', async () => {
    const s = await fourAlike()
    const t = target('valorLike', times(4, 'customers.create', 'timeoutAfterWrite'))
    const journal = memoryJournal()
    const options = { source: s.vault, target: t, journal, cardData: cardDataFor(s), now }
    const report = await runMigration({ ...options, concurrency: 4 })
    // The four copies hold nothing yet, so they are interchangeable: each twin claims one.
    expect(report.counts).toMatchObject({ migrated: 4, ambiguous: 0 })
    expect(new Set(Object.values(mappingFromJournal(journal.entries).customers)).size).toBe(4)
    expect(t.inspect()).toMatchObject({ customers: 4, paymentMethods: 4 })
    const clean = await verifyMigration({ source: s.vault, target: t, journal })
    expect(clean.differences).toEqual([])
    // Each target customer holds exactly one source customer's card.
    expect(t.snapshot().customers.map((c) => c.paymentMethods.length)).toEqual([1, 1, 1, 1])
  })

  it('four alike with no fault move as four, none merged', async () => {
    const s = await fourAlike()
    const t = target('valorLike')
    const journal = memoryJournal()
    const report = await move(s, t, journal, { concurrency: 4 })
    expect(report.counts.migrated).toBe(4)
    expect(new Set(Object.values(mappingFromJournal(journal.entries).customers)).size).toBe(4)
  })

  it('a reference already held by another source customer is ambiguous, never taken', async () => {
    const s = await seedSource(1)
    const t = target('fluidpayLike')
    const first = s.ids[0] as string
    // Another source customer's copy already carries the reference this one will be written with.
    const held = await t.customers.create({ reference: 'ref0', name: 'Someone Else' })()
    if (E.isLeft(held)) throw new Error(held.left.message)
    const journal = memoryJournal([
      { k: keys.customer('s_other'), s: 'done', at: 't', target: held.right.value.id },
    ])
    const report = await move(s, t, journal)
    expect(report.counts.ambiguous).toBe(1)
    expect(report.failures[0]?.errors[0]).toMatch(
      /ambiguous_match: target customer t_cus_1 carries the reference "ref0" and is already the copy of source customer s_other/,
    )
    expect(t.inspect()).toMatchObject({ customers: 1, paymentMethods: 0 })
    expect(mappingFromJournal(journal.entries).customers[first]).toBeUndefined()
  })
})

describe('no journal against a target that holds customers', () => {
  it.each<Topology>(['full', 'valorLike'])(
    'a deleted journal: the rerun looks everything up and duplicates nothing (%s)',
    async (topology) => {
      const s = await seedSource(6)
      const t = target(topology)
      // Source schedules stay, so that the second run can still map the ones moved already.
      const options = {
        source: s.vault,
        target: t,
        cardData: cardDataFor(s),
        now,
        removeSourceSchedules: false,
      }
      await runMigration({ ...options, journal: memoryJournal() })
      const before = t.inspect()
      const fresh = memoryJournal()
      const report = await runMigration({ ...options, journal: fresh })
      expect(report.counts.failed).toBe(0)
      expect(report.notes.join('\n')).toMatch(/looked up at the target before its first write/)
      expect(t.inspect()).toEqual(before)
      expect(fresh.entries.filter((e) => e.s === 'intent')).toEqual([])
      const v = await verifyMigration({ source: s.vault, target: t, journal: fresh })
      expect(v.unexplainedCount).toBe(0)
      expect(v.customersChecked).toBe(6)
    },
  )

  it('keeps looking first on the runs after, even once the journal is no longer empty', async () => {
    const s = await seedSource(4)
    const t = target('valorLike')
    const options = { source: s.vault, target: t, cardData: cardDataFor(s), now }
    await runMigration({ ...options, journal: memoryJournal() })
    const fresh = memoryJournal()
    // Killed after its first few entries, then resumed on the same (now non-empty) journal.
    const dying: Journal = {
      append: async (e) => {
        if (fresh.entries.length >= 3) throw new Error('killed')
        await fresh.append(e)
      },
      read: fresh.read,
    }
    expect((await runMigration({ ...options, journal: dying })).status).toBe('aborted')
    const report = await runMigration({ ...options, journal: fresh })
    expect(report.status).toBe('completed')
    expect(t.inspect()).toMatchObject({ customers: 4, paymentMethods: 6 })
  })
})

describe('delta runs', () => {
  it('an address add whose answer is lost is looked up, not written twice; a done update is no change', async () => {
    const s = await seedSource(2)
    const t = target('full', [{ operation: 'addresses.add', outcome: 'timeoutAfterWrite' }])
    const journal = memoryJournal()
    const first = s.ids[0] as CustomerId
    await runMigration({ source: s.vault, target: t, journal, cardData: cardDataFor(s), now })
    const since = new Date(now().getTime() - 1).toISOString()
    const added = await s.vault.addresses.add(first, {
      role: 'shipping',
      line1: '9 Oak Street',
      city: 'Edina',
      postalCode: '55424',
    })()
    expect(E.isRight(added)).toBe(true)
    const options = { source: s.vault, target: t, journal, cardData: cardDataFor(s), since, now }
    const delta = await runMigration(options)
    expect(delta.counts.failed + delta.counts.partial).toBe(0)
    expect(t.inspect().addresses).toBe(3)
    // Both are listed as changed since, but only one has anything new (an address): the other's
    // fields are at the target already, so nothing is written for it and it counts unchanged.
    expect(delta.counts).toMatchObject({ updated: 1, unchanged: 1 })
    const again = await runMigration(options)
    expect(again.counts).toMatchObject({ updated: 0, unchanged: 2 })
    expect(t.inspect().addresses).toBe(3)
    const v = await verifyMigration({ source: s.vault, target: t, journal })
    expect(v.differences).toEqual([])
  })
})
