/**
 * The run's limits on the target and what the target's answers say. The run's own rate
 * (`targetRequestsPerSecond`, `--rate`) is a limiter every HTTP request to the target waits for
 * — every attempt of every request, retries included, not every port call: a Valor create is
 * four requests — on top of the adapter's own limits, so a migration leaves room for the
 * merchant's live traffic. The meter counts what the target's HTTP client reports of each
 * attempt, for sizing the run's concurrency (`concurrency.ts`).
 */
import { createLimiter, withCallOptions, type AttemptReport, type Vault } from '@vaultport/core'

/** What the target's attempts added up to so far. */
export interface MeterTotals {
  readonly attempts: number
  /** Attempts the target refused with 429. */
  readonly refused: number
  /** Summed over every attempt: time on the wire, time waiting for the limiters. */
  readonly latencyMs: number
  readonly queuedMs: number
  /** The rate the target's client last said it holds the target to (configured or learned). */
  readonly clientRate: number | undefined
}

export interface TargetMeter {
  readonly observe: (report: AttemptReport) => void
  readonly totals: () => MeterTotals
}

export const createTargetMeter = (): TargetMeter => {
  let attempts = 0
  let refused = 0
  let latencyMs = 0
  let queuedMs = 0
  let clientRate: number | undefined
  return {
    observe: (report) => {
      attempts++
      if (report.status === 429) refused++
      latencyMs += report.latencyMs
      queuedMs += report.queuedMs
      clientRate = report.clientRate
    },
    totals: () => ({ attempts, refused, latencyMs, queuedMs, clientRate }),
  }
}

/**
 * `vault` with every HTTP request its operations send behind a limiter of `rps` requests a
 * second (none when unset), each attempt told to `meter`. A vault that sends nothing through
 * core's HTTP client (the memory vault) is neither limited nor metered.
 */
export const withTargetLimits = (
  vault: Vault,
  rps: number | undefined,
  meter: TargetMeter,
): Vault =>
  withCallOptions(vault, {
    ...(rps === undefined ? {} : { limiter: createLimiter({ requestsPerSecond: rps }) }),
    onAttempt: meter.observe,
  })
