// A captured CliIo for driving `main` in tests.
import type { CliIo } from '../src'

export const captureIo = (env: Record<string, string> = {}, cwd = process.cwd()) => {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    env,
    cwd,
    isTty: false,
    now: () => Date.now(),
  }
  return { io, out: () => out.join(''), err: () => err.join('') }
}
