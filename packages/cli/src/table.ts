/**
 * Plain-text tables for terminal output: columns padded to their widest cell. Given a width, a
 * table too wide for it wraps its cells (at spaces, then after `.`, `_`, `-`, `/`, `,`, and as a
 * last resort anywhere), narrowing first the columns whose narrowing costs the fewest lines.
 */

/**
 * What the command's tables and text fit unless `--wide` is given (or the terminal is narrower).
 * @category Terminal output
 * @internal
 */
export const TABLE_WIDTH = 100

/** @category Terminal output */
export interface TableOptions {
  /** Fit the table in this many columns, wrapping cells. Without it, nothing wraps. */
  readonly width?: number
}

const GAP = '  '
const BREAK_AFTER = /[._/,&-]/

/** Splits a word longer than `width` into pieces of at most `width`, after a break character when one is near. */
const splitWord = (word: string, width: number): string[] => {
  const pieces: string[] = []
  let rest = word
  while (rest.length > width) {
    let cut = -1
    for (let i = width; i >= 2; i--)
      if (BREAK_AFTER.test(rest[i - 1] ?? '')) {
        cut = i
        break
      }
    if (cut <= 0) cut = width
    pieces.push(rest.slice(0, cut))
    rest = rest.slice(cut)
  }
  pieces.push(rest)
  return pieces
}

/**
 * `text` as lines of at most `width` characters; continuation lines start with `indent`.
 * @category Terminal output
 * @internal
 */
export const wrapText = (text: string, width: number, indent = ''): string[] => {
  const w = Math.max(1, width)
  if (text.length <= w) return [text]
  const lines: string[] = []
  const lead = /^\s*/.exec(text)?.[0] ?? ''
  let line = lead
  const room = () => (lines.length === 0 ? w : Math.max(1, w - indent.length))
  const flush = () => {
    lines.push(lines.length === 0 ? line : `${indent}${line}`)
    line = ''
  }
  for (const word of text
    .slice(lead.length)
    .split(/\s+/)
    .filter((s) => s !== '')) {
    const sep = line.trim() === '' ? '' : ' '
    if (line.length + sep.length + word.length <= room()) {
      line += sep + word
      continue
    }
    if (line.trim() !== '') flush()
    if (word.length <= room()) {
      line += word
      continue
    }
    // Too long for any line: pieces of it, each on its own line but the last.
    const pieces = splitWord(word, room())
    for (const piece of pieces.slice(0, -1)) {
      line += piece
      flush()
    }
    line += pieces[pieces.length - 1] ?? ''
  }
  if (line !== '' || lines.length === 0) flush()
  return lines
}

/**
 * Every line of a text block fitted to `width` (lines already short are left as they are).
 * @category Terminal output
 * @internal
 */
export const wrapLines = (text: string, width: number | undefined, indent = '  '): string =>
  width === undefined
    ? text
    : text
        .split('\n')
        .flatMap((l) => wrapText(l, width, `${/^\s*/.exec(l)?.[0] ?? ''}${indent}`))
        .join('\n')

/** Column widths that fit `available`, narrowing first where it adds the fewest lines. */
const fitWidths = (
  table: ReadonlyArray<ReadonlyArray<string>>,
  natural: ReadonlyArray<number>,
  available: number,
): number[] => {
  const widths = [...natural]
  // A cell's cost at a width: its line count, plus two if a word of it has to be cut.
  const longest = table.map((row) =>
    row.map((cell) => Math.max(0, ...atoms(cell).map((a) => a.length))),
  )
  const heights = new Map<string, number[]>() // `${column}:${width}` → each row's line count
  const heightsOf = (c: number, w: number): number[] => {
    const key = `${c}:${w}`
    let h = heights.get(key)
    if (h === undefined) {
      h = table.map((row) => wrapText(row[c] ?? '', w).length)
      heights.set(key, h)
    }
    return h
  }
  const cost = (ws: ReadonlyArray<number>): number =>
    table.reduce(
      (sum, _, r) =>
        sum +
        Math.max(...ws.map((w, c) => heightsOf(c, w)[r] ?? 1)) +
        2 * ws.filter((w, c) => w < (longest[r]?.[c] ?? 0)).length,
      0,
    )
  // No word is cut if the table fits so (a column keeps its longest word); else words are.
  const whole = natural.map((n, c) => Math.min(n, Math.max(...longest.map((row) => row[c] ?? 0))))
  const floor =
    whole.reduce((a, b) => a + b, 0) <= available ? whole : natural.map((n) => Math.min(n, 6))
  let sum = widths.reduce((a, b) => a + b, 0)
  while (sum > available) {
    let best = -1
    let bestLines = Infinity
    for (let c = widths.length - 1; c >= 0; c--) {
      const w = widths[c] ?? 0
      if (w <= (floor[c] ?? 0)) continue
      const lines = cost(widths.map((x, i) => (i === c ? x - 1 : x)))
      if (lines < bestLines || (lines === bestLines && w > (widths[best] ?? 0))) {
        best = c
        bestLines = lines
      }
    }
    if (best < 0) break // every column at its floor
    widths[best] = (widths[best] ?? 1) - 1
    sum--
  }
  return widths // wider than asked only when every column is at its floor
}

/** The pieces a cell can wrap between: words, and the parts of a word after a break character. */
const atoms = (text: string): string[] =>
  text
    .split(/\s+/)
    .flatMap((word) => word.split(/(?<=[._/,&-])/))
    .filter((a) => a !== '')

/**
 * @category Terminal output
 * @internal
 */
export const renderTable = (
  headers: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  options: TableOptions = {},
): string => {
  const table = [headers, ...rows]
  const natural = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const available =
    options.width === undefined ? Infinity : options.width - GAP.length * (headers.length - 1)
  const widths = fitWidths(table, natural, available)
  const lines = (cells: ReadonlyArray<string>): string[] => {
    const wrapped = widths.map((w, i) => wrapText(cells[i] ?? '', w))
    const height = Math.max(...wrapped.map((l) => l.length))
    return Array.from({ length: height }, (_, k) =>
      wrapped
        .map((l, i) => (l[k] ?? '').padEnd(widths[i] ?? 0))
        .join(GAP)
        .trimEnd(),
    )
  }
  return [
    ...lines(headers),
    widths.map((w) => '-'.repeat(w)).join(GAP),
    ...rows.flatMap(lines),
  ].join('\n')
}
