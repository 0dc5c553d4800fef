/**
 * Verification re-reads both ends after a run and compares them field by field, on the fields
 * both adapters declare lossless, for every customer, address, payment method and schedule the
 * journal says was moved; it checks that no moved schedule is still active at the source; and it
 * looks at the whole target for what no mapping row explains (duplicates, orphans and merges of
 * customers, payment methods and schedules) among the customers the migration touched.
 */
import * as E from 'fp-ts/Either'
import { formatVaultError, type CustomerId, type RecurrenceId, type Vault } from '@vaultport/core'
import { describeDamage, readJournal, type Journal, type JournalRead } from './journal'
import { declaredFields, scheduleMismatches, type PlannedSchedule } from './schedules/compare'
import { compareCustomer, type Diff } from './verify/compare'
import { gatewayPolicy, guardedVault } from './policy'
import { note, verifyContext, type VerifyContext } from './verify/context'
import {
  readUnmapped,
  rememberIdentity,
  scanTargetCustomers,
  unexplainedItems,
} from './verify/target'

/** @category Verification */
export interface Difference {
  readonly sourceId: string
  readonly targetId?: string
  /**
   * `customer`, `address:<id>`, `payment-method:<id>`, `schedule:<id>` (source ids); for what
   * the target holds unexplained: `target-customer`, `target-payment-method:<id>`,
   * `target-schedule:<id>` (target ids), with field `unexplained` or `merged`.
   */
  readonly item: string
  readonly field: string
  readonly source?: unknown
  readonly target?: unknown
}

/** @category Verification */
export interface VerifyReport {
  readonly customersChecked: number
  readonly customersClean: number
  readonly itemsChecked: number
  /** Every difference, the unexplained target objects included. */
  readonly differenceCount: number
  /** Of those, target objects no mapping row explains (duplicates, orphans, merges). */
  readonly unexplainedCount: number
  /** The first 1,000 differences. */
  readonly differences: ReadonlyArray<Difference>
  /** Damaged journal lines, in words: their entries were left out. */
  readonly journalDamage: ReadonlyArray<string>
  /** Set when verification could not run (an unreadable journal) or not finish (`outage`). */
  readonly error?: string
  /** Set when a gateway's circuit opened (`policy.ts`): the comparison stopped there. */
  readonly outage?: string
}

/** @category Verification */
export interface VerifyOptions {
  readonly source: Vault
  readonly target: Vault
  readonly journal: Journal
  readonly concurrency?: number
  readonly onProgress?: (checked: number, total: number) => void
}

const notRun = (error: string): VerifyReport => ({
  customersChecked: 0,
  customersClean: 0,
  itemsChecked: 0,
  differenceCount: 0,
  unexplainedCount: 0,
  differences: [],
  journalDamage: [],
  error,
})

/**
 * Verifies a run from its journal. It never rejects.
 * @category Verification
 * @example
 * ```ts
 * import { createMemoryVault } from '@vaultport/memory'
 * import { fileJournal, formatVerifyReport, verifyMigration } from '@vaultport/migrate'
 *
 * const source = createMemoryVault({ idPrefix: 'old_' })
 * const target = createMemoryVault({ idPrefix: 'new_' })
 * const journal = fileJournal('old-to-new.journal.jsonl') // the journal of the run to check
 * try {
 *   const verification = await verifyMigration({ source, target, journal })
 *   if (verification.differenceCount > 0) console.log(formatVerifyReport(verification))
 * } finally {
 *   await journal.close()
 * }
 * ```
 */
export const verifyMigration = async (options: VerifyOptions): Promise<VerifyReport> => {
  let read: JournalRead
  try {
    read = await readJournal(options.journal)
  } catch (e) {
    return notRun(`the journal could not be read: ${e instanceof Error ? e.message : String(e)}`)
  }
  const sourcePolicy = gatewayPolicy('source', options.source.capabilities.gateway)
  const targetPolicy = gatewayPolicy('target', options.target.capabilities.gateway)
  const outage = () => sourcePolicy.broken() ?? targetPolicy.broken()
  const ctx = verifyContext(
    {
      ...options,
      source: guardedVault(options.source, sourcePolicy),
      target: guardedVault(options.target, targetPolicy),
    },
    read.entries,
  )
  const pairs = Object.entries(ctx.mapping.customers)
  let next = 0
  let checked = 0
  let clean = 0
  const worker = async () => {
    for (;;) {
      const pair = outage() === undefined ? pairs[next++] : undefined
      if (pair === undefined) return
      const n = await checkCustomer(ctx)(pair[0], pair[1])
      if (n === 0) clean++
      checked++
      options.onProgress?.(checked, pairs.length)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker))
  if (outage() === undefined) await readUnmapped(ctx)
  if (outage() === undefined) await scanTargetCustomers(ctx)
  const stopped = outage()
  return {
    ...(stopped === undefined ? {} : { error: `stopped: ${stopped}`, outage: stopped }),
    customersChecked: checked,
    customersClean: clean,
    itemsChecked: ctx.tally.itemsChecked,
    differenceCount: ctx.tally.differenceCount,
    unexplainedCount: ctx.tally.unexplainedCount,
    differences: ctx.tally.differences,
    journalDamage: read.damage.map(describeDamage),
  }
}

/**
 * Compares the moved schedules of one customer with what was planned for them (amount, rhythm,
 * first charge, remaining count, status), and flags each one still active at the source while
 * its copy is: active at both ends, with the date the source must be gone by.
 */
const checkSchedules = (ctx: VerifyContext) => async (sourceId: string, diff: Diff) => {
  for (const [recurrenceSourceId, s] of ctx.schedulesOf.get(sourceId) ?? []) {
    ctx.tally.itemsChecked++
    const planned = s.data as PlannedSchedule | undefined
    const r = await ctx.target.recurrences.get(s.target as RecurrenceId)()
    const item = `schedule:${recurrenceSourceId}`
    if (E.isLeft(r)) diff(item, '(read)', 'present', formatVaultError(r.left))
    else if (planned?.input !== undefined) {
      // What the target warned of when it made the copy was reported then: no difference.
      const declared = declaredFields(planned.warned)
      for (const m of scheduleMismatches(planned, r.right, true))
        if (!declared.has(m.field)) diff(item, m.field, m.planned, m.actual)
    }
    const targetActive = E.isLeft(r) || r.right.status === 'active'
    const still = await ctx.source.recurrences.get(recurrenceSourceId as RecurrenceId)()
    if (E.isRight(still) && still.right.status === 'active' && targetActive)
      diff(
        item,
        'active at both ends',
        `source removed before ${planned?.nextDate ?? 'its next charge'}`,
        `source still active (next charge ${still.right.nextDate ?? '?'})`,
      )
    else if (E.isLeft(still) && still.left.kind !== 'NotFound')
      diff(item, '(read source)', 'removed', formatVaultError(still.left))
  }
}

/**
 * Compares one moved customer and everything moved with it, schedules included, and lists what
 * its target copy holds unexplained; answers how many differences it found.
 */
const checkCustomer =
  (ctx: VerifyContext) =>
  async (sourceId: string, targetId: string): Promise<number> => {
    const found: Parameters<typeof note>[1][number][] = []
    const diff: Diff = (item, field, s, t) => {
      if (JSON.stringify(s) !== JSON.stringify(t))
        found.push({ sourceId, targetId, item, field, source: s, target: t })
    }
    const [src, tgt] = await Promise.all([
      ctx.source.customers.get(sourceId as CustomerId)(),
      ctx.target.customers.get(targetId as CustomerId)(),
    ])
    if (E.isRight(src)) rememberIdentity(ctx)(src.right)
    if (E.isLeft(src) || E.isLeft(tgt)) {
      found.push({
        sourceId,
        targetId,
        item: 'customer',
        field: '(read)',
        ...(E.isLeft(src) ? { source: formatVaultError(src.left) } : {}),
        ...(E.isLeft(tgt) ? { target: formatVaultError(tgt.left) } : {}),
      })
    } else {
      ctx.tally.itemsChecked++
      compareCustomer(ctx)(src.right, tgt.right, diff)
    }
    if (E.isRight(tgt)) found.push(...(await unexplainedItems(ctx)(sourceId, tgt.right)))
    await checkSchedules(ctx)(sourceId, diff)
    note(ctx, found)
    return found.length
  }
