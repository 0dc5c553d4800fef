/**
 * Applies the schema's steps that a database lacks, in one transaction under an advisory lock
 * (two processes starting at once apply each step once; the second waits, then finds nothing to
 * do). A database whose schema is newer than this code (a later vaultport migrated it) is refused
 * rather than used: this code cannot know what the newer steps changed.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import { SCHEMA_LOCK } from './advisory'
import { describePgError, type PgClient, type PgPool } from './pg'
import { SCHEMA_LEDGER_SQL, journalSchema, type SchemaPart } from './steps'

/**
 * What `migrateSchema` found and did for one part.
 * @category Schema
 */
export interface PartMigration {
  readonly part: string
  /** The part's version before (0: none of it was there). */
  readonly from: number
  /** Its version now: the code's latest. */
  readonly to: number
  /** The versions applied by this call, in order (empty when the schema was current). */
  readonly applied: ReadonlyArray<number>
}

const latest = (part: SchemaPart): number =>
  part.steps.reduce((max, step) => Math.max(max, step.version), 0)

/** Applies one part's missing steps; Left (to roll back) if the database is ahead of the code. */
const migratePart = async (client: PgClient, part: SchemaPart): Promise<PartMigration | string> => {
  const found = await client.query(
    'SELECT coalesce(max(version), 0) AS version FROM vaultport.schema_migrations WHERE part = $1',
    [part.part],
  )
  const from = Number(found.rows[0]?.['version'] ?? 0)
  const to = latest(part)
  if (from > to)
    return `the database's vaultport ${part.part} schema is at version ${from}, newer than this vaultport knows (${to}); upgrade vaultport before using this database`
  const applied: number[] = []
  for (const step of [...part.steps].sort((a, b) => a.version - b.version)) {
    if (step.version <= from) continue
    await client.query(step.sql)
    await client.query(
      'INSERT INTO vaultport.schema_migrations (part, version, name) VALUES ($1, $2, $3)',
      [part.part, step.version, step.name],
    )
    applied.push(step.version)
  }
  return { part: part.part, from, to, applied }
}

/** The whole migration on one connection, in one transaction. */
const migrateOn = async (
  client: PgClient,
  parts: ReadonlyArray<SchemaPart>,
): Promise<ReadonlyArray<PartMigration> | string> => {
  await client.query('BEGIN')
  try {
    // Held until COMMIT or ROLLBACK: the ledger's creation is serialised too.
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [SCHEMA_LOCK])
    await client.query(SCHEMA_LEDGER_SQL)
    const done: PartMigration[] = []
    for (const part of parts) {
      const r = await migratePart(client, part)
      if (typeof r === 'string') {
        await client.query('ROLLBACK')
        return r
      }
      done.push(r)
    }
    await client.query('COMMIT')
    return done
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  }
}

// A pooled connection has `release`; a pool has not.
const isPool = (db: PgPool | PgClient): db is PgPool => !('release' in db)

const migrateWith = async (
  db: PgPool | PgClient,
  parts: ReadonlyArray<SchemaPart>,
): Promise<ReadonlyArray<PartMigration> | string> => {
  if (!isPool(db)) return migrateOn(db, parts)
  const client = await db.connect()
  try {
    return await migrateOn(client, parts)
  } finally {
    client.release()
  }
}

/**
 * Brings the database's `vaultport` schema up to this code's version: the journal's part by
 * default, or the parts given. On a pool it takes a connection for the call; on a connection it
 * uses that one (which must not be inside a transaction). Left: why the schema could not be
 * migrated (a newer database, a connection or permission error), with nothing changed.
 * @category Schema
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { fleetSchema, journalSchema, migrateSchema, openFleetPool } from '@vaultport/postgres'
 *
 * const pool = openFleetPool('postgres://vaultport@localhost:5432/vaultport')
 * const migrated = await migrateSchema(pool, [journalSchema, fleetSchema])()
 * if (E.isLeft(migrated)) console.error(migrated.left)
 * else for (const part of migrated.right) console.log(`${part.part}: ${part.from} -> ${part.to}`)
 * await pool.end()
 * ```
 */
export const migrateSchema = (
  db: PgPool | PgClient,
  parts: ReadonlyArray<SchemaPart> = [journalSchema],
): TE.TaskEither<string, ReadonlyArray<PartMigration>> =>
  pipe(
    TE.tryCatch(
      () => migrateWith(db, parts),
      (e) => `the vaultport schema could not be migrated: ${describePgError(e)}`,
    ),
    TE.chainEitherK((r) => (typeof r === 'string' ? E.left(r) : E.right(r))),
  )
