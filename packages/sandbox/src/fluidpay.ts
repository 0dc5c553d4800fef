/**
 * FluidPay `/api/vault` simulator: raw `Authorization: <api_key>` (public keys refused), the
 * `{status, msg, data}` envelope, full customer records on create/get/address/payment mutations,
 * `data: null` on update and delete, and search with `=`/`!=` filters, limit 1–100 and
 * `total_count`. Spec: `fluidpay-customer-vault.txt`; open points in `docs/wire-assumptions.md` §F.*.
 */
import { createHash } from 'node:crypto'
import { parseIsoDay, rfc3339Nano } from './common/dates'
import type {
  GatewayEngine,
  Handler,
  JsonObject,
  SeedOptions,
  SimRequest,
  SimResponse,
} from './common/engine'
import { isObject, json, parseJson, seedTarget } from './common/engine'
import { type FieldProblem, Reader, pickStrings } from './common/fields'
import {
  EMAIL_PATTERN,
  TEST_ACCOUNT,
  TEST_CARDS,
  TEST_ROUTING,
  isCardNumber,
  isDigits,
  isRoutingNumber,
  maskStored,
  type StoredPan,
  storePan,
} from './common/payment'
import { person } from './common/people'
import { Router, routeTable } from './common/router'
import { Table } from './common/table'

export interface FluidPayCredentials {
  /** Secret key, sent raw in `Authorization`. */
  readonly apiKey: string
  /** Public key: refused by the vault (401), for testing that case. */
  readonly publicKey: string
  /** The record's `owner_id`. */
  readonly merchantId: string
}

export const FLUIDPAY_CREDENTIALS: FluidPayCredentials = {
  apiKey: 'api_vaultportsandbox000000000001',
  publicKey: 'pub_vaultportsandbox000000000001',
  merchantId: 'vaultportsbxmerchant',
}

export interface FluidPaySimOptions {
  readonly credentials: readonly FluidPayCredentials[]
  readonly clock: () => Date
  readonly seed: number
  /** Enforce a maximum search offset (the spec's "1-1000"); `null` = no maximum. */
  readonly searchMaxOffset: number | null
}

// ---- state

const ADDRESS_KEYS = [
  'first_name',
  'last_name',
  'company',
  'line_1',
  'line_2',
  'city',
  'state',
  'postal_code',
  'country',
  'email',
  'phone',
  'fax',
] as const
type AddressFields = Record<(typeof ADDRESS_KEYS)[number], string>
interface Address extends AddressFields {
  readonly id: string
  hash: string
}

interface Card {
  readonly id: string
  pan: StoredPan
  expiration: string
  flags: readonly string[]
}

interface Ach {
  readonly id: string
  last4: string
  length: number
  routing: string
  accountType: string
  secCode: string
}

interface Defaults {
  billing_address_id: string
  shipping_address_id: string
  payment_method_id: string
  payment_method_type: string
}

interface Customer {
  readonly id: string
  description: string
  notes: string
  flags: readonly string[]
  defaults: Defaults
  addresses: Address[]
  cards: Card[]
  ach: Ach[]
  readonly createdAt: Date
  updatedAt: Date
}

interface Merchant {
  readonly credentials: FluidPayCredentials
  readonly machine: Buffer
  readonly customers: Table<string, Customer>
  counter: number
}

// ---- wording (§F.2)

const CATEGORY: Readonly<Record<number, string>> = {
  400: 'bad request error',
  401: 'unauthorized error',
  404: 'not found error',
  409: 'conflict error',
  413: 'bad request error',
  429: 'too many requests error',
  500: 'internal server error',
  502: 'bad gateway error',
  503: 'service unavailable error',
}

const failed = (status: number, detail: string): SimResponse =>
  json(status, { status: 'failed', msg: `${CATEGORY[status] ?? 'error'}: ${detail}` })

const success = (data: unknown, extra: JsonObject = {}): SimResponse =>
  json(200, { status: 'success', msg: 'success', ...extra, data })

const reasonOf = (p: FieldProblem['problem']): string => {
  switch (p.kind) {
    case 'required':
      return 'is required'
    case 'type':
      return `must be a ${p.expected}`
    case 'maxLength':
      return `must be at most ${p.limit} characters`
    case 'minLength':
      return `must be at least ${p.limit} characters`
    case 'pattern':
      return 'has an invalid format'
    case 'enum':
      return `must be one of ${p.allowed.map((a) => `"${a}"`).join(', ')}`
    case 'minimum':
      return `must be at least ${p.limit}`
    case 'maximum':
      return `must be at most ${p.limit}`
    case 'custom':
      return p.message
  }
}

/** FluidPay answers one sentence, not a list: the first problem found. */
const badRequest = (problems: readonly FieldProblem[]): SimResponse => {
  const first = problems[0] as FieldProblem
  return failed(
    400,
    first.problem.kind === 'custom'
      ? first.problem.message
      : `${first.path.join('.')} ${reasonOf(first.problem)}`,
  )
}

// ---- ids (§F.3)

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv'

/** xid layout: 4 bytes of seconds, 5 bytes of machine, 3 bytes of counter; 20 base32hex chars. */
const xid = (seconds: number, machine: Buffer, counter: number): string => {
  const bytes = Buffer.alloc(12)
  bytes.writeUInt32BE(seconds >>> 0, 0)
  machine.copy(bytes, 4, 0, 5)
  bytes.writeUIntBE(counter & 0xffffff, 9, 3)
  let out = ''
  let acc = 0
  let bits = 0
  for (const byte of bytes) {
    acc = (acc << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32HEX[(acc >>> (bits - 5)) & 31]
      bits -= 5
    }
    acc &= (1 << bits) - 1
  }
  return out + BASE32HEX[(acc << (5 - bits)) & 31]
}

// ---- payment inputs (§F.3)

type PaymentInput =
  | { readonly kind: 'card'; readonly card: Omit<Card, 'id'> }
  | { readonly kind: 'ach'; readonly ach: Omit<Ach, 'id'> }

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
const CUSTOMER_FLAGS = ['surcharge_exempt']

const normalizeExpiry = (value: string): string | null => {
  const m = EXPIRY.exec(value)
  return m === null ? null : `${m[1]}/${m[2]}`
}

const testCard = (pan: string, year: number, flags: readonly string[] = []): PaymentInput => ({
  kind: 'card',
  card: { pan: storePan(pan), expiration: `12/${String(year % 100).padStart(2, '0')}`, flags },
})

const testAch = (routing: string): PaymentInput => ({
  kind: 'ach',
  ach: {
    last4: TEST_ACCOUNT.slice(-4),
    length: TEST_ACCOUNT.length,
    routing,
    accountType: 'checking',
    secCode: 'ppd',
  },
})

const readCard = (
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

const readAch = (
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

const readFlags = (
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

const readAddress = (r: Reader, obj: JsonObject, at: readonly string[]): Partial<AddressFields> => {
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

const emptyAddress = (): AddressFields => ({
  first_name: '',
  last_name: '',
  company: '',
  line_1: '',
  line_2: '',
  city: '',
  state: '',
  postal_code: '',
  country: '',
  email: '',
  phone: '',
  fax: '',
})

const addressHash = (a: AddressFields): string =>
  createHash('sha256')
    .update(ADDRESS_KEYS.map((k) => a[k]).join('\u0000'))
    .digest('base64')

const emptyCustomer = (id: string, description: string, now: Date): Customer => ({
  id,
  description,
  notes: '',
  flags: [],
  defaults: {
    billing_address_id: '',
    shipping_address_id: '',
    payment_method_id: '',
    payment_method_type: '',
  },
  addresses: [],
  cards: [],
  ach: [],
  createdAt: now,
  updatedAt: now,
})

// ---- views (GATEWAY-FACTS §2.5)

const addressView = (a: Address): JsonObject => {
  const view: JsonObject = { id: a.id }
  for (const k of ADDRESS_KEYS) view[k] = a[k]
  view.hash = a.hash
  return view
}

const cardView = (c: Card): JsonObject => ({
  id: c.id,
  card_type: c.pan.brand,
  masked_number: maskStored(c.pan, '*', true),
  expiration_date: c.expiration,
  processor_id: '',
  flags: [...c.flags],
})

const achView = (a: Ach): JsonObject => ({
  id: a.id,
  masked_account_number: '*'.repeat(a.length - 4) + a.last4,
  routing_number: a.routing,
  account_type: a.accountType,
  sec_code: a.secCode,
})

const recordView = (m: Merchant, c: Customer): JsonObject => ({
  id: c.id,
  owner_id: m.credentials.merchantId,
  data: {
    customer: {
      description: c.description,
      notes: c.notes,
      flags: [...c.flags],
      defaults: { ...c.defaults },
      addresses: c.addresses.map(addressView),
      payments: { cards: c.cards.map(cardView), ach: c.ach.map(achView) },
    },
  },
  created_at: rfc3339Nano(c.createdAt),
  updated_at: rfc3339Nano(c.updatedAt),
})

// ---- search (§F.5)

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

const readRange = (
  r: Reader,
  body: JsonObject,
  key: 'created_at' | 'updated_at',
): Predicate | null => {
  const range = r.object(body, key, [])
  if (range === undefined) return null
  const bound = (name: 'start_date' | 'end_date'): number | undefined => {
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
  const from = bound('start_date')
  const to = bound('end_date')
  const pick =
    key === 'created_at'
      ? (c: Customer) => c.createdAt.getTime()
      : (c: Customer) => c.updatedAt.getTime()
  return (c) => (from === undefined || pick(c) >= from) && (to === undefined || pick(c) <= to)
}

// ---- the simulator

export const createFluidPaySimulator = (options: FluidPaySimOptions): GatewayEngine => {
  const { clock } = options
  const merchants = new Map<FluidPayCredentials, Merchant>()
  let correlation = 0

  const merchantOf = (credentials: FluidPayCredentials): Merchant => {
    let m = merchants.get(credentials)
    if (m === undefined) {
      const machine = createHash('sha256')
        .update(`${options.seed}:${credentials.merchantId}`)
        .digest()
      m = { credentials, machine, customers: new Table(), counter: 0 }
      merchants.set(credentials, m)
    }
    return m
  }

  const newId = (m: Merchant): string =>
    xid(Math.floor(clock().getTime() / 1000), m.machine, ++m.counter)

  const tokens = (): Readonly<Record<string, PaymentInput>> => {
    const year = clock().getUTCFullYear() + 3
    return {
      tok_visa: testCard(TEST_CARDS[0], year),
      tok_mastercard: testCard(TEST_CARDS[1], year),
      tok_amex: testCard(TEST_CARDS[2], year),
      tok_discover: testCard(TEST_CARDS[3], year),
      tok_ach: testAch(TEST_ROUTING[0]),
    }
  }

  // -- auth and body (§F.1)

  type Authed = (req: SimRequest, m: Merchant, body: JsonObject) => SimResponse

  const unauthorized = (detail: string): SimResponse => failed(401, detail)

  const authed =
    (handler: Authed): Handler =>
    (req) => {
      const key = (req.headers.authorization ?? '').trim()
      if (key === '') return unauthorized('missing api key')
      if (key.startsWith('pub_'))
        return unauthorized('public api keys cannot be used on this endpoint')
      const credentials = options.credentials.find((c) => c.apiKey === key)
      if (credentials === undefined) return unauthorized('invalid api key')
      let body: JsonObject = {}
      if (req.method === 'POST') {
        const parsed = parseJson(req.body)
        if (!isObject(parsed)) return failed(400, 'invalid json')
        body = parsed
      }
      return handler(req, merchantOf(credentials), body)
    }

  const customerNotFound = (): SimResponse => failed(404, 'customer not found')

  const withCustomer =
    (
      handler: (req: SimRequest, m: Merchant, c: Customer, body: JsonObject) => SimResponse,
    ): Authed =>
    (req, m, body) => {
      const c = m.customers.get(req.params.customer_id ?? '')
      return c === undefined ? customerNotFound() : handler(req, m, c, body)
    }

  const touch = (c: Customer): void => {
    c.updatedAt = clock()
  }

  const full = (m: Merchant, c: Customer): SimResponse => success(recordView(m, c))

  // -- building blocks

  const addAddress = (m: Merchant, c: Customer, fields: Partial<AddressFields>): Address => {
    const merged = { ...emptyAddress(), ...fields }
    const address: Address = { id: newId(m), ...merged, hash: addressHash(merged) }
    c.addresses.push(address)
    if (c.defaults.billing_address_id === '') c.defaults.billing_address_id = address.id
    if (c.defaults.shipping_address_id === '') c.defaults.shipping_address_id = address.id
    return address
  }

  const addPayment = (m: Merchant, c: Customer, input: PaymentInput): string => {
    const id = newId(m)
    if (input.kind === 'card') c.cards.push({ id, ...input.card })
    else c.ach.push({ id, ...input.ach })
    if (c.defaults.payment_method_id === '') {
      c.defaults.payment_method_id = id
      c.defaults.payment_method_type = input.kind
    }
    return id
  }

  /** Reads one payment (card, ach, token, apple pay, google pay) from `obj`, or records a problem. */
  const readPayment = (
    r: Reader,
    obj: JsonObject,
    at: readonly string[],
    kind: string,
  ): PaymentInput | undefined => {
    const year = clock().getUTCFullYear() + 3
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
        const found = tokens()[token]
        if (found === undefined)
          r.add([...at, 'token'], { kind: 'custom', message: 'invalid token' })
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

  // -- F1 create

  const createCustomer: Authed = (_req, m, body) => {
    const r = new Reader()
    const customId = r.string(body, 'id', [], { max: 40, pattern: /^[a-zA-Z0-9]+$/ })
    const idFormat = r.string(body, 'id_format', [], { oneOf: ['xid_type_last4'] })
    const description = r.string(body, 'description', [], { max: 255 }) ?? ''
    const flags = readFlags(r, body, [], CUSTOMER_FLAGS) ?? []
    let payment: PaymentInput | undefined
    const dp = r.object(body, 'default_payment', [])
    if (dp !== undefined) {
      const kinds = ['card', 'ach', 'token', 'apple_pay', 'google_pay_token'].filter(
        (k) => dp[k] !== undefined && dp[k] !== null,
      )
      if (kinds.length !== 1) {
        r.add(['default_payment'], {
          kind: 'custom',
          message: 'default_payment must hold exactly one payment method',
        })
      } else if (kinds[0] === 'token' || kinds[0] === 'google_pay_token') {
        payment = readPayment(
          r,
          dp,
          ['default_payment'],
          kinds[0] === 'token' ? 'token' : 'googlepay',
        )
      } else {
        const key = kinds[0] as string
        const inner = r.object(dp, key, ['default_payment'])
        if (inner !== undefined)
          payment = readPayment(
            r,
            inner,
            ['default_payment', key],
            key === 'apple_pay' ? 'applepay' : key,
          )
      }
    }
    const billing = r.object(body, 'default_billing_address', [])
    const shipping = r.object(body, 'default_shipping_address', [])
    const billingFields =
      billing === undefined ? undefined : readAddress(r, billing, ['default_billing_address'])
    const shippingFields =
      shipping === undefined ? undefined : readAddress(r, shipping, ['default_shipping_address'])
    if (customId !== undefined && idFormat !== undefined) {
      r.add(['id_format'], { kind: 'custom', message: 'id_format cannot be used with a custom id' })
    }
    if (idFormat !== undefined && payment === undefined) {
      r.add(['id_format'], {
        kind: 'custom',
        message: 'id_format requires a card or ach default_payment',
      })
    }
    if (!r.ok) return badRequest(r.problems)
    if (customId !== undefined && m.customers.has(customId))
      return failed(409, 'customer id already exists')

    const now = clock()
    let id = customId ?? newId(m)
    if (idFormat !== undefined && payment !== undefined) {
      id =
        payment.kind === 'card'
          ? `${id}_${payment.card.pan.brand}_${payment.card.pan.last4}`
          : `${id}_ach_${payment.ach.last4}`
    }
    const c = emptyCustomer(id, description, now)
    c.flags = flags
    if (billingFields !== undefined) addAddress(m, c, billingFields)
    if (shippingFields !== undefined) {
      const merged = { ...emptyAddress(), ...shippingFields }
      const same = c.addresses.find((a) => a.hash === addressHash(merged))
      if (same !== undefined) c.defaults.shipping_address_id = same.id
      else c.defaults.shipping_address_id = addAddress(m, c, shippingFields).id
    }
    if (payment !== undefined) addPayment(m, c, payment)
    m.customers.set(c.id, c)
    return full(m, c)
  }

  // -- F2 get, F3 update, F4 delete

  const getCustomer: Authed = withCustomer((_req, m, c) => full(m, c))

  const updateCustomer: Authed = withCustomer((_req, _m, c, body) => {
    const r = new Reader()
    const description = r.string(body, 'description', [], { max: 255 })
    const notes = r.string(body, 'notes', [], { max: 255 })
    const flags = readFlags(r, body, [], CUSTOMER_FLAGS)
    const defaults = r.object(body, 'defaults', [])
    const next: Partial<Defaults> = {}
    if (defaults !== undefined) {
      const billing = r.string(defaults, 'billing_address_id', ['defaults'])
      const shipping = r.string(defaults, 'shipping_address_id', ['defaults'])
      const pmId = r.string(defaults, 'payment_method_id', ['defaults'])
      const pmType = r.string(defaults, 'payment_method_type', ['defaults'], {
        oneOf: ['card', 'ach'],
      })
      if ((pmId === undefined) !== (pmType === undefined)) {
        r.add(['defaults'], {
          kind: 'custom',
          message: 'payment_method_id and payment_method_type must be given together',
        })
      }
      for (const [key, value] of [
        ['billing_address_id', billing],
        ['shipping_address_id', shipping],
      ] as const) {
        if (value === undefined) continue
        if (!c.addresses.some((a) => a.id === value)) return failed(404, 'address not found')
        next[key] = value
      }
      if (pmId !== undefined && pmType !== undefined) {
        const list: readonly { id: string }[] = pmType === 'card' ? c.cards : c.ach
        if (!list.some((p) => p.id === pmId)) return failed(404, 'payment method not found')
        next.payment_method_id = pmId
        next.payment_method_type = pmType
      }
    }
    if (!r.ok) return badRequest(r.problems)
    if (description !== undefined) c.description = description
    if (notes !== undefined) c.notes = notes
    if (flags !== undefined) c.flags = flags
    c.defaults = { ...c.defaults, ...next }
    touch(c)
    return success(null)
  })

  const deleteCustomer: Authed = withCustomer((_req, m, c) => {
    m.customers.delete(c.id)
    return success(null)
  })

  // -- F6–F8 addresses

  const createAddress: Authed = withCustomer((_req, m, c, body) => {
    const r = new Reader()
    const fields = readAddress(r, body, [])
    if (!r.ok) return badRequest(r.problems)
    addAddress(m, c, fields)
    touch(c)
    return full(m, c)
  })

  const findAddress = (c: Customer, id: string | undefined): Address | undefined =>
    c.addresses.find((a) => a.id === id)

  const updateAddress: Authed = withCustomer((req, m, c, body) => {
    const address = findAddress(c, req.params.address_id)
    if (address === undefined) return failed(404, 'address not found')
    const r = new Reader()
    const fields = readAddress(r, body, [])
    if (!r.ok) return badRequest(r.problems)
    Object.assign(address, fields)
    address.hash = addressHash(address)
    touch(c)
    return full(m, c)
  })

  const deleteAddress: Authed = withCustomer((req, _m, c) => {
    const address = findAddress(c, req.params.address_id)
    if (address === undefined) return failed(404, 'address not found')
    c.addresses = c.addresses.filter((a) => a !== address)
    if (c.defaults.billing_address_id === address.id) c.defaults.billing_address_id = ''
    if (c.defaults.shipping_address_id === address.id) c.defaults.shipping_address_id = ''
    touch(c)
    return success(null)
  })

  // -- F9–F15 payment methods

  const createPayment =
    (kind: 'card' | 'ach' | 'token' | 'applepay' | 'googlepay'): Authed =>
    (req, m, body) =>
      withCustomer((_req, _m, c) => {
        const r = new Reader()
        const payment = readPayment(r, body, [], kind)
        if (!r.ok || payment === undefined) return badRequest(r.problems)
        addPayment(m, c, payment)
        touch(c)
        return full(m, c)
      })(req, m, body)

  const updatePayment =
    (kind: 'card' | 'ach' | 'token'): Authed =>
    (req, m, body) =>
      withCustomer((_req, _m, c) => {
        const id = req.params.payment_method_id
        const card = c.cards.find((x) => x.id === id)
        const ach = c.ach.find((x) => x.id === id)
        if (
          (kind === 'card' && card === undefined) ||
          (kind === 'ach' && ach === undefined) ||
          (card ?? ach) === undefined
        ) {
          return failed(404, 'payment method not found')
        }
        const r = new Reader()
        if (kind === 'token') {
          const payment = readPayment(r, body, [], 'token')
          if (!r.ok || payment === undefined) return badRequest(r.problems)
          if (payment.kind === 'card' && card !== undefined) Object.assign(card, payment.card)
          else if (payment.kind === 'ach' && ach !== undefined) Object.assign(ach, payment.ach)
          else return failed(400, 'token does not match the payment method type')
        } else if (card !== undefined) {
          const patch = readCard(r, body, [], true)
          if (!r.ok) return badRequest(r.problems)
          Object.assign(card, patch)
        } else if (ach !== undefined) {
          const patch = readAch(r, body, [], true)
          if (!r.ok) return badRequest(r.problems)
          Object.assign(ach, patch)
        }
        touch(c)
        return full(m, c)
      })(req, m, body)

  const deletePayment =
    (kind: 'card' | 'ach'): Authed =>
    (req, m, body) =>
      withCustomer((_req, _m, c) => {
        const id = req.params.payment_method_id
        const list: readonly { id: string }[] = kind === 'card' ? c.cards : c.ach
        if (!list.some((p) => p.id === id)) return failed(404, 'payment method not found')
        if (kind === 'card') c.cards = c.cards.filter((p) => p.id !== id)
        else c.ach = c.ach.filter((p) => p.id !== id)
        if (c.defaults.payment_method_id === id) {
          c.defaults.payment_method_id = ''
          c.defaults.payment_method_type = ''
        }
        touch(c)
        return success(null)
      })(req, m, body)

  // -- F5 search

  const search: Authed = (_req, m, body) => {
    const r = new Reader()
    const limit = r.number(body, 'limit', [], { integer: true, fromString: true }) ?? 10
    const offset = r.number(body, 'offset', [], { integer: true, fromString: true }) ?? 0
    if (r.ok && (limit < 1 || limit > 100)) return failed(400, 'limit must be between 1 and 100')
    const maxOffset = options.searchMaxOffset
    if (r.ok && (offset < 0 || (maxOffset !== null && offset > maxOffset))) {
      return failed(400, `offset must be between 0 and ${maxOffset ?? 'the number of records'}`)
    }
    const predicates: Predicate[] = []
    const filter = (key: string): { value: string; equal: boolean } | undefined => {
      const f = r.object(body, key, [])
      if (f === undefined) return undefined
      const value = r.string(f, 'value', [key], { numeric: true }) ?? ''
      const operator = r.string(f, 'operator', [key], { oneOf: ['=', '!=', ''] }) ?? '='
      return { value: value.toLowerCase(), equal: operator !== '!=' }
    }
    const id = filter('id')
    if (id !== undefined) predicates.push((c) => (c.id.toLowerCase() === id.value) === id.equal)
    for (const [key, field] of Object.entries(SEARCH_ADDRESS_FIELDS)) {
      const f = filter(key)
      if (f !== undefined) {
        predicates.push(
          (c) => c.addresses.some((a) => a[field].toLowerCase() === f.value) === f.equal,
        )
      }
    }
    for (const [key, field] of Object.entries(SEARCH_DEFAULT_FIELDS)) {
      const f = filter(key)
      if (f !== undefined)
        predicates.push((c) => (c.defaults[field].toLowerCase() === f.value) === f.equal)
    }
    for (const key of ['created_at', 'updated_at'] as const) {
      const p = readRange(r, body, key)
      if (p !== null) predicates.push(p)
    }
    if (!r.ok) return badRequest(r.problems)
    const all = m.customers.values()
    const matching =
      predicates.length === 0 ? all : all.filter((c) => predicates.every((p) => p(c)))
    // Newest first: insertion order is creation order, so walk the list from its end.
    const page: JsonObject[] = []
    for (let i = matching.length - 1 - offset; i >= 0 && page.length < limit; i--) {
      page.push(recordView(m, matching[i] as Customer))
    }
    return success(page, { total_count: matching.length })
  }

  // -- the route table (GATEWAY-FACTS §2.4 numbering)

  const V = '/api/vault'
  const C = `${V}/customer/{customer_id}`
  const routes = routeTable<Authed, Handler>(
    [
      ['F1', 'POST', `${V}/customer`, createCustomer],
      ['F2', 'GET', `${V}/{customer_id}`, getCustomer],
      ['F3', 'POST', C, updateCustomer],
      ['F4', 'DELETE', `${V}/{customer_id}`, deleteCustomer],
      ['F5', 'POST', `${V}/customer/search`, search],
      ['F6', 'POST', `${C}/address`, createAddress],
      ['F7', 'POST', `${C}/address/{address_id}`, updateAddress],
      ['F8', 'DELETE', `${C}/address/{address_id}`, deleteAddress],
      ['F9', 'POST', `${C}/card`, createPayment('card')],
      ['F10', 'POST', `${C}/ach`, createPayment('ach')],
      ['F11', 'POST', `${C}/token`, createPayment('token')],
      ['F12', 'POST', `${C}/applepay`, createPayment('applepay')],
      ['F13', 'POST', `${C}/googlepay`, createPayment('googlepay')],
      ['F14.card', 'POST', `${C}/card/{payment_method_id}`, updatePayment('card')],
      ['F14.ach', 'POST', `${C}/ach/{payment_method_id}`, updatePayment('ach')],
      ['F14.token', 'POST', `${C}/token/{payment_method_id}`, updatePayment('token')],
      ['F15.card', 'DELETE', `${C}/card/{payment_method_id}`, deletePayment('card')],
      ['F15.ach', 'DELETE', `${C}/ach/{payment_method_id}`, deletePayment('ach')],
    ],
    authed,
  )

  // -- seeding

  const seed = (n: number, opts: SeedOptions) => {
    const { credentials, prng } = seedTarget(options.credentials, opts, options.seed)
    const m = merchantOf(credentials)
    const now = clock()
    const ids: string[] = []
    for (let i = 0; i < n; i++) {
      const p = person(prng, m.counter + 1)
      const company = p.company === '' ? '' : `, ${p.company}`
      const c = emptyCustomer(newId(m), `${p.first} ${p.last}${company}`, now)
      addAddress(m, c, {
        first_name: p.first,
        last_name: p.last,
        company: p.company,
        line_1: `${p.streetNo} ${p.streetName}`,
        line_2: p.unit === '' ? '' : `Suite ${p.unit}`,
        city: p.city,
        state: p.state,
        postal_code: p.zip,
        country: 'US',
        email: p.email,
        phone: p.phone,
      })
      if (opts.withCards === true) {
        addPayment(
          m,
          c,
          testCard(
            TEST_CARDS[prng.int(TEST_CARDS.length)] as string,
            now.getUTCFullYear() + 1 + prng.int(4),
          ),
        )
      }
      if (opts.withChecks === true) addPayment(m, c, testAch(TEST_ROUTING[prng.int(2)] as string))
      m.customers.set(c.id, c)
      ids.push(c.id)
    }
    return { created: n, ids }
  }

  return {
    gateway: 'fluidpay',
    router: new Router(routes),
    badCredentials: () => unauthorized('invalid api key'),
    rateLimited: () => failed(429, 'rate limit exceeded'),
    serverError: (status) => failed(status, 'simulated failure'),
    notFound: () => failed(404, 'route not found'),
    methodNotAllowed: () => failed(404, 'route not found'),
    finish: (res) => {
      correlation++
      const h = createHash('sha1').update(`${options.seed}:${correlation}`).digest('hex')
      const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
      return { ...res, headers: { ...res.headers, 'x-correlation-id': id } }
    },
    reset: () => merchants.clear(),
    seed,
  }
}
