/**
 * Valor PayTech vault simulator: `Valor-App-ID`/`Valor-App-Key` headers, OK vs SUCCESS, `errors` as
 * an array or a string, answers without `code`, the boolean-status auth error, integer vs string
 * `ach_profile_id`, five cards and five addresses per customer, "No changes detected" on a no-op
 * ACH update, 1-based customer pages with paging at top level. Spec: `valor-vault-responses.txt`;
 * routes and open points in `docs/wire-assumptions.md` §V.* (the route table is overridable).
 */
import { createHash } from 'node:crypto'
import { parseIsoDay } from './common/dates'
import type {
  GatewayEngine,
  Handler,
  JsonObject,
  Route,
  SeedOptions,
  SimRequest,
  SimResponse,
} from './common/engine'
import { isObject, json, parseJson, seedTarget } from './common/engine'
import { type FieldProblem, Reader } from './common/fields'
import {
  type CardBrand,
  EMAIL_PATTERN,
  TEST_ACCOUNT,
  TEST_CARDS,
  TEST_ROUTING,
  digest,
  isCardNumber,
  isDigits,
  isRoutingNumber,
  type StoredPan,
  storePan,
} from './common/payment'
import { person } from './common/people'
import { Router } from './common/router'
import { Table } from './common/table'

export interface ValorCredentials {
  /** `Valor-App-ID`, 32 characters. */
  readonly appId: string
  /** `Valor-App-Key`, 32 characters. */
  readonly appKey: string
}

export const VALOR_CREDENTIALS: ValorCredentials = {
  appId: 'vaultportsbxappid000000000000001',
  appKey: 'vaultportsbxappkey00000000000001',
}

export const VALOR_ROUTE_IDS = [
  'V1',
  'V2',
  'V3',
  'V4',
  'V5',
  'V6',
  'V7',
  'V8',
  'V9',
  'V10',
  'V11',
  'V12',
  'V13',
  'V14',
  'V15',
  'V16',
  'V17',
  'V18',
] as const
export type ValorRouteId = (typeof VALOR_ROUTE_IDS)[number]

/** New method and/or path per route; paths use `{vault_customer_id}`-style parameters. */
export type ValorRouteOverrides = Partial<
  Record<ValorRouteId, { readonly method?: string; readonly path?: string }>
>

export interface ValorSimOptions {
  readonly credentials: readonly ValorCredentials[]
  readonly clock: () => Date
  readonly seed: number
  /** Answer HTTP 200 to everything but simulated 5xx (GATEWAY-FACTS §3.8). */
  readonly always200: boolean
  readonly routes: ValorRouteOverrides
}

/** Test tokens for V4 (wire-assumptions §V.2): sha1("vaultport-sandbox-token:" + PAN), uppercase. */
export const VALOR_TEST_TOKENS: Readonly<Record<string, string>> = {
  '60199F3384B8FE9850F1CE597E35D7D1128277A2': TEST_CARDS[0],
  '7B4DAFBEC4BA9CB8ACDD2446919CEB58A9CBE7AC': TEST_CARDS[1],
  D853ED161659C4AF50B95EB5079F6C60FBD946C7: TEST_CARDS[2],
  A21CC1617FA61EFAC02F4F871B960E1B3628F820: TEST_CARDS[3],
}

// ---- state

const SIDE_KEYS = [
  'customer_name',
  'street_no',
  'street_name',
  'unit',
  'city',
  'state',
  'zip',
] as const
const ADDRESS_KEYS = [
  ...SIDE_KEYS.map((k) => `billing_${k}` as const),
  ...SIDE_KEYS.map((k) => `shipping_${k}` as const),
] as const
type AddressKey = (typeof ADDRESS_KEYS)[number]

interface Address extends Record<AddressKey, string> {
  readonly address_id: number
  address_label: string
}

interface Card {
  readonly paymentId: number
  pan: StoredPan
  expiry: string
  cardholderName: string
  status: 'active' | 'inactive'
  readonly token: string
}

interface Ach {
  readonly id: number
  accountDigest: string
  last4: string
  routing: string
  payeeName: string
  accountType: string
  entryClass: string
}

interface Customer {
  readonly id: number
  name: string
  email: string
  phone: string
  company: string
  addresses: Address[]
  cards: Card[]
  ach: Ach[]
}

interface Merchant {
  readonly credentials: ValorCredentials
  readonly customers: Table<number, Customer>
  nextCustomer: number
  nextPayment: number
  nextAch: number
  nextAddress: number
}

const MAX_CARDS = 5
const MAX_ADDRESSES = 5
const NAME_PATTERN = /^[A-Za-z ]+$/
const BRAND_NAME: Readonly<Record<CardBrand, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'Amex',
  discover: 'Discover',
  unknown: 'Unknown',
}

// ---- answers (§V.0)

/** The FAILED answer with `errors` as an array; `code: null` leaves `code` out (and sends 400). */
const failedList = (messages: readonly string[], code: number | null = 400): SimResponse =>
  json(
    code ?? 400,
    code === null
      ? { status: 'FAILED', errors: messages }
      : { code, status: 'FAILED', errors: messages },
  )

/** The FAILED answer of the ACH endpoints: `errors` is one string. */
const failedString = (message: string): SimResponse =>
  json(400, { code: 400, status: 'FAILED', errors: message })

const okStatus = (code: number, body: JsonObject): SimResponse =>
  json(code, { code, status: 'OK', ...body })
const successStatus = (body: JsonObject): SimResponse =>
  json(200, { code: 200, status: 'SUCCESS', ...body })

const authError = (message: string): SimResponse =>
  json(400, { status: false, code: '400', message })

const ajv = (p: FieldProblem): string => {
  const where = p.path.length === 0 ? 'data' : `data/${p.path.join('/')}`
  const parent = p.path.length <= 1 ? 'data' : `data/${p.path.slice(0, -1).join('/')}`
  const q = p.problem
  switch (q.kind) {
    case 'required':
      return `${parent} must have required property '${p.path[p.path.length - 1] ?? ''}'`
    case 'type':
      return `${where} must be ${q.expected}`
    case 'maxLength':
      return `${where} must NOT have more than ${q.limit} characters`
    case 'minLength':
      return `${where} must NOT have fewer than ${q.limit} characters`
    case 'pattern':
      return `${where} must match pattern "${q.pattern}"`
    case 'enum':
      return `${where} must be equal to one of the allowed values`
    case 'minimum':
      return `${where} must be >= ${q.limit}`
    case 'maximum':
      return `${where} must be <= ${q.limit}`
    case 'custom':
      return `${where} ${q.message}`
  }
}

const invalid = (r: Reader, code: number | null = 400): SimResponse =>
  failedList(r.problems.map(ajv), code)

// ---- request pieces

const readAddress = (
  r: Reader,
  obj: JsonObject,
  at: readonly string[],
  creating: boolean,
): Partial<Address> => {
  const out: Partial<Record<AddressKey | 'address_label', string>> = {}
  const label = r.string(obj, 'address_label', at, { required: creating, max: 100 })
  if (label !== undefined) out.address_label = label
  for (const key of ADDRESS_KEYS) {
    const rule = key.endsWith('_state')
      ? { pattern: /^[A-Za-z]{2}$/ }
      : key.endsWith('_zip')
        ? { min: 5, max: 6 }
        : { max: 100 }
    const v = r.string(obj, key, at, { ...rule, numeric: true })
    if (v !== undefined) out[key] = v
  }
  return out
}

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

// ---- views

const addressView = (a: Address): JsonObject => {
  const view: JsonObject = { address_id: a.address_id, address_label: a.address_label }
  for (const key of ADDRESS_KEYS) view[key] = a[key]
  return view
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

const emptyAddress = (): Record<AddressKey, string> =>
  Object.fromEntries(ADDRESS_KEYS.map((k) => [k, ''])) as Record<AddressKey, string>

// ---- the simulator

export const createValorSimulator = (options: ValorSimOptions): GatewayEngine => {
  const { clock } = options
  const merchants = new Map<ValorCredentials, Merchant>()

  const merchantOf = (credentials: ValorCredentials): Merchant => {
    let m = merchants.get(credentials)
    if (m === undefined) {
      m = {
        credentials,
        customers: new Table(),
        nextCustomer: 100_001,
        nextPayment: 97_001,
        nextAch: 2_001,
        nextAddress: 154_001,
      }
      merchants.set(credentials, m)
    }
    return m
  }

  // -- auth (§V.0)

  type Authed = (req: SimRequest, m: Merchant, body: JsonObject) => SimResponse

  const authed =
    (handler: Authed): Handler =>
    (req) => {
      const appId = req.headers['valor-app-id']
      const appKey = req.headers['valor-app-key']
      if (
        typeof appId !== 'string' ||
        appId === '' ||
        typeof appKey !== 'string' ||
        appKey === ''
      ) {
        return authError('Please provide a valid APP ID or APP Key.')
      }
      const credentials = options.credentials.find((c) => c.appId === appId && c.appKey === appKey)
      if (credentials === undefined) return authError('Not a valid APP ID or APP Key.')
      let body: JsonObject = {}
      if (req.method === 'POST' || req.method === 'PUT') {
        const parsed = parseJson(req.body)
        if (!isObject(parsed)) return failedList(['data must be object'])
        body = parsed
      }
      return handler(req, merchantOf(credentials), body)
    }

  const idParam = (req: SimRequest, name: string): number | undefined => {
    const raw = req.params[name] ?? ''
    return /^[0-9]{1,11}$/.test(raw) ? Number(raw) : undefined
  }

  /** Looks the path's customer up; `missing` is that endpoint's own wording of "not found". */
  const withCustomer =
    (
      missing: () => SimResponse,
      handler: (req: SimRequest, m: Merchant, c: Customer, body: JsonObject) => SimResponse,
    ): Authed =>
    (req, m, body) => {
      const id = idParam(req, 'vault_customer_id')
      const c = id === undefined ? undefined : m.customers.get(id)
      return c === undefined ? missing() : handler(req, m, c, body)
    }

  const customerNotExist = (): SimResponse => failedList(['Customer not exist'])
  const customerNotExistString = (): SimResponse => failedString('Customer not exist')

  const tokenFor = (m: Merchant, paymentId: number): string =>
    createHash('sha1')
      .update(`${options.seed}:${m.credentials.appId}:${paymentId}`)
      .digest('hex')
      .toUpperCase()

  const addCard = (
    m: Merchant,
    c: Customer,
    pan: StoredPan,
    expiry: string,
    name: string,
  ): Card => {
    const paymentId = m.nextPayment++
    const card: Card = {
      paymentId,
      pan,
      expiry,
      cardholderName: name,
      status: 'active',
      token: tokenFor(m, paymentId),
    }
    c.cards.push(card)
    return card
  }

  const capReached = (): SimResponse =>
    failedList([`Maximum of ${MAX_CARDS} payment profiles reached for this customer`])

  const addAddress = (m: Merchant, c: Customer, fields: Partial<Address>): void => {
    c.addresses.push({
      ...emptyAddress(),
      address_label: '',
      ...fields,
      address_id: m.nextAddress++,
    })
  }

  const labelClash = (
    addresses: readonly { address_id?: number; address_label?: string }[],
  ): boolean => {
    const labels = addresses.map((a) => a.address_label ?? '')
    return new Set(labels).size !== labels.length
  }

  const fallbackExpiry = (): string =>
    `12/${String((clock().getUTCFullYear() + 3) % 100).padStart(2, '0')}`

  // -- V1, V5, V11, V14, V17 customers

  const addCustomer: Authed = (_req, m, body) => {
    const r = new Reader()
    const input = readCustomer(r, body, true)
    if (!r.ok) return invalid(r)
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
    m.customers.set(c.id, c)
    return okStatus(201, { vault_customer_id: c.id })
  }

  const editCustomer: Authed = withCustomer(customerNotExist, (_req, m, c, body) => {
    const r = new Reader()
    const input = readCustomer(r, body, false)
    if (!r.ok) return invalid(r)
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
    if (input.name !== undefined) c.name = input.name
    if (input.email !== undefined) c.email = input.email
    if (input.phone !== undefined) c.phone = input.phone
    if (input.company !== undefined) c.company = input.company
    c.addresses = after
    for (const a of additions) addAddress(m, c, a.fields)
    return okStatus(200, { vault_customer_id: c.id })
  })

  const getCustomer: Authed = withCustomer(customerNotExist, (_req, _m, c) =>
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

  const listCustomers: Authed = (req, m) => {
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
      total_recursive_billing: 0,
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

  const deleteCustomer: Authed = withCustomer(customerNotExist, (_req, m, c) => {
    m.customers.delete(c.id)
    return okStatus(200, { message: 'Success' })
  })

  // -- V6 transactions

  const transactions: Authed = withCustomer(
    () => failedList(['Vault customer ID does not exist.'], null),
    (req) => {
      const r = new Reader()
      const q = Object.fromEntries(req.query)
      for (const key of ['start_date', 'end_date'] as const) {
        const v = r.string(q, key, [])
        if (v !== undefined && parseIsoDay(v, false) === null)
          r.add([key], { kind: 'pattern', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
      }
      const limit =
        r.number(q, 'limit', [], { integer: true, min: 1, max: 100, fromString: true }) ?? 25
      const offset = r.number(q, 'offset', [], { integer: true, min: 0, fromString: true }) ?? 0
      if (!r.ok) return invalid(r, null)
      return okStatus(200, { message: 'SUCCESS', data: [], total_count: 0, limit, offset })
    },
  )

  // -- V2, V4, V7, V8, V10, V12, V18 cards

  const addPaymentProfile: Authed = withCustomer(customerNotExist, (_req, m, c, body) => {
    const r = new Reader()
    const card = readCardFields(r, body, true)
    if (!r.ok || card.pan === undefined || card.expiry === undefined) return invalid(r)
    if (c.cards.length >= MAX_CARDS) return capReached()
    return okStatus(201, {
      payment_id: addCard(m, c, card.pan, card.expiry, card.name ?? '').paymentId,
    })
  })

  const findToken = (
    m: Merchant,
    token: string,
  ): { pan: StoredPan; expiry: string } | undefined => {
    const test = VALOR_TEST_TOKENS[token]
    if (test !== undefined) return { pan: storePan(test), expiry: fallbackExpiry() }
    for (const c of m.customers.values()) {
      const card = c.cards.find((x) => x.token === token)
      if (card !== undefined) return { pan: card.pan, expiry: card.expiry }
    }
    return undefined
  }

  const addByToken: Authed = withCustomer(customerNotExist, (_req, m, c, body) => {
    const r = new Reader()
    const token = r.string(body, 'token', [], { required: true })
    const name = r.string(body, 'cardholder_name', [], { max: 25, pattern: NAME_PATTERN })
    if (!r.ok || token === undefined) return invalid(r, null)
    const found = findToken(m, token)
    if (found === undefined) return failedList(['Invalid Token'], null)
    if (c.cards.length >= MAX_CARDS) return capReached()
    return okStatus(201, {
      payment_id: addCard(m, c, found.pan, found.expiry, name ?? '').paymentId,
    })
  })

  const addByTransaction: Authed = withCustomer(customerNotExist, (_req, m, c, body) => {
    const ref = body.ref_txn_id
    const refText = typeof ref === 'number' ? String(ref) : typeof ref === 'string' ? ref : ''
    if (refText === '') return failedList(['Reference transaction ID missing'], null)
    if (!/^[0-9]{1,20}$/.test(refText))
      return failedList(['Invalid reference transaction ID'], null)
    if (c.cards.length >= MAX_CARDS) return capReached()
    return okStatus(201, {
      payment_id: addCard(m, c, storePan(TEST_CARDS[0]), fallbackExpiry(), '').paymentId,
    })
  })

  const invalidPaymentId = (): SimResponse =>
    failedList(['Please provide a valid payment profile ID.'], null)

  const withCard = (handler: (c: Customer, card: Card, body: JsonObject) => SimResponse): Authed =>
    withCustomer(invalidPaymentId, (req, _m, c, body) => {
      const id = idParam(req, 'payment_id')
      const card = c.cards.find((x) => x.paymentId === id)
      return card === undefined ? invalidPaymentId() : handler(c, card, body)
    })

  const updateCard: Authed = withCard((_c, card, body) => {
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

  const updateStatus: Authed = withCard((_c, card, body) => {
    const r = new Reader()
    const status = r.string(body, 'status', [], { required: true, oneOf: ['active', 'inactive'] })
    if (!r.ok || status === undefined) return invalid(r, null)
    card.status = status as Card['status']
    return okStatus(200, { message: 'Success' })
  })

  const listCards: Authed = withCustomer(customerNotExist, (_req, _m, c) =>
    okStatus(200, { message: 'Success', data: c.cards.map(cardView) }),
  )

  const deleteCard: Authed = withCustomer(
    () => failedList(['Unable to delete the payment profile']),
    (req, _m, c) => {
      const id = idParam(req, 'payment_id')
      if (!c.cards.some((x) => x.paymentId === id))
        return failedList(['Unable to delete the payment profile'])
      c.cards = c.cards.filter((x) => x.paymentId !== id)
      return okStatus(200, { message: 'Success' })
    },
  )

  // -- V3, V9, V13, V15 ACH

  const addAch: Authed = withCustomer(customerNotExistString, (_req, m, c, body) => {
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
      return ach === undefined
        ? failedString('ACH profile ID does not exist')
        : handler(c, ach, body)
    })

  const updateAch: Authed = withAch((_c, ach, body) => {
    const read = readAch(body, false)
    if ('error' in read) return failedString(read.error)
    const merged = { ...ach, ...read.fields }
    if ((Object.keys(merged) as (keyof Ach)[]).every((k) => merged[k] === ach[k])) {
      return failedString('No changes detected. ACH profile already contains the same information')
    }
    Object.assign(ach, read.fields)
    return successStatus({ ach_profile_id: String(ach.id) })
  })

  const listAch: Authed = withCustomer(customerNotExistString, (_req, _m, c) =>
    successStatus({ data: c.ach.map(achView) }),
  )

  const deleteAch: Authed = withAch((c, ach) => {
    c.ach = c.ach.filter((x) => x !== ach)
    return successStatus({ ach_profile_id: String(ach.id) })
  })

  // -- V16 addresses

  const deleteAddress: Authed = withCustomer(
    () => failedList(['Unable to delete the address.']),
    (req, _m, c) => {
      const id = idParam(req, 'address_id')
      if (!c.addresses.some((a) => a.address_id === id))
        return failedList(['Unable to delete the address.'])
      c.addresses = c.addresses.filter((a) => a.address_id !== id)
      return okStatus(200, { message: 'Success' })
    },
  )

  // -- the route table (wire-assumptions §V.1), overridable per route

  const P = '/api/valor-vault'
  const defaults: readonly [ValorRouteId, string, string, Authed][] = [
    ['V1', 'POST', `${P}/addcustomer`, addCustomer],
    ['V2', 'POST', `${P}/addpaymentprofile/{vault_customer_id}`, addPaymentProfile],
    ['V3', 'POST', `${P}/addachprofile/{vault_customer_id}`, addAch],
    ['V4', 'POST', `${P}/addpaymentprofiletoken/{vault_customer_id}`, addByToken],
    ['V5', 'PUT', `${P}/editcustomer/{vault_customer_id}`, editCustomer],
    ['V6', 'GET', `${P}/getcustomertransactions/{vault_customer_id}`, transactions],
    ['V7', 'PUT', `${P}/updatepaymentprofile/{vault_customer_id}/{payment_id}`, updateCard],
    ['V8', 'POST', `${P}/addpaymentprofiletxn/{vault_customer_id}`, addByTransaction],
    ['V9', 'PUT', `${P}/updateachprofile/{vault_customer_id}/{ach_profile_id}`, updateAch],
    [
      'V10',
      'PUT',
      `${P}/updatepaymentprofilestatus/{vault_customer_id}/{payment_id}`,
      updateStatus,
    ],
    ['V11', 'GET', `${P}/getcustomer/{vault_customer_id}`, getCustomer],
    ['V12', 'GET', `${P}/getpaymentprofile/{vault_customer_id}`, listCards],
    ['V13', 'GET', `${P}/getachprofile/{vault_customer_id}`, listAch],
    ['V14', 'GET', `${P}/getcustomerlist`, listCustomers],
    ['V15', 'DELETE', `${P}/deleteachprofile/{vault_customer_id}/{ach_profile_id}`, deleteAch],
    ['V16', 'DELETE', `${P}/deleteaddress/{vault_customer_id}/{address_id}`, deleteAddress],
    ['V17', 'DELETE', `${P}/deletecustomer/{vault_customer_id}`, deleteCustomer],
    ['V18', 'DELETE', `${P}/deletepaymentprofile/{vault_customer_id}/{payment_id}`, deleteCard],
  ]
  const routes: Route[] = defaults.map(([id, method, path, handler]) => {
    const override = options.routes[id]
    return {
      id,
      method: (override?.method ?? method).toUpperCase(),
      path: override?.path ?? path,
      handler: authed(handler),
    }
  })

  // -- seeding

  const seed = (n: number, opts: SeedOptions) => {
    const { credentials, prng } = seedTarget(options.credentials, opts, options.seed)
    const m = merchantOf(credentials)
    const year = clock().getUTCFullYear()
    const ids: string[] = []
    for (let i = 0; i < n; i++) {
      const p = person(prng, m.nextCustomer)
      const name = `${p.first} ${p.last}`
      const c: Customer = {
        id: m.nextCustomer++,
        name,
        email: p.email,
        phone: p.phone,
        company: p.company,
        addresses: [],
        cards: [],
        ach: [],
      }
      const side = {
        customer_name: name,
        street_no: p.streetNo,
        street_name: p.streetName,
        unit: p.unit,
        city: p.city,
        state: p.state,
        zip: p.zip,
      }
      const fields: Partial<Address> = { address_label: 'Home' }
      for (const key of SIDE_KEYS) {
        fields[`billing_${key}`] = side[key]
        fields[`shipping_${key}`] = side[key]
      }
      addAddress(m, c, fields)
      if (opts.withCards === true) {
        const expiry = `${String(1 + prng.int(12)).padStart(2, '0')}/${String((year + 1 + prng.int(4)) % 100).padStart(2, '0')}`
        addCard(m, c, storePan(TEST_CARDS[prng.int(TEST_CARDS.length)] as string), expiry, name)
      }
      if (opts.withChecks === true) {
        c.ach.push({
          id: m.nextAch++,
          accountDigest: digest(TEST_ACCOUNT),
          last4: TEST_ACCOUNT.slice(-4),
          routing: TEST_ROUTING[prng.int(2)] as string,
          payeeName: name,
          accountType: 'C',
          entryClass: 'Personal',
        })
      }
      m.customers.set(c.id, c)
      ids.push(String(c.id))
    }
    return { created: n, ids }
  }

  return {
    gateway: 'valor',
    router: new Router(routes),
    badCredentials: () => authError('Not a valid APP ID or APP Key.'),
    rateLimited: (retry) =>
      json(429, {
        code: 429,
        status: 'FAILED',
        errors: [`Too many requests. Please retry after ${retry} second(s).`],
      }),
    serverError: (status) =>
      json(status, { code: status, status: 'FAILED', errors: ['Internal Server Error'] }),
    notFound: () => failedList(['Route not found'], 404),
    methodNotAllowed: () => failedList(['Route not found'], 404),
    finish: (res) => (options.always200 && res.status < 500 ? { ...res, status: 200 } : res),
    reset: () => merchants.clear(),
    seed,
  }
}
