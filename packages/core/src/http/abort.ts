/**
 * A call's abort signals, as one request of the client sees them: one signal for the transport,
 * and a way to stop waiting (for the limiter, a token, a backoff, an answer) the moment any of
 * them fires. Listeners on the caller's signals are removed when the request ends, so a
 * long-lived signal (an application's shutdown signal, say) does not collect them.
 */
import { vaultError, type ErrorContext, type VaultError } from '../errors'
import type { Redactor } from '../redact'
import type { HttpRequest } from './client'
import type { Limiter } from './limiter'

export const ABORTED: unique symbol = Symbol('aborted')
export type Aborted = typeof ABORTED

export interface AbortWatch {
  /** Aborted when any of the call's signals is. */
  readonly signal: AbortSignal
  /** Resolves with `ABORTED` when the signal fires; never rejects. */
  readonly fired: Promise<Aborted>
  readonly dispose: () => void
}

/** Watches `signals`; undefined when there are none (the common case costs nothing). */
export const watchAbort = (signals: ReadonlyArray<AbortSignal>): AbortWatch | undefined => {
  if (signals.length === 0) return undefined
  const controller = new AbortController()
  const removers: Array<() => void> = []
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason)
      break
    }
    const onAbort = () => controller.abort(s.reason)
    s.addEventListener('abort', onAbort, { once: true })
    removers.push(() => s.removeEventListener('abort', onAbort))
  }
  const signal = controller.signal
  const fired = new Promise<Aborted>((resolve) => {
    if (signal.aborted) resolve(ABORTED)
    else signal.addEventListener('abort', () => resolve(ABORTED), { once: true })
  })
  return {
    signal,
    fired,
    dispose: () => {
      for (const remove of removers) remove()
      removers.length = 0
    },
  }
}

/** Whether the call has been aborted (a function: the answer changes across awaits). */
export const isAborted = (watch: AbortWatch | undefined): boolean => watch?.signal.aborted === true

/** `p`, or `ABORTED` if the call is aborted first. */
export const unlessAborted = <A>(
  watch: AbortWatch | undefined,
  p: Promise<A>,
): Promise<A | Aborted> => (watch === undefined ? p : Promise.race([p, watch.fired]))

const MAX_REASON = 200

/**
 * Why the caller aborted, for an error's message: ` (<reason>)`, or nothing for a plain
 * `abort()` (whose reason only says that it aborted).
 */
export const abortReasonText = (watch: AbortWatch | undefined): string => {
  const reason: unknown = watch?.signal.reason
  const text =
    reason instanceof Error
      ? reason.name === 'AbortError'
        ? undefined
        : reason.message
      : typeof reason === 'string'
        ? reason
        : undefined
  if (text === undefined || text.trim() === '') return ''
  return ` (${text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text})`
}

/** Where an aborted call was: nothing of this attempt sent, or a request on its way. */
export type AbortStage = 'unsent' | 'in-flight'

/**
 * The caller aborted: `Unavailable` when nothing was sent, or when what was sent is safe to
 * send again; `OutcomeUnknown` for a write already on its way.
 */
export const abortedCall = (
  gateway: string,
  ctx: ErrorContext,
  req: HttpRequest,
  stage: AbortStage,
  abort: AbortWatch | undefined,
  scrub: () => Redactor,
): VaultError => {
  const why = scrub().text(abortReasonText(abort))
  if (stage === 'unsent')
    return vaultError(
      'Unavailable',
      ctx,
      `call aborted${why}; the request was not sent to ${gateway}`,
    )
  return req.idempotent
    ? vaultError('Unavailable', ctx, `call aborted${why} before ${gateway} answered`)
    : vaultError(
        'OutcomeUnknown',
        ctx,
        `call aborted${why} after the write was sent to ${gateway}; the write may have happened`,
      )
}

/** A slot from the limiter, unless the call is aborted while it waits for one. */
export const acquireSlot = async (
  limiter: Limiter,
  abort: AbortWatch | undefined,
): Promise<(() => void) | Aborted> => {
  if (isAborted(abort)) return ABORTED
  const acquiring = limiter.acquire()
  const slot = await unlessAborted(abort, acquiring)
  // The slot still comes, later: hand it straight back.
  if (slot === ABORTED) void acquiring.then((release) => release())
  return slot
}
