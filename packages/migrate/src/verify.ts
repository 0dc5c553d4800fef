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
  type PaymentMethod,
  type RecurrenceId,
  type Vault,
} from '@vaultport/core'
import { replay, type Journal } from './journal'
import { retryRead } from './retry'
import { keys, mappingFromJournal } from './mapping'
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

const shared = <K extends string>(a: ReadonlyArray<K>, b: ReadonlyArray<K>): K[] =>
  a.filter((k) => b.includes(k))

const lastFourOf = (m: PaymentMethod) => (m.kind === 'card' ? m.last4 : m.accountLast4)

/** Verifies a run from its journal. It never rejects. */
export const verifyMigration = async (options: VerifyOptions): Promise<VerifyReport> => {
  const { source, target } = options
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
  const state = replay(entries)
  const mapping = mappingFromJournal(entries)
  const differences: Difference[] = []
  let differenceCount = 0
  let itemsChecked = 0
  let clean = 0
  const sc: Capabilities = source.capabilities
  const tc: Capabilities = target.capabilities
  const customerFields = shared(sc.lossless.customer, tc.lossless.customer).filter(
    (f) => f !== 'reference',
  )
  const addressFields = shared(sc.lossless.address, tc.lossless.address)
  const cardFields = shared(sc.lossless.card, tc.lossless.card)
  const bankFields = shared(sc.lossless.bankAccount, tc.lossless.bankAccount)

  const checkOne = async (sourceId: string, targetId: string): Promise<number> => {
    const found: Difference[] = []
    const diff = (item: string, field: string, s: unknown, t: unknown) => {
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
      itemsChecked++
      compareCustomer(src.right, tgt.right, diff)
    }
    for (const [key, s] of state) {
      if (
        !key.startsWith(`r|`) ||
        s.status !== 'done' ||
        (s.data as { customer?: string } | undefined)?.customer !== sourceId
      )
        continue
      itemsChecked++
      const recurrenceSourceId = key.slice(2)
      const planned = s.data as { nextDate: string; input: PlannedRecurrence['input'] }
      const r = await retryRead(target.recurrences.get(s.target as RecurrenceId))
      const item = `schedule:${recurrenceSourceId}`
      if (E.isLeft(r)) diff(item, '(read)', 'present', formatVaultError(r.left))
      else {
        diff(item, 'amount', planned.input.amount, r.right.amount)
        if (!sameSchedule(planned.input.schedule, r.right.schedule))
          diff(item, 'schedule', planned.input.schedule, r.right.schedule)
        diff(item, 'totalCount', planned.input.totalCount, r.right.totalCount)
        diff(item, 'firstCharge', planned.nextDate, r.right.nextDate ?? r.right.startDate)
      }
      if (state.get(keys.sourceRemoval(recurrenceSourceId))?.status === 'done') {
        const still = await retryRead(source.recurrences.get(recurrenceSourceId as RecurrenceId))
        if (E.isRight(still)) diff(item, 'source schedule removed', true, false)
      }
    }
    differenceCount += found.length
    for (const d of found) if (differences.length < 1000) differences.push(d)
    return found.length
  }

  const compareCustomer = (
    s: Customer,
    t: Customer,
    diff: (item: string, field: string, s: unknown, t: unknown) => void,
  ) => {
    for (const f of customerFields) diff('customer', f, s[f], t[f])
    const sentReference = (
      state.get(keys.customer(s.id))?.data as { reference?: string } | undefined
    )?.reference
    if (tc.customerReference !== 'none' && sentReference !== undefined)
      diff('customer', 'reference', sentReference, t.reference)
    for (const a of s.addresses) {
      const tid = mapping.addresses[s.id]?.[a.id]
      if (tid === undefined) continue
      itemsChecked++
      const ta: Address | undefined = t.addresses.find((x) => x.id === tid)
      const item = `address:${a.id}`
      if (ta === undefined) {
        diff(item, '(present)', true, false)
        continue
      }
      diff(item, 'role', a.role, ta.role)
      for (const f of addressFields) diff(item, f, a[f], ta[f])
    }
    for (const m of s.paymentMethods) {
      const tid = mapping.paymentMethods[s.id]?.[m.id]
      if (tid === undefined) continue
      itemsChecked++
      const tm = t.paymentMethods.find((x) => x.id === tid)
      const item = `payment-method:${m.id}`
      if (tm === undefined) {
        diff(item, '(present)', true, false)
        continue
      }
      diff(item, 'kind', m.kind, tm.kind)
      diff(item, 'last4', lastFourOf(m), lastFourOf(tm))
      if (m.kind === 'card' && tm.kind === 'card') {
        if (m.brand !== 'unknown' && tm.brand !== 'unknown') diff(item, 'brand', m.brand, tm.brand)
        for (const f of cardFields) diff(item, f, m[f], tm[f])
      }
      if (m.kind === 'bank_account' && tm.kind === 'bank_account')
        for (const f of bankFields) diff(item, f, m[f], tm[f])
    }
  }

  const pairs = Object.entries(mapping.customers)
  let next = 0
  let checked = 0
  const worker = async () => {
    for (;;) {
      const pair = pairs[next++]
      if (pair === undefined) return
      const n = await checkOne(pair[0], pair[1])
      if (n === 0) clean++
      options.onProgress?.(++checked, pairs.length)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker))
  return {
    customersChecked: pairs.length,
    customersClean: clean,
    itemsChecked,
    differenceCount,
    differences,
  }
}
