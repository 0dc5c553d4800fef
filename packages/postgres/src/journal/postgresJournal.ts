/**
 * The migration journal in PostgreSQL, with the file journal's write protocol and guarantees:
 * `append` resolves once the entry is committed (group commit: the appends that arrive while a
 * commit is in flight are written by the next single INSERT, so each commit covers a batch), and
 * `read` gives the migration's entries in the order they were appended. One run per migration at
 * a time: the journal takes the migration's advisory lock on first use. The first use also brings
 * the schema up to date (`migrateSchema`).
 *
 * A failed write stops the journal: the connection may be gone, and with it the lock and the
 * knowledge of whether the last commit landed, so every later append is refused with the reason
 * (the engine stops the run at the first failure anyway; the next run resumes from what is there).
 */
import * as E from 'fp-ts/Either'
import {
  groupCommit,
  type HeldLock,
  type Journal,
  type JournalEntry,
  type JournalRead,
} from '@vaultport/migrate'
import { migrateSchema } from '../schema/migrate'
import { describePgError } from '../schema/pg'
import { journalSchema } from '../schema/steps'
import { releaseJournalLock, tryJournalLock } from './lock'
import { insertEntries, lastPosition, readEntries } from './rows'
import { openSession, type JournalDatabase, type Session } from './session'

/**
 * Which migration a journal holds, and how it locks and commits.
 * @category Journal
 */
export interface PostgresJournalOptions {
  /** The migration's name: its entries, and its lock, are this name's (e.g. a merchant id). */
  readonly migration: string
  /** Take the migration's lock on first use. Default true; false to read alongside a run. */
  readonly lock?: boolean
  /** Group commit: how long the first append of an idle journal waits for others. Default 0. */
  readonly groupWindowMs?: number
}

/**
 * A journal's database and its options: what `postgresJournal` takes.
 * @category Journal
 */
export type PostgresJournalConfig = JournalDatabase & PostgresJournalOptions

/**
 * A migration's journal in PostgreSQL: a `Journal` that also locks and closes.
 * @category Journal
 */
export interface PostgresJournal extends Journal {
  readonly migration: string
  readonly readChecked: () => Promise<JournalRead>
  /** Lets go of the lock and the connection (ending the pool it made from a connection string). */
  readonly close: () => Promise<void>
  /** Connects, migrates the schema and takes the lock now. Left: why the journal cannot be used. */
  readonly lock: () => Promise<E.Either<string, HeldLock>>
}

interface Opened {
  readonly session: Session
  readonly locked: boolean
  /** The position of the last entry written. */
  last: number
}

/** Connects, migrates the schema, takes the lock, finds where the journal ends. */
const open = async (config: PostgresJournalConfig): Promise<E.Either<string, Opened>> => {
  let session: Session
  try {
    session = await openSession(config)
  } catch (e) {
    return E.left(`PostgreSQL could not be reached: ${describePgError(e)}`)
  }
  const fail = async (reason: string) => {
    await session.end()
    return E.left(reason)
  }
  try {
    const schema = await migrateSchema(session.client, [journalSchema])()
    if (E.isLeft(schema)) return await fail(schema.left)
    const locked = config.lock ?? true
    if (locked) {
      const held = await tryJournalLock(session.client, config.migration)
      if (E.isLeft(held)) return await fail(held.left)
    }
    const last = await lastPosition(session.client, config.migration)
    return E.right({ session, locked, last })
  } catch (e) {
    return fail(describePgError(e))
  }
}

/**
 * A journal of `config.migration` in the database of `config.pool` or `config.connectionString`.
 * @category Journal
 * @example
 * ```ts
 * import { createMemoryVault } from '@vaultport/memory'
 * import { formatMigrationReport, runMigration } from '@vaultport/migrate'
 * import { postgresJournal } from '@vaultport/postgres'
 *
 * const source = createMemoryVault({ idPrefix: 'old_' })
 * const target = createMemoryVault({ idPrefix: 'new_' })
 * const journal = postgresJournal({
 *   connectionString: 'postgres://vaultport@localhost:5432/vaultport',
 *   migration: 'old-to-new', // the same name again resumes the run
 * })
 * try {
 *   const report = await runMigration({ source, target, journal })
 *   console.log(formatMigrationReport(report))
 * } finally {
 *   await journal.close()
 * }
 * ```
 */
export const postgresJournal = (config: PostgresJournalConfig): PostgresJournal => {
  const { migration } = config
  let opening: Promise<E.Either<string, Opened>> | undefined
  let stopped: string | undefined
  const connect = () =>
    (opening ??= open(config).then((r) => {
      if (E.isLeft(r)) opening = undefined // a later attempt may succeed
      return r
    }))
  const ready = async (): Promise<Opened> => {
    const r = await connect()
    if (E.isLeft(r))
      throw new Error(
        `the journal of migration ${JSON.stringify(migration)} cannot be used: ${r.left}`,
      )
    return r.right
  }
  const committer = groupCommit<JournalEntry>(
    async (batch) => {
      if (stopped !== undefined) throw new Error(stopped)
      const o = await ready()
      try {
        await insertEntries(o.session.client, migration, o.last + 1, batch)
        o.last += batch.length
      } catch (e) {
        stopped = `the journal stopped after a failed write: ${o.session.lost() ?? describePgError(e)}`
        throw new Error(stopped)
      }
    },
    config.groupWindowMs === undefined ? {} : { windowMs: config.groupWindowMs },
  )
  const readChecked = async () => readEntries((await ready()).session.client, migration)
  return {
    migration,
    append: committer.submit,
    read: async () => (await readChecked()).entries,
    readChecked,
    lock: async () => {
      const r = await connect()
      return E.isLeft(r)
        ? r
        : E.right({ release: () => releaseJournalLock(r.right.session.client, migration) })
    },
    close: async () => {
      await committer.drain()
      const r = opening === undefined ? undefined : await opening
      opening = undefined
      if (r === undefined || E.isLeft(r)) return
      if (r.right.locked && r.right.session.lost() === undefined)
        await releaseJournalLock(r.right.session.client, migration).catch(() => undefined)
      await r.right.session.end()
    },
  }
}
