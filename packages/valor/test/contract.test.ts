// The shared contract suite against the Valor simulator over loopback HTTP, in both modes: HTTP
// status = the body's `code`, and HTTP 200 for every answer (`valorAlways200`). The simulator
// runs in a child process (see simulator.ts); the adapter talks to it on 127.0.0.1.
import { spawn } from 'node:child_process'
import * as path from 'node:path'
import type { TranscriptEvent, Vault } from '@vaultport/core'
import { describeVaultContract } from '@vaultport/testkit'
import { createValorVault } from '../src'

const now = new Date('2026-01-15T10:00:00.000Z')
const root = path.resolve(__dirname, '../../..')

interface Sim {
  readonly url: string
  readonly appId: string
  readonly appKey: string
  readonly stop: () => Promise<void>
}

const startSimulator = (always200: boolean) =>
  new Promise<Sim>((resolve, reject) => {
    const child = spawn(
      path.join(root, 'node_modules/.bin/tsx'),
      ['--tsconfig', path.join(root, 'tsconfig.base.json'), path.join(__dirname, 'simulator.ts')],
      {
        cwd: root,
        env: {
          ...process.env,
          VAULTPORT_SIM_NOW: now.toISOString(),
          VAULTPORT_VALOR_ALWAYS_200: always200 ? '1' : '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => reject(new Error(`simulator exited with ${String(code)}: ${err}`)))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n')[0]
      if (out.includes('\n') && line !== undefined) {
        const { url, appId, appKey } = JSON.parse(line) as Omit<Sim, 'stop'>
        const stop = () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit')
            child.on('exit', () => done())
            child.kill('SIGTERM')
          })
        resolve({ url, appId, appKey, stop })
      }
    })
  })

for (const always200 of [false, true]) {
  describeVaultContract(
    `valor (simulator, ${always200 ? 'always HTTP 200' : 'HTTP status = code'})`,
    async () => {
      const sim = await startSimulator(always200)
      const events: TranscriptEvent[] = []
      const vault = createValorVault({
        baseUrl: sim.url,
        appId: sim.appId,
        appKey: sim.appKey,
        now: () => now,
        http: { onTranscript: (e) => events.push(e), retry: { baseDelayMs: 5, maxDelayMs: 20 } },
      })
      return {
        // A narrowed Vault<C> (operations typed `Blocked`) is not assignable to the wide Vault
        // the testkit takes: parameters are contravariant. The suite calls only what
        // capabilities allow (and expects Unsupported elsewhere), so the widening is safe.
        vault: vault as unknown as Vault,
        transcript: () => events,
        secrets: [sim.appId, sim.appKey],
        cleanup: sim.stop,
      }
    },
    {
      now,
      tokenFor: (kind) =>
        kind === 'gateway_token'
          ? { kind, token: '7B4DAFBEC4BA9CB8ACDD2446919CEB58A9CBE7AC' }
          : kind === 'prior_transaction'
            ? { kind, transactionId: '10176309', rail: 'card' }
            : undefined,
    },
  )
}
