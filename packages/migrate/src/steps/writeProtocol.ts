/**
 * The write protocol, the one way the run writes anything to a vault: `intent` → vault call →
 * `done` in the journal, with a lookup at the vault before any write that may repeat one that
 * landed. An item left at `intent` (a crash, an `OutcomeUnknown`) is looked up before it is
 * written again, so a resumed run neither duplicates nor loses anything.
 */
import * as E from 'fp-ts/Either'
import { formatVaultError, type VaultError } from '@vaultport/core'
import type { JournalEntry } from '../journal'
import type { RunContext } from '../run/context'
import { remember } from '../run/ledger'

/** The target id a write produced or a lookup found, and what to journal with it. */
export type Found = { readonly target: string; readonly data?: unknown } | undefined

/** A write of one item, or a lookup of it (`undefined`: not there). */
export type ItemCall = () => Promise<E.Either<VaultError, Found>>

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

/** The lookup of an item that cannot be found again: its write is simply tried again. */
export const noLookup: ItemCall = async () => E.right(undefined)

/** Appends to the journal, then to the ledger; a journal that fails stops the run. */
export const append = (ctx: RunContext) => async (entry: JournalEntry) => {
  try {
    await ctx.options.journal.append(entry)
  } catch (e) {
    throw new JournalFailure(e instanceof Error ? e.message : String(e))
  }
  remember(ctx.ledger)(entry)
}

const stamp = (ctx: RunContext) => ctx.now().toISOString()

const confirm =
  (ctx: RunContext) =>
  async (key: string, found: NonNullable<Found>): Promise<E.Either<string, string>> => {
    await append(ctx)({
      k: key,
      s: 'done',
      at: stamp(ctx),
      target: found.target,
      ...(found.data === undefined ? {} : { data: found.data }),
    })
    return E.right(found.target)
  }

/**
 * The write protocol for one item: done already → its target; left at intent → look it up;
 * otherwise intent, write, done. After any failed write the item is looked up again before
 * the next attempt, because a write that answered with an error may still have happened.
 * Answers the target id, or why the item did not move (also journaled, as `failed`).
 */
export const ensure =
  (ctx: RunContext) =>
  async (
    key: string,
    intentData: unknown,
    write: ItemCall,
    reconcile: ItemCall,
  ): Promise<E.Either<string, string>> => {
    const current = ctx.ledger.state.get(key)
    if (current?.status === 'done' && current.target !== undefined) return E.right(current.target)
    let needsLookup = current?.status === 'intent'
    let lastError = 'not attempted'
    for (let attempt = 0; attempt < ctx.maxAttempts; attempt++) {
      if (needsLookup) {
        const found = await reconcile()
        if (E.isRight(found) && found.right !== undefined) {
          return confirm(ctx)(key, found.right)
        }
        if (E.isLeft(found)) {
          lastError = `lookup failed: ${formatVaultError(found.left)}`
          continue
        }
      }
      await append(ctx)({ k: key, s: 'intent', at: stamp(ctx), data: intentData })
      const result = await write()
      if (E.isRight(result) && result.right !== undefined) {
        return confirm(ctx)(key, result.right)
      }
      if (E.isLeft(result)) {
        const e = result.left
        lastError = formatVaultError(e)
        // These answers say the write did not happen and will not on a retry.
        if (DID_NOT_WRITE.has(e.kind)) break
        // A conflict may be an earlier attempt of ours that did land: only a lookup can tell.
        if (e.kind === 'Conflict') {
          const found = await reconcile()
          if (E.isRight(found) && found.right !== undefined) {
            return confirm(ctx)(key, found.right)
          }
          break
        }
        if (e.kind === 'RateLimited' && e.retryAfterMs !== undefined)
          await pause(Math.min(e.retryAfterMs, 10_000))
      }
      needsLookup = true
    }
    await append(ctx)({
      k: key,
      s: 'failed',
      at: stamp(ctx),
      error: { kind: 'migration', message: lastError },
    })
    return E.left(lastError)
  }
