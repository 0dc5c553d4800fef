// A captured CliIo for driving `main` in tests.
import { activeLeakScan } from '@vaultport/testkit'
import type { CliIo } from '../src'

export const captureIo = (env: Record<string, string> = {}, cwd = process.cwd()) => {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    // What the command prints is scanned for secrets like everything else the tests produce.
    out: (s) => {
      out.push(s)
      activeLeakScan()?.record('cli.out', s)
    },
    err: (s) => {
      err.push(s)
      activeLeakScan()?.record('cli.err', s)
    },
    env,
    cwd,
    isTty: false,
    now: () => Date.now(),
  }
  return { io, out: () => out.join(''), err: () => err.join('') }
}
