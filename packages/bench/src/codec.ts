/**
 * Codec cost: the adapter's in-process work for a realistic customer and for a full list page,
 * per gateway, in µs/op. The simulator's real answers are recorded once, then served from memory
 * by a canned transport, so the figure is everything the adapter does in process: the HTTP client's per-call work, decode and translate
 * with no I/O. `JSON.parse` of the same bodies is printed beside it as the floor.
 *
 *   pnpm --filter @vaultport/bench run bench:codec [--iterations 2000]
 */
import * as E from 'fp-ts/Either'
import { customerId, type Transport, type TransportResult, type Vault } from '@vaultport/core'
import {
  GATEWAYS,
  arg,
  fmt,
  median,
  nowUs,
  printTable,
  recordingTransport,
  startSeeded,
  vaultFor,
} from './util'

const ITERATIONS = Math.min(arg('iterations', 2000), 100_000)
// Enough calls for V8 to optimise the whole path: 200 left single reads at twice their settled cost.
const WARMUP = 2000

/** Records every answer by method and URL, then answers from memory. */
const cannedTransport = (live: Transport) => {
  const answers = new Map<string, TransportResult>()
  let offline = false
  const transport: Transport = async (req) => {
    const key = `${req.method} ${req.url}`
    if (offline) {
      const a = answers.get(key)
      if (a === undefined) throw new Error(`no canned answer for ${key}`)
      return a
    }
    const a = await live(req)
    answers.set(key, a)
    return a
  }
  return {
    transport,
    goOffline: () => void (offline = true),
    bodies: () => [...answers.values()].map((a) => (a.kind === 'response' ? a.response.body : '')),
  }
}

const timeOp = async (op: () => Promise<unknown>): Promise<number> => {
  for (let i = 0; i < WARMUP; i++) await op()
  const samples: number[] = []
  for (let batch = 0; batch < 20; batch++) {
    const n = Math.max(1, Math.floor(ITERATIONS / 20))
    const t0 = nowUs()
    for (let i = 0; i < n; i++) await op()
    samples.push((nowUs() - t0) / n)
  }
  return median(samples)
}

const must = (r: E.Either<{ message: string }, unknown>) => {
  if (E.isLeft(r)) throw new Error(r.left.message)
}

const main = async () => {
  const rows: string[][] = []
  for (const gateway of GATEWAYS) {
    const { sb, ids } = await startSeeded(gateway, 120)
    try {
      const id = customerId(ids[0] as string)
      const probe: Vault = vaultFor(sb)
      const pageSize = Math.min(100, probe.capabilities.limits.maxPageSize ?? 100)
      for (const [what, run] of [
        ['customer (get)', (v: Vault) => v.customers.get(id)()],
        [`page of ${pageSize} (list)`, (v: Vault) => v.customers.list({ pageSize })()],
      ] as const) {
        const canned = cannedTransport(recordingTransport().transport)
        const vault = vaultFor(sb, { transport: canned.transport })
        must(await run(vault))
        canned.goOffline()
        const bodies = canned.bodies().filter((b) => b.startsWith('{') || b.startsWith('['))
        const adapterUs = await timeOp(async () => must(await run(vault)))
        const parseUs = await timeOp(async () => {
          for (const b of bodies) JSON.parse(b)
        })
        const bytes = bodies.reduce((n, b) => n + b.length, 0)
        rows.push([
          gateway,
          what,
          String(bytes),
          fmt(parseUs, 1),
          fmt(adapterUs, 1),
          fmt(adapterUs - parseUs, 1),
        ])
      }
    } finally {
      await sb.close()
    }
  }
  printTable(
    `Codec cost: in-process adapter work on recorded simulator answers (µs/op, median of 20 batches of ${ITERATIONS / 20})`,
    ['gateway', 'decoded', 'body bytes', 'JSON.parse', 'adapter', 'adapter − parse'],
    rows,
  )
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
