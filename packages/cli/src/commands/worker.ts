// `vaultport migrate worker`: pulls fleet units from PostgreSQL and runs them, and the pieces the
// `fleet` commands share with it (the database, the worker's lines on stderr).
import * as E from 'fp-ts/Either'
import {
  defaultWorkerId,
  isPostgresUrl,
  migrateFleetSchema,
  openFleetPool,
  redactConnectionString,
  runWorker,
  type FleetPool,
  type WorkerEvent,
  type WorkerSummary,
} from '@vaultport/postgres'
import { gatewayModules } from '../gateways'
import { CliError, ExitCode, onInterrupt, output, type CliIo, type Output } from '../io'

export interface WorkerCommandOptions {
  readonly db: string
  readonly id?: string
  readonly fleet?: string
  readonly follow?: boolean
  readonly leaseSeconds?: number
  readonly json?: boolean
}

/** The fleet database, its schema brought up to date; usage or gateway errors as exit codes. */
export const openFleetDatabase = async (url: string): Promise<FleetPool> => {
  if (!isPostgresUrl(url))
    throw new CliError('--db must be a postgres:// or postgresql:// URL', ExitCode.usage)
  const pool = openFleetPool(url)
  const schema = await migrateFleetSchema(pool)()
  if (E.isLeft(schema)) {
    await pool.end().catch(() => undefined)
    throw new CliError(
      `the fleet database ${redactConnectionString(url)}: ${schema.left}`,
      ExitCode.gateway,
    )
  }
  return pool
}

/** One stderr line per thing a worker does. */
export const describeWorkerEvent = (worker: string, e: WorkerEvent): string | undefined => {
  switch (e.kind) {
    case 'claimed':
      return `${worker}: ${e.unit}: claimed (attempt ${e.attempt}${e.tookOverFrom === undefined ? '' : `, taking over from ${e.tookOverFrom}, whose claim expired`})`
    case 'finished':
      return `${worker}: ${e.unit}: ${e.state}: ${e.detail}`
    case 'requeued':
      return `${worker}: ${e.unit}: back in the queue: ${e.reason}`
    case 'lost':
      return `${worker}: ${e.unit}: its claim was taken over; left to the new holder`
    case 'waiting':
      return undefined // every poll: too many lines for a log
  }
}

export interface LocalWorker {
  readonly worker: string
  readonly result: E.Either<string, WorkerSummary>
  readonly interrupted: boolean
}

/**
 * Runs a worker in this process until no unit is left (or forever with `follow`). The first
 * SIGINT/SIGTERM lets the current unit's customers in flight finish, puts the unit back in the
 * queue and ends the worker.
 */
export const runLocalWorker = async (
  io: CliIo,
  out: Output,
  pool: FleetPool,
  o: Omit<WorkerCommandOptions, 'db' | 'json'>,
): Promise<LocalWorker> => {
  const worker = o.id ?? defaultWorkerId()
  const stop = new AbortController()
  const release = onInterrupt(io, () => {
    out.log(`${worker}: stopping: finishing the customers in flight, then releasing the unit\n`)
    stop.abort()
  })
  try {
    const leaseMs = (o.leaseSeconds ?? 30) * 1000
    const result = await runWorker({
      pool,
      id: worker,
      modules: gatewayModules,
      env: io.env,
      cwd: io.cwd,
      leaseMs,
      signal: stop.signal,
      ...(o.fleet === undefined ? {} : { fleet: o.fleet }),
      ...(o.follow === true ? { follow: true } : {}),
      onEvent: (e) => {
        const line = describeWorkerEvent(worker, e)
        if (line !== undefined) out.log(`${line}\n`)
      },
    })
    return { worker, result, interrupted: stop.signal.aborted }
  } finally {
    release()
  }
}

const summaryText = (worker: string, s: WorkerSummary): string =>
  `worker ${worker}: ${s.done} done, ${s.failed} failed, ${s.requeued} put back, ${s.lost} taken over` +
  (s.ended === 'stopped' ? ' (stopped)' : ' (no unit left)')

export const migrateWorker = async (io: CliIo, o: WorkerCommandOptions): Promise<ExitCode> => {
  const out = output(io, o)
  const pool = await openFleetDatabase(o.db)
  try {
    const run = await runLocalWorker(io, out, pool, o)
    if (E.isLeft(run.result)) throw new CliError(run.result.left, ExitCode.gateway)
    const summary = run.result.right
    out.result({ worker: run.worker, ...summary }, () => `${summaryText(run.worker, summary)}\n`)
    if (run.interrupted) return ExitCode.interrupted
    return summary.failed > 0 ? ExitCode.incomplete : ExitCode.ok
  } finally {
    await pool.end().catch(() => undefined)
  }
}
