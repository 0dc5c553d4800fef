/**
 * A progress line with rate and ETA, written to stderr (`io.err`) so stdout keeps only the
 * command's result. On a terminal (`io.isTty`) it redraws in place: carriage return, the line cut
 * to the terminal's width, then erase-to-end-of-line, so a shorter line leaves nothing of a longer
 * one behind; at most every `redrawMs`. Elsewhere (CI, pipes, files) it prints a plain line each
 * time another 10% is done (every 100 customers when the total is unknown) and at least every
 * `plainEveryMs` while work is moving. `finish` prints the final line exactly once, with the time
 * taken instead of an ETA.
 */
import type { CliIo } from './io'

/** @category Terminal output */
export interface ProgressBar {
  readonly update: (done: number) => void
  /** The final line (once; later calls and updates do nothing). */
  readonly finish: () => void
  /**
   * Writes `text` (whole lines) to stderr without tearing the bar: on a terminal the bar is
   * cleared, the text written, and the bar drawn again below it.
   */
  readonly above: (text: string) => void
}

/** @category Terminal output */
export interface ProgressOptions {
  /** Shortest time between two redraws on a terminal (default 100 ms). */
  readonly redrawMs?: number
  /** Longest time between two plain lines while work moves (default 15 s). */
  readonly plainEveryMs?: number
}

/** ANSI: erase from the cursor to the end of the line. */
export const ERASE_LINE_END = '\x1b[K'

const formatSeconds = (s: number, precise = false): string => {
  if (!Number.isFinite(s)) return '?'
  if (precise && s < 10) return `${s.toFixed(1)}s`
  const r = Math.round(s)
  return r >= 60 ? `${Math.floor(r / 60)}m${String(r % 60).padStart(2, '0')}s` : `${r}s`
}

/** @category Terminal output */
export const progressBar = (
  io: CliIo,
  label: string,
  total: number | undefined,
  options: ProgressOptions = {},
): ProgressBar => {
  const redrawMs = options.redrawMs ?? 100
  const plainEveryMs = options.plainEveryMs ?? 15_000
  const started = io.now()
  const known = total !== undefined && total > 0
  let last = 0
  let finished = false
  // Terminal state: what the bar shows now, and when it was drawn.
  let drawn: string | undefined
  let drawnAt = -Infinity
  // Plain-line state.
  let printedStep = 0
  let printedDone = 0
  let printedAt = started

  const render = (done: number, final: boolean): string => {
    const elapsed = Math.max(0.001, (io.now() - started) / 1000)
    const rate = `${(done / elapsed).toFixed(1)}/s`
    const time = final ? `in ${formatSeconds(elapsed, true)}` : undefined
    if (!known) return [label, String(done), rate, ...(time === undefined ? [] : [time])].join(' ')
    const ratio = Math.min(1, done / total)
    const width = 24
    const filled = Math.round(ratio * width)
    const eta = done > 0 ? ((total - done) * elapsed) / done : Infinity
    return [
      label,
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`,
      `${done}/${total}`,
      `${Math.round(ratio * 100)}%`,
      rate,
      time ?? `ETA ${formatSeconds(eta)}`,
    ].join(' ')
  }
  const fit = (line: string): string => {
    const room = Math.max(10, (io.columns ?? 80) - 1) // the last column would wrap on some terminals
    return line.length <= room ? line : `${line.slice(0, room - 1)}…`
  }
  const draw = (line: string) => {
    drawn = fit(line)
    drawnAt = io.now()
    io.err(`\r${drawn}${ERASE_LINE_END}`)
  }
  const step = (done: number) => (known ? Math.floor((done / total) * 10) : Math.floor(done / 100))

  return {
    update: (done) => {
      if (finished) return
      last = done
      if (io.isTty) {
        if (io.now() - drawnAt >= redrawMs || drawn === undefined) draw(render(done, false))
        return
      }
      if (known && done >= total) return // the final line is `finish`'s
      const now = io.now()
      const moved = done > printedDone
      if (moved && (step(done) > printedStep || now - printedAt >= plainEveryMs)) {
        printedStep = step(done)
        printedDone = done
        printedAt = now
        io.err(`${render(done, false)}\n`)
      }
    },
    finish: () => {
      if (finished) return
      finished = true
      const line = render(last, true)
      if (io.isTty) {
        draw(line)
        io.err('\n')
      } else io.err(`${line}\n`)
      drawn = undefined
    },
    above: (text) => {
      if (!io.isTty || drawn === undefined) return io.err(text)
      const bar = drawn
      io.err(`\r${ERASE_LINE_END}${text}`)
      io.err(`${bar}${ERASE_LINE_END}`)
    },
  }
}
