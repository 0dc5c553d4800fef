/**
 * Memory: list and then migrate N customers (default 100,000), PayTrace simulator → FluidPay
 * simulator, both in a child process so that only vaultport's own memory is measured here. RSS
 * is sampled every 50 ms; the baseline is taken after the first page, so it includes the loaded
 * code and warm connections. Growth = peak − baseline; target < 50 MB (streaming end to end).
 * The journal is a file (streamed to disk), as in a real run.
 *
 *   pnpm --filter @vaultport/bench run bench:memory [--customers 100000]
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import * as E from 'fp-ts/Either'
import { fileJournal, runMigration } from '@vaultport/migrate'
import type { RunningSandbox } from '@vaultport/sandbox'
import { DIST_TSCONFIG, arg, fmt, mib, printTable, vaultFor } from './util'

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
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'simulators.ts'), String(N)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: DIST_TSCONFIG,
      },
    },
  )
  const first = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve),
  )
  const sims = JSON.parse(first) as Record<'paytrace' | 'fluidpay', RunningSandbox>
  const dir = mkdtempSync(join(tmpdir(), 'vaultport-bench-'))
  const rows: string[][] = []
  const notes: string[] = []
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
    notes.push(`list peak: ${s.breakdown()}`)
    // ---- migrate
    heapAfterGc()
    const migrateBaseline = s.reset()
    const t1 = performance.now()
    const journal = fileJournal(join(dir, 'journal.jsonl'))
    const report = await runMigration({
      source,
      target: vaultFor(sims.fluidpay),
      journal,
      concurrency: 8,
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
    notes.push(`migrate peak: ${s.breakdown()}`)
    notes.push(
      `heap after GC: ${mib(heapBaseline)} MiB after the first page, ${mib(retained)} MiB at the end (the journal maps ${report.mapped.customers} customers; the run keeps only those in flight)`,
    )
    rows.push([
      'whole run',
      String(N),
      fmt(listSeconds + migrateSeconds, 1),
      mib(baseline),
      mib(s.peak()),
      growth(s.peak() - baseline),
    ])
  } finally {
    s.stop()
    child.stdin.end()
    rmSync(dir, { recursive: true, force: true })
  }
  printTable(
    `Memory: ${N} customers, PayTrace → FluidPay (simulators in a child process), RSS in MiB`,
    ['phase', 'customers', 'seconds', 'baseline', 'peak', 'growth MiB (MB; target < 50 MB)'],
    rows,
  )
  for (const n of notes) console.log(n)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
