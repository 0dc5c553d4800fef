// End-to-end migrations over real HTTP between the gateway simulators on 127.0.0.1: every pair
// the library is sold for, with injected faults, and with the migrating process killed mid-run
// and resumed. "Exact" means: every planned customer and payment method exists once at the
// target, the id mapping is complete, verification is clean, and no schedule is active at both ends.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as E from 'fp-ts/Either'
import { collectAll, type Customer, type CustomerId, type Vault } from '@vaultport/core'
import { createFluidPayVault } from '@vaultport/fluidpay'
import {
  cardDataIndex,
  fileJournal,
  mappingCounts,
  mappingFromJournal,
  memoryJournal,
  planMigration,
  readCardData,
  runMigration,
  verifyMigration,
  type CardDataIndex,
  type Journal,
  type MigrationReport,
} from '@vaultport/migrate'
import { createPayTraceVault } from '@vaultport/paytrace'
import {
  PAYTRACE_CREDENTIALS,
  startSandbox,
  type KnobsPatch,
  type RunningSandbox,
} from '@vaultport/sandbox'
import { createValorVault } from '@vaultport/valor'
import { activeLeakScan } from '@vaultport/testkit'
import { main } from '../src'
import { exportCardData } from '../src/processorExport'
import { captureIo } from './helpers'

type Gateway = 'paytrace' | 'fluidpay' | 'valor'

const ROOT = resolve(__dirname, '../../..')
const http = (timeoutMs = 2_000) => ({ timeoutMs, retry: { baseDelayMs: 10, maxDelayMs: 100 } })

const vaultFor = (sim: RunningSandbox, timeoutMs?: number, merchant = 0): Vault => {
  if (sim.gateway === 'paytrace') {
    const c = (sim as RunningSandbox<'paytrace'>).allCredentials[merchant] ?? PAYTRACE_CREDENTIALS
    return createPayTraceVault({
      baseUrl: sim.url,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      cardNumberMode: 'raw',
      http: http(timeoutMs),
    })
  }
  if (sim.gateway === 'fluidpay') {
    return createFluidPayVault({
      baseUrl: sim.url,
      apiKey: (sim as RunningSandbox<'fluidpay'>).credentials.apiKey,
      http: http(timeoutMs),
    })
  }
  const { appId, appKey } = (sim as RunningSandbox<'valor'>).credentials
  return createValorVault({ baseUrl: sim.url, appId, appKey, http: http(timeoutMs) })
}

const must = <A>(r: E.Either<{ message: string } | string, A>): A => {
  if (E.isLeft(r)) throw new Error(typeof r.left === 'string' ? r.left : r.left.message)
  return r.right
}

const cardDataOf = async (source: Vault): Promise<{ index: CardDataIndex; csv: string }> => {
  const exported = must(await exportCardData(source))
  return { index: cardDataIndex(must(readCardData(exported.csv))), csv: exported.csv }
}

/** Every customer the vault holds, read in full. */
const everyCustomer = async (vault: Vault): Promise<Customer[]> => {
  const summaries = must(await collectAll(vault.customers.list, { pageSize: 50 })())
  const out: Customer[] = []
  for (const s of summaries) out.push(must(await vault.customers.get(s.id)()))
  return out
}

/** Runs until nothing is left to do (a real operator reruns a run that ended partial). */
const runToCompletion = async (
  options: Parameters<typeof runMigration>[0],
  maxPasses = 6,
): Promise<MigrationReport> => {
  let report = await runMigration(options)
  for (
    let pass = 1;
    pass < maxPasses &&
    (report.status === 'aborted' || report.counts.failed + report.counts.partial > 0);
    pass++
  ) {
    report = await runMigration(options)
  }
  return report
}

const expectExact = async (
  source: Vault,
  target: Vault,
  journal: Journal,
  planned: MigrationReport,
) => {
  const entries = await journal.read()
  const targetCustomers = await everyCustomer(target)
  const mapping = mappingFromJournal(entries)
  const n = mappingCounts(mapping)
  expect(n.customers).toBe(planned.totals.customers)
  expect(targetCustomers).toHaveLength(planned.totals.customers)
  expect(n.paymentMethods).toBe(planned.totals.paymentMethods)
  expect(targetCustomers.reduce((sum, c) => sum + c.paymentMethods.length, 0)).toBe(
    planned.totals.paymentMethods,
  )
  expect(new Set(Object.values(mapping.customers)).size).toBe(n.customers)
  const verification = await verifyMigration({ source, target, journal })
  expect(verification.differences).toEqual([])
  expect(verification.customersChecked).toBe(planned.totals.customers)
  return mapping
}

const sims: RunningSandbox[] = []
const start = async <G extends Gateway>(
  gateway: G,
  extra: Partial<Parameters<typeof startSandbox<G>>[0]> = {},
) => {
  const sim = await startSandbox({ gateway, ...extra } as Parameters<typeof startSandbox<G>>[0])
  sims.push(sim)
  return sim
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()))
})

describe('migrations between simulators', () => {
  const pairs: ReadonlyArray<readonly [Gateway, Gateway]> = [
    ['paytrace', 'fluidpay'],
    ['paytrace', 'valor'],
    ['fluidpay', 'valor'],
  ]
  it.each(pairs)(
    '%s → %s: every customer and payment method exactly once, verified clean',
    async (from, to) => {
      const sourceSim = await start(from)
      sourceSim.seedCustomers(25, { withCards: true, withChecks: true, withRecurrences: true })
      const targetSim = await start(to)
      const source = vaultFor(sourceSim)
      const target = vaultFor(targetSim)
      const cardData = (await cardDataOf(source)).index
      const planned = await planMigration({ source, target, cardData })
      expect(planned.totals.customers).toBe(25)
      expect(planned.totals.paymentMethods).toBeGreaterThan(25)
      const journal = memoryJournal()
      const report = await runMigration({ source, target, journal, cardData, concurrency: 4 })
      expect(report.counts).toMatchObject({ migrated: 25, failed: 0, partial: 0 })
      await expectExact(source, target, journal, planned)
    },
  )

  it('PayTrace → PayTrace (another merchant): schedules move as a saga, never active at both ends', async () => {
    const second = {
      ...PAYTRACE_CREDENTIALS,
      clientId: 'vaultport_sandbox_b',
      clientSecret: 'sandbox-secret-0002',
      merchantId: 246811,
    }
    const sim = await start('paytrace', { extraCredentials: [second] })
    sim.seedCustomers(20, { withCards: true, withChecks: true, withRecurrences: true })
    const source = vaultFor(sim, undefined, 0)
    const target = vaultFor(sim, undefined, 1)
    const cardData = (await cardDataOf(source)).index
    const schedulesBefore = await schedulesOf(source)
    const planned = await planMigration({ source, target, cardData })
    expect(planned.totals.recurrences).toBeGreaterThan(0)
    const journal = memoryJournal()
    const report = await runMigration({ source, target, journal, cardData })
    expect(report.counts.failed + report.counts.partial).toBe(0)
    expect(report.doubleActive).toEqual([])
    const mapping = await expectExact(source, target, journal, planned)
    const moved = Object.keys(mapping.recurrences)
    expect(moved).toHaveLength(planned.totals.recurrences)
    const schedulesAfter = await schedulesOf(source)
    // Every moved schedule is gone from the source; every other one is still there.
    expect(schedulesAfter.sort()).toEqual(
      schedulesBefore.filter((id) => !moved.includes(id)).sort(),
    )
    expect((await schedulesOf(target)).length).toBe(moved.length)
  })
})

const schedulesOf = async (vault: Vault): Promise<string[]> => {
  const ids: string[] = []
  for (const c of must(await collectAll(vault.customers.list, { pageSize: 50 })())) {
    const rs = must(
      await collectAll((q) => vault.recurrences.listByCustomer(c.id as CustomerId, q))(),
    )
    ids.push(...rs.map((r) => r.id))
  }
  return ids
}

describe('migrations under injected faults', () => {
  const faults: KnobsPatch = {
    faults: {
      rate: 0.12,
      kinds: [
        'http500',
        'http502',
        'http503',
        'reset',
        'timeoutAfterCommit',
        'truncatedJson',
        'htmlErrorPage',
        'emptyBody',
      ],
      hangMs: 1_500,
    },
    rateLimit: { requestsPerSecond: 150 },
  }
  it.each([1, 2, 3])(
    'PayTrace → FluidPay with ≥10%% faults and a rate limit, seed %i: exact after resuming',
    async (seed) => {
      const sourceSim = await start('paytrace', { seed })
      sourceSim.seedCustomers(20, { withCards: true, withChecks: true })
      const targetSim = await start('fluidpay')
      const source = vaultFor(sourceSim)
      const target = vaultFor(targetSim, 700)
      const cardData = (await cardDataOf(source)).index
      const planned = await planMigration({ source, target, cardData })
      targetSim.knobs.set({ ...faults, faults: { ...faults.faults, seed } })
      const journal = memoryJournal()
      await runToCompletion({ source, target, journal, cardData, concurrency: 4, maxAttempts: 4 })
      targetSim.knobs.reset()
      await expectExact(source, target, journal, planned)
    },
  )
})

/** The CLI's configuration for gateways `src` (a PayTrace simulator) and `dst` (a Valor one). */
const paytraceToValorEnv = (sourceSim: RunningSandbox, targetSim: RunningSandbox) => ({
  VAULTPORT_GATEWAY_SRC_ADAPTER: 'paytrace',
  VAULTPORT_GATEWAY_SRC_BASE_URL: sourceSim.url,
  VAULTPORT_GATEWAY_SRC_CLIENT_ID: PAYTRACE_CREDENTIALS.clientId,
  VAULTPORT_GATEWAY_SRC_CLIENT_SECRET: PAYTRACE_CREDENTIALS.clientSecret,
  VAULTPORT_GATEWAY_DST_ADAPTER: 'valor',
  VAULTPORT_GATEWAY_DST_BASE_URL: targetSim.url,
  VAULTPORT_GATEWAY_DST_APP_ID: (targetSim as RunningSandbox<'valor'>).credentials.appId,
  VAULTPORT_GATEWAY_DST_APP_KEY: (targetSim as RunningSandbox<'valor'>).credentials.appKey,
})

describe('a migrating process killed with SIGKILL', () => {
  const cli = (args: string[], env: Record<string, string>) =>
    spawn(
      join(ROOT, 'node_modules/.bin/tsx'),
      [
        '--tsconfig',
        join(ROOT, 'tsconfig.base.json'),
        join(ROOT, 'packages/cli/src/bin.ts'),
        ...args,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: tsx runs the program in a child, and the kill must reach it too.
        detached: true,
      },
    )

  const lines = (path: string) =>
    existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0

  it('resumes to an exact result: nothing duplicated, nothing lost', async () => {
    const sourceSim = await start('paytrace')
    sourceSim.seedCustomers(40, { withCards: true, withChecks: true })
    const targetSim = await start('valor', { knobs: { latency: { fixedMs: 15, jitterMs: 10 } } })
    const source = vaultFor(sourceSim)
    const target = vaultFor(targetSim)
    const dir = mkdtempSync(join(tmpdir(), 'vp-kill-'))
    const { csv, index } = await cardDataOf(source)
    writeFileSync(join(dir, 'cards.csv'), csv)
    const planned = await planMigration({ source, target, cardData: index })
    const journalPath = join(dir, 'run.journal.jsonl')
    const env = paytraceToValorEnv(sourceSim, targetSim)
    const args = [
      'migrate',
      'run',
      '--from',
      'src',
      '--to',
      'dst',
      '--card-data',
      join(dir, 'cards.csv'),
      '--journal',
      journalPath,
      '--concurrency',
      '3',
    ]

    // First run: killed without warning once a third of the work is journaled.
    const first = cli(args, env)
    const killedAt = await new Promise<number>((done, fail) => {
      const timer = setInterval(() => {
        const n = lines(journalPath)
        if (n >= 60) {
          clearInterval(timer)
          process.kill(-(first.pid ?? 0), 'SIGKILL')
          done(n)
        }
      }, 5)
      first.on('exit', (code) => {
        clearInterval(timer)
        if (code !== null)
          fail(new Error(`the run finished (exit ${code}) before it could be killed`))
      })
    })
    await new Promise((r) => first.on('close', r))
    expect(killedAt).toBeGreaterThanOrEqual(60)
    expect((await everyCustomer(target)).length).toBeLessThan(40)

    // Second run: the same command resumes and finishes.
    const second = cli(args, env)
    let output = ''
    second.stdout.on('data', (d: Buffer) => (output += d.toString()))
    second.stderr.on('data', (d: Buffer) =>
      activeLeakScan()?.record('cli child stderr', d.toString()),
    )
    const code = await new Promise<number | null>((r) => second.on('close', r))
    activeLeakScan()?.record('cli child stdout', output)
    expect(output).toMatch(/run completed/)
    expect(code).toBe(0)
    const journal = fileJournal(journalPath)
    const mapping = await expectExact(source, target, journal, planned)
    await journal.close?.()
    // The id-mapping file the command wrote: one line per mapped item, each exactly once.
    const mapped = readFileSync(join(dir, 'run.mapping.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string })
    const count = (kind: string) => mapped.filter((m) => m.kind === kind).length
    expect(count('customer')).toBe(40)
    expect(count('payment_method')).toBe(planned.totals.paymentMethods)
    expect(count('address')).toBe(mappingCounts(mapping).addresses)
  }, 180_000)
})

describe('migrate plan towards Valor', () => {
  it('warns about source customers whose names Valor will refuse as duplicates', async () => {
    const sourceSim = await start('paytrace')
    const targetSim = await start('valor')
    const source = vaultFor(sourceSim)
    for (const reference of ['twin1', 'twin2', 'solo1'])
      must(
        await source.customers.create({
          reference,
          name: reference === 'solo1' ? 'Grace Hopper' : 'Ada Lee',
          email: `${reference}@example.com`,
        })(),
      )
    const c = captureIo(paytraceToValorEnv(sourceSim, targetSim))
    expect(await main(['migrate', 'plan', '--from', 'src', '--to', 'dst'], c.io)).toBe(0)
    expect(c.out()).toMatch(
      /names the target refuses as duplicates: 1 names, 1 customers would be refused/,
    )
    expect(c.out()).toMatch(/"Ada Lee": \S+, \S+/)
    expect(c.out()).not.toContain('Grace Hopper')
  })
})
