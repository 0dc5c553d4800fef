/**
 * Group commit: entries that arrive while a commit is in flight (or within a short window of the
 * first) are committed together by one `commit` call — one fsync, one transaction — and each
 * entry's promise settles only with the commit that covered it. Commits run one at a time and in
 * arrival order, so the journal's order is the order of `submit` calls. A failed commit rejects
 * exactly the entries it covered; later entries get a commit of their own.
 * @category Journal
 */

export interface GroupCommitOptions {
  /**
   * How long the first entry of an idle journal waits for company before its commit starts.
   * Default 0: no added wait (entries still group while a commit is in flight).
   */
  readonly windowMs?: number
  /** The most entries one commit covers. Default 1000. */
  readonly maxBatch?: number
}

/** @category Journal */
export interface GroupCommit<T> {
  /** Resolves once the commit that covers `item` has succeeded; rejects with its error. */
  readonly submit: (item: T) => Promise<void>
  /** Resolves once every entry submitted so far has been committed or has failed. */
  readonly drain: () => Promise<void>
}

interface Pending<T> {
  readonly item: T
  readonly resolve: () => void
  readonly reject: (e: unknown) => void
}

interface State<T> {
  readonly commit: (batch: ReadonlyArray<T>) => Promise<void>
  readonly windowMs: number
  readonly maxBatch: number
  queue: Pending<T>[]
  /** A commit is running, or scheduled to start. */
  busy: boolean
  idle: Array<() => void>
}

/** Takes the next batch off the queue and commits it; then the next, until the queue is empty. */
const runCommits = async <T>(state: State<T>): Promise<void> => {
  while (state.queue.length > 0) {
    const batch = state.queue.splice(0, state.maxBatch)
    try {
      await state.commit(batch.map((p) => p.item))
      for (const p of batch) p.resolve()
    } catch (e) {
      for (const p of batch) p.reject(e)
    }
  }
  state.busy = false
  for (const wake of state.idle.splice(0)) wake()
}

const schedule = <T>(state: State<T>): void => {
  state.busy = true
  const start = () => void runCommits(state)
  // setImmediate lets the entries of the same turn of the event loop join the first commit.
  if (state.windowMs > 0) setTimeout(start, state.windowMs)
  else setImmediate(start)
}

/**
 * A group committer over `commit`, which writes a batch and makes it durable (or rejects).
 * @category Journal
 */
export const groupCommit = <T>(
  commit: (batch: ReadonlyArray<T>) => Promise<void>,
  options: GroupCommitOptions = {},
): GroupCommit<T> => {
  const state: State<T> = {
    commit,
    windowMs: options.windowMs ?? 0,
    maxBatch: Math.max(1, options.maxBatch ?? 1000),
    queue: [],
    busy: false,
    idle: [],
  }
  return {
    submit: (item) =>
      new Promise<void>((resolve, reject) => {
        state.queue.push({ item, resolve, reject })
        if (!state.busy) schedule(state)
      }),
    drain: () =>
      state.busy ? new Promise<void>((resolve) => state.idle.push(resolve)) : Promise.resolve(),
  }
}
