/**
 * The migration engine: streams the source's customers, plans each one, and (unless it is a dry
 * run) writes it to the target through the journal, with bounded concurrency. Every write is
 * `intent` → vault call → `done` (the write protocol, `steps/writeProtocol.ts`); an item the
 * journal has heard of is looked up at the target before it is written again
 * (`steps/reconcile.ts`), so a resumed run neither duplicates nor loses anything. One customer's
 * steps are in `steps/customer.ts`; this file is the orchestration: the stream, the workers, the
 * report.
 */
import * as E from 'fp-ts/Either'
import { formatVaultError, items, type CustomerSummary, type VaultError } from '@vaultport/core'
import { describeDamage, readJournal, replay, type JournalRead } from './journal'
import { keys } from './mapping'
import { emptyTotals } from './plan'
import { runWorkers } from './run/concurrency'
import { noCustomers, runContext, runSettings, type RunContext } from './run/context'
import { noneMapped } from './run/ledger'
import type { CustomerOutcome, MigrationOptions, MigrationReport } from './run/model'
import { nameTally, targetNames } from './run/names'
import { countSchedules, emptyScheduleTally, scheduleSummary } from './run/scheduleTally'
import { moveCustomer } from './steps/customer'
import { append, JournalFailure } from './steps/writeProtocol'

export type {
  CustomerOutcome,
  CustomerStatus,
  MigrationOptions,
  MigrationReport,
  MigrationStatus,
  NameCollision,
  NameCollisions,
  Progress,
  ScheduleOutcome,
  ScheduleSummary,
} from './run/model'
export { nameKey } from './run/names'

/**
 * Runs (or with `dryRun`, plans) a migration. It never rejects: a failure it cannot carry on
 * from (the journal cannot be read or written, the source cannot be listed) ends the run with
 * `status: 'aborted'` and the reason.
 * @category Migration
 * @example
 * ```ts
 * import { createMemoryVault } from '@vaultport/memory'
 * import { fileJournal, formatMigrationReport, runMigration } from '@vaultport/migrate'
 *
 * const source = createMemoryVault({ idPrefix: 'old_' })
 * const target = createMemoryVault({ idPrefix: 'new_' })
 * const journal = fileJournal('old-to-new.journal.jsonl') // the same file again resumes the run
 * try {
 *   const report = await runMigration({ source, target, journal })
 *   console.log(formatMigrationReport(report))
 * } finally {
 *   await journal.close()
 * }
 * ```
 */
export const runMigration = async (options: MigrationOptions): Promise<MigrationReport> => {
  const startedAt = (options.now ?? (() => new Date()))()
  try {
    return await migrate(options)
  } catch (e) {
    return {
      status: 'aborted',
      abortReason:
        e instanceof JournalFailure
          ? `journal write failed: ${e.reason}`
          : e instanceof Error
            ? e.message
            : String(e),
      dryRun: options.dryRun === true,
      startedAt: startedAt.toISOString(),
      finishedAt: (options.now ?? (() => new Date()))().toISOString(),
      totals: emptyTotals(),
      counts: noCustomers(),
      failures: [],
      doubleActive: [],
      schedules: scheduleSummary(emptyScheduleTally()),
      mapped: noneMapped(),
      notes: [],
    }
  }
}

const migrate = async (options: MigrationOptions): Promise<MigrationReport> => {
  const settings = runSettings(options)
  // The journal is read here, once the clock has started, so that building the context adds
  // no await of its own (an extra async hop would shift every later step of the run).
  const read: JournalRead = settings.dryRun
    ? { entries: [], damage: [], tornTail: false }
    : await readJournal(options.journal)
  const ctx = runContext(settings, replay(read.entries))
  if (ctx.dryRun) {
    if (options.uniqueCustomerNames ?? ctx.target.capabilities.gateway === 'valor')
      ctx.names = nameTally(await targetNames(ctx.target))
  } else await chooseLookFirst(ctx, read)
  const stream = items((q) => ctx.source.customers.list(q), {
    pageSize: Math.min(options.pageSize ?? 50, ctx.source.capabilities.limits.maxPageSize),
    ...(options.since === undefined ? {} : { filter: { changedSince: options.since } }),
  })
  const workers = runWorkers(ctx, stream, (customers) => worker(ctx, customers))
  await settle(ctx, workers)
  return report(ctx)
}

/** @category Migration */
export const DEFAULT_STOP_GRACE_MS = 30_000

/**
 * Waits for the workers; after a stop, for at most `stopGraceMs` more. Past that bound the run
 * ends with the customers in flight unfinished: `halt` abandons their calls and closes the
 * journal to them, so the report and the journal say the same thing.
 */
const settle = async (ctx: RunContext, workers: Promise<unknown>): Promise<void> => {
  const signal = ctx.options.signal
  if (signal === undefined) {
    await workers
    return
  }
  const graceMs = Math.max(0, ctx.options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS)
  let timer: NodeJS.Timeout | undefined
  let startGrace = () => undefined as void
  const graceOver = new Promise<void>((resolve) => {
    startGrace = () => {
      timer = setTimeout(resolve, graceMs)
    }
  })
  if (signal.aborted) startGrace()
  else signal.addEventListener('abort', startGrace, { once: true })
  try {
    const first = await Promise.race([workers.then(() => 'done' as const), graceOver])
    if (first !== 'done') {
      ctx.tally.graceExpired = true
      ctx.halt.abort()
    }
  } finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', startGrace)
  }
}

const LOOK_FIRST =
  'every item is looked up at the target before its first write: the journal was empty or damaged while the target already held customers'

/**
 * Look-first mode: a run with no journal (deleted, or a first run) against a target that holds
 * customers already, or with damaged journal lines (a torn last line among them), looks every
 * item up before its first write.
 * The mode is journaled, so every later run on this journal keeps it.
 */
const chooseLookFirst = async (ctx: RunContext, read: JournalRead): Promise<void> => {
  const notes = ctx.tally.notes
  notes.push(...read.damage.map(describeDamage))
  if (ctx.lookFirst) {
    notes.push(LOOK_FIRST)
    return
  }
  // A torn last line is damage too: whatever entry it was (an intent whose write went out, say)
  // cannot be read, so no item can be trusted to be unknown to the target.
  if (read.entries.length > 0 && read.damage.length === 0 && !read.tornTail) return
  const first = await ctx.target.customers.list({ pageSize: 1 })()
  // A target that cannot be read may hold customers: assume it does.
  if (E.isRight(first) && first.right.items.length === 0) return
  await append(ctx)({
    k: keys.note('look-first'),
    s: 'note',
    at: ctx.now().toISOString(),
    note: LOOK_FIRST,
  })
  ctx.lookFirst = true
  notes.push(LOOK_FIRST)
}

/** Takes customers off the stream one at a time until it ends or the run aborts. */
const worker = async (
  ctx: RunContext,
  stream: AsyncIterator<E.Either<VaultError, CustomerSummary>>,
): Promise<void> => {
  const tally = ctx.tally
  while (tally.aborted === undefined) {
    // A gateway that stopped answering: nothing more can be done in this run.
    const outage = ctx.outage()
    if (outage !== undefined) {
      tally.aborted = outage
      return
    }
    // A stop: take no more customers (the ones in flight finish).
    if (ctx.options.signal?.aborted === true) {
      tally.interrupted = true
      return
    }
    const next = await stream.next()
    if (next.done === true) return
    if (E.isLeft(next.value)) {
      tally.aborted =
        ctx.outage() ?? `listing the source failed: ${formatVaultError(next.value.left)}`
      return
    }
    tally.seen++
    try {
      record(ctx, await moveCustomer(ctx)(next.value.right))
    } catch (e) {
      tally.aborted =
        e instanceof JournalFailure
          ? `journal write failed: ${e.reason}`
          : `unexpected failure: ${e instanceof Error ? e.message : String(e)}`
      return
    }
  }
}

/** Counts a finished customer and tells the caller. */
const record = (ctx: RunContext, outcome: CustomerOutcome) => {
  const tally = ctx.tally
  tally.done++
  tally.counts[outcome.status]++
  if (outcome.status === 'failed' || outcome.status === 'ambiguous' || outcome.errors.length > 0) {
    if (tally.failures.length < 50)
      tally.failures.push({ sourceId: outcome.sourceId, errors: outcome.errors })
  }
  tally.doubleActive.push(...outcome.doubleActive)
  countSchedules(tally.schedules, outcome)
  ctx.options.onCustomer?.(outcome)
  const elapsedMs = ctx.now().getTime() - ctx.startedAt.getTime()
  ctx.options.onProgress?.({
    customersSeen: tally.seen,
    customersDone: tally.done,
    failures: tally.counts.failed,
    elapsedMs,
    perSecond: elapsedMs > 0 ? (tally.done * 1000) / elapsedMs : 0,
  })
}

const report = (ctx: RunContext): MigrationReport => {
  const { totals, counts, failures, doubleActive, notes, schedules } = ctx.tally
  // A circuit that opened while the last customers finished ends the run all the same.
  const aborted = ctx.tally.aborted ?? ctx.outage()
  const interrupted = ctx.tally.interrupted || ctx.tally.graceExpired
  const collisions = ctx.names?.collisions()
  if (ctx.tally.graceExpired)
    notes.push(
      'customers still in flight when the stop grace ran out were left unfinished; the next run looks their writes up before writing again',
    )
  return {
    status: aborted !== undefined ? 'aborted' : interrupted ? 'interrupted' : 'completed',
    ...(aborted === undefined ? {} : { abortReason: aborted }),
    dryRun: ctx.dryRun,
    startedAt: ctx.startedAt.toISOString(),
    finishedAt: ctx.now().toISOString(),
    totals,
    counts,
    failures,
    doubleActive,
    schedules: scheduleSummary(schedules),
    mapped: ctx.ledger.mapped,
    notes,
    ...(collisions === undefined ? {} : { nameCollisions: collisions }),
  }
}

/**
 * Reads the source and reports what a run would do, writing nothing.
 * @category Migration
 * @example
 * ```ts
 * import { createMemoryVault, topologies } from '@vaultport/memory'
 * import { formatPlanTotals, planMigration } from '@vaultport/migrate'
 *
 * const source = createMemoryVault({ topology: topologies.paytraceLike })
 * const target = createMemoryVault({ topology: topologies.fluidpayLike })
 * const plan = await planMigration({ source, target })
 * console.log(formatPlanTotals(plan.totals)) // what moves, and what cannot and why
 * ```
 */
export const planMigration = (
  options: Omit<MigrationOptions, 'dryRun' | 'journal'>,
): Promise<MigrationReport> =>
  runMigration({
    ...options,
    dryRun: true,
    journal: { append: async () => undefined, read: async () => [] },
  })
