/**
 * Fault injection for app tests: a plan says which calls fail and how. Scripted faults are
 * consumed in order, each by the next call of its operation; random faults strike at a rate,
 * drawn from a seeded generator so that a run repeats exactly.
 *
 * - `unavailable`: `Left(Unavailable)`, nothing written.
 * - `rateLimited`: `Left(RateLimited)` with `retryAfterMs`, nothing written.
 * - `timeoutBeforeWrite`: `Left(OutcomeUnknown)` without writing (a read: `Left(Unavailable)`).
 * - `timeoutAfterWrite`: the write happens, then `Left(OutcomeUnknown)` (a read: `Unavailable`).
 * - `latency`: waits `latencyMs`, then answers normally.
 */
import * as E from 'fp-ts/Either'
import { vaultError, type ErrorContext, type OperationName, type VaultError } from '@vaultport/core'

// ---- model

export type FaultOutcome =
  'unavailable' | 'rateLimited' | 'timeoutBeforeWrite' | 'timeoutAfterWrite' | 'latency'

export interface ScriptedFault {
  readonly operation: OperationName
  readonly outcome: FaultOutcome
  readonly latencyMs?: number
  readonly retryAfterMs?: number
}

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

export interface FaultPlan {
  readonly script?: ReadonlyArray<ScriptedFault>
  readonly random?: RandomFaults
}

/** Operations that change nothing: a timeout on them is plain unavailability. */
export const readOperations: ReadonlySet<OperationName> = new Set<OperationName>([
  'customers.get',
  'customers.findByReference',
  'customers.list',
  'paymentMethods.list',
  'recurrences.get',
  'recurrences.listByCustomer',
])

// ---- seeded generator

/** mulberry32: a tiny deterministic generator of numbers in [0, 1). */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ---- injector

type Run<A> = () => Promise<E.Either<VaultError, A>>

export interface FaultInjector {
  /** Runs one call of `op` under the plan. */
  readonly apply: <A>(ctx: ErrorContext & { operation: OperationName }, run: Run<A>) => Run<A>
  /** Scripted faults not yet consumed. */
  readonly pending: () => ReadonlyArray<ScriptedFault>
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const failure = (
  fault: Omit<ScriptedFault, 'operation'>,
  ctx: ErrorContext & { operation: OperationName },
): VaultError => {
  const read = readOperations.has(ctx.operation)
  switch (fault.outcome) {
    case 'rateLimited':
      return vaultError(
        'RateLimited',
        ctx,
        'rate limited (injected fault)',
        { httpStatus: 429 },
        { retryAfterMs: fault.retryAfterMs ?? 1000 },
      )
    case 'unavailable':
      return vaultError('Unavailable', ctx, 'gateway unavailable (injected fault)', {
        httpStatus: 503,
      })
    default:
      return read
        ? vaultError('Unavailable', ctx, 'read timed out (injected fault)')
        : vaultError(
            'OutcomeUnknown',
            ctx,
            'the request timed out: the write may or may not have happened (injected fault)',
          )
  }
}

export const createFaultInjector = (plan: FaultPlan = {}, seed = 1): FaultInjector => {
  const script = [...(plan.script ?? [])]
  const random = plan.random
  const draw = seededRandom(random?.seed ?? seed)

  const pick = (op: OperationName): Omit<ScriptedFault, 'operation'> | undefined => {
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
    apply: (ctx, run) => async () => {
      const fault = pick(ctx.operation)
      if (fault === undefined) return run()
      switch (fault.outcome) {
        case 'latency':
          await sleep(fault.latencyMs ?? 50)
          return run()
        case 'timeoutAfterWrite': {
          await run()
          return E.left(failure(fault, ctx))
        }
        default:
          return E.left(failure(fault, ctx))
      }
    },
  }
}
