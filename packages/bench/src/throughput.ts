/**
 * Migration throughput: PayTrace simulator → FluidPay simulator, customers with billing and
 * shipping addresses (no payment methods: card numbers are a card-data file's business), every
 * run with default settings (no `concurrency`, no `--rate`). The target simulator admits R
 * requests in any second (429 + Retry-After past it) after a latency of L ms, and the target
 * adapter is either told the same limit (`requestsPerSecond: R`) or told nothing (it learns the
 * limit from the 429s). The bound is R / (target requests the simulator admitted per customer);
 * the figure is customers/s over the whole run (warm-up and tail included) against that bound,
 * target ≥ 90 %. Then a sweep over 5–200 req/s × 5–200 ms, and the journal's fsync cost: customers
 * per second with fsync on and off, no latency, no limit, the simulators in a child process.
 *
 *   pnpm --filter @vaultport/bench run bench:throughput [--seconds 8] [--sweep-seconds 6] [--unlimited 1500]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileJournal, memoryJournal, runMigration, type Journal } from '@vaultport/migrate'
import { startSandbox, type RunningSandbox } from '@vaultport/sandbox'
import type { AdapterHttpOptions, Vault } from '@vaultport/core'
import { arg, fmt, printTable, reportFigure, startSimulatorProcess, vaultFor } from './util'

const SECONDS = Math.min(arg('seconds', 8), 120)
const SWEEP_SECONDS = Math.min(arg('sweep-seconds', 6), 120)
const UNLIMITED = Math.min(arg('unlimited', 1500), 20_000)
const TARGET_SHARE = 0.9

type LimitKnown = 'configured' | 'from 429s'

interface Point {
  readonly rate: number
  readonly latencyMs: number
  readonly known: LimitKnown
}

interface Outcome {
  readonly status: string
  readonly customers: number
  readonly seconds: number
  /** Target requests the simulator admitted (not 429), per customer. */
  readonly perCustomer: number
  readonly refused: number
  readonly perSecond: number
}

/** Counts the target's attempts, admitted and refused, from the adapter's transcript. */
const countingTarget = (sb: RunningSandbox, http: AdapterHttpOptions) => {
  const counts = { admitted: 0, refused: 0 }
  const vault = vaultFor(sb, {
    ...http,
    onTranscript: (e) => {
      if ('response' in e && e.response.status === 429) counts.refused++
      else counts.admitted++
    },
  })
  return { vault, counts }
}

const migrateOnce = async (
  source: Vault,
  target: ReturnType<typeof countingTarget>,
  journal: Journal,
): Promise<Outcome> => {
  const started = performance.now()
  const report = await runMigration({ source, target: target.vault, journal })
  const seconds = (performance.now() - started) / 1000
  const customers = report.counts.migrated + report.counts.updated + report.counts.unchanged
  return {
    status: report.status,
    customers,
    seconds,
    perCustomer: target.counts.admitted / Math.max(customers, 1),
    refused: target.counts.refused,
    perSecond: customers / seconds,
  }
}

/** Target requests per customer, from a short unlimited run (sizes each limited run). */
const requestsPerCustomer = async (): Promise<number> => {
  const source = await startSandbox({ gateway: 'paytrace', seed: 5 })
  const target = await startSandbox({ gateway: 'fluidpay', seed: 6 })
  try {
    source.seedCustomers(20)
    const o = await migrateOnce(vaultFor(source), countingTarget(target, {}), memoryJournal())
    return o.perCustomer
  } finally {
    await source.close()
    await target.close()
  }
}

/** One migration against a target limited to `point.rate` at `point.latencyMs`. */
const limitedRun = async (point: Point, customers: number): Promise<Outcome> => {
  const source = await startSandbox({ gateway: 'paytrace', seed: 5 })
  const target = await startSandbox({
    gateway: 'fluidpay',
    seed: 6,
    knobs: {
      rateLimit: { requestsPerSecond: point.rate },
      latency: { fixedMs: point.latencyMs, jitterMs: 0 },
    },
  })
  try {
    source.seedCustomers(customers)
    const http = point.known === 'configured' ? { requestsPerSecond: point.rate } : {}
    return await migrateOnce(vaultFor(source), countingTarget(target, http), memoryJournal())
  } finally {
    await source.close()
    await target.close()
  }
}

const shareOfBound = (point: Point, o: Outcome): number =>
  o.perSecond / (point.rate / Math.max(o.perCustomer, 1e-9))

const rowOf = (point: Point, o: Outcome, share: number): string[] => [
  `${point.rate} req/s, ${point.latencyMs} ms`,
  point.known,
  `${o.customers} (${o.status})`,
  fmt(o.seconds, 1),
  fmt(o.perCustomer, 2),
  String(o.refused),
  fmt(o.perSecond, 1),
  fmt(point.rate / o.perCustomer, 1),
  `${fmt(share * 100, 1)} % (≥ 90 %: ${share >= TARGET_SHARE ? 'met' : 'MISSED'})`,
]

const HEADER = [
  'target limit',
  'limit known',
  'customers',
  'seconds',
  'req/customer',
  '429s',
  'customers/s',
  'bound',
  '% of bound',
]

const runPoints = async (
  points: ReadonlyArray<Point>,
  seconds: number,
  perCustomer: number,
  figures: boolean,
): Promise<string[][]> => {
  const rows: string[][] = []
  for (const point of points) {
    const customers = Math.max(8, Math.round((point.rate * seconds) / perCustomer))
    const o = await limitedRun(point, customers)
    const share = shareOfBound(point, o)
    rows.push(rowOf(point, o, share))
    if (figures)
      reportFigure(
        {
          name: `throughput ${point.rate} req/s ${point.latencyMs} ms, limit ${point.known === 'configured' ? 'configured' : 'from 429s'}`,
          value: share * 100,
          unit: '% of bound',
          target: { op: '≥', value: TARGET_SHARE * 100 },
        },
        1,
      )
  }
  return rows
}

const HEADLINE: ReadonlyArray<Point> = [
  { rate: 200, latencyMs: 20, known: 'configured' },
  { rate: 200, latencyMs: 20, known: 'from 429s' },
  { rate: 50, latencyMs: 100, known: 'configured' },
  { rate: 50, latencyMs: 100, known: 'from 429s' },
]

const SWEEP: ReadonlyArray<Point> = [
  [5, 5],
  [5, 200],
  [20, 50],
  [100, 5],
  [100, 200],
  [200, 200],
].flatMap(([rate, latencyMs]) =>
  (['configured', 'from 429s'] as const).map((known) => ({
    rate: rate as number,
    latencyMs: latencyMs as number,
    known,
  })),
)

// ---- the journal's fsync

/** Customers/s of an unlimited run on loopback into a file journal, fsync on or off. */
const journalRun = async (fsync: boolean): Promise<Outcome> => {
  const sims = await startSimulatorProcess(`paytrace:${UNLIMITED},fluidpay:0`)
  const dir = mkdtempSync(join(tmpdir(), 'vaultport-bench-'))
  try {
    const { paytrace, fluidpay } = sims.simulators
    if (paytrace === undefined || fluidpay === undefined) throw new Error('no simulators')
    const journal = fileJournal(join(dir, 'journal.jsonl'), { fsync })
    const o = await migrateOnce(vaultFor(paytrace), countingTarget(fluidpay, {}), journal)
    await journal.close()
    return o
  } finally {
    sims.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const journalRows = async (): Promise<string[][]> => {
  const on = await journalRun(true)
  const off = await journalRun(false)
  reportFigure(
    {
      name: 'journal fsync on / off (customers/s)',
      value: on.perSecond / off.perSecond,
      unit: 'ratio',
    },
    2,
  )
  return [on, off].map((o, i) => [
    i === 0 ? 'fsync on (default)' : 'fsync off',
    `${o.customers} (${o.status})`,
    fmt(o.seconds, 1),
    fmt(o.perSecond, 1),
  ])
}

const main = async () => {
  const perCustomer = await requestsPerCustomer()
  const title = (what: string) =>
    `Migration throughput, ${what}: PayTrace → FluidPay simulators, default settings (adaptive concurrency)`
  printTable(
    title(`${SECONDS} s runs`),
    HEADER,
    await runPoints(HEADLINE, SECONDS, perCustomer, true),
  )
  printTable(
    title(`sweep, ${SWEEP_SECONDS} s runs`),
    HEADER,
    await runPoints(SWEEP, SWEEP_SECONDS, perCustomer, false),
  )
  printTable(
    `Journal fsync: ${UNLIMITED} customers, no latency, no limit, default settings, simulators in a child process`,
    ['journal', 'customers', 'seconds', 'customers/s'],
    await journalRows(),
  )
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
