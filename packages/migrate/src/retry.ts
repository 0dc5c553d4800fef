/**
 * Reads during a migration (the source, reconciliation lookups, verification) are safe to
 * repeat, so a transient failure is retried here with backoff, honouring a gateway's
 * Retry-After. Writes are never retried here: the write protocol (`steps/writeProtocol.ts`)
 * decides those.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import type { VaultError } from '@vaultport/core'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const retryRead = async <A>(
  read: TaskEither<VaultError, A>,
  attempts = 5,
  baseDelayMs = 25,
): Promise<E.Either<VaultError, A>> => {
  let result = await read()
  for (let i = 1; i < attempts && E.isLeft(result); i++) {
    const e = result.left
    if (e.retry !== 'backoff' && e.retry !== 'after-delay' && e.kind !== 'OutcomeUnknown')
      return result
    await sleep(
      e.kind === 'RateLimited' && e.retryAfterMs !== undefined
        ? Math.min(e.retryAfterMs, 10_000)
        : baseDelayMs * 2 ** i,
    )
    result = await read()
  }
  return result
}
