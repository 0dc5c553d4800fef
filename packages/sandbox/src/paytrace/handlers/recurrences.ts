/**
 * The recurring-payment routes R1–R7 (docs/wire-assumptions.md P.8): create, update and delete (PayTrace sends the id in
 * the body, DELETE included), and the exports by customer, by id and of the last approved run.
 */
import { formatMdy, parseMdy } from '../../common/dates'
import type { JsonObject, SimResponse } from '../../common/engine'
import { Reader } from '../../common/fields'
import { SEC_CODES } from '../profile'
import { type PayTraceHandler, findCustomer, pathInt, withCustomer } from '../request'
import { fieldError, invalid, ok } from '../respond'
import {
  type Customer,
  type Merchant,
  type Recurrence,
  type RecurrenceInput,
  insertRecurrence,
} from '../state'

const FREQUENCIES = ['1', '8', 'A', '2', '9', '3', '4', '7', '5', '6'] as const

const recurrenceView = (rec: Recurrence, customer: Customer | undefined): JsonObject => ({
  id: rec.id,
  customer_id: rec.customerId,
  customer_label: customer?.label ?? '',
  amount: rec.amountCents / 100,
  frequency: rec.frequency,
  start_date: rec.startDate,
  next_date: rec.nextDate,
  total_count: rec.totalCount,
  current_count: rec.currentCount,
  repeat: rec.repeat,
  weekend: rec.weekend,
  description: rec.description,
  transaction_type: rec.transactionType,
  type: rec.type,
  sec_code: rec.secCode,
  surcharge_info: { omit_surcharge: rec.omitSurcharge },
  created_at: rec.createdAt.toISOString(),
  updated_at: rec.updatedAt.toISOString(),
})

const readRecurrenceId = (r: Reader, rec: JsonObject): number | undefined =>
  r.number(rec, 'id', ['recurrence'], { required: true, integer: true, min: 1, fromString: true })

const readRecurrence = (r: Reader, rec: JsonObject, creating: boolean): RecurrenceInput => {
  const at = ['recurrence']
  const out: RecurrenceInput = {}
  const amount = r.number(rec, 'amount', at, {
    required: creating,
    min: 0.01,
    max: 999_999.99,
    fromString: true,
  })
  if (amount !== undefined) {
    const cents = Math.round(amount * 100)
    if (Math.abs(cents - amount * 100) > 1e-6) {
      r.add([...at, 'amount'], {
        kind: 'custom',
        message: 'ensure that there are no more than 2 decimal places',
      })
    } else out.amountCents = cents
  }
  const frequency = r.string(rec, 'frequency', at, {
    required: creating,
    numeric: true,
    oneOf: FREQUENCIES,
  })
  if (frequency !== undefined) out.frequency = frequency
  if (creating) {
    const start = r.string(rec, 'start_date', at, { required: true })
    const parsed = start === undefined ? null : parseMdy(start)
    if (start !== undefined && parsed === null) {
      r.add([...at, 'start_date'], {
        kind: 'custom',
        message: 'invalid date format, expected MM/DD/YYYY',
      })
    }
    if (parsed !== null) out.startDate = formatMdy(parsed)
  }
  const total = r.number(rec, 'total_count', at, {
    required: creating,
    integer: true,
    min: 1,
    max: 999,
    fromString: true,
  })
  if (total !== undefined) out.totalCount = total
  const txType = r.string(rec, 'transaction_type', at, { oneOf: ['Sale'] })
  if (txType !== undefined) out.transactionType = txType
  const type = r.string(rec, 'type', at, { oneOf: ['C', 'A'] })
  if (type !== undefined) out.type = type as 'C' | 'A'
  const description = r.string(rec, 'description', at, { max: 255 })
  if (description !== undefined) out.description = description
  const sec = r.string(rec, 'sec_code', at, { oneOf: SEC_CODES })
  if (sec !== undefined) out.secCode = sec
  const weekend = r.boolean(rec, 'weekend', at)
  if (weekend !== undefined) out.weekend = weekend
  const repeat = r.number(rec, 'repeat', at, { integer: true, min: 0, max: 99, fromString: true })
  if (repeat !== undefined) out.repeat = repeat
  return out
}

const paymentProblem = (c: Customer, type: 'C' | 'A'): string | null =>
  type === 'C' && c.card === undefined
    ? 'customer has no card'
    : type === 'A' && c.check === undefined
      ? 'customer has no check'
      : null

const readSurcharge = (r: Reader, body: JsonObject): boolean | undefined => {
  const s = r.object(body, 'surcharge_info', [])
  return s === undefined ? undefined : r.boolean(s, 'omit_surcharge', ['surcharge_info'])
}

/** R1 */
export const createRecurrence: PayTraceHandler = (sim) => (_req, m, body) => {
  const r = new Reader()
  const customerId = r.number(body, 'customer_id', [], {
    required: true,
    integer: true,
    min: 1,
    fromString: true,
  })
  const rec = r.object(body, 'recurrence', [], true)
  const input = rec === undefined ? {} : readRecurrence(r, rec, true)
  const omitSurcharge = readSurcharge(r, body) ?? false
  if (!r.ok || customerId === undefined) return invalid('body', r.problems)
  const c = findCustomer(m, customerId, 'body/customer_id')
  if ('status' in c) return c
  const type = input.type ?? 'C'
  const problem = paymentProblem(c, type)
  if (problem !== null) return fieldError('body/recurrence/type', problem)
  const created = insertRecurrence(sim, m, c, {
    amountCents: input.amountCents as number,
    frequency: input.frequency as string,
    startDate: input.startDate as string,
    totalCount: input.totalCount as number,
    transactionType: input.transactionType ?? 'Sale',
    type,
    description: input.description ?? '',
    secCode: type === 'A' ? (input.secCode ?? 'PPD') : '',
    weekend: input.weekend ?? false,
    repeat: input.repeat ?? 0,
    omitSurcharge,
  })
  return ok(recurrenceView(created, c))
}

const findRecurrence = (m: Merchant, id: number, field: string): Recurrence | SimResponse =>
  m.recurrences.get(id) ?? fieldError(field, `recurrence ${id} was not found`)

/** R2 */
export const updateRecurrence: PayTraceHandler = (sim) => (_req, m, body) => {
  const r = new Reader()
  const rec = r.object(body, 'recurrence', [], true)
  const id = rec === undefined ? undefined : readRecurrenceId(r, rec)
  const input = rec === undefined ? {} : readRecurrence(r, rec, false)
  const nextRaw = r.string(body, 'next_date', [])
  const next = nextRaw === undefined ? undefined : parseMdy(nextRaw)
  if (next === null)
    r.add(['next_date'], { kind: 'custom', message: 'invalid date format, expected MM/DD/YYYY' })
  const customerId = r.number(body, 'customer_id', [], {
    integer: true,
    min: 1,
    fromString: true,
  })
  const omitSurcharge = readSurcharge(r, body)
  if (!r.ok || id === undefined) return invalid('body', r.problems)
  const found = findRecurrence(m, id, 'body/recurrence/id')
  if ('status' in found) return found
  if (customerId !== undefined && customerId !== found.customerId) {
    return fieldError(
      'body/customer_id',
      `recurrence ${id} does not belong to customer_id ${customerId}`,
    )
  }
  const c = m.customers.get(found.customerId)
  if (input.type !== undefined && c !== undefined) {
    const problem = paymentProblem(c, input.type)
    if (problem !== null) return fieldError('body/recurrence/type', problem)
  }
  Object.assign(found, input)
  if (input.type === 'C') found.secCode = ''
  if (next instanceof Date) {
    found.nextDate = formatMdy(next)
    found.anchorDay = next.getUTCDate()
  }
  if (omitSurcharge !== undefined) found.omitSurcharge = omitSurcharge
  found.updatedAt = sim.clock()
  return ok(recurrenceView(found, c))
}

/** R3: the id is in the body of the DELETE. */
export const deleteRecurrence: PayTraceHandler = () => (_req, m, body) => {
  const r = new Reader()
  const rec = r.object(body, 'recurrence', [], true)
  const id = rec === undefined ? undefined : readRecurrenceId(r, rec)
  if (!r.ok || id === undefined) return invalid('body', r.problems)
  const found = findRecurrence(m, id, 'body/recurrence/id')
  if ('status' in found) return found
  m.recurrences.delete(id)
  m.byCustomer.get(found.customerId)?.delete(id)
  return ok({ id })
}

const recurrencesOf = (m: Merchant, c: Customer): Recurrence[] =>
  [...(m.byCustomer.get(c.id) ?? [])]
    .sort((a, b) => a - b)
    .map((id) => m.recurrences.get(id))
    .filter((x): x is Recurrence => x !== undefined)

/** R4 */
export const exportByCustomerGet: PayTraceHandler = () =>
  withCustomer((_req, m, c) => {
    const items = recurrencesOf(m, c)
    return ok(
      items.map((x) => recurrenceView(x, c)),
      { total_count: items.length },
    )
  })

/** R5: the same list, paged and filtered by the body. */
export const exportByCustomerPost: PayTraceHandler = () =>
  withCustomer((_req, m, c, body) => {
    const r = new Reader()
    const label = r.string(body, 'customer_label', [], { max: 50 })
    const limit =
      r.number(body, 'limit', [], { integer: true, min: 1, max: 50, fromString: true }) ?? 50
    const offset = r.number(body, 'offset', [], { integer: true, min: 0, fromString: true }) ?? 0
    const rec = r.object(body, 'recurrence', [])
    const id = rec === undefined ? undefined : readRecurrenceId(r, rec)
    if (!r.ok) return invalid('body', r.problems)
    if (label !== undefined && label !== c.label) {
      return fieldError('body/customer_label', `customer_label does not match customer_id ${c.id}`)
    }
    const all = recurrencesOf(m, c).filter((x) => id === undefined || x.id === id)
    return ok(
      all.slice(offset, offset + limit).map((x) => recurrenceView(x, c)),
      { total_count: all.length, limit, offset },
    )
  })

/** R6 */
export const exportById: PayTraceHandler = () => (req, m) => {
  const id = pathInt(req, 'recurrence_id')
  if (typeof id !== 'number') return id
  const found = findRecurrence(m, id, 'path/recurrence_id')
  return 'status' in found ? found : ok(recurrenceView(found, m.customers.get(found.customerId)))
}

/** R7: the newest approved run of the customer's schedules. */
export const exportApproved: PayTraceHandler = () =>
  withCustomer((_req, m, c) => {
    const approved = recurrencesOf(m, c)
      .filter((x) => x.lastApproved !== undefined)
      .sort((a, b) =>
        (a.lastApproved?.transactionId ?? '').localeCompare(b.lastApproved?.transactionId ?? ''),
      )
      .pop()
    if (approved?.lastApproved === undefined) {
      return fieldError(
        'path/customer_id',
        `no approved recurring transaction for customer_id ${c.id}`,
      )
    }
    return ok({
      transaction_id: approved.lastApproved.transactionId,
      recurrence_id: approved.id,
      customer_id: c.id,
      amount: approved.amountCents / 100,
      response_code: 101,
      status_message: 'Your transaction was successfully approved.',
      approval_code: `TAS${approved.lastApproved.transactionId.slice(-3)}`,
      date: approved.lastApproved.date,
    })
  })
