/**
 * What a command may touch: its output streams, the environment, the working directory and a
 * clock. Tests pass their own; `bin.ts` passes the process's.
 */
export interface CliIo {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  /** Whether `out` is a terminal: progress bars redraw in place only there. */
  readonly isTty: boolean
  readonly now: () => number
}

/** Exit codes: what a script calling `vaultport` can branch on. */
export const ExitCode = {
  ok: 0,
  /** The work ran but not all of it succeeded: failures, differences, partial schedules. */
  incomplete: 1,
  /** Bad flags, a bad config file, a missing credential. */
  usage: 2,
  /** A gateway could not be reached, or refused the credentials. */
  gateway: 3,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode,
  ) {
    super(message)
  }
}
