/**
 * The customer-profile routes C1–C11 (docs/wire-assumptions.md P.3–P.7): the four creates (plain, from a card or ACH
 * transaction, from a PayTrace Protect token), the two updates, get, list, export and delete.
 * The card or check lives on the profile, so these routes are also the payment-method routes.
 */
import { parseMdyTime } from '../../common/dates'
import type { JsonObject, SimResponse } from '../../common/engine'
import { Reader } from '../../common/fields'
import { TEST_CARDS, maskStored, storePan } from '../../common/payment'
import { BASE64, customerView, readProfile } from '../profile'
import { type PayTraceHandler, withCustomer } from '../request'
import { fieldError, invalid, ok } from '../respond'
import {
  type Customer,
  type Merchant,
  type PayTraceSim,
  type ProfileInput,
  type StoredCard,
  insertCustomer,
  sampleCheck,
} from '../state'

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

/** What a create or update route reads besides the profile: where its card or check comes from. */
type PaymentReader = (sim: PayTraceSim, r: Reader, body: JsonObject, input: ProfileInput) => void

const labelTaken = (m: Merchant, label: string, self?: number): boolean => {
  const owner = m.byLabel.get(label)
  return owner !== undefined && owner !== self
}

/** Shared by the four creates: read, check the label, insert, answer the detail. */
const createWith =
  (payment: PaymentReader): PayTraceHandler =>
  (sim) =>
  (_req, m, body) => {
    const r = new Reader()
    const input = readProfile(r, body, true, sim.clock())
    payment(sim, r, body, input)
    if (!r.ok) return invalid('body', r.problems)
    const label = input.label as string
    if (labelTaken(m, label))
      return fieldError('body/customer_label', 'customer_label already exists')
    return ok(customerView(insertCustomer(sim, m, { ...input, label })))
  }

const visa = (sim: PayTraceSim): StoredCard => ({
  pan: storePan(TEST_CARDS[0]),
  month: 12,
  year: sim.clock().getUTCFullYear() + 3,
})

const byTransaction =
  (stored: (sim: PayTraceSim, input: ProfileInput) => void): PaymentReader =>
  (sim, r, body, input) => {
    const txn = r.string(body, 'transaction_id', [], {
      required: true,
      numeric: true,
      pattern: /^[0-9]{1,20}$/,
    })
    r.string(body, 'customer_reference_id', [], { max: 50 })
    if (txn !== undefined) stored(sim, input)
  }

const protect: PaymentReader = (sim, r, body, input) => {
  const hpf = r.string(body, 'hpf_token', [], { required: true, pattern: UUID })
  const key = r.string(body, 'enc_key', [], { required: true, pattern: BASE64 })
  if (hpf !== undefined && key !== undefined) input.card = visa(sim)
}

/** C1 */
export const createCustomer = createWith(() => undefined)
/** C2: the card of the transaction is stored. */
export const createCustomerByTransaction = createWith(
  byTransaction((sim, i) => (i.card = visa(sim))),
)
/** C3: the check of the ACH transaction is stored. */
export const createAchCustomerByTransaction = createWith(
  byTransaction((_sim, i) => (i.check = sampleCheck(0))),
)
/** C4 */
export const createProtectedCustomer = createWith(protect)

const applyUpdate = (
  sim: PayTraceSim,
  m: Merchant,
  c: Customer,
  input: ProfileInput,
): SimResponse => {
  if (input.label !== undefined && input.label !== c.label) {
    if (labelTaken(m, input.label, c.id))
      return fieldError('body/customer_label', 'customer_label already exists')
    m.byLabel.delete(c.label)
    m.byLabel.set(input.label, c.id)
    c.label = input.label
  }
  if (input.billing !== undefined) c.billing = { ...c.billing, ...input.billing }
  if (input.shipping !== undefined) c.shipping = { ...c.shipping, ...input.shipping }
  if (input.email !== undefined) c.email = input.email
  if (input.phone !== undefined) c.phone = input.phone
  if (input.fax !== undefined) c.fax = input.fax
  if (input.card !== undefined) c.card = input.card
  if (input.check !== undefined) c.check = input.check
  if (input.disc !== undefined) c.disc = input.disc
  c.updatedAt = sim.clock()
  return ok(customerView(c))
}

const update =
  (extra?: PaymentReader): PayTraceHandler =>
  (sim) =>
    withCustomer((_req, m, c, body) => {
      const r = new Reader()
      const input = readProfile(r, body, false, sim.clock())
      extra?.(sim, r, body, input)
      return r.ok ? applyUpdate(sim, m, c, input) : invalid('body', r.problems)
    })

/** C5 */
export const updateCustomer = update()
/** C6 */
export const updateProtectedCustomer = update(protect)

/** C7 */
export const getCustomer: PayTraceHandler = () =>
  withCustomer((req, _m, c) => {
    const r = new Reader()
    r.number(Object.fromEntries(req.query), 'allow_partial', [], {
      integer: true,
      min: 0,
      max: 1,
      fromString: true,
    })
    return r.ok ? ok(customerView(c)) : invalid('query', r.problems)
  })

/** C8 */
export const getAchCustomer: PayTraceHandler = () =>
  withCustomer((_req, _m, c) =>
    c.check === undefined
      ? fieldError('path/customer_id', `customer_id ${c.id} has no check (ACH) information`)
      : ok(customerView(c)),
  )

/** C9 */
export const listCustomers: PayTraceHandler = (sim) => (req, m) => {
  const q = Object.fromEntries(req.query)
  const r = new Reader()
  const limit =
    r.number(q, 'limit', [], { integer: true, min: 1, max: 1000, fromString: true }) ?? 100
  const offset = r.number(q, 'offset', [], { integer: true, min: 0, fromString: true }) ?? 0
  const days = r.number(q, 'last_activity_days', [], { integer: true, min: 0, fromString: true })
  const withCard =
    r.number(q, 'include_card_number', [], {
      integer: true,
      min: 0,
      max: 1,
      fromString: true,
    }) === 1
  if (!r.ok) return invalid('query', r.problems)
  const filter = (q.name_filter ?? '').toLowerCase()
  const since = days === undefined ? undefined : sim.clock().getTime() - days * 86_400_000
  const all = m.customers.values()
  const matching =
    filter === '' && since === undefined
      ? all
      : all.filter(
          (c) =>
            (filter === '' ||
              c.label.toLowerCase().includes(filter) ||
              c.billing.name.toLowerCase().includes(filter)) &&
            (since === undefined || c.updatedAt.getTime() >= since),
        )
  const data = matching.slice(offset, offset + limit).map((c) => {
    const item: JsonObject = {
      customer_id: c.id,
      customer_label: c.label,
      name: c.billing.name,
      email: c.email,
      phone: c.phone,
    }
    if (withCard && c.card !== undefined) item.card_masked = maskStored(c.card.pan, 'x', true)
    item.last_activity = c.updatedAt.toISOString()
    return item
  })
  return ok(data, { total_count: matching.length, limit, offset })
}

/** The profiles an export filters: by its label index when it names one (labels are unique). */
const candidates = (m: Merchant, label: string | undefined): readonly Customer[] => {
  if (label === undefined) return m.customers.values()
  const owner = m.customers.get(m.byLabel.get(label) ?? -1)
  return owner === undefined ? [] : [owner]
}

/** C10 */
export const exportCustomers: PayTraceHandler = () => (_req, m, body) => {
  const r = new Reader()
  const label = r.string(body, 'customer_label', [], { max: 50 })
  const email = r.string(body, 'email', [], { max: 50 })?.toLowerCase()
  const includeBin = r.boolean(body, 'include_bin', []) ?? false
  const created = r.object(body, 'created', [])
  let since: Date | null = null
  if (created !== undefined) {
    const at = r.string(created, 'at', ['created'])
    r.string(created, 'by', ['created'])
    r.string(created, 'from_ip', ['created'])
    if (at !== undefined) {
      since = parseMdyTime(at)
      if (since === null)
        r.add(['created', 'at'], { kind: 'custom', message: 'invalid datetime format' })
    }
  }
  if (!r.ok) return invalid('body', r.problems)
  const matching = candidates(m, label).filter(
    (c) =>
      (label === undefined || c.label === label) &&
      (email === undefined || c.email.toLowerCase() === email) &&
      (since === null || c.createdAt.getTime() >= since.getTime()),
  )
  return ok(
    matching.map((c) => customerView(c, includeBin)),
    { total_count: matching.length },
  )
}

/** C11: the customer's recurring schedules go with it. */
export const deleteCustomer: PayTraceHandler = () =>
  withCustomer((_req, m, c) => {
    for (const rid of m.byCustomer.get(c.id) ?? []) m.recurrences.delete(rid)
    m.byCustomer.delete(c.id)
    m.customers.delete(c.id)
    m.byLabel.delete(c.label)
    return ok({ customer_id: c.id })
  })
