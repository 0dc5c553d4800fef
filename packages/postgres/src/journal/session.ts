/**
 * The journal's one connection. A journal holds a single connection for its whole life: its
 * advisory lock belongs to that session, and its writes go through it, so a journal whose
 * connection is lost (and with it the lock) cannot write another entry: it stops with the reason.
 */
import { hostname } from 'node:os'
import pg from 'pg'
import type { PgClient, PgPool } from '../schema/pg'

/**
 * Where a journal's database is: a pool to borrow one connection from, or a connection string.
 * @category Journal
 */
export type JournalDatabase =
  | { readonly pool: PgPool; readonly connectionString?: never }
  | { readonly connectionString: string; readonly pool?: never }

export interface Session {
  readonly client: PgClient
  /** Why the connection is gone, once it is. */
  readonly lost: () => string | undefined
  /** Gives the connection back (closed if it failed); ends the pool this session made. */
  readonly end: () => Promise<void>
}

/** How long opening a connection may take before the journal gives up. */
const CONNECT_TIMEOUT_MS = 10_000

/** Seen in `pg_stat_activity`, so that a refused run can say which process holds the lock. */
const applicationName = (): string => `vaultport pid ${process.pid} on ${hostname()}`.slice(0, 63) // PostgreSQL keeps 63 bytes

/**
 * Hides the password of a connection string, for messages and output.
 * @category Journal
 */
export const redactConnectionString = (url: string): string =>
  url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@')

/** The pool a connection string asks for: one connection, bounded connect, TCP keepalive. */
const ownPool = (connectionString: string): pg.Pool => {
  const pool = new pg.Pool({
    connectionString,
    max: 1,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    fallback_application_name: applicationName(),
  })
  // An idle connection that fails is reported here, and one that fails while closing on the
  // connection itself: without a listener either would end the process.
  pool.on('error', () => undefined)
  pool.on('connect', (client) => client.on('error', () => undefined))
  return pool
}

/** Opens the journal's connection. Rejects with pg's reason (never the connection string). */
export const openSession = async (db: JournalDatabase): Promise<Session> => {
  const own = db.pool === undefined ? ownPool(db.connectionString) : undefined
  const pool: PgPool = own ?? (db.pool as PgPool)
  let client: PgClient
  try {
    client = await pool.connect()
  } catch (e) {
    await own?.end().catch(() => undefined)
    throw e
  }
  let lostReason: string | undefined
  const onError = (e: Error) => {
    lostReason ??= `the connection to PostgreSQL was lost: ${e.message}`
  }
  client.on('error', onError)
  return {
    client,
    lost: () => lostReason,
    end: async () => {
      client.removeListener('error', onError)
      client.release(lostReason === undefined ? undefined : new Error(lostReason))
      await own?.end().catch(() => undefined)
    },
  }
}
