/**
 * The fleet's connection pool: what a worker or a `fleet` command opens from a `postgres://` URL.
 * Connecting is bounded, TCP keepalive notices a vanished server, and an idle connection that
 * fails is dropped instead of ending the process. A worker needs two connections: one for its
 * claims and heartbeats, one held by the journal of the unit it runs.
 */
import { hostname } from 'node:os'
import pg from 'pg'
import type { PgPool } from '../schema'
import type { Queryable } from './units'

/**
 * A `pg.Pool` as the fleet uses it: queries, connections, and `end`.
 * @category Fleet
 */
export interface FleetPool extends Queryable, PgPool {
  readonly end: () => Promise<void>
}

/**
 * The fleet pool's limits: connections, connect and statement timeouts, and its name.
 * @category Fleet
 */
export interface FleetPoolOptions {
  /** Connections at most. Default 4. */
  readonly max?: number
  /** How long opening a connection may take. Default 10 s. */
  readonly connectTimeoutMs?: number
  /** How long one statement may run before the server cancels it. Default 30 s. */
  readonly statementTimeoutMs?: number
  /** Shown in `pg_stat_activity` (a refused journal lock names its holder by it). */
  readonly applicationName?: string
}

/**
 * Whether `url` is a PostgreSQL connection URL.
 * @category Fleet
 */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url)

/**
 * A pool for the fleet database at `connectionString`: bounded connects and statements, TCP
 * keepalive, and idle connection errors dropped rather than ending the process.
 * @category Fleet
 */
export const openFleetPool = (
  connectionString: string,
  options: FleetPoolOptions = {},
): FleetPool => {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    keepAlive: true,
    fallback_application_name: (
      options.applicationName ?? `vaultport fleet pid ${process.pid} on ${hostname()}`
    ).slice(0, 63),
  })
  pool.on('error', () => undefined)
  return pool as unknown as FleetPool
}
