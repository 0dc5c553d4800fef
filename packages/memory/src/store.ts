/**
 * The memory vault's state: customers in a Map plus an append-only array of ids in creation
 * order, so a page is a slice from an offset (deleted ids stay behind as holes and are skipped),
 * never a scan of the whole vault. Cards keep only what a real vault gives back: brand, BIN,
 * last four, expiry, holder. No full card or account number is ever stored.
 */
import type {
  Address,
  CustomerDefaults,
  CustomerFields,
  PaymentMethod,
  Recurrence,
} from '@vaultport/core'

// ---- model

export interface StoredCustomer {
  readonly id: string
  fields: CustomerFields
  readonly addresses: Map<string, Address>
  readonly paymentMethods: Map<string, PaymentMethod>
  defaults: CustomerDefaults
  readonly createdAt: string
  updatedAt: string
  gatewayData?: Record<string, unknown>
  /** Ids of this customer's recurrences, in creation order. */
  readonly recurrences: string[]
}

export interface MemoryState {
  readonly customers: Map<string, StoredCustomer>
  /** Every customer id ever created, in creation order; deleted ones are skipped when paging. */
  readonly order: string[]
  readonly byReference: Map<string, string>
  readonly recurrences: Map<string, Recurrence>
  readonly counters: {
    customer: number
    address: number
    paymentMethod: number
    recurrence: number
  }
}

export const emptyState = (): MemoryState => ({
  customers: new Map(),
  order: [],
  byReference: new Map(),
  recurrences: new Map(),
  counters: { customer: 0, address: 0, paymentMethod: 0, recurrence: 0 },
})

// ---- utils

/** Drops keys whose value is undefined or the empty string: an empty patch field clears. */
export const compact = <A extends object>(a: A): A =>
  Object.fromEntries(
    Object.entries(a).filter(([, v]) => v !== undefined && v !== ''),
  ) as unknown as A

/** Offsets into an append-only list of ids, skipping holes; O(page) while holes are rare. */
export const pageOf = <A>(
  ids: ReadonlyArray<string>,
  from: number,
  size: number,
  pick: (id: string) => A | undefined,
): { items: A[]; next: number | undefined } => {
  const items: A[] = []
  let i = from
  for (; i < ids.length && items.length < size; i++) {
    const a = pick(ids[i] as string)
    if (a !== undefined) items.push(a)
  }
  // Only promise a next page if one more item exists.
  for (let j = i; j < ids.length; j++) {
    if (pick(ids[j] as string) !== undefined) return { items, next: j }
  }
  return { items, next: undefined }
}
