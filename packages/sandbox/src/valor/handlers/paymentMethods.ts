/**
 * Valor payment methods of a customer. Cards (payment profiles): V2 by PAN, V4 by token, V8 by a
 * reference transaction, V7 update, V10 status, V12 list, V18 delete; at most five per customer.
 * ACH profiles: V3 add, V9 update ("No changes detected" on a no-op), V13 list, V15 delete; their
 * `errors` is one string and `ach_profile_id` is an integer or a string depending on the call.
 */
import type { JsonObject, SimResponse } from '../../common/engine'
import { Reader } from '../../common/fields'
import {
  type CardBrand,
  TEST_CARDS,
  digest,
  isCardNumber,
  isDigits,
  isRoutingNumber,
  type StoredPan,
  storePan,
} from '../../common/payment'
import { type Authed, type ValorHandler, idParam, withCustomer } from '../request'
import {
  customerNotExist,
  customerNotExistString,
  failedList,
  failedString,
  invalid,
  okStatus,
  successStatus,
} from '../respond'
import {
  type Ach,
  type Card,
  type Customer,
  MAX_CARDS,
  type Merchant,
  NAME_PATTERN,
  VALOR_TEST_TOKENS,
  type ValorSim,
  addCard,
  fallbackExpiry,
} from '../state'

const BRAND_NAME: Readonly<Record<CardBrand, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'Amex',
  discover: 'Discover',
  unknown: 'Unknown',
}

const EXPIRY = /^(0[1-9]|1[0-2])\/?([0-9]{2})$/

const readCardFields = (
  r: Reader,
  body: JsonObject,
  creating: boolean,
): { pan?: StoredPan; expiry?: string; name?: string } => {
  const out: { pan?: StoredPan; expiry?: string; name?: string } = {}
  const pan = r.string(body, 'pan_num', [], { required: creating, numeric: true })
  if (pan !== undefined) {
    if (isDigits(pan, 15, 19) && isCardNumber(pan)) out.pan = storePan(pan)
    else r.add(['pan_num'], { kind: 'custom', message: 'Enter a valid Card Number' })
  }
  const expiry = r.string(body, 'expiry', [], { required: creating, numeric: true })
  if (expiry !== undefined) {
    const m = EXPIRY.exec(expiry)
    if (m === null) r.add(['expiry'], { kind: 'custom', message: 'Enter a valid Expiry Date' })
    else out.expiry = `${m[1]}/${m[2]}`
  }
  const name = r.string(body, 'cardholder_name', [], { max: 25, pattern: NAME_PATTERN })
  if (name !== undefined) out.name = name
  return out
}

/** V3/V9 body; problems are worded as the string `errors` of the ACH endpoints. */
const readAch = (
  body: JsonObject,
  creating: boolean,
): { fields: Partial<Omit<Ach, 'id'>> } | { error: string } => {
  const str = (k: string): string | undefined => {
    const v = body[k]
    return typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined
  }
  if (creating) {
    const missing = ['account_number', 'routing_number'].filter((k) => (str(k) ?? '') === '')
    if (missing.length > 0) return { error: `Missing required field(s): ${missing.join(', ')}` }
  }
  const fields: { -readonly [K in keyof Omit<Ach, 'id'>]?: Ach[K] } = {}
  const account = str('account_number')
  if (account !== undefined) {
    if (!isDigits(account, 4, 17)) return { error: 'Invalid account_number' }
    fields.accountDigest = digest(account)
    fields.last4 = account.slice(-4)
  }
  const routing = str('routing_number')
  if (routing !== undefined) {
    if (!isRoutingNumber(routing)) return { error: 'Invalid routing_number' }
    fields.routing = routing
  }
  const payee = str('payee_name')
  if (payee !== undefined) {
    if (payee.length > 30) return { error: 'Invalid payee_name' }
    fields.payeeName = payee
  }
  const type = str('account_type')
  if (type !== undefined) {
    if (type !== 'C' && type !== 'S') return { error: 'Invalid account_type' }
    fields.accountType = type
  }
  const entry = str('entry_class')
  if (entry !== undefined) {
    if (entry !== 'Business' && entry !== 'Personal') return { error: 'Invalid entry_class' }
    fields.entryClass = entry
  }
  return { fields }
}

const cardView = (c: Card): JsonObject => ({
  payment_id: c.paymentId,
  masked_pan: `XXXX${c.pan.last4}`,
  token: c.token,
  card_type: 'C',
  card_brand: BRAND_NAME[c.pan.brand],
  cardholder_name: c.cardholderName,
  status: c.status,
})

const achView = (a: Ach): JsonObject => ({
  ach_profile_id: a.id,
  account_number: `XXXX${a.last4}`,
  routing_number: `XXXX${a.routing.slice(-4)}`,
  payee_name: a.payeeName,
  account_type: a.accountType,
  entry_class: a.entryClass,
})

const capReached = (): SimResponse =>
  failedList([`Maximum of ${MAX_CARDS} payment profiles reached for this customer`])

// -- cards

export const addPaymentProfile: ValorHandler = (sim) =>
  withCustomer(customerNotExist, (_req, m, c, body) => {
    const r = new Reader()
    const card = readCardFields(r, body, true)
    if (!r.ok || card.pan === undefined || card.expiry === undefined) return invalid(r)
    if (c.cards.length >= MAX_CARDS) return capReached()
    return okStatus(201, {
      payment_id: addCard(sim, m, c, card.pan, card.expiry, card.name ?? '').paymentId,
    })
  })

/** The card behind a token: one of the test tokens, or a card stored under this merchant. */
const findToken = (
  sim: ValorSim,
  m: Merchant,
  token: string,
): { pan: StoredPan; expiry: string } | undefined => {
  const test = VALOR_TEST_TOKENS[token]
  if (test !== undefined) return { pan: storePan(test), expiry: fallbackExpiry(sim) }
  for (const c of m.customers.values()) {
    const card = c.cards.find((x) => x.token === token)
    if (card !== undefined) return { pan: card.pan, expiry: card.expiry }
  }
  return undefined
}

export const addByToken: ValorHandler = (sim) =>
  withCustomer(customerNotExist, (_req, m, c, body) => {
    const r = new Reader()
    const token = r.string(body, 'token', [], { required: true })
    const name = r.string(body, 'cardholder_name', [], { max: 25, pattern: NAME_PATTERN })
    if (!r.ok || token === undefined) return invalid(r, null)
    const found = findToken(sim, m, token)
    if (found === undefined) return failedList(['Invalid Token'], null)
    if (c.cards.length >= MAX_CARDS) return capReached()
    return okStatus(201, {
      payment_id: addCard(sim, m, c, found.pan, found.expiry, name ?? '').paymentId,
    })
  })

export const addByTransaction: ValorHandler = (sim) =>
  withCustomer(customerNotExist, (_req, m, c, body) => {
    const ref = body.ref_txn_id
    const refText = typeof ref === 'number' ? String(ref) : typeof ref === 'string' ? ref : ''
    if (refText === '') return failedList(['Reference transaction ID missing'], null)
    if (!/^[0-9]{1,20}$/.test(refText))
      return failedList(['Invalid reference transaction ID'], null)
    if (c.cards.length >= MAX_CARDS) return capReached()
    return okStatus(201, {
      payment_id: addCard(sim, m, c, storePan(TEST_CARDS[0]), fallbackExpiry(sim), '').paymentId,
    })
  })

const invalidPaymentId = (): SimResponse =>
  failedList(['Please provide a valid payment profile ID.'], null)

/** Looks the path's customer and card up; both misses answer "valid payment profile ID". */
const withCard = (handler: (c: Customer, card: Card, body: JsonObject) => SimResponse): Authed =>
  withCustomer(invalidPaymentId, (req, _m, c, body) => {
    const id = idParam(req, 'payment_id')
    const card = c.cards.find((x) => x.paymentId === id)
    return card === undefined ? invalidPaymentId() : handler(c, card, body)
  })

export const updateCard: ValorHandler = () =>
  withCard((_c, card, body) => {
    const r = new Reader()
    const fields = readCardFields(r, body, false)
    if (!r.ok) return invalid(r, null)
    if (fields.pan === undefined && fields.expiry === undefined && fields.name === undefined) {
      return failedList(["data must have required property 'expiry'"], null)
    }
    if (fields.pan !== undefined) card.pan = fields.pan
    if (fields.expiry !== undefined) card.expiry = fields.expiry
    if (fields.name !== undefined) card.cardholderName = fields.name
    return okStatus(200, { payment_id: card.paymentId })
  })

export const updateCardStatus: ValorHandler = () =>
  withCard((_c, card, body) => {
    const r = new Reader()
    const status = r.string(body, 'status', [], { required: true, oneOf: ['active', 'inactive'] })
    if (!r.ok || status === undefined) return invalid(r, null)
    card.status = status as Card['status']
    return okStatus(200, { message: 'Success' })
  })

export const listCards: ValorHandler = () =>
  withCustomer(customerNotExist, (_req, _m, c) =>
    okStatus(200, { message: 'Success', data: c.cards.map(cardView) }),
  )

export const deleteCard: ValorHandler = () =>
  withCustomer(
    () => failedList(['Unable to delete the payment profile']),
    (req, _m, c) => {
      const id = idParam(req, 'payment_id')
      if (!c.cards.some((x) => x.paymentId === id))
        return failedList(['Unable to delete the payment profile'])
      c.cards = c.cards.filter((x) => x.paymentId !== id)
      return okStatus(200, { message: 'Success' })
    },
  )

// -- ACH profiles

export const addAch: ValorHandler = () =>
  withCustomer(customerNotExistString, (_req, m, c, body) => {
    const read = readAch(body, true)
    if ('error' in read) return failedString(read.error)
    const ach: Ach = {
      id: m.nextAch++,
      accountDigest: '',
      last4: '',
      routing: '',
      payeeName: '',
      accountType: 'C',
      entryClass: 'Personal',
      ...read.fields,
    }
    c.ach.push(ach)
    return successStatus({ ach_profile_id: ach.id })
  })

const withAch = (handler: (c: Customer, ach: Ach, body: JsonObject) => SimResponse): Authed =>
  withCustomer(customerNotExistString, (req, _m, c, body) => {
    const id = idParam(req, 'ach_profile_id')
    const ach = c.ach.find((x) => x.id === id)
    return ach === undefined ? failedString('ACH profile ID does not exist') : handler(c, ach, body)
  })

export const updateAch: ValorHandler = () =>
  withAch((_c, ach, body) => {
    const read = readAch(body, false)
    if ('error' in read) return failedString(read.error)
    const merged = { ...ach, ...read.fields }
    if ((Object.keys(merged) as (keyof Ach)[]).every((k) => merged[k] === ach[k])) {
      return failedString('No changes detected. ACH profile already contains the same information')
    }
    Object.assign(ach, read.fields)
    return successStatus({ ach_profile_id: String(ach.id) })
  })

export const listAch: ValorHandler = () =>
  withCustomer(customerNotExistString, (_req, _m, c) => successStatus({ data: c.ach.map(achView) }))

export const deleteAch: ValorHandler = () =>
  withAch((c, ach) => {
    c.ach = c.ach.filter((x) => x !== ach)
    return successStatus({ ach_profile_id: String(ach.id) })
  })
