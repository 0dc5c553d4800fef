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
import * as E from 'fp-ts/Either'
import { vaultError, type OperationName, type Vault, type VaultError } from '@vaultport/core'
import { mapOperations } from './observe'

// ---- model

export type FaultKind =
  'unavailable' | 'rateLimited' | 'timeoutBeforeWrite' | 'timeoutAfterWrite' | 'latency'

export interface Fault {
  readonly outcome: FaultKind
  readonly latencyMs?: number
  readonly retryAfterMs?: number
}

export interface FaultPlan {
  readonly script?: ReadonlyArray<Fault & { readonly operation: OperationName }>
  readonly random?: Omit<Fault, 'outcome'> & {
    /** The probability, 0 to 1, that a call fails. */
    readonly rate: number
    readonly outcomes: ReadonlyArray<FaultKind>
    /** Only these operations; all when absent. */
    readonly operations?: ReadonlyArray<OperationName>
    readonly seed?: number
  }
}

export interface FaultLog {
  readonly operation: OperationName
  readonly outcome: FaultKind
}

export type FaultyVault<V extends Vault> = V & {
  /** Every fault injected so far, in order. */
  readonly injected: () => ReadonlyArray<FaultLog>
}

const reads: ReadonlyArray<OperationName> = [
  'customers.get',
  'customers.findByReference',
  'customers.list',
  'paymentMethods.list',
  'recurrences.get',
  'recurrences.listByCustomer',
]

/** Whether an operation only reads (a timeout on it is plain unavailability). */
export const isReadOperation = (op: OperationName): boolean => reads.includes(op)

// ---- generator

/** A seeded generator of numbers in [0, 1) (mulberry32). */
export const prng = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let x = Math.imul(state ^ (state >>> 15), state | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

// ---- errors

/** The error a fault answers with for `operation` on `gateway`. */
export const faultError = (fault: Fault, gateway: string, operation: OperationName): VaultError => {
  const ctx = { gateway, operation }
  if (fault.outcome === 'rateLimited') {
    const retryAfterMs = fault.retryAfterMs ?? 1000
    return vaultError(
      'RateLimited',
      ctx,
      'injected: rate limited',
      { httpStatus: 429 },
      { retryAfterMs },
    )
  }
  if (fault.outcome === 'unavailable' || isReadOperation(operation)) {
    return vaultError('Unavailable', ctx, `injected: ${fault.outcome}`, { httpStatus: 503 })
  }
  return vaultError(
    'OutcomeUnknown',
    ctx,
    `injected: ${fault.outcome}; the write may have happened`,
  )
}

// ---- combinator

/** Wraps any vault so that the plan's faults answer in place of (or after) the real calls. */
export const withFaults = <V extends Vault>(
  vault: V,
  plan: FaultPlan,
  seed = 1,
): FaultyVault<V> => {
  const script = [...(plan.script ?? [])]
  const random = plan.random
  const next = prng(random?.seed ?? seed)
  const log: FaultLog[] = []

  const choose = (op: OperationName): Fault | undefined => {
    const at = script.findIndex((f) => f.operation === op)
    if (at >= 0) return script.splice(at, 1)[0]
    if (random === undefined || random.outcomes.length === 0) return undefined
    if (random.operations !== undefined && !random.operations.includes(op)) return undefined
    if (next() >= random.rate) return undefined
    const outcome = random.outcomes[Math.floor(next() * random.outcomes.length)] as FaultKind
    return { ...random, outcome }
  }

  const wrapped = mapOperations(vault, (op, original) => (...args) => async () => {
    const fault = choose(op)
    if (fault === undefined) return original(...args)()
    log.push({ operation: op, outcome: fault.outcome })
    switch (fault.outcome) {
      case 'latency':
        await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 50))
        return original(...args)()
      case 'timeoutAfterWrite':
        await original(...args)()
        return E.left(faultError(fault, vault.capabilities.gateway, op))
      default:
        return E.left(faultError(fault, vault.capabilities.gateway, op))
    }
  })
  return Object.assign(wrapped, { injected: () => [...log] })
}
