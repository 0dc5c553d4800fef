// Fleet workers on a real PostgreSQL over in-memory vaults: two workers drain a fleet between
// them, a unit whose worker died is taken over and resumed through its journal, a unit whose
// journal another live session holds is put back rather than run twice, a stop puts the current
// unit back, and nothing the database holds is a secret.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import pg from 'pg'
import type { GatewayModule } from '@vaultport/config'
import type { Vault } from '@vaultport/core'
import { capabilitiesFor, createMemoryVault, topologies } from '@vaultport/memory'
import { runMigration } from '@vaultport/migrate'
import {
  claimUnit,
  enqueueUnits,
  fleetMigrationName,
  listUnits,
  migrateFleetSchema,
  postgresJournal,
  runWorker,
  type MerchantSpec,
  type WorkerEvent,
} from '../src'
import { usePostgres } from './server'

const server = usePostgres()
let pool: pg.Pool
const dir = mkdtempSync(join(tmpdir(), 'vp-fleet-worker-'))

// ---- a gateway module over named in-memory vaults, with a secret key per vault

const vaults = new Map<string, Vault>()
const keyOf = (name: string) => `memo-key-${name}-0d1e2f`

const memo: GatewayModule = {
  adapter: 'memo',
  displayName: 'Named memory vaults',
  capabilities: capabilitiesFor(topologies.full),
  settings: [
    { name: 'vault', required: true, secret: false },
    { name: 'key', required: true, secret: true },
  ],
  create: (entry) => {
    const name = String(entry['vault'])
    const vault = vaults.get(name)
    if (vault === undefined) return E.left(`no vault ${name}`)
    return entry['key'] === keyOf(name) ? E.right(vault) : E.left('the key was refused')
  },
}

const CARDS = ['4111111111111111', '5555555555554444', '378282246310005']

/** A source of `n` customers with a card each, its card-data file, and an empty target. */
const merchant = async (id: string, n: number): Promise<MerchantSpec> => {
  const source = createMemoryVault({ idPrefix: `${id}_s_` })
  vaults.set(`${id}-source`, source)
  vaults.set(`${id}-target`, createMemoryVault({ idPrefix: `${id}_t_` }))
  const rows: Record<string, string>[] = []
  for (let i = 0; i < n; i++) {
    const number = CARDS[i % CARDS.length] as string
    const made = await source.customers.create({
      reference: `${id}r${i}`,
      name: `Customer ${id} ${String.fromCharCode(65 + i)}`,
      email: `${id}.${i}@example.com`,
      paymentMethod: {
        kind: 'card',
        number,
        expiry: { month: 12, year: 2031 },
        holderName: 'Ada Lee',
      },
    })()
    if (E.isLeft(made)) throw new Error(made.left.message)
    const card = made.right.value.paymentMethods[0]
    rows.push({
      source_customer_id: made.right.value.id,
      source_payment_method_id: card?.id ?? '',
      kind: 'card',
      card_number: number,
      exp_month: '12',
      exp_year: '2031',
      holder_name: 'Ada Lee',
    })
  }
  const cardData = join(dir, `${id}.json`)
  writeFileSync(cardData, JSON.stringify(rows))
  const env = (side: string) => `env:${id.toUpperCase()}_${side}_KEY`
  return {
    id,
    source: { adapter: 'memo', vault: `${id}-source`, key: env('SOURCE') },
    target: { adapter: 'memo', vault: `${id}-target`, key: env('TARGET') },
    cardData,
    options: { concurrency: 2 },
  }
}

const envFor = (ids: ReadonlyArray<string>): Record<string, string> =>
  Object.fromEntries(
    ids.flatMap((id) => [
      [`${id.toUpperCase()}_SOURCE_KEY`, keyOf(`${id}-source`)],
      [`${id.toUpperCase()}_TARGET_KEY`, keyOf(`${id}-target`)],
    ]),
  )

const targetCustomers = async (id: string): Promise<number> => {
  const page = await vaults.get(`${id}-target`)!.customers.list({ pageSize: 100 })()
  if (E.isLeft(page)) throw new Error(page.left.message)
  return page.right.items.length
}

const worker = (fleet: string, ids: ReadonlyArray<string>, events: WorkerEvent[], extra = {}) =>
  runWorker({
    pool,
    modules: [memo],
    env: envFor(ids),
    fleet,
    id: `w${events.length}`,
    leaseMs: 5_000,
    pollMs: 50,
    onEvent: (e) => events.push(e),
    ...extra,
  })

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await server().freshDatabase('worker'), max: 8 })
  pool.on('error', () => undefined) // idle connections meet the server's shutdown
  expect(E.isRight(await migrateFleetSchema(pool)())).toBe(true)
})
afterAll(async () => {
  await pool?.end()
})

describe('fleet workers', () => {
  it('drain a fleet between two workers, each merchant exactly once', async () => {
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5']
    const specs = await Promise.all(ids.map((id, i) => merchant(id, 3 + i)))
    await enqueueUnits(pool, 'drain', specs)
    const events: WorkerEvent[] = []
    const [one, two] = await Promise.all([
      worker('drain', ids, events, { id: 'one' }),
      worker('drain', ids, events, { id: 'two' }),
    ])
    expect(E.isRight(one) && E.isRight(two)).toBe(true)
    const done = [one, two].map((r) => (E.isRight(r) ? r.right.done : 0))
    expect(done[0]! + done[1]!).toBe(5)
    const rows = await listUnits(pool, 'drain')
    expect(rows.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done', 'done'])
    expect(rows.map((r) => r.outcome?.counts['migrated'])).toEqual([3, 4, 5, 6, 7])
    expect(rows.map((r) => r.progress.customersDone)).toEqual([3, 4, 5, 6, 7])
    expect(await Promise.all(ids.map(targetCustomers))).toEqual([3, 4, 5, 6, 7])
    expect(events.filter((e) => e.kind === 'claimed')).toHaveLength(5)
  })

  it('takes over a unit whose worker died, resuming it through its journal', async () => {
    const spec = await merchant('b1', 6)
    await enqueueUnits(pool, 'takeover', [spec])
    // A worker that claimed the unit, journaled part of it, and died: its lease runs out.
    const ghost = await claimUnit(pool, 'ghost', 5_000, 'takeover')
    expect(ghost?.merchant).toBe('b1')
    // Its run: journaled through the merchant's journal, stopped after two customers.
    const journal = postgresJournal({ pool, migration: fleetMigrationName('takeover', 'b1') })
    const stop = new AbortController()
    const partial = await runMigration({
      source: vaults.get('b1-source')!,
      target: vaults.get('b1-target')!,
      journal,
      concurrency: 1,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.customersDone >= 2) stop.abort()
      },
    })
    await journal.close()
    expect(partial.status).toBe('interrupted')
    const before = await targetCustomers('b1')
    expect(before).toBeGreaterThanOrEqual(2)
    expect(before).toBeLessThan(6)
    await pool.query(
      `UPDATE vaultport.fleet_units SET lease_until = now() - interval '1 second' WHERE fleet = 'takeover'`,
    )
    const events: WorkerEvent[] = []
    const r = await worker('takeover', ['b1'], events, { id: 'heir' })
    expect(r).toEqual(E.right({ done: 1, failed: 0, requeued: 0, lost: 0, ended: 'drained' }))
    expect(events[0]).toEqual({
      kind: 'claimed',
      unit: 'takeover/b1',
      attempt: 2,
      tookOverFrom: 'ghost',
    })
    expect(await targetCustomers('b1')).toBe(6)
    const [row] = await listUnits(pool, 'takeover')
    expect(row).toMatchObject({ state: 'done', worker: 'heir', attempts: 2 })
  })

  it('puts a unit back when a live session holds its journal, and runs it once that ends', async () => {
    const spec = await merchant('c1', 4)
    await enqueueUnits(pool, 'busy', [spec])
    const holder = postgresJournal({ pool, migration: fleetMigrationName('busy', 'c1') })
    expect(E.isRight(await holder.lock())).toBe(true)
    const events: WorkerEvent[] = []
    const stop = new AbortController()
    const first = worker('busy', ['c1'], events, {
      signal: stop.signal,
      onEvent: (e: WorkerEvent) => {
        events.push(e)
        if (e.kind === 'requeued') stop.abort()
      },
    })
    expect(await first).toEqual(
      E.right({ done: 0, failed: 0, requeued: 1, lost: 0, ended: 'stopped' }),
    )
    const requeued = events.find((e) => e.kind === 'requeued')
    expect(requeued).toMatchObject({ unit: 'busy/c1' })
    expect(requeued?.kind === 'requeued' && requeued.reason).toContain('its journal is in use')
    expect(await targetCustomers('c1')).toBe(0)
    await holder.close()
    await pool.query(`UPDATE vaultport.fleet_units SET available_at = now() WHERE fleet = 'busy'`)
    const second = await worker('busy', ['c1'], [])
    expect(E.isRight(second) && second.right.done).toBe(1)
    expect(await targetCustomers('c1')).toBe(4)
  })

  it('puts the current unit back on a stop, for the next worker to finish', async () => {
    const spec = await merchant('d1', 5)
    await enqueueUnits(pool, 'stop', [spec])
    const stop = new AbortController()
    const events: WorkerEvent[] = []
    const r = await worker('stop', ['d1'], events, {
      signal: stop.signal,
      onEvent: (e: WorkerEvent) => {
        events.push(e)
        if (e.kind === 'claimed') stop.abort()
      },
    })
    expect(r).toEqual(E.right({ done: 0, failed: 0, requeued: 1, lost: 0, ended: 'stopped' }))
    expect((await listUnits(pool, 'stop'))[0]?.state).toBe('queued')
    const again = await worker('stop', ['d1'], [])
    expect(E.isRight(again) && again.right.done).toBe(1)
    expect(await targetCustomers('d1')).toBe(5)
  })

  it('fails a unit whose credentials cannot be had, naming the variable only', async () => {
    const spec = await merchant('e1', 1)
    await enqueueUnits(pool, 'nokey', [spec])
    const r = await runWorker({ pool, modules: [memo], env: {}, fleet: 'nokey', pollMs: 50 })
    expect(E.isRight(r) && r.right.failed).toBe(1)
    const [row] = await listUnits(pool, 'nokey')
    expect(row?.state).toBe('failed')
    expect(row?.error).toBe(
      'merchant e1 source.key: the environment variable E1_SOURCE_KEY is not set',
    )
  })

  it('keeps no secret and no card number in any table', async () => {
    const dump = await pool.query(
      `SELECT (SELECT coalesce(string_agg(t::text, '|'), '') FROM vaultport.fleet_units t)
           || (SELECT coalesce(string_agg(j::text, '|'), '') FROM vaultport.journal j) AS all_rows`,
    )
    const text = String(dump.rows[0]?.['all_rows'])
    expect(text).toContain('env:A1_SOURCE_KEY') // references are kept, as written
    expect(text).toContain('migrated') // and the journal and outcomes are there
    for (const id of ['a1', 'b1', 'c1', 'd1'])
      for (const side of ['source', 'target']) expect(text).not.toContain(keyOf(`${id}-${side}`))
    for (const card of CARDS) expect(text).not.toContain(card)
  })
})
