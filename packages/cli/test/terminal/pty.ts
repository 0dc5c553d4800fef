/**
 * A real pseudo-terminal for tests, with nothing beyond the base system: util-linux's `script`
 * (package bsdutils, Essential on Debian) runs one shell command on a new pty of a given size.
 * What the program writes there is the raw byte stream, escape sequences and all; `screen()`
 * rebuilds from it what a person would see, scroll-back included, with the fake-terminal model
 * of `screen.ts` (the one the renderer's own tests use). Keys are bytes written to the pty, so
 * Ctrl-C (`CTRL_C`) reaches the program as the line discipline's SIGINT, as it would from a
 * keyboard.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { screenOf } from './screen'

/** The workspace root, where `node --import tsx packages/cli/src/bin.ts` runs the CLI's source. */
export const ROOT = resolve(__dirname, '../../../..')

/** `vaultport <args>` from source, as a shell command (arguments and values must be shell-safe). */
export const vaultportCommand = (args: string, env: Record<string, string> = {}): string =>
  [
    `cd '${ROOT}' &&`,
    ...Object.entries({ ...env, TSX_TSCONFIG_PATH: `${ROOT}/tsconfig.base.json` }).map(
      ([k, v]) => `${k}='${v}'`,
    ),
    `node --import tsx packages/cli/src/bin.ts ${args}`,
  ].join(' ')

/** The byte the Ctrl-C key sends; the pty turns it into SIGINT for the foreground programs. */
export const CTRL_C = '\x03'

export interface Terminal {
  /** The screen and its scroll-back, one string per line, trailing blanks trimmed. */
  readonly screen: () => string[]
  /** Types `text` (bytes such as `CTRL_C`, or plain text) on the terminal's keyboard. */
  readonly keys: (text: string) => void
  /**
   * Resolves with the screen once it matches `pattern`; rejects, with the screen, after `ms` or
   * as soon as the terminal has closed without showing it.
   */
  readonly waitFor: (pattern: RegExp, ms?: number) => Promise<string[]>
  /** Kills whatever still runs on the terminal, and the terminal. */
  readonly close: () => void
}

const open = new Set<Terminal>()

/** Closes every terminal still open (for `afterAll`). */
export const closeAll = (): void => {
  for (const t of [...open]) t.close()
}

/**
 * Runs `command` in `sh` on a new terminal of `width` × `height`. The shell survives Ctrl-C (its
 * trap is a handler, which the program it starts does not inherit, unlike an ignored signal)
 * and prints `__exit=<status>` when the program ends; then the terminal closes, its screen kept.
 */
export const terminal = (command: string, width = 120, height = 50): Terminal => {
  // The shell records its pid, which is also its process group's (it leads the pty's session
  // and, without job control, everything it starts stays in its group): `close` kills them all.
  const dir = mkdtempSync(join(tmpdir(), 'vp-pty-'))
  const pidFile = join(dir, 'pid')
  const shell = [
    `stty cols ${width} rows ${height}`,
    `echo $$ > '${pidFile}'`,
    `trap 'true' INT`,
    command,
    `echo "__exit=$?"`,
  ].join('; ')
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', shell, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SHELL: '/bin/sh',
      TERM: 'xterm',
      COLUMNS: String(width),
      LINES: String(height),
    },
  })
  let written = ''
  let diagnostics = ''
  let closed = false
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const l of [...listeners]) l()
  }
  child.stdout.setEncoding('utf8') // a character split across two chunks is kept whole
  child.stdout.on('data', (s: string) => {
    written += s
    changed()
  })
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (s: string) => {
    diagnostics += s
  })
  child.stdin.on('error', () => undefined) // keys typed after the end go nowhere
  child.on('error', (e) => {
    diagnostics += `script did not run: ${e.message}\n`
    closed = true
    changed()
  })
  child.on('close', () => {
    closed = true
    changed()
  })

  const screen = () => screenOf(written)
  const shown = () =>
    [...screen(), ...(diagnostics === '' ? [] : ['-- script said:', diagnostics])].join('\n')
  const t: Terminal = {
    screen,
    keys: (text) => {
      child.stdin.write(text)
    },
    waitFor: (pattern, ms = 20_000) =>
      new Promise((resolvePromise, reject) => {
        const check = () => {
          const lines = screen()
          if (pattern.test(lines.join('\n'))) done(() => resolvePromise(lines))
          else if (closed)
            done(() => reject(new Error(`the terminal closed without ${pattern}:\n${shown()}`)))
        }
        const timer = setTimeout(
          () => done(() => reject(new Error(`the terminal never showed ${pattern}:\n${shown()}`))),
          ms,
        )
        const done = (settle: () => void) => {
          clearTimeout(timer)
          listeners.delete(check)
          settle()
        }
        listeners.add(check)
        check()
      }),
    close: () => {
      open.delete(t)
      if (!closed) {
        let pid = NaN
        try {
          pid = Number(readFileSync(pidFile, 'utf8').trim())
        } catch {
          // the shell never got that far: killing `script` below ends it
        }
        if (Number.isInteger(pid) && pid > 1)
          try {
            process.kill(-pid, 'SIGKILL')
          } catch {
            // already gone
          }
        child.kill('SIGKILL')
      }
      child.stdin.destroy()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  open.add(t)
  return t
}

/** `promise`, or a rejection naming `what` (with the screen of `shown`) after `ms`. */
export const within = <T>(promise: Promise<T>, ms: number, what: string, shown?: Terminal) =>
  new Promise<T>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      const screen =
        shown === undefined ? '' : `; the terminal showed:\n${shown.screen().join('\n')}`
      reject(new Error(`${what} did not happen within ${ms} ms${screen}`))
    }, ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolvePromise(value)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e instanceof Error ? e : new Error(String(e)))
      },
    )
  })
