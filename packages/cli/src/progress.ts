/**
 * A progress line with rate and ETA. On a terminal it redraws in place; elsewhere (CI, pipes)
 * it prints a line at most every 10% so logs stay short.
 */
import type { CliIo } from './io'

export interface ProgressBar {
  readonly update: (done: number) => void
  readonly finish: () => void
}

const formatSeconds = (s: number): string =>
  !Number.isFinite(s)
    ? '?'
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`
      : `${Math.round(s)}s`

export const progressBar = (io: CliIo, label: string, total: number | undefined): ProgressBar => {
  const started = io.now()
  let lastDecile = -1
  let last = 0
  const render = (done: number): string => {
    const seconds = Math.max(0.001, (io.now() - started) / 1000)
    const rate = done / seconds
    if (total === undefined || total === 0) return `${label} ${done} (${rate.toFixed(1)}/s)`
    const ratio = Math.min(1, done / total)
    const width = 24
    const filled = Math.round(ratio * width)
    const eta = rate > 0 ? (total - done) / rate : Infinity
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${Math.round(ratio * 100)}% ${rate.toFixed(1)}/s ETA ${formatSeconds(eta)}`
  }
  return {
    update: (done) => {
      last = done
      if (io.isTty) {
        io.out(`\r${render(done)}`)
        return
      }
      const decile =
        total === undefined || total === 0
          ? Math.floor(done / 100)
          : Math.floor((done / total) * 10)
      if (decile > lastDecile) {
        lastDecile = decile
        io.out(`${render(done)}\n`)
      }
    },
    finish: () => {
      io.out(io.isTty ? `\r${render(last)}\n` : `${render(last)} done\n`)
    },
  }
}
