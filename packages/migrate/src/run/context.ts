/**
 * The run context: everything one migration run works with, built once at its start and handed
 * to every step. The options resolved to their defaults, the clock, the two vaults (the target
 * behind the run's own rate limit), the ledger of the journal, the planning context, and the
 * tally the report is made from.
 */
import { setMaxListeners } from 'node:events'
import type * as E from 'fp-ts/Either'
import { withCallOptions, type Vault, type VaultError } from '@vaultport/core'
import { emptyCardData } from '../cardData'
import type { ItemState } from '../journal'
import { emptyTotals, type PlanContext, type PlanTotals } from '../plan'
import { gatewayPolicy, guardedVault } from '../policy'
import { openLedger, type Ledger } from './ledger'
import type { CustomerStatus, MigrationOptions } from './model'
import type { NameTally } from './names'
import { emptyScheduleTally, type ScheduleTally } from './scheduleTally'
import { createTargetMeter, withTargetLimits, type TargetMeter } from './rateLimit'

/** What a run knows before it has read its journal. */
export interface RunSettings {
  readonly options: MigrationOptions
  readonly now: () => Date
  readonly startedAt: Date
  /** The source behind its failure policy (`policy.ts`). */
  readonly source: Vault
  /** The target behind `targetRequestsPerSecond` and its failure policy. */
  readonly target: Vault
  /** What the target's HTTP client reported of its attempts, for sizing the concurrency. */
  readonly meter: TargetMeter
  /** Why a gateway's circuit opened, once one has: the run stops taking customers. */
  readonly outage: () => string | undefined
  /**
   * Aborted when a stop's grace is over: calls still in flight are abandoned and the journal
   * takes no more entries (`steps/writeProtocol.ts`).
   */
  readonly halt: AbortController
  readonly dryRun: boolean
  readonly maxAttempts: number
  readonly removeSource: boolean
}

/** What the report is made from, counted as customers finish. */
export interface Tally {
  readonly totals: PlanTotals
  readonly counts: Record<CustomerStatus, number>
  readonly failures: Array<{ sourceId: string; errors: ReadonlyArray<string> }>
  readonly doubleActive: string[]
  readonly schedules: ScheduleTally
  /** Things the run wants the merchant to know (a look-first run, damaged journal lines). */
  readonly notes: string[]
  seen: number
  done: number
  /** Why the run stopped early; the workers stop taking customers once it is set. */
  aborted: string | undefined
  /** A stop was asked for (`MigrationOptions.signal`) and the workers stopped taking customers. */
  interrupted: boolean
  /** The customers in flight at the stop did not finish within `stopGraceMs`. */
  graceExpired: boolean
}

/** Customer ids by contact key, over a whole vault (`steps/reconcile.ts`). */
export type ByContact = ReadonlyMap<string, ReadonlyArray<string>>

/** Listings a run makes at most once, when a lookup first needs them. */
export interface RunMemo {
  /** Source customers by contact key: who shares contact fields with whom. */
  sourceByContact?: Promise<E.Either<VaultError, ByContact>>
  /** Target customers by contact key, as the target was when first asked. */
  targetByContact?: Promise<E.Either<VaultError, ByContact>>
}

export interface RunContext extends RunSettings {
  readonly ledger: Ledger
  readonly planContext: PlanContext
  readonly tally: Tally
  /**
   * Every item is looked up before its first write: the journal was empty (or damaged) while
   * the target already held customers, or an earlier run on this journal said so.
   */
  lookFirst: boolean
  readonly memo: RunMemo
  /** Plan only, for a target that refuses duplicate names: the names customers will carry. */
  names?: NameTally
}

export const noCustomers = (): Record<CustomerStatus, number> => ({
  planned: 0,
  migrated: 0,
  updated: 0,
  unchanged: 0,
  partial: 0,
  failed: 0,
  ambiguous: 0,
})

/** Starts the clock and resolves the options. */
export const runSettings = (options: MigrationOptions): RunSettings => {
  const now = options.now ?? (() => new Date())
  const settings = options.breakAfter === undefined ? {} : { breakAfter: options.breakAfter }
  const source = gatewayPolicy('source', options.source.capabilities.gateway, settings)
  const target = gatewayPolicy('target', options.target.capabilities.gateway, settings)
  const halt = new AbortController()
  // Every request in flight listens to it: as many as the run has calls in flight, not a leak.
  setMaxListeners(0, halt.signal)
  const meter = createTargetMeter()
  // Only a run that can be stopped needs its calls to be abandonable.
  const haltable = (vault: Vault) =>
    options.signal === undefined ? vault : withCallOptions(vault, { signal: halt.signal })
  return {
    options,
    now,
    startedAt: now(),
    source: haltable(guardedVault(options.source, source)),
    target: haltable(
      guardedVault(
        withTargetLimits(options.target, options.targetRequestsPerSecond, meter),
        target,
      ),
    ),
    meter,
    outage: () => source.broken() ?? target.broken(),
    halt,
    dryRun: options.dryRun === true,
    maxAttempts: Math.max(1, options.maxAttempts ?? 3),
    removeSource: options.removeSourceSchedules ?? true,
  }
}

/** The context of a run whose journal replays to `state`. */
export const runContext = (settings: RunSettings, state: Map<string, ItemState>): RunContext => {
  const { options, source, target } = settings
  const ledger = openLedger(state)
  return {
    ...settings,
    ledger,
    lookFirst: ledger.lookFirst,
    memo: {},
    planContext: {
      sourceCaps: source.capabilities,
      targetCaps: target.capabilities,
      cardData: options.cardData ?? emptyCardData,
      ...(options.tokenFor === undefined ? {} : { tokenFor: options.tokenFor }),
      now: settings.startedAt,
      scheduleSafetyDays: options.scheduleSafetyDays ?? 2,
      removeSourceSchedules: settings.removeSource,
    },
    tally: {
      totals: emptyTotals(),
      counts: noCustomers(),
      failures: [],
      doubleActive: [],
      schedules: emptyScheduleTally(),
      notes: [],
      seen: 0,
      done: 0,
      aborted: undefined,
      interrupted: false,
      graceExpired: false,
    },
  }
}
