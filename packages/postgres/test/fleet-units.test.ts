// Work units on a real PostgreSQL: enqueueing, claims that skip each other, leases that expire
// and are taken over, tokens that fence a worker whose lease was taken, and releases.
import * as E from 'fp-ts/Either'
import pg from 'pg'
import {
  claimUnit,
  enqueueUnits,
  heartbeat,
  listUnits,
  migrateFleetSchema,
  releaseUnit,
  unfinishedUnits,
  type MerchantSpec,
} from '../src'
import { usePostgres } from './server'

const server = usePostgres()
let pool: pg.Pool

const spec = (id: string): MerchantSpec => ({
  id,
  source: { adapter: 'memory' },
  target: { adapter: 'memory' },
  options: {},
})
const LEASE_MS = 60_000
const progress = { customersSeen: 3, customersDone: 2, failures: 0 }

/** Moves a unit's lease into the past: what a worker that stopped heartbeating leaves. */
const expireLease = (merchant: string) =>
  pool.query(
    `UPDATE vaultport.fleet_units SET lease_until = now() - interval '1 second' WHERE merchant = $1`,
    [merchant],
  )

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await server().freshDatabase('units'), max: 6 })
  pool.on('error', () => undefined) // idle connections meet the server's shutdown
  const migrated = await migrateFleetSchema(pool)()
  expect(E.isRight(migrated)).toBe(true)
})
afterAll(async () => {
  await pool?.end()
})
beforeEach(async () => {
  await pool.query('DELETE FROM vaultport.fleet_units')
})

describe('fleet units', () => {
  it('enqueues each merchant once, however often the manifest is enqueued', async () => {
    expect(await enqueueUnits(pool, 'f', [spec('a'), spec('b')])).toEqual({ added: 2, requeued: 0 })
    expect(await enqueueUnits(pool, 'f', [spec('a'), spec('b'), spec('c')])).toEqual({
      added: 1,
      requeued: 0,
    })
    expect((await listUnits(pool, 'f')).map((u) => [u.merchant, u.state])).toEqual([
      ['a', 'queued'],
      ['b', 'queued'],
      ['c', 'queued'],
    ])
    expect(await unfinishedUnits(pool, 'f')).toBe(3)
    expect(await unfinishedUnits(pool, 'other')).toBe(0)
  })

  it('gives concurrent claims different units and none once all are held', async () => {
    await enqueueUnits(pool, 'f', ['a', 'b', 'c', 'd'].map(spec))
    const claims = await Promise.all(
      ['w1', 'w2', 'w3', 'w4', 'w5'].map((w) => claimUnit(pool, w, LEASE_MS, 'f')),
    )
    const merchants = claims.flatMap((c) => (c === undefined ? [] : [c.merchant])).sort()
    expect(merchants).toEqual(['a', 'b', 'c', 'd'])
    expect(claims.filter((c) => c === undefined)).toHaveLength(1)
    expect(await claimUnit(pool, 'w6', LEASE_MS, 'f')).toBeUndefined()
  })

  it('lets another worker take over an expired lease, and fences the old claim', async () => {
    await enqueueUnits(pool, 'f', [spec('a')])
    const first = await claimUnit(pool, 'w1', LEASE_MS, 'f')
    expect(first?.attempt).toBe(1)
    expect(await heartbeat(pool, first!, LEASE_MS, progress)).toBe(true)
    expect(await claimUnit(pool, 'w2', LEASE_MS, 'f')).toBeUndefined() // the lease is live
    await expireLease('a')
    const second = await claimUnit(pool, 'w2', LEASE_MS, 'f')
    expect(second).toMatchObject({ merchant: 'a', attempt: 2, tookOverFrom: 'w1' })
    expect(second?.spec).toEqual(spec('a'))
    // The first worker's token no longer works: its heartbeat and release change nothing.
    const later = { customersSeen: 9, customersDone: 9, failures: 0 }
    expect(await heartbeat(pool, first!, LEASE_MS, later)).toBe(false)
    expect(await releaseUnit(pool, first!, { state: 'done' })).toBe(false)
    const [row] = await listUnits(pool, 'f')
    expect(row).toMatchObject({ state: 'claimed', worker: 'w2', attempts: 2 })
    expect(row?.progress).toEqual(progress) // the fenced heartbeat wrote nothing
  })

  it('records progress and outcome on release; a failed unit is requeued on request', async () => {
    await enqueueUnits(pool, 'f', [spec('a'), spec('b')])
    const a = await claimUnit(pool, 'w1', LEASE_MS, 'f')
    const b = await claimUnit(pool, 'w1', LEASE_MS, 'f')
    await heartbeat(pool, a!, LEASE_MS, progress)
    const outcome = { status: 'completed', counts: { migrated: 2 } }
    expect(await releaseUnit(pool, a!, { state: 'done', outcome }, progress)).toBe(true)
    expect(await releaseUnit(pool, b!, { state: 'failed', error: 'gateway refused' })).toBe(true)
    const rows = await listUnits(pool, 'f')
    expect(rows[0]).toMatchObject({ merchant: 'a', state: 'done', progress, outcome })
    expect(rows[0]?.finishedAt).toBeInstanceOf(Date)
    expect(rows[1]).toMatchObject({ merchant: 'b', state: 'failed', error: 'gateway refused' })
    expect(await unfinishedUnits(pool, 'f')).toBe(0)
    expect(await claimUnit(pool, 'w1', LEASE_MS, 'f')).toBeUndefined() // finished stays finished
    expect(await enqueueUnits(pool, 'f', [spec('a'), spec('b')], { requeueFailed: true })).toEqual({
      added: 0,
      requeued: 1,
    })
    expect((await claimUnit(pool, 'w1', LEASE_MS, 'f'))?.merchant).toBe('b')
  })

  it('holds a unit put back with a delay until the delay is over', async () => {
    await enqueueUnits(pool, 'f', [spec('a')])
    const a = await claimUnit(pool, 'w1', LEASE_MS, 'f')
    await releaseUnit(pool, a!, { state: 'queued', delayMs: 60_000, error: 'journal in use' })
    expect(await claimUnit(pool, 'w2', LEASE_MS, 'f')).toBeUndefined()
    expect(await unfinishedUnits(pool, 'f')).toBe(1)
    await pool.query(`UPDATE vaultport.fleet_units SET available_at = now()`)
    expect((await claimUnit(pool, 'w2', LEASE_MS, 'f'))?.merchant).toBe('a')
  })

  it('claims from every fleet when none is named, and only its own when one is', async () => {
    await enqueueUnits(pool, 'f1', [spec('a')])
    await enqueueUnits(pool, 'f2', [spec('a')])
    expect((await claimUnit(pool, 'w', LEASE_MS, 'f2'))?.fleet).toBe('f2')
    expect((await claimUnit(pool, 'w', LEASE_MS))?.fleet).toBe('f1')
  })
})
