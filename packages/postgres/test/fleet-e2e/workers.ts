/**
 * `vaultport migrate worker` child processes, as an operator starts them on their machines:
 * node running the CLI's source with tsx as its loader (node itself, so a SIGKILL ends the very
 * process that holds the claim and its database sessions). Every child has a deadline after
 * which it is killed, and `killAllWorkers` ends whatever is left.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import { activeLeakScan } from '@vaultport/testkit'

const ROOT = resolve(__dirname, '../../../..')

export interface WorkerExit {
  readonly id: string
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface WorkerChild {
  readonly id: string
  readonly exited: Promise<WorkerExit>
  readonly alive: () => boolean
  /** SIGKILL: no handler runs, the claim is left to expire. */
  readonly kill: () => void
  /** SIGTERM: the worker's graceful stop. */
  readonly terminate: () => void
}

const live = new Set<ChildProcess>()

export const killAllWorkers = (): void => {
  for (const child of live) child.kill('SIGKILL')
  live.clear()
}

export interface WorkerStart {
  readonly id: string
  readonly db: string
  readonly leaseSeconds: number
  readonly env: Readonly<Record<string, string>>
  readonly deadlineMs: number
}

export const startWorker = (w: WorkerStart): WorkerChild => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'packages/cli/src/bin.ts'),
      'migrate',
      'worker',
      '--db',
      w.db,
      '--id',
      w.id,
      '--lease-seconds',
      String(w.leaseSeconds),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.base.json'), ...w.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  live.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const deadline = setTimeout(() => child.kill('SIGKILL'), w.deadlineMs)
  const exited = new Promise<WorkerExit>((done) => {
    child.on('close', (code, signal) => {
      clearTimeout(deadline)
      live.delete(child)
      activeLeakScan()?.record('fleet worker stdout', stdout)
      activeLeakScan()?.record('fleet worker stderr', stderr)
      done({ id: w.id, code, signal, stdout, stderr })
    })
    child.on('error', (e) => {
      clearTimeout(deadline)
      live.delete(child)
      done({ id: w.id, code: -1, signal: null, stdout, stderr: `cannot start: ${e.message}` })
    })
  })
  return {
    id: w.id,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: () => {
      child.kill('SIGKILL')
    },
    terminate: () => {
      child.kill('SIGTERM')
    },
  }
}
