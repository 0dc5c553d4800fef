// Fail fast, against the simulators on loopback: `migrate plan|run|verify` check both gateways
// before any work and exit 3 naming the one that is down (a closed port) or refuses the key; a
// target that starts refusing mid-run opens the circuit (exit 3, resumable), and the resumed run
// leaves exactly one copy of each customer. Every wait is bounded by the test's own timeout;
// nothing here measures time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { collectAll } from '@vaultport/core'
import { createFluidPayVault } from '@vaultport/fluidpay'
import { startSandbox, type RunningSandbox } from '@vaultport/sandbox'
import { ExitCode } from '../../src'
import { exportCardData } from '../../src/processorExport'
import { journalLines } from '../exactly-once/harness/cli'
import { fluidpayEnv, paytraceEnv, paytraceVault, runCli, until } from './support'

const run = runCli

/** A loopback port nothing listens on: connections to it are refused at once. */
const closedPort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

describe('migrate checks both gateways before any work', () => {
  let source: RunningSandbox<'paytrace'>
  let target: RunningSandbox<'fluidpay'>
  let dir: string
  let down: Record<string, string>
  beforeAll(async () => {
    source = await startSandbox({ gateway: 'paytrace', seed: 11 })
    target = await startSandbox({ gateway: 'fluidpay', seed: 12 })
    source.seedCustomers(3, { withCards: true })
    dir = mkdtempSync(join(tmpdir(), 'vp-failfast-'))
    down = fluidpayEnv('fp', `http://127.0.0.1:${await closedPort()}`, 'api_sandbox_key_0000000')
  })
  afterAll(async () => {
    await Promise.all([source.close(), target.close()])
    rmSync(dir, { recursive: true, force: true })
  })

  const args = (command: string, journal: string) => [
    'migrate',
    command,
    '--from',
    'pt',
    '--to',
    'fp',
    ...(command === 'plan' ? [] : ['--journal', journal]),
  ]

  it.each(['plan', 'run', 'verify'])(
    '%s: the target down (a closed port) is exit 3 with the reason naming it',
    async (command) => {
      const env = { ...paytraceEnv('pt', source), ...down }
      const journal = join(dir, `down-${command}.jsonl`)
      const r = await run(args(command, journal), env)
      expect(r.code).toBe(ExitCode.gateway)
      expect(r.out).toBe('')
      expect(r.err).toMatch(/^vaultport: the target "fp" gateway cannot be used: Unavailable /)
      expect(journalLines(journal)).toBe(0) // nothing was journaled: no work began
      const json = await run([...args(command, journal), '--json'], env)
      expect(json.code).toBe(ExitCode.gateway)
      expect(JSON.parse(json.out)).toEqual({
        error: {
          message: expect.stringMatching(/^the target "fp" gateway cannot be used/),
          exitCode: 3,
          kind: 'gateway',
        },
      })
    },
    15_000,
  )

  it.each(['plan', 'run', 'verify'])(
    '%s: a key the target refuses is exit 3 with Auth',
    async (command) => {
      const env = {
        ...paytraceEnv('pt', source),
        ...fluidpayEnv('fp', target.url, 'api_not_the_right_key_00'),
      }
      const r = await run(args(command, join(dir, `key-${command}.jsonl`)), env)
      expect(r.code).toBe(ExitCode.gateway)
      expect(r.err).toMatch(/^vaultport: the target "fp" gateway cannot be used: Auth /)
      expect(r.err).not.toContain('api_not_the_right_key_00')
    },
    15_000,
  )

  it('a source that refuses its credentials is named as the source', async () => {
    const env = {
      ...paytraceEnv('pt', source, 'not-the-secret'),
      ...fluidpayEnv('fp', target.url, target.credentials.apiKey),
    }
    const r = await run(args('plan', ''), env)
    expect(r.code).toBe(ExitCode.gateway)
    expect(r.err).toMatch(/^vaultport: the source "pt" gateway cannot be used: Auth /)
  }, 15_000)
})

describe('the circuit breaker in a run', () => {
  let source: RunningSandbox<'paytrace'>
  let target: RunningSandbox<'fluidpay'>
  let dir: string
  beforeAll(async () => {
    source = await startSandbox({ gateway: 'paytrace', seed: 21 })
    target = await startSandbox({ gateway: 'fluidpay', seed: 22 })
    source.seedCustomers(30, { withCards: true })
    dir = mkdtempSync(join(tmpdir(), 'vp-breaker-'))
  })
  afterAll(async () => {
    await Promise.all([source.close(), target.close()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('aborts with exit 3 when the target starts refusing mid-run; the rerun is exact', async () => {
    const env = {
      ...paytraceEnv('pt', source),
      ...fluidpayEnv('fp', target.url, target.credentials.apiKey),
    }
    const direct = createFluidPayVault({ baseUrl: target.url, apiKey: target.credentials.apiKey })
    const exported = await exportCardData(paytraceVault(source))
    if (E.isLeft(exported)) throw new Error(exported.left)
    const cards = join(dir, 'cards.csv')
    writeFileSync(cards, exported.right.csv)
    const journal = join(dir, 'run.jsonl')
    const command = [
      'migrate',
      'run',
      '--from',
      'pt',
      '--to',
      'fp',
      '--card-data',
      cards,
      '--journal',
      journal,
      '--concurrency',
      '2',
    ]
    // Slow enough that the run is still going when the target starts answering 503.
    target.knobs.set({ latency: { fixedMs: 15, jitterMs: 0 } })
    const first = run(command, env)
    await until(() => journalLines(journal) >= 12, 'the run to be under way')
    target.knobs.set({ faults: { rate: 1, kinds: ['http503'] } })
    const aborted = await first
    target.knobs.reset()
    expect(aborted.code).toBe(ExitCode.gateway)
    expect(aborted.out).toMatch(
      /^run aborted \(the target gateway \(fluidpay\) failed 10 calls in a row; the last: Unavailable/,
    )
    expect(aborted.out).toMatch(/aborted: run the same command again to resume/)
    const atAbort = await collectAll(direct.customers.list, { pageSize: 50 })()
    expect(E.isRight(atAbort) && atAbort.right.length).toBeLessThan(30)

    const resumed = await run(command, env)
    expect(resumed.code).toBe(ExitCode.ok)
    const held = await collectAll(direct.customers.list, { pageSize: 50 })()
    expect(E.isRight(held) && held.right.length).toBe(30)
    const verified = await run(
      ['migrate', 'verify', '--from', 'pt', '--to', 'fp', '--journal', journal, '--json'],
      env,
    )
    expect(verified.code).toBe(ExitCode.ok)
    expect(JSON.parse(verified.out)).toMatchObject({ customersChecked: 30, differenceCount: 0 })
  }, 120_000)
})
