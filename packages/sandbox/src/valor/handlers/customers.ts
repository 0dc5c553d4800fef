/**
 * Valor customers: V1 add, V5 edit (with its address updates and additions), V11 get, V14 the
 * 1-based customer pages with paging at top level, V17 delete.
 */
import type { JsonObject } from '../../common/engine'
import { isObject } from '../../common/engine'
import { Reader } from '../../common/fields'
import { EMAIL_PATTERN, isDigits } from '../../common/payment'
import { type ValorHandler, withCustomer } from '../request'
import { customerNotExist, failedList, invalid, nameInUse, okStatus } from '../respond'
import {
  type Address,
  type Customer,
  MAX_ADDRESSES,
  NAME_PATTERN,
  addAddress,
  insertCustomer,
  refusesName,
  removeCustomer,
  renameCustomer,
} from '../state'
import { activeSubscriptions } from '../subscriptionsByCustomer'
import { addressView, readAddress } from './addresses'

interface CustomerInput {
  name?: string
  email?: string
  phone?: string
  company?: string
  addresses?: { id: number | undefined; fields: Partial<Address> }[]
}

const readCustomer = (r: Reader, body: JsonObject, creating: boolean): CustomerInput => {
  const out: CustomerInput = {}
  const name = r.string(body, 'customer_name', [], {
    required: creating,
    max: 25,
    pattern: NAME_PATTERN,
  })
  if (name !== undefined) out.name = name
  const email = r.string(body, 'customer_email', [], { max: 100 })
  if (email !== undefined && email !== '' && !EMAIL_PATTERN.test(email)) {
    r.add(['customer_email'], { kind: 'custom', message: 'Enter a valid Email' })
  } else if (email !== undefined) out.email = email
  const phone = r.string(body, 'customer_phone', [], { numeric: true })
  if (phone !== undefined && phone !== '' && !isDigits(phone, 10, 15)) {
    r.add(['customer_phone'], { kind: 'custom', message: 'Enter a valid Phone Number' })
  } else if (phone !== undefined) out.phone = phone
  const company = r.string(body, 'company_name', [], { max: 50 })
  if (company !== undefined) out.company = company
  const list = body.address_details
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) r.add(['address_details'], { kind: 'type', expected: 'array' })
    else if (creating && list.length > MAX_ADDRESSES) {
      r.add(['address_details'], {
        kind: 'custom',
        message: `must NOT have more than ${MAX_ADDRESSES} items`,
      })
    } else {
      out.addresses = []
      list.forEach((item, i) => {
        const at = ['address_details', String(i)]
        if (!isObject(item)) return r.add(at, { kind: 'type', expected: 'object' })
        const id = r.number(item, 'address_id', at, { integer: true, min: 1, fromString: true })
        out.addresses?.push({ id, fields: readAddress(r, item, at, id === undefined) })
      })
    }
  }
  return out
}

const labelClash = (
  addresses: readonly { address_id?: number; address_label?: string }[],
): boolean => {
  const labels = addresses.map((a) => a.address_label ?? '')
  return new Set(labels).size !== labels.length
}

export const addCustomer: ValorHandler = (sim) => (_req, m, body) => {
  const r = new Reader()
  const input = readCustomer(r, body, true)
  if (!r.ok) return invalid(r)
  if (refusesName(sim, m, input.name ?? '')) return nameInUse()
  const addresses = (input.addresses ?? []).map((a) => a.fields)
  if (labelClash(addresses)) return failedList(['Address label already exist'])
  const c: Customer = {
    id: m.nextCustomer++,
    name: input.name ?? '',
    email: input.email ?? '',
    phone: input.phone ?? '',
    company: input.company ?? '',
    addresses: [],
    cards: [],
    ach: [],
  }
  for (const fields of addresses) addAddress(m, c, fields)
  insertCustomer(m, c)
  return okStatus(201, { vault_customer_id: c.id })
}

export const editCustomer: ValorHandler = (sim) =>
  withCustomer(customerNotExist, (_req, m, c, body) => {
    const r = new Reader()
    const input = readCustomer(r, body, false)
    if (!r.ok) return invalid(r)
    if (input.name !== undefined && refusesName(sim, m, input.name, c)) return nameInUse()
    const updates = (input.addresses ?? []).filter((a) => a.id !== undefined)
    const additions = (input.addresses ?? []).filter((a) => a.id === undefined)
    if (updates.some((u) => !c.addresses.some((a) => a.address_id === u.id))) {
      return failedList(['Address not exist'])
    }
    if (c.addresses.length + additions.length > MAX_ADDRESSES) {
      return failedList([`Maximum of ${MAX_ADDRESSES} addresses reached for this customer`])
    }
    const after = c.addresses.map((a) => ({
      ...a,
      ...updates.find((u) => u.id === a.address_id)?.fields,
    }))
    if (labelClash([...after, ...additions.map((a) => a.fields)]))
      return failedList(['Address label already exist'])
    if (input.name !== undefined) renameCustomer(m, c, input.name)
    if (input.email !== undefined) c.email = input.email
    if (input.phone !== undefined) c.phone = input.phone
    if (input.company !== undefined) c.company = input.company
    c.addresses = after
    for (const a of additions) addAddress(m, c, a.fields)
    return okStatus(200, { vault_customer_id: c.id })
  })

export const getCustomer: ValorHandler = () =>
  withCustomer(customerNotExist, (_req, _m, c) =>
    okStatus(200, {
      message: 'Success',
      data: {
        id: c.id,
        customer_name: c.name,
        email: c.email,
        phone: c.phone,
        company: c.company,
        total_card_count: c.cards.length,
        address_details: c.addresses.map(addressView),
      },
    }),
  )

export const listCustomers: ValorHandler = () => (req, m) => {
  const r = new Reader()
  const q = Object.fromEntries(req.query)
  const page = r.number(q, 'page_number', [], { integer: true, min: 1, fromString: true }) ?? 1
  const size =
    r.number(q, 'page_size', [], { integer: true, min: 1, max: 100, fromString: true }) ?? 10
  if (!r.ok) return invalid(r)
  const all = m.customers.values()
  const customers = all.slice((page - 1) * size, page * size).map((c) => ({
    vault_id: c.id,
    customer_name: c.name,
    email: c.email,
    phone: c.phone,
    company: c.company,
    total_card_count: c.cards.length,
    total_recursive_billing: activeSubscriptions(m, c.id),
    transaction_count: 0,
    last_txn_date: null,
  }))
  return okStatus(200, {
    message: 'Success',
    data: { customers },
    number_of_records: customers.length,
    page_number: page,
    total_pages: Math.ceil(all.length / size),
    total_count: all.length,
    page_size: size,
  })
}

export const deleteCustomer: ValorHandler = () =>
  withCustomer(customerNotExist, (_req, m, c) => {
    removeCustomer(m, c)
    return okStatus(200, { message: 'Success' })
  })
