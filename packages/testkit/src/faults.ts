/**
 * Fault injection around any vault: `withFaults(vault, plan)` answers chosen calls with the
 * failures a real gateway produces, so an app's retry, reconcile and error paths can be tested
 * against any adapter (or the memory vault). Scripted faults are consumed in order by the next
 * call of their operation; random ones strike at a rate drawn from a seeded generator, so a run
 * repeats exactly.
 *
 * - `unavailable` → `Left(Unavailable)`, the call is not made;
 * - `rateLimited` → `Left(RateLimited)` with `retryAfterMs`, the call is not made;
 * - `timeoutBeforeWrite` → `Left(OutcomeUnknown)`, the call is not made (reads: `Unavailable`);
 * - `timeoutAfterWrite` → the call is made, its answer dropped, `Left(OutcomeUnknown)`
 *   (reads: `Unavailable`);
 * - `latency` → waits `latencyMs`, then makes the call.
 */
import {
  createFaultInjector,
  type FaultLog,
  type FaultOutcome,
  type FaultPlan,
  type Vault,
} from '@vaultport/core'
import { mapOperations } from './observe'

// The fault model (plans, outcomes, the seeded generator) is core's; this is the wrapper.
export type { FaultLog, FaultPlan } from '@vaultport/core'
/**
 * The kinds of fault, as `withFaults` calls them.
 * @category Fault injection
 */
export type FaultKind = FaultOutcome

/** @category Fault injection */
export type FaultyVault<V extends Vault> = V & {
  /** Every fault injected so far, in order. */
  readonly injected: () => ReadonlyArray<FaultLog>
}

/**
 * Wraps any vault so that the plan's faults answer in place of (or after) the real calls.
 * @category Fault injection
 */
export const withFaults = <V extends Vault>(
  vault: V,
  plan: FaultPlan,
  seed = 1,
): FaultyVault<V> => {
  const injector = createFaultInjector(plan, seed)
  const wrapped = mapOperations(
    vault,
    (op, original) =>
      (...args) =>
        injector.apply(vault.capabilities.gateway, op, () => original(...args)()),
  )
  return Object.assign(wrapped, { injected: injector.injected })
}
