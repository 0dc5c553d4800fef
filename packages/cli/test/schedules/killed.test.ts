// A real `vaultport migrate run` process, PayTrace → FluidPay on the simulators, killed with
// SIGKILL once it has made a schedule's copy at FluidPay and not yet removed its source (the
// source's removals fail while it runs), then run again: the second process finds the copies in
// the journal, removes their sources and makes none twice. Then both billing clocks run five
// months: every schedule is active at exactly one end, and no period is charged twice or skipped.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as E from 'fp-ts/Either'
import { fileJournal, mappingFromJournal, verifyMigration } from '@vaultport/migrate'
import { PAYTRACE_CREDENTIALS, type RunningSandbox } from '@vaultport/sandbox'
import { activeLeakScan } from '@vaultport/testkit'
import { exportCardData } from '../../src/processorExport'
import { chainsOf, closeAll, oneEndProblems, schedulesOf, startSim, vaultFor } from './harness'

afterEach(closeAll)

const ROOT = resolve(__dirname, '../../../..')

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

const dayAfter = (d: Date, days: number) =>
  new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10)

const text = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '')

describe('a migrating process killed between "target created" and "source removed"', () => {
  it('PayTrace → FluidPay: the rerun finishes the cut-over; billed across it, no period twice or skipped', async () => {
    const sourceSim = (await startSim({ gateway: 'paytrace', seed: 21 })) as RunningSandbox
    const targetSim = (await startSim({ gateway: 'fluidpay', seed: 22 })) as RunningSandbox
    sourceSim.seedCustomers(16, { withCards: true, withChecks: true, withRecurrences: true })
    const source = vaultFor(sourceSim)
    const target = vaultFor(targetSim)
    const before = (await schedulesOf(source)).filter((r) => r.status === 'active')
    const dir = mkdtempSync(join(tmpdir(), 'vp-schedules-'))
    const exported = await exportCardData(source)
    if (E.isLeft(exported)) throw new Error(exported.left)
    writeFileSync(join(dir, 'cards.csv'), exported.right.csv)
    const journalPath = join(dir, 'run.journal.jsonl')
    const env = {
      VAULTPORT_GATEWAY_SRC_ADAPTER: 'paytrace',
      VAULTPORT_GATEWAY_SRC_BASE_URL: sourceSim.url,
      VAULTPORT_GATEWAY_SRC_CLIENT_ID: PAYTRACE_CREDENTIALS.clientId,
      VAULTPORT_GATEWAY_SRC_CLIENT_SECRET: PAYTRACE_CREDENTIALS.clientSecret,
      VAULTPORT_GATEWAY_DST_ADAPTER: 'fluidpay',
      VAULTPORT_GATEWAY_DST_BASE_URL: targetSim.url,
      VAULTPORT_GATEWAY_DST_API_KEY: (targetSim as RunningSandbox<'fluidpay'>).credentials.apiKey,
    }
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
      '2',
    ]

    // While the first process runs, PayTrace refuses every schedule removal (HTTP 503).
    sourceSim.knobs.enqueueFaults({ kind: 'http503', route: 'R3', times: 100_000 })
    const first = cli(args, env)
    await new Promise<void>((done, fail) => {
      const timer = setInterval(() => {
        const t = text(journalPath)
        if (/"k":"r\|[^"]*","s":"done"/.test(t) && t.includes('"k":"x|')) {
          clearInterval(timer)
          process.kill(-(first.pid ?? 0), 'SIGKILL')
          done()
        }
      }, 5)
      first.on('exit', (code) => {
        clearInterval(timer)
        if (code !== null) fail(new Error(`the run finished (exit ${code}) before it was killed`))
      })
    })
    await new Promise((r) => first.on('close', r))
    sourceSim.knobs.reset()

    // Killed: copies made whose source is still billing, active at both ends.
    const peek = fileJournal(journalPath)
    const killedAt = await peek.read()
    await peek.close() // a file journal holds its lock from its first use
    const made = mappingFromJournal(killedAt).recurrences
    expect(Object.keys(made).length).toBeGreaterThan(0)
    expect(killedAt.some((e) => e.k.startsWith('x|') && e.s === 'done')).toBe(false)
    const bothNow = await oneEndProblems(before, made, source, target)
    expect(bothNow.filter((p) => /active at 2 ends/.test(p)).length).toBe(Object.keys(made).length)

    // The same command again: it takes over the stale lock and finishes.
    const second = cli(args, env)
    let output = ''
    let errors = ''
    second.stdout.on('data', (d: Buffer) => (output += d.toString()))
    second.stderr.on('data', (d: Buffer) => (errors += d.toString()))
    const code = await new Promise<number | null>((r) => second.on('close', r))
    activeLeakScan()?.record('cli child stdout', output)
    activeLeakScan()?.record('cli child stderr', errors)
    if (!/run completed/.test(output))
      throw new Error(`the second run did not complete (exit ${code}):\n${output}\n${errors}`)
    expect(output).toMatch(/schedules: \d+ moved/)
    expect(code).toBe(0)

    const journal = fileJournal(journalPath)
    const entries = await journal.read()
    const mapping = mappingFromJournal(entries).recurrences
    for (const [src, copy] of Object.entries(made)) expect(mapping[src]).toBe(copy)
    // A create the kill cut short may be written again (after a lookup), but never copied twice:
    // every active target schedule is the copy of exactly one source schedule.
    const copies = new Set(Object.values(mapping))
    expect(copies.size).toBe(Object.keys(mapping).length)
    expect(await oneEndProblems(before, mapping, source, target)).toEqual([])
    expect((await verifyMigration({ source, target, journal })).differences).toEqual([])
    await journal.close()

    // Five months of billing at both gateways, across the cut-over.
    const today = dayAfter(sourceSim.billing.now(), 0)
    const until = dayAfter(sourceSim.billing.now(), 150)
    sourceSim.billing.advanceTo(until)
    targetSim.billing.advanceTo(until)
    const chains = chainsOf(before, mapping, sourceSim, targetSim, today, until)
    expect(chains.flatMap((c) => c.problems.map((p) => `${c.source.id}: ${p}`))).toEqual([])
    expect(targetSim.billing.charges({ outcome: 'approved' }).length).toBeGreaterThan(0)
  }, 180_000)
})
