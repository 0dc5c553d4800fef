// Group commit in the file journal: one fsync covers the appends of a batch, each append is
// acknowledged only after the fsync that covers it, order is kept, and a failed fsync rejects
// exactly the entries it covered. Fsyncs are counted and held through the journal's `sync` hook.
import { appendFile, mkdtemp, readFile } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryVault } from '@vaultport/memory'
import { fileJournal, groupCommit, keys, runMigration, type JournalEntry } from '../src'
import { cardDataFor, now, seedSource } from './fixtures'

const tmpJournal = async () => join(await mkdtemp(join(tmpdir(), 'vp-group-')), 'run.jsonl')

const entry = (i: number): JournalEntry => ({ k: keys.customer(`c${i}`), s: 'intent', at: `t${i}` })

/** An fsync hook whose calls wait until the test lets them through, one at a time. */
const heldSyncs = (path: string) => {
  const waiting: Array<{ pass: () => void; fail: (e: Error) => void; lines: number }> = []
  const arrived: Array<() => void> = []
  const sync = async (file: FileHandle): Promise<void> => {
    const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '').length
    await new Promise<void>((pass, fail) => {
      waiting.push({ pass, fail, lines })
      for (const wake of arrived.splice(0)) wake()
    })
    await file.sync()
  }
  /** The next fsync call, once it has arrived: how many lines the file held, and its levers. */
  const next = async () => {
    while (waiting.length === 0) await new Promise<void>((resolve) => arrived.push(resolve))
    return waiting.shift() as (typeof waiting)[number]
  }
  return { sync, next }
}

/** Lets pending promise callbacks and immediates run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('group commit in the file journal', () => {
  it('covers many concurrent appends with fewer fsyncs, all durable, in order', async () => {
    const path = await tmpJournal()
    let syncs = 0
    const journal = fileJournal(path, {
      sync: async (file) => {
        syncs++
        await file.sync()
      },
    })
    const n = 200
    await Promise.all(Array.from({ length: n }, (_, i) => journal.append(entry(i))))
    await journal.close()
    expect(syncs).toBeGreaterThan(0)
    expect(syncs).toBeLessThan(n)
    const read = await fileJournal(path, { lock: false }).read()
    expect(read.map((e) => e.at)).toEqual(Array.from({ length: n }, (_, i) => `t${i}`))
  })

  it('acknowledges an append only after the fsync that covers it', async () => {
    const path = await tmpJournal()
    const held = heldSyncs(path)
    const journal = fileJournal(path, { sync: held.sync })
    const acked: string[] = []
    const track = (i: number) => journal.append(entry(i)).then(() => void acked.push(`t${i}`))
    const first = track(0)
    const sync1 = await held.next()
    expect(sync1.lines).toBe(1)
    // These arrive while the first fsync is in flight: they wait for the next one, together.
    const rest = [track(1), track(2), track(3)]
    await settle()
    expect(acked).toEqual([])
    sync1.pass()
    await first
    expect(acked).toEqual(['t0'])
    const sync2 = await held.next()
    expect(sync2.lines).toBe(4) // all three written before the one fsync that covers them
    await settle()
    expect(acked).toEqual(['t0'])
    sync2.pass()
    await Promise.all(rest)
    expect(acked).toEqual(['t0', 't1', 't2', 't3'])
    await journal.close()
  })

  it('rejects exactly the entries a failed fsync covered; later ones commit on their own', async () => {
    const path = await tmpJournal()
    const held = heldSyncs(path)
    const journal = fileJournal(path, { sync: held.sync })
    const outcome = (i: number) =>
      journal.append(entry(i)).then(
        () => 'ok',
        (e: Error) => e.message,
      )
    const a = outcome(0)
    const sync1 = await held.next()
    const covered = [outcome(1), outcome(2)]
    sync1.pass()
    const sync2 = await held.next()
    const later = outcome(3) // arrives while the failing fsync is in flight: not covered by it
    sync2.fail(new Error('EIO: the disk refused the fsync'))
    ;(await held.next()).pass()
    expect(await a).toBe('ok')
    expect(await Promise.all(covered)).toEqual([
      'EIO: the disk refused the fsync',
      'EIO: the disk refused the fsync',
    ])
    expect(await later).toBe('ok')
    await journal.close()
  })

  it('ends a line a failed write left half-written before the next batch', async () => {
    const path = await tmpJournal()
    let failNext = true
    const journal = fileJournal(path, {
      sync: async (file) => {
        if (!failNext) return file.sync()
        failNext = false
        // The write went wrong part-way: half a line is left on disk.
        await appendFile(path, '1a2b3c4d {"k":"c|half","s":"do')
        throw new Error('ENOSPC: no space left on device')
      },
    })
    await expect(journal.append(entry(0))).rejects.toThrow(/ENOSPC/)
    await journal.append(entry(1))
    await journal.close()
    const read = await fileJournal(path, { lock: false }).readChecked()
    expect(read.entries.map((e) => e.at)).toContain('t1')
    expect(read.damage).toEqual([])
    expect(read.tornTail).toBe(false)
    expect((await readFile(path, 'utf8')).endsWith('\n')).toBe(true)
  })

  it('stops the engine when an fsync fails, as any failed journal write does', async () => {
    const seeded = await seedSource(6)
    let syncs = 0
    const journal = fileJournal(await tmpJournal(), {
      sync: async (file) => {
        if (++syncs === 3) throw new Error('EIO: the disk refused the fsync')
        await file.sync()
      },
    })
    const report = await runMigration({
      source: seeded.vault,
      target: createMemoryVault({ now, idPrefix: 't_' }),
      journal,
      cardData: cardDataFor(seeded),
      now,
    })
    await journal.close()
    expect(report.status).toBe('aborted')
    expect(report.abortReason).toMatch(/journal write failed: EIO: the disk refused the fsync/)
  })
})

describe('groupCommit', () => {
  it('waits a window for company when asked to, and keeps batches within the maximum', async () => {
    const batches: number[][] = []
    const committer = groupCommit<number>(
      async (batch) => {
        batches.push([...batch])
      },
      { windowMs: 20, maxBatch: 3 },
    )
    const first = committer.submit(1)
    // Within the window: these join the first commit, up to three entries a commit.
    await new Promise((resolve) => setTimeout(resolve, 1))
    const more = [2, 3, 4, 5].map((i) => committer.submit(i))
    await Promise.all([first, ...more])
    await committer.drain()
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ])
  })
})
