/**
 * What a command may touch (`CliIo`: streams, environment, working directory, clock, terminal
 * width, signals) and how it writes (`output`).
 *
 * ## Streams: `output(io, { json, wide })`
 *
 * stdout carries only a command's result: its text (a table, a report) or, under `--json`,
 * exactly one JSON document. Everything else (progress, warnings, notes, logs) goes to stderr.
 * A command builds one `Output` from its parsed options and writes through it:
 *
 * ```ts
 * const out = output(io, o)                 // o.json, o.wide from commander
 * out.log('reading the source…\n')          // stderr, always
 * out.warn('3 customers have no e-mail')    // stderr: "vaultport: warning: 3 customers …"
 * const bar = out.progress('old → new', total)  // stderr; bar.update(n), bar.finish()
 * out.text(`${formatPlan(plan)}\n`)         // human result text: stdout; under --json, stderr
 * out.result(report, () => `${out.table(headers, rows)}\n`) // stdout: the JSON document
 *                                           // under --json (once only), else the text
 * ```
 *
 * `out.table` fits a table in the terminal's width, at most `TABLE_WIDTH` (100) columns, by
 * wrapping cells; `--wide` (`wide: true`) shows every cell on one line. `out.wrap` fits prose
 * the same way. While a progress bar is drawn, `log`/`warn` write above it without tearing it.
 *
 * Failures are thrown as `CliError(message, exitCode)`; `main` prints `vaultport: message` on
 * stderr and, under `--json`, also the document `{"error":{"message","exitCode","kind"}}` on
 * stdout (on stderr instead if the command had already written its document), so a script reads
 * exactly one document whatever happened.
 *
 * ## Signals: `io.interrupts`
 *
 * Commands get the default behaviour of SIGINT/SIGTERM (the process ends) unless they take the
 * signals over with `onInterrupt(io, stop)` (or `io.interrupts.takeOver`): then the first signal
 * calls `stop` (stop starting work, let what is in flight finish, write files and the summary,
 * then return `ExitCode.interrupted`), and a second one exits the process at once with 130.
 * Release the signals (the returned function) in a `finally`.
 */
import { progressBar, type ProgressBar } from './progress'
import { TABLE_WIDTH, renderTable, wrapLines } from './table'

/** @category Command */
export type StopSignal = 'SIGINT' | 'SIGTERM'

/**
 * How a command takes over SIGINT/SIGTERM. See the module comment.
 * @category Command
 */
export interface Interrupts {
  /**
   * From now on, the first SIGINT or SIGTERM calls `onStop` (once) instead of ending the
   * process, and a second one ends it at once with exit code 130. Returns `release`, which gives
   * the signals back to their default behaviour.
   */
  readonly takeOver: (onStop: (signal: StopSignal) => void) => () => void
}

/**
 * What a command may touch: its output streams, the environment, the working directory and a
 * clock. Tests pass their own; `bin.ts` passes the process's.
 * @category Command
 */
export interface CliIo {
  /** stdout: the result only (a table, or one JSON document under `--json`). */
  readonly out: (text: string) => void
  /** stderr: progress, warnings, notes, errors. */
  readonly err: (text: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  /** Whether `err` is a terminal: progress bars redraw in place only there. */
  readonly isTty: boolean
  readonly now: () => number
  /** The terminal's width, when there is one: tables fit it (never wider than 100 columns). */
  readonly columns?: number
  /** SIGINT/SIGTERM, for a command that stops gracefully; absent, nothing can take them over. */
  readonly interrupts?: Interrupts
}

/**
 * Exit codes: what a script calling `vaultport` can branch on.
 * @category Command
 */
export const ExitCode = {
  ok: 0,
  /** The work ran but not all of it succeeded: failures, differences, partial schedules. */
  incomplete: 1,
  /** Bad flags, a bad config file, a missing credential; a journal another run holds. */
  usage: 2,
  /** A gateway could not be reached, or refused the credentials. */
  gateway: 3,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM before the work was done; run it again to resume. */
  interrupted: 130,
} as const
/** @category Command */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** @category Command */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode,
  ) {
    super(message)
  }
}

/**
 * The name of an exit code (`usage` for 2), as error documents carry it.
 * @category Command
 * @internal
 */
export const exitCodeName = (code: ExitCode): string =>
  Object.entries(ExitCode).find(([, c]) => c === code)?.[0] ?? 'unknown'

/**
 * The document `--json` prints for a failure.
 * @category Command
 * @internal
 */
export const errorDocument = (message: string, code: ExitCode) => ({
  error: { message, exitCode: code, kind: exitCodeName(code) },
})

/**
 * Takes over SIGINT/SIGTERM (see `Interrupts`); a no-op when `io` has no signals.
 * @category Command
 * @internal
 */
export const onInterrupt = (io: CliIo, onStop: (signal: StopSignal) => void): (() => void) =>
  io.interrupts?.takeOver(onStop) ?? (() => undefined)

/** @category Command */
export interface OutputOptions {
  /** `--json`: the result is one JSON document on stdout. */
  readonly json?: boolean
  /** `--wide`: tables and text are not fitted to the terminal. */
  readonly wide?: boolean
}

/**
 * How a command writes. See the module comment.
 * @category Command
 */
export interface Output {
  readonly json: boolean
  /** The width tables and text fit, or `undefined` under `--wide`. */
  readonly width: number | undefined
  /** The result, once: the JSON document under `--json`, else the text `human()` returns. */
  readonly result: (document: unknown, human: () => string) => void
  /** Human-readable result text: stdout, or stderr under `--json` (stdout keeps the document). */
  readonly text: (text: string) => void
  /** A note or log line: stderr. */
  readonly log: (text: string) => void
  /** `vaultport: warning: <text>` on stderr. */
  readonly warn: (text: string) => void
  /** A progress bar on stderr. */
  readonly progress: (label: string, total: number | undefined) => ProgressBar
  /** A table fitted to `width` (cells wrap). */
  readonly table: (
    headers: ReadonlyArray<string>,
    rows: ReadonlyArray<ReadonlyArray<string>>,
  ) => string
  /** Text whose long lines are wrapped to `width`, continuation lines indented by two more. */
  readonly wrap: (text: string) => string
}

/**
 * The width tables fit: the terminal's, at most `TABLE_WIDTH`; `undefined` under `--wide`.
 * @category Command
 * @internal
 */
export const outputWidth = (io: CliIo, wide: boolean | undefined): number | undefined =>
  wide === true ? undefined : Math.min(TABLE_WIDTH, io.columns ?? TABLE_WIDTH)

/**
 * @category Command
 * @internal
 */
export const output = (io: CliIo, options: OutputOptions = {}): Output => {
  const json = options.json === true
  const width = outputWidth(io, options.wide)
  let documented = false
  let bar: ProgressBar | undefined
  const toErr = (text: string) => (bar === undefined ? io.err(text) : bar.above(text))
  return {
    json,
    width,
    result: (document, human) => {
      if (json) {
        if (documented) throw new Error('a command printed two JSON documents')
        documented = true
        io.out(`${JSON.stringify(document, null, 2)}\n`)
      } else io.out(human())
    },
    text: (text) => (json ? toErr(text) : io.out(text)),
    log: toErr,
    warn: (text) => toErr(`vaultport: warning: ${text}${text.endsWith('\n') ? '' : '\n'}`),
    progress: (label, total) => {
      const b = progressBar(io, label, total)
      bar = b
      return {
        update: b.update,
        above: b.above,
        finish: () => {
          b.finish()
          if (bar === b) bar = undefined
        },
      }
    },
    table: (headers, rows) => renderTable(headers, rows, width === undefined ? {} : { width }),
    wrap: (text) => wrapLines(text, width),
  }
}
