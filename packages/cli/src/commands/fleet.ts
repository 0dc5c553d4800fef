// `vaultport migrate fleet plan|run|status|verify` and `vaultport migrate worker`: many merchants'
// migrations from one manifest, run as work units by any number of workers over one PostgreSQL
// database. `fleetCommands.ts` adds them under `migrate` and imports this file when one runs.
import { resolve } from 'node:path'
import * as E from 'fp-ts/Either'
import { planMigration, verifyMigration, type PlanTotals } from '@vaultport/migrate'
import {
  enqueueUnits,
  fleetMigrationName,
  listUnits,
  openMerchant,
  postgresJournal,
  readManifest,
  type FleetManifest,
  type FleetPool,
  type MerchantSpec,
  type OpenedMerchant,
  type UnitRow,
} from '@vaultport/postgres'
import { gatewayModules } from '../gateways'
import { CliError, ExitCode, output, type CliIo, type Output } from '../io'
import { openFleetDatabase, runLocalWorker } from './worker'

export interface FleetOptions {
  readonly manifest: string
  readonly db?: string
  readonly json?: boolean
  readonly wide?: boolean
}

export interface FleetRunOptions extends FleetOptions {
  readonly enqueueOnly?: boolean
  readonly id?: string
  readonly leaseSeconds?: number
}

/** Merchants planned or verified at once (each is bound by its own gateways' limits). */
const MERCHANTS_AT_ONCE = 4

const manifestOf = (io: CliIo, path: string): FleetManifest => {
  const m = readManifest(resolve(io.cwd, path), gatewayModules)
  if (E.isLeft(m)) throw new CliError(m.left, ExitCode.usage)
  return m.right
}

const dbOf = (o: FleetOptions): string => {
  if (o.db === undefined) throw new CliError('--db postgres://… is required', ExitCode.usage)
  return o.db
}

/** Runs `work` over the merchants, a few at once, answers in manifest order. */
const eachMerchant = async <A>(
  merchants: ReadonlyArray<MerchantSpec>,
  work: (m: MerchantSpec) => Promise<A>,
): Promise<A[]> => {
  const results = new Array<A>(merchants.length)
  let next = 0
  const lane = async () => {
    while (next < merchants.length) {
      const i = next++
      results[i] = await work(merchants[i] as MerchantSpec)
    }
  }
  await Promise.all(Array.from({ length: Math.min(MERCHANTS_AT_ONCE, merchants.length) }, lane))
  return results
}

const opened = (io: CliIo, m: MerchantSpec): E.Either<string, OpenedMerchant> =>
  openMerchant(m, { modules: gatewayModules, env: io.env, cwd: io.cwd })

const pair = (m: MerchantSpec) => `${m.source.adapter} → ${m.target.adapter}`

// ---- plan

interface PlanRow {
  readonly merchant: string
  readonly pair: string
  readonly totals?: PlanTotals
  readonly error?: string
}

const planOne = async (io: CliIo, m: MerchantSpec): Promise<PlanRow> => {
  const base = { merchant: m.id, pair: pair(m) }
  const o = opened(io, m)
  if (E.isLeft(o)) return { ...base, error: o.left }
  const report = await planMigration({
    source: o.right.source,
    target: o.right.target,
    cardData: o.right.cardData,
    ...(m.options.since === undefined ? {} : { since: m.options.since }),
    ...(m.options.safetyDays === undefined ? {} : { scheduleSafetyDays: m.options.safetyDays }),
  })
  return report.status === 'completed'
    ? { ...base, totals: report.totals }
    : { ...base, totals: report.totals, error: report.abortReason ?? report.status }
}

const issueCount = (t: PlanTotals) => Object.values(t.issues).reduce((n, k) => n + (k ?? 0), 0)

export const fleetPlan = async (io: CliIo, o: FleetOptions): Promise<ExitCode> => {
  const out = output(io, o)
  const manifest = manifestOf(io, o.manifest)
  const rows = await eachMerchant(manifest.merchants, (m) => planOne(io, m))
  out.result({ fleet: manifest.fleet, merchants: rows }, () => {
    const table = out.table(
      ['merchant', 'gateways', 'customers', 'methods', 'schedules', 'issues', 'note'],
      rows.map((r) => [
        r.merchant,
        r.pair,
        String(r.totals?.customers ?? '-'),
        String(r.totals?.paymentMethods ?? '-'),
        String(r.totals?.recurrences ?? '-'),
        r.totals === undefined ? '-' : String(issueCount(r.totals)),
        r.error ?? '',
      ]),
    )
    return `plan of fleet ${manifest.fleet} (${rows.length} merchants)\n${table}\n`
  })
  return rows.some((r) => r.error !== undefined) ? ExitCode.incomplete : ExitCode.ok
}

// ---- status

type Phase = 'done' | 'failed' | 'in flight' | 'stalled' | 'queued' | 'not enqueued'

export interface StatusRow {
  readonly merchant: string
  readonly phase: Phase
  readonly customersDone?: number
  readonly total?: number
  readonly failures?: number
  readonly attempts: number
  readonly worker?: string
  readonly heartbeatAt?: string
  readonly note?: string
}

const phaseOf = (u: UnitRow): Phase =>
  u.state === 'claimed' ? (u.leaseExpired ? 'stalled' : 'in flight') : u.state

const statusRow = (merchant: string, u: UnitRow | undefined): StatusRow => {
  if (u === undefined) return { merchant, phase: 'not enqueued', attempts: 0 }
  const p = u.progress
  return {
    merchant,
    phase: phaseOf(u),
    ...(p.customersDone === undefined ? {} : { customersDone: p.customersDone }),
    ...(p.total === undefined ? {} : { total: p.total }),
    ...(p.failures === undefined ? {} : { failures: p.failures }),
    attempts: u.attempts,
    ...(u.worker === null ? {} : { worker: u.worker }),
    ...(u.heartbeatAt === null ? {} : { heartbeatAt: u.heartbeatAt.toISOString() }),
    ...(u.error === null ? {} : { note: u.error }),
  }
}

/** Every merchant of the manifest with its unit's state and progress. */
export const fleetStatusRows = async (
  pool: FleetPool,
  manifest: FleetManifest,
): Promise<StatusRow[]> => {
  const units = new Map((await listUnits(pool, manifest.fleet)).map((u) => [u.merchant, u]))
  return manifest.merchants.map((m) => statusRow(m.id, units.get(m.id)))
}

const PHASES: ReadonlyArray<Phase> = [
  'done',
  'in flight',
  'stalled',
  'queued',
  'failed',
  'not enqueued',
]

const phaseCounts = (rows: ReadonlyArray<StatusRow>): Record<Phase, number> => {
  const counts = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>
  for (const r of rows) counts[r.phase]++
  return counts
}

const progressCell = (r: StatusRow) =>
  r.customersDone === undefined ? '-' : `${r.customersDone}/${r.total ?? '?'}`

const statusText = (out: Output, fleet: string, rows: ReadonlyArray<StatusRow>): string => {
  const counts = phaseCounts(rows)
  const summary = PHASES.filter((p) => counts[p] > 0)
    .map((p) => `${counts[p]} ${p}`)
    .join(', ')
  const table = out.table(
    ['merchant', 'state', 'customers', 'failures', 'attempts', 'worker', 'note'],
    rows.map((r) => [
      r.merchant,
      r.phase,
      progressCell(r),
      String(r.failures ?? '-'),
      String(r.attempts),
      r.worker ?? '-',
      r.note ?? '',
    ]),
  )
  return `fleet ${fleet}: ${rows.length} merchants: ${summary}\n${table}\n`
}

const printStatus = (out: Output, fleet: string, rows: ReadonlyArray<StatusRow>) =>
  out.result({ fleet, counts: phaseCounts(rows), merchants: rows }, () =>
    statusText(out, fleet, rows),
  )

export const fleetStatus = async (io: CliIo, o: FleetOptions): Promise<ExitCode> => {
  const out = output(io, o)
  const manifest = manifestOf(io, o.manifest)
  const pool = await openFleetDatabase(dbOf(o))
  try {
    printStatus(out, manifest.fleet, await fleetStatusRows(pool, manifest))
    return ExitCode.ok
  } finally {
    await pool.end().catch(() => undefined)
  }
}

// ---- run

export const fleetRun = async (io: CliIo, o: FleetRunOptions): Promise<ExitCode> => {
  const out = output(io, o)
  const manifest = manifestOf(io, o.manifest)
  const pool = await openFleetDatabase(dbOf(o))
  try {
    const queued = await enqueueUnits(pool, manifest.fleet, manifest.merchants, {
      requeueFailed: true,
    })
    out.log(
      `fleet ${manifest.fleet}: ${manifest.merchants.length} merchants, ${queued.added} new units, ${queued.requeued} failed ones queued again\n`,
    )
    let interrupted = false
    if (o.enqueueOnly !== true) {
      const run = await runLocalWorker(io, out, pool, {
        fleet: manifest.fleet,
        ...(o.id === undefined ? {} : { id: o.id }),
        ...(o.leaseSeconds === undefined ? {} : { leaseSeconds: o.leaseSeconds }),
      })
      if (E.isLeft(run.result)) throw new CliError(run.result.left, ExitCode.gateway)
      interrupted = run.interrupted
    }
    const rows = await fleetStatusRows(pool, manifest)
    printStatus(out, manifest.fleet, rows)
    if (interrupted) return ExitCode.interrupted
    if (o.enqueueOnly === true) return ExitCode.ok
    return rows.every((r) => r.phase === 'done') ? ExitCode.ok : ExitCode.incomplete
  } finally {
    await pool.end().catch(() => undefined)
  }
}

// ---- verify

interface VerifyRow {
  readonly merchant: string
  readonly customersChecked?: number
  readonly differences?: number
  readonly error?: string
}

const verifyOne = async (
  io: CliIo,
  pool: FleetPool,
  fleet: string,
  m: MerchantSpec,
): Promise<VerifyRow> => {
  const o = opened(io, m)
  if (E.isLeft(o)) return { merchant: m.id, error: o.left }
  const journal = postgresJournal({ pool, migration: fleetMigrationName(fleet, m.id) })
  try {
    const locked = await journal.lock()
    if (E.isLeft(locked)) return { merchant: m.id, error: locked.left }
    const v = await verifyMigration({ source: o.right.source, target: o.right.target, journal })
    return {
      merchant: m.id,
      customersChecked: v.customersChecked,
      differences: v.differenceCount,
      ...(v.error === undefined ? {} : { error: v.error }),
    }
  } catch (e) {
    return { merchant: m.id, error: e instanceof Error ? e.message : String(e) }
  } finally {
    await journal.close()
  }
}

export const fleetVerify = async (io: CliIo, o: FleetOptions): Promise<ExitCode> => {
  const out = output(io, o)
  const manifest = manifestOf(io, o.manifest)
  const pool = await openFleetDatabase(dbOf(o))
  try {
    const rows = await eachMerchant(manifest.merchants, (m) =>
      verifyOne(io, pool, manifest.fleet, m),
    )
    const clean = rows.filter((r) => r.error === undefined && r.differences === 0).length
    out.result({ fleet: manifest.fleet, clean, merchants: rows }, () => {
      const table = out.table(
        ['merchant', 'customers', 'differences', 'note'],
        rows.map((r) => [
          r.merchant,
          String(r.customersChecked ?? '-'),
          String(r.differences ?? '-'),
          r.error ?? '',
        ]),
      )
      return `verify of fleet ${manifest.fleet}: ${clean} of ${rows.length} merchants clean\n${table}\n`
    })
    return clean === rows.length ? ExitCode.ok : ExitCode.incomplete
  } finally {
    await pool.end().catch(() => undefined)
  }
}
