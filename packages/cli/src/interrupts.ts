/**
 * `Interrupts` over the process's signals, as `bin.ts` gives every command. Nothing listens to
 * SIGINT/SIGTERM until a command calls `takeOver`, so a command that does not gets Node's
 * default: the first Ctrl-C ends it. One that does gets its graceful stop on the first signal,
 * and a second signal exits at once with 130.
 */
import { ExitCode, type Interrupts, type StopSignal } from './io'

/** @category Command */
export interface ProcessInterruptsOptions {
  /** Where the signals come from (default `process`). */
  readonly source?: Pick<NodeJS.Process, 'on' | 'off'>
  /** How the second signal ends the process (default `process.exit`). */
  readonly exit?: (code: number) => void
}

/** @category Command */
export const processInterrupts = (options: ProcessInterruptsOptions = {}): Interrupts => {
  const source = options.source ?? process
  const exit = options.exit ?? ((code: number) => process.exit(code))
  return {
    takeOver: (onStop) => {
      let seen = 0
      const handler = (signal: StopSignal) => {
        seen++
        if (seen === 1) onStop(signal)
        else exit(ExitCode.interrupted)
      }
      source.on('SIGINT', handler)
      source.on('SIGTERM', handler)
      return () => {
        source.off('SIGINT', handler)
        source.off('SIGTERM', handler)
      }
    },
  }
}
