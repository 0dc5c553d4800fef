/**
 * FR18 subscription search: `{operator, value}` filters on `plan_id`, `status` and the nested
 * `customer.id`; `next_bill_date` and `expiration_date` in either shape the SDKs send
 * (`{start_date, end_date}` or `{operator: '<'|'>'|'='|'!=', value}`, RFC 3339 or `YYYY-MM-DD`,
 * compared by UTC day); `limit` 1–100 (default 10), `offset`, newest first, `total_count` of all
 * matches. The flat `customer_id` some merchants send is ignored by default
 * (`fluidpayRecurring.flatCustomerFilter`). Deleted subscriptions are gone from search.
 */
import type { JsonObject } from '../../common/engine'
import { isObject } from '../../common/engine'
import { Reader } from '../../common/fields'
import type { Authed } from '../access'
import { type Subscription, nextBillDateAfter } from '../recurringState'
import { subscriptionView } from '../recurringViews'
import { badRequest, failed, success } from '../respond'
import type { FluidPaySim } from '../state'

type Predicate = (s: Subscription) => boolean

const stringFilter = (
  r: Reader,
  obj: JsonObject,
  key: string,
  at: readonly string[],
  pick: (s: Subscription) => string,
): Predicate | null => {
  const f = r.object(obj, key, at)
  if (f === undefined) return null
  const value = r.string(f, 'value', [...at, key], { numeric: true }) ?? ''
  const operator = r.string(f, 'operator', [...at, key], { oneOf: ['=', '!=', ''] }) ?? '='
  return (s) => (pick(s) === value) === (operator !== '!=')
}

/** The UTC day of an RFC 3339 instant or a `YYYY-MM-DD` day. */
const dayOfValue = (r: Reader, raw: string, at: readonly string[]): string | undefined => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw
  const t = Date.parse(raw)
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw) && !Number.isNaN(t))
    return new Date(t).toISOString().slice(0, 10)
  r.add(at, { kind: 'custom', message: `${at.join('.')} must be RFC 3339 or YYYY-MM-DD` })
  return undefined
}

const dateFilter = (
  r: Reader,
  body: JsonObject,
  key: string,
  pick: (s: Subscription) => string | null,
): Predicate | null => {
  const f = r.object(body, key, [])
  if (f === undefined) return null
  if (f.operator !== undefined || f.value !== undefined) {
    const operator = r.string(f, 'operator', [key], { oneOf: ['<', '>', '=', '!='] }) ?? '='
    const raw = r.string(f, 'value', [key], { required: true })
    const day = raw === undefined ? undefined : dayOfValue(r, raw, [key, 'value'])
    if (day === undefined) return null
    return (s) => {
      const d = pick(s)
      if (d === null) return operator === '!='
      return operator === '<'
        ? d < day
        : operator === '>'
          ? d > day
          : (d === day) === (operator === '=')
    }
  }
  const start = r.string(f, 'start_date', [key])
  const end = r.string(f, 'end_date', [key])
  const from =
    start === undefined || start === '' ? undefined : dayOfValue(r, start, [key, 'start_date'])
  const to = end === undefined || end === '' ? undefined : dayOfValue(r, end, [key, 'end_date'])
  return (s) => {
    const d = pick(s)
    return d !== null && (from === undefined || d >= from) && (to === undefined || d <= to)
  }
}

/** The last billing date of a finite subscription; `null` for one that runs until cancelled. */
const expirationOf =
  (sim: FluidPaySim) =>
  (s: Subscription): string | null => {
    if (s.remaining === null || s.remaining === 0) return null
    const shortMonths = sim.options.rules().fluidpayRecurring.shortMonths
    let d = s.nextBillDate
    for (let i = 1; i < Math.min(s.remaining, 10_000); i++) d = nextBillDateAfter(s, d, shortMonths)
    return d
  }

const readPredicates = (sim: FluidPaySim, r: Reader, body: JsonObject): Predicate[] => {
  const out: (Predicate | null)[] = []
  out.push(stringFilter(r, body, 'plan_id', [], (s) => s.planId))
  out.push(stringFilter(r, body, 'status', [], (s) => s.status))
  const customer = r.object(body, 'customer', [])
  if (customer !== undefined)
    out.push(stringFilter(r, customer, 'id', ['customer'], (s) => s.customer.id))
  out.push(dateFilter(r, body, 'next_bill_date', (s) => s.nextBillDate))
  out.push(dateFilter(r, body, 'expiration_date', expirationOf(sim)))
  if (sim.options.rules().fluidpayRecurring.flatCustomerFilter === 'honoured') {
    const flat = body.customer_id
    if (typeof flat === 'string') out.push((s) => s.customer.id === flat)
    else if (isObject(flat))
      out.push(stringFilter(r, body, 'customer_id', [], (s) => s.customer.id))
  }
  return out.filter((p): p is Predicate => p !== null)
}

export const searchSubscriptions =
  (sim: FluidPaySim): Authed =>
  (_req, m, body) => {
    const r = new Reader()
    const limit = r.number(body, 'limit', [], { integer: true, fromString: true }) ?? 10
    const offset = r.number(body, 'offset', [], { integer: true, fromString: true }) ?? 0
    if (r.ok && (limit < 1 || limit > 100)) return failed(400, 'limit must be between 1 and 100')
    if (r.ok && offset < 0) return failed(400, 'offset must not be negative')
    const predicates = readPredicates(sim, r, body)
    if (!r.ok) return badRequest(r.problems)
    const matching = m.subscriptions.values().filter((s) => predicates.every((p) => p(s)))
    const page: JsonObject[] = []
    for (let i = matching.length - 1 - offset; i >= 0 && page.length < limit; i--) {
      page.push(subscriptionView(sim, m, matching[i] as Subscription))
    }
    return success(page, { total_count: matching.length })
  }
