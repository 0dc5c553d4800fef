/**
 * Reading what a request asks to store (docs/wire-assumptions.md F.3): addresses, flags, cards, ach accounts and the
 * test tokens / wallet payloads that stand for a card. Problems go to the `Reader`; the first
 * one becomes the 400 answer.
 */
import type { JsonObject } from '../common/engine'
import { isObject } from '../common/engine'
import { type Reader, pickStrings } from '../common/fields'
import {
  EMAIL_PATTERN,
  TEST_CARDS,
  TEST_ROUTING,
  isCardNumber,
  isDigits,
  isRoutingNumber,
  type StoredPan,
  storePan,
} from '../common/payment'
import {
  ADDRESS_KEYS,
  type Ach,
  type AddressFields,
  type Card,
  type FluidPaySim,
  type PaymentInput,
  testAch,
  testCard,
} from './state'

const EXPIRY = /^(0[1-9]|1[0-2])\/?([0-9]{2})$/
const ACCOUNT_TYPES = ['checking', 'savings'] as const
const SEC_CODES = ['web', 'ccd', 'ppd'] as const
const CARD_FLAGS = [
  'surcharge_exempt',
  'applepay',
  'closed_contact',
  'contact',
  'locked_security',
  'locked_stop_recurring',
]
export const CUSTOMER_FLAGS = ['surcharge_exempt']

const normalizeExpiry = (value: string): string | null => {
  const m = EXPIRY.exec(value)
  return m === null ? null : `${m[1]}/${m[2]}`
}

export const readFlags = (
  r: Reader,
  obj: JsonObject,
  at: readonly string[],
  allowed: readonly string[],
): string[] | undefined => {
  const raw = obj.flags
  if (raw === undefined || raw === null) return undefined
  if (!Array.isArray(raw) || raw.some((f) => typeof f !== 'string' || !allowed.includes(f))) {
    r.add([...at, 'flags'], { kind: 'enum', allowed })
    return undefined
  }
  return raw as string[]
}

export const readCard = (
  r: Reader,
  obj: JsonObject,
  at: readonly string[],
  partial: boolean,
): Partial<Omit<Card, 'id'>> => {
  const out: { pan?: StoredPan; expiration?: string; flags?: readonly string[] } = {}
  const number = r.string(obj, 'number', at, { required: !partial, numeric: true })
  if (number !== undefined) {
    if (isCardNumber(number)) out.pan = storePan(number)
    else r.add([...at, 'number'], { kind: 'custom', message: 'invalid card number' })
  }
  const exp = r.string(obj, 'expiration_date', at, { required: !partial })
  if (exp !== undefined) {
    const normal = normalizeExpiry(exp)
    if (normal === null)
      r.add([...at, 'expiration_date'], { kind: 'custom', message: 'invalid expiration date' })
    else out.expiration = normal
  }
  const flags = readFlags(r, obj, at, CARD_FLAGS)
  if (flags !== undefined) out.flags = flags
  return out
}

export const readAch = (
  r: Reader,
  obj: JsonObject,
  at: readonly string[],
  partial: boolean,
): Partial<Omit<Ach, 'id'>> => {
  const out: {
    last4?: string
    length?: number
    routing?: string
    accountType?: string
    secCode?: string
  } = {}
  const account = r.string(obj, 'account_number', at, { required: !partial, numeric: true })
  if (account !== undefined) {
    if (isDigits(account, 4, 17)) {
      out.last4 = account.slice(-4)
      out.length = account.length
    } else r.add([...at, 'account_number'], { kind: 'custom', message: 'invalid account number' })
  }
  const routing = r.string(obj, 'routing_number', at, { required: !partial, numeric: true })
  if (routing !== undefined) {
    if (isRoutingNumber(routing)) out.routing = routing
    else r.add([...at, 'routing_number'], { kind: 'custom', message: 'invalid routing number' })
  }
  const type = r.string(obj, 'account_type', at, { required: !partial, oneOf: ACCOUNT_TYPES })
  if (type !== undefined) out.accountType = type
  const sec = r.string(obj, 'sec_code', at, { required: !partial, oneOf: SEC_CODES })
  if (sec !== undefined) out.secCode = sec
  return out
}

export const readAddress = (
  r: Reader,
  obj: JsonObject,
  at: readonly string[],
): Partial<AddressFields> => {
  const fields = pickStrings(r, obj, ADDRESS_KEYS, at, 100)
  if (fields.email !== undefined && fields.email !== '' && !EMAIL_PATTERN.test(fields.email)) {
    r.add([...at, 'email'], { kind: 'custom', message: 'invalid Email' })
  }
  const country = (fields.country ?? 'US').toUpperCase()
  if (
    fields.postal_code !== undefined &&
    fields.postal_code !== '' &&
    country === 'US' &&
    !/^[0-9]{5}(-[0-9]{4})?$/.test(fields.postal_code)
  ) {
    r.add([...at, 'postal_code'], { kind: 'custom', message: 'invalid Postal Code' })
  }
  return fields
}

/** The test tokens the vault accepts, each standing for a test card or account. */
const testTokens = (sim: FluidPaySim): Readonly<Record<string, PaymentInput>> => {
  const year = sim.clock().getUTCFullYear() + 3
  return {
    tok_visa: testCard(TEST_CARDS[0], year),
    tok_mastercard: testCard(TEST_CARDS[1], year),
    tok_amex: testCard(TEST_CARDS[2], year),
    tok_discover: testCard(TEST_CARDS[3], year),
    tok_ach: testAch(TEST_ROUTING[0]),
  }
}

/** Reads one payment (card, ach, token, apple pay, google pay) from `obj`, or records a problem. */
export const readPayment = (
  sim: FluidPaySim,
  r: Reader,
  obj: JsonObject,
  at: readonly string[],
  kind: string,
): PaymentInput | undefined => {
  const year = sim.clock().getUTCFullYear() + 3
  switch (kind) {
    case 'card': {
      const card = readCard(r, obj, at, false)
      return card.pan === undefined || card.expiration === undefined
        ? undefined
        : {
            kind: 'card',
            card: { pan: card.pan, expiration: card.expiration, flags: card.flags ?? [] },
          }
    }
    case 'ach': {
      const ach = readAch(r, obj, at, false)
      return r.ok ? { kind: 'ach', ach: ach as Omit<Ach, 'id'> } : undefined
    }
    case 'token': {
      const token = r.string(obj, 'token', at, { required: true })
      if (token === undefined) return undefined
      const found = testTokens(sim)[token]
      if (found === undefined) r.add([...at, 'token'], { kind: 'custom', message: 'invalid token' })
      return found
    }
    case 'applepay': {
      r.string(obj, 'key_id', at, { required: true })
      const temp = r.string(obj, 'temporary_token', at)
      const pk = r.object(obj, 'pkpaymenttoken', at)
      if (temp === undefined && pk === undefined) {
        r.add([...at, 'temporary_token'], { kind: 'custom', message: 'invalid apple pay token' })
      }
      return r.ok ? testCard(TEST_CARDS[0], year, ['applepay']) : undefined
    }
    default: {
      const g = obj.google_pay_token
      if ((typeof g !== 'string' || g === '') && !isObject(g)) {
        r.add([...at, 'google_pay_token'], {
          kind: 'custom',
          message: 'invalid google pay token',
        })
        return undefined
      }
      return testCard(TEST_CARDS[1], year)
    }
  }
}
