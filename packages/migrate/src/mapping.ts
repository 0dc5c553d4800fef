/**
 * The id mapping: source id → target id for customers, addresses, payment methods and
 * schedules, derived from the journal (the journal is the record; the mapping is its summary).
 */
import { replay, type JournalEntry } from './journal'

/** @category Journal */
export interface IdMapping {
  readonly customers: Record<string, string>
  /**
   * Per source customer: source address id → target address id. Nested because some gateways'
   * address and payment-method ids are unique only within a customer (PayTrace's `billing`, `card`).
   */
  readonly addresses: Record<string, Record<string, string>>
  readonly paymentMethods: Record<string, Record<string, string>>
  readonly recurrences: Record<string, string>
}

// ---- journal keys
// c|<source customer>  a|<source customer>|<source address>  m|<source customer>|<source method>
// r|<source schedule> (target created)  x|<source schedule> (source removed)  u|<customer>|<version>
// z|<source schedule>|<target schedule> (a target copy that read back wrong, removed again)
// #|<what> (a note of the journal's own: a repaired torn line, the run's look-first mode)
// '|' separates because ids may contain ':' (Valor's `card:97555`).

const key = (...parts: ReadonlyArray<string>): string => parts.join('|')

/**
 * @category Journal
 * @internal
 */
export const keys = {
  customer: (sourceId: string) => key('c', sourceId),
  address: (customerId: string, addressId: string) => key('a', customerId, addressId),
  method: (customerId: string, methodId: string) => key('m', customerId, methodId),
  recurrence: (recurrenceId: string) => key('r', recurrenceId),
  sourceRemoval: (recurrenceId: string) => key('x', recurrenceId),
  targetRemoval: (recurrenceId: string, targetId: string) => key('z', recurrenceId, targetId),
  update: (customerId: string, version: string) => key('u', customerId, version),
  note: (what: 'torn' | 'look-first') => key('#', what),
} as const

/**
 * Address pairs recorded with a created customer: [source address id, target address id].
 * @category Journal
 */
export interface CustomerDoneData {
  readonly addresses?: ReadonlyArray<readonly [string, string]>
  /**
   * The target customer was found by a lookup, not made by a confirmed write: it may hold items
   * the journal does not know of, so each of its items is looked up before its first write.
   */
  readonly found?: boolean
  /** The create was confirmed but the customer could not be read back: the same care applies. */
  readonly unread?: boolean
}

/** @category Journal */
export const mappingFromJournal = (entries: ReadonlyArray<JournalEntry>): IdMapping => {
  const mapping: IdMapping = { customers: {}, addresses: {}, paymentMethods: {}, recurrences: {} }
  for (const [k, state] of replay(entries)) {
    if (state.status !== 'done' || state.target === undefined) continue
    const [kind, a, b] = k.split('|') as [string, string, string | undefined]
    const target = state.target
    if (kind === 'c') {
      mapping.customers[a] = target
      for (const [src, tgt] of (state.data as CustomerDoneData | undefined)?.addresses ?? []) {
        mapping.addresses[a] = { ...mapping.addresses[a], [src]: tgt }
      }
    } else if (kind === 'a' && b !== undefined)
      mapping.addresses[a] = { ...mapping.addresses[a], [b]: target }
    else if (kind === 'm' && b !== undefined) {
      mapping.paymentMethods[a] = { ...mapping.paymentMethods[a], [b]: target }
    } else if (kind === 'r') mapping.recurrences[a] = state.target
  }
  return mapping
}

/** @category Journal */
export interface MappingCounts {
  readonly customers: number
  readonly addresses: number
  readonly paymentMethods: number
  readonly recurrences: number
}

/**
 * How many of each kind of item the mapping holds.
 * @category Journal
 */
export const mappingCounts = (m: IdMapping): MappingCounts => ({
  customers: Object.keys(m.customers).length,
  addresses: Object.values(m.addresses).reduce((n, byId) => n + Object.keys(byId).length, 0),
  paymentMethods: Object.values(m.paymentMethods).reduce(
    (n, byId) => n + Object.keys(byId).length,
    0,
  ),
  recurrences: Object.keys(m.recurrences).length,
})

/**
 * One line of the id-mapping file: a source id and the target id it became.
 * @category Journal
 */
export type MappingLine =
  | { readonly kind: 'customer' | 'schedule'; readonly source: string; readonly target: string }
  | {
      readonly kind: 'address' | 'payment_method'
      /** The source customer: item ids may repeat across customers. */
      readonly customer: string
      readonly source: string
      readonly target: string
    }

/**
 * The mapping as lines, one journal entry at a time: for writing the id-mapping file of any
 * size without holding the mapping. Each item is confirmed once, so each appears once.
 * @category Journal
 * @internal
 */
export const mappingLines = (entry: JournalEntry): ReadonlyArray<MappingLine> => {
  if (entry.s !== 'done') return []
  const [kind, a, b] = entry.k.split('|') as [string, string, string | undefined]
  if (kind === 'c') {
    const addresses = (entry.data as CustomerDoneData | undefined)?.addresses ?? []
    return [
      { kind: 'customer', source: a, target: entry.target },
      ...addresses.map(([source, target]) => ({
        kind: 'address' as const,
        customer: a,
        source,
        target,
      })),
    ]
  }
  if (kind === 'a' && b !== undefined)
    return [{ kind: 'address', customer: a, source: b, target: entry.target }]
  if (kind === 'm' && b !== undefined)
    return [{ kind: 'payment_method', customer: a, source: b, target: entry.target }]
  if (kind === 'r') return [{ kind: 'schedule', source: a, target: entry.target }]
  return []
}
