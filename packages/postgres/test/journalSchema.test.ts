// The `vaultport` schema on a real PostgreSQL: applied once, idempotent, serialised between
// processes that start together, and a database newer than the code refused.
import * as E from 'fp-ts/Either'
import pg from 'pg'
import { journalSchema, migrateSchema, postgresJournal, type SchemaPart } from '../src'
import { usePostgres } from './server'

const server = usePostgres()

const withPool = async <A>(f: (pool: pg.Pool) => Promise<A>): Promise<A> => {
  const pool = new pg.Pool({ connectionString: await server().freshDatabase('schema'), max: 4 })
  try {
    return await f(pool)
  } finally {
    await pool.end()
  }
}

describe('migrateSchema', () => {
  it('applies the steps a database lacks, once, and records them', () =>
    withPool(async (pool) => {
      const first = await migrateSchema(pool)()
      expect(first).toEqual(E.right([{ part: 'journal', from: 0, to: 1, applied: [1] }]))
      const again = await migrateSchema(pool)()
      expect(again).toEqual(E.right([{ part: 'journal', from: 1, to: 1, applied: [] }]))
      const ledger = await pool.query(
        'SELECT part, version, name FROM vaultport.schema_migrations ORDER BY version',
      )
      expect(ledger.rows).toEqual([{ part: 'journal', version: 1, name: 'migration journal' }])
    }))

  it('applies each step once when several processes start at the same time', () =>
    withPool(async (pool) => {
      const results = await Promise.all([1, 2, 3, 4].map(() => migrateSchema(pool)()))
      const applied = results.flatMap((r) =>
        E.isRight(r) ? r.right.flatMap((p) => p.applied) : [-1],
      )
      expect(applied).toEqual([1])
    }))

  it('applies a later step of a part, and keeps parts apart', () =>
    withPool(async (pool) => {
      expect(E.isRight(await migrateSchema(pool)())).toBe(true)
      const extra: SchemaPart = {
        part: 'extra',
        steps: [
          { version: 1, name: 'a table', sql: 'CREATE TABLE vaultport.extra (id int)' },
          { version: 2, name: 'a column', sql: 'ALTER TABLE vaultport.extra ADD COLUMN n int' },
        ],
      }
      const r = await migrateSchema(pool, [journalSchema, extra])()
      expect(r).toEqual(
        E.right([
          { part: 'journal', from: 1, to: 1, applied: [] },
          { part: 'extra', from: 0, to: 2, applied: [1, 2] },
        ]),
      )
      await pool.query('INSERT INTO vaultport.extra (id, n) VALUES (1, 2)')
    }))

  it('rolls a failing step back whole, leaving the database as it was', () =>
    withPool(async (pool) => {
      const broken: SchemaPart = {
        part: 'broken',
        steps: [
          { version: 1, name: 'fine', sql: 'CREATE TABLE vaultport.fine (id int)' },
          { version: 2, name: 'typo', sql: 'CREATE TABLEX vaultport.nope (id int)' },
        ],
      }
      const r = await migrateSchema(pool, [journalSchema, broken])()
      expect(E.isLeft(r) && r.left).toMatch(/could not be migrated: syntax error .*\(42601\)/)
      const tables = await pool.query("SELECT to_regclass('vaultport.fine') AS t")
      expect(tables.rows[0]).toEqual({ t: null })
      const ledger = await pool.query("SELECT to_regclass('vaultport.schema_migrations') AS t")
      expect(ledger.rows[0]).toEqual({ t: null })
    }))

  it('refuses a database whose schema is newer than the code, and so does the journal', () =>
    withPool(async (pool) => {
      expect(E.isRight(await migrateSchema(pool)())).toBe(true)
      await pool.query(
        "INSERT INTO vaultport.schema_migrations (part, version, name) VALUES ('journal', 2, 'from a later vaultport')",
      )
      const r = await migrateSchema(pool)()
      expect(E.isLeft(r) && r.left).toBe(
        "the database's vaultport journal schema is at version 2, newer than this vaultport knows (1); upgrade vaultport before using this database",
      )
      const journal = postgresJournal({ pool, migration: 'm' })
      const refused = await journal.lock()
      expect(E.isLeft(refused) && refused.left).toMatch(/newer than this vaultport knows/)
      await expect(journal.append({ k: 'c|a', s: 'intent', at: 't' })).rejects.toThrow(
        /journal of migration "m" cannot be used: .*newer than this vaultport/,
      )
      await journal.close()
    }))

  it('says why when the database cannot be reached, without the connection string', async () => {
    // A port nothing listens on, with a password in the string that must not be echoed.
    const journal = postgresJournal({
      connectionString: 'postgres://vp:hunter2-not-shown@127.0.0.1:1/none',
      migration: 'm',
    })
    const r = await journal.lock()
    expect(E.isLeft(r) && r.left).toMatch(/^PostgreSQL could not be reached: .*ECONNREFUSED/)
    expect(JSON.stringify(r)).not.toContain('hunter2')
    await journal.close()
  })
})
