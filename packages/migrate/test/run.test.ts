import * as E from 'fp-ts/Either'
import { createMemoryVault, topologies, type MemoryVault } from '@vaultport/memory'
import {
  mappingCounts,
  mappingFromJournal,
  memoryJournal,
  planMigration,
  runMigration,
  verifyMigration,
  type Journal,
  type JournalEntry,
  type MigrationOptions,
} from '../src'
import { ACCOUNT, CARDS, NOW, cardDataFor, clock, now, seedSource } from './fixtures'

const target = (extra: Parameters<typeof createMemoryVault>[0] = {}): MemoryVault =>
  createMemoryVault({ now, idPrefix: 't_', ...extra })

/** A journal whose process "dies" after `limit` appends: every later append fails. */
const dyingJournal = (inner: Journal & { entries: JournalEntry[] }, limit: number): Journal => ({
  append: async (entry) => {
    if (inner.entries.length >= limit) throw new Error('killed')
    await inner.append(entry)
  },
  read: inner.read,
})

const expectExact = async (
  source: MemoryVault | Awaited<ReturnType<typeof seedSource>>['vault'],
  t: MemoryVault,
  journal: Journal,
  customers: number,
) => {
  const counts = t.inspect()
  expect(counts.customers).toBe(customers)
  const v = await verifyMigration({ source, target: t, journal })
  expect(v.differences).toEqual([])
  expect(v.customersChecked).toBe(customers)
  return counts
}

describe('runMigration between memory vaults', () => {
  it('moves customers, addresses, methods and schedules, and verifies clean', async () => {
    const seeded = await seedSource(12)
    const t = target()
    const journal = memoryJournal()
    const report = await runMigration({
      source: seeded.vault,
      target: t,
      journal,
      cardData: cardDataFor(seeded),
      now,
    })
    expect(report.status).toBe('completed')
    expect(report.counts.migrated).toBe(12)
    expect(report.mapped).toEqual({
      customers: 12,
      addresses: 12,
      paymentMethods: 16,
      recurrences: 4,
    })
    expect(mappingCounts(mappingFromJournal(journal.entries))).toEqual(report.mapped)
    const counts = await expectExact(seeded.vault, t, journal, 12)
    expect(counts.paymentMethods).toBe(16)
    expect(counts.recurrences).toBe(4)
    // The saga removed every moved schedule at the source: none is active at both ends.
    expect((seeded.vault as MemoryVault).inspect().recurrences).toBe(0)
  })

  it('carries what a smaller target holds and reports the rest', async () => {
    const seeded = await seedSource(6)
    // FluidPay-shaped, but without recurring billing: its schedules stay where they are.
    const t = target({ topology: { ...topologies.fluidpayLike, recurrences: false } })
    const report = await runMigration({
      source: seeded.vault,
      target: t,
      journal: memoryJournal(),
      cardData: cardDataFor(seeded),
      now,
    })
    expect(report.status).toBe('completed')
    expect(report.totals.issues.no_recurrences).toBe(2)
    expect((seeded.vault as MemoryVault).inspect().recurrences).toBe(2) // left where they were
    expect(t.inspect().customers).toBe(6)
  })

  it('reports payment methods with no card data as needing re-collection', async () => {
    const seeded = await seedSource(3)
    const report = await planMigration({ source: seeded.vault, target: target(), now })
    expect(report.totals.issues.needs_recollection).toBe(4)
    expect(report.totals.paymentMethods).toBe(0)
  })

  it('a dry run writes nothing', async () => {
    const seeded = await seedSource(5)
    const t = target()
    const report = await planMigration({
      source: seeded.vault,
      target: t,
      cardData: cardDataFor(seeded),
      now,
    })
    expect(report.counts.planned).toBe(5)
    expect(report.totals.paymentMethods).toBe(7)
    expect(t.inspect().customers).toBe(0)
  })

  it('resumes after a kill at every point without duplicating or losing anything', async () => {
    const seeded = await seedSource(4)
    const full = memoryJournal()
    await runMigration({
      source: (await seedSource(4)).vault,
      target: target(),
      journal: full,
      cardData: cardDataFor(seeded),
      now,
      concurrency: 1,
    })
    const totalAppends = full.entries.length
    for (let limit = 1; limit < totalAppends; limit += 2) {
      const s = await seedSource(4)
      const t = target()
      const journal = memoryJournal()
      const first = await runMigration({
        source: s.vault,
        target: t,
        journal: dyingJournal(journal, limit),
        cardData: cardDataFor(s),
        now,
        concurrency: 2,
      })
      expect(first.status).toBe('aborted')
      const second = await runMigration({
        source: s.vault,
        target: t,
        journal,
        cardData: cardDataFor(s),
        now,
        concurrency: 2,
      })
      expect(second.status).toBe('completed')
      const counts = await expectExact(s.vault, t, journal, 4)
      expect(counts.paymentMethods).toBe(6)
      expect(counts.recurrences).toBe(2)
      expect((s.vault as MemoryVault).inspect().recurrences).toBe(0)
    }
  })

  it('is exact under random target faults over many seeds', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const s = await seedSource(8)
      const t = target({
        faults: {
          random: {
            rate: 0.2,
            outcomes: ['unavailable', 'timeoutAfterWrite', 'timeoutBeforeWrite', 'rateLimited'],
            seed,
          },
        },
      })
      const journal = memoryJournal()
      const options: MigrationOptions = {
        source: s.vault,
        target: t,
        journal,
        cardData: cardDataFor(s),
        now,
        maxAttempts: 4,
      }
      let passes = 0
      let report = await runMigration(options)
      while (report.counts.failed + report.counts.partial > 0 && passes++ < 5)
        report = await runMigration(options)
      expect(report.status).toBe('completed')
      // verify retries the reads the injected faults break, as it would against a real gateway
      const v = await verifyMigration({ source: s.vault, target: t, journal })
      expect(v.differences).toEqual([])
      expect(t.inspect()).toMatchObject({ customers: 8, paymentMethods: 11, recurrences: 3 })
    }
  })

  it('a delta run carries changes and new customers only', async () => {
    const s = await seedSource(4)
    const t = target()
    const journal = memoryJournal()
    await runMigration({ source: s.vault, target: t, journal, cardData: cardDataFor(s), now })
    clock.at = new Date(NOW.getTime() + 3_600_000)
    const since = new Date(NOW.getTime() + 1_000).toISOString()
    const first = s.ids[0]
    if (first === undefined) throw new Error('seed failed')
    const updated = await s.vault.customers.update(first, { email: 'new@example.com' })()
    expect(E.isRight(updated)).toBe(true)
    const added = await s.vault.customers.create({
      reference: 'late1',
      name: 'Late Comer',
      email: 'late@example.com',
    })()
    expect(E.isRight(added)).toBe(true)
    const delta = await runMigration({
      source: s.vault,
      target: t,
      journal,
      cardData: cardDataFor(s),
      since,
    })
    expect(delta.status).toBe('completed')
    expect(t.inspect().customers).toBe(5)
    expect(delta.counts).toMatchObject({ migrated: 1, updated: 1 })
    const v = await verifyMigration({ source: s.vault, target: t, journal })
    expect(v.differences).toEqual([])
    clock.at = NOW
  })

  it('never writes card or account numbers to the journal or the report', async () => {
    const s = await seedSource(6)
    const journal = memoryJournal()
    const report = await runMigration({
      source: s.vault,
      target: target(),
      journal,
      cardData: cardDataFor(s),
      now,
    })
    const everything = JSON.stringify({
      entries: journal.entries,
      report,
      cardData: cardDataFor(s),
    })
    for (const n of [...CARDS, ACCOUNT]) expect(everything).not.toContain(n)
  })
})
