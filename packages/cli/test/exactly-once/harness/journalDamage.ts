/** Damage done to a journal file between runs, as a crash or an operator leaves it. */
import { existsSync, readFileSync, truncateSync } from 'node:fs'

/**
 * Tears the journal's last line: cuts it at a random point and drops its newline, as a crash in
 * the middle of an append leaves a file. Answers whether there was a line to tear.
 */
export const tearTail = (path: string, at: number): boolean => {
  if (!existsSync(path)) return false
  const text = readFileSync(path, 'utf8')
  const body = text.endsWith('\n') ? text.slice(0, -1) : text
  const start = body.lastIndexOf('\n') + 1
  const last = body.slice(start)
  if (last.length < 2) return false
  const keep = 1 + Math.floor(at * (last.length - 1))
  truncateSync(path, Buffer.byteLength(body.slice(0, start + keep)))
  return true
}
