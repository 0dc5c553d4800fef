/**
 * The run's memory of its journal: the latest state of every key, the target ids already
 * matched, which keys belong to which source customer, and the running mapping counts. Built
 * from the journal once at the start, kept up to date with every entry the run appends.
 */
import type { ItemState, JournalEntry } from '../journal'
import { keys, type CustomerDoneData, type MappingCounts } from '../mapping'

export interface Ledger {
  readonly state: Map<string, ItemState>
  // Target ids already matched, so reconciliation never takes one twice. Items are claimed per
  // target customer: some gateways' item ids repeat across customers (PayTrace's `card`).
  readonly claimed: Set<string>
  // The keys of each source customer, so that a finished customer's entries leave memory: a long
  // run holds only the customers in flight (plus whatever a resumed journal brought in).
  readonly keysOf: Map<string, Set<string>>
  readonly mapped: { -readonly [K in keyof MappingCounts]: number }
}

export const noneMapped = (): { -readonly [K in keyof MappingCounts]: number } => ({
  customers: 0,
  addresses: 0,
  paymentMethods: 0,
  recurrences: 0,
})

const claimOf = (ledger: Ledger, key: string, target: string): string => {
  const [kind, sourceCustomer] = key.split('|')
  if (kind !== 'm' && kind !== 'a') return `${kind}|${target}`
  const owner = ledger.state.get(keys.customer(sourceCustomer ?? ''))?.target
  return `${kind}|${owner ?? '?'}|${target}`
}

const countDone = (ledger: Ledger, key: string, data: unknown) => {
  const mapped = ledger.mapped
  const kind = key.slice(0, 1)
  if (kind === 'c') {
    mapped.customers++
    mapped.addresses += (data as CustomerDoneData | undefined)?.addresses?.length ?? 0
  } else if (kind === 'a') mapped.addresses++
  else if (kind === 'm') mapped.paymentMethods++
  else if (kind === 'r') mapped.recurrences++
}

const ownerOf = (key: string, data: unknown): string | undefined => {
  const [kind, id] = key.split('|')
  return kind === 'r' || kind === 'x' ? (data as { customer?: string } | undefined)?.customer : id
}

const index = (ledger: Ledger, key: string, data: unknown) => {
  const owner = ownerOf(key, data)
  if (owner === undefined) return
  const set = ledger.keysOf.get(owner) ?? new Set<string>()
  set.add(key)
  ledger.keysOf.set(owner, set)
}

/** The ledger of a journal replayed into `state` (an empty map for a dry run). */
export const openLedger = (state: Map<string, ItemState>): Ledger => {
  const ledger: Ledger = { state, claimed: new Set(), keysOf: new Map(), mapped: noneMapped() }
  for (const [key, s] of state) {
    index(ledger, key, s.data)
    if (s.status !== 'done' || s.target === undefined) continue
    ledger.claimed.add(claimOf(ledger, key, s.target))
    countDone(ledger, key, s.data)
  }
  return ledger
}

/** Takes in an entry the journal has just made durable. */
export const remember = (ledger: Ledger) => (entry: JournalEntry) => {
  const state = ledger.state
  index(ledger, entry.k, entry.s === 'intent' ? entry.data : state.get(entry.k)?.data)
  if (entry.s === 'done') {
    state.set(entry.k, { status: 'done', target: entry.target, data: entry.data })
    ledger.claimed.add(claimOf(ledger, entry.k, entry.target))
    countDone(ledger, entry.k, entry.data)
  } else state.set(entry.k, { status: entry.s, data: state.get(entry.k)?.data })
}

/** Whether reconciliation already matched target item `id` (of target customer `owner`). */
export const isClaimed =
  (ledger: Ledger) =>
  (kind: 'c' | 'm' | 'r', id: string, owner?: string): boolean =>
    ledger.claimed.has(owner === undefined ? `${kind}|${id}` : `${kind}|${owner}|${id}`)

/** Drops a finished source customer's entries from memory. */
export const forget = (ledger: Ledger) => (sourceCustomer: string) => {
  const own = ledger.keysOf.get(sourceCustomer)
  if (own === undefined) return
  const customerKey = keys.customer(sourceCustomer)
  for (const key of own) {
    const s = ledger.state.get(key)
    // The customer's own claim stays: a reference-less target is searched among all customers.
    if (key !== customerKey && s?.status === 'done' && s.target !== undefined)
      ledger.claimed.delete(claimOf(ledger, key, s.target))
  }
  for (const key of own) ledger.state.delete(key)
  ledger.keysOf.delete(sourceCustomer)
}
