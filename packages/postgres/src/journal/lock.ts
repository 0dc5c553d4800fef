/**
 * One run per migration: a session-level advisory lock keyed by the migration's name, taken with
 * `pg_try_advisory_lock` (never waiting) on the journal's own connection. A second run of the
 * same migration is refused and told which session holds the lock. A run that dies takes its
 * session with it, and PostgreSQL frees the lock itself: there is no stale lock to clear by hand
 * (a machine that vanishes without closing its connection is noticed by TCP keepalive).
 */
import * as E from 'fp-ts/Either'
import { advisoryHalves, advisoryKey } from '../schema/advisory'
import type { PgClient } from '../schema/pg'

/**
 * The advisory lock key of a migration's journal.
 * @category Journal
 * @internal
 */
export const journalLockKey = (migration: string): string => advisoryKey(`journal:${migration}`)

/** Who holds a lock, from `pg_stat_activity`: backend pid, application, client address, since. */
const describeHolder = async (client: PgClient, key: string): Promise<string> => {
  const { classid, objid } = advisoryHalves(key)
  const r = await client.query(
    `SELECT a.pid, a.application_name, host(a.client_addr) AS addr, a.backend_start
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.classid = $1::oid AND l.objid = $2::oid
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      LIMIT 1`,
    [classid, objid],
  )
  const row = r.rows[0]
  if (row === undefined) return 'another session (which has just let go of it; try again)'
  const app = String(row['application_name'] ?? '')
  const since =
    row['backend_start'] instanceof Date ? row['backend_start'].toISOString() : 'an unknown time'
  const from = row['addr'] === null ? 'a local socket' : String(row['addr'])
  return `PostgreSQL session ${String(row['pid'])}${app === '' ? '' : ` (${app})`} from ${from}, connected since ${since}`
}

/** Takes the migration's lock for this session; Left: why not, naming the holder. */
export const tryJournalLock = async (
  client: PgClient,
  migration: string,
): Promise<E.Either<string, void>> => {
  const key = journalLockKey(migration)
  const r = await client.query('SELECT pg_try_advisory_lock($1::bigint) AS held', [key])
  if (r.rows[0]?.['held'] === true) return E.right(undefined)
  return E.left(
    `another run of the migration ${JSON.stringify(migration)} is using it: ${await describeHolder(client, key)}; wait for it to finish or stop it`,
  )
}

/** Lets go of the lock (the session stays open, e.g. to go back to a pool). */
export const releaseJournalLock = async (client: PgClient, migration: string): Promise<void> => {
  await client.query('SELECT pg_advisory_unlock($1::bigint)', [journalLockKey(migration)])
}
