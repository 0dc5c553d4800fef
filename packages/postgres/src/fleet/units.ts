/**
 * Work units in PostgreSQL: one row per merchant of a fleet, claimed with
 * `SELECT … FOR UPDATE SKIP LOCKED` so that any number of workers on any number of machines take
 * different units without waiting on each other. A claim is a lease: the worker heartbeats to
 * extend it, and a worker that stops heartbeating (killed, hung, cut off) loses the unit when the
 * lease runs out; the next claim takes it over and resumes it through the merchant's journal.
 * Every time here is the database's clock (`now()`), so workers' clocks need not agree.
 *
 * A claim carries a random token: a heartbeat or release by a worker whose lease was taken over
 * changes nothing (it finds no row with its token) and tells the worker it lost the unit.
 * A row holds the merchant's spec with credentials by reference only (`manifest.ts`), its state,
 * progress and outcome: never a secret.
 */
import { randomUUID } from 'node:crypto'
import type { PgResult } from '../schema'
import type { MerchantSpec } from './manifest'

export const UNITS_TABLE = 'vaultport.fleet_units'

/**
 * Where a unit is: waiting, held by a worker, or finished one way or the other.
 * @category Fleet
 */
export type UnitState = 'queued' | 'claimed' | 'done' | 'failed'

/**
 * What a worker reports while it runs a unit (and what the unit keeps after).
 * @category Fleet
 */
export interface UnitProgress {
  readonly customersSeen: number
  readonly customersDone: number
  readonly failures: number
  /** The source's size, when its first page said. */
  readonly total?: number
}

/**
 * How a unit ended: the run's counts (ids and numbers only).
 * @category Fleet
 */
export interface UnitOutcome {
  readonly status: string
  /** Customers by what became of them (migrated, unchanged, failed, …). */
  readonly counts: Readonly<Record<string, number>>
  /** Items the merchant's mapping holds: customers, addresses, payment methods, schedules. */
  readonly mapped?: Readonly<Record<string, number>>
  /** Schedules moved in the last run. */
  readonly schedulesMoved?: number
}

/**
 * One work unit as `listUnits` reports it (never a secret: credentials stay references).
 * @category Fleet
 */
export interface UnitRow {
  readonly fleet: string
  readonly merchant: string
  readonly state: UnitState
  readonly attempts: number
  readonly worker: string | null
  readonly leaseExpired: boolean
  readonly heartbeatAt: Date | null
  readonly startedAt: Date | null
  readonly finishedAt: Date | null
  readonly progress: Partial<UnitProgress>
  readonly outcome: UnitOutcome | null
  readonly error: string | null
}

/**
 * A unit a worker holds: the token its heartbeats and release must show.
 * @category Fleet
 * @internal
 */
export interface Claim {
  readonly fleet: string
  readonly merchant: string
  readonly token: string
  readonly attempt: number
  /** The stored spec, to be decoded again before use (it came from the database). */
  readonly spec: unknown
  /** The worker whose expired lease this claim took over, if any. */
  readonly tookOverFrom?: string
}

/**
 * A `pg.Pool` or connection: anything that runs a parameterised query.
 * @category Fleet
 */
export interface Queryable {
  readonly query: (text: string, values?: unknown[]) => Promise<PgResult>
}

/** The rows of a result, as the shape the query selects. */
const rowsOf = <T>(r: PgResult): ReadonlyArray<T> => r.rows as unknown as ReadonlyArray<T>

interface ClaimedRow {
  readonly fleet: string
  readonly merchant: string
  readonly spec: unknown
  readonly attempts: number
  readonly previous_state: string
  readonly previous_worker: string | null
}

interface StoredRow {
  readonly fleet: string
  readonly merchant: string
  readonly state: UnitState
  readonly attempts: number
  readonly worker: string | null
  readonly lease_expired: boolean | null
  readonly heartbeat_at: Date | null
  readonly started_at: Date | null
  readonly finished_at: Date | null
  readonly progress: Partial<UnitProgress> | null
  readonly outcome: UnitOutcome | null
  readonly error: string | null
}

/** The database's `fleet`/`merchant` key of a row. */
const KEY = 'fleet = $1 AND merchant = $2'

/**
 * Adds the fleet's merchants as units. A merchant already there keeps its row (and its journal):
 * a finished one stays finished, unless `requeueFailed` puts a failed one back in the queue; its
 * stored spec is replaced by the manifest's (a changed rate or card-data file applies to the
 * next claim). Answers how many units were added and requeued.
 * @category Fleet
 */
export const enqueueUnits = async (
  db: Queryable,
  fleet: string,
  merchants: ReadonlyArray<MerchantSpec>,
  options: { readonly requeueFailed?: boolean } = {},
): Promise<{ readonly added: number; readonly requeued: number }> => {
  const requeued =
    options.requeueFailed === true
      ? ((
          await db.query(
            `UPDATE ${UNITS_TABLE} SET state = 'queued', available_at = now(), error = NULL
             WHERE fleet = $1 AND state = 'failed' AND merchant = ANY($2::text[])`,
            [fleet, merchants.map((m) => m.id)],
          )
        ).rowCount ?? 0)
      : 0
  let added = 0
  for (const m of merchants) {
    // xmax = 0: the row was inserted, not updated.
    const r = await db.query(
      `INSERT INTO ${UNITS_TABLE} (fleet, merchant, spec) VALUES ($1, $2, $3)
       ON CONFLICT (fleet, merchant) DO UPDATE SET spec = EXCLUDED.spec
       RETURNING (xmax = 0) AS inserted`,
      [fleet, m.id, JSON.stringify(m)],
    )
    if (r.rows[0]?.['inserted'] === true) added++
  }
  return { added, requeued }
}

/**
 * Claims the next unit: a queued one, or a claimed one whose lease has run out (its worker is
 * gone). `fleet` restricts the claim to one fleet. `undefined`: nothing to claim right now.
 * @category Fleet
 * @internal
 */
export const claimUnit = async (
  db: Queryable,
  worker: string,
  leaseMs: number,
  fleet?: string,
): Promise<Claim | undefined> => {
  const token = randomUUID()
  const r = await db.query(
    `WITH next AS (
       SELECT fleet, merchant, state AS previous_state, worker AS previous_worker
       FROM ${UNITS_TABLE}
       WHERE ($1::text IS NULL OR fleet = $1)
         AND available_at <= now()
         AND (state = 'queued' OR (state = 'claimed' AND lease_until < now()))
       ORDER BY available_at, fleet, merchant
       LIMIT 1
       FOR UPDATE SKIP LOCKED)
     UPDATE ${UNITS_TABLE} u SET
       state = 'claimed', claim = $2, worker = $3, attempts = u.attempts + 1,
       lease_until = now() + make_interval(secs => $4), heartbeat_at = now(),
       started_at = coalesce(u.started_at, now()), finished_at = NULL, error = NULL
     FROM next WHERE u.fleet = next.fleet AND u.merchant = next.merchant
     RETURNING u.fleet, u.merchant, u.spec, u.attempts, next.previous_state, next.previous_worker`,
    [fleet ?? null, token, worker, leaseMs / 1000],
  )
  const row = rowsOf<ClaimedRow>(r)[0]
  if (row === undefined) return undefined
  return {
    fleet: row.fleet,
    merchant: row.merchant,
    token,
    attempt: row.attempts,
    spec: row.spec,
    ...(row.previous_state === 'claimed' && row.previous_worker !== null
      ? { tookOverFrom: row.previous_worker }
      : {}),
  }
}

/**
 * Extends the lease and records progress. `false`: the claim is no longer this worker's.
 * @category Fleet
 * @internal
 */
export const heartbeat = async (
  db: Queryable,
  claim: Claim,
  leaseMs: number,
  progress: UnitProgress,
): Promise<boolean> => {
  const r = await db.query(
    `UPDATE ${UNITS_TABLE} SET lease_until = now() + make_interval(secs => $4),
       heartbeat_at = now(), progress = $5
     WHERE ${KEY} AND claim = $3 AND state = 'claimed'`,
    [claim.fleet, claim.merchant, claim.token, leaseMs / 1000, JSON.stringify(progress)],
  )
  return (r.rowCount ?? 0) > 0
}

/**
 * How a worker ends its claim: finished (done or failed), or back to the queue.
 * @category Fleet
 * @internal
 */
export type Release =
  | { readonly state: 'done' | 'failed'; readonly outcome?: UnitOutcome; readonly error?: string }
  /** Back to the queue, claimable again after `delayMs` (interrupted, journal busy). */
  | { readonly state: 'queued'; readonly delayMs: number; readonly error?: string }

/**
 * Ends a claim. `false`: the claim was no longer this worker's (nothing was changed).
 * @category Fleet
 * @internal
 */
export const releaseUnit = async (
  db: Queryable,
  claim: Claim,
  release: Release,
  progress?: UnitProgress,
): Promise<boolean> => {
  const finished = release.state !== 'queued'
  const r = await db.query(
    `UPDATE ${UNITS_TABLE} SET state = $4, claim = NULL, lease_until = NULL,
       finished_at = CASE WHEN $5 THEN now() ELSE NULL END,
       available_at = now() + make_interval(secs => $6),
       outcome = coalesce($7, outcome), error = $8, progress = coalesce($9, progress)
     WHERE ${KEY} AND claim = $3 AND state = 'claimed'`,
    [
      claim.fleet,
      claim.merchant,
      claim.token,
      release.state,
      finished,
      release.state === 'queued' ? release.delayMs / 1000 : 0,
      release.state === 'queued' || release.outcome === undefined
        ? null
        : JSON.stringify(release.outcome),
      release.error ?? null,
      progress === undefined ? null : JSON.stringify(progress),
    ],
  )
  return (r.rowCount ?? 0) > 0
}

/**
 * Units that are not finished yet (queued or claimed), in `fleet` or in every fleet.
 * @category Fleet
 * @internal
 */
export const unfinishedUnits = async (db: Queryable, fleet?: string): Promise<number> => {
  const r = await db.query(
    `SELECT count(*) AS n FROM ${UNITS_TABLE}
     WHERE ($1::text IS NULL OR fleet = $1) AND state IN ('queued', 'claimed')`,
    [fleet ?? null],
  )
  return Number(r.rows[0]?.['n'] ?? 0)
}

/**
 * Every unit of a fleet, by merchant id.
 * @category Fleet
 */
export const listUnits = async (db: Queryable, fleet: string): Promise<ReadonlyArray<UnitRow>> => {
  const r = await db.query(
    `SELECT fleet, merchant, state, attempts, worker, lease_until < now() AS lease_expired,
       heartbeat_at, started_at, finished_at, progress, outcome, error
     FROM ${UNITS_TABLE} WHERE fleet = $1 ORDER BY merchant`,
    [fleet],
  )
  return rowsOf<StoredRow>(r).map((row) => ({
    fleet: row.fleet,
    merchant: row.merchant,
    state: row.state,
    attempts: row.attempts,
    worker: row.worker,
    leaseExpired: row.lease_expired === true,
    heartbeatAt: row.heartbeat_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    progress: row.progress ?? {},
    outcome: row.outcome,
    error: row.error,
  }))
}
