// Runs test/simulator.ts in a child process and hands back its URL and credentials.
import { spawn } from 'node:child_process'
import * as path from 'node:path'

export interface RunningSimulator {
  readonly url: string
  readonly clientId: string
  readonly clientSecret: string
  readonly stop: () => Promise<void>
}

const root = path.resolve(__dirname, '../../..')

export const startSimulator = (now: Date): Promise<RunningSimulator> =>
  new Promise((resolve, reject) => {
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
      if (!out.includes('\n') || line === undefined) return
      const info = JSON.parse(line) as { url: string; clientId: string; clientSecret: string }
      const stop = () =>
        new Promise<void>((done) => {
          child.removeAllListeners('exit')
          child.on('exit', () => done())
          child.kill('SIGTERM')
        })
      resolve({ ...info, stop })
    })
  })
