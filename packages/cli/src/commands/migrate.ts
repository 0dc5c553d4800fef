// `vaultport migrate plan|run|verify`: the migration engine with files, progress and reports.
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs'
import { createInterface } from 'node:readline'
import { dirname, isAbsolute, join } from 'node:path'
import * as E from 'fp-ts/Either'
import type { Vault } from '@vaultport/core'
import {
  cardDataIndex,
  emptyCardData,
  fileJournal,
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
  type FileJournal,
  type MigrationReport,
  type VerifyReport,
} from '@vaultport/migrate'
import { CliError, ExitCode, type CliIo } from '../io'
import { progressBar } from '../progress'
import { configOf, gatewayOf, json } from './shared'

export interface MigrateOptions {
  readonly from: string
  readonly to: string
  readonly config?: string
  readonly cardData?: string
  readonly journal?: string
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

const endpoints = (io: CliIo, o: MigrateOptions): { source: Vault; target: Vault } => {
  const config = configOf(io, o.config)
  return { source: gatewayOf(config, o.from), target: gatewayOf(config, o.to) }
}

/** The size of the source, when its first page says; the progress bar's total. */
export const sourceSize = async (source: Vault): Promise<number | undefined> => {
  const first = await source.customers.list({ pageSize: 1 })()
  return E.isRight(first) ? first.right.totalCount : undefined
}

export interface MigrationRun {
  readonly source: Vault
  readonly target: Vault
  readonly journalPath: string
  readonly mappingPath: string
  readonly cardData: CardDataIndex
  readonly label: string
  readonly options: Omit<MigrateOptions, 'from' | 'to'>
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

/**
 * Opens the journal at `path` with its lock held. A journal another live run holds is refused
 * (exit code 2) with the holder named; a stale lock left by a process that is gone is taken over
 * and said so on stderr.
 */
export const lockedJournal = async (io: CliIo, path: string): Promise<FileJournal> => {
  const journal = fileJournal(path)
  const held = await journal.lock()
  if (E.isLeft(held))
    throw new CliError(`the journal ${path} cannot be used: ${held.left}`, ExitCode.usage)
  if (held.right.tookOver !== undefined)
    io.err(`vaultport: journal ${path}: ${held.right.tookOver}\n`)
  return journal
}

/** Runs a migration with a progress bar and writes the id-mapping file. */
export const executeMigration = async (io: CliIo, run: MigrationRun): Promise<MigrationReport> => {
  mkdirSync(dirname(run.journalPath), { recursive: true })
  const journal = await lockedJournal(io, run.journalPath)
  const bar = progressBar(io, run.label, await sourceSize(run.source))
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
      onProgress: (p) => bar.update(p.customersDone),
    })
    bar.finish()
    await writeMappingFile(run.journalPath, run.mappingPath)
    return report
  } finally {
    await journal.close?.()
  }
}

export const migrationExitCode = (r: MigrationReport): ExitCode =>
  r.status === 'aborted'
    ? ExitCode.gateway
    : r.counts.failed + r.counts.partial + r.counts.ambiguous > 0
      ? ExitCode.incomplete
      : ExitCode.ok

export const verifyExitCode = (v: VerifyReport): ExitCode =>
  v.differenceCount > 0 ? ExitCode.incomplete : ExitCode.ok

export const migratePlan = async (
  io: CliIo,
  o: MigrateOptions & { readonly out?: string },
): Promise<ExitCode> => {
  const { source, target } = endpoints(io, o)
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
  const { source, target } = endpoints(io, o)
  const journalPath = resolvePath(io, defaultJournal(o))
  const report = await executeMigration(io, {
    source,
    target,
    journalPath,
    mappingPath: resolvePath(
      io,
      o.mapping ?? journalPath.replace(/\.journal\.jsonl$|$/, '.mapping.jsonl'),
    ),
    cardData: loadCardData(io, o.cardData),
    label: `${o.from} → ${o.to}`,
    options: o,
  })
  if (o.json === true) json(io, report)
  else io.out(`${formatMigrationReport(report)}\njournal: ${journalPath}\n`)
  return migrationExitCode(report)
}

export const migrateVerify = async (io: CliIo, o: MigrateOptions): Promise<ExitCode> => {
  const { source, target } = endpoints(io, o)
  const journal = await lockedJournal(io, resolvePath(io, defaultJournal(o)))
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
