// Verification sees the whole target: duplicates, orphans and merges among customers, payment
// methods and schedules of the customers a migration touched fail it, planted here by hand.
import * as E from 'fp-ts/Either'
import { every, money, type CustomerId } from '@vaultport/core'
import { createMemoryVault, topologies, type MemoryVault } from '@vaultport/memory'
import { formatVerifyReport, keys, memoryJournal, runMigration, verifyMigration } from '../src'
import { cardDataFor, now, seedSource } from './fixtures'

const must = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const migrated = async (topology: keyof typeof topologies = 'full') => {
  const s = await seedSource(4)
  const t: MemoryVault = createMemoryVault({ now, idPrefix: 't_', topology: topologies[topology] })
  const journal = memoryJournal()
  await runMigration({ source: s.vault, target: t, journal, cardData: cardDataFor(s), now })
  const clean = await verifyMigration({ source: s.vault, target: t, journal })
  expect(clean.differences).toEqual([])
  const source = must(await s.vault.customers.get(s.ids[1] as CustomerId)())
  const mapped = journal.entries.find((e) => e.k === keys.customer(source.id) && e.s === 'done')
  const tid = (mapped?.s === 'done' ? mapped.target : '') as CustomerId
  return { s, t, journal, source, tid }
}

describe('verify sees the whole target', () => {
  it.each<keyof typeof topologies>(['full', 'valorLike'])(
    'fails on a planted duplicate customer, an extra card and an extra schedule (%s)',
    async (topology) => {
      const { s, t, journal, source, tid } = await migrated(topology)
      // A second copy of a migrated customer: same contact fields, nobody's mapping row.
      const dup = must(
        await t.customers.create({ name: source.name ?? '', email: source.email ?? '' })(),
      ).value
      // An orphan card and an orphan schedule on a mapped target customer.
      const card = must(
        await t.paymentMethods.add(tid, {
          kind: 'card',
          number: '4000056655665556',
          expiry: { month: 1, year: 2031 },
        })(),
      ).value
      const extras = [
        { item: 'target-customer', targetId: dup.id, sourceId: source.id },
        { item: `target-payment-method:${card.id}`, targetId: tid, sourceId: source.id },
      ]
      if (t.capabilities.operations.recurrences.create) {
        const r = must(
          await t.recurrences.create({
            customerId: tid,
            amount: money(990, 'USD'),
            schedule: every(1, 'month'),
            startDate: '2026-08-01',
            totalCount: 3,
          })(),
        ).value
        extras.push({ item: `target-schedule:${r.id}`, targetId: tid, sourceId: source.id })
      }
      const v = await verifyMigration({ source: s.vault, target: t, journal })
      expect(v.unexplainedCount).toBe(extras.length)
      expect(v.differenceCount).toBe(extras.length)
      expect(v.differences).toHaveLength(extras.length)
      expect(v.differences).toEqual(
        expect.arrayContaining(
          extras.map((x) => expect.objectContaining({ ...x, field: 'unexplained' })),
        ),
      )
      expect(v.customersClean).toBe(3)
      expect(formatVerifyReport(v)).toMatch(
        new RegExp(`${extras.length} at the target that no mapping row explains`),
      )
    },
  )

  it('fails on two source customers mapped to one target customer (a merge)', async () => {
    const { s, t, journal, tid } = await migrated()
    const other = s.ids[2] as string
    journal.entries.push({ k: keys.customer(other), s: 'done', at: 't', target: tid })
    const v = await verifyMigration({ source: s.vault, target: t, journal })
    expect(v.differences).toContainEqual(
      expect.objectContaining({ item: 'customer', field: 'merged', targetId: tid }),
    )
    expect(v.unexplainedCount).toBeGreaterThanOrEqual(1)
  })

  it('reports orphans of a customer the run touched but never mapped', async () => {
    const { s, t, journal, source } = await migrated('valorLike')
    // The journal lost this customer's confirmation: its target copy is nobody's now.
    journal.entries.splice(
      0,
      journal.entries.length,
      ...journal.entries.map((e) =>
        e.k === keys.customer(source.id) && e.s === 'done'
          ? { k: e.k, s: 'failed' as const, at: e.at, error: { kind: 'unresolved', message: 'x' } }
          : e,
      ),
    )
    const v = await verifyMigration({ source: s.vault, target: t, journal })
    expect(v.differences).toContainEqual(
      expect.objectContaining({
        item: 'target-customer',
        field: 'unexplained',
        sourceId: source.id,
      }),
    )
  })

  it('reports both reads when both ends fail', async () => {
    const s = await seedSource(1)
    const t = createMemoryVault({ now, idPrefix: 't_' })
    const journal = memoryJournal()
    await runMigration({ source: s.vault, target: t, journal, cardData: cardDataFor(s), now })
    const failing = (vault: MemoryVault): MemoryVault => ({
      ...vault,
      customers: {
        ...vault.customers,
        get: () => async () =>
          E.left({
            kind: 'NotFound',
            gateway: 'memory',
            operation: 'customers.get',
            retry: 'never',
            message: 'gone',
            gatewayMessages: [],
          }),
      },
    })
    const v = await verifyMigration({
      source: failing(s.vault as MemoryVault),
      target: failing(t),
      journal,
    })
    const read = v.differences.find((d) => d.field === '(read)')
    expect(read?.source).toMatch(/NotFound/)
    expect(read?.target).toMatch(/NotFound/)
  })
})
