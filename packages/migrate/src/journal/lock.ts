/**
 * The journal's exclusive lock: a file beside the journal (`<journal>.lock`) naming the process
 * that holds it (pid, host, start time). It is made whole and at once (written to a private file,
 * then hard-linked into place, which fails if a lock is there already), so no reader ever sees
 * a half-written lock. A lock left by a process that is gone (same host, pid not alive, or a
 * zombie: exited, not yet reaped by its parent) is stale: it is named and taken over. A live
 * one, or one from another host (whose process cannot be checked from here), refuses the second
 * run and says who holds it.
 */
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { hostname } from 'node:os'
import * as E from 'fp-ts/Either'

/** @category Journal */
export interface LockHolder {
  readonly pid: number
  readonly host: string
  readonly startedAt: string
  readonly nonce?: string
}

/** @category Journal */
export interface HeldLock {
  /** Set when a stale lock was taken over: whose it was. */
  readonly tookOver?: string
  readonly release: () => Promise<void>
}

/**
 * @category Journal
 * @internal
 */
export const describeHolder = (h: LockHolder): string =>
  `pid ${h.pid} on host ${h.host}, started ${h.startedAt}`

/**
 * The state letter of a Linux `/proc/<pid>/stat` line (`R`, `S`, `Z`, …): the first field after
 * the command name, which is in parentheses and may itself hold spaces and parentheses.
 */
export const procStatState = (stat: string): string | undefined => {
  const close = stat.lastIndexOf(')')
  return close < 0 ? undefined : /^\s*(\S)/.exec(stat.slice(close + 1))?.[1]
}

/**
 * Whether `/proc` (on Linux) says `pid` is gone although a signal still reaches it: a zombie
 * (`Z`, or `X` while it is reaped) has exited and merely waits for its parent to reap it, and an
 * entry missing from a mounted `/proc` is a process that has gone meanwhile.
 */
const goneByProc = async (pid: number): Promise<boolean> => {
  if (process.platform !== 'linux') return false
  try {
    const state = procStatState(await fs.readFile(`/proc/${pid}/stat`, 'utf8'))
    return state === 'Z' || state === 'X'
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') return false
    // No /proc mounted at all says nothing about the process.
    return fs.access('/proc/self/stat').then(
      () => true,
      () => false,
    )
  }
}

const isAlive = async (pid: number): Promise<boolean> => {
  try {
    process.kill(pid, 0)
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    if ((e as { code?: string }).code !== 'EPERM') return false
  }
  return !(await goneByProc(pid))
}

const readHolder = async (path: string): Promise<LockHolder | 'absent' | 'unreadable'> => {
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return 'absent'
    throw e
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>
    return typeof h.pid === 'number' && typeof h.host === 'string'
      ? { pid: h.pid, host: h.host, startedAt: String(h.startedAt), nonce: String(h.nonce) }
      : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

const sameHolder = (a: LockHolder | 'absent' | 'unreadable', b: LockHolder): boolean =>
  typeof a === 'object' && a.pid === b.pid && a.host === b.host && a.nonce === b.nonce

/** Links a complete lock file naming `me` into place; false if a lock is there already. */
const place = async (path: string, me: LockHolder): Promise<boolean> => {
  const own = `${path}.${me.nonce ?? 'x'}.tmp`
  await fs.writeFile(own, `${JSON.stringify(me)}\n`, { encoding: 'utf8', flag: 'w' })
  try {
    await fs.link(own, path)
    return true
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e
    // A file system without hard links: an exclusive create, then the content.
    try {
      await fs.writeFile(path, `${JSON.stringify(me)}\n`, { encoding: 'utf8', flag: 'wx' })
      return true
    } catch (e2) {
      if ((e2 as { code?: string }).code === 'EEXIST') return false
      throw e2
    }
  } finally {
    await fs.rm(own, { force: true })
  }
}

/** Moves a stale lock aside and deletes it, unless another run took it over meanwhile. */
const clearStale = async (path: string, stale: LockHolder, nonce: string): Promise<void> => {
  const aside = `${path}.${nonce}.stale`
  try {
    await fs.rename(path, aside)
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return // someone else cleared it
    throw e
  }
  if (!sameHolder(await readHolder(aside), stale)) {
    // Another run took the lock over between our read and the move: put its lock back.
    await fs.link(aside, path).catch(() => undefined)
  }
  await fs.rm(aside, { force: true })
}

/**
 * Takes the lock at `path`. Left: why not, naming the holder. A stale lock is taken over and
 * named in `tookOver`.
 * @category Journal
 * @internal
 */
export const acquireLock = async (
  path: string,
  now: () => Date = () => new Date(),
): Promise<E.Either<string, HeldLock>> => {
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: now().toISOString(),
    nonce: randomBytes(6).toString('hex'),
  }
  const release = async () => {
    if (sameHolder(await readHolder(path), me)) await fs.rm(path, { force: true })
  }
  let tookOver: string | undefined
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await place(path, me))
      return E.right(tookOver === undefined ? { release } : { tookOver, release })
    const holder = await readHolder(path)
    if (holder === 'absent') continue
    if (holder === 'unreadable')
      return E.left(
        `it is locked by ${path}, which cannot be read; if no run is using the journal, delete that file`,
      )
    if (holder.host === me.host && !(await isAlive(holder.pid))) {
      tookOver = `a stale lock (${describeHolder(holder)}; that process is gone) was taken over`
      await clearStale(path, holder, me.nonce ?? 'x')
      continue
    }
    return E.left(
      holder.host === me.host
        ? `another run is using it: ${describeHolder(holder)}; wait for it to finish or stop it`
        : `a run on another host holds its lock: ${describeHolder(holder)}; vaultport cannot tell from here whether it still runs; if it does not, delete ${path}`,
    )
  }
  return E.left(`its lock ${path} keeps changing hands; try again`)
}
