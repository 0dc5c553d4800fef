/**
 * A fleet worker: claims a unit (one merchant), takes the merchant's journal lock, runs the
 * migration through the journal while a heartbeat keeps the claim, and releases the unit done,
 * failed or back to the queue; then the next, until no unit is left (or forever, `follow`).
 *
 * Two locks keep one merchant to one worker. The claim's lease decides who should run a unit;
 * the journal's advisory lock (held by a database session, so PostgreSQL frees it the moment a
 * worker's connection dies) decides who can: a worker that takes over an expired lease from one
 * that is alive but stalled finds the journal held, puts the unit back and moves on. Whoever
 * resumes a unit reads its journal, and the engine's look-before-write reconciliation makes the
 * resume exact. With one worker per merchant at a time, a merchant's rate limit holds across the
 * whole fleet by construction.
 *
 * A stop (`signal`) ends the worker after its current unit: the engine stops starting customers,
 * lets the ones in flight finish, and the unit goes back to the queue for the next claim.
 */
import { hostname } from 'node:os'
import * as E from 'fp-ts/Either'
import type { Queryable } from './units'
import type { GatewayModule } from '@vaultport/config'
import { runMigration, type Journal, type MigrationReport } from '@vaultport/migrate'
import { postgresJournal } from '../journal'
import type { PgPool } from '../schema'
import { openMerchant, type OpenedMerchant } from './open'
import {
  claimUnit,
  heartbeat,
  releaseUnit,
  unfinishedUnits,
  type Claim,
  type Release,
  type UnitProgress,
} from './units'

/**
 * A journal the worker can lock (and must close): what `postgresJournal` gives.
 * @category Fleet
 */
export interface LockableJournal extends Journal {
  readonly lock: () => Promise<E.Either<string, unknown>>
  readonly close: () => Promise<void>
}

/**
 * What a worker reports as it goes: a unit claimed (or taken over), finished, requeued or lost, or
 * the worker waiting for work.
 * @category Fleet
 */
export type WorkerEvent =
  | {
      readonly kind: 'claimed'
      readonly unit: string
      readonly attempt: number
      readonly tookOverFrom?: string
    }
  | {
      readonly kind: 'finished'
      readonly unit: string
      readonly state: 'done' | 'failed'
      readonly detail: string
    }
  | { readonly kind: 'requeued'; readonly unit: string; readonly reason: string }
  | { readonly kind: 'lost'; readonly unit: string }
  | { readonly kind: 'waiting'; readonly unfinished: number }

/**
 * How a worker runs: its pool, adapters and environment, and its lease and polling times.
 * @category Fleet
 */
export interface WorkerOptions {
  /** A `pg.Pool` of at least two connections (a unit's journal holds one while it runs). */
  readonly pool: Queryable & PgPool
  /** This worker's name in the units it claims (default host-pid). */
  readonly id?: string
  /** The adapters the worker can open gateways with. */
  readonly modules: ReadonlyArray<GatewayModule>
  /** The merchants' journals, by migration name. Default: `postgresJournal` over `pool`. */
  readonly journalFor?: (migration: string) => LockableJournal
  /** Where `env:` references are read. */
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd?: string
  /** Only this fleet's units (default: any fleet's). */
  readonly fleet?: string
  /** Keep polling when no unit is left, until stopped. Default false. */
  readonly follow?: boolean
  /** How long a claim lasts without a heartbeat. Default 30 s. */
  readonly leaseMs?: number
  /** How often the claim is extended. Default a third of the lease. */
  readonly heartbeatMs?: number
  /** How long to wait before looking for work again when none is claimable. Default 1 s. */
  readonly pollMs?: number
  /** Stops the worker after its current unit (whose in-flight customers finish). */
  readonly signal?: AbortSignal
  readonly onEvent?: (event: WorkerEvent) => void
}

/**
 * What a worker did before it ended: units done, failed, requeued and lost.
 * @category Fleet
 */
export interface WorkerSummary {
  readonly done: number
  readonly failed: number
  readonly requeued: number
  readonly lost: number
  /** Why the worker ended: nothing left, or it was stopped. */
  readonly ended: 'drained' | 'stopped'
}

/**
 * The journal name of a fleet merchant's migration.
 * @category Fleet
 */
export const fleetMigrationName = (fleet: string, merchant: string): string =>
  `fleet/${fleet}/${merchant}`

/**
 * A worker's default name: its host and process id.
 * @category Fleet
 */
export const defaultWorkerId = (): string => `${hostname()}-${process.pid}`

interface Settings {
  readonly options: WorkerOptions
  readonly id: string
  readonly leaseMs: number
  readonly heartbeatMs: number
  readonly pollMs: number
}

type Tally = { done: number; failed: number; requeued: number; lost: number }

/**
 * Runs units until none is left (or forever with `follow`, or until stopped). Never rejects.
 * @category Fleet
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { fluidPayGateway } from '@vaultport/fluidpay'
 * import { payTraceGateway } from '@vaultport/paytrace'
 * import { migrateFleetSchema, openFleetPool, runWorker } from '@vaultport/postgres'
 *
 * const pool = openFleetPool('postgres://vaultport@localhost:5432/vaultport')
 * const schema = await migrateFleetSchema(pool)()
 * const summary = E.isLeft(schema)
 *   ? schema
 *   : await runWorker({
 *       pool,
 *       modules: [payTraceGateway, fluidPayGateway],
 *       env: process.env, // where the manifest's `env:` references are read
 *       onEvent: (event) => console.log(event.kind),
 *     })
 * if (E.isLeft(summary)) console.error(summary.left)
 * else console.log(`${summary.right.done} done, ${summary.right.failed} failed`)
 * await pool.end()
 * ```
 */
export const runWorker = async (
  options: WorkerOptions,
): Promise<E.Either<string, WorkerSummary>> => {
  const leaseMs = options.leaseMs ?? 30_000
  const settings: Settings = {
    options,
    id: options.id ?? defaultWorkerId(),
    leaseMs,
    heartbeatMs: options.heartbeatMs ?? Math.max(100, Math.floor(leaseMs / 3)),
    pollMs: options.pollMs ?? 1_000,
  }
  const tally: Tally = { done: 0, failed: 0, requeued: 0, lost: 0 }
  try {
    const ended = await loop(settings, tally)
    return E.right({ ...tally, ended })
  } catch (e) {
    return E.left(`the worker stopped: ${e instanceof Error ? e.message : String(e)}`)
  }
}

const loop = async (s: Settings, tally: Tally): Promise<'drained' | 'stopped'> => {
  const { options } = s
  while (options.signal?.aborted !== true) {
    const claim = await claimUnit(options.pool, s.id, s.leaseMs, options.fleet)
    if (claim !== undefined) {
      count(tally, await runUnit(s, claim))
      continue
    }
    const unfinished = await unfinishedUnits(options.pool, options.fleet)
    // Units still claimed by others may come back (a worker dies): wait for them too.
    if (unfinished === 0 && options.follow !== true) return 'drained'
    options.onEvent?.({ kind: 'waiting', unfinished })
    await pause(s.pollMs, options.signal)
  }
  return 'stopped'
}

const count = (tally: Tally, result: UnitResult) => {
  tally[result]++
}

/** Waits `ms`, or less if the signal fires. */
const pause = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted === true) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done)
  })

type UnitResult = 'done' | 'failed' | 'requeued' | 'lost'

const unitName = (claim: Claim) => `${claim.fleet}/${claim.merchant}`

/** Releases the claim; reports a claim that was taken over meanwhile as lost. */
const finish = async (
  s: Settings,
  claim: Claim,
  release: Release,
  progress?: UnitProgress,
): Promise<UnitResult> => {
  const unit = unitName(claim)
  if (!(await releaseUnit(s.options.pool, claim, release, progress))) {
    s.options.onEvent?.({ kind: 'lost', unit })
    return 'lost'
  }
  if (release.state === 'queued') {
    s.options.onEvent?.({ kind: 'requeued', unit, reason: release.error ?? 'stopped' })
    return 'requeued'
  }
  s.options.onEvent?.({
    kind: 'finished',
    unit,
    state: release.state,
    detail: release.error ?? summary(release.outcome?.counts ?? {}),
  })
  return release.state
}

const summary = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ') || 'nothing to move'

const runUnit = async (s: Settings, claim: Claim): Promise<UnitResult> => {
  const { options } = s
  options.onEvent?.({
    kind: 'claimed',
    unit: unitName(claim),
    attempt: claim.attempt,
    ...(claim.tookOverFrom === undefined ? {} : { tookOverFrom: claim.tookOverFrom }),
  })
  const opened = openMerchant(claim.spec, {
    modules: options.modules,
    env: options.env,
    cwd: options.cwd ?? process.cwd(),
  })
  if (E.isLeft(opened)) return finish(s, claim, { state: 'failed', error: opened.left })
  const migration = fleetMigrationName(claim.fleet, claim.merchant)
  const journal =
    options.journalFor?.(migration) ?? postgresJournal({ pool: options.pool, migration })
  try {
    const locked = await journal.lock()
    if (E.isLeft(locked))
      return await finish(s, claim, {
        state: 'queued',
        delayMs: s.leaseMs,
        error: `its journal is in use: ${locked.left}`,
      })
    return await migrateUnit(s, claim, opened.right, journal)
  } finally {
    await journal.close()
  }
}

/** The migration of a claimed, opened, locked unit, with its heartbeat. */
const migrateUnit = async (
  s: Settings,
  claim: Claim,
  merchant: OpenedMerchant,
  journal: LockableJournal,
): Promise<UnitResult> => {
  const { options } = s
  const stop = new AbortController()
  const onStop = () => stop.abort()
  // A stop that came before the run began must stop it too (a listener added late never fires).
  if (options.signal?.aborted === true) stop.abort()
  else options.signal?.addEventListener('abort', onStop)
  let progress: UnitProgress = { customersSeen: 0, customersDone: 0, failures: 0 }
  const total = await sourceSize(merchant)
  if (total !== undefined) progress = { ...progress, total }
  const beat = keepClaim(
    s,
    claim,
    () => progress,
    () => stop.abort(),
  )
  let report: MigrationReport
  try {
    const o = merchant.spec.options
    report = await runMigration({
      source: merchant.source,
      target: merchant.target,
      journal,
      cardData: merchant.cardData,
      signal: stop.signal,
      ...(o.concurrency === undefined ? {} : { concurrency: o.concurrency }),
      ...(o.rate === undefined ? {} : { targetRequestsPerSecond: o.rate }),
      ...(o.since === undefined ? {} : { since: o.since }),
      ...(o.safetyDays === undefined ? {} : { scheduleSafetyDays: o.safetyDays }),
      removeSourceSchedules: o.keepSourceSchedules !== true,
      onProgress: (p) => {
        progress = {
          customersSeen: p.customersSeen,
          customersDone: p.customersDone,
          failures: p.failures,
          ...(total === undefined ? {} : { total }),
        }
      },
    })
  } finally {
    options.signal?.removeEventListener('abort', onStop)
    await beat.stop()
  }
  if (beat.lost()) {
    options.onEvent?.({ kind: 'lost', unit: unitName(claim) })
    return 'lost'
  }
  return finish(s, claim, releaseFor(report, stop.signal.aborted), progress)
}

/**
 * What a finished run makes of its unit.
 * @category Fleet
 * @internal
 */
export const releaseFor = (report: MigrationReport, stopped: boolean): Release => {
  const outcome = {
    status: report.status,
    counts: { ...report.counts },
    totals: { ...report.totals },
  }
  if (report.status === 'interrupted' || (stopped && report.status !== 'completed'))
    return {
      state: 'queued',
      delayMs: 0,
      error: 'the worker was stopped; the next claim resumes it',
    }
  if (report.status === 'aborted')
    return { state: 'failed', outcome, error: report.abortReason ?? 'the run was aborted' }
  const c = report.counts
  const unfinished = c.failed + c.partial + c.ambiguous
  return unfinished > 0
    ? { state: 'failed', outcome, error: `${unfinished} customer(s) not fully moved: see status` }
    : { state: 'done', outcome }
}

const sourceSize = async (merchant: OpenedMerchant): Promise<number | undefined> => {
  const first = await merchant.source.customers.list({ pageSize: 1 })()
  return E.isRight(first) ? first.right.totalCount : undefined
}

/**
 * Heartbeats every `heartbeatMs` until stopped. A heartbeat that finds the claim gone, or no
 * heartbeat landing for a whole lease (the database unreachable), calls `onLost`: the run must
 * stop, since another worker may now take the unit.
 */
const keepClaim = (
  s: Settings,
  claim: Claim,
  progress: () => UnitProgress,
  onLost: () => void,
): { readonly stop: () => Promise<void>; readonly lost: () => boolean } => {
  let lost = false
  let lastBeat = Date.now()
  let running: Promise<void> = Promise.resolve()
  const tick = () => {
    running = heartbeat(s.options.pool, claim, s.leaseMs, progress())
      .then((held) => {
        if (held) lastBeat = Date.now()
        else lost = true
      })
      .catch(() => {
        if (Date.now() - lastBeat >= s.leaseMs) lost = true
      })
      .then(() => {
        if (lost) onLost()
      })
  }
  const timer = setInterval(tick, s.heartbeatMs)
  return {
    stop: async () => {
      clearInterval(timer)
      await running
    },
    lost: () => lost,
  }
}
