/**
 * The id mapping: source id → target id for customers, addresses, payment methods and
 * schedules, derived from the journal (the journal is the record; the mapping is its summary).
 */
import { replay, type JournalEntry } from './journal'

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
// '|' separates because ids may contain ':' (Valor's `card:97555`).

const key = (...parts: ReadonlyArray<string>): string => parts.join('|')

export const keys = {
  customer: (sourceId: string) => key('c', sourceId),
  address: (customerId: string, addressId: string) => key('a', customerId, addressId),
  method: (customerId: string, methodId: string) => key('m', customerId, methodId),
  recurrence: (recurrenceId: string) => key('r', recurrenceId),
  sourceRemoval: (recurrenceId: string) => key('x', recurrenceId),
  update: (customerId: string, version: string) => key('u', customerId, version),
} as const

/** Address pairs recorded with a created customer: [source address id, target address id]. */
export interface CustomerDoneData {
  readonly addresses?: ReadonlyArray<readonly [string, string]>
}

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

/** How many of each kind of item the mapping holds. */
export const mappingCounts = (m: IdMapping) => ({
  customers: Object.keys(m.customers).length,
  addresses: Object.values(m.addresses).reduce((n, byId) => n + Object.keys(byId).length, 0),
  paymentMethods: Object.values(m.paymentMethods).reduce(
    (n, byId) => n + Object.keys(byId).length,
    0,
  ),
  recurrences: Object.keys(m.recurrences).length,
})
