import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { createMemoryVault } from '@vaultport/memory'
import {
  describeDamage,
  fileJournal,
  keys,
  mappingFromJournal,
  mappingLines,
  replay,
  runMigration,
  verifyMigration,
} from '../src'
import { procStatState } from '../src/journal/lock'

describe('file journal', () => {
  it('reads back what it wrote, and ignores a line torn by a crash', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'vp-journal-')), 'run.jsonl')
    const journal = fileJournal(path)
    expect(await journal.read()).toEqual([])
    await journal.append({ k: keys.customer('a'), s: 'intent', at: 't0' })
    await journal.append({
      k: keys.customer('a'),
      s: 'done',
      at: 't1',
      target: 'x',
      data: { addresses: [['a1', 'x1']] },
    })
    await journal.append({ k: keys.method('a', 'card:1'), s: 'intent', at: 't2' })
    await journal.close()
    await appendFile(path, '{"k":"m|a|card:2","s":"do')
    const entries = await journal.read()
    await journal.close()
    expect(entries).toHaveLength(3)
    expect(replay(entries).get(keys.method('a', 'card:1'))?.status).toBe('intent')
    expect(mappingFromJournal(entries)).toEqual({
      customers: { a: 'x' },
      addresses: { a: { a1: 'x1' } },
      paymentMethods: {},
      recurrences: {},
    })
  })
})

describe('an unreadable journal', () => {
  const broken = {
    append: async () => undefined,
    read: async () => Promise.reject(new Error('disk gone')),
  }
  it('aborts a run with the reason instead of rejecting', async () => {
    const report = await runMigration({
      source: createMemoryVault(),
      target: createMemoryVault(),
      journal: broken,
    })
    expect(report).toMatchObject({ status: 'aborted', abortReason: 'disk gone' })
    // The report's times come from the run's clock, aborted or not.
    const at = new Date('2026-06-01T00:00:00Z')
    const timed = await runMigration({
      source: createMemoryVault(),
      target: createMemoryVault(),
      journal: broken,
      now: () => at,
    })
    expect(timed).toMatchObject({ startedAt: at.toISOString(), finishedAt: at.toISOString() })
  })
  it('ends a verification with the reason instead of rejecting', async () => {
    const v = await verifyMigration({
      source: createMemoryVault(),
      target: createMemoryVault(),
      journal: broken,
    })
    expect(v.error).toBe('the journal could not be read: disk gone')
  })
})

describe('mapping lines', () => {
  it('turn confirmed entries into id-mapping lines, items with their customer', () => {
    const lines = [
      {
        k: keys.customer('a'),
        s: 'done' as const,
        at: 't',
        target: 'x',
        data: { addresses: [['billing', 'x1']] },
      },
      { k: keys.method('a', 'card'), s: 'done' as const, at: 't', target: 'pm9' },
      { k: keys.method('a', 'check'), s: 'intent' as const, at: 't' },
      { k: keys.recurrence('r1'), s: 'done' as const, at: 't', target: 'r9' },
    ].flatMap(mappingLines)
    expect(lines).toEqual([
      { kind: 'customer', source: 'a', target: 'x' },
      { kind: 'address', customer: 'a', source: 'billing', target: 'x1' },
      { kind: 'payment_method', customer: 'a', source: 'card', target: 'pm9' },
      { kind: 'schedule', source: 'r1', target: 'r9' },
    ])
  })
})

describe('journal integrity', () => {
  const tmpJournal = async () => join(await mkdtemp(join(tmpdir(), 'vp-journal-')), 'run.jsonl')

  it('checksums every line and reports a corrupt one instead of dropping it silently', async () => {
    const path = await tmpJournal()
    const journal = fileJournal(path)
    await journal.append({ k: keys.customer('a'), s: 'intent', at: 't0' })
    await journal.append({ k: keys.customer('a'), s: 'done', at: 't1', target: 'x' })
    await journal.append({ k: keys.customer('b'), s: 'intent', at: 't2' })
    await journal.close()
    const lines = (await readFile(path, 'utf8')).split('\n')
    for (const line of lines.filter((l) => l !== '')) expect(line).toMatch(/^[0-9a-f]{8} \{/)
    // One changed character in the middle line: still JSON, but not what was written.
    lines[1] = (lines[1] ?? '').replace('"target":"x"', '"target":"y"')
    await writeFile(path, lines.join('\n'))
    const read = await fileJournal(path, { lock: false }).readChecked()
    expect(read.entries.map((e) => e.k)).toEqual([keys.customer('a'), keys.customer('b')])
    expect(read.damage).toEqual([{ line: 2, reason: 'checksum mismatch' }])
    expect(describeDamage({ line: 2, reason: 'checksum mismatch' })).toMatch(/line 2/)
  })

  it('still reads a journal written before checksums', async () => {
    const path = await tmpJournal()
    await writeFile(
      path,
      '{"k":"c|a","s":"intent","at":"t0"}\n{"k":"c|a","s":"done","at":"t1","target":"x"}\n',
    )
    const journal = fileJournal(path)
    const read = await journal.readChecked()
    await journal.close()
    expect(read.damage).toEqual([])
    expect(mappingFromJournal(read.entries).customers).toEqual({ a: 'x' })
  })

  it('ends a torn tail with a newline before the next append, so nothing is glued to it', async () => {
    const path = await tmpJournal()
    const first = fileJournal(path)
    await first.append({ k: keys.customer('a'), s: 'done', at: 't0', target: 'x' })
    await first.close()
    await appendFile(path, '1a2b3c4d {"k":"c|b","s":"do') // power lost mid-line
    expect((await fileJournal(path, { lock: false }).readChecked()).tornTail).toBe(true)
    const second = fileJournal(path)
    await second.append({ k: keys.customer('c'), s: 'done', at: 't1', target: 'z' })
    await second.close()
    const read = await fileJournal(path, { lock: false }).readChecked()
    expect(mappingFromJournal(read.entries).customers).toEqual({ a: 'x', c: 'z' })
    // The fragment is known for a repaired torn line: not reported as damage on later reads.
    expect(read.damage).toEqual([])
    expect(read.tornTail).toBe(false)
  })
})

describe('journal lock', () => {
  const tmpJournal = async () => join(await mkdtemp(join(tmpdir(), 'vp-lock-')), 'run.jsonl')
  const deadPid = (): number => {
    const child = spawnSync(process.execPath, ['-e', ''])
    return child.pid ?? 999_999
  }

  it('refuses a second user of the journal while the first holds it, naming the holder', async () => {
    const path = await tmpJournal()
    const first = fileJournal(path)
    expect(E.isRight(await first.lock())).toBe(true)
    const lock = JSON.parse(await readFile(`${path}.lock`, 'utf8')) as Record<string, unknown>
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() })
    expect(typeof lock['startedAt']).toBe('string')
    const second = fileJournal(path)
    const refused = await second.lock()
    expect(E.isLeft(refused) && refused.left).toMatch(
      new RegExp(`another run is using it: pid ${process.pid} on host `),
    )
    await expect(second.append({ k: 'c|a', s: 'intent', at: 't' })).rejects.toThrow(
      /cannot be used: another run is using it/,
    )
    await first.close()
    expect(existsSync(`${path}.lock`)).toBe(false)
    const third = fileJournal(path)
    expect(E.isRight(await third.lock())).toBe(true)
    await third.close()
  })

  it('takes over a stale lock (same host, process gone) and says whose it was', async () => {
    const path = await tmpJournal()
    const pid = deadPid()
    await writeFile(
      `${path}.lock`,
      JSON.stringify({
        pid,
        host: hostname(),
        startedAt: '2026-05-31T23:00:00.000Z',
        nonce: 'old',
      }),
    )
    const journal = fileJournal(path)
    const held = await journal.lock()
    expect(E.isRight(held) && held.right.tookOver).toMatch(
      new RegExp(
        `stale lock \\(pid ${pid} on host .*started 2026-05-31T23:00:00.000Z; that process is gone\\)`,
      ),
    )
    await journal.close()
  })

  /** The pid of a zombie: a child of `sleep`, which exited and which `sleep` never reaps. */
  const zombie = async (): Promise<{ pid: number; parent: ChildProcess } | undefined> => {
    const parent = spawn('sh', ['-c', 'sleep 0 & exec sleep 30'], { stdio: 'ignore' })
    for (let i = 0; i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      for (const name of await readdir('/proc')) {
        if (!/^\d+$/.test(name)) continue
        const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '')
        const [state, ppid] = stat
          .slice(stat.lastIndexOf(')') + 1)
          .trim()
          .split(' ')
        if (state === 'Z' && Number(ppid) === parent.pid) return { pid: Number(name), parent }
      }
    }
    parent.kill('SIGKILL')
    return undefined
  }

  it('reads the state of a /proc stat line, whatever the command name holds', () => {
    expect(procStatState('8387 (sleep) Z 8386 8376 6125 0 -1 4227072')).toBe('Z')
    expect(procStatState('42 (a (b) c) S 1 42 42 0 -1')).toBe('S')
    expect(procStatState('42 (x) ) R 1 42')).toBe('R')
    expect(procStatState('garbage')).toBeUndefined()
  })

  const onLinux = process.platform === 'linux' ? it : it.skip
  onLinux('takes a zombie holder (exited, not yet reaped) for gone, a live one not', async () => {
    const z = await zombie()
    if (z === undefined) throw new Error('no zombie could be made')
    try {
      // A signal still reaches the zombie: only /proc tells that it has exited.
      expect(() => process.kill(z.pid, 0)).not.toThrow()
      const holder = (pid: number) =>
        JSON.stringify({ pid, host: hostname(), startedAt: '2026-05-31T23:00:00.000Z', nonce: 'z' })
      const path = await tmpJournal()
      await writeFile(`${path}.lock`, holder(z.pid))
      const journal = fileJournal(path)
      const held = await journal.lock()
      expect(E.isRight(held) && held.right.tookOver).toMatch(
        new RegExp(`stale lock \\(pid ${z.pid} on host .*that process is gone\\)`),
      )
      await journal.close()
      // The zombie's parent is alive and running: its lock is refused.
      const live = await tmpJournal()
      await writeFile(`${live}.lock`, holder(z.parent.pid as number))
      const refused = await fileJournal(live).lock()
      expect(E.isLeft(refused) && refused.left).toMatch(
        new RegExp(`another run is using it: pid ${z.parent.pid} on host `),
      )
    } finally {
      z.parent.kill('SIGKILL')
    }
  })

  it('refuses a lock held on another host, which it cannot check', async () => {
    const path = await tmpJournal()
    await writeFile(
      `${path}.lock`,
      JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: '2026-05-31T23:00:00.000Z' }),
    )
    const refused = await fileJournal(path).lock()
    expect(E.isLeft(refused) && refused.left).toMatch(/another host .*pid 1 on host elsewhere/)
  })
})
