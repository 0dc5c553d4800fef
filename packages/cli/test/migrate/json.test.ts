// `--json` on every migrate subcommand, against the simulators with customers to move: stdout
// parses as exactly one JSON document (JSON.parse refuses two, or trailing text) whether the
// command plans, runs, verifies, is stopped by a signal or fails; everything else is on stderr.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { startSandbox, type RunningSandbox } from '@vaultport/sandbox'
import { ExitCode, type Interrupts } from '../../src'
import { exportCardData } from '../../src/processorExport'
import { journalLines } from '../exactly-once/harness/cli'
import { fluidpayEnv, paytraceEnv, paytraceVault, runCli, until } from './support'

/** Interrupts the test fires by hand, as a first Ctrl-C would. */
const handInterrupts = () => {
  let stop: ((signal: 'SIGINT' | 'SIGTERM') => void) | undefined
  const interrupts: Interrupts = {
    takeOver: (onStop) => {
      stop = onStop
      return () => {
        stop = undefined
      }
    },
  }
  return { interrupts, fire: () => stop?.('SIGINT'), taken: () => stop !== undefined }
}

const run = runCli

describe('migrate --json prints exactly one document', () => {
  let source: RunningSandbox<'paytrace'>
  let target: RunningSandbox<'fluidpay'>
  let dir: string
  let env: Record<string, string>
  let cards: string
  beforeAll(async () => {
    source = await startSandbox({ gateway: 'paytrace', seed: 41 })
    target = await startSandbox({ gateway: 'fluidpay', seed: 42 })
    source.seedCustomers(24, { withCards: true, withChecks: true })
    dir = mkdtempSync(join(tmpdir(), 'vp-json-'))
    env = {
      ...paytraceEnv('pt', source),
      ...fluidpayEnv('fp', target.url, target.credentials.apiKey),
    }
    const exported = await exportCardData(paytraceVault(source))
    if (E.isLeft(exported)) throw new Error(exported.left)
    cards = join(dir, 'cards.csv')
    writeFileSync(cards, exported.right.csv)
  })
  afterAll(async () => {
    await Promise.all([source.close(), target.close()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('plan, a run stopped by a signal, its resumed run, and verify', async () => {
    const journal = join(dir, 'pt-fp.jsonl')
    const endpoints = ['--from', 'pt', '--to', 'fp']
    const plan = await run(['migrate', 'plan', ...endpoints, '--card-data', cards, '--json'], env)
    expect(plan.code).toBe(ExitCode.ok)
    expect(JSON.parse(plan.out)).toMatchObject({ status: 'completed', totals: { customers: 24 } })

    const runArgs = [
      'migrate',
      'run',
      ...endpoints,
      '--card-data',
      cards,
      '--journal',
      journal,
      '--concurrency',
      '2',
      '--json',
    ]
    target.knobs.set({ latency: { fixedMs: 20, jitterMs: 0 } })
    const hand = handInterrupts()
    const stopped = run(runArgs, env, hand.interrupts)
    await until(() => hand.taken() && journalLines(journal) >= 6, 'the run to be under way')
    hand.fire()
    const first = await stopped
    target.knobs.reset()
    expect(first.code).toBe(ExitCode.interrupted)
    const report = JSON.parse(first.out) as { status: string; counts: { migrated: number } }
    expect(report.status).toBe('interrupted')
    expect(report.counts.migrated).toBeLessThan(24)
    expect(first.err).toMatch(/SIGINT: stopping/)
    expect(first.err).toMatch(/interrupted: run the same command again to resume\n$/)

    const resumed = await run(runArgs, env)
    expect(resumed.code).toBe(ExitCode.ok)
    expect(JSON.parse(resumed.out)).toMatchObject({
      status: 'completed',
      counts: { migrated: 24 - report.counts.migrated, failed: 0 },
    })

    const verify = await run(
      ['migrate', 'verify', ...endpoints, '--journal', journal, '--json'],
      env,
    )
    expect(verify.code).toBe(ExitCode.ok)
    expect(JSON.parse(verify.out)).toMatchObject({ customersChecked: 24, differenceCount: 0 })
  }, 120_000)

  it('a failure of each subcommand is one error document', async () => {
    const journal = ['--journal', join(dir, 'x.jsonl')]
    for (const command of ['plan', 'run', 'verify']) {
      const r = await run(
        [
          'migrate',
          command,
          ...['--from', 'pt', '--to', 'nowhere', '--json'],
          ...(command === 'plan' ? [] : journal),
        ],
        env,
      )
      expect(r.code).toBe(ExitCode.usage)
      expect(JSON.parse(r.out)).toEqual({
        error: {
          message: expect.stringMatching(/no gateway named "nowhere" is configured/),
          exitCode: 2,
          kind: 'usage',
        },
      })
    }
  })
})
