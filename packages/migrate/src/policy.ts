/**
 * The engine's one failure policy, per gateway, built on cockatiel: a circuit breaker over every
 * port call, and inside it a retry for reads only.
 *
 * Who retries what: core's HTTP client retries each request at the transport level (a request
 * that was not sent, a transient status on a safe request, a Retry-After it can wait out). The
 * engine adds one thing on top, for reads only: a page, a lookup or a read-back that still failed
 * transiently is asked again a few times, with the backoff of core's own `RetryPolicy` shape and
 * function, because a run cannot go on without it. That covers vaults that have no HTTP client
 * too (the memory vault's injected faults, a third-party adapter). Writes are never retried here:
 * the write protocol (`steps/writeProtocol.ts`) decides those.
 *
 * The breaker: after `breakAfter` consecutive calls to one gateway answered `Auth` or
 * `Unavailable` (any other answer, a refusal included, shows the gateway is there and resets the
 * count), the circuit opens. From then on every call to that gateway answers `Unavailable` at
 * once without being made, and `onBreak` tells the run, which stops taking customers and ends
 * `aborted` with the reason: a gateway that is down or refuses the credentials costs a few
 * seconds, not a run of futile work.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  DelegateBackoff,
  circuitBreaker,
  handleWhenResult,
  retry,
  wrap,
  type FailureReason,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel'
import {
  backoffDelayMs,
  defaultRetryPolicy,
  formatVaultError,
  vaultError,
  type RetryPolicy,
  type Vault,
  type VaultError,
} from '@vaultport/core'
import { mapPorts } from './mapPorts'

/** @category Migration */
export interface PolicySettings {
  /** Consecutive `Auth`/`Unavailable` answers from one gateway that open its circuit. Default 10. */
  readonly breakAfter?: number
  /** How the engine retries a read that still failed transiently (core's `RetryPolicy` shape). */
  readonly reads?: Partial<RetryPolicy>
}

/**
 * The engine's read retry: five attempts in all, short waits (the HTTP client waited already).
 * @category Migration
 */
export const engineReadPolicy: RetryPolicy = {
  ...defaultRetryPolicy,
  maxAttempts: 5,
  baseDelayMs: 25,
  maxDelayMs: 1_000,
  maxRetryAfterMs: 10_000,
}

/** @category Migration */
export const DEFAULT_BREAK_AFTER = 10

const isLeftAnswer = (u: unknown): u is E.Left<VaultError> =>
  typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'Left'

/** An answer that says the gateway is not there for us: down, or refusing the credentials. */
const isOutage = (u: unknown): boolean =>
  isLeftAnswer(u) && (u.left.kind === 'Auth' || u.left.kind === 'Unavailable')

/** A read answer worth asking again: a transient failure, or a read whose answer was lost. */
const isTransient = (u: unknown): boolean =>
  isLeftAnswer(u) &&
  (u.left.retry === 'backoff' || u.left.retry === 'after-delay' || u.left.kind === 'OutcomeUnknown')

/** The answer a policy counted as a failure (undefined for a thrown error). */
const failedValue = (reason: FailureReason<unknown>): unknown =>
  'value' in reason ? reason.value : undefined

/** The wait before retry `attempt`: the gateway's Retry-After when it gave one, else backoff. */
const readDelayMs = (policy: RetryPolicy, attempt: number, last: unknown): number => {
  const e = isLeftAnswer(last) ? last.left : undefined
  if (e?.kind === 'RateLimited' && e.retryAfterMs !== undefined)
    return Math.min(e.retryAfterMs, policy.maxRetryAfterMs)
  // Never less than the base: full jitter alone may not wait at all.
  return policy.baseDelayMs + backoffDelayMs(policy, attempt, Math.random)
}

/**
 * One gateway's policy: every call of the run to that gateway goes through it.
 * @category Migration
 */
export interface GatewayPolicy {
  /** A read: retried while it fails transiently, behind the breaker. */
  readonly read: <A>(task: TaskEither<VaultError, A>) => TaskEither<VaultError, A>
  /** A write: behind the breaker, never retried here. */
  readonly write: <A>(task: TaskEither<VaultError, A>) => TaskEither<VaultError, A>
  /** Why the circuit opened, once it has. */
  readonly broken: () => string | undefined
}

/**
 * The policy of the gateway the run calls `role` (`source`, `target`). `onBreak` is told once,
 * with the reason, when the circuit opens.
 * @category Migration
 */
export const gatewayPolicy = (
  role: string,
  gateway: string,
  settings: PolicySettings = {},
  onBreak: (reason: string) => void = () => undefined,
): GatewayPolicy => {
  const reads: RetryPolicy = { ...engineReadPolicy, ...settings.reads }
  const threshold = Math.max(1, settings.breakAfter ?? DEFAULT_BREAK_AFTER)
  const breaker = circuitBreaker(handleWhenResult(isOutage), {
    // Once open the run ends, so the circuit never needs to close again within it.
    halfOpenAfter: 24 * 60 * 60 * 1000,
    breaker: new ConsecutiveBreaker(threshold),
  })
  const retrying = retry(handleWhenResult(isTransient), {
    maxAttempts: Math.max(0, reads.maxAttempts - 1),
    backoff: new DelegateBackoff((ctx: IRetryBackoffContext<unknown>) =>
      readDelayMs(reads, ctx.attempt, failedValue(ctx.result)),
    ),
  })
  let reason: string | undefined
  breaker.onBreak((why) => {
    const value = 'isolated' in why ? undefined : failedValue(why)
    const last = isLeftAnswer(value) ? value.left : undefined
    reason = `the ${role} gateway (${gateway}) failed ${threshold} calls in a row${last === undefined ? '' : `; the last: ${formatVaultError(last)}`}`
    onBreak(reason)
  })
  const through =
    (policy: IPolicy) =>
    <A>(task: TaskEither<VaultError, A>): TaskEither<VaultError, A> =>
    async () => {
      try {
        return (await policy.execute(() => task())) as E.Either<VaultError, A>
      } catch (e) {
        if (!(e instanceof BrokenCircuitError)) throw e
        return E.left(
          vaultError(
            'Unavailable',
            { gateway, operation: 'circuit breaker' },
            `not called: ${reason ?? `the ${role} gateway's circuit is open`}`,
          ),
        )
      }
    }
  return {
    read: through(wrap(breaker, retrying)),
    write: through(breaker),
    broken: () => reason,
  }
}

/** The port operations that only read. */
const READS: ReadonlySet<string> = new Set(['get', 'list', 'findByReference', 'listByCustomer'])

/**
 * `vault` with every port call through `policy`: reads retried and broken, writes broken.
 * @category Migration
 */
export const guardedVault = (vault: Vault, policy: GatewayPolicy): Vault =>
  mapPorts(vault, (_port, name, call) => {
    const through = READS.has(name) ? policy.read : policy.write
    return (...args) => through(call(...args))
  })
