/**
 * What the HTTP client does around each attempt to keep to a gateway's rate: it waits for the
 * call's limiters (a migration's own rate, say) and then its own, so every attempt — retries
 * included — counts as one request; once the attempt ended it learns from the answer (a 429
 * lowers the rate; rate headers that say the allowance is spent hold every request back until it
 * renews) and tells the call's observers what happened.
 */
import type { AttemptReport } from '../callOptions'
import { ABORTED, acquireSlot, type Aborted, type AbortWatch } from './abort'
import { createLimiter, type AdjustableLimiter, type Limiter } from './limiter'
import { allowanceSpentUntil, createRateLearner, type RateLearner } from './rateLearning'
import type { TransportResult } from './transport'

export interface PacingConfig {
  readonly maxConcurrency?: number
  readonly requestsPerSecond?: number
  readonly burst?: number
  /** Learn the gateway's rate from its refusals. Default true. */
  readonly learnRate?: boolean
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
}

/** The client's own limiter and what it learned of the gateway's rate. */
export interface Pacing {
  readonly limiter: AdjustableLimiter
  readonly learner: RateLearner | undefined
  readonly now: () => number
}

/** Leave to send one attempt: give it back (`release`) once the attempt ended. */
export interface Permit {
  readonly release: () => void
  readonly queuedMs: number
  readonly sentAt: number
}

/** What the gateway's rate learning and the observers hear of one attempt. */
export interface AttemptFacts {
  readonly gateway: string
  readonly operation: string
  readonly result: TransportResult
  readonly permit: Permit
}

export const createPacing = (config: PacingConfig): Pacing => ({
  limiter: createLimiter({
    now: config.now,
    sleep: config.sleep,
    ...(config.maxConcurrency === undefined ? {} : { maxConcurrency: config.maxConcurrency }),
    ...(config.requestsPerSecond === undefined
      ? {}
      : { requestsPerSecond: config.requestsPerSecond }),
    ...(config.burst === undefined ? {} : { burst: config.burst }),
  }),
  learner: config.learnRate === false ? undefined : createRateLearner({ now: config.now }),
  now: config.now,
})

/**
 * Waits for every limiter the attempt is under, the call's first (so that waiting for the
 * caller's rate does not hold one of the client's slots). An abort ends the wait and hands back
 * whatever was already taken.
 */
export const admit = async (
  pacing: Pacing,
  callLimiters: ReadonlyArray<Limiter>,
  abort: AbortWatch | undefined,
): Promise<Permit | Aborted> => {
  const started = pacing.now()
  const releases: Array<() => void> = []
  for (const limiter of [...callLimiters, pacing.limiter]) {
    const release = await acquireSlot(limiter, abort)
    if (release === ABORTED) {
      for (const r of releases) r()
      return ABORTED
    }
    releases.push(release)
  }
  const { learner, limiter } = pacing
  if (learner?.probe(limiter.takeWaited()) === true) limiter.setRate(learner.rate())
  const sentAt = pacing.now()
  return {
    release: () => {
      for (const r of releases) r()
    },
    queuedMs: sentAt - started,
    sentAt,
  }
}

/** Learns what the answer says of the gateway's rate. */
const learn = (pacing: Pacing, result: TransportResult, sentAt: number): void => {
  if (result.kind !== 'response') return
  const { limiter, learner } = pacing
  const { status, headers } = result.response
  const t = pacing.now()
  if (status === 429) {
    // The refused request itself waits its Retry-After (the client's 429 branch).
    if (learner?.refused(sentAt) === true) limiter.setRate(learner.rate())
    return
  }
  learner?.accepted(sentAt)
  const spentUntil = allowanceSpentUntil(headers, t)
  if (spentUntil !== undefined) limiter.holdUntil(spentUntil)
}

/** After an attempt ended: its slot back, the rate learned, the call's observers told. */
export const attemptEnded = (
  pacing: Pacing,
  observers: ReadonlyArray<(report: AttemptReport) => void>,
  facts: AttemptFacts,
): void => {
  const { result, permit } = facts
  permit.release()
  learn(pacing, result, permit.sentAt)
  if (observers.length === 0) return
  const report: AttemptReport = {
    gateway: facts.gateway,
    operation: facts.operation,
    status: result.kind === 'response' ? result.response.status : undefined,
    latencyMs: pacing.now() - permit.sentAt,
    queuedMs: permit.queuedMs,
    clientRate: pacing.limiter.rate(),
  }
  for (const observe of observers) {
    // An observer's bug must not end the request.
    try {
      observe(report)
    } catch {
      /* ignored: the observer is the caller's */
    }
  }
}
