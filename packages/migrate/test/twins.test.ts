// Source customers sharing every contact field ("twins") at a target that keeps no marker
// (the memory vault's valor-like topology, like Valor): they move, each into a target customer
// of its own, and never into one; what cannot be told apart is ambiguous_match until it can.
// And a card whose add landed is found by what the target shows of it, not by last four alone.
import * as E from 'fp-ts/Either'
import {
  vaultError,
  type Customer,
  type CustomerSummary,
  type Page,
  type PaymentMethodInput,
  type ScriptedFault,
  type Vault,
} from '@vaultport/core'
import { createMemoryVault, topologies, type MemoryVault } from '@vaultport/memory'
import {
  cardDataIndex,
  mappingFromJournal,
  memoryJournal,
  runMigration,
  verifyMigration,
  type CardDataRecord,
  type Journal,
  type JournalEntry,
} from '../src'
import { CARDS, now } from './fixtures'

const valorLike = (script: ScriptedFault[] = []): MemoryVault =>
  createMemoryVault({ now, idPrefix: 't_', topology: topologies.valorLike, faults: { script } })

const times = (
  n: number,
  operation: ScriptedFault['operation'],
  outcome: ScriptedFault['outcome'],
) => Array.from({ length: n }, (): ScriptedFault => ({ operation, outcome }))

const card = (number: string, holderName?: string, year = 2030): PaymentMethodInput => ({
  kind: 'card',
  number,
  expiry: { month: 12, year },
  ...(holderName === undefined ? {} : { holderName }),
})

interface Source {
  readonly vault: MemoryVault
  readonly records: CardDataRecord[]
  readonly ids: string[]
}

/** Source customers alike in every contact field, the i-th holding the cards `cards[i]`. */
const twins = async (cards: ReadonlyArray<ReadonlyArray<PaymentMethodInput>>): Promise<Source> => {
  const vault = createMemoryVault({ now, idPrefix: 's_' })
  const records: CardDataRecord[] = []
  const ids: string[] = []
  for (const held of cards) {
    const made = await vault.customers.create({
      name: 'Ada Lee',
      email: 'ada@example.com',
      company: 'Lee & Co',
      addresses: [{ role: 'billing', line1: '1 Elm Street', city: 'Edina', postalCode: '55424' }],
    })()
    if (E.isLeft(made)) throw new Error(made.left.message)
    const id = made.right.value.id
    ids.push(id)
    for (const input of held) {
      const added = await vault.paymentMethods.add(id, input)()
      if (E.isLeft(added)) throw new Error(added.left.message)
      records.push({ sourceCustomerId: id, sourcePaymentMethodId: added.right.value.id, input })
    }
  }
  return { vault, records, ids }
}

const options = (s: Source, t: Vault, journal: Journal) => ({
  source: s.vault,
  target: t,
  journal,
  cardData: cardDataIndex(s.records),
  now,
})

/** What each target customer holds, as `last4/holder` per card. */
const holdings = (t: MemoryVault): Record<string, string[]> =>
  Object.fromEntries(
    t
      .snapshot()
      .customers.map((c: Customer) => [
        c.id,
        c.paymentMethods.map((m) => (m.kind === 'card' ? `${m.last4}/${m.holderName ?? ''}` : '')),
      ]),
  )

/** Each source customer's target holds exactly that customer's cards, and no two share one. */
const eachHoldsItsOwn = (s: Source, t: MemoryVault, journal: { entries: JournalEntry[] }) => {
  const mapped = mappingFromJournal(journal.entries).customers
  const targets = s.ids.map((id) => mapped[id])
  expect(targets.every((x) => x !== undefined)).toBe(true)
  expect(new Set(targets).size).toBe(s.ids.length)
  const held = holdings(t)
  s.ids.forEach((id) => {
    const own = s.records
      .filter((r) => r.sourceCustomerId === id && r.input.kind === 'card')
      .map((r) =>
        r.input.kind === 'card' ? `${r.input.number.slice(-4)}/${r.input.holderName ?? ''}` : '',
      )
    expect([...(held[mapped[id] as string] ?? [])].sort()).toEqual([...own].sort())
  })
}

describe('twins at a target without a marker', () => {
  it('a new twin needs no lookup: four alike with no fault move as four, nothing looked up', async () => {
    const s = await twins(CARDS.map((n, i) => [card(n, `Holder ${'ABCD'[i]}`)]))
    const inner = valorLike()
    const reads = { list: 0, get: 0 }
    const t: Vault = {
      ...inner,
      customers: {
        ...inner.customers,
        list: (q) => (reads.list++, inner.customers.list(q)),
        get: (id) => (reads.get++, inner.customers.get(id)),
      },
    }
    const journal = memoryJournal()
    const report = await runMigration({ ...options(s, t, journal), concurrency: 4 })
    expect(report.counts.migrated).toBe(4)
    // Not one lookup: the first target read (is it empty?) is the only one.
    expect(reads).toEqual({ list: 1, get: 0 })
    eachHoldsItsOwn(s, inner, journal)
  })

  it('four alike whose creates all lost their answers at concurrency 4 each take one blank copy, none merged', async () => {
    const s = await twins(CARDS.map((n, i) => [card(n, `Holder ${'ABCD'[i]}`)]))
    const t = valorLike(times(4, 'customers.create', 'timeoutAfterWrite'))
    const journal = memoryJournal()
    const report = await runMigration({ ...options(s, t, journal), concurrency: 4 })
    expect(report.counts).toMatchObject({ migrated: 4, ambiguous: 0, failed: 0 })
    expect(t.inspect()).toMatchObject({ customers: 4, paymentMethods: 4 })
    eachHoldsItsOwn(s, t, journal)
    const v = await verifyMigration({ source: s.vault, target: t, journal })
    expect(v.differences).toEqual([])
  })

  it('a deleted journal: each twin finds the copy holding its own cards, never another one', async () => {
    const s = await twins(CARDS.map((n, i) => [card(n, `Holder ${'ABCD'[i]}`)]))
    const t = valorLike()
    await runMigration({ ...options(s, t, memoryJournal()), concurrency: 4 })
    const before = holdings(t)
    // The copies were made in the source's order; the look-first run takes them in reverse.
    const fresh = memoryJournal()
    const reversed: Vault = {
      ...s.vault,
      customers: {
        ...s.vault.customers,
        list: (q) => async () =>
          E.map((p: Page<CustomerSummary>) => ({ ...p, items: [...p.items].reverse() }))(
            await s.vault.customers.list(q)(),
          ),
      },
    }
    const report = await runMigration({ ...options(s, t, fresh), source: reversed, concurrency: 1 })
    expect(report.counts).toMatchObject({ migrated: 4, ambiguous: 0, failed: 0 })
    expect(fresh.entries.filter((e) => e.s === 'intent')).toEqual([])
    expect(holdings(t)).toEqual(before)
    eachHoldsItsOwn(s, t, fresh)
  })

  it('copies that cannot be told apart are ambiguous_match, settled by a later run once the other twin holds its own', async () => {
    // A holds one card; B holds the same card (same number, expiry, no holder: a shared family
    // card) and another. A copy holding only that card could be A's or B's.
    const shared = card(CARDS[0])
    const s = await twins([[shared], [shared, card(CARDS[1])]])
    const t = valorLike()
    await runMigration({ ...options(s, t, memoryJournal()), concurrency: 1 })
    const fresh = memoryJournal()
    const first = await runMigration({ ...options(s, t, fresh), concurrency: 1 })
    // A (listed first) meets a copy that could be B's: ambiguous, nothing merged, nothing written.
    expect(first.counts).toMatchObject({ ambiguous: 1, migrated: 1 })
    expect(first.failures[0]?.errors[0]).toMatch(
      /^ambiguous_match: target customer t_cus_1 matches it by .* and holds payment methods that could be its own or those of source customer s_cus_2, .*nothing was merged/,
    )
    expect(fresh.entries.filter((e) => e.s === 'intent')).toEqual([])
    // B took the copy holding its second card; on the next run A's only candidate is its own.
    const second = await runMigration({ ...options(s, t, fresh), concurrency: 1 })
    expect(second.counts).toMatchObject({ ambiguous: 0, migrated: 1, unchanged: 1 })
    expect(t.inspect()).toMatchObject({ customers: 2, paymentMethods: 3 })
    eachHoldsItsOwn(s, t, fresh)
  })

  it('a create answered after a twin took its blank copy is looked up again, not taken twice', async () => {
    const s = await twins([[card(CARDS[0], 'Holder A')], [card(CARDS[1], 'Holder B')]])
    const inner = valorLike()
    const journal = memoryJournal()
    let landed: () => void = () => undefined
    const secondLanded = new Promise<void>((resolve) => (landed = resolve))
    let opened: () => void = () => undefined
    const firstDone = new Promise<void>((resolve) => (opened = resolve))
    let calls = 0
    // The first create lands after the second, and its answer is lost; the second's answer is
    // held until the first customer has settled by lookup (taking the second's copy, listed
    // first: both copies hold nothing yet, so either may be taken).
    const t: Vault = {
      ...inner,
      customers: {
        ...inner.customers,
        create: (input) => async () => {
          if (++calls === 1) {
            await secondLanded
            await inner.customers.create(input)()
            const where = { gateway: 'memory', operation: 'customers.create' }
            return E.left(vaultError('OutcomeUnknown', where, 'the answer was lost'))
          }
          const r = await inner.customers.create(input)()
          landed()
          await firstDone
          return r
        },
      },
    }
    const watched: Journal = {
      read: journal.read,
      append: async (e) => {
        await journal.append(e)
        if (e.s === 'done' && e.k.startsWith('c|')) opened()
      },
    }
    // (A bound, should the first never settle: the second's answer then comes anyway.)
    const bound = setTimeout(opened, 2000)
    const report = await runMigration({ ...options(s, t, watched), concurrency: 2 })
    clearTimeout(bound)
    expect(report.counts).toMatchObject({ migrated: 2, ambiguous: 0 })
    // The first took the second's copy; the second, refused its own, took the first's.
    const mapped = Object.values(mappingFromJournal(journal.entries).customers).sort()
    expect(mapped).toEqual(['t_cus_1', 't_cus_2'])
    // No target customer holds both twins' cards, whatever this run could finish.
    for (const held of Object.values(holdings(inner))) expect(held.length).toBeLessThanOrEqual(1)
    const again = await runMigration({ ...options(s, t, journal), concurrency: 2 })
    expect(again.counts.failed + again.counts.ambiguous).toBe(0)
    expect(inner.inspect()).toMatchObject({ customers: 2, paymentMethods: 2 })
    eachHoldsItsOwn(s, inner, journal)
  })
})

describe('a card whose add landed is found by what the target shows of it', () => {
  it('a sibling card ending alike is not taken for it (valor-like: last four and holder, no expiry)', async () => {
    const s = await twins([[card(CARDS[0], 'Ada Lee', 2030), card(CARDS[0], 'Bob Lee', 2031)]])
    const t = valorLike([
      // The first card never lands (three refusals to answer, nothing written) ...
      ...times(3, 'paymentMethods.add', 'unavailable'),
      // ... the second lands, its answer lost, and the lookups after it fail.
      { operation: 'paymentMethods.add', outcome: 'timeoutAfterWrite' },
      ...times(2, 'paymentMethods.list', 'latency'),
      ...times(5, 'paymentMethods.list', 'unavailable'),
    ])
    const journal = memoryJournal()
    const first = await runMigration(options(s, t, journal))
    expect(first.counts.partial).toBe(1)
    expect(first.failures[0]?.errors.join('\n')).toMatch(/lookup failed: .*not written again/)
    expect(holdings(t)).toEqual({ t_cus_1: ['1111/Bob Lee'] })
    // The first card's lookup must not take the second's copy (same kind and last four).
    const second = await runMigration(options(s, t, journal))
    expect(second.counts.failed + second.counts.partial).toBe(0)
    expect(t.inspect().paymentMethods).toBe(2)
    eachHoldsItsOwn(s, t, journal)
    const v = await verifyMigration({ source: s.vault, target: t, journal })
    expect(v.differences).toEqual([])
  })
})
