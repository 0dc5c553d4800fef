/**
 * F5 search (docs/wire-assumptions.md F.5): `{value, operator}` filters with `=` / `!=` on the id, any address field and
 * the defaults, date ranges on `created_at` / `updated_at`, limit 1–100, an offset, newest
 * first, and `total_count` beside the page.
 */
import { parseIsoDay } from '../../common/dates'
import type { JsonObject, SimResponse } from '../../common/engine'
import { Reader } from '../../common/fields'
import type { Authed } from '../access'
import { badRequest, failed } from '../respond'
import type { Address, Customer, Defaults, FluidPaySim, Merchant } from '../state'
import { recordView } from '../views'

const SEARCH_ADDRESS_FIELDS: Readonly<Record<string, keyof Address>> = {
  address_id: 'id',
  first_name: 'first_name',
  last_name: 'last_name',
  company: 'company',
  address_line_1: 'line_1',
  address_line_2: 'line_2',
  city: 'city',
  state: 'state',
  postal_code: 'postal_code',
  country: 'country',
  email: 'email',
  phone: 'phone',
  fax: 'fax',
}
const SEARCH_DEFAULT_FIELDS: Readonly<Record<string, keyof Defaults>> = {
  payment_method_type: 'payment_method_type',
  billing_address_id: 'billing_address_id',
  shipping_address_id: 'shipping_address_id',
}

type Predicate = (c: Customer) => boolean

interface Filter {
  /** Lower-cased: matching ignores case. */
  readonly value: string
  /** `false` for the `!=` operator. */
  readonly equal: boolean
}

const readFilter = (r: Reader, body: JsonObject, key: string): Filter | undefined => {
  const f = r.object(body, key, [])
  if (f === undefined) return undefined
  const value = r.string(f, 'value', [key], { numeric: true }) ?? ''
  const operator = r.string(f, 'operator', [key], { oneOf: ['=', '!=', ''] }) ?? '='
  return { value: value.toLowerCase(), equal: operator !== '!=' }
}

/** One end of a date range, as epoch milliseconds; a bare day's end is that day's last instant. */
const readBound = (
  r: Reader,
  range: JsonObject,
  key: 'created_at' | 'updated_at',
  name: 'start_date' | 'end_date',
): number | undefined => {
  const raw = r.string(range, name, [key])
  if (raw === undefined || raw === '') return undefined
  const day = parseIsoDay(raw, name === 'end_date')
  const t = day?.getTime() ?? Date.parse(raw)
  if (Number.isNaN(t)) {
    r.add([key, name], {
      kind: 'custom',
      message: `invalid ${key}.${name}: use RFC 3339 or YYYY-MM-DD`,
    })
    return undefined
  }
  return t
}

/** A date range on `created_at` or `updated_at`: its test and its ends (epoch ms). */
interface Range {
  readonly test: Predicate
  readonly from: number | undefined
  readonly to: number | undefined
}

const readRange = (r: Reader, body: JsonObject, key: 'created_at' | 'updated_at'): Range | null => {
  const range = r.object(body, key, [])
  if (range === undefined) return null
  const from = readBound(r, range, key, 'start_date')
  const to = readBound(r, range, key, 'end_date')
  const pick =
    key === 'created_at'
      ? (c: Customer) => c.createdAt.getTime()
      : (c: Customer) => c.updatedAt.getTime()
  return {
    test: (c) => (from === undefined || pick(c) >= from) && (to === undefined || pick(c) <= to),
    from,
    to,
  }
}

/** The filters a body asks for: one test per filter, and a text naming them all exactly. */
interface Criteria {
  readonly predicates: Predicate[]
  /** Equal for two bodies that match the same records; the key of search's kept match. */
  readonly key: string
}

/** Every filter and range the body asks for, in the order they are read (and problems found). */
const readCriteria = (r: Reader, body: JsonObject): Criteria => {
  const predicates: Predicate[] = []
  const parts: unknown[] = []
  const id = readFilter(r, body, 'id')
  if (id !== undefined) {
    predicates.push((c) => (c.id.toLowerCase() === id.value) === id.equal)
    parts.push(['id', id])
  }
  for (const [key, field] of Object.entries(SEARCH_ADDRESS_FIELDS)) {
    const f = readFilter(r, body, key)
    if (f !== undefined) {
      predicates.push(
        (c) => c.addresses.some((a) => a[field].toLowerCase() === f.value) === f.equal,
      )
      parts.push([key, f])
    }
  }
  for (const [key, field] of Object.entries(SEARCH_DEFAULT_FIELDS)) {
    const f = readFilter(r, body, key)
    if (f !== undefined) {
      predicates.push((c) => (c.defaults[field].toLowerCase() === f.value) === f.equal)
      parts.push([key, f])
    }
  }
  for (const key of ['created_at', 'updated_at'] as const) {
    const range = readRange(r, body, key)
    if (range !== null) {
      predicates.push(range.test)
      parts.push([key, range.from ?? null, range.to ?? null])
    }
  }
  return { predicates, key: JSON.stringify(parts) }
}

/** The success envelope around a page, as text: the records' kept texts joined, not re-serialized. */
const pageAnswer = (records: readonly string[], totalCount: number): SimResponse => ({
  status: 200,
  text: `{"status":"success","msg":"success","total_count":${totalCount},"data":[${records.join(',')}]}`,
  contentType: 'application/json',
})

export const searchCustomers =
  (sim: FluidPaySim): Authed =>
  (_req, m, body) => {
    const r = new Reader()
    const limit = r.number(body, 'limit', [], { integer: true, fromString: true }) ?? 10
    const offset = r.number(body, 'offset', [], { integer: true, fromString: true }) ?? 0
    if (r.ok && (limit < 1 || limit > 100)) return failed(400, 'limit must be between 1 and 100')
    const maxOffset = sim.options.searchMaxOffset
    if (r.ok && (offset < 0 || (maxOffset !== null && offset > maxOffset))) {
      return failed(400, `offset must be between 0 and ${maxOffset ?? 'the number of records'}`)
    }
    const { predicates, key } = readCriteria(r, body)
    if (!r.ok) return badRequest(r.problems)
    const all = m.customers.values()
    const matching =
      predicates.length === 0
        ? all
        : sim.search.matching(m, all, key, (c) => predicates.every((p) => p(c)))
    // Newest first: insertion order is creation order, so walk the list from its end.
    const page: string[] = []
    const view = (c: Customer) => recordView(m, c)
    for (let i = matching.length - 1 - offset; i >= 0 && page.length < limit; i--) {
      page.push(sim.search.text(matching[i] as Customer, view))
    }
    return pageAnswer(page, matching.length)
  }

/**
 * Renders seeded records' texts at once: seeded vaults are mostly listed before they change, so
 * the first walk through them joins texts too (at ~1 KB a record in the simulator's memory).
 */
export const renderSeeded = (sim: FluidPaySim, m: Merchant, ids: readonly string[]): void => {
  const view = (c: Customer) => recordView(m, c)
  for (const id of ids) {
    const c = m.customers.get(id)
    if (c !== undefined) sim.search.text(c, view)
  }
}
