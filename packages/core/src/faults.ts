/**
 * Fault injection, for testing what an application does when a vault misbehaves: a plan says
 * which calls fail and how. Scripted faults are consumed in order, each by the next call of its
 * operation; random faults strike at a rate drawn from a seeded generator, so a run repeats
 * exactly. The memory vault injects them inside; testkit's `withFaults` wraps any vault.
 *
 * - `unavailable`: `Left(Unavailable)`, the call is not made.
 * - `rateLimited`: `Left(RateLimited)` with `retryAfterMs`, the call is not made.
 * - `timeoutBeforeWrite`: `Left(OutcomeUnknown)`, the call is not made (a read: `Unavailable`).
 * - `timeoutAfterWrite`: the call is made, its answer dropped, `Left(OutcomeUnknown)` (a read:
 *   `Unavailable`).
 * - `readBackFails`: the call is made and takes effect, but its record is not read back: a write
 *   that answered an id is `Left(ConfirmedUnread)` with that id (a read: `Unavailable`).
 * - `latency`: waits `latencyMs`, then makes the call.
 */
import * as E from 'fp-ts/Either'
import type { OperationName } from './capabilities'
import { confirmedUnread, vaultError, type VaultError } from './errors'

// ---- model

/** @category Testing */
export type FaultOutcome =
  | 'unavailable'
  | 'rateLimited'
  | 'timeoutBeforeWrite'
  | 'timeoutAfterWrite'
  | 'readBackFails'
  | 'latency'

/** @category Testing */
export interface Fault {
  readonly outcome: FaultOutcome
  readonly latencyMs?: number
  readonly retryAfterMs?: number
}

/** @category Testing */
export interface ScriptedFault extends Fault {
  readonly operation: OperationName
}

/** @category Testing */
export interface RandomFaults {
  /** The probability, 0 to 1, that a call fails. */
  readonly rate: number
  readonly outcomes: ReadonlyArray<FaultOutcome>
  /** Only these operations; all when absent. */
  readonly operations?: ReadonlyArray<OperationName>
  readonly seed?: number
  readonly latencyMs?: number
  readonly retryAfterMs?: number
}

/** @category Testing */
export interface FaultPlan {
  readonly script?: ReadonlyArray<ScriptedFault>
  readonly random?: RandomFaults
}

/** @category Testing */
export interface FaultLog {
  readonly operation: OperationName
  readonly outcome: FaultOutcome
}

/**
 * Operations that change nothing: a timeout on them is plain unavailability.
 * @category Testing
 * @internal
 */
export const readOperations: ReadonlySet<OperationName> = new Set<OperationName>([
  'customers.get',
  'customers.findByReference',
  'customers.list',
  'paymentMethods.list',
  'recurrences.get',
  'recurrences.listByCustomer',
])

/**
 * @category Testing
 * @internal
 */
export const isReadOperation = (op: OperationName): boolean => readOperations.has(op)

// ---- seeded generator

/**
 * mulberry32: a tiny deterministic generator of numbers in [0, 1).
 * @category Testing
 * @internal
 */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let x = Math.imul(state ^ (state >>> 15), state | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

// ---- injector

/**
 * The error a fault answers with for `operation` on `gateway`.
 * @category Testing
 * @internal
 */
export const faultError = (fault: Fault, gateway: string, operation: OperationName): VaultError => {
  const ctx = { gateway, operation }
  if (fault.outcome === 'rateLimited') {
    return vaultError(
      'RateLimited',
      ctx,
      'rate limited (injected fault)',
      { httpStatus: 429 },
      { retryAfterMs: fault.retryAfterMs ?? 1000 },
    )
  }
  if (fault.outcome === 'unavailable') {
    return vaultError('Unavailable', ctx, 'gateway unavailable (injected fault)', {
      httpStatus: 503,
    })
  }
  return isReadOperation(operation)
    ? vaultError('Unavailable', ctx, 'read timed out (injected fault)')
    : vaultError(
        'OutcomeUnknown',
        ctx,
        'the request timed out: the write may or may not have happened (injected fault)',
      )
}

type Run<A> = () => Promise<E.Either<VaultError, A>>

/** What a write looks like when it took effect but its record could not be read back. */
const readBackFails = <A>(
  gateway: string,
  operation: OperationName,
  done: E.Either<VaultError, A>,
): E.Either<VaultError, A> => {
  const ctx = { gateway, operation }
  const lost = vaultError('Unavailable', ctx, 'the read-back failed (injected fault)')
  if (E.isLeft(done) || isReadOperation(operation)) return E.isLeft(done) ? done : E.left(lost)
  const value: unknown = (done.right as { value?: unknown } | null)?.value
  const id: unknown = (value as { id?: unknown } | null)?.id
  // A write that names nothing it made (a delete) has nothing to read back: it is just done.
  return typeof id === 'string' ? E.left(confirmedUnread(ctx, id, lost)) : done
}

/** @category Testing */
export interface FaultInjector {
  /** One call of `operation` under the plan: the real `run`, or the fault's answer. */
  readonly apply: <A>(gateway: string, operation: OperationName, run: Run<A>) => Run<A>
  /** Scripted faults not yet consumed. */
  readonly pending: () => ReadonlyArray<ScriptedFault>
  /** Every fault injected so far, in order. */
  readonly injected: () => ReadonlyArray<FaultLog>
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** @category Testing */
export const createFaultInjector = (plan: FaultPlan = {}, seed = 1): FaultInjector => {
  const script = [...(plan.script ?? [])]
  const random = plan.random
  const draw = seededRandom(random?.seed ?? seed)
  const log: FaultLog[] = []

  const pick = (op: OperationName): Fault | undefined => {
    const i = script.findIndex((f) => f.operation === op)
    if (i >= 0) return script.splice(i, 1)[0]
    if (random === undefined || random.outcomes.length === 0) return undefined
    if (random.operations !== undefined && !random.operations.includes(op)) return undefined
    if (draw() >= random.rate) return undefined
    const outcome = random.outcomes[Math.floor(draw() * random.outcomes.length)] ?? 'unavailable'
    return {
      outcome,
      ...(random.latencyMs === undefined ? {} : { latencyMs: random.latencyMs }),
      ...(random.retryAfterMs === undefined ? {} : { retryAfterMs: random.retryAfterMs }),
    }
  }

  return {
    pending: () => [...script],
    injected: () => [...log],
    apply: (gateway, operation, run) => async () => {
      const fault = pick(operation)
      if (fault === undefined) return run()
      log.push({ operation, outcome: fault.outcome })
      switch (fault.outcome) {
        case 'latency':
          await sleep(fault.latencyMs ?? 50)
          return run()
        case 'timeoutAfterWrite':
          await run()
          return E.left(faultError(fault, gateway, operation))
        case 'readBackFails':
          return readBackFails(gateway, operation, await run())
        default:
          return E.left(faultError(fault, gateway, operation))
      }
    },
  }
}
