/**
 * What a run is asked to do and what it answers: the options, the progress and per-customer
 * outcomes it reports while it works, and the report it ends with. Re-exported by `run.ts`.
 */
import type { Customer, PaymentMethod, PaymentMethodInput, Vault } from '@vaultport/core'
import type { CardDataIndex } from '../cardData'
import type { Journal } from '../journal'
import type { MappingCounts } from '../mapping'
import type { CustomerPlan, PlanTotals } from '../plan'

/** @category Migration */
export interface MigrationOptions {
  readonly source: Vault
  readonly target: Vault
  readonly journal: Journal
  readonly cardData?: CardDataIndex
  readonly tokenFor?: (customer: Customer, method: PaymentMethod) => PaymentMethodInput | undefined
  /**
   * Customers in flight at once. Default: adaptive — sized from the target's rate limit (this
   * run's `targetRequestsPerSecond`, the adapter's configured one, or the one its HTTP client
   * learned from 429s) and the latency of its requests, grown while throughput rises and the
   * target does not push back, cut on 429s (`run/concurrency.ts`). A number here is used as it is.
   */
  readonly concurrency?: number
  /**
   * HTTP requests per second to the target — every attempt of every request, retries included,
   * whatever port call sent it — on top of the adapter's own HTTP limits.
   */
  readonly targetRequestsPerSecond?: number
  /** Schedules charging sooner than this are left for a later run. Default 2. */
  readonly scheduleSafetyDays?: number
  /** Remove each source schedule once its target twin is confirmed. Default true. */
  readonly removeSourceSchedules?: boolean
  /** Delta mode: only customers created or changed since this instant. */
  readonly since?: string
  /** Plan only: read the source, write nothing, journal nothing. */
  readonly dryRun?: boolean
  readonly pageSize?: number
  /**
   * Plan only: warn about source customers whose names the target will refuse as duplicates.
   * Default: on for a Valor target, which refuses a second customer of the same name.
   */
  readonly uniqueCustomerNames?: boolean
  /** Writes to try for one item before it is reported failed. Default 3. */
  readonly maxAttempts?: number
  readonly now?: () => Date
  /**
   * A graceful stop: once aborted, no worker takes another customer; the ones in flight finish
   * (within `stopGraceMs`) and the run ends `interrupted`. The next run resumes it.
   */
  readonly signal?: AbortSignal
  /**
   * How long the customers in flight at a stop may take to finish. Past it the run ends at once:
   * their unfinished writes stay intents in the journal, which the next run looks up before
   * writing again. Default 30 s.
   */
  readonly stopGraceMs?: number
  /**
   * Consecutive `Auth` or `Unavailable` answers from one gateway after which its circuit opens
   * and the run ends `aborted` with the reason (`policy.ts`). Default 10.
   */
  readonly breakAfter?: number
  readonly onProgress?: (progress: Progress) => void
  readonly onCustomer?: (outcome: CustomerOutcome) => void
}

/** @category Migration */
export interface Progress {
  readonly customersSeen: number
  readonly customersDone: number
  readonly failures: number
  readonly elapsedMs: number
  readonly perSecond: number
}

/**
 * `ambiguous`: the target holds a customer that matches this one and another source customer
 * (or several that match this one), so the engine cannot tell which is its copy: nothing was
 * merged, and the merchant decides (docs/migration.md, "ambiguous_match").
 * @category Migration
 */
export type CustomerStatus =
  'planned' | 'migrated' | 'updated' | 'unchanged' | 'partial' | 'failed' | 'ambiguous'

/** @category Migration */
export interface CustomerOutcome {
  readonly sourceId: string
  readonly targetId?: string
  readonly status: CustomerStatus
  readonly plan?: CustomerPlan
  /** Problems that stopped part of this customer's move. */
  readonly errors: ReadonlyArray<string>
  /** Schedules active at both ends until their source twin is removed. */
  readonly doubleActive: ReadonlyArray<string>
  /** What became of each of its schedules in this run (a dry run: none). */
  readonly schedules?: ReadonlyArray<ScheduleOutcome>
}

/**
 * One source schedule after a run: moved (its copy confirmed at the target and the source
 * removed), stayed at the source (why, by a plan code or the failure's code), or active at
 * both ends, with the date the source must be gone by (the next run finishes it).
 * @category Migration
 */
export type ScheduleOutcome =
  | {
      readonly state: 'moved'
      readonly sourceId: string
      readonly targetId: string
      /** What the target said it could not carry exactly (write warnings). */
      readonly warnings: ReadonlyArray<string>
    }
  | {
      readonly state: 'stayed'
      readonly sourceId: string
      /** A plan code (`schedule_not_expressible`, …) or `failed`, `unresolved`, `ambiguous_match`, `target_mismatch`, `target_missing`. */
      readonly code: string
      readonly reason: string
      /** A failure of this run (the customer is partial), not a plan decision. */
      readonly failed: boolean
    }
  | {
      readonly state: 'both_active'
      readonly sourceId: string
      readonly targetId: string
      /** The source's next charge, which is also the copy's first: remove the source before it. */
      readonly resolveBy: string
      readonly reason: string
    }

/**
 * The schedules of a run, counted.
 * @category Migration
 */
export interface ScheduleSummary {
  /** Moved in this run: the copy confirmed at the target, the source removed. */
  readonly moved: number
  /** Left at the source, by reason code. */
  readonly stayed: Readonly<Record<string, number>>
  /** Active at both ends after this run (the next run finishes them). */
  readonly bothActive: number
  /** Moved with a warning: a setting the target has no equivalent for, or a write warning. */
  readonly warnings: number
  /** The first stays and warnings, in words. */
  readonly examples: ReadonlyArray<string>
}

/**
 * `completed`: every customer the source listed was taken. `interrupted`: a stop
 * (`MigrationOptions.signal`) ended it early; run it again to resume. `aborted`: a failure it
 * could not carry on from (`abortReason`): a gateway's circuit opened, the journal failed.
 * @category Migration
 */
export type MigrationStatus = 'completed' | 'interrupted' | 'aborted'

/** @category Migration */
export interface MigrationReport {
  readonly status: MigrationStatus
  readonly abortReason?: string
  readonly dryRun: boolean
  readonly startedAt: string
  readonly finishedAt: string
  readonly totals: PlanTotals
  readonly counts: Readonly<Record<CustomerStatus, number>>
  /** The first failures, for the report; every one is also in `onCustomer`. */
  readonly failures: ReadonlyArray<{
    readonly sourceId: string
    readonly errors: ReadonlyArray<string>
  }>
  readonly doubleActive: ReadonlyArray<string>
  /** What became of the source's schedules in this run (a dry run: the plan's stays). */
  readonly schedules: ScheduleSummary
  /** How many customers, addresses, payment methods and schedules the journal maps in all. */
  readonly mapped: MappingCounts
  /** What the run wants the merchant to know: a look-first run, damaged journal lines. */
  readonly notes: ReadonlyArray<string>
  /** Plan only, for a target that refuses duplicate names: the names that will collide. */
  readonly nameCollisions?: NameCollisions
}

/** @category Migration */
export interface NameCollision {
  readonly name: string
  /** The source customers of that name (the first 20). */
  readonly sourceIds: ReadonlyArray<string>
  /** The target holds a customer of that name already. */
  readonly atTarget: boolean
}

/** @category Migration */
export interface NameCollisions {
  /** Names held by more than one customer once migrated. */
  readonly names: number
  /** Source customers whose create the target will refuse unless renamed. */
  readonly customers: number
  /** The first 50 names. */
  readonly examples: ReadonlyArray<NameCollision>
  /** Set when the target's names could not be read: only source names were compared. */
  readonly targetUnread?: string
}
