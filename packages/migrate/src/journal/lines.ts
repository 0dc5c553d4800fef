/**
 * The journal file's lines. Each entry is one line: an 8-hex-digit checksum (the start of the
 * SHA-256 of the JSON that follows), a space, the entry as JSON. A line whose checksum does not
 * match, or that cannot be read at all, is reported as damaged rather than silently dropped. A
 * line without a checksum (a journal written before checksums) is read as plain JSON. A last line
 * cut short by a crash (no newline after it) is a torn tail: its write never completed, so it is
 * ignored; the next append first ends it with a newline and a `torn` note, after which the
 * fragment is known for what it is and is not reported again.
 */
import { createHash } from 'node:crypto'
import type { JournalEntry } from '../journal'

const STATES: ReadonlySet<string> = new Set(['intent', 'done', 'failed', 'skipped', 'note'])

/** The key of the note an append writes after ending a torn tail. */
export const TORN_NOTE_KEY = '#|torn'

const checksum = (json: string): string =>
  createHash('sha256').update(json, 'utf8').digest('hex').slice(0, 8)

/**
 * One entry as one journal line, newline included.
 * @category Journal
 * @internal
 */
export const formatJournalLine = (entry: JournalEntry): string => {
  const json = JSON.stringify(entry)
  return `${checksum(json)} ${json}\n`
}

const asEntry = (json: string): JournalEntry | undefined => {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return undefined
  }
  const o = value as { k?: unknown; s?: unknown; at?: unknown } | null
  return typeof o === 'object' &&
    o !== null &&
    typeof o.k === 'string' &&
    typeof o.s === 'string' &&
    STATES.has(o.s)
    ? (value as JournalEntry)
    : undefined
}

/**
 * Why a line could not be taken in.
 * @category Journal
 */
export type LineDamage = 'checksum mismatch' | 'unreadable'

/**
 * One line read back: its entry, or why it is damaged; `undefined` for a blank line.
 * @category Journal
 * @internal
 */
export const parseJournalLine = (line: string): JournalEntry | LineDamage | undefined => {
  const text = line.replace(/\r$/, '')
  if (text.trim() === '') return undefined
  const m = /^([0-9a-f]{8}) (.*)$/.exec(text)
  if (m === null) return text.startsWith('{') ? (asEntry(text) ?? 'unreadable') : 'unreadable'
  const [, sum, json] = m as unknown as [string, string, string]
  if (checksum(json) !== sum) return 'checksum mismatch'
  return asEntry(json) ?? 'unreadable'
}

/** @category Journal */
export interface JournalDamage {
  /** 1-based line number in the file. */
  readonly line: number
  readonly reason: LineDamage
}

/**
 * A journal read back whole: its entries, its damaged lines, and whether its tail is torn.
 * @category Journal
 */
export interface JournalRead {
  readonly entries: ReadonlyArray<JournalEntry>
  readonly damage: ReadonlyArray<JournalDamage>
  /** The last line was cut short (no newline after it) and is ignored. */
  readonly tornTail: boolean
}

/**
 * Reads a journal file's text.
 * @category Journal
 * @internal
 */
export const parseJournal = (text: string): JournalRead => {
  const lines = text.split('\n')
  const entries: JournalEntry[] = []
  const damage: JournalDamage[] = []
  let tornTail = false
  let pending: JournalDamage | undefined
  lines.forEach((line, i) => {
    const r = parseJournalLine(line)
    if (r === undefined) return
    if (typeof r !== 'string') {
      // A damaged line followed by the note an append writes after a torn tail was that tail.
      if (pending !== undefined && r.k !== TORN_NOTE_KEY) damage.push(pending)
      pending = undefined
      entries.push(r)
      return
    }
    if (pending !== undefined) damage.push(pending)
    pending = { line: i + 1, reason: r }
    if (i === lines.length - 1) {
      tornTail = true // no newline after it: a write cut short, never confirmed
      pending = undefined
    }
  })
  if (pending !== undefined) damage.push(pending)
  return { entries, damage, tornTail }
}

/**
 * A damaged line in words, for reports.
 * @category Journal
 * @internal
 */
export const describeDamage = (d: JournalDamage): string =>
  `journal line ${d.line} is damaged (${d.reason}); its entry is ignored`
