/**
 * The memory vault's environment, built once per vault from its options: the store, the
 * topology and the capabilities it yields, the clock, the id prefix, the accepted gateway tokens
 * and the fault injector. Operations read and write only through it.
 */
import {
  createFaultInjector,
  type Capabilities,
  type ErrorContext,
  type FaultInjector,
  type FaultPlan,
  type OperationName,
} from '@vaultport/core'
import { emptyState, type MemoryState } from './store'
import { capabilitiesFor, defaultTopology, type MemoryTopology } from './topology'

// ---- model

/** @category Configuration */
export interface MemoryVaultOptions {
  /** Limits and features to imitate; unset keys come from `topologies.full`. */
  readonly topology?: Partial<MemoryTopology>
  readonly faults?: FaultPlan
  /** Seeds random faults when the plan gives no seed of its own. */
  readonly seed?: number
  /** The clock for timestamps and expiry checks. */
  readonly now?: () => Date
  /** Prefixed to every id this vault issues, e.g. `a_` → `a_cus_1`. */
  readonly idPrefix?: string
  /**
   * Gateway tokens this vault accepts, each with the method it stands for (public test data).
   * Defaults to `defaultMemoryTokens`.
   */
  readonly tokens?: Readonly<Record<string, TokenTarget>>
}

/**
 * What a gateway token stands for in the memory vault.
 * @category Configuration
 */
export type TokenTarget =
  | {
      readonly kind: 'card'
      readonly number: string
      readonly month: number
      readonly year: number
    }
  | {
      readonly kind: 'bank_account'
      readonly accountLast4: string
      readonly accountType: 'checking' | 'savings'
    }

/** @category Configuration */
export const defaultMemoryTokens: Readonly<Record<string, TokenTarget>> = {
  tok_visa: { kind: 'card', number: '4111111111111111', month: 12, year: 2030 },
  tok_mastercard: { kind: 'card', number: '5555555555554444', month: 12, year: 2030 },
  tok_amex: { kind: 'card', number: '378282246310005', month: 12, year: 2030 },
  tok_discover: { kind: 'card', number: '6011111111111117', month: 12, year: 2030 },
  tok_checking: { kind: 'bank_account', accountLast4: '6789', accountType: 'checking' },
}

export interface MemoryEnv {
  readonly topology: MemoryTopology
  readonly capabilities: Capabilities
  readonly now: () => Date
  readonly idPrefix: string
  readonly tokens: Readonly<Record<string, TokenTarget>>
  readonly state: MemoryState
  readonly faults: FaultInjector
  readonly ctxOf: (operation: OperationName) => ErrorContext & { operation: OperationName }
}

// ---- constructors

export const makeMemoryEnv = (options: MemoryVaultOptions = {}): MemoryEnv => {
  const topology: MemoryTopology = { ...defaultTopology, ...options.topology }
  const capabilities = capabilitiesFor(topology)
  return {
    topology,
    capabilities,
    now: options.now ?? (() => new Date()),
    idPrefix: options.idPrefix ?? '',
    tokens: options.tokens ?? defaultMemoryTokens,
    state: emptyState(),
    faults: createFaultInjector(options.faults, options.seed ?? 1),
    ctxOf: (operation) => ({ gateway: capabilities.gateway, operation }),
  }
}

/** The clock's time, as every stored timestamp is written. */
export const stamp = (env: MemoryEnv): string => env.now().toISOString()

/** A fresh id of one kind, e.g. `cus_3`, behind the vault's prefix. */
export const nextId = (env: MemoryEnv, kind: keyof MemoryState['counters'], tag: string): string =>
  `${env.idPrefix}${tag}_${++env.state.counters[kind]}`
