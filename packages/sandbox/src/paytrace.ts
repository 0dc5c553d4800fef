/**
 * PayTrace B2B API v3 simulator: OAuth client-credentials token (form-encoded, 201), customer
 * profiles (card and/or check, `customer_label`), recurring payments (DELETE with a body) and the
 * 422 `{data:[{field, detail}]}` errors. Spec: `paytrace-v3-customer-vault.txt`,
 * `paytrace-v3-recurring-payment.txt`; open points fixed in `docs/wire-assumptions.md` (§P.*).
 */
import { createHash } from 'node:crypto'
import { addDays, formatMdy, parseMdy, parseMdyTime } from './common/dates'
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
import { dashedPhone, person } from './common/people'
import { Router, routeTable } from './common/router'
import { Table } from './common/table'

// ---- credentials and options

export interface PayTraceCredentials {
  /** The API user's name (`client_id` of the token grant). */
  readonly clientId: string
  /** The API user's password (`client_secret`). */
  readonly clientSecret: string
  /** Sent as `X-Integrator-Id` (≤ 12 characters); informative only. */
  readonly integratorId: string
  readonly merchantId: number
}

export const PAYTRACE_CREDENTIALS: PayTraceCredentials = {
  clientId: 'vaultport_sandbox',
  clientSecret: 'sandbox-secret-0001',
  integratorId: 'vaultportsbx',
  merchantId: 246810,
}

export interface PayTraceSimOptions {
  readonly credentials: readonly PayTraceCredentials[]
  readonly clock: () => Date
  readonly seed: number
  /** Access-token lifetime (default 7200 s, wire-assumptions §P.1). */
  readonly tokenTtlSeconds?: number
  /**
   * Where the token fields sit in the grant answer (GATEWAY-FACTS §1.2 CONFLICT): under `data`,
   * at top level, or both (the default, wire-assumptions §P.1).
   */
  readonly tokenShape?: PayTraceTokenShape
}

export type PayTraceTokenShape = 'both' | 'data' | 'top'

// ---- state

const BILLING_KEYS = [
  'name',
  'street_address',
  'street_address2',
  'city',
  'state',
  'postal_code',
  'country',
] as const
const SHIPPING_KEYS = [...BILLING_KEYS, 'county'] as const
type Billing = Record<(typeof BILLING_KEYS)[number], string>
type Shipping = Record<(typeof SHIPPING_KEYS)[number], string>

interface StoredCard {
  readonly pan: StoredPan
  readonly month: number
  readonly year: number
}

interface StoredCheck {
  readonly last4: string
  readonly length: number
  readonly routing: string
  readonly accountType: string
  readonly secCode: string
}

interface Disc {
  readonly disc_id: number | string
  readonly value: string
}

interface Customer {
  readonly id: number
  label: string
  billing: Billing
  shipping: Shipping
  email: string
  phone: string
  fax: string
  card: StoredCard | undefined
  check: StoredCheck | undefined
  disc: readonly Disc[]
  readonly createdAt: Date
  updatedAt: Date
}

interface Recurrence {
  readonly id: number
  readonly customerId: number
  amountCents: number
  frequency: string
  readonly startDate: string
  nextDate: string
  totalCount: number
  currentCount: number
  repeat: number
  weekend: boolean
  description: string
  transactionType: string
  type: 'C' | 'A'
  secCode: string
  omitSurcharge: boolean
  readonly createdAt: Date
  updatedAt: Date
  lastApproved: { readonly transactionId: string; readonly date: string } | undefined
}

interface Merchant {
  readonly credentials: PayTraceCredentials
  readonly customers: Table<number, Customer>
  readonly byLabel: Map<string, number>
  readonly recurrences: Table<number, Recurrence>
  readonly byCustomer: Map<number, Set<number>>
  nextCustomerId: number
  nextRecurrenceId: number
  nextTransactionId: number
}

const newMerchant = (credentials: PayTraceCredentials): Merchant => ({
  credentials,
  customers: new Table(),
  byLabel: new Map(),
  recurrences: new Table(),
  byCustomer: new Map(),
  nextCustomerId: 1_000_001,
  nextRecurrenceId: 500_001,
  nextTransactionId: 70_000_001,
})

// ---- wording (pydantic style, §P.2)

const detailOf = (p: FieldProblem['problem']): string => {
  switch (p.kind) {
    case 'required':
      return 'field required'
    case 'type':
      return {
        string: 'str type expected',
        integer: 'value is not a valid integer',
        number: 'value is not a valid float',
        boolean: 'value could not be parsed to a boolean',
        object: 'value is not a valid dict',
        array: 'value is not a valid list',
      }[p.expected]
    case 'maxLength':
      return `ensure this value has at most ${p.limit} characters`
    case 'minLength':
      return `ensure this value has at least ${p.limit} characters`
    case 'pattern':
      return `string does not match regex "${p.pattern}"`
    case 'enum':
      return `value is not a valid enumeration member; permitted: ${p.allowed.map((a) => `'${a}'`).join(', ')}`
    case 'minimum':
      return `ensure this value is greater than or equal to ${p.limit}`
    case 'maximum':
      return `ensure this value is less than or equal to ${p.limit}`
    case 'custom':
      return p.message
  }
}

type Location = 'body' | 'path' | 'query' | 'header'

const unprocessable = (items: readonly { field: string; detail: string }[]): SimResponse =>
  json(422, { data: items })

const invalid = (location: Location, problems: readonly FieldProblem[]): SimResponse =>
  unprocessable(
    problems.map((p) => ({ field: [location, ...p.path].join('/'), detail: detailOf(p.problem) })),
  )

const fieldError = (field: string, detail: string): SimResponse =>
  unprocessable([{ field, detail }])

const ok = (data: unknown, extra: JsonObject = {}): SimResponse => json(200, { data, ...extra })

const invalidToken = (): SimResponse =>
  json(
    401,
    {
      error: 'invalid_token',
      error_description: 'The access token is missing, invalid or expired.',
    },
    { 'www-authenticate': 'Bearer error="invalid_token"' },
  )

// ---- request pieces

const FREQUENCIES = ['1', '8', 'A', '2', '9', '3', '4', '7', '5', '6'] as const
const SEC_CODES = ['CCD', 'PPD', 'WEB'] as const
const ACCOUNT_TYPES = ['Checking', 'Savings'] as const
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** Plain digits, or base64 of the digits (the simulator's "encrypted" form, §P.3). */
const decodeNumber = (value: string, min: number, max: number): string | null => {
  const compact = value.replace(/\s+/g, '')
  if (isDigits(compact, min, max)) return compact
  if (!BASE64.test(compact) || compact.length % 4 !== 0) return null
  const decoded = Buffer.from(compact, 'base64').toString('latin1')
  return isDigits(decoded, min, max) ? decoded : null
}

interface ProfileInput {
  label?: string
  billing?: Partial<Billing>
  shipping?: Partial<Shipping>
  email?: string
  phone?: string
  fax?: string
  card?: StoredCard
  check?: StoredCheck
  disc?: readonly Disc[]
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

/** The fields shared by every customer create/update body (§P.3, §P.4). */
const readProfile = (
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

// ---- views (§P.4, §P.5, §P.8)

const cardView = (card: StoredCard, withBin: boolean): JsonObject => ({
  masked_number: maskStored(card.pan, 'x', withBin),
  expiration_month: card.month,
  expiration_year: card.year,
})

const customerView = (c: Customer, withBin = true): JsonObject => {
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

const emptyBilling = (): Billing => ({
  name: '',
  street_address: '',
  street_address2: '',
  city: '',
  state: '',
  postal_code: '',
  country: '',
})

// ---- the simulator

export const createPayTraceSimulator = (options: PayTraceSimOptions): GatewayEngine => {
  const { clock } = options
  const ttlSeconds = options.tokenTtlSeconds ?? 7200
  const merchants = new Map<PayTraceCredentials, Merchant>()
  const accessTokens = new Map<string, { credentials: PayTraceCredentials; expiresAt: number }>()
  const refreshTokens = new Map<string, PayTraceCredentials>()
  let tokenCounter = 0

  const merchantOf = (credentials: PayTraceCredentials): Merchant => {
    let m = merchants.get(credentials)
    if (m === undefined) {
      m = newMerchant(credentials)
      merchants.set(credentials, m)
    }
    return m
  }

  const mintToken = (prefix: string): string => {
    tokenCounter++
    const hex = createHash('sha256')
      .update(`${options.seed}:${prefix}:${tokenCounter}`)
      .digest('hex')
      .slice(0, 32)
    return `ptsbx_${prefix}_${hex}`
  }

  // -- token grant (§P.1)

  const grant = (credentials: PayTraceCredentials): SimResponse => {
    const access = mintToken('at')
    const refresh = mintToken('rt')
    accessTokens.set(access, { credentials, expiresAt: clock().getTime() + ttlSeconds * 1000 })
    refreshTokens.set(refresh, credentials)
    const token = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: ttlSeconds,
      refresh_token: refresh,
    }
    const shape = options.tokenShape ?? 'both'
    return json(
      201,
      shape === 'data' ? { data: token } : shape === 'top' ? token : { data: token, ...token },
    )
  }

  const token: Handler = (req) => {
    const form = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')
      ? new URLSearchParams(req.body)
      : new URLSearchParams()
    const grantType = form.get('grant_type')
    if (grantType === null || grantType === '')
      return fieldError('body/grant_type', 'field required')
    if (grantType === 'refresh_token') {
      const refresh = form.get('refresh_token')
      if (refresh === null || refresh === '')
        return fieldError('body/refresh_token', 'field required')
      const known = refreshTokens.get(refresh)
      if (known === undefined) {
        return json(401, {
          error: 'invalid_grant',
          error_description: 'The refresh token is invalid or expired.',
        })
      }
      return grant(known)
    }
    if (grantType !== 'client_credentials') {
      return fieldError('body/grant_type', `unsupported grant_type: ${grantType.slice(0, 40)}`)
    }
    const missing = ['client_id', 'client_secret'].filter((k) => (form.get(k) ?? '') === '')
    if (missing.length > 0)
      return unprocessable(missing.map((k) => ({ field: `body/${k}`, detail: 'field required' })))
    const credentials = options.credentials.find(
      (c) => c.clientId === form.get('client_id') && c.clientSecret === form.get('client_secret'),
    )
    if (credentials === undefined) {
      return json(401, {
        error: 'invalid_client',
        error_description:
          'Client authentication failed: unknown client_id or wrong client_secret.',
      })
    }
    return grant(credentials)
  }

  // -- auth, headers, body

  type Authed = (req: SimRequest, m: Merchant, body: JsonObject) => SimResponse

  /** Bearer token, the two optional headers, the JSON body and `merchant_id`, then the handler. */
  const authed =
    (handler: Authed): Handler =>
    (req) => {
      const header = req.headers.authorization ?? ''
      const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
      const session = bearer === undefined ? undefined : accessTokens.get(bearer)
      if (session === undefined || session.expiresAt <= clock().getTime()) return invalidToken()
      const headerIssues: { field: string; detail: string }[] = []
      const limits = [
        ['x-integrator-id', 12],
        ['x-permalinks', 4],
      ] as const
      for (const [name, max] of limits) {
        const value = req.headers[name]
        if (typeof value === 'string' && value.length > max) {
          headerIssues.push({
            field: `header/${name}`,
            detail: `ensure this value has at most ${max} characters`,
          })
        }
      }
      if (headerIssues.length > 0) return unprocessable(headerIssues)
      let body: JsonObject = {}
      if (req.method !== 'GET') {
        const parsed = parseJson(req.body)
        if (!isObject(parsed)) return fieldError('body', 'value is not a valid dict')
        body = parsed
      }
      const merchantId = body.merchant_id
      const merchant = merchantOf(session.credentials)
      if (
        merchantId !== undefined &&
        merchantId !== null &&
        String(merchantId) !== String(merchant.credentials.merchantId)
      ) {
        return fieldError(
          'body/merchant_id',
          `merchant_id ${String(merchantId).slice(0, 20)} is not accessible with this token`,
        )
      }
      return handler(req, merchant, body)
    }

  const pathInt = (req: SimRequest, name: string): number | SimResponse => {
    const raw = req.params[name] ?? ''
    return /^[0-9]{1,15}$/.test(raw)
      ? Number(raw)
      : fieldError(`path/${name}`, 'value is not a valid integer')
  }

  const findCustomer = (
    m: Merchant,
    id: number,
    field = 'path/customer_id',
  ): Customer | SimResponse =>
    m.customers.get(id) ?? fieldError(field, `customer_id ${id} was not found`)

  const withCustomer =
    (
      handler: (req: SimRequest, m: Merchant, c: Customer, body: JsonObject) => SimResponse,
    ): Authed =>
    (req, m, body) => {
      const id = pathInt(req, 'customer_id')
      if (typeof id !== 'number') return id
      const c = findCustomer(m, id)
      return 'status' in c ? c : handler(req, m, c, body)
    }

  // -- customers

  const insertCustomer = (m: Merchant, input: ProfileInput & { label: string }): Customer => {
    const now = clock()
    const c: Customer = {
      id: m.nextCustomerId++,
      label: input.label,
      billing: { ...emptyBilling(), ...input.billing },
      shipping: { ...emptyBilling(), county: '', ...input.shipping },
      email: input.email ?? '',
      phone: input.phone ?? '',
      fax: input.fax ?? '',
      card: input.card,
      check: input.check,
      disc: input.disc ?? [],
      createdAt: now,
      updatedAt: now,
    }
    m.customers.set(c.id, c)
    m.byLabel.set(c.label, c.id)
    return c
  }

  const labelTaken = (m: Merchant, label: string, self?: number): boolean => {
    const owner = m.byLabel.get(label)
    return owner !== undefined && owner !== self
  }

  /** Shared by the four creates: read, check the label, insert, answer the detail. */
  const createWith =
    (payment: (r: Reader, body: JsonObject, input: ProfileInput) => void): Authed =>
    (_req, m, body) => {
      const r = new Reader()
      const input = readProfile(r, body, true, clock())
      payment(r, body, input)
      if (!r.ok) return invalid('body', r.problems)
      const label = input.label as string
      if (labelTaken(m, label))
        return fieldError('body/customer_label', 'customer_label already exists')
      return ok(customerView(insertCustomer(m, { ...input, label })))
    }

  const visa = (): StoredCard => ({
    pan: storePan(TEST_CARDS[0]),
    month: 12,
    year: clock().getUTCFullYear() + 3,
  })

  const byTransaction =
    (stored: (input: ProfileInput) => void) =>
    (r: Reader, body: JsonObject, input: ProfileInput): void => {
      const txn = r.string(body, 'transaction_id', [], {
        required: true,
        numeric: true,
        pattern: /^[0-9]{1,20}$/,
      })
      r.string(body, 'customer_reference_id', [], { max: 50 })
      if (txn !== undefined) stored(input)
    }

  const protect = (r: Reader, body: JsonObject, input: ProfileInput): void => {
    const hpf = r.string(body, 'hpf_token', [], { required: true, pattern: UUID })
    const key = r.string(body, 'enc_key', [], { required: true, pattern: BASE64 })
    if (hpf !== undefined && key !== undefined) input.card = visa()
  }

  const applyUpdate = (m: Merchant, c: Customer, input: ProfileInput): SimResponse => {
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
    c.updatedAt = clock()
    return ok(customerView(c))
  }

  const update = (extra?: (r: Reader, body: JsonObject, input: ProfileInput) => void): Authed =>
    withCustomer((_req, m, c, body) => {
      const r = new Reader()
      const input = readProfile(r, body, false, clock())
      extra?.(r, body, input)
      return r.ok ? applyUpdate(m, c, input) : invalid('body', r.problems)
    })

  const getCustomer: Authed = withCustomer((req, _m, c) => {
    const r = new Reader()
    r.number(Object.fromEntries(req.query), 'allow_partial', [], {
      integer: true,
      min: 0,
      max: 1,
      fromString: true,
    })
    return r.ok ? ok(customerView(c)) : invalid('query', r.problems)
  })

  const getAchCustomer: Authed = withCustomer((_req, _m, c) =>
    c.check === undefined
      ? fieldError('path/customer_id', `customer_id ${c.id} has no check (ACH) information`)
      : ok(customerView(c)),
  )

  const listCustomers: Authed = (req, m) => {
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
    const since = days === undefined ? undefined : clock().getTime() - days * 86_400_000
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

  const exportCustomers: Authed = (_req, m, body) => {
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
    const matching = m.customers
      .values()
      .filter(
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

  const deleteCustomer: Authed = withCustomer((_req, m, c) => {
    for (const rid of m.byCustomer.get(c.id) ?? []) m.recurrences.delete(rid)
    m.byCustomer.delete(c.id)
    m.customers.delete(c.id)
    m.byLabel.delete(c.label)
    return ok({ customer_id: c.id })
  })

  // -- recurrences (§P.8)

  const readRecurrenceId = (r: Reader, rec: JsonObject): number | undefined =>
    r.number(rec, 'id', ['recurrence'], { required: true, integer: true, min: 1, fromString: true })

  interface RecurrenceInput {
    amountCents?: number
    frequency?: string
    startDate?: string
    totalCount?: number
    transactionType?: string
    type?: 'C' | 'A'
    description?: string
    secCode?: string
    weekend?: boolean
    repeat?: number
  }

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

  const insertRecurrence = (
    m: Merchant,
    c: Customer,
    input: Required<Omit<RecurrenceInput, 'secCode'>> & { secCode: string; omitSurcharge: boolean },
  ): Recurrence => {
    const now = clock()
    const rec: Recurrence = {
      id: m.nextRecurrenceId++,
      customerId: c.id,
      amountCents: input.amountCents,
      frequency: input.frequency,
      startDate: input.startDate,
      nextDate: input.startDate,
      totalCount: input.totalCount,
      currentCount: 0,
      repeat: input.repeat,
      weekend: input.weekend,
      description: input.description,
      transactionType: input.transactionType,
      type: input.type,
      secCode: input.secCode,
      omitSurcharge: input.omitSurcharge,
      createdAt: now,
      updatedAt: now,
      lastApproved: undefined,
    }
    m.recurrences.set(rec.id, rec)
    let set = m.byCustomer.get(c.id)
    if (set === undefined) m.byCustomer.set(c.id, (set = new Set()))
    set.add(rec.id)
    return rec
  }

  const readSurcharge = (r: Reader, body: JsonObject): boolean | undefined => {
    const s = r.object(body, 'surcharge_info', [])
    return s === undefined ? undefined : r.boolean(s, 'omit_surcharge', ['surcharge_info'])
  }

  const createRecurrence: Authed = (_req, m, body) => {
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
    const created = insertRecurrence(m, c, {
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

  const updateRecurrence: Authed = (_req, m, body) => {
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
    if (next instanceof Date) found.nextDate = formatMdy(next)
    if (omitSurcharge !== undefined) found.omitSurcharge = omitSurcharge
    found.updatedAt = clock()
    return ok(recurrenceView(found, c))
  }

  const deleteRecurrence: Authed = (_req, m, body) => {
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

  const exportByCustomerGet: Authed = withCustomer((_req, m, c) => {
    const items = recurrencesOf(m, c)
    return ok(
      items.map((x) => recurrenceView(x, c)),
      { total_count: items.length },
    )
  })

  const exportByCustomerPost: Authed = withCustomer((_req, m, c, body) => {
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

  const exportById: Authed = (req, m) => {
    const id = pathInt(req, 'recurrence_id')
    if (typeof id !== 'number') return id
    const found = findRecurrence(m, id, 'path/recurrence_id')
    return 'status' in found ? found : ok(recurrenceView(found, m.customers.get(found.customerId)))
  }

  const exportApproved: Authed = withCustomer((_req, m, c) => {
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

  // -- the route table (spec operation numbers as ids, GATEWAY-FACTS §1.4, §1.5)

  const P = '/v3/customer'
  const R = '/v3/recurrence'
  const routes = routeTable<Authed, Handler>(
    [
      ['C1', 'POST', `${P}/create`, createWith(() => undefined)],
      [
        'C2',
        'POST',
        `${P}/create/by-transaction`,
        createWith(byTransaction((i) => (i.card = visa()))),
      ],
      [
        'C3',
        'POST',
        `${P}/ach/create/by-transaction`,
        createWith(byTransaction((i) => (i.check = sampleCheck(0)))),
      ],
      ['C4', 'POST', `${P}/create/pt-protect`, createWith(protect)],
      ['C5', 'PATCH', `${P}/{customer_id}`, update()],
      ['C6', 'PATCH', `${P}/pt-protect/{customer_id}`, update(protect)],
      ['C7', 'GET', `${P}/{customer_id}`, getCustomer],
      ['C8', 'GET', `${P}/ach/{customer_id}`, getAchCustomer],
      ['C9', 'GET', P, listCustomers],
      ['C10', 'POST', `${P}/export`, exportCustomers],
      ['C11', 'DELETE', `${P}/{customer_id}`, deleteCustomer],
      ['R1', 'POST', `${R}/create`, createRecurrence],
      ['R2', 'PATCH', R, updateRecurrence],
      ['R3', 'DELETE', R, deleteRecurrence],
      ['R4', 'GET', `${R}/export/by-customer/{customer_id}`, exportByCustomerGet],
      ['R5', 'POST', `${R}/export/by-customer/{customer_id}`, exportByCustomerPost],
      ['R6', 'GET', `${R}/export/by-id/{recurrence_id}`, exportById],
      ['R7', 'POST', `${R}/export/approved/by-customer/{customer_id}`, exportApproved],
    ],
    authed,
  )
  routes.unshift({ id: 'token', method: 'POST', path: '/v3/token', handler: token })

  // -- seeding

  const seed = (n: number, opts: SeedOptions) => {
    const { credentials, prng } = seedTarget(options.credentials, opts, options.seed)
    const m = merchantOf(credentials)
    const now = clock()
    const ids: string[] = []
    for (let i = 0; i < n; i++) {
      const p = person(prng, m.nextCustomerId)
      const name = `${p.first} ${p.last}`
      const street = `${p.streetNo} ${p.streetName}`
      const address = {
        name,
        street_address: street,
        street_address2: p.unit === '' ? '' : `Suite ${p.unit}`,
        city: p.city,
        state: p.state,
        postal_code: p.zip,
        country: 'US',
      }
      let label = `${p.last}-${p.first}-${String(m.nextCustomerId).slice(-6)}`.toLowerCase()
      while (m.byLabel.has(label)) label = `${label}x`
      const input: ProfileInput & { label: string } = {
        label,
        billing: address,
        shipping: { ...address, county: p.county },
        email: p.email,
        phone: dashedPhone(p.phone),
      }
      if (opts.withCards === true) {
        input.card = {
          pan: storePan(TEST_CARDS[prng.int(TEST_CARDS.length)] as string),
          month: 1 + prng.int(12),
          year: now.getUTCFullYear() + 1 + prng.int(4),
        }
      }
      if (opts.withChecks === true && (opts.withCards !== true || prng.int(2) === 0))
        input.check = sampleCheck(prng.int(2))
      const c = insertCustomer(m, input)
      ids.push(String(c.id))
      if (opts.withRecurrences !== true) continue
      const count = 1 + prng.int(2)
      for (let k = 0; k < count; k++) {
        const type = c.card !== undefined ? 'C' : c.check !== undefined ? 'A' : null
        if (type === null) break
        const rec = insertRecurrence(m, c, {
          amountCents: 500 + prng.int(19_500),
          frequency: prng.pick(['3', '3', '5', '2', '1', '4']),
          startDate: formatMdy(addDays(now, 1 + prng.int(60))),
          totalCount: prng.pick([12, 24, 999]),
          transactionType: 'Sale',
          type,
          description: prng.pick([
            'Monthly service fee',
            'Membership dues',
            'Maintenance plan',
            'Subscription',
          ]),
          secCode: type === 'A' ? 'PPD' : '',
          weekend: false,
          repeat: 0,
          omitSurcharge: false,
        })
        const runs = prng.int(4)
        if (runs > 0) {
          rec.currentCount = runs
          rec.lastApproved = {
            transactionId: String(m.nextTransactionId++),
            date: formatMdy(addDays(now, -prng.int(30))),
          }
        }
      }
    }
    return { created: n, ids }
  }

  return {
    gateway: 'paytrace',
    router: new Router(routes),
    badCredentials: () => invalidToken(),
    rateLimited: (_retry, rps) =>
      json(429, {
        data: [
          { field: 'request', detail: `rate limit exceeded: at most ${rps} requests per second` },
        ],
      }),
    serverError: (status) => json(status, { detail: STATUS_TEXT[status] ?? 'Error' }),
    notFound: () => json(404, { detail: 'Not Found' }),
    methodNotAllowed: () => json(405, { detail: 'Method Not Allowed' }),
    finish: (res) => res,
    // Tokens survive a reset: it empties the vaults, it does not log clients out.
    reset: () => merchants.clear(),
    seed,
  }
}

const sampleCheck = (i: number): StoredCheck => ({
  last4: TEST_ACCOUNT.slice(-4),
  length: TEST_ACCOUNT.length,
  routing: TEST_ROUTING[i % TEST_ROUTING.length] as string,
  accountType: 'Checking',
  secCode: 'PPD',
})

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}
