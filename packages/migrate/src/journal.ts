/**
 * The journal makes a run crash-safe. Before every write to a vault the engine appends an
 * `intent`; after the vault confirms, a `done` with the id it produced. A run killed at any
 * instant leaves at most one unconfirmed intent per item, which the next run reconciles by
 * lookup before writing again. Entries carry ids and summaries only, never card data.
 *
 * A file journal is locked while in use (`journal/lock.ts`), checksums every line and survives a
 * torn last line (`journal/lines.ts`).
 */
import { promises as fs } from 'node:fs'
import * as E from 'fp-ts/Either'
import { TORN_NOTE_KEY, formatJournalLine, parseJournal, type JournalRead } from './journal/lines'
import { groupCommit } from './journal/groupCommit'
import { acquireLock, type HeldLock } from './journal/lock'

export {
  describeDamage,
  formatJournalLine,
  parseJournal,
  parseJournalLine,
  type JournalDamage,
  type JournalRead,
  type LineDamage,
} from './journal/lines'
export { acquireLock, describeHolder, type HeldLock, type LockHolder } from './journal/lock'
export { groupCommit, type GroupCommit, type GroupCommitOptions } from './journal/groupCommit'

// ---- model

/** @category Journal */
export type JournalEntry =
  | { readonly k: string; readonly s: 'intent'; readonly at: string; readonly data?: unknown }
  | {
      readonly k: string
      readonly s: 'done'
      readonly at: string
      readonly target: string
      readonly data?: unknown
    }
  | {
      readonly k: string
      readonly s: 'failed'
      readonly at: string
      readonly error: { readonly kind: string; readonly message: string }
    }
  | { readonly k: string; readonly s: 'skipped'; readonly at: string; readonly reason: string }
  /** Something the journal itself records (a repaired torn tail, the run's look-first mode). */
  | { readonly k: string; readonly s: 'note'; readonly at: string; readonly note: string }

/** @category Journal */
export interface Journal {
  /** Resolves once the entry is durable (or the journal's durability setting allows). */
  readonly append: (entry: JournalEntry) => Promise<void>
  /** Every entry written so far, in order; a torn last line and damaged lines are left out. */
  readonly read: () => Promise<ReadonlyArray<JournalEntry>>
  /** The same, with the damaged lines named; the engine uses it where a journal has it. */
  readonly readChecked?: () => Promise<JournalRead>
  /** Releases the file (and its lock), if any. The engine never closes a journal it was given. */
  readonly close?: () => Promise<void>
}

/** @category Journal */
export interface ItemState {
  readonly status: JournalEntry['s']
  readonly target?: string
  readonly data?: unknown
  /** For `failed`: the failure's kind (`failed`, `unresolved`, `target_mismatch`, …). */
  readonly failure?: string
}

/**
 * The latest state of every key.
 * @category Journal
 * @internal
 */
export const replay = (entries: ReadonlyArray<JournalEntry>): Map<string, ItemState> => {
  const state = new Map<string, ItemState>()
  for (const e of entries) {
    const previous = state.get(e.k)
    if (e.s === 'done')
      state.set(e.k, { status: 'done', target: e.target, data: e.data ?? previous?.data })
    else if (e.s === 'intent') state.set(e.k, { status: 'intent', data: e.data })
    else if (e.s === 'failed')
      state.set(e.k, { status: e.s, data: previous?.data, failure: e.error.kind })
    else state.set(e.k, { status: e.s, data: previous?.data })
  }
  return state
}

/**
 * A journal's entries and damaged lines, from `readChecked` where it has one.
 * @category Journal
 */
export const readJournal = async (journal: Journal): Promise<JournalRead> =>
  journal.readChecked !== undefined
    ? journal.readChecked()
    : { entries: await journal.read(), damage: [], tornTail: false }

// ---- journals

/** @category Journal */
export const memoryJournal = (
  initial: ReadonlyArray<JournalEntry> = [],
): Journal & { readonly entries: JournalEntry[] } => {
  const entries = [...initial]
  return {
    entries,
    append: async (entry) => {
      entries.push(entry)
    },
    read: async () => [...entries],
  }
}

/** @category Journal */
export interface FileJournalOptions {
  /** Each entry reaches the disk before `append` resolves. Default true. */
  readonly fsync?: boolean
  /** Take the journal's exclusive lock on first use. Default true. */
  readonly lock?: boolean
  /**
   * Group commit: how long the first append of an idle journal waits for others to share its
   * fsync. Default 0 (appends still share an fsync while one is in flight).
   */
  readonly groupWindowMs?: number
  /** How the file is made durable; default `file.sync()`. Tests count and fail fsyncs here. */
  readonly sync?: (file: fs.FileHandle) => Promise<void>
}

/** @category Journal */
export interface FileJournal extends Journal {
  readonly readChecked: () => Promise<JournalRead>
  readonly close: () => Promise<void>
  /**
   * Takes the lock now (reads and appends take it on first use anyway). Left: why the journal
   * cannot be used, naming the process that holds it.
   */
  readonly lock: () => Promise<E.Either<string, HeldLock>>
}

/** Whether the file ends in the middle of a line (a torn tail the next append must end first). */
const endsTorn = async (h: fs.FileHandle): Promise<boolean> => {
  const { size } = await h.stat()
  if (size === 0) return false
  const last = Buffer.alloc(1)
  await h.read(last, 0, 1, size - 1)
  return last[0] !== 0x0a
}

/** A torn last line: end it, and say so, so that nothing is glued to it. */
const endTornTail = async (h: fs.FileHandle): Promise<void> => {
  if (await endsTorn(h))
    await h.appendFile(
      `\n${formatJournalLine({ k: TORN_NOTE_KEY, s: 'note', at: new Date().toISOString(), note: 'the line above was torn by a crash and is ignored' })}`,
      'utf8',
    )
}

/**
 * A JSON-lines file, one checksummed entry a line. With `fsync` (the default) each entry reaches
 * the disk before its `append` resolves; without it a crash of the machine (not of the process)
 * can lose the last entries. Appends are group-committed: those that arrive while an fsync is in
 * flight are written together and covered by one fsync. Locked against a second run on first use
 * (`lock: false` to skip).
 * @category Journal
 */
export const fileJournal = (path: string, options: FileJournalOptions = {}): FileJournal => {
  const fsync = options.fsync ?? true
  const sync = options.sync ?? ((file: fs.FileHandle) => file.sync())
  let handle: Promise<fs.FileHandle> | undefined
  let locking: Promise<E.Either<string, HeldLock>> | undefined
  const lock = () => {
    locking ??= acquireLock(`${path}.lock`).then((r) => {
      if (E.isLeft(r)) locking = undefined // a later attempt may find it free
      return r
    })
    return locking
  }
  const locked = async () => {
    if (options.lock === false) return
    const r = await lock()
    if (E.isLeft(r)) throw new Error(`the journal ${path} cannot be used: ${r.left}`)
  }
  const open = () =>
    (handle ??= (async () => {
      await locked()
      const h = await fs.open(path, 'a+')
      await endTornTail(h) // before the first entry of this run
      return h
    })())
  const readChecked = async (): Promise<JournalRead> => {
    await locked()
    try {
      return parseJournal(await fs.readFile(path, 'utf8'))
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT')
        return { entries: [], damage: [], tornTail: false }
      throw e
    }
  }
  // One write and (with fsync) one fsync for each batch of lines; a line is acknowledged only
  // once the fsync after its write has returned.
  let afterFailure = false
  const committer = groupCommit<string>(
    async (lines) => {
      const h = await open()
      try {
        // A failed write may have left half a line: end it before writing after it.
        if (afterFailure) await endTornTail(h)
        await h.appendFile(lines.join(''), 'utf8')
        if (fsync) await sync(h)
        afterFailure = false
      } catch (e) {
        afterFailure = true
        throw e
      }
    },
    options.groupWindowMs === undefined ? {} : { windowMs: options.groupWindowMs },
  )
  return {
    append: (entry) => committer.submit(formatJournalLine(entry)),
    read: async () => (await readChecked()).entries,
    readChecked,
    lock,
    close: async () => {
      await committer.drain()
      if (handle !== undefined) await (await handle).close()
      handle = undefined
      const held = locking === undefined ? undefined : await locking
      locking = undefined
      if (held !== undefined && E.isRight(held)) await held.right.release()
    },
  }
}
