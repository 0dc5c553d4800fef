/**
 * Lists come back a page at a time with an opaque cursor for the next one. Gateways page by
 * offset (PayTrace, FluidPay) or by page number (Valor); adapters encode either as a cursor.
 */
import * as t from 'io-ts'
import type { Named } from './named'
import { IsoDateTime, NonNegativeInt, PositiveInt, ShortText } from './scalars'

// Each `interface X extends t.TypeOf<typeof XCodec> {}` names a codec's type (see ./named).
/* eslint-disable @typescript-eslint/no-empty-object-type */

// ---- model

/** @category Paging */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  /** Present while more items follow; pass it back as `ListQuery.cursor`. */
  readonly nextCursor?: string
  /** The total number of matching items, where the gateway reports it. */
  readonly totalCount?: number
}

const CustomerFilterCodec = t.partial(
  {
    name: ShortText,
    email: ShortText,
    reference: ShortText,
    /** Only customers created or changed at or after this instant (for delta migrations). */
    changedSince: IsoDateTime,
  },
  'CustomerFilter',
)
/** @category Paging */
export interface CustomerFilter extends t.TypeOf<typeof CustomerFilterCodec> {}
/** @category Paging */
export const CustomerFilter: Named<typeof CustomerFilterCodec, CustomerFilter> = CustomerFilterCodec

const ListQueryCodec = t.partial(
  { cursor: t.string, pageSize: PositiveInt, filter: CustomerFilter },
  'ListQuery',
)
/** @category Paging */
export interface ListQuery extends t.TypeOf<typeof ListQueryCodec> {}
/** @category Paging */
export const ListQuery: Named<typeof ListQueryCodec, ListQuery> = ListQueryCodec

// ---- offset cursors, shared by offset-paged adapters

const OffsetCursor = NonNegativeInt

/**
 * Encodes an offset as a cursor: opaque to callers, trivial to read back.
 * @category Paging
 */
export const offsetCursor = (offset: number): string => `o:${offset}`

/**
 * Reads a cursor made by `offsetCursor`; undefined for a foreign or malformed one.
 * @category Paging
 */
export const readOffsetCursor = (cursor: string | undefined): number | undefined => {
  if (cursor === undefined) return 0
  const m = /^o:(\d{1,15})$/.exec(cursor)
  if (m === null) return undefined
  const n = Number(m[1])
  return OffsetCursor.is(n) ? n : undefined
}
