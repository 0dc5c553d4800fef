/**
 * Migration throughput: PayTrace simulator → FluidPay simulator, customers with billing and
 * shipping addresses (no payment methods: card numbers are a card-data file's business). With
 * the target rate-limited to R requests/s (the simulator answers 429 past it, and the target
 * adapter is told the same limit) and a latency of L ms, customers/s achieved against the bound
 * R / (target requests per customer, as counted); target ≥ 90 % of the bound. Then the same
 * migration with no limit and no latency, on loopback.
 *
 *   pnpm --filter @vaultport/bench run bench:throughput [--rate 50] [--latency 20] [--customers 150] [--unlimited 1000]
 */
import { memoryJournal, runMigration } from '@vaultport/migrate'
import { startSandbox } from '@vaultport/sandbox'
import { arg, fmt, printTable, vaultFor } from './util'

const RATE = Math.min(arg('rate', 50), 10_000)
const LATENCY = Math.min(arg('latency', 20), 1000)
const LIMITED = Math.min(arg('customers', 150), 5000)
const UNLIMITED = Math.min(arg('unlimited', 1000), 20_000)

const migrate = async (customers: number, limited: boolean) => {
  const source = await startSandbox({ gateway: 'paytrace', seed: 5 })
  const target = await startSandbox({
    gateway: 'fluidpay',
    seed: 6,
    knobs: limited
      ? { rateLimit: { requestsPerSecond: RATE }, latency: { fixedMs: LATENCY, jitterMs: 0 } }
      : {},
  })
  try {
    source.seedCustomers(customers)
    let targetRequests = 0
    let rateLimited = 0
    const targetVault = vaultFor(target, {
      ...(limited ? { requestsPerSecond: RATE, burst: 1 } : {}),
      onTranscript: (e) => {
        targetRequests++
        if ('response' in e && e.response.status === 429) rateLimited++
      },
    })
    const started = performance.now()
    const report = await runMigration({
      source: vaultFor(source),
      target: targetVault,
      journal: memoryJournal(),
      concurrency: 8,
    })
    const seconds = (performance.now() - started) / 1000
    const done = report.counts.migrated + report.counts.updated + report.counts.unchanged
    return { report, seconds, done, targetRequests, rateLimited }
  } finally {
    await source.close()
    await target.close()
  }
}

const main = async () => {
  const l = await migrate(LIMITED, true)
  const perCustomer = l.targetRequests / Math.max(l.done, 1)
  const bound = RATE / perCustomer
  const achieved = l.done / l.seconds
  const u = await migrate(UNLIMITED, false)
  printTable(
    'Migration throughput, PayTrace simulator → FluidPay simulator, concurrency 8',
    [
      'run',
      'customers',
      'status',
      'seconds',
      'target req/customer',
      '429s',
      'customers/s',
      'bound',
      '% of bound',
    ],
    [
      [
        `target limited to ${RATE} req/s, latency ${LATENCY} ms`,
        String(l.done),
        l.report.status,
        fmt(l.seconds, 2),
        fmt(perCustomer, 2),
        String(l.rateLimited),
        fmt(achieved, 1),
        fmt(bound, 1),
        `${fmt((achieved / bound) * 100, 1)} % (target ≥ 90 %: ${achieved / bound >= 0.9 ? 'met' : 'MISSED'})`,
      ],
      [
        'unlimited, loopback',
        String(u.done),
        u.report.status,
        fmt(u.seconds, 2),
        fmt(u.targetRequests / Math.max(u.done, 1), 2),
        String(u.rateLimited),
        fmt(u.done / u.seconds, 1),
        '-',
        '-',
      ],
    ],
  )
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
