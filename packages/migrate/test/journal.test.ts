import { mkdtemp, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryVault } from '@vaultport/memory'
import {
  fileJournal,
  keys,
  mappingFromJournal,
  replay,
  runMigration,
  verifyMigration,
} from '../src'

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
    await journal.close?.()
    await appendFile(path, '{"k":"m|a|card:2","s":"do')
    const entries = await journal.read()
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
