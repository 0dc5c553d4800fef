/**
 * `vaultport migrate run` as the operator runs it: a child process running the CLI's source
 * (node with tsx as its loader, in its own process group as in e2e.test.ts), or in-process
 * through `main` for the runs nobody kills. Every wait is bounded: a child still running at its
 * deadline is SIGKILLed, and `killAll` ends whatever is left.
 *
 * The child is node itself (`node --import tsx`), not the `tsx` wrapper: with the wrapper, the
 * migrating program is a grandchild that nobody here can reap, and where PID 1 does not reap
 * orphans promptly (this VM, containers without an init) it lingers as a zombie that a lock's
 * "is that pid alive?" check takes for a live run. Here the killed program is our own child,
 * gone once `close` fires, as it is for an operator's shell.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { activeLeakScan } from '@vaultport/testkit'
import { main } from '../../../src'
import { captureIo } from '../../helpers'

const ROOT = resolve(__dirname, '../../../../..')

export interface ChildOutcome {
  /** Exit code, or `null` when it was killed. */
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  /** Why the harness killed it, if it did. */
  readonly killed?: 'planned' | 'deadline'
  /** Journal lines when it was killed (planned kills). */
  readonly killedAtLine?: number
  readonly stdout: string
  readonly stderr: string
}

const live = new Set<ChildProcess>()

const killGroup = (child: ChildProcess) => {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** SIGKILLs every child still running (afterAll). */
export const killAll = (): void => {
  for (const child of live) killGroup(child)
  live.clear()
}

/** Lines in the journal file (a torn last line counts as one). */
export const journalLines = (path: string): number => {
  if (!existsSync(path)) return 0
  const text = readFileSync(path, 'utf8')
  if (text === '') return 0
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
}

export interface SpawnOptions {
  readonly args: ReadonlyArray<string>
  readonly env: Readonly<Record<string, string>>
  /** SIGKILL once the journal has this many lines (and `delayMs` more). */
  readonly killAtLine?: {
    readonly journal: string
    readonly line: number
    readonly delayMs: number
  }
  /** Hard bound on the child's life. */
  readonly deadlineMs: number
}

/** Starts `vaultport <args>` and resolves when it has exited (or been killed). */
export const runChild = (o: SpawnOptions): Promise<ChildOutcome> => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts'), ...o.args],
    {
      cwd: ROOT,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.base.json'), ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  )
  live.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  let killed: ChildOutcome['killed']
  let killedAtLine: number | undefined
  const deadline = setTimeout(() => {
    killed = 'deadline'
    killGroup(child)
  }, o.deadlineMs)
  let poll: NodeJS.Timeout | undefined
  const plan = o.killAtLine
  if (plan !== undefined) {
    poll = setInterval(() => {
      const n = journalLines(plan.journal)
      if (n < plan.line) return
      clearInterval(poll)
      poll = undefined
      setTimeout(() => {
        if (killed !== undefined) return
        killed = 'planned'
        killedAtLine = journalLines(plan.journal)
        killGroup(child)
      }, plan.delayMs)
    }, 5)
  }
  return new Promise((done) => {
    child.on('error', (e) => {
      // Could not be started at all: nothing ran, so there is nothing to wait for.
      clearTimeout(deadline)
      if (poll !== undefined) clearInterval(poll)
      live.delete(child)
      done({ code: -1, signal: null, stdout, stderr: `${stderr}\ncannot start: ${e.message}` })
    })
    child.on('close', (code, signal) => {
      clearTimeout(deadline)
      if (poll !== undefined) clearInterval(poll)
      live.delete(child)
      activeLeakScan()?.record('migrate child stdout', stdout)
      activeLeakScan()?.record('migrate child stderr', stderr)
      // A planned kill that lost the race with a normal exit is no kill.
      const reallyKilled = code === null ? killed : undefined
      done({
        code,
        signal,
        ...(reallyKilled === undefined ? {} : { killed: reallyKilled }),
        ...(reallyKilled !== undefined && killedAtLine !== undefined ? { killedAtLine } : {}),
        stdout,
        stderr,
      })
    })
  })
}

/** Runs `vaultport <args>` in this process (the CLI's own `main`, files and all). */
export const runInProcess = async (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>>,
): Promise<{ readonly code: number; readonly out: string; readonly err: string }> => {
  const c = captureIo({ ...env })
  const code = await main([...args], c.io)
  return { code, out: c.out(), err: c.err() }
}
