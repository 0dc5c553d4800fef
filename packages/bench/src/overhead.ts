/**
 * Adapter overhead: for each adapter and for get-customer, list-page and create-customer, the
 * adapter call against a raw axios replay of exactly the requests the adapter sends (same
 * method, URL, headers and body, in the same order), to the same simulator, interleaved in one
 * process (the order alternates every round). Prints the median of each, and the median of the
 * per-round ratios adapter / raw. Target: ≤ 1.10.
 *
 *   pnpm --filter @vaultport/bench run bench:overhead [--rounds 300]
 */
import axios from 'axios'
import * as E from 'fp-ts/Either'
import { customerId, type CustomerInput, type Vault, type WireRequest } from '@vaultport/core'
import type { GatewayName } from '@vaultport/sandbox'
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

const ROUNDS = Math.min(arg('rounds', 300), 5000)
const WARMUP = 40

const raw = axios.create()
const replay = async (requests: ReadonlyArray<WireRequest>, from = '', to = ''): Promise<void> => {
  for (const r of requests) {
    const res = await raw.request({
      method: r.method,
      url: from === '' ? r.url : r.url.replaceAll(from, to),
      headers: { ...r.headers },
      ...(r.body === undefined ? {} : { data: from === '' ? r.body : r.body.replaceAll(from, to) }),
      validateStatus: () => true,
    })
    if (res.status >= 400) throw new Error(`raw ${r.method} ${r.url}: HTTP ${res.status}`)
  }
}

const must = async (task: () => Promise<E.Either<{ message: string }, unknown>>) => {
  const r = await task()
  if (E.isLeft(r)) throw new Error(r.left.message)
}

/** `ba00001x` and `bb00001x`: same length, so bodies differ in nothing but the tag. */
const tag = (side: 'a' | 'b', i: number) => `b${side}${String(i).padStart(6, '0')}x`
const input = (vault: Vault, t: string): CustomerInput => ({
  ...(vault.capabilities.customerReference === 'none' ? {} : { reference: t }),
  name: 'Ada Lovelace',
  email: `${t}@example.com`,
  phone: '5555550123',
})

interface Case {
  readonly adapter: (i: number) => Promise<void>
  readonly raw: (i: number) => Promise<void>
  readonly requests: number
}

const cases = async (
  gateway: GatewayName,
  vault: Vault,
  recorder: Vault,
  rec: ReturnType<typeof recordingTransport>,
  id: string,
) => {
  const pageSize = Math.min(100, vault.capabilities.limits.maxPageSize ?? 100)
  await must(recorder.customers.get(customerId(id))) // token, connections
  const get = await rec.record(() => must(recorder.customers.get(customerId(id))))
  const list = await rec.record(() => must(recorder.customers.list({ pageSize })))
  const template = tag('a', 999_999)
  const create = await rec.record(() => must(recorder.customers.create(input(vault, template))))
  const result: Record<string, Case> = {
    'get customer': {
      adapter: () => must(vault.customers.get(customerId(id))),
      raw: () => replay(get.requests),
      requests: get.requests.length,
    },
    [`list page (${pageSize})`]: {
      adapter: () => must(vault.customers.list({ pageSize })),
      raw: () => replay(list.requests),
      requests: list.requests.length,
    },
    'create customer': {
      adapter: (i) => must(vault.customers.create(input(vault, tag('a', i)))),
      raw: (i) => replay(create.requests, template, tag('b', i)),
      requests: create.requests.length,
    },
  }
  void gateway
  return result
}

const main = async () => {
  const rows: string[][] = []
  const only = process.argv.indexOf('--only')
  const gateways = only < 0 ? GATEWAYS : GATEWAYS.filter((g) => g === process.argv[only + 1])
  for (const gateway of gateways) {
    const { sb, ids } = await startSeeded(gateway, 150)
    try {
      const rec = recordingTransport()
      const vault = vaultFor(sb)
      const recorder = vaultFor(sb, { transport: rec.transport })
      await must(vault.customers.get(customerId(ids[0] as string)))
      for (const [name, c] of Object.entries(
        await cases(gateway, vault, recorder, rec, ids[0] as string),
      )) {
        const a: number[] = []
        const r: number[] = []
        const ratios: number[] = []
        for (let i = 0; i < WARMUP + ROUNDS; i++) {
          const adapterFirst = i % 2 === 0
          let ta = 0
          let tr = 0
          for (const side of adapterFirst ? ['a', 'r'] : ['r', 'a']) {
            const t0 = nowUs()
            if (side === 'a') await c.adapter(i)
            else await c.raw(i)
            if (side === 'a') ta = nowUs() - t0
            else tr = nowUs() - t0
          }
          if (i < WARMUP) continue
          a.push(ta)
          r.push(tr)
          ratios.push(ta / tr)
        }
        rows.push([
          gateway,
          name,
          String(c.requests),
          fmt(median(r), 0),
          fmt(median(a), 0),
          fmt(median(a) - median(r), 0),
          fmt(median(ratios), 3),
          median(ratios) <= 1.1 ? 'met' : 'MISSED',
        ])
      }
    } finally {
      await sb.close()
    }
  }
  printTable(
    `Adapter overhead: adapter vs raw axios replay, ${ROUNDS} interleaved rounds each (µs, medians)`,
    ['gateway', 'operation', 'requests', 'raw axios', 'adapter', 'Δ', 'ratio', '≤ 1.10'],
    rows,
  )
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
