/**
 * A terminal screen for tests: interprets what a program writes to a TTY (printable text,
 * `\r`, `\n`, and erase-in-line `ESC [ K`; any other control sequence, such as a colour, is
 * dropped) and shows the lines a person would see, lines the terminal wrapped kept whole. Enough
 * to tell a clean redraw from one that leaves remnants of a longer line behind (`ETA 7ss`). The
 * renderers' own tests feed it what they recorded; the real-terminal tests, a pty's raw output.
 */
export const screenOf = (written: string): string[] => {
  const lines: string[] = ['']
  let row = 0
  let col = 0
  const put = (ch: string) => {
    const line = lines[row] ?? ''
    lines[row] = line.slice(0, col).padEnd(col) + ch + line.slice(col + 1)
    col++
  }
  for (let i = 0; i < written.length; i++) {
    const ch = written[i] as string
    if (ch === '\r') col = 0
    else if (ch === '\n') {
      row++
      col = 0
      if (lines[row] === undefined) lines[row] = ''
    } else if (ch === '\x1b') {
      // CSI: ESC [ parameter bytes, intermediate bytes, final byte (ECMA-48)
      const m = /^\[([0-?]*)[ -/]*([@-~])/.exec(written.slice(i + 1))
      if (m === null) continue
      if (m[2] === 'K') {
        const line = lines[row] ?? ''
        if (m[1] === '' || m[1] === '0') lines[row] = line.slice(0, col)
        else if (m[1] === '1') lines[row] = ' '.repeat(col + 1) + line.slice(col + 1)
        else if (m[1] === '2') lines[row] = ''
      }
      i += m[0].length
    } else put(ch)
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines.map((l) => l.trimEnd())
}

/** A CliIo-shaped recorder of one stream, with a clock the test moves. */
export const fakeTerminal = (isTty: boolean, columns = 100) => {
  let now = 0
  let err = ''
  let out = ''
  return {
    io: {
      out: (s: string) => {
        out += s
      },
      err: (s: string) => {
        err += s
      },
      env: {},
      cwd: process.cwd(),
      isTty,
      columns,
      now: () => now,
    },
    tick: (ms: number) => {
      now += ms
    },
    err: () => err,
    out: () => out,
  }
}
