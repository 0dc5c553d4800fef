// A run that is stopped (an abort signal), one whose in-flight customers outlast the stop's grace,
// and one whose target goes away mid-run (the circuit breaker): each ends early with the journal
// consistent, and the same run started again finishes with exactly one copy of everything.
import * as E from 'fp-ts/Either'
import { validationError, vaultError, type Vault, type VaultError } from '@vaultport/core'
import { createMemoryVault, type MemoryVault } from '@vaultport/memory'
import {
  mappingCounts,
  mappingFromJournal,
  memoryJournal,
  replay,
  runMigration,
  verifyMigration,
  type Journal,
  type MigrationOptions,
} from '../src'
import { mapPorts } from '../src/mapPorts'
import { cardDataFor, now, seedSource, type Seeded } from './fixtures'

const target = (): MemoryVault => createMemoryVault({ now, idPrefix: 't_' })

/** `vault` with each port call first shown to `before`, which may answer in its place. */
const intercepted = (
  vault: Vault,
  before: (
    port: string,
    name: string,
    args: unknown[],
    call: () => Promise<E.Either<VaultError, unknown>>,
  ) => Promise<E.Either<VaultError, unknown>> | undefined,
): Vault =>
  mapPorts(vault, (port, name, f) => (...args) => () => {
    const call = () => f(...args)()
    return before(port, name, args, call) ?? call()
  })

const runOf = (s: Seeded, source: Vault, t: Vault, journal: Journal, extra = {}) =>
  runMigration({
    source,
    target: t,
    journal,
    cardData: cardDataFor(s),
    now,
    concurrency: 3,
    ...extra,
  } satisfies MigrationOptions)

/** Exactly one copy of every customer, method and schedule, and a clean verification. */
const expectExact = async (s: Seeded, t: MemoryVault, journal: Journal) => {
  const held = t.inspect()
  expect(held.customers).toBe(s.ids.length)
  const mapped = mappingCounts(mappingFromJournal(await journal.read()))
  expect(mapped.customers).toBe(s.ids.length)
  expect(held.paymentMethods).toBe(mapped.paymentMethods)
  expect(held.recurrences).toBe(mapped.recurrences)
  // Every third seeded customer has a bank account and a schedule besides its card.
  const third = Math.ceil(s.ids.length / 3)
  expect(mapped.paymentMethods).toBe(s.ids.length + third)
  expect(mapped.recurrences).toBe(third)
  const v = await verifyMigration({ source: s.vault, target: t, journal })
  expect(v.differences).toEqual([])
  expect(v.customersChecked).toBe(s.ids.length)
}

describe('a stopped run', () => {
  it('takes no customer after the stop, ends interrupted, and resumes exactly', async () => {
    const s = await seedSource(24)
    const t = target()
    const journal = memoryJournal()
    const stop = new AbortController()
    // Which customers were started (their first read at the source), before and after the stop.
    const startedBefore = new Set<string>()
    const startedAfter = new Set<string>()
    const source = intercepted(s.vault, (port, name, args) => {
      if (port !== 'customers' || name !== 'get') return undefined
      const id = String(args[0])
      if (!stop.signal.aborted) startedBefore.add(id)
      else if (!startedBefore.has(id)) startedAfter.add(id)
      return undefined
    })
    let finished = 0
    const first = await runOf(s, source, t, journal, {
      signal: stop.signal,
      onCustomer: () => {
        if (++finished === 5) stop.abort()
      },
    })
    expect(first.status).toBe('interrupted')
    expect(startedAfter).toEqual(new Set())
    // The ones in flight at the stop finished: every started customer is counted, none lost.
    const counted = first.counts.migrated + first.counts.partial + first.counts.failed
    expect(counted).toBe(startedBefore.size)
    expect(counted).toBeLessThan(24)
    expect(first.counts.failed + first.counts.partial).toBe(0)
    // Nothing the journal began was left unfinished.
    const open = [...replay(journal.entries).values()].filter((i) => i.status === 'intent')
    expect(open).toEqual([])
    expect(t.inspect().customers).toBe(counted)

    const second = await runOf(s, s.vault, t, journal)
    expect(second.status).toBe('completed')
    expect(second.counts.migrated).toBe(24 - counted)
    await expectExact(s, t, journal)
  })

  it('past the grace, leaves the writes in flight as intents, and the next run finds them', async () => {
    const s = await seedSource(6)
    const t = target()
    const journal = memoryJournal()
    const stop = new AbortController()
    // The first create lands at the target, but its answer never comes back.
    let hung = 0
    const slow = intercepted(t, (port, name, _args, call) => {
      if (port !== 'customers' || name !== 'create' || hung++ > 0) return undefined
      stop.abort()
      return call().then(() => new Promise<never>(() => undefined))
    })
    const first = await runOf(s, s.vault, slow, journal, {
      signal: stop.signal,
      stopGraceMs: 50,
      concurrency: 1,
    })
    expect(first.status).toBe('interrupted')
    expect(first.notes.join('\n')).toMatch(/stop grace ran out/)
    const open = [...replay(journal.entries).values()].filter((i) => i.status === 'intent')
    expect(open).toHaveLength(1)
    expect(t.inspect().customers).toBe(1)

    const second = await runOf(s, s.vault, t, journal)
    expect(second.status).toBe('completed')
    await expectExact(s, t, journal)
  })

  it('a stop before the first customer takes none and leaves the journal empty', async () => {
    const s = await seedSource(3)
    const t = target()
    const journal = memoryJournal()
    const stop = new AbortController()
    stop.abort()
    const report = await runOf(s, s.vault, t, journal, { signal: stop.signal })
    expect(report.status).toBe('interrupted')
    expect(report.counts.migrated).toBe(0)
    expect(t.inspect().customers).toBe(0)
  })
})

describe('the circuit breaker', () => {
  it.each([
    ['Unavailable', 'connection refused'],
    ['Auth', 'the credentials were refused'],
  ] as const)(
    'aborts soon after the target starts answering %s, and the resumed run is exact',
    async (kind, message) => {
      const s = await seedSource(30)
      const t = target()
      const journal = memoryJournal()
      let down = false
      let refusedCalls = 0
      const failing = intercepted(t, () => {
        if (!down) return undefined
        refusedCalls++
        return Promise.resolve(
          E.left(vaultError(kind, { gateway: 'memory', operation: 'x' }, message)),
        )
      })
      let finished = 0
      const first = await runOf(s, s.vault, failing, journal, {
        breakAfter: 5,
        onCustomer: () => {
          if (++finished === 4) down = true
        },
      })
      expect(first.status).toBe('aborted')
      expect(first.abortReason).toMatch(
        new RegExp(`^the target gateway \\(memory\\) failed 5 calls in a row; the last: ${kind}`),
      )
      // The run stopped within a few customers of the outage, not after trying all 30.
      expect(first.counts.migrated).toBeLessThan(30)
      expect(finished).toBeLessThanOrEqual(4 + 3 + 5)
      // Once open, the circuit makes no more calls: a bounded number of them were refused.
      expect(refusedCalls).toBeLessThanOrEqual(5 + 3 * 5)

      down = false
      const second = await runOf(s, s.vault, t, journal)
      expect(second.status).toBe('completed')
      await expectExact(s, t, journal)
    },
  )

  it('refusals that show the gateway is there (Validation) do not open it', async () => {
    const s = await seedSource(6)
    const t = target()
    const refusing = intercepted(t, (port, name) =>
      port === 'paymentMethods' && name === 'add'
        ? Promise.resolve(
            E.left(
              validationError({ gateway: 'memory', operation: 'paymentMethods.add' }, [
                { path: 'number', message: 'refused' },
              ]),
            ),
          )
        : undefined,
    )
    const report = await runOf(s, s.vault, refusing, memoryJournal(), { breakAfter: 1 })
    expect(report.status).toBe('completed')
    expect(report.abortReason).toBeUndefined()
    expect(report.counts.partial + report.counts.failed).toBe(6)
    expect(t.inspect().customers).toBe(6)
  })
})
