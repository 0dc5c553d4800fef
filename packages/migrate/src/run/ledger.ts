/**
 * The run's memory of its journal: the latest state of every key, the target items already
 * claimed (and by which journal key), which keys belong to which source customer, and the running
 * mapping counts. Built from the journal once at the start, kept up to date with every entry the
 * run appends.
 */
import type { ItemState, JournalEntry } from '../journal'
import { keys, type CustomerDoneData, type MappingCounts } from '../mapping'
import { SettledClaims } from './settledClaims'

/**
 * Claims on target items and the journal key holding each: those of customers in flight in a
 * map, and the one claim a finished customer keeps (on its target customer, for the whole run)
 * packed in `SettledClaims`, so that what a run holds grows by ~50 bytes a customer, not ~135.
 */
export class ClaimTable {
  private readonly open = new Map<string, string>()
  private readonly settled = new SettledClaims()

  get size(): number {
    return this.open.size + this.settled.size
  }

  get(claim: string): string | undefined {
    return this.open.get(claim) ?? this.settled.get(claim)
  }

  set(claim: string, holder: string): this {
    this.settled.delete(claim)
    this.open.set(claim, holder)
    return this
  }

  delete(claim: string): boolean {
    const open = this.open.delete(claim)
    return this.settled.delete(claim) || open
  }

  /** Moves a claim that stays for the rest of the run into the packed table. */
  settle(claim: string): void {
    const holder = this.open.get(claim)
    if (holder === undefined) return
    this.open.delete(claim)
    this.settled.set(claim, holder)
  }

  /** Every holder (a journal key), once per claim it holds. */
  *values(): IterableIterator<string> {
    yield* this.open.values()
    yield* this.settled.holders()
  }
}

export interface Ledger {
  readonly state: Map<string, ItemState>
  /**
   * Target items already matched, each with the journal key that holds it, so that no target
   * item is ever taken by two source items: `c|<target customer>`, `r|<target schedule>`, and
   * per target customer `m|<target customer>|<method>`, `a|<target customer>|<address>` (some
   * gateways' item ids repeat across customers, e.g. PayTrace's `card`).
   */
  readonly claims: ClaimTable
  // The keys of each source customer, so that a finished customer's entries leave memory: a long
  // run holds only the customers in flight (plus whatever a resumed journal brought in).
  readonly keysOf: Map<string, Set<string>>
  readonly mapped: { -readonly [K in keyof MappingCounts]: number }
  /** The journal says every item is to be looked up before its first write. */
  readonly lookFirst: boolean
}

export const noneMapped = (): { -readonly [K in keyof MappingCounts]: number } => ({
  customers: 0,
  addresses: 0,
  paymentMethods: 0,
  recurrences: 0,
})

/** The claim of target item `id`: of target customer `owner` for methods and addresses. */
export const claimKey = (kind: 'c' | 'm' | 'a' | 'r', id: string, owner?: string): string =>
  owner === undefined ? `${kind}|${id}` : `${kind}|${owner}|${id}`

const ownerTarget = (ledger: Ledger, sourceCustomer: string | undefined): string =>
  ledger.state.get(keys.customer(sourceCustomer ?? ''))?.target ?? '?'

/** The claims a confirmed `key` makes on the target. */
const claimsOf = (ledger: Ledger, key: string, target: string, data: unknown) => {
  const [kind, sourceCustomer] = key.split('|')
  if (kind === 'c') {
    const pairs = (data as CustomerDoneData | undefined)?.addresses ?? []
    return [
      [claimKey('c', target), key],
      ...pairs.map(([src, tgt]) => [
        claimKey('a', tgt, target),
        keys.address(sourceCustomer ?? '', src),
      ]),
    ] as const
  }
  if (kind === 'm' || kind === 'a')
    return [[claimKey(kind, target, ownerTarget(ledger, sourceCustomer)), key]] as const
  if (kind === 'r') return [[claimKey('r', target), key]] as const
  return []
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
  if (kind === '#') return undefined
  return kind === 'r' || kind === 'x' || kind === 'z'
    ? (data as { customer?: string } | undefined)?.customer
    : id
}

const index = (ledger: Ledger, key: string, data: unknown) => {
  const owner = ownerOf(key, data)
  if (owner === undefined) return
  const set = ledger.keysOf.get(owner) ?? new Set<string>()
  set.add(key)
  ledger.keysOf.set(owner, set)
}

const claimAll = (ledger: Ledger, key: string, target: string, data: unknown) => {
  for (const [claim, holder] of claimsOf(ledger, key, target, data))
    ledger.claims.set(claim, holder)
}

/** The ledger of a journal replayed into `state` (an empty map for a dry run). */
export const openLedger = (state: Map<string, ItemState>): Ledger => {
  const ledger: Ledger = {
    state,
    claims: new ClaimTable(),
    keysOf: new Map(),
    mapped: noneMapped(),
    lookFirst: state.has(keys.note('look-first')),
  }
  for (const [key, s] of state) {
    index(ledger, key, s.data)
    if (s.status !== 'done' || s.target === undefined) continue
    claimAll(ledger, key, s.target, s.data)
    countDone(ledger, key, s.data)
  }
  return ledger
}

/** Takes in an entry the journal has just made durable. */
export const remember = (ledger: Ledger) => (entry: JournalEntry) => {
  const state = ledger.state
  index(ledger, entry.k, entry.s === 'intent' ? entry.data : state.get(entry.k)?.data)
  if (entry.s === 'done') {
    // As the journal replays it: a done without data keeps its intent's (a schedule's plan).
    const data = entry.data ?? state.get(entry.k)?.data
    state.set(entry.k, { status: 'done', target: entry.target, data })
    claimAll(ledger, entry.k, entry.target, data)
    countDone(ledger, entry.k, data)
  } else if (entry.s === 'intent') state.set(entry.k, { status: 'intent', data: entry.data })
  else {
    const previous = state.get(entry.k)
    // A schedule copy found wrong after all (and removed) is no longer mapped.
    if (previous?.status === 'done' && entry.k.startsWith('r|')) ledger.mapped.recurrences--
    state.set(entry.k, {
      status: entry.s,
      data: previous?.data,
      ...(entry.s === 'failed' ? { failure: entry.error.kind } : {}),
    })
  }
}

/** The journal key holding `claim`, if another than `key` holds it. */
export const heldByOther =
  (ledger: Ledger) =>
  (claim: string, key: string): string | undefined => {
    const holder = ledger.claims.get(claim)
    return holder === undefined || holder === key ? undefined : holder
  }

/**
 * Reserves `claim` for `key` as soon as a lookup matches it, before any await, so that two
 * workers can never take one target item; false when another key holds it already.
 */
export const reserve =
  (ledger: Ledger) =>
  (claim: string, key: string): boolean => {
    if (heldByOther(ledger)(claim, key) !== undefined) return false
    ledger.claims.set(claim, key)
    return true
  }

/**
 * Drops a finished source customer's entries from memory. Its claim on its target customer
 * stays, packed: a target customer is claimed once for the whole run. The claims on that
 * customer's addresses and methods go: no other source customer can work on a target customer
 * this one holds.
 */
export const forget = (ledger: Ledger) => (sourceCustomer: string) => {
  const own = ledger.keysOf.get(sourceCustomer)
  if (own === undefined) return
  const customerKey = keys.customer(sourceCustomer)
  for (const key of own) {
    const s = ledger.state.get(key)
    if (s?.status !== 'done' || s.target === undefined) continue
    const kept = key === customerKey ? claimKey('c', s.target) : undefined
    for (const [claim] of claimsOf(ledger, key, s.target, s.data)) {
      if (claim === kept) ledger.claims.settle(claim)
      else ledger.claims.delete(claim)
    }
  }
  for (const key of own) ledger.state.delete(key)
  ledger.keysOf.delete(sourceCustomer)
}
