// The migration journal in a real PostgreSQL: the write protocol (an append resolves once
// committed, entries read back in order, per migration), group commit (fewer INSERTs than
// entries), the per-migration advisory lock (refused while held, freed by PostgreSQL when the
// holder dies), fail-stop on a lost connection, and the engine's runs over it.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import * as E from 'fp-ts/Either'
import pg from 'pg'
import { createMemoryVault } from '@vaultport/memory'
import { keys, runMigration, verifyMigration, type JournalEntry } from '@vaultport/migrate'
import { testRunSecrets } from '@vaultport/testkit'
import { ACCOUNT, cardDataFor, now, seedSource } from '../../migrate/test/fixtures'
import { journalLockKey, postgresJournal, type PgClient, type PgPool } from '../src'
import { eventually, usePostgres } from './server'

const server = usePostgres()

const entry = (i: number): JournalEntry => ({ k: keys.customer(`c${i}`), s: 'intent', at: `t${i}` })

/** A pool whose connections count the INSERT statements sent through them. */
const countingInserts = (pool: pg.Pool): { pool: PgPool; inserts: () => number } => {
  let inserts = 0
  const wrap = (client: pg.PoolClient): PgClient => ({
    query: (text, values) => {
      if (/^\s*INSERT INTO vaultport\.journal/.test(text)) inserts++
      return client.query(text, values)
    },
    release: (destroy) => client.release(destroy),
    on: (event, listener) => client.on(event, listener),
    removeListener: (event, listener) => client.removeListener(event, listener),
  })
  return { pool: { connect: async () => wrap(await pool.connect()) }, inserts: () => inserts }
}

const freshPool = async (max = 4) =>
  new pg.Pool({ connectionString: await server().freshDatabase('journal'), max })

describe('postgresJournal', () => {
  it('reads back what it appended, in order, each migration its own', async () => {
    const pool = await freshPool()
    const a = postgresJournal({ pool, migration: 'merchant-a' })
    const b = postgresJournal({ pool, migration: 'merchant-b' })
    expect(await a.read()).toEqual([])
    await a.append({ k: keys.customer('x'), s: 'intent', at: 't0' })
    await b.append({ k: keys.customer('y'), s: 'skipped', at: 't1', reason: 'no card data' })
    await a.append({ k: keys.customer('x'), s: 'done', at: 't2', target: 'cus_1', data: { n: 1 } })
    expect(await a.read()).toEqual([
      { k: keys.customer('x'), s: 'intent', at: 't0' },
      { k: keys.customer('x'), s: 'done', at: 't2', target: 'cus_1', data: { n: 1 } },
    ])
    expect((await b.readChecked()).entries.map((e) => e.s)).toEqual(['skipped'])
    await a.close()
    await b.close()
    // A later run of the same migration continues after the entries there.
    const again = postgresJournal({ pool, migration: 'merchant-a' })
    await again.append({ k: keys.customer('z'), s: 'intent', at: 't3' })
    expect((await again.read()).map((e) => e.at)).toEqual(['t0', 't2', 't3'])
    await again.close()
    await pool.end()
  })

  it('commits concurrent appends in fewer INSERTs than entries, all of them, in order', async () => {
    const pool = await freshPool()
    const counted = countingInserts(pool)
    const journal = postgresJournal({ pool: counted.pool, migration: 'm' })
    const n = 300
    await Promise.all(Array.from({ length: n }, (_, i) => journal.append(entry(i))))
    expect(counted.inserts()).toBeGreaterThan(0)
    expect(counted.inserts()).toBeLessThan(n)
    await journal.close()
    // Read through another connection: every acknowledged entry is committed, in order.
    const reader = postgresJournal({ pool, migration: 'm', lock: false })
    expect((await reader.read()).map((e) => e.at)).toEqual(
      Array.from({ length: n }, (_, i) => `t${i}`),
    )
    await reader.close()
    await pool.end()
  })

  it('refuses a second run of the same migration, naming the session that holds it', async () => {
    const pool = await freshPool()
    const first = postgresJournal({ pool, migration: 'm' })
    expect(E.isRight(await first.lock())).toBe(true)
    const second = postgresJournal({ pool, migration: 'm' })
    const refused = await second.lock()
    expect(E.isLeft(refused) && refused.left).toMatch(
      /^another run of the migration "m" is using it: PostgreSQL session \d+ from 127\.0\.0\.1, connected since \d{4}-/,
    )
    await expect(second.append(entry(1))).rejects.toThrow(/cannot be used: another run/)
    // Another migration is not held up, and a reader without the lock may read alongside.
    const other = postgresJournal({ pool, migration: 'other' })
    expect(E.isRight(await other.lock())).toBe(true)
    await first.append(entry(0))
    const reader = postgresJournal({ pool, migration: 'm', lock: false })
    expect((await reader.read()).map((e) => e.at)).toEqual(['t0'])
    await Promise.all([other.close(), reader.close(), first.close()])
    // Closed journals hold no lock, though their connections live on in the pool.
    const held = await pool.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    )
    expect(held.rows[0]).toEqual({ n: 0 })
    const third = postgresJournal({ pool, migration: 'm' })
    expect(E.isRight(await third.lock())).toBe(true)
    await third.close()
    await pool.end()
  })

  it('names the holder by process and host when it opened the connection itself', async () => {
    const connectionString = await server().freshDatabase('named')
    const first = postgresJournal({ connectionString, migration: 'm' })
    expect(E.isRight(await first.lock())).toBe(true)
    const refused = await postgresJournal({ connectionString, migration: 'm' }).lock()
    expect(E.isLeft(refused) && refused.left).toMatch(
      new RegExp(`PostgreSQL session \\d+ \\(vaultport pid ${process.pid} on `),
    )
    await first.close()
  })

  it('is free again once the process holding it dies: PostgreSQL lets go itself', async () => {
    const connectionString = await server().freshDatabase('dead')
    const pgPath = createRequire(__filename).resolve('pg')
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const pg = require(${JSON.stringify(pgPath)}); const c = new pg.Client(process.env.CS);
         c.connect().then(() => c.query('SELECT pg_advisory_lock($1::bigint)', [process.env.KEY]))
           .then(() => console.log('held'))`,
      ],
      { env: { ...process.env, CS: connectionString, KEY: journalLockKey('m') }, stdio: 'pipe' },
    )
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the holder never took the lock')), 20_000)
        holder.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('held')) clearTimeout(timer)
          if (d.toString().includes('held')) resolve()
        })
      })
      const journal = postgresJournal({ connectionString, migration: 'm' })
      expect(E.isLeft(await journal.lock())).toBe(true)
      holder.kill('SIGKILL')
      await eventually(async () => E.isRight(await journal.lock()))
      await journal.append(entry(0))
      await journal.close()
    } finally {
      holder.kill('SIGKILL')
    }
  })

  it('stops, refusing every later append, once its connection (and so its lock) is lost', async () => {
    const pool = await freshPool()
    const journal = postgresJournal({ pool, migration: 'm' })
    await journal.append(entry(0))
    // The server ends the journal's session, as a restart or a network cut would.
    await pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    )
    await expect(journal.append(entry(1))).rejects.toThrow(
      /the journal stopped after a failed write/,
    )
    await expect(journal.append(entry(2))).rejects.toThrow(
      /the journal stopped after a failed write/,
    )
    await journal.close()
    // Its lock went with the session: the next run takes it and finds what was committed.
    const next = postgresJournal({ pool, migration: 'm' })
    expect((await next.read()).map((e) => e.at)).toEqual(['t0'])
    await next.close()
    await pool.end()
  })
})

describe('the engine over the PostgreSQL journal', () => {
  it('runs, resumes to nothing more, verifies clean, and stores no card data or secret', async () => {
    const connectionString = await server().freshDatabase('engine')
    const seeded = await seedSource(9)
    const target = createMemoryVault({ now, idPrefix: 't_' })
    const run = async () => {
      const journal = postgresJournal({ connectionString, migration: 'src->tgt' })
      try {
        return await runMigration({
          source: seeded.vault,
          target,
          journal,
          cardData: cardDataFor(seeded),
          now,
        })
      } finally {
        await journal.close()
      }
    }
    const first = await run()
    expect(first.status).toBe('completed')
    expect(first.counts.migrated).toBe(9)
    const second = await run()
    expect(second.status).toBe('completed')
    expect(second.counts.migrated).toBe(0)
    // Nothing written twice: what the first run moved, once.
    expect(target.inspect()).toMatchObject({ customers: 9, paymentMethods: 12, recurrences: 3 })
    const reader = postgresJournal({ connectionString, migration: 'src->tgt', lock: false })
    const verified = await verifyMigration({ source: seeded.vault, target, journal: reader })
    await reader.close()
    expect(verified.error).toBeUndefined()
    expect(verified.differences).toEqual([])
    expect(verified.customersChecked).toBe(9)
    const pool = new pg.Pool({ connectionString, max: 1 })
    const dump = await pool.query(
      'SELECT string_agg(migration || k || s || entry, $1 ORDER BY position) AS all FROM vaultport.journal',
      ['\n'],
    )
    await pool.end()
    const text = String(dump.rows[0]?.['all'])
    expect(text).toContain('done')
    for (const secret of [...testRunSecrets, ACCOUNT]) expect(text).not.toContain(secret)
  })
})
