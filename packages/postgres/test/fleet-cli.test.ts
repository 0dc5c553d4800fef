// `vaultport migrate fleet plan|run|status|verify` and `migrate worker` in process, on the
// simulators and a real PostgreSQL: what each prints and exits with, and the refusals (an inline
// secret in the manifest, a URL that is not PostgreSQL's, a database that cannot be reached), and
// a worker process's graceful stop on SIGTERM.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { runInProcess } from '../../cli/test/exactly-once/harness/cli'
import { isClean } from '../../cli/test/exactly-once/harness/counts'
import { listUnits } from '../src'
import {
  closeMerchant,
  countMerchant,
  startMerchant,
  type FleetMerchant,
} from './fleet-e2e/merchants'
import { killAllWorkers, startWorker } from './fleet-e2e/workers'
import { usePostgres } from './server'

const server = usePostgres()
const dir = mkdtempSync(join(tmpdir(), 'vp-fleet-cli-'))
let merchants: FleetMerchant[] = []
let manifest = ''
let env: Record<string, string> = {}

beforeAll(async () => {
  merchants = [
    await startMerchant(
      {
        index: 0,
        pair: { from: 'fluidpay', to: 'valor' },
        customers: 5,
        sourceRate: 40,
        targetRate: 40,
      },
      dir,
    ),
    await startMerchant(
      {
        index: 1,
        pair: { from: 'paytrace', to: 'fluidpay' },
        customers: 4,
        sourceRate: 40,
        targetRate: 40,
      },
      dir,
    ),
  ]
  manifest = join(dir, 'fleet.json')
  writeFileSync(
    manifest,
    JSON.stringify({ fleet: 'cli', merchants: merchants.map((m) => m.manifestEntry) }),
  )
  env = Object.assign({}, ...merchants.map((m) => m.env)) as Record<string, string>
}, 120_000)

afterAll(async () => {
  killAllWorkers()
  await Promise.all(merchants.map(closeMerchant))
})

const json = (text: string) => JSON.parse(text) as Record<string, unknown>

/** A loopback port nothing listens on. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address()
      s.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1))
    })
  })

describe('vaultport migrate fleet', () => {
  it('plans every merchant without a database', async () => {
    const r = await runInProcess(
      ['migrate', 'fleet', 'plan', '--manifest', manifest, '--json'],
      env,
    )
    expect(r.code).toBe(0)
    const doc = json(r.out) as {
      merchants: Array<{ merchant: string; totals: { customers: number } }>
    }
    expect(doc.merchants.map((m) => [m.merchant, m.totals.customers])).toEqual([
      ['m-00', 5],
      ['m-01', 4],
    ])
  })

  it('runs the fleet with a local worker, then reports it done and verifies it clean', async () => {
    const db = await server().freshDatabase('cli')
    const run = await runInProcess(
      ['migrate', 'fleet', 'run', '--manifest', manifest, '--db', db, '--id', 'local'],
      env,
    )
    expect([run.code, run.err.slice(-400)]).toEqual([0, run.err.slice(-400)])
    expect(run.err).toContain('fleet cli: 2 merchants, 2 new units, 0 failed ones queued again')
    expect(run.err).toContain('local: cli/m-00: claimed (attempt 1)')
    expect(run.out).toContain('fleet cli: 2 merchants: 2 done')
    expect(run.out).toMatch(/m-00\s+done\s+5\/5/)

    const status = await runInProcess(
      ['migrate', 'fleet', 'status', '--manifest', manifest, '--db', db, '--json'],
      env,
    )
    expect(status.code).toBe(0)
    expect(json(status.out)).toMatchObject({
      fleet: 'cli',
      counts: { done: 2, failed: 0, queued: 0 },
      merchants: [
        {
          merchant: 'm-00',
          phase: 'done',
          customersDone: 5,
          total: 5,
          attempts: 1,
          worker: 'local',
        },
        { merchant: 'm-01', phase: 'done', customersDone: 4, total: 4, attempts: 1 },
      ],
    })

    const verify = await runInProcess(
      ['migrate', 'fleet', 'verify', '--manifest', manifest, '--db', db],
      env,
    )
    expect(verify.code).toBe(0)
    expect(verify.out).toContain('verify of fleet cli: 2 of 2 merchants clean')
    for (const m of merchants) expect(isClean(await countMerchant(m))).toBe(true)

    // A second run finds everything done: nothing is claimed again.
    const again = await runInProcess(['migrate', 'worker', '--db', db, '--json'], env)
    expect(again.code).toBe(0)
    expect(json(again.out)).toMatchObject({ done: 0, failed: 0, ended: 'drained' })
  })

  it('refuses a manifest with an inline secret, naming the setting only', async () => {
    const bad = join(dir, 'bad.json')
    const entry = merchants[0]!.manifestEntry as { target: Record<string, unknown> }
    writeFileSync(
      bad,
      JSON.stringify({
        fleet: 'bad',
        merchants: [
          { ...entry, target: { ...entry.target, appKey: 'inline0appkey0value00000000000000' } },
        ],
      }),
    )
    const r = await runInProcess(['migrate', 'fleet', 'plan', '--manifest', bad], env)
    expect(r.code).toBe(2)
    expect(r.err).toContain('merchants[0] (m-00).target.appKey: an inline secret is refused')
    expect(r.err).not.toContain('inline0appkey0value')
  })

  it('refuses a URL that is not PostgreSQL (2) and a database it cannot reach (3)', async () => {
    const notPg = await runInProcess(['migrate', 'worker', '--db', 'mysql://x@localhost/db'], env)
    expect([notPg.code, notPg.err]).toEqual([
      2,
      'vaultport: --db must be a postgres:// or postgresql:// URL\n',
    ])
    const url = `postgres://fleet:pw-not-printed@127.0.0.1:${await closedPort()}/none`
    const down = await runInProcess(
      ['migrate', 'fleet', 'status', '--manifest', manifest, '--db', url],
      env,
    )
    expect(down.code).toBe(3)
    expect(down.err).toContain('the fleet database postgres://fleet:***@127.0.0.1')
    expect(down.err).not.toContain('pw-not-printed')
  })

  it('a worker told to stop (SIGTERM) puts its unit back and exits 130; the next one finishes it', async () => {
    const db = await server().freshDatabase('term')
    const slow = await startMerchant(
      {
        index: 7,
        pair: { from: 'fluidpay', to: 'fluidpay' },
        customers: 24,
        sourceRate: 20,
        targetRate: 20,
      },
      dir,
    )
    merchants.push(slow)
    const one = join(dir, 'one.json')
    writeFileSync(one, JSON.stringify({ fleet: 'term', merchants: [slow.manifestEntry] }))
    const queued = await runInProcess(
      ['migrate', 'fleet', 'run', '--manifest', one, '--db', db, '--enqueue-only'],
      slow.env,
    )
    expect(queued.code).toBe(0)
    const pool = new pg.Pool({ connectionString: db, max: 1 })
    pool.on('error', () => undefined)
    try {
      const first = startWorker({
        id: 'first',
        db,
        env: slow.env,
        leaseSeconds: 3, // heartbeats (and progress) every second
        deadlineMs: 120_000,
      })
      // Stop it once it has moved some customers (bounded: the deadline kills a stuck child).
      for (let i = 0; i < 400; i++) {
        const [unit] = await listUnits(pool, 'term')
        if ((unit?.progress.customersDone ?? 0) >= 1 || !first.alive()) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      first.terminate()
      const stopped = await first.exited
      expect([stopped.code, stopped.stderr.slice(-300)]).toEqual([130, stopped.stderr.slice(-300)])
      expect(stopped.stderr).toContain('first: stopping: finishing the customers in flight')
      const [unit] = await listUnits(pool, 'term')
      expect(unit).toMatchObject({ state: 'queued', attempts: 1 })
      expect(unit?.progress.customersDone).toBeLessThan(24)
    } finally {
      await pool.end()
    }
    const second = await runInProcess(['migrate', 'worker', '--db', db, '--json'], slow.env)
    expect(second.code).toBe(0)
    expect(json(second.out)).toMatchObject({ done: 1 })
    expect(isClean(await countMerchant(slow))).toBe(true)
  })
})
