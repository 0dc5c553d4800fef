/**
 * The customer profile on the wire, both ways: reading the fields shared by every create/update
 * body (card and check in their plain or base64 "encrypted" form, discretionary data;
 * docs/wire-assumptions.md P.3, P.4) and the profile views of the answers (P.4, P.5).
 */
import type { JsonObject } from '../common/engine'
import { isObject } from '../common/engine'
import { type Reader, pickStrings } from '../common/fields'
import {
  EMAIL_PATTERN,
  isCardNumber,
  isDigits,
  isRoutingNumber,
  maskStored,
  storePan,
} from '../common/payment'
import {
  BILLING_KEYS,
  type Customer,
  type Disc,
  type ProfileInput,
  SHIPPING_KEYS,
  type StoredCard,
  type StoredCheck,
} from './state'

export const SEC_CODES = ['CCD', 'PPD', 'WEB'] as const
const ACCOUNT_TYPES = ['Checking', 'Savings'] as const
export const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** Plain digits, or base64 of the digits (the simulator's "encrypted" form, docs/wire-assumptions.md P.3). */
const decodeNumber = (value: string, min: number, max: number): string | null => {
  const compact = value.replace(/\s+/g, '')
  if (isDigits(compact, min, max)) return compact
  if (!BASE64.test(compact) || compact.length % 4 !== 0) return null
  const decoded = Buffer.from(compact, 'base64').toString('latin1')
  return isDigits(decoded, min, max) ? decoded : null
}

const readCard = (r: Reader, body: JsonObject, now: Date): StoredCard | undefined => {
  const card = r.object(body, 'card', [])
  if (card === undefined) return undefined
  const at = ['card']
  const number = r.string(card, 'number', at, { required: true })
  const month = r.number(card, 'expiration_month', at, {
    required: true,
    integer: true,
    min: 1,
    max: 12,
    fromString: true,
  })
  const yearRaw = r.number(card, 'expiration_year', at, {
    required: true,
    integer: true,
    min: 0,
    max: 2099,
    fromString: true,
  })
  let pan: string | null = null
  if (number !== undefined) {
    pan = decodeNumber(number, 13, 19)
    if (pan === null || !isCardNumber(pan)) {
      r.add([...at, 'number'], { kind: 'custom', message: 'card number is invalid' })
      pan = null
    }
  }
  if (yearRaw !== undefined && yearRaw >= 100 && yearRaw < 2000) {
    r.add([...at, 'expiration_year'], {
      kind: 'custom',
      message: 'expiration_year must have 2 or 4 digits',
    })
    return undefined
  }
  if (pan === null || month === undefined || yearRaw === undefined) return undefined
  const year = yearRaw < 100 ? 2000 + yearRaw : yearRaw
  const nowYear = now.getUTCFullYear()
  if (year < nowYear || (year === nowYear && month < now.getUTCMonth() + 1)) {
    r.add([...at, 'expiration_year'], { kind: 'custom', message: 'card is expired' })
    return undefined
  }
  return { pan: storePan(pan), month, year }
}

const readCheck = (r: Reader, body: JsonObject): StoredCheck | undefined => {
  const check = r.object(body, 'check', [])
  if (check === undefined) return undefined
  const at = ['check']
  const account = r.string(check, 'account_number', at, { required: true })
  const routing = r.string(check, 'routing_number', at, { required: true, numeric: true })
  const secCode = r.string(check, 'sec_code', at, { required: true, oneOf: SEC_CODES })
  const accountType = r.string(check, 'account_type', at, { required: true, oneOf: ACCOUNT_TYPES })
  const digits = account === undefined ? null : decodeNumber(account, 4, 17)
  if (account !== undefined && digits === null) {
    r.add([...at, 'account_number'], { kind: 'custom', message: 'account number is invalid' })
  }
  if (routing !== undefined && !isRoutingNumber(routing)) {
    r.add([...at, 'routing_number'], { kind: 'custom', message: 'routing number is invalid' })
    return undefined
  }
  if (
    digits === null ||
    routing === undefined ||
    secCode === undefined ||
    accountType === undefined
  )
    return undefined
  return { last4: digits.slice(-4), length: digits.length, routing, accountType, secCode }
}

const readDisc = (r: Reader, body: JsonObject): readonly Disc[] | undefined => {
  const raw = body.discretionary_data
  if (raw === undefined || raw === null) return undefined
  const items = Array.isArray(raw) ? raw : [raw]
  const out: Disc[] = []
  items.forEach((item, i) => {
    const at = ['discretionary_data', String(i)]
    if (!isObject(item)) return r.add(at, { kind: 'type', expected: 'object' })
    const id = item.disc_id
    const value = r.string(item, 'value', at, { required: true, numeric: true })
    if (typeof id !== 'number' && typeof id !== 'string')
      return r.add([...at, 'disc_id'], { kind: 'required' })
    if (value !== undefined) out.push({ disc_id: id, value })
  })
  return out
}

/** The fields shared by every customer create/update body (docs/wire-assumptions.md P.3, P.4). */
export const readProfile = (
  r: Reader,
  body: JsonObject,
  labelRequired: boolean,
  now: Date,
): ProfileInput => {
  const input: ProfileInput = {}
  const label = r.string(body, 'customer_label', [], { required: labelRequired, max: 50 })
  if (label !== undefined) input.label = label
  const billing = r.object(body, 'billing_address', [])
  if (billing !== undefined)
    input.billing = pickStrings(r, billing, BILLING_KEYS, ['billing_address'], 100)
  const shipping = r.object(body, 'shipping_address', [])
  if (shipping !== undefined)
    input.shipping = pickStrings(r, shipping, SHIPPING_KEYS, ['shipping_address'], 100)
  const email = r.string(body, 'email', [], { max: 50 })
  if (email !== undefined && email !== '' && !EMAIL_PATTERN.test(email)) {
    r.add(['email'], { kind: 'custom', message: 'value is not a valid email address' })
  } else if (email !== undefined) input.email = email
  const phone = r.string(body, 'phone', [], { max: 20 })
  if (phone !== undefined) input.phone = phone
  const fax = r.string(body, 'fax', [], { max: 20 })
  if (fax !== undefined) input.fax = fax
  const card = readCard(r, body, now)
  if (card !== undefined) input.card = card
  const check = readCheck(r, body)
  if (check !== undefined) input.check = check
  const disc = readDisc(r, body)
  if (disc !== undefined) input.disc = disc
  return input
}

// ---- views (docs/wire-assumptions.md P.4, P.5)

const cardView = (card: StoredCard, withBin: boolean): JsonObject => ({
  masked_number: maskStored(card.pan, 'x', withBin),
  expiration_month: card.month,
  expiration_year: card.year,
})

export const customerView = (c: Customer, withBin = true): JsonObject => {
  const view: JsonObject = {
    customer_id: c.id,
    customer_label: c.label,
    billing_address: { ...c.billing },
    shipping_address: { ...c.shipping },
    email: c.email,
    phone: c.phone,
    fax: c.fax,
  }
  if (c.card !== undefined) {
    view.card = cardView(c.card, withBin)
    view.card_masked = maskStored(c.card.pan, 'x', withBin)
  }
  if (c.check !== undefined) {
    view.check = {
      masked_account_number: 'x'.repeat(c.check.length - 4) + c.check.last4,
      routing_number: c.check.routing,
      account_type: c.check.accountType,
      sec_code: c.check.secCode,
    }
  }
  view.discretionary_data = c.disc.map((d) => ({ ...d }))
  view.created_at = c.createdAt.toISOString()
  view.updated_at = c.updatedAt.toISOString()
  return view
}
