// Runs over a journal file: two runs on one journal, a torn tail, a corrupt line; and a plan's
// warning about names a Valor-like target refuses as duplicates.
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { createMemoryVault, topologies, type MemoryVault } from '@vaultport/memory'
import {
  fileJournal,
  formatMigrationReport,
  mappingFromJournal,
  planMigration,
  runMigration,
  verifyMigration,
} from '../src'
import { cardDataFor, now, seedSource } from './fixtures'

const target = (topology: keyof typeof topologies = 'full'): MemoryVault =>
  createMemoryVault({ now, idPrefix: 't_', topology: topologies[topology] })

const journalPath = async () => join(await mkdtemp(join(tmpdir(), 'vp-run-')), 'run.jsonl')

describe('runs on a journal file', () => {
  it('two runs on one journal: the second refuses, naming the first; nothing is duplicated', async () => {
    const s = await seedSource(8)
    const t = target('valorLike')
    const path = await journalPath()
    const first = fileJournal(path)
    const second = fileJournal(path)
    const options = { source: s.vault, target: t, cardData: cardDataFor(s), now }
    const [a, b] = await Promise.all([
      runMigration({ ...options, journal: first }),
      runMigration({ ...options, journal: second }),
    ])
    await Promise.all([first.close(), second.close()])
    const reports = [a, b].sort((x, y) => x.status.localeCompare(y.status))
    expect(reports.map((r) => r.status)).toEqual(['aborted', 'completed'])
    expect(reports[0]?.abortReason).toMatch(
      new RegExp(`cannot be used: another run is using it: pid ${process.pid} on host `),
    )
    expect(t.inspect()).toMatchObject({ customers: 8, paymentMethods: 11 })
  })

  it('a torn last line: the next run appends after it, and no confirmed customer vanishes', async () => {
    const s = await seedSource(3)
    const t = target()
    const path = await journalPath()
    const options = { source: s.vault, target: t, cardData: cardDataFor(s), now }
    let journal = fileJournal(path)
    await runMigration({ ...options, journal })
    await journal.close()
    await appendFile(path, 'deadbeef {"k":"c|s_cus_9","s":"int') // power lost mid-line
    const late = await s.vault.customers.create({ reference: 'late', name: 'Late Comer' })()
    if (E.isLeft(late)) throw new Error(late.left.message)
    journal = fileJournal(path)
    const report = await runMigration({ ...options, journal })
    await journal.close()
    expect(report.counts.migrated).toBe(1)
    journal = fileJournal(path)
    const read = await journal.readChecked()
    await journal.close()
    expect(read.damage).toEqual([])
    expect(Object.keys(mappingFromJournal(read.entries).customers)).toHaveLength(4)
    expect(t.inspect().customers).toBe(4)
  })

  it('a torn intent whose write had gone out: the next run looks first and duplicates nothing', async () => {
    const s = await seedSource(3)
    const t = target('valorLike')
    const path = await journalPath()
    const options = { source: s.vault, target: t, cardData: cardDataFor(s), now }
    let journal = fileJournal(path)
    await runMigration({ ...options, journal, concurrency: 1 })
    await journal.close()
    const before = t.inspect()
    // The journal as a crash leaves it: the last customer's intent torn mid-line, nothing after,
    // although its create (and all after it) reached the target.
    const lines = (await readFile(path, 'utf8')).split('\n')
    const last = `"k":"c|${s.ids[2] as string}","s":"intent"`
    const i = lines.findIndex((l) => l.includes(last))
    await writeFile(path, [...lines.slice(0, i), (lines[i] ?? '').slice(0, 30)].join('\n'))
    journal = fileJournal(path)
    const report = await runMigration({ ...options, journal })
    await journal.close()
    expect(report.counts.failed + report.counts.partial + report.counts.ambiguous).toBe(0)
    expect(report.notes.join('\n')).toMatch(/looked up at the target before its first write/)
    expect(t.inspect()).toEqual(before)
    journal = fileJournal(path)
    expect(Object.keys(mappingFromJournal(await journal.read()).customers)).toHaveLength(3)
    await journal.close()
  })

  it('a corrupt line is reported, and the run looks everything up rather than trusting the rest', async () => {
    const s = await seedSource(4)
    const t = target('valorLike')
    const path = await journalPath()
    const options = { source: s.vault, target: t, cardData: cardDataFor(s), now }
    let journal = fileJournal(path)
    await runMigration({ ...options, journal })
    await journal.close()
    // Damage the line that confirmed the first payment method (one flipped character).
    const lines = (await readFile(path, 'utf8')).split('\n')
    const i = lines.findIndex((l) => l.includes('"s":"done"') && l.includes('"k":"m|'))
    lines[i] = (lines[i] ?? '').replace('"s":"done"', '"s":"dune"')
    await writeFile(path, lines.join('\n'))
    journal = fileJournal(path)
    const report = await runMigration({ ...options, journal })
    await journal.close()
    const text = formatMigrationReport(report)
    expect(text).toContain(`note: journal line ${i + 1} is damaged`)
    expect(text).toMatch(/note: every item is looked up at the target before its first write/)
    expect(t.inspect()).toMatchObject({ customers: 4, paymentMethods: 6 })
    journal = fileJournal(path)
    const v = await verifyMigration({ source: s.vault, target: t, journal })
    await journal.close()
    expect(v.journalDamage).toEqual([
      `journal line ${i + 1} is damaged (checksum mismatch); its entry is ignored`,
    ])
    expect(v.differences).toEqual([])
  })
})

describe('names a Valor-like target refuses', () => {
  it('plan warns about source customers whose names will collide, and about names taken there', async () => {
    const s = await seedSource(28) // names repeat every 26: "Customer A" and "Customer B" twice
    const t = target('valorLike')
    const taken = await t.customers.create({ name: 'customer  c' })()
    expect(E.isRight(taken)).toBe(true)
    const plan = await planMigration({ source: s.vault, target: t, now, uniqueCustomerNames: true })
    expect(plan.nameCollisions).toMatchObject({
      names: 3,
      customers: 3,
      examples: expect.arrayContaining([
        { name: 'Customer A', sourceIds: [s.ids[0], s.ids[26]], atTarget: false },
        { name: 'Customer C', sourceIds: [s.ids[2]], atTarget: true },
      ]),
    })
    expect(formatMigrationReport(plan)).toMatch(
      /names the target refuses as duplicates: 3 names, 3 customers would be refused/,
    )
    // Off for a target that takes duplicate names (the default outside Valor).
    expect(
      (await planMigration({ source: s.vault, target: t, now })).nameCollisions,
    ).toBeUndefined()
  })
})
