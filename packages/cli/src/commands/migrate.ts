/**
 * `vaultport migrate plan|run|verify`: the migration engine with files, progress and reports.
 * Each first checks both gateways (`checkGateways`: reachable, credentials accepted) and exits 3
 * with the reason if one is not. `run` stops gracefully on the first Ctrl-C or SIGTERM: no new
 * customers, the ones in flight finish (bounded), the journal is closed, the mapping written, the
 * summary printed, exit 130; a second signal ends it at once.
 */
import { closeSync, createReadStream, existsSync, openSync, readFileSync, writeSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { isAbsolute, join } from 'node:path'
import * as E from 'fp-ts/Either'
import type { Vault } from '@vaultport/core'
import {
  cardDataIndex,
  checkGateways,
  DEFAULT_STOP_GRACE_MS,
  emptyCardData,
  formatMigrationReport,
  formatNameCollisions,
  formatPlanTotals,
  formatVerifyReport,
  issueExamples,
  mappingLines,
  parseJournalLine,
  planMigration,
  readCardData,
  runMigration,
  verifyMigration,
  type CardDataIndex,
  type MigrationReport,
  type VerifyReport,
} from '@vaultport/migrate'
import { CliError, ExitCode, onInterrupt, type CliIo } from '../io'
import {
  defaultMappingPath,
  describeJournal,
  isPostgresJournal,
  journalLocation,
  migrationName,
  openJournal,
  writeMappingFromJournal,
} from './journal'
import { progressBar } from '../progress'
import { configOf, gatewayOf, json } from './shared'

export interface MigrateOptions {
  readonly from: string
  readonly to: string
  readonly config?: string
  readonly cardData?: string
  /** A journal file, or a PostgreSQL connection string (`postgres://…`). */
  readonly journal?: string
  /** The migration's name in a PostgreSQL journal (default `<from>-><to>`). */
  readonly migration?: string
  readonly mapping?: string
  readonly concurrency?: number
  readonly rate?: number
  readonly since?: string
  readonly safetyDays?: number
  readonly keepSourceSchedules?: boolean
  readonly json?: boolean
}

const resolvePath = (io: CliIo, p: string) => (isAbsolute(p) ? p : join(io.cwd, p))

export const loadCardData = (io: CliIo, path: string | undefined): CardDataIndex => {
  if (path === undefined) return emptyCardData
  let text: string
  try {
    text = readFileSync(resolvePath(io, path), 'utf8')
  } catch {
    throw new CliError(`cannot read the card-data file ${path}`, ExitCode.usage)
  }
  const records = readCardData(text)
  if (E.isLeft(records))
    throw new CliError(`card-data file ${path}:\n${records.left}`, ExitCode.usage)
  return cardDataIndex(records.right)
}

const defaultJournal = (o: MigrateOptions) =>
  o.journal ?? join('.vaultport', `${o.from}-to-${o.to}.journal.jsonl`)

interface Endpoints {
  readonly source: Vault
  readonly target: Vault
  /** The size of the source, when its first page says: the progress bar's total. */
  readonly sourceSize: number | undefined
}

/**
 * Both gateways, opened and checked before any work: one that cannot be reached or refuses the
 * credentials ends the command with exit code 3 and the reason, within seconds.
 */
const endpoints = async (io: CliIo, o: MigrateOptions): Promise<Endpoints> => {
  const config = configOf(io, o.config)
  const source = gatewayOf(config, o.from)
  const target = gatewayOf(config, o.to)
  const checked = await checkGateways(
    { label: `source "${o.from}"`, vault: source },
    { label: `target "${o.to}"`, vault: target },
  )
  if (E.isLeft(checked)) throw new CliError(checked.left, ExitCode.gateway)
  return { source, target, sourceSize: checked.right.totalCount }
}

/** The size of the source, when its first page says; the progress bar's total. */
export const sourceSize = async (source: Vault): Promise<number | undefined> => {
  const first = await source.customers.list({ pageSize: 1 })()
  return E.isRight(first) ? first.right.totalCount : undefined
}

/** What `run` prints after the summary of a run a signal stopped. */
export const RESUME_LINE = 'interrupted: run the same command again to resume'

export interface MigrationRun {
  readonly source: Vault
  readonly target: Vault
  readonly journalPath: string
  readonly mappingPath: string
  readonly cardData: CardDataIndex
  readonly label: string
  readonly options: Omit<MigrateOptions, 'from' | 'to'>
  /** The progress bar's total, when known already (else the source's first page is read). */
  readonly total?: number
  /**
   * Take SIGINT/SIGTERM over for the run (see `io.ts`): the first stops it gracefully. Off
   * unless asked, so a caller with its own handler (the demo) keeps it.
   */
  readonly interruptible?: boolean
}

/**
 * Writes the id-mapping file (JSON lines, one mapped item a line) from the journal, a line at a
 * time, so that a mapping of any size never sits in memory.
 */
export const writeMappingFile = async (journalPath: string, mappingPath: string): Promise<void> => {
  const out = openSync(mappingPath, 'w')
  try {
    if (!existsSync(journalPath)) return // nothing was written, so nothing is mapped
    const lines = createInterface({
      input: createReadStream(journalPath, 'utf8'),
      crlfDelay: Infinity,
    })
    for await (const line of lines) {
      const entry = parseJournalLine(line)
      // A blank, torn or damaged line: the run reported it; its item is looked up next run.
      if (entry === undefined || typeof entry === 'string') continue
      for (const m of mappingLines(entry)) writeSync(out, `${JSON.stringify(m)}\n`)
    }
  } finally {
    closeSync(out)
  }
}

/** Runs a migration with a progress bar and writes the id-mapping file. */
export const executeMigration = async (io: CliIo, run: MigrationRun): Promise<MigrationReport> => {
  const journal = await openJournal(io, run.journalPath, run.options.migration ?? run.label)
  const bar = progressBar(io, run.label, run.total ?? (await sourceSize(run.source)))
  const stop = new AbortController()
  const release =
    run.interruptible === true
      ? onInterrupt(io, (signal) => {
          stop.abort()
          bar.above(
            `vaultport: ${signal}: stopping — no new customers; the ones in flight finish (up to ${DEFAULT_STOP_GRACE_MS / 1000} s). Press Ctrl-C again to quit at once.\n`,
          )
        })
      : () => undefined
  try {
    const report = await runMigration({
      source: run.source,
      target: run.target,
      journal,
      cardData: run.cardData,
      ...(run.options.concurrency === undefined ? {} : { concurrency: run.options.concurrency }),
      ...(run.options.rate === undefined ? {} : { targetRequestsPerSecond: run.options.rate }),
      ...(run.options.since === undefined ? {} : { since: run.options.since }),
      ...(run.options.safetyDays === undefined
        ? {}
        : { scheduleSafetyDays: run.options.safetyDays }),
      removeSourceSchedules: run.options.keepSourceSchedules !== true,
      signal: stop.signal,
      stopGraceMs: DEFAULT_STOP_GRACE_MS,
      onProgress: (p) => bar.update(p.customersDone),
    })
    bar.finish()
    if (isPostgresJournal(run.journalPath)) await writeMappingFromJournal(journal, run.mappingPath)
    else await writeMappingFile(run.journalPath, run.mappingPath)
    return report
  } finally {
    release()
    await journal.close?.()
  }
}

/**
 * 3 when a gateway's circuit opened or the run could not go on (`aborted`), 130 when a signal
 * stopped it, 1 when it finished with failures, 0 when it finished clean.
 */
export const migrationExitCode = (r: MigrationReport): ExitCode =>
  r.status === 'aborted'
    ? ExitCode.gateway
    : r.status === 'interrupted'
      ? ExitCode.interrupted
      : r.counts.failed + r.counts.partial + r.counts.ambiguous > 0
        ? ExitCode.incomplete
        : ExitCode.ok

/** 3 when a gateway stopped answering, 1 for differences or a verification that did not run. */
export const verifyExitCode = (v: VerifyReport): ExitCode =>
  v.outage !== undefined
    ? ExitCode.gateway
    : v.differenceCount > 0 || v.error !== undefined
      ? ExitCode.incomplete
      : ExitCode.ok

export const migratePlan = async (
  io: CliIo,
  o: MigrateOptions & { readonly out?: string },
): Promise<ExitCode> => {
  const { source, target } = await endpoints(io, o)
  const examples = issueExamples()
  // One JSON line per customer: the plan holds ids and summaries only, never card data.
  const perCustomer = o.out === undefined ? undefined : openSync(resolvePath(io, o.out), 'w')
  try {
    const report = await planMigration({
      source,
      target,
      cardData: loadCardData(io, o.cardData),
      ...(o.since === undefined ? {} : { since: o.since }),
      ...(o.safetyDays === undefined ? {} : { scheduleSafetyDays: o.safetyDays }),
      onCustomer: (outcome) => {
        if (outcome.plan === undefined) return
        examples.add(outcome.plan)
        if (perCustomer !== undefined) writeSync(perCustomer, `${JSON.stringify(outcome.plan)}\n`)
      },
    })
    if (o.json === true) {
      json(io, {
        totals: report.totals,
        // What the plan leaves at the source, schedule by reason (and its warnings).
        schedules: report.schedules,
        examples: examples.examples(),
        status: report.status,
        abortReason: report.abortReason,
        ...(report.nameCollisions === undefined ? {} : { nameCollisions: report.nameCollisions }),
      })
    } else {
      io.out(`plan ${o.from} → ${o.to}\n${formatPlanTotals(report.totals, examples.examples())}\n`)
      const names =
        report.nameCollisions === undefined ? [] : formatNameCollisions(report.nameCollisions)
      if (names.length > 0) io.out(`${names.join('\n')}\n`)
      if (o.out !== undefined) io.out(`per-customer plan: ${o.out}\n`)
    }
    return report.status === 'aborted' ? ExitCode.gateway : ExitCode.ok
  } finally {
    if (perCustomer !== undefined) closeSync(perCustomer)
  }
}

export const migrateRun = async (io: CliIo, o: MigrateOptions): Promise<ExitCode> => {
  const { source, target, sourceSize: total } = await endpoints(io, o)
  const journalPath = journalLocation(io, defaultJournal(o))
  const migration = migrationName(o)
  const report = await executeMigration(io, {
    source,
    target,
    journalPath,
    mappingPath: resolvePath(io, o.mapping ?? defaultMappingPath(journalPath, migration)),
    cardData: loadCardData(io, o.cardData),
    label: `${o.from} → ${o.to}`,
    options: { ...o, migration },
    ...(total === undefined ? {} : { total }),
    interruptible: true,
  })
  const resume =
    report.status === 'interrupted'
      ? `${RESUME_LINE}\n`
      : report.status === 'aborted'
        ? `aborted: run the same command again to resume once the cause is fixed\n`
        : ''
  if (o.json === true) {
    json(io, report)
    if (resume !== '') io.err(resume)
  } else
    io.out(
      `${formatMigrationReport(report)}\njournal: ${describeJournal(journalPath, migration)}\n${resume}`,
    )
  return migrationExitCode(report)
}

export const migrateVerify = async (io: CliIo, o: MigrateOptions): Promise<ExitCode> => {
  const { source, target } = await endpoints(io, o)
  const journal = await openJournal(io, journalLocation(io, defaultJournal(o)), migrationName(o))
  let report: VerifyReport
  try {
    report = await verifyMigration({ source, target, journal })
  } finally {
    await journal.close()
  }
  if (o.json === true) json(io, report)
  else io.out(`${formatVerifyReport(report)}\n`)
  return verifyExitCode(report)
}
