// `vaultport migrate run --journal postgres://…` as an operator runs it: a real process, PayTrace
// → FluidPay on the simulators, its journal in a real PostgreSQL. SIGKILLed mid-run (once some
// customers are journaled as done), its advisory lock is freed by PostgreSQL with its session,
// and the same command resumes and finishes: every customer at the target exactly once, verify
// clean, the mapping file written from the database; while another run holds the lock, the
// command is refused with exit code 2. The processes, gateways and environment are the
// exactly-once suite's (harness/).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { collectAll } from '@vaultport/core'
import { keys, mappingFromJournal, verifyMigration } from '@vaultport/migrate'
import { postgresJournal } from '@vaultport/postgres'
import { eventually, usePostgres } from '../../postgres/test/server'
import { exportCardData } from '../src/processorExport'
import { killAll, runChild, runInProcess } from './exactly-once/harness/cli'
import { cliEnv, READING_HTTP, startPair, vaultAt } from './exactly-once/harness/gateways'

const server = usePostgres()
afterAll(killAll)

const MIGRATION = 'paytrace-to-fluidpay'
const CUSTOMERS = 30

describe('a run journaled in PostgreSQL, killed and resumed', () => {
  it('PayTrace → FluidPay: every customer exactly once, verify clean', async () => {
    const sims = await startPair({ from: 'paytrace', to: 'fluidpay' }, 41)
    const connectionString = await server().freshDatabase('cli')
    const journal = (lock: boolean) =>
      postgresJournal({ connectionString, migration: MIGRATION, lock })
    const watch = journal(false)
    try {
      sims.source.seedCustomers(CUSTOMERS, { withCards: true, withChecks: true })
      const source = vaultAt(sims.sourceEndpoint, READING_HTTP)
      const target = vaultAt(sims.targetEndpoint, READING_HTTP)
      const dir = mkdtempSync(join(tmpdir(), 'vp-pgjournal-'))
      const exported = await exportCardData(source)
      if (E.isLeft(exported)) throw new Error(exported.left)
      writeFileSync(join(dir, 'cards.csv'), exported.right.csv)
      const env = {
        ...cliEnv('src', sims.sourceEndpoint, sims.source.url, 5_000),
        ...cliEnv('dst', sims.targetEndpoint, sims.target.url, 5_000),
      }
      const mappingPath = join(dir, 'run.mapping.jsonl')
      const args = ['migrate', 'run', '--from', 'src', '--to', 'dst']
      args.push('--card-data', join(dir, 'cards.csv'), '--journal', connectionString)
      args.push('--migration', MIGRATION, '--mapping', mappingPath, '--concurrency', '2')
      const customersDone = async () =>
        (await watch.read()).filter((e) => e.s === 'done' && e.k.startsWith(keys.customer('')))
          .length

      // The first run: SIGKILLed once six customers are journaled done.
      const first = runChild({ args, env, deadlineMs: 120_000 })
      let ended: string | undefined
      void first.then((o) => (ended = `exit ${o.code}: ${o.stderr}`))
      await eventually(async () => {
        if (ended !== undefined)
          throw new Error(`the first run ended before it was killed (${ended})`)
        return (await customersDone()) >= 6
      }, 120_000)
      killAll()
      expect((await first).code).toBeNull()
      expect(await customersDone()).toBeLessThan(CUSTOMERS)

      // Its session is gone, and its lock with it: nobody has to clear anything.
      await eventually(async () => {
        const probe = journal(true)
        const held = await probe.lock()
        await probe.close()
        return E.isRight(held)
      }, 20_000)

      // While another run holds it, the command is refused with exit code 2, naming the holder.
      const holder = journal(true)
      expect(E.isRight(await holder.lock())).toBe(true)
      const refused = await runInProcess(args, env)
      await holder.close()
      expect(refused.code).toBe(2)
      expect(refused.err).toMatch(
        /the journal postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+ \(migration "paytrace-to-fluidpay"\) cannot be used: another run of the migration "paytrace-to-fluidpay" is using it: PostgreSQL session \d+ \(vaultport pid \d+ on /,
      )

      const second = await runChild({ args, env, deadlineMs: 120_000 })
      if (second.code !== 0 || !/run completed/.test(second.stdout))
        throw new Error(`the second run did not complete (exit ${second.code}):\n${second.stderr}`)
      expect(second.stdout).toContain(`(migration "${MIGRATION}")`)

      // Exactly once: as many target customers as source ones, each the copy of one source.
      const mapped = mappingFromJournal(await watch.read()).customers
      expect(Object.keys(mapped)).toHaveLength(CUSTOMERS)
      expect(new Set(Object.values(mapped)).size).toBe(CUSTOMERS)
      const atTarget = await collectAll(target.customers.list, { pageSize: 50 })()
      expect(E.isRight(atTarget) && atTarget.right.length).toBe(CUSTOMERS)
      expect((await verifyMigration({ source, target, journal: watch })).differences).toEqual([])
      const lines = readFileSync(mappingPath, 'utf8').trim().split('\n')
      expect(lines.filter((l) => l.includes('"kind":"customer"'))).toHaveLength(CUSTOMERS)
    } finally {
      await watch.close()
      await sims.close()
    }
  }, 240_000)
})
