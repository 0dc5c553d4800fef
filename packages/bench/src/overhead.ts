/**
 * Adapter overhead: for each gateway and for customers.get, customers.create, paymentMethods.add
 * (a card) and customers.list (one page), the adapter call against a raw axios replay of exactly
 * the requests the adapter sends, to the same simulator, interleaved in one process (the order
 * alternates every round). The requests are captured from the adapter's own transport (method,
 * URL, headers, body), together with which of them it had in flight at once, and the replay
 * sends them the same way: requests the adapter sent concurrently (Valor's three reads of a get)
 * go out concurrently, the others one after another. Prints the median of each side and the
 * median of the per-round ratios adapter / raw, next to the target (≤ 1.10).
 *
 *   pnpm --filter @vaultport/bench run bench:overhead [-- --rounds 300 | --quick] [--only valor]
 */
import axios from 'axios'
import * as E from 'fp-ts/lib/Either.js'
import {
  axiosTransport,
  customerId,
  type CustomerInput,
  type Transport,
  type Vault,
  type WireRequest,
} from '@vaultport/core'
import type { GatewayName, RunningSandbox } from '@vaultport/sandbox'
import {
  GATEWAYS,
  arg,
  fmt,
  median,
  nowUs,
  printTable,
  reportFigure,
  startSeeded,
  vaultFor,
} from './util'

const QUICK = process.argv.includes('--quick')
const ROUNDS = Math.min(arg('rounds', QUICK ? 60 : 300), 5000)
const WARMUP = QUICK ? 20 : 40
const TARGET = 1.1
const TEST_VISA = '4111111111111111'

// ---- capturing what the adapter sends, and how

/** Requests the adapter had in flight together; waves follow one another. */
type Wave = ReadonlyArray<WireRequest>

interface Sent {
  readonly request: WireRequest
  readonly startedAt: number
  endedAt: number
}

/**
 * A transport that records every request while `record` runs, with the order in which each
 * was started and answered (an event counter, not a clock), to tell concurrent from dependent.
 */
const capturingTransport = (inner: Transport = axiosTransport()) => {
  let sent: Sent[] | undefined
  let events = 0
  const transport: Transport = async (request) => {
    if (sent === undefined) return inner(request)
    const entry: Sent = { request, startedAt: events++, endedAt: Infinity }
    sent.push(entry)
    try {
      return await inner(request)
    } finally {
      entry.endedAt = events++
    }
  }
  const record = async (f: () => Promise<void>): Promise<ReadonlyArray<Wave>> => {
    sent = []
    try {
      await f()
      return wavesOf(sent)
    } finally {
      sent = undefined
    }
  }
  return { transport, record }
}

/**
 * Groups requests into waves: a request joins the current wave when it was started before any
 * request of that wave was answered (it cannot depend on their answers), and opens a new wave
 * otherwise.
 */
const wavesOf = (sent: ReadonlyArray<Sent>): ReadonlyArray<Wave> => {
  const waves: WireRequest[][] = []
  let firstAnswer = -Infinity
  for (const s of [...sent].sort((a, b) => a.startedAt - b.startedAt)) {
    const current = waves[waves.length - 1]
    if (current !== undefined && s.startedAt < firstAnswer) {
      current.push(s.request)
      firstAnswer = Math.min(firstAnswer, s.endedAt)
    } else {
      waves.push([s.request])
      firstAnswer = s.endedAt
    }
  }
  return waves
}

// ---- the raw side: a hand-written axios client sending the same requests

const raw = axios.create()

/** `from` → `to` in URL and body: the per-round tag or customer id. */
interface Swap {
  readonly from: string
  readonly to: string
}

const rawSend = async (r: WireRequest, swap: Swap | undefined): Promise<void> => {
  const res = await raw.request({
    method: r.method,
    url: swap === undefined ? r.url : r.url.replaceAll(swap.from, swap.to),
    headers: { ...r.headers },
    ...(r.body === undefined
      ? {}
      : { data: swap === undefined ? r.body : r.body.replaceAll(swap.from, swap.to) }),
    validateStatus: () => true,
  })
  if (res.status >= 400) throw new Error(`raw ${r.method} ${r.url}: HTTP ${res.status}`)
}

const replay = async (waves: ReadonlyArray<Wave>, swap?: Swap): Promise<void> => {
  for (const wave of waves) {
    if (wave.length === 1) await rawSend(wave[0] as WireRequest, swap)
    else await Promise.all(wave.map((r) => rawSend(r, swap)))
  }
}

// ---- the operations

const must = async (task: () => Promise<E.Either<{ message: string }, unknown>>) => {
  const r = await task()
  if (E.isLeft(r)) throw new Error(r.left.message)
}

/** `ba000001x` and `bb000001x`: same length, so bodies differ in nothing but the tag. */
const tag = (side: 'a' | 'b', i: number) => `b${side}${String(i).padStart(6, '0')}x`

const customerInput = (vault: Vault, t: string): CustomerInput => ({
  ...(vault.capabilities.customerReference === 'none' ? {} : { reference: t }),
  name: 'Ada Lovelace',
  email: `${t}@example.com`,
  phone: '5555550123',
})

const cardAdd = (vault: Vault, id: string) =>
  vault.paymentMethods.add(customerId(id), {
    kind: 'card',
    number: TEST_VISA,
    expiry: { month: 12, year: new Date().getUTCFullYear() + 3 },
    holderName: 'Ada Lovelace',
  })

interface Case {
  readonly name: string
  readonly adapter: (i: number) => Promise<void>
  readonly raw: (i: number) => Promise<void>
  readonly waves: ReadonlyArray<Wave>
}

const shapeOf = (waves: ReadonlyArray<Wave>): string => waves.map((w) => w.length).join('+')

/**
 * The four operations of one gateway, each with the requests the adapter sent for it. Card adds
 * go to customers seeded without a card, one per side per round, warm-up included (PayTrace
 * holds one card per profile); the replay swaps the recorded customer's id for its own, of the same length.
 */
const casesFor = async (sb: RunningSandbox, rounds: number): Promise<ReadonlyArray<Case>> => {
  const vault = vaultFor(sb)
  const cap = capturingTransport()
  const recorder = vaultFor(sb, { transport: cap.transport })
  const [id] = sb.seedCustomers(150, { withCards: true }).ids as [string]
  const blank = sb.seedCustomers(2 * (WARMUP + rounds) + 1, { withCards: false }).ids
  const blankId = (side: 0 | 1, i: number) => blank[1 + 2 * i + side] as string
  const pageSize = Math.min(100, vault.capabilities.limits.maxPageSize ?? 100)
  await must(vault.customers.get(customerId(id))) // token, connections
  await must(recorder.customers.get(customerId(id)))
  const template = tag('a', 999_999)
  const get = await cap.record(() => must(recorder.customers.get(customerId(id))))
  const create = await cap.record(() =>
    must(recorder.customers.create(customerInput(vault, template))),
  )
  const add = await cap.record(() => must(cardAdd(recorder, blank[0] as string)))
  const list = await cap.record(() => must(recorder.customers.list({ pageSize })))
  return [
    {
      name: 'customers.get',
      adapter: () => must(vault.customers.get(customerId(id))),
      raw: () => replay(get),
      waves: get,
    },
    {
      name: 'customers.create',
      adapter: (i) => must(vault.customers.create(customerInput(vault, tag('a', i)))),
      raw: (i) => replay(create, { from: template, to: tag('b', i) }),
      waves: create,
    },
    {
      name: 'paymentMethods.add (card)',
      adapter: (i) => must(cardAdd(vault, blankId(0, i))),
      raw: (i) => replay(add, { from: blank[0] as string, to: blankId(1, i) }),
      waves: add,
    },
    {
      name: `customers.list (${pageSize})`,
      adapter: () => must(vault.customers.list({ pageSize })),
      raw: () => replay(list),
      waves: list,
    },
  ]
}

// ---- measuring

interface Measured {
  readonly raw: number
  readonly adapter: number
  readonly ratio: number
}

/** Interleaved rounds, the side that goes first alternating; medians after the warm-up. */
const measure = async (c: Case, rounds: number): Promise<Measured> => {
  const a: number[] = []
  const r: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < WARMUP + rounds; i++) {
    let ta = 0
    let tr = 0
    if (i % 2 === 0) {
      ta = await timed(() => c.adapter(i))
      tr = await timed(() => c.raw(i))
    } else {
      tr = await timed(() => c.raw(i))
      ta = await timed(() => c.adapter(i))
    }
    if (i < WARMUP) continue
    a.push(ta)
    r.push(tr)
    ratios.push(ta / tr)
  }
  return { raw: median(r), adapter: median(a), ratio: median(ratios) }
}

const timed = async (f: () => Promise<void>): Promise<number> => {
  const t0 = nowUs()
  await f()
  return nowUs() - t0
}

const verdict = (ratio: number): string => (ratio <= TARGET ? 'met' : 'MISSED')

const main = async () => {
  const only = process.argv.indexOf('--only')
  const gateways = only < 0 ? GATEWAYS : GATEWAYS.filter((g) => g === process.argv[only + 1])
  const rows: string[][] = []
  const grid = new Map<GatewayName, string[]>()
  for (const gateway of gateways) {
    const { sb } = await startSeeded(gateway, 0)
    try {
      const cells: string[] = []
      for (const c of await casesFor(sb, ROUNDS)) {
        const m = await measure(c, ROUNDS)
        cells.push(`${fmt(m.ratio, 2)} ${m.ratio <= TARGET ? 'met' : 'MISSED'}`)
        rows.push([
          gateway,
          c.name,
          shapeOf(c.waves),
          fmt(m.raw, 0),
          fmt(m.adapter, 0),
          fmt(m.adapter - m.raw, 0),
          fmt(m.ratio, 3),
          verdict(m.ratio),
        ])
      }
      grid.set(gateway, cells)
    } finally {
      await sb.close()
    }
  }
  printTable(
    `Adapter overhead: adapter vs raw axios replay, ${ROUNDS} interleaved rounds each (µs, medians; requests: per wave, a + joins waves sent one after another)`,
    [
      'gateway',
      'operation',
      'requests',
      'raw axios',
      'adapter',
      'Δ',
      'ratio',
      `≤ ${TARGET.toFixed(2)}`,
    ],
    rows,
  )
  printTable(
    `Median per-round ratio adapter / raw axios (target ≤ ${TARGET.toFixed(2)})`,
    ['gateway', 'get', 'create', 'add card', 'list page'],
    [...grid].map(([g, cells]) => [g, ...cells]),
  )
  for (const [gateway, name, , , , , ratio] of rows)
    reportFigure({
      name: `overhead ${gateway} ${name}`,
      value: Number(ratio),
      unit: 'ratio',
      target: { op: '≤', value: TARGET },
    })
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
