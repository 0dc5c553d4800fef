/**
 * The journal makes a run crash-safe. Before every write to a vault the engine appends an
 * `intent`; after the vault confirms, a `done` with the id it produced. A run killed at any
 * instant leaves at most one unconfirmed intent per item, which the next run reconciles by
 * lookup before writing again. Entries carry ids and summaries only, never card data.
 */
import { promises as fs } from 'node:fs'

// ---- model

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

export interface Journal {
  /** Resolves once the entry is durable (or the journal's durability setting allows). */
  readonly append: (entry: JournalEntry) => Promise<void>
  /** Every entry written so far, in order; a torn last line is ignored. */
  readonly read: () => Promise<ReadonlyArray<JournalEntry>>
  /** Releases the file, if any. The engine never closes a journal it was given. */
  readonly close?: () => Promise<void>
}

export interface ItemState {
  readonly status: JournalEntry['s']
  readonly target?: string
  readonly data?: unknown
}

/** The latest state of every key. */
export const replay = (entries: ReadonlyArray<JournalEntry>): Map<string, ItemState> => {
  const state = new Map<string, ItemState>()
  for (const e of entries) {
    const previous = state.get(e.k)
    if (e.s === 'done')
      state.set(e.k, { status: 'done', target: e.target, data: e.data ?? previous?.data })
    else if (e.s === 'intent') state.set(e.k, { status: 'intent', data: e.data })
    else state.set(e.k, { status: e.s, data: previous?.data })
  }
  return state
}

// ---- journals

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

const parseLines = (text: string): JournalEntry[] =>
  text.split('\n').flatMap((line) => {
    if (line.trim() === '') return []
    try {
      return [JSON.parse(line) as JournalEntry]
    } catch {
      return [] // a line torn by a crash mid-write: its item stays unconfirmed and is reconciled
    }
  })

/**
 * A JSON-lines file. With `fsync` (the default) each entry reaches the disk before the engine
 * moves on; without it a crash of the machine (not of the process) can lose the last entries.
 */
export const fileJournal = (path: string, options: { readonly fsync?: boolean } = {}): Journal => {
  const fsync = options.fsync ?? true
  let handle: Promise<fs.FileHandle> | undefined
  let chain: Promise<void> = Promise.resolve()
  const open = () => (handle ??= fs.open(path, 'a'))
  return {
    append: (entry) => {
      const line = `${JSON.stringify(entry)}\n`
      chain = chain.then(async () => {
        const h = await open()
        await h.appendFile(line, 'utf8')
        if (fsync) await h.sync()
      })
      return chain
    },
    read: async () => {
      try {
        return parseLines(await fs.readFile(path, 'utf8'))
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return []
        throw e
      }
    },
    close: async () => {
      await chain
      if (handle !== undefined) await (await handle).close()
      handle = undefined
    },
  }
}
