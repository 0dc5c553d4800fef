// The harness itself: scenarios are a function of their seed, the fast set covers every pair
// and every kind of interruption, the population is countable (unique card fingerprints, twins
// that share every contact field), a torn tail is torn, and the fault proxy does what it says:
// the write it "loses" has landed upstream, and the lookups after it fail.
import { createServer, request, type Server } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PAIRS, pairShort } from './harness/gateways'
import { populationSpec } from './harness/population'
import { rng } from './harness/prng'
import { classify, startFaultProxy, type FaultProxy } from './harness/proxy'
import { tearTail } from './harness/journalDamage'
import { buildScenario, featuresOf, type Feature } from './harness/scenario'
import { chosenSeeds, FAST_SEEDS, LONG_DEFAULT_COUNT } from './seeds'

describe('scenarios', () => {
  it('are a function of their seed', () => {
    for (const seed of [1, 2, 17, 58]) expect(buildScenario(seed)).toEqual(buildScenario(seed))
    expect(buildScenario(1)).not.toEqual(buildScenario(6))
  })

  it('stay within the issue’s bounds: 10–20 % faults, concurrency 1–16, a kill first', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const s = buildScenario(seed)
      expect(s.faults.rate).toBeGreaterThanOrEqual(0.1)
      expect(s.faults.rate).toBeLessThanOrEqual(0.2)
      expect(s.faults.kinds).toContain('timeoutAfterCommit')
      expect(s.customers).toBeGreaterThanOrEqual(12)
      expect(s.customers).toBeLessThanOrEqual(30)
      expect(s.episodes[0]?.kind).toBe('kill')
      const concurrencies = s.episodes.flatMap((e) =>
        e.kind === 'twoProcs' ? [...e.concurrency] : [e.concurrency],
      )
      for (const c of [...concurrencies, s.finalConcurrency]) {
        expect(c).toBeGreaterThanOrEqual(1)
        expect(c).toBeLessThanOrEqual(16)
      }
    }
  })

  it('the fast set covers all five pairs and every kind of interruption', () => {
    const pairs = new Set(FAST_SEEDS.map((seed) => pairShort(buildScenario(seed).pair)))
    expect([...pairs].sort()).toEqual(PAIRS.map(pairShort).sort())
    const covered = new Set<Feature>(
      FAST_SEEDS.flatMap((seed) => [...featuresOf(buildScenario(seed))]),
    )
    const all: Feature[] = [
      'kill',
      'twoProcs',
      'tornTail',
      'deleteJournal',
      'twins',
      'rateLimit',
      'run',
    ]
    expect([...covered].sort()).toEqual(all.sort())
    const concurrencies = FAST_SEEDS.flatMap((seed) =>
      buildScenario(seed).episodes.flatMap((e) =>
        e.kind === 'twoProcs' ? [...e.concurrency] : [e.concurrency],
      ),
    )
    expect(Math.min(...concurrencies)).toBe(1)
    expect(Math.max(...concurrencies)).toBe(16)
  })

  it('seeds: the fast set, the long mode (≥ 50), or a replay', () => {
    expect(chosenSeeds({}, FAST_SEEDS)).toEqual(FAST_SEEDS)
    expect(chosenSeeds({ VAULTPORT_LONG: '1' }, FAST_SEEDS)).toHaveLength(LONG_DEFAULT_COUNT)
    expect(
      chosenSeeds({ VAULTPORT_LONG: '1', VAULTPORT_FUZZ_COUNT: '80' }, FAST_SEEDS),
    ).toHaveLength(80)
    expect(chosenSeeds({ VAULTPORT_LONG: '1', VAULTPORT_FUZZ_SEED: '3,17' }, FAST_SEEDS)).toEqual([
      3, 17,
    ])
    expect(() => chosenSeeds({ VAULTPORT_FUZZ_SEED: 'x' }, FAST_SEEDS)).toThrow(/integers/)
  })
})

describe('populations', () => {
  it.each(['paytrace', 'fluidpay', 'valor'] as const)(
    '%s: every card unique by expiry and by holder name; twins share every contact field',
    (source) => {
      for (let seed = 1; seed <= 30; seed++) {
        const spec = populationSpec(rng(seed), seed, {
          source,
          customers: 30,
          twinGroups: 2,
          thisYear: 2026,
        })
        const cards = spec.customers.flatMap((c) => c.cards)
        expect(spec.customers.every((c) => c.cards.length >= 1)).toBe(true)
        expect(new Set(cards.map((c) => `${c.last4} ${c.month}/${c.year}`)).size).toBe(cards.length)
        expect(new Set(cards.map((c) => `${c.last4} ${c.holder}`)).size).toBe(cards.length)
        expect(cards.every((c) => c.year > 2027 && c.year <= 2099)).toBe(true)
        expect(spec.twinGroups.length).toBe(2)
        spec.twinGroups.forEach((size, g) => {
          const twins = spec.customers.filter((c) => c.twinGroup === g)
          expect(twins).toHaveLength(size)
          const contact = twins.map(({ name, email, company, phone, address }) =>
            JSON.stringify({ name, email, company, phone, address }),
          )
          expect(new Set(contact).size).toBe(1)
        })
        const amounts = spec.customers.flatMap((c) => c.schedules.map((s) => s.amountCents))
        expect(new Set(amounts).size).toBe(amounts.length)
        if (source !== 'paytrace') expect(amounts).toEqual([])
      }
    },
  )
})

describe('tearing the journal tail', () => {
  it('cuts the last line mid-way and drops its newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vp-eo-tear-'))
    const path = join(dir, 'j.jsonl')
    writeFileSync(path, '{"k":"c|1","s":"intent"}\n{"k":"c|1","s":"done","target":"9"}\n')
    expect(tearTail(path, 0.5)).toBe(true)
    const text = readFileSync(path, 'utf8')
    expect(text.startsWith('{"k":"c|1","s":"intent"}\n{"k":"c|1"')).toBe(true)
    expect(text.endsWith('\n')).toBe(false)
    expect(text.length).toBeLessThan(
      '{"k":"c|1","s":"intent"}\n{"k":"c|1","s":"done","target":"9"}'.length,
    )
    expect(() => JSON.parse(text.split('\n')[1] as string)).toThrow()
    rmSync(dir, { recursive: true, force: true })
  })
})

describe('the fault proxy', () => {
  let upstream: Server
  let upstreamUrl = ''
  const writes: string[] = []
  let proxy: FaultProxy

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        if (req.method !== 'GET') writes.push(`${req.method} ${req.url} ${body}`)
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ ok: true, path: req.url }))
      })
    })
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()))
    const a = upstream.address()
    upstreamUrl = `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}`
    proxy = await startFaultProxy(upstreamUrl)
  })
  afterAll(async () => {
    await proxy.close()
    await new Promise<void>((r) => upstream.close(() => r()))
  })

  const call = (method: string, path: string, body = '') =>
    new Promise<{ status: number } | { failed: string }>((resolve) => {
      const req = request(`${proxy.url}${path}`, { method, agent: false }, (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }))
      })
      req.on('error', (e) => resolve({ failed: e.message }))
      req.end(body)
    })

  it('classifies PayTrace list reads by POST as reads, token grants as neither', () => {
    expect(classify('POST', '/v3/customer/export')).toBe('read')
    expect(classify('POST', '/v3/recurrence/export/by-customer/7')).toBe('read')
    expect(classify('POST', '/api/vault/customer/search')).toBe('read')
    expect(classify('GET', '/api/valor-vault/getcustomer/1')).toBe('read')
    expect(classify('POST', '/v3/customer/create')).toBe('write')
    expect(classify('PUT', '/api/valor-vault/editcustomer/1')).toBe('write')
    expect(classify('DELETE', '/v3/recurrence')).toBe('write')
    expect(classify('POST', '/v3/token')).toBe('pass')
    expect(classify('GET', '/__sandbox/knobs')).toBe('pass')
  })

  it('forwards everything untouched without a plan', async () => {
    proxy.setPlan(null)
    expect(await call('POST', '/create', 'a')).toEqual({ status: 200 })
    expect(await call('GET', '/read')).toEqual({ status: 200 })
    expect(writes).toContain('POST /create a')
  })

  it('a lost answer: the write lands upstream, the client hears a failure, lookups then fail', async () => {
    writes.length = 0
    proxy.setPlan({ seed: 1, lostAnswer: 1, readBackFails: 0, blackoutMax: 1 })
    const answer = await call('POST', '/create', 'b')
    expect('failed' in answer || [502, 504].includes(answer.status)).toBe(true)
    expect(writes).toEqual(['POST /create b'])
    const lookup = await call('GET', '/read')
    expect('failed' in lookup || lookup.status === 503).toBe(true)
    expect(await call('GET', '/read')).toEqual({ status: 200 }) // blackoutMax 1: one lookup fails
    expect(proxy.stats()).toMatchObject({ lostAnswers: 1, failedLookups: 1 })
  })

  it('read-back fails: the write is answered truly, the lookups after it fail', async () => {
    writes.length = 0
    proxy.setPlan({ seed: 1, lostAnswer: 0, readBackFails: 1, blackoutMax: 1 })
    expect(await call('POST', '/create', 'c')).toEqual({ status: 200 })
    const lookup = await call('GET', '/read')
    expect('failed' in lookup || lookup.status === 503).toBe(true)
    expect(writes).toEqual(['POST /create c'])
    proxy.setPlan(null)
  })

  it('decides by the request, not by arrival order', async () => {
    const fates = async (order: string[]) => {
      const out: Record<string, boolean> = {}
      proxy.setPlan({ seed: 42, lostAnswer: 0.5, readBackFails: 0, blackoutMax: 1 })
      for (const body of order) {
        const r = await call('POST', '/create', body)
        out[body] = !('status' in r && r.status === 200)
        await call('GET', '/read') // drains any blackout
      }
      return out
    }
    const bodies = Array.from({ length: 12 }, (_, i) => `body-${i}`)
    expect(await fates([...bodies].reverse())).toEqual(await fates(bodies))
    proxy.setPlan(null)
  })
})
