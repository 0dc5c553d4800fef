import { mkdtemp, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryVault } from '@vaultport/memory'
import {
  fileJournal,
  keys,
  mappingFromJournal,
  mappingLines,
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
