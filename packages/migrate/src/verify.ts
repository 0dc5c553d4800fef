/**
 * Verification re-reads both ends after a run and compares them field by field, on the fields
 * both adapters declare lossless, for every customer, address, payment method and schedule the
 * journal says was moved; and it checks that no moved schedule is still active at the source.
 */
import * as E from 'fp-ts/Either'
import {
  formatVaultError,
  sameSchedule,
  type Address,
  type Capabilities,
  type Customer,
  type CustomerId,
  type Recurrence,
  type RecurrenceId,
  type Vault,
} from '@vaultport/core'
import { replay, type ItemState, type Journal, type JournalEntry } from './journal'
import { methodLast4 } from './last4'
import { retryRead } from './retry'
import { keys, mappingFromJournal, type IdMapping } from './mapping'
import type { PlannedRecurrence } from './plan'

export interface Difference {
  readonly sourceId: string
  readonly targetId?: string
  /** `customer`, `address:<id>`, `payment-method:<id>`, `schedule:<id>`. */
  readonly item: string
  readonly field: string
  readonly source?: unknown
  readonly target?: unknown
}

export interface VerifyReport {
  readonly customersChecked: number
  readonly customersClean: number
  readonly itemsChecked: number
  readonly differenceCount: number
  /** The first 1,000 differences. */
  readonly differences: ReadonlyArray<Difference>
  /** Set when verification could not run at all (an unreadable journal). */
  readonly error?: string
}

export interface VerifyOptions {
  readonly source: Vault
  readonly target: Vault
  readonly journal: Journal
  readonly concurrency?: number
  readonly onProgress?: (checked: number, total: number) => void
}

/** Everything one verification works with, built once from the options and the journal. */
interface VerifyContext {
  readonly source: Vault
  readonly target: Vault
  readonly state: Map<string, ItemState>
  readonly mapping: IdMapping
  /** The fields compared: those both ends keep losslessly. */
  readonly customerFields: ReadonlyArray<Capabilities['lossless']['customer'][number]>
  readonly addressFields: ReadonlyArray<Capabilities['lossless']['address'][number]>
  readonly cardFields: ReadonlyArray<Capabilities['lossless']['card'][number]>
  readonly bankFields: ReadonlyArray<Capabilities['lossless']['bankAccount'][number]>
  readonly tally: { differences: Difference[]; differenceCount: number; itemsChecked: number }
}

/** Notes a difference between the source value `s` and the target value `t`, if they differ. */
type Diff = (item: string, field: string, s: unknown, t: unknown) => void

const shared = <K extends string>(a: ReadonlyArray<K>, b: ReadonlyArray<K>): K[] =>
  a.filter((k) => b.includes(k))

const verifyContext = (
  options: VerifyOptions,
  entries: ReadonlyArray<JournalEntry>,
): VerifyContext => {
  const { source, target } = options
  const sc: Capabilities = source.capabilities
  const tc: Capabilities = target.capabilities
  return {
    source,
    target,
    state: replay(entries),
    mapping: mappingFromJournal(entries),
    customerFields: shared(sc.lossless.customer, tc.lossless.customer).filter(
      (f) => f !== 'reference',
    ),
    addressFields: shared(sc.lossless.address, tc.lossless.address),
    cardFields: shared(sc.lossless.card, tc.lossless.card),
    bankFields: shared(sc.lossless.bankAccount, tc.lossless.bankAccount),
    tally: { differences: [], differenceCount: 0, itemsChecked: 0 },
  }
}

/** Verifies a run from its journal. It never rejects. */
export const verifyMigration = async (options: VerifyOptions): Promise<VerifyReport> => {
  let entries: Awaited<ReturnType<Journal['read']>>
  try {
    entries = await options.journal.read()
  } catch (e) {
    const error = `the journal could not be read: ${e instanceof Error ? e.message : String(e)}`
    return {
      customersChecked: 0,
      customersClean: 0,
      itemsChecked: 0,
      differenceCount: 0,
      differences: [],
      error,
    }
  }
  const ctx = verifyContext(options, entries)
  const pairs = Object.entries(ctx.mapping.customers)
  let next = 0
  let checked = 0
  let clean = 0
  const worker = async () => {
    for (;;) {
      const pair = pairs[next++]
      if (pair === undefined) return
      const n = await checkCustomer(ctx)(pair[0], pair[1])
      if (n === 0) clean++
      options.onProgress?.(++checked, pairs.length)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker))
  return {
    customersChecked: pairs.length,
    customersClean: clean,
    itemsChecked: ctx.tally.itemsChecked,
    differenceCount: ctx.tally.differenceCount,
    differences: ctx.tally.differences,
  }
}

/**
 * Compares one moved customer and everything moved with it, schedules included; answers how
 * many differences it found (the first of them go into the report).
 */
const checkCustomer =
  (ctx: VerifyContext) =>
  async (sourceId: string, targetId: string): Promise<number> => {
    const { source, target, state, tally } = ctx
    const found: Difference[] = []
    const diff: Diff = (item, field, s, t) => {
      if (JSON.stringify(s) !== JSON.stringify(t))
        found.push({ sourceId, targetId, item, field, source: s, target: t })
    }
    const [src, tgt] = await Promise.all([
      retryRead(source.customers.get(sourceId as CustomerId)),
      retryRead(target.customers.get(targetId as CustomerId)),
    ])
    if (E.isLeft(tgt)) {
      found.push({
        sourceId,
        targetId,
        item: 'customer',
        field: '(read)',
        target: formatVaultError(tgt.left),
      })
    } else if (E.isLeft(src)) {
      found.push({
        sourceId,
        targetId,
        item: 'customer',
        field: '(read)',
        source: formatVaultError(src.left),
      })
    } else {
      tally.itemsChecked++
      compareCustomer(ctx)(src.right, tgt.right, diff)
    }
    for (const [key, s] of state) {
      if (
        !key.startsWith(`r|`) ||
        s.status !== 'done' ||
        (s.data as { customer?: string } | undefined)?.customer !== sourceId
      )
        continue
      tally.itemsChecked++
      const recurrenceSourceId = key.slice(2)
      const planned = s.data as PlannedSchedule
      const r = await retryRead(target.recurrences.get(s.target as RecurrenceId))
      const item = `schedule:${recurrenceSourceId}`
      if (E.isLeft(r)) diff(item, '(read)', 'present', formatVaultError(r.left))
      else compareSchedule(item, planned, r.right, diff)
      if (state.get(keys.sourceRemoval(recurrenceSourceId))?.status === 'done') {
        const still = await retryRead(source.recurrences.get(recurrenceSourceId as RecurrenceId))
        if (E.isRight(still)) diff(item, 'source schedule removed', true, false)
      }
    }
    tally.differenceCount += found.length
    for (const d of found) if (tally.differences.length < 1000) tally.differences.push(d)
    return found.length
  }

/** What the journal's intent recorded of a schedule: the first charge and the target's input. */
interface PlannedSchedule {
  readonly nextDate: string
  readonly input: PlannedRecurrence['input']
}

const compareSchedule = (item: string, planned: PlannedSchedule, t: Recurrence, diff: Diff) => {
  diff(item, 'amount', planned.input.amount, t.amount)
  if (!sameSchedule(planned.input.schedule, t.schedule))
    diff(item, 'schedule', planned.input.schedule, t.schedule)
  diff(item, 'totalCount', planned.input.totalCount, t.totalCount)
  diff(item, 'firstCharge', planned.nextDate, t.nextDate ?? t.startDate)
}

const compareCustomer = (ctx: VerifyContext) => (s: Customer, t: Customer, diff: Diff) => {
  for (const f of ctx.customerFields) diff('customer', f, s[f], t[f])
  const sentReference = (
    ctx.state.get(keys.customer(s.id))?.data as { reference?: string } | undefined
  )?.reference
  if (ctx.target.capabilities.customerReference !== 'none' && sentReference !== undefined)
    diff('customer', 'reference', sentReference, t.reference)
  compareAddresses(ctx)(s, t, diff)
  comparePaymentMethods(ctx)(s, t, diff)
}

const compareAddresses = (ctx: VerifyContext) => (s: Customer, t: Customer, diff: Diff) => {
  for (const a of s.addresses) {
    const tid = ctx.mapping.addresses[s.id]?.[a.id]
    if (tid === undefined) continue
    ctx.tally.itemsChecked++
    const ta: Address | undefined = t.addresses.find((x) => x.id === tid)
    const item = `address:${a.id}`
    if (ta === undefined) {
      diff(item, '(present)', true, false)
      continue
    }
    diff(item, 'role', a.role, ta.role)
    for (const f of ctx.addressFields) diff(item, f, a[f], ta[f])
  }
}

const comparePaymentMethods = (ctx: VerifyContext) => (s: Customer, t: Customer, diff: Diff) => {
  for (const m of s.paymentMethods) {
    const tid = ctx.mapping.paymentMethods[s.id]?.[m.id]
    if (tid === undefined) continue
    ctx.tally.itemsChecked++
    const tm = t.paymentMethods.find((x) => x.id === tid)
    const item = `payment-method:${m.id}`
    if (tm === undefined) {
      diff(item, '(present)', true, false)
      continue
    }
    diff(item, 'kind', m.kind, tm.kind)
    diff(item, 'last4', methodLast4(m), methodLast4(tm))
    if (m.kind === 'card' && tm.kind === 'card') {
      if (m.brand !== 'unknown' && tm.brand !== 'unknown') diff(item, 'brand', m.brand, tm.brand)
      for (const f of ctx.cardFields) diff(item, f, m[f], tm[f])
    }
    if (m.kind === 'bank_account' && tm.kind === 'bank_account')
      for (const f of ctx.bankFields) diff(item, f, m[f], tm[f])
  }
}
