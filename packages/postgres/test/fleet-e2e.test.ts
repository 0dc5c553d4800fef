// The fleet end to end (issue 21, "Done when"): 20 merchants over mixed gateway pairs, each with
// its own simulators, credentials and rate limits, migrated by three `vaultport migrate worker`
// processes over a real PostgreSQL while workers are SIGKILLed at random and replaced. Then:
// every customer, payment method and schedule exactly once at the targets (the exactly-once
// suite's counters, read from the vaults themselves), no simulator ever refused a request for its
// rate limit nor saw more than its limit in any second (counted at a proxy), `fleet verify`
// clean, and no secret in the database or in any output.
//
// VAULTPORT_LONG=1: 40 merchants of 20–30 customers and more kills.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { isClean } from '../../cli/test/exactly-once/harness/counts'
import { runInProcess } from '../../cli/test/exactly-once/harness/cli'
import { PAIRS, pairShort } from '../../cli/test/exactly-once/harness/gateways'
import { hash32, rng } from '../../cli/test/exactly-once/harness/prng'
import { listUnits, unfinishedUnits } from '../src'
import { busiestWindow } from './fleet-e2e/countingProxy'
import {
  closeMerchant,
  countMerchant,
  startMerchant,
  type FleetMerchant,
  type MerchantPlan,
} from './fleet-e2e/merchants'
import { killAllWorkers, startWorker, type WorkerChild, type WorkerExit } from './fleet-e2e/workers'
import { usePostgres } from './server'

const LONG = process.env['VAULTPORT_LONG'] === '1'
const MERCHANTS = LONG ? 40 : 20
const KILLS = LONG ? 8 : 4
const LEASE_SECONDS = 3
const WORKER_DEADLINE_MS = LONG ? 600_000 : 200_000
const RATES = [20, 30, 40]

const server = usePostgres()
const dir = mkdtempSync(join(tmpdir(), 'vp-fleet-e2e-'))
let merchants: FleetMerchant[] = []

const plans = (): MerchantPlan[] => {
  const r = rng(hash32('fleet e2e plans'))
  return Array.from({ length: MERCHANTS }, (_, index) => ({
    index,
    pair: PAIRS[index % PAIRS.length]!,
    customers: LONG ? r.between(20, 30) : r.between(10, 16),
    sourceRate: r.pick(RATES),
    targetRate: r.pick(RATES),
  }))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeAll(async () => {
  for (const plan of plans()) merchants.push(await startMerchant(plan, dir))
}, 180_000)

afterAll(async () => {
  killAllWorkers()
  await Promise.all(merchants.map(closeMerchant))
  merchants = []
}, 60_000)

/** Kills a worker that holds a claim, at random moments, replacing each; answers every exit. */
const playKills = async (
  pool: pg.Pool,
  start: (id: string) => WorkerChild,
): Promise<{ exits: WorkerExit[]; killed: string[] }> => {
  const r = rng(hash32('fleet e2e kills'))
  const workers = ['w1', 'w2', 'w3'].map(start)
  const killed: string[] = []
  while (killed.length < KILLS) {
    await sleep(r.between(2_000, 6_000))
    // The next victim: a live worker holding a claim (workers take a moment to start).
    let victim: WorkerChild | undefined
    for (let look = 0; victim === undefined && look < 40; look++) {
      if ((await unfinishedUnits(pool, 'e2e')) === 0) break
      const holders = new Set(
        (await listUnits(pool, 'e2e')).filter((u) => u.state === 'claimed').map((u) => u.worker),
      )
      const victims = workers.filter((w) => w.alive() && holders.has(w.id))
      if (victims.length > 0) victim = r.pick(victims)
      else await sleep(250)
    }
    if (victim === undefined) break
    victim.kill()
    killed.push(victim.id)
    workers.push(start(`w${workers.length + 1}`))
  }
  return { exits: await Promise.all(workers.map((w) => w.exited)), killed }
}

describe('a fleet of merchants', () => {
  it(
    `${MERCHANTS} merchants, 3 workers killed at random: exactly once, rate limits held, verify clean`,
    async () => {
      const db = await server().freshDatabase('fleet')
      const manifest = join(dir, 'fleet.json')
      writeFileSync(
        manifest,
        JSON.stringify({ fleet: 'e2e', merchants: merchants.map((m) => m.manifestEntry) }, null, 2),
      )
      const env = Object.assign({}, ...merchants.map((m) => m.env)) as Record<string, string>
      const cli = (args: string[]) =>
        runInProcess(
          ['migrate', 'fleet', ...args, '--manifest', manifest, '--db', db, '--json'],
          env,
        )

      const enqueued = await cli(['run', '--enqueue-only'])
      expect(enqueued.code).toBe(0)
      for (const m of merchants) for (const end of [m.source, m.target]) end.proxy.reset()

      const pool = new pg.Pool({ connectionString: db, max: 2 })
      pool.on('error', () => undefined)
      let played: Awaited<ReturnType<typeof playKills>>
      try {
        played = await playKills(pool, (id) =>
          startWorker({ id, db, env, leaseSeconds: LEASE_SECONDS, deadlineMs: WORKER_DEADLINE_MS }),
        )
      } finally {
        await pool.end()
      }
      const { exits, killed } = played
      const output = exits.map((e) => `${e.stdout}\n${e.stderr}`).join('\n')
      const deaths = exits.filter((e) => killed.includes(e.id))
      const survivors = exits.filter((e) => !killed.includes(e.id))
      expect(killed.length).toBeGreaterThanOrEqual(2)
      // A victim either died of the kill or (a race) had just ended by itself, cleanly.
      expect(
        deaths
          .filter((e) => e.signal !== 'SIGKILL' && e.code !== 0)
          .map((e) => [e.id, e.code, e.stderr.slice(-300)]),
      ).toEqual([])
      expect(survivors.map((e) => [e.id, e.code, e.stderr.slice(-300)])).toEqual(
        survivors.map((e) => [e.id, 0, e.stderr.slice(-300)]),
      )
      expect(output).toContain('whose claim expired') // a dead worker's unit was taken over

      // Every unit done; the killed workers' units were claimed again.
      const status = await cli(['status'])
      const doc = JSON.parse(status.out) as { counts: Record<string, number> }
      expect(doc.counts['done']).toBe(MERCHANTS)

      // Every merchant's limits held at both ends: nothing refused, never more than the limit in
      // any second.
      const rates = merchants.flatMap((m) =>
        (['source', 'target'] as const).map((side) => {
          const end = m[side]
          const arrivals = end.proxy.arrivals()
          return {
            at: `${m.id} ${side} (${pairShort(m.pair)})`,
            limit: end.rateLimit,
            busiest: busiestWindow(arrivals),
            refused: arrivals.filter((a) => a.status === 429).length,
          }
        }),
      )
      // The figures, for the record (stdout: the lint keeps console for errors).
      process.stdout.write(
        `fleet e2e: ${MERCHANTS} merchants, killed ${killed.join(', ')}\n` +
          rates.map((r) => `  ${r.at}: busiest second ${r.busiest}/${r.limit}`).join('\n') +
          '\n',
      )
      expect(rates.filter((r) => r.refused > 0 || r.busiest > r.limit)).toEqual([])

      const verify = await cli(['verify'])
      expect(JSON.parse(verify.out)).toMatchObject({ clean: MERCHANTS })
      expect(verify.code).toBe(0)

      // Exactly once, counted from the vaults themselves.
      const dirty: Array<[string, unknown]> = []
      for (const m of merchants) {
        const counts = await countMerchant(m)
        if (!isClean(counts)) dirty.push([m.id, counts])
      }
      expect(dirty).toEqual([])

      // No merchant's secret in any output or in the database.
      const dump = new pg.Client({ connectionString: db })
      await dump.connect()
      const text = (
        await dump.query(
          `SELECT coalesce((SELECT string_agg(t::text, '|') FROM vaultport.fleet_units t), '')
              || coalesce((SELECT string_agg(j::text, '|') FROM vaultport.journal j), '') AS t`,
        )
      ).rows[0]?.['t'] as string
      await dump.end()
      const everything = `${text}\n${output}\n${enqueued.out}${enqueued.err}${verify.out}${verify.err}`
      const leaked = merchants.flatMap((m) => m.secrets.filter((s) => everything.includes(s)))
      expect(leaked).toEqual([])
      expect(text).toContain('env:FLEET_M_00_SOURCE_')
    },
    LONG ? 900_000 : 300_000,
  )
})
