/**
 * The write protocol, the one way the run writes anything to a vault: `intent` → vault call →
 * `done` in the journal. Any item the journal has ever heard of (left at `intent`, `failed`,
 * anything but `done`) is looked up at the vault before any further write, and so is every item
 * of a run in look-first mode; a lookup that fails is not "absent": the item is left unresolved
 * for this run (journaled, reported, looked up again next run), never written blindly. A write
 * the vault confirmed whose record could not be read (`ConfirmedUnread`) is done, with its id.
 */
import * as E from 'fp-ts/Either'
import { formatVaultError, type VaultError } from '@vaultport/core'
import type { JournalEntry } from '../journal'
import type { RunContext } from '../run/context'
import { remember } from '../run/ledger'

/** The target id a write produced, and what to journal with it. */
export interface Found {
  readonly target: string
  readonly data?: unknown
}

/** What a lookup found: the item, nothing, or more than one source item's match. */
export type Lookup =
  | { readonly kind: 'found'; readonly target: string; readonly data?: unknown }
  /** `taken`: a target item matches, but another source item holds it (in words). */
  | { readonly kind: 'absent'; readonly taken?: string }
  | { readonly kind: 'ambiguous'; readonly message: string }

export const absent: Lookup = { kind: 'absent' }

/** A write of one item. */
export type ItemWrite = () => Promise<E.Either<VaultError, Found>>

/**
 * A lookup of one item. `fresh`: the item may have been written moments ago (by this run), so
 * the lookup must read the vault as it is now, not a listing taken earlier.
 */
export type ItemLookup = (fresh: boolean) => Promise<E.Either<VaultError, Lookup>>

export interface Item {
  readonly key: string
  readonly intentData: unknown
  readonly write: ItemWrite
  readonly lookup: ItemLookup
  /** Look it up before its first write even if the journal has never heard of it. */
  readonly lookFirst?: boolean
}

/** An item at its target: where, whether this run wrote it, and how it was settled. */
export interface Moved {
  readonly target: string
  /** This call sent a write (one that may have landed): the run changed the target. */
  readonly wrote: boolean
  readonly via: 'journal' | 'lookup' | 'write'
}

/** Why an item did not move: it failed, its lookup failed (`unresolved`), or it is ambiguous. */
export interface ItemFailure {
  /** `target_mismatch`: a schedule's copy read back different from its plan (and was removed). */
  readonly code: 'failed' | 'unresolved' | 'ambiguous_match' | 'target_mismatch'
  readonly message: string
}

/** A journal write failed: the run must stop, whatever else is in flight. */
export class JournalFailure {
  constructor(readonly reason: string) {}
}

/**
 * Failures after which the item is reported rather than retried. Every other failure
 * (`OutcomeUnknown`, `Unavailable`, `RateLimited`, an unreadable answer) may hide a write that
 * landed, so the item is looked up before it is written again.
 */
const DID_NOT_WRITE: ReadonlySet<VaultError['kind']> = new Set([
  'Validation',
  'NotFound',
  'Auth',
  'Unsupported',
])

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Appends to the journal, then to the ledger; a journal that fails stops the run. */
export const append = (ctx: RunContext) => async (entry: JournalEntry) => {
  // Past a stop's grace the run has ended and its journal may be closed: what is still in
  // flight writes nothing more (an intent already journaled is looked up by the next run).
  if (ctx.halt.signal.aborted) throw new JournalFailure('the run had already ended (stopped)')
  try {
    await ctx.options.journal.append(entry)
  } catch (e) {
    throw new JournalFailure(e instanceof Error ? e.message : String(e))
  }
  remember(ctx.ledger)(entry)
}

const stamp = (ctx: RunContext) => ctx.now().toISOString()

/** One call of `ensure`: what it has done so far. */
interface Attempts {
  wrote: boolean
  lastError: string
}

type Settled = E.Either<ItemFailure, Moved>

const confirm = async (
  ctx: RunContext,
  key: string,
  found: Found,
  via: Moved['via'],
  run: Attempts,
): Promise<Settled> => {
  await append(ctx)({
    k: key,
    s: 'done',
    at: stamp(ctx),
    target: found.target,
    ...(found.data === undefined ? {} : { data: found.data }),
  })
  return E.right({ target: found.target, wrote: run.wrote, via })
}

/** Journals item `key` as failed (so the next run looks it up first), and answers the failure. */
export const fail = async (
  ctx: RunContext,
  key: string,
  failure: ItemFailure,
): Promise<Settled> => {
  await append(ctx)({
    k: key,
    s: 'failed',
    at: stamp(ctx),
    error: { kind: failure.code, message: failure.message },
  })
  return E.left(failure)
}

const unresolved = (e: VaultError, before?: string): ItemFailure => ({
  code: 'unresolved',
  message: `${before === undefined ? '' : `${before}; then `}lookup failed: ${formatVaultError(e)} (not written again: it is looked up again on the next run)`,
})

/** A lookup's answer settled: found → done, ambiguous → reported, absent → `undefined`. */
const settleLookup = async (
  ctx: RunContext,
  item: Item,
  seen: E.Either<VaultError, Lookup>,
  run: Attempts,
  before?: string,
): Promise<Settled | Extract<Lookup, { kind: 'absent' }>> => {
  if (E.isLeft(seen)) return fail(ctx, item.key, unresolved(seen.left, before))
  const l = seen.right
  if (l.kind === 'found') {
    // An item found with no intent of its own journaled (look-first) keeps what it would have.
    const bare = l.data === undefined && ctx.ledger.state.get(item.key)?.data === undefined
    return confirm(ctx, item.key, bare ? { ...l, data: item.intentData } : l, 'lookup', run)
  }
  if (l.kind === 'ambiguous')
    return fail(ctx, item.key, { code: 'ambiguous_match', message: l.message })
  return l
}

/** One write: done, failed for good (`'stop'`), or worth a lookup and another try (`'again'`). */
const writeOnce = async (
  ctx: RunContext,
  item: Item,
  run: Attempts,
): Promise<Settled | 'stop' | 'again'> => {
  await append(ctx)({ k: item.key, s: 'intent', at: stamp(ctx), data: item.intentData })
  run.wrote = true
  const result = await item.write()
  if (E.isRight(result)) return confirm(ctx, item.key, result.right, 'write', run)
  const e = result.left
  // The vault confirmed the write and named what it made: done, whatever the read-back did.
  if (e.kind === 'ConfirmedUnread')
    return confirm(ctx, item.key, { target: e.writtenId }, 'write', run)
  run.lastError = formatVaultError(e)
  // These answers say the write did not happen and will not on a retry.
  if (DID_NOT_WRITE.has(e.kind)) return 'stop'
  // A conflict may be an earlier attempt of ours that did land: only a lookup can tell.
  if (e.kind === 'Conflict') {
    const seen = await settleLookup(ctx, item, await item.lookup(true), run, run.lastError)
    if (!('kind' in seen)) return seen
    if (seen.taken === undefined) return 'stop'
    return fail(ctx, item.key, {
      code: 'ambiguous_match',
      message: `${run.lastError}; and ${seen.taken}`,
    })
  }
  if (e.kind === 'RateLimited' && e.retryAfterMs !== undefined)
    await pause(Math.min(e.retryAfterMs, 10_000))
  return 'again'
}

/**
 * The write protocol for one item: done already → its target; known to the journal in any
 * other state, or in look-first mode → look it up first; otherwise intent, write, done. After any
 * failed write the item is looked up again before the next attempt, because a write that
 * answered with an error may still have happened. Answers where the item is, or why it did not
 * move (also journaled, as `failed`).
 */
export const ensure =
  (ctx: RunContext) =>
  async (item: Item): Promise<Settled> => {
    const current = ctx.ledger.state.get(item.key)
    if (current?.status === 'done' && current.target !== undefined)
      return E.right({ target: current.target, wrote: false, via: 'journal' })
    const run: Attempts = { wrote: false, lastError: 'not attempted' }
    let needsLookup = current !== undefined || ctx.lookFirst || item.lookFirst === true
    for (let attempt = 0; attempt < ctx.maxAttempts; attempt++) {
      if (needsLookup) {
        const fresh = current !== undefined || run.wrote
        const seen = await settleLookup(ctx, item, await item.lookup(fresh), run)
        if (!('kind' in seen)) return seen
      }
      const outcome = await writeOnce(ctx, item, run)
      if (outcome === 'stop') break
      if (outcome !== 'again') return outcome
      needsLookup = true
    }
    return fail(ctx, item.key, { code: 'failed', message: run.lastError })
  }

/**
 * An item looked up, never written: done already → its target; found → done; a failed or
 * ambiguous lookup → failed (journaled); absent → `undefined`, and nothing is journaled.
 */
export const lookOnly =
  (ctx: RunContext) =>
  async (item: Pick<Item, 'key' | 'lookup' | 'intentData'>): Promise<Settled | undefined> => {
    const current = ctx.ledger.state.get(item.key)
    if (current?.status === 'done' && current.target !== undefined)
      return E.right({ target: current.target, wrote: false, via: 'journal' })
    const full: Item = { ...item, write: async () => E.right({ target: '' }) }
    const run: Attempts = { wrote: false, lastError: 'not attempted' }
    const seen = await settleLookup(ctx, full, await item.lookup(true), run)
    return 'kind' in seen ? undefined : seen
  }
