/**
 * Simulator capacity: how many list pages each simulator serves per second of its own CPU, so
 * that no benchmark is bounded by the simulator instead of vaultport. Each simulator runs alone
 * in a child process (`--serve`), seeded with N customers with cards and recurring schedules
 * (Valor's list counts each customer's active ones). The adapter's own page requests are
 * recorded by walking the whole list once; then, on a freshly seeded vault, each page is asked
 * once in order (the first walk: a migration's listing) and then round-robin for S seconds (the
 * repeated pages of the overhead benchmark), by a plain `node:http` client over keep-alive
 * sockets, C at a time. Pages per second of the simulator's CPU is the figure (it does not
 * depend on what else the machine runs); wall-clock pages/s is printed beside it. Target ≥ 2,000.
 *
 *   pnpm --filter @vaultport/bench run bench:simulators [--customers 20000] [--seconds 3] [--concurrency 8]
 *
 * The same file is the child process of `startSimulatorProcess` (util.ts), which `memory.ts` uses
 * too: `--serve paytrace:100000,fluidpay:0 [--rich]` starts those simulators, prints one JSON line
 * describing them, answers each `cpu` line on stdin with the process's CPU time and each `gc`
 * line with a full collection, and exits when stdin closes.
 */
import { Agent, request } from 'node:http'
import { createInterface } from 'node:readline'
import * as E from 'fp-ts/lib/Either.js'
import type { WireRequest } from '@vaultport/core'
import { startSandbox, type GatewayName, type RunningSandbox } from '@vaultport/sandbox'
import {
  GATEWAYS,
  arg,
  fmt,
  printTable,
  recordingTransport,
  reportFigure,
  startSimulatorProcess,
  vaultFor,
  type SimulatorProcess,
} from './util'

const TARGET_PAGES_PER_SECOND = 2000

// ---- the child: simulators in a process of their own (see `startSimulatorProcess`)

/** `paytrace:100000,fluidpay:0` → the gateways to start and how many customers each gets. */
const parseServeSpec = (spec: string): Array<[GatewayName, number]> =>
  spec.split(',').map((part) => {
    const [gateway, n] = part.split(':')
    if (!GATEWAYS.includes(gateway as GatewayName)) throw new Error(`unknown gateway ${gateway}`)
    return [gateway as GatewayName, Number(n ?? '0')]
  })

const serveChild = async (spec: string, rich: boolean): Promise<void> => {
  const running: RunningSandbox[] = []
  const described: Record<string, unknown> = {}
  for (const [gateway, n] of parseServeSpec(spec)) {
    const sb = await startSandbox({ gateway, seed: 3 + running.length })
    // A rich seed is what a list page shows at its fullest: cards, and recurring schedules
    // (Valor's list counts each customer's active ones).
    if (n > 0) sb.seedCustomers(n, rich ? { withCards: true, withRecurrences: true } : {})
    running.push(sb)
    described[gateway] = { gateway, url: sb.url, credentials: sb.credentials }
  }
  console.log(JSON.stringify(described))
  const lines = createInterface({ input: process.stdin })
  lines.on('line', (line) => {
    if (line.trim() === 'cpu') console.log(JSON.stringify(process.cpuUsage()))
    if (line.trim() === 'gc') {
      ;(globalThis as { gc?: () => void }).gc?.()
      console.log('{}')
    }
  })
  lines.on('close', () => {
    void Promise.all(running.map((sb) => sb.close())).then(() => process.exit(0))
  })
}

// ---- the parent: record the adapter's page requests, replay them at full speed

/** Every page request the adapter sends walking the whole list. */
const recordPages = async (sb: RunningSandbox): Promise<WireRequest[]> => {
  const rec = recordingTransport()
  const vault = vaultFor(sb, { transport: rec.transport })
  const pageSize = Math.min(100, vault.capabilities.limits.maxPageSize ?? 100)
  await vault.customers.list({ pageSize: 1 })() // the token and connections, not recorded
  const pages: WireRequest[] = []
  let cursor: string | undefined
  do {
    const page = await rec.record(() =>
      vault.customers.list({ pageSize, ...(cursor === undefined ? {} : { cursor }) })(),
    )
    if (E.isLeft(page.result)) throw new Error(page.result.left.message)
    pages.push(...page.requests)
    cursor = page.result.right.nextCursor
  } while (cursor !== undefined)
  return pages
}

/** Sends one recorded request; resolves with its status once the whole answer has arrived. */
const send = (agent: Agent, r: WireRequest): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request(r.url, { method: r.method, headers: { ...r.headers }, agent }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${r.method} ${r.url}`)))
    req.on('error', reject)
    req.end(r.body)
  })

/**
 * Replays `requests` round-robin, `concurrency` at a time, until `enough(sent)` or, when
 * `seconds` is given, that time is up; the pages answered.
 */
const replay = async (
  requests: ReadonlyArray<WireRequest>,
  concurrency: number,
  stop: { readonly seconds: number } | { readonly pages: number },
): Promise<number> => {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const until = 'seconds' in stop ? performance.now() + stop.seconds * 1000 : Infinity
  const pages = 'pages' in stop ? stop.pages : Infinity
  let next = 0
  let served = 0
  const worker = async () => {
    while (performance.now() < until && next < pages) {
      const status = await send(agent, requests[next++ % requests.length] as WireRequest)
      if (status !== 200) throw new Error(`a page answered HTTP ${status}`)
      served++
    }
  }
  try {
    await Promise.all(Array.from({ length: concurrency }, worker))
  } finally {
    agent.destroy()
  }
  return served
}

/** Empties the simulator's vault and seeds it again as the child did: new records, nothing kept. */
const reseed = async (sb: RunningSandbox, customers: number): Promise<void> => {
  for (const [path, body] of [
    ['reset', {}],
    ['seed', { n: customers, withCards: true, withRecurrences: true }],
  ] as const) {
    const res = await fetch(`${sb.url}/__sandbox/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    })
    if (!res.ok) throw new Error(`${path} answered HTTP ${res.status}`)
  }
}

/** Pages served and the simulator's CPU seconds for them. */
const timed = async (proc: SimulatorProcess, run: () => Promise<number>) => {
  const cpu0 = await proc.cpuSeconds()
  const t0 = performance.now()
  const served = await run()
  const wall = (performance.now() - t0) / 1000
  return { served, wall, cpu: (await proc.cpuSeconds()) - cpu0 }
}

/**
 * The adapter's walk is recorded (and warms V8 up); then, on a freshly seeded vault, each page
 * once in order (the first walk: what a migration's listing asks of it), then round-robin for S
 * seconds (what the overhead benchmark's repeated pages ask).
 */
const measure = async (gateway: GatewayName, customers: number) => {
  const proc = await startSimulatorProcess(`${gateway}:${customers}`, { rich: true })
  try {
    const sb = proc.simulators[gateway] as RunningSandbox
    const pages = await recordPages(sb)
    const concurrency = Math.min(arg('concurrency', 8), 64)
    const seconds = Math.min(arg('seconds', 3), 60)
    await replay(pages, concurrency, { seconds: 0.5 })
    await reseed(sb, customers)
    await proc.collect() // the old vault's garbage is not the first walk's work
    const first = await timed(proc, () => replay(pages, concurrency, { pages: pages.length }))
    const again = await timed(proc, () => replay(pages, concurrency, { seconds }))
    return { pageSize: Math.round(customers / pages.length), first, again }
  } finally {
    proc.stop()
  }
}

const main = async () => {
  const customers = Math.min(arg('customers', 20_000), 200_000)
  const target = { op: '≥', value: TARGET_PAGES_PER_SECOND } as const
  const rows: string[][] = []
  for (const gateway of GATEWAYS) {
    const { pageSize, first, again } = await measure(gateway, customers)
    const pages = `list pages of ${pageSize}`
    const unit = 'pages/CPU-s'
    const f = reportFigure(
      {
        name: `simulator ${gateway}: ${pages}, first walk`,
        value: first.served / first.cpu,
        unit,
        target,
      },
      0,
    )
    const a = reportFigure(
      {
        name: `simulator ${gateway}: ${pages}, replayed`,
        value: again.served / again.cpu,
        unit,
        target,
      },
      0,
    )
    rows.push([
      gateway,
      String(pageSize),
      String(first.served),
      fmt(f.value, 0),
      String(again.served),
      fmt(again.served / again.wall, 0),
      fmt(a.value, 0),
      f.met === true && a.met === true ? 'met' : 'MISSED',
    ])
  }
  printTable(
    `Simulators: list pages served per second of the simulator's CPU, ${customers} customers each`,
    [
      'gateway',
      'page',
      'first walk',
      'pages/CPU-s',
      'replayed',
      'pages/s (wall)',
      'pages/CPU-s',
      'both ≥ 2000',
    ],
    rows,
  )
}

const serve = process.argv.indexOf('--serve')
const run =
  serve < 0 ? main() : serveChild(process.argv[serve + 1] ?? '', process.argv.includes('--rich'))
run.catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
