// The shared contract suite against the FluidPay simulator, over loopback HTTP. The simulator
// runs in a child process (see simulator.ts); the adapter talks to it on 127.0.0.1.
import { spawn } from 'node:child_process'
import * as path from 'node:path'
import type { TranscriptEvent, Vault } from '@vaultport/core'
import { describeVaultContract } from '@vaultport/testkit'
import { createFluidPayVault } from '../src'

const now = new Date('2026-01-15T10:00:00.000Z')
const root = path.resolve(__dirname, '../../..')

const startSimulator = () =>
  new Promise<{ url: string; apiKey: string; stop: () => Promise<void> }>((resolve, reject) => {
    const child = spawn(
      path.join(root, 'node_modules/.bin/tsx'),
      ['--tsconfig', path.join(root, 'tsconfig.base.json'), path.join(__dirname, 'simulator.ts')],
      {
        cwd: root,
        env: { ...process.env, VAULTPORT_SIM_NOW: now.toISOString() },
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
        const { url, apiKey } = JSON.parse(line) as { url: string; apiKey: string }
        const stop = () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit')
            child.on('exit', () => done())
            child.kill('SIGTERM')
          })
        resolve({ url, apiKey, stop })
      }
    })
  })

describeVaultContract(
  'fluidpay (simulator)',
  async () => {
    const sim = await startSimulator()
    const events: TranscriptEvent[] = []
    const vault = createFluidPayVault({
      baseUrl: sim.url,
      apiKey: sim.apiKey,
      now: () => now,
      http: { onTranscript: (e) => events.push(e), retry: { baseDelayMs: 5, maxDelayMs: 20 } },
    })
    // A narrowed Vault<C> (recurrences literally false) is not assignable to the general Vault
    // (its blocked operations take `never`), hence the widening cast.
    return {
      vault: vault as unknown as Vault,
      transcript: () => events,
      secrets: [sim.apiKey],
      cleanup: sim.stop,
    }
  },
  {
    now,
    tokenFor: (kind) =>
      kind === 'gateway_token'
        ? { kind, token: 'tok_mastercard' }
        : kind === 'wallet'
          ? { kind, wallet: 'google_pay', payload: { signature: 'contract' } }
          : undefined,
  },
)
