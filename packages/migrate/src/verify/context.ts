/**
 * What one verification works with, built once from the options and the journal: both vaults,
 * the journal's state and mapping, the fields compared, an index of moved schedules by customer,
 * what identifies each source customer at the target, and the tally of differences.
 */
import type { Capabilities, Vault } from '@vaultport/core'
import type { ItemState, JournalEntry } from '../journal'
import { replay } from '../journal'
import { mappingFromJournal, type IdMapping } from '../mapping'
import type { Difference, VerifyOptions } from '../verify'

/** What marks a source customer's copy at the target: its reference, its contact key. */
export interface Identity {
  readonly marker?: string
  readonly contact?: string
}

export interface VerifyContext {
  readonly source: Vault
  readonly target: Vault
  readonly state: Map<string, ItemState>
  readonly mapping: IdMapping
  /** Moved schedules by source customer: [source schedule id, its state]. */
  readonly schedulesOf: ReadonlyMap<string, ReadonlyArray<readonly [string, ItemState]>>
  /** Every target id the mapping holds, by kind. */
  readonly mappedTargets: {
    readonly customers: ReadonlySet<string>
    readonly recurrences: ReadonlySet<string>
  }
  /** The source customers the migration touched, and how their copies are recognised. */
  readonly identities: Map<string, Identity>
  /** The fields compared: those both ends keep losslessly. */
  readonly customerFields: ReadonlyArray<Capabilities['lossless']['customer'][number]>
  readonly addressFields: ReadonlyArray<Capabilities['lossless']['address'][number]>
  readonly cardFields: ReadonlyArray<Capabilities['lossless']['card'][number]>
  readonly bankFields: ReadonlyArray<Capabilities['lossless']['bankAccount'][number]>
  readonly tally: {
    differences: Difference[]
    differenceCount: number
    itemsChecked: number
    unexplainedCount: number
  }
}

const shared = <K extends string>(a: ReadonlyArray<K>, b: ReadonlyArray<K>): K[] =>
  a.filter((k) => b.includes(k))

const indexSchedules = (state: Map<string, ItemState>) => {
  const byCustomer = new Map<string, Array<readonly [string, ItemState]>>()
  for (const [key, s] of state) {
    if (!key.startsWith('r|') || s.status !== 'done') continue
    const customer = (s.data as { customer?: string } | undefined)?.customer
    if (customer === undefined) continue
    byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), [key.slice(2), s]])
  }
  return byCustomer
}

export const verifyContext = (
  options: VerifyOptions,
  entries: ReadonlyArray<JournalEntry>,
): VerifyContext => {
  const { source, target } = options
  const sc: Capabilities = source.capabilities
  const tc: Capabilities = target.capabilities
  const state = replay(entries)
  const mapping = mappingFromJournal(entries)
  return {
    source,
    target,
    state,
    mapping,
    schedulesOf: indexSchedules(state),
    mappedTargets: {
      customers: new Set(Object.values(mapping.customers)),
      recurrences: new Set(Object.values(mapping.recurrences)),
    },
    identities: new Map(),
    customerFields: shared(sc.lossless.customer, tc.lossless.customer).filter(
      (f) => f !== 'reference',
    ),
    addressFields: shared(sc.lossless.address, tc.lossless.address),
    cardFields: shared(sc.lossless.card, tc.lossless.card),
    bankFields: shared(sc.lossless.bankAccount, tc.lossless.bankAccount),
    tally: { differences: [], differenceCount: 0, itemsChecked: 0, unexplainedCount: 0 },
  }
}

/** Whether a difference is something at the target that no mapping row explains. */
export const isUnexplained = (d: Difference): boolean =>
  d.field === 'unexplained' || d.field === 'merged'

/** Adds differences to the tally (the first 1,000 are kept). */
export const note = (ctx: VerifyContext, found: ReadonlyArray<Difference>) => {
  const tally = ctx.tally
  tally.differenceCount += found.length
  tally.unexplainedCount += found.filter(isUnexplained).length
  for (const d of found) if (tally.differences.length < 1000) tally.differences.push(d)
}
