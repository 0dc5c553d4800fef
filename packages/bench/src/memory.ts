/**
 * Memory: list and then migrate N customers (default 100,000), PayTrace simulator → FluidPay
 * simulator, both in a child process so that only vaultport's own memory is measured here. RSS
 * is sampled every 50 ms; the baseline is taken after the first page, so it includes the loaded
 * code and warm connections. Growth = peak − baseline; target < 50 MB (streaming end to end).
 * The journal is a file (streamed to disk), as in a real run.
 *
 *   pnpm --filter @vaultport/bench run bench:memory [--customers 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { fileJournal, runMigration } from '@vaultport/migrate'
import type { RunningSandbox } from '@vaultport/sandbox'
import { arg, fmt, mib, printTable, reportFigure, startSimulatorProcess, vaultFor } from './util'

const N = Math.min(arg('customers', 100_000), 1_000_000)

/** Growth in MiB, as the other columns, with the MB the target is stated in. */
const growth = (bytes: number): string => `${mib(bytes)} (${fmt(bytes / 1e6, 1)})`

/** Peak RSS since the last reset, and what V8 and Node held then, against the reset. */
const sampler = () => {
  let base = process.memoryUsage()
  let peak = base
  const sample = () => {
    const m = process.memoryUsage()
    if (m.rss >= peak.rss) peak = m
  }
  const timer = setInterval(sample, 50)
  return {
    reset: () => {
      base = process.memoryUsage()
      peak = base
      return base.rss
    },
    peak: () => {
      sample()
      return peak.rss
    },
    /** Where the growth to the peak was: V8's heap (reserved and used), buffers outside it. */
    breakdown: () => {
      const d = (k: keyof NodeJS.MemoryUsage) => mib(peak[k] - base[k])
      return `heap reserved +${d('heapTotal')} MiB (used +${d('heapUsed')}), external +${d('external')} MiB (array buffers +${d('arrayBuffers')})`
    },
    stop: () => clearInterval(timer),
  }
}

/** Heap in use after a full collection (needs --expose-gc, which the npm script passes). */
const heapAfterGc = (): number => {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().heapUsed
}

const main = async () => {
  const child = await startSimulatorProcess(`paytrace:${N},fluidpay:0`)
  const sims = child.simulators as Record<'paytrace' | 'fluidpay', RunningSandbox>
  const dir = mkdtempSync(join(tmpdir(), 'vaultport-bench-'))
  const rows: string[][] = []
  const notes: string[] = []
  const growths: Array<[string, number]> = []
  const s = sampler()
  try {
    const source = vaultFor(sims.paytrace)
    const pageSize = source.capabilities.limits.maxPageSize ?? 50
    // ---- list
    let cursor: string | undefined
    let listed = 0
    let baseline = 0
    let heapBaseline = 0
    const t0 = performance.now()
    do {
      const page = await source.customers.list({
        pageSize,
        ...(cursor === undefined ? {} : { cursor }),
      })()
      if (E.isLeft(page)) throw new Error(page.left.message)
      listed += page.right.items.length
      cursor = page.right.nextCursor
      if (baseline === 0) {
        heapBaseline = heapAfterGc()
        baseline = s.reset()
      }
    } while (cursor !== undefined)
    const listSeconds = (performance.now() - t0) / 1000
    rows.push([
      'list',
      String(listed),
      fmt(listSeconds, 1),
      mib(baseline),
      mib(s.peak()),
      growth(s.peak() - baseline),
    ])
    growths.push(['list', s.peak() - baseline])
    notes.push(`list peak: ${s.breakdown()}`)
    // ---- migrate
    heapAfterGc()
    const migrateBaseline = s.reset()
    const t1 = performance.now()
    const journal = fileJournal(join(dir, 'journal.jsonl'))
    // The live heap once, late in the run: what the run holds while it runs (after it, the
    // run's state is garbage and a reading says nothing).
    let liveLate = 0
    const report = await runMigration({
      source,
      target: vaultFor(sims.fluidpay),
      journal,
      concurrency: 8,
      onProgress: (p) => {
        if (liveLate === 0 && p.customersDone >= Math.floor(N * 0.95)) liveLate = heapAfterGc()
      },
    })
    await journal.close?.()
    const retained = heapAfterGc()
    const migrateSeconds = (performance.now() - t1) / 1000
    const migrated = report.counts.migrated + report.counts.updated + report.counts.unchanged
    rows.push([
      `migrate (${report.status}, ${report.counts.failed} failed)`,
      String(migrated),
      fmt(migrateSeconds, 1),
      mib(migrateBaseline),
      mib(s.peak()),
      growth(s.peak() - migrateBaseline),
    ])
    growths.push(['migrate', s.peak() - migrateBaseline])
    notes.push(`migrate peak: ${s.breakdown()}`)
    notes.push(
      `heap after GC: ${mib(heapBaseline)} MiB after the first page, ${mib(liveLate)} MiB with 95 % of the customers migrated, ${mib(retained)} MiB after the run (the journal maps ${report.mapped.customers} customers)`,
    )
    rows.push([
      'whole run',
      String(N),
      fmt(listSeconds + migrateSeconds, 1),
      mib(baseline),
      mib(s.peak()),
      growth(s.peak() - baseline),
    ])
    growths.push(['list + migrate', s.peak() - baseline])
  } finally {
    s.stop()
    child.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  printTable(
    `Memory: ${N} customers, PayTrace → FluidPay (simulators in a child process), RSS in MiB`,
    ['phase', 'customers', 'seconds', 'baseline', 'peak', 'growth MiB (MB; target < 50 MB)'],
    rows,
  )
  for (const n of notes) console.log(n)
  for (const [phase, bytes] of growths) {
    reportFigure(
      {
        name: `memory: RSS growth, ${phase} of ${N} customers`,
        value: bytes / 1e6,
        unit: 'MB',
        target: { op: '<', value: 50 },
      },
      1,
    )
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
