/**
 * Pure conversions between the canonical model and FluidPay's wire JSON. Everything FluidPay
 * cannot carry is declared here, as a `Warning`, never dropped in silence:
 *
 * - FluidPay has no customer-level name, company, e-mail, phone or fax. They are read from the
 *   default billing address and written onto it (`contact_*` warnings).
 * - An address has `first_name` + `last_name`; the canonical `name` is split at its last space
 *   and joined back with one space (`name_normalized` when that changes it).
 * - An address's role is read from the defaults: the default shipping address that is not also
 *   the default billing address is `shipping`; every other address is `billing`.
 * - Labels, counties, card holder names, bank holder names and holder types have no field.
 */
import * as E from 'fp-ts/Either'
import {
  customerId as toCustomerId,
  addressId as toAddressId,
  paymentMethodId as toPaymentMethodId,
  detectBrand,
  IsoDateTime,
  parseBrandName,
  readMaskedNumber,
  warning,
  type Address,
  type AddressFields,
  type AddressInput,
  type AddressRole,
  type BankAccount,
  type Card,
  type CardExpiry,
  type Customer,
  type CustomerDefaults,
  type CustomerFields,
  type CustomerFilter,
  type CustomerInput,
  type CustomerSummary,
  type FieldIssue,
  type PaymentMethod,
  type PaymentMethodInput,
  type SecCode,
  type Warning,
} from '@vaultport/core'
import type { RouteName } from './routes'
import {
  ID_FORMATS,
  SEARCH_FIELDS,
  type AddressBody,
  type CreateCustomerBody,
  type CustomerRecord,
  type SummaryRecord,
  type DefaultPaymentBody,
  type DefaultsBody,
  type IdFormat,
  type OptText,
  type PaymentMethodType,
  type SearchBody,
  type SearchField,
  type SearchOperator,
  type WireAch,
  type WireAddress,
  type WireCard,
  type WireDefaults,
} from './wire'

// ---- limits (SPEC-FP)

export const TEXT_MAX = 255

// ---- scalars

const text = (s: OptText): string | undefined =>
  s === null || s === undefined || s === '' ? undefined : s

/** Copies the defined entries only, as exactOptionalPropertyTypes wants. */
export const compact = <T extends object>(o: { [K in keyof T]: T[K] | undefined }): T => {
  // A plain loop: this runs for every field of every record of a page.
  const out: Record<string, unknown> = {}
  for (const k in o) if (o[k] !== undefined) out[k] = o[k]
  return out as T
}

/** A timestamp as the canonical model wants it: RFC 3339 with a zone. */
export const readTimestamp = (s: OptText): string | undefined => {
  const v = text(s)
  if (v === undefined) return undefined
  if (IsoDateTime.is(v)) return v
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

// ---- names

/** "Mary Ann Lee" → first "Mary Ann", last "Lee"; "Ada" → first "Ada", last "". */
export const splitName = (name: string): { first_name: string; last_name: string } => {
  const n = normalizeName(name)
  const at = n.lastIndexOf(' ')
  return at < 0
    ? { first_name: n, last_name: '' }
    : { first_name: n.slice(0, at), last_name: n.slice(at + 1) }
}

export const joinName = (first: OptText, last: OptText): string | undefined =>
  text([text(first), text(last)].filter((s) => s !== undefined).join(' '))

/** What a name reads back as: trimmed, inner runs of whitespace as one space. */
export const normalizeName = (name: string): string => name.trim().replace(/\s+/g, ' ')

// ---- card expiry

/**
 * Reads a stored card's expiry: "MM/YY", "MMYY", "MM/YYYY", or an RFC 3339 datetime whose
 * calendar month is the expiry month ("2020-12-31T00:00:00Z").
 */
export const readExpiry = (s: OptText): CardExpiry | undefined => {
  const v = text(s)?.trim()
  if (v === undefined) return undefined
  const short = /^(\d{2})\/?(\d{2}|\d{4})$/.exec(v)
  const iso = /^(\d{4})-(\d{2})-\d{2}(?:[T ].*)?$/.exec(v)
  const [month, year] =
    short !== null
      ? [Number(short[1]), Number(short[2]?.length === 2 ? `20${short[2]}` : short[2])]
      : iso !== null
        ? [Number(iso[2]), Number(iso[1])]
        : [NaN, NaN]
  return month >= 1 && month <= 12 && year >= 2000 && year <= 2099 ? { month, year } : undefined
}

/** "MM/YY", the form FluidPay documents for requests. */
export const writeExpiry = (e: CardExpiry): string =>
  `${String(e.month).padStart(2, '0')}/${String(e.year % 100).padStart(2, '0')}`

// ---- addresses

/** The role an address reads back as, from the customer's defaults. */
export const roleOf = (id: string, defaults: WireDefaults | null | undefined): AddressRole =>
  text(defaults?.shipping_address_id) === id && text(defaults?.billing_address_id) !== id
    ? 'shipping'
    : 'billing'

export const toAddressFields = (w: WireAddress): AddressFields =>
  compact<AddressFields>({
    name: joinName(w.first_name, w.last_name),
    company: text(w.company),
    line1: text(w.line_1),
    line2: text(w.line_2),
    city: text(w.city),
    region: text(w.state),
    postalCode: text(w.postal_code),
    country: text(w.country)?.toUpperCase(),
    email: text(w.email),
    phone: text(w.phone),
    fax: text(w.fax),
  })

export const toAddress = (w: WireAddress, defaults: WireDefaults | null | undefined): Address => ({
  id: toAddressId(w.id),
  role: roleOf(w.id, defaults),
  ...toAddressFields(w),
})

/** An address body, with a warning for every field FluidPay has no place for. */
export const addressBody = (
  a: AddressFields,
  at: string,
): { body: AddressBody; warnings: ReadonlyArray<Warning> } => {
  const warnings: Warning[] = []
  if (a.label !== undefined) {
    warnings.push(warning('field_dropped', 'FluidPay addresses have no label', `${at}label`))
  }
  if (a.county !== undefined) {
    warnings.push(warning('field_dropped', 'FluidPay addresses have no county', `${at}county`))
  }
  if (a.name !== undefined && normalizeName(a.name) !== a.name) {
    warnings.push(
      warning(
        'name_normalized',
        'FluidPay stores first and last name; the name reads back trimmed with single spaces',
        `${at}name`,
      ),
    )
  }
  const names = a.name === undefined ? {} : splitName(a.name)
  // The names spread last: V8 builds a literal that starts with a spread slowly, per property.
  const body = compact<AddressBody>({
    company: a.company,
    line_1: a.line1,
    line_2: a.line2,
    city: a.city,
    state: a.region,
    postal_code: a.postalCode,
    country: a.country,
    email: a.email,
    phone: a.phone,
    fax: a.fax,
    ...names,
  })
  return { body, warnings }
}

/** The address fields FluidPay stores, as they were given (for update merges). */
export const addressFieldsOf = (a: Address): AddressFields => {
  const { id: _id, role: _role, ...fields } = a
  return fields
}

// ---- payment methods

export const toCard = (w: WireCard): E.Either<string, Card> => {
  const masked = readMaskedNumber(text(w.masked_number) ?? '')
  if (masked.last4 === undefined) return E.left(`card ${w.id} has no readable masked_number`)
  const named = parseBrandName(text(w.card_type) ?? '')
  const brand = named !== 'unknown' || masked.bin === undefined ? named : detectBrand(masked.bin)
  const expiry = readExpiry(w.expiration_date)
  return E.right(
    compact<Card>({
      kind: 'card',
      id: toPaymentMethodId(w.id),
      brand,
      last4: masked.last4,
      status: 'active',
      bin: masked.bin,
      expiry,
    }),
  )
}

const lastDigits = (s: OptText): string | undefined => /(\d{4})$/.exec(text(s) ?? '')?.[1]

const SEC_CODES: ReadonlyArray<SecCode> = ['PPD', 'CCD', 'WEB', 'TEL']

export const toBankAccount = (w: WireAch): E.Either<string, BankAccount> => {
  const accountLast4 = lastDigits(w.masked_account_number) ?? lastDigits(w.account_number)
  if (accountLast4 === undefined) return E.left(`ACH ${w.id} has no readable account number`)
  const type = text(w.account_type)?.toLowerCase()
  if (type !== 'checking' && type !== 'savings') {
    return E.left(`ACH ${w.id} has account_type ${String(w.account_type)}`)
  }
  const sec = text(w.sec_code)?.toUpperCase()
  return E.right(
    compact<BankAccount>({
      kind: 'bank_account',
      id: toPaymentMethodId(w.id),
      accountType: type,
      accountLast4,
      status: 'active',
      secCode: SEC_CODES.find((c) => c === sec),
      routingLast4: lastDigits(w.masked_routing_number) ?? lastDigits(w.routing_number),
    }),
  )
}

export interface StoredMethod {
  readonly method: PaymentMethod
  readonly type: PaymentMethodType
}

/** Cards then ACH accounts, each with the wire type its routes need. */
export const storedMethods = (record: CustomerRecord): E.Either<string, StoredMethod[]> => {
  const payments = record.data.customer.payments
  const cards = (payments?.cards ?? []).map((c) =>
    E.map((m: Card): StoredMethod => ({ method: m, type: 'card' }))(toCard(c)),
  )
  const ach = (payments?.ach ?? []).map((a) =>
    E.map((m: BankAccount): StoredMethod => ({ method: m, type: 'ach' }))(toBankAccount(a)),
  )
  return E.sequenceArray([...cards, ...ach]) as E.Either<string, StoredMethod[]>
}

// ---- customers

/** The address whose contact fields are the customer's: the default billing address. */
export const contactAddress = (record: SummaryRecord): WireAddress | undefined => {
  const c = record.data.customer
  const addresses = c.addresses ?? []
  const billingId = text(c.defaults?.billing_address_id)
  return (
    addresses.find((a) => a.id === billingId) ??
    addresses.find((a) => roleOf(a.id, c.defaults) === 'billing')
  )
}

const contactOf = (record: SummaryRecord) => {
  const a = contactAddress(record)
  return a === undefined
    ? {}
    : compact<Pick<CustomerFields, 'name' | 'company' | 'email' | 'phone' | 'fax'>>({
        name: joinName(a.first_name, a.last_name),
        company: text(a.company),
        email: text(a.email),
        phone: text(a.phone),
        fax: text(a.fax),
      })
}

export const toDefaults = (d: WireDefaults | null | undefined): CustomerDefaults =>
  compact<CustomerDefaults>({
    billingAddressId: ((v) => (v === undefined ? undefined : toAddressId(v)))(
      text(d?.billing_address_id),
    ),
    shippingAddressId: ((v) => (v === undefined ? undefined : toAddressId(v)))(
      text(d?.shipping_address_id),
    ),
    paymentMethodId: ((v) => (v === undefined ? undefined : toPaymentMethodId(v)))(
      text(d?.payment_method_id),
    ),
  })

/** FluidPay's id is the merchant reference: a custom id when one was given, else generated. */
export const toCustomer = (record: CustomerRecord): E.Either<string, Customer> => {
  const c = record.data.customer
  const flags = c.flags ?? []
  return E.map((methods: StoredMethod[]): Customer =>
    compact<Customer>({
      id: toCustomerId(record.id),
      reference: record.id,
      ...contactOf(record),
      description: text(c.description),
      notes: text(c.notes),
      addresses: (c.addresses ?? []).map((a) => toAddress(a, c.defaults)),
      paymentMethods: methods.map((m) => m.method),
      defaults: toDefaults(c.defaults),
      createdAt: readTimestamp(record.created_at),
      updatedAt: readTimestamp(record.updated_at),
      gatewayData: flags.length === 0 ? undefined : { flags: [...flags] },
    }),
  )(storedMethods(record))
}

export const toSummary = (record: SummaryRecord): CustomerSummary => {
  const { fax: _fax, ...contact } = contactOf(record)
  return compact<CustomerSummary>({
    id: toCustomerId(record.id),
    reference: record.id,
    ...contact,
    createdAt: readTimestamp(record.created_at),
    updatedAt: readTimestamp(record.updated_at),
  })
}

// ---- payment-method inputs

const issue = (path: string, message: string): FieldIssue => ({ path, message })

export type CreateRoute = Extract<
  RouteName,
  'createCard' | 'createAch' | 'createToken' | 'createApplePay' | 'createGooglePay'
>

export interface PaymentPlan {
  /** The endpoint that stores this input on an existing customer. */
  readonly route: CreateRoute
  /** The body of that endpoint. */
  readonly body: Record<string, unknown>
  /** The same input as the create body's `default_payment`. */
  readonly defaultPayment: DefaultPaymentBody
  readonly warnings: ReadonlyArray<Warning>
}

const secCodeFor = (
  input: Extract<PaymentMethodInput, { kind: 'bank_account' }>,
  at: string,
): E.Either<FieldIssue, { code: 'web' | 'ccd' | 'ppd'; warnings: Warning[] }> => {
  if (input.secCode === 'TEL') {
    return E.left(issue(`${at}.secCode`, 'FluidPay accepts the SEC codes WEB, CCD and PPD only'))
  }
  if (input.secCode !== undefined) {
    return E.right({ code: input.secCode.toLowerCase() as 'web' | 'ccd' | 'ppd', warnings: [] })
  }
  const code = input.holderType === 'business' ? 'ccd' : 'web'
  return E.right({
    code,
    warnings: [
      warning(
        'sec_code_defaulted',
        `FluidPay requires an SEC code; ${code.toUpperCase()} was sent`,
        `${at}.secCode`,
      ),
    ],
  })
}

/** How a payment-method input is stored, on create (`default_payment`) or afterwards. */
export const paymentPlan = (
  input: PaymentMethodInput,
  at: string,
): E.Either<ReadonlyArray<FieldIssue>, PaymentPlan> => {
  const dropped = (field: string, what: string): Warning =>
    warning('field_dropped', `FluidPay stores no ${what}`, `${at}.${field}`)
  switch (input.kind) {
    case 'card': {
      const card = { number: input.number, expiration_date: writeExpiry(input.expiry) }
      return E.right({
        route: 'createCard',
        body: card,
        defaultPayment: { card },
        warnings: input.holderName === undefined ? [] : [dropped('holderName', 'card holder name')],
      })
    }
    case 'bank_account': {
      const sec = secCodeFor(input, at)
      if (E.isLeft(sec)) return E.left([sec.left])
      const ach = {
        account_number: input.accountNumber,
        routing_number: input.routingNumber,
        account_type: input.accountType,
        sec_code: sec.right.code,
      }
      return E.right({
        route: 'createAch',
        body: ach,
        defaultPayment: { ach },
        warnings: [
          ...sec.right.warnings,
          ...(input.holderName === undefined ? [] : [dropped('holderName', 'account holder name')]),
          ...(input.holderType === undefined ? [] : [dropped('holderType', 'holder type')]),
        ],
      })
    }
    case 'gateway_token':
      return E.right({
        route: 'createToken',
        body: { token: input.token },
        defaultPayment: { token: input.token },
        warnings: [
          ...(input.extras === undefined ? [] : [dropped('extras', 'tokenizer extras')]),
          ...(input.holderName === undefined ? [] : [dropped('holderName', 'holder name')]),
        ],
      })
    case 'wallet':
      if (input.wallet === 'google_pay') {
        return E.right({
          route: 'createGooglePay',
          body: { google_pay_token: input.payload },
          defaultPayment: { google_pay_token: input.payload },
          warnings: [],
        })
      }
      if (typeof input.payload === 'string' || typeof input.payload['key_id'] !== 'string') {
        return E.left([
          issue(
            `${at}.payload`,
            'an Apple Pay payload is an object with key_id and temporary_token or pkpaymenttoken',
          ),
        ])
      }
      return E.right({
        route: 'createApplePay',
        body: input.payload,
        defaultPayment: { apple_pay: input.payload as DefaultPaymentBody['apple_pay'] & object },
        warnings: [],
      })
    case 'prior_transaction':
      return E.left([issue(`${at}.kind`, 'FluidPay cannot vault a prior transaction')])
  }
}

// ---- customer inputs

const CONTACT_FIELDS = ['name', 'company', 'email', 'phone', 'fax'] as const

const textLimit = (value: string | undefined, path: string): ReadonlyArray<FieldIssue> =>
  value !== undefined && value.length > TEXT_MAX
    ? [issue(path, `FluidPay stores at most ${TEXT_MAX} characters`)]
    : []

/** FluidPay-specific create options, carried in `CustomerInput.gatewayData`. */
export interface FluidPayCustomerOptions {
  /** Customer flags, e.g. "surcharge_exempt". */
  readonly flags?: ReadonlyArray<string>
  /** Ask FluidPay to generate the id in this format (not with a reference). */
  readonly idFormat?: IdFormat
}

/** `gatewayData` for a create or update that carries FluidPay's own options. */
export const fluidpayOptions = (options: FluidPayCustomerOptions): Record<string, unknown> =>
  compact<Record<string, unknown>>({
    flags: options.flags === undefined ? undefined : [...options.flags],
    idFormat: options.idFormat,
  })

/** Reads FluidPay's options out of `gatewayData`; a wrong type is a field issue. */
export const readOptions = (
  gatewayData: Record<string, unknown> | undefined,
): E.Either<ReadonlyArray<FieldIssue>, FluidPayCustomerOptions> => {
  const flags = gatewayData?.['flags']
  const idFormat = gatewayData?.['idFormat']
  const issues: FieldIssue[] = []
  if (flags !== undefined && !(Array.isArray(flags) && flags.every((f) => typeof f === 'string'))) {
    issues.push(issue('gatewayData.flags', 'must be an array of strings'))
  }
  if (idFormat !== undefined && !ID_FORMATS.some((f) => f === idFormat)) {
    issues.push(issue('gatewayData.idFormat', `must be one of ${ID_FORMATS.join(', ')}`))
  }
  return issues.length > 0
    ? E.left(issues)
    : E.right(
        compact<FluidPayCustomerOptions>({
          flags: flags as string[] | undefined,
          idFormat: idFormat as IdFormat | undefined,
        }),
      )
}

export interface CreatePlan {
  readonly body: CreateCustomerBody
  /** Billing addresses beyond the first: stored one by one after the create (F6). */
  readonly extraAddresses: ReadonlyArray<{ readonly index: number; readonly body: AddressBody }>
  /** The create body has no notes (SPEC-FP): they follow in an update (F3). */
  readonly notes?: string
  readonly warnings: ReadonlyArray<Warning>
}

/**
 * The contact fields land on the default billing address: they fill what the address leaves
 * empty; where both are given and differ, the address wins and the customer's value is lost.
 */
const mergeContact = (
  input: CustomerFields,
  billing: AddressFields | undefined,
  at: string,
): { fields: AddressFields | undefined; warnings: Warning[] } => {
  const given = CONTACT_FIELDS.filter((f) => input[f] !== undefined)
  if (given.length === 0) return { fields: billing, warnings: [] }
  const warnings: Warning[] = []
  const fields: Record<string, string> = { ...(billing ?? {}) }
  for (const f of given) {
    const value = input[f] as string
    const own = billing?.[f]
    if (own === undefined) fields[f] = value
    else if (own !== value && !(f === 'name' && normalizeName(own) === normalizeName(value))) {
      warnings.push(
        warning(
          'contact_conflict',
          `FluidPay has no customer-level ${f}: it is read from the default billing address, whose ${f} differs and was kept`,
          f,
        ),
      )
    }
  }
  if (billing === undefined) {
    warnings.push(
      warning(
        'contact_stored_as_address',
        `FluidPay has no customer-level ${given.join(', ')}: they are stored on a new default billing address`,
        at,
      ),
    )
  }
  return { fields: fields as AddressFields, warnings }
}

export const createPlan = (
  input: CustomerInput,
): E.Either<ReadonlyArray<FieldIssue>, CreatePlan> => {
  const issues: FieldIssue[] = [
    ...textLimit(input.description, 'description'),
    ...textLimit(input.notes, 'notes'),
  ]
  const options = readOptions(input.gatewayData)
  if (E.isLeft(options)) issues.push(...options.left)
  const opts = E.isRight(options) ? options.right : {}
  if (opts.idFormat !== undefined && input.reference !== undefined) {
    issues.push(issue('gatewayData.idFormat', 'cannot be combined with a reference (custom id)'))
  }
  const payment =
    input.paymentMethod === undefined
      ? undefined
      : paymentPlan(input.paymentMethod, 'paymentMethod')
  if (payment !== undefined && E.isLeft(payment)) issues.push(...payment.left)
  if (issues.length > 0) return E.left(issues)

  const warnings: Warning[] = []
  const addresses = input.addresses ?? []
  const billingIndex = addresses.findIndex((a) => a.role === 'billing')
  const shippingIndex = addresses.findIndex((a) => a.role === 'shipping')
  const addressAt = (i: number) => `addresses[${i}].`
  const bodyOf = (a: AddressInput | AddressFields, i: number) => {
    const { role: _role, ...fields } = a as AddressInput
    const r = addressBody(fields, addressAt(i))
    warnings.push(...r.warnings)
    return r.body
  }
  const billingInput = billingIndex < 0 ? undefined : addresses[billingIndex]
  const merged = mergeContact(
    input,
    billingInput,
    billingIndex < 0 ? 'addresses' : addressAt(billingIndex),
  )
  warnings.push(...merged.warnings)
  const billing = merged.fields === undefined ? undefined : bodyOf(merged.fields, billingIndex)
  const shippingInput = shippingIndex < 0 ? undefined : addresses[shippingIndex]
  const shipping = shippingInput === undefined ? undefined : bodyOf(shippingInput, shippingIndex)
  if (shipping !== undefined && billing === undefined) {
    warnings.push(
      warning(
        'address_role_not_kept',
        'FluidPay makes the first address the default billing and shipping address: a lone shipping address reads back as billing',
        `${addressAt(shippingIndex)}role`,
      ),
    )
  }
  const extraAddresses = addresses.flatMap((a, index) =>
    index === billingIndex || index === shippingIndex ? [] : [{ index, body: bodyOf(a, index) }],
  )
  if (payment !== undefined && E.isRight(payment)) warnings.push(...payment.right.warnings)

  const body = compact<CreateCustomerBody>({
    id: input.reference,
    id_format: opts.idFormat,
    description: input.description,
    flags: opts.flags,
    default_payment:
      payment !== undefined && E.isRight(payment) ? payment.right.defaultPayment : undefined,
    default_billing_address: billing,
    default_shipping_address: shipping,
  })
  return E.right(compact<CreatePlan>({ body, extraAddresses, notes: input.notes, warnings }))
}

/** The defaults of a record as an update body, with one change laid over it. */
export const defaultsBody = (
  current: WireDefaults | null | undefined,
  change: DefaultsBody,
): DefaultsBody => {
  const type = text(current?.payment_method_type)
  return compact<DefaultsBody>({
    billing_address_id: text(current?.billing_address_id),
    shipping_address_id: text(current?.shipping_address_id),
    payment_method_id: text(current?.payment_method_id),
    payment_method_type: type === 'card' || type === 'ach' ? type : undefined,
    ...change,
  })
}

// ---- search

/** A search condition: a value compared with `=`, or a value and an operator. */
export type SearchCondition =
  string | { readonly value: string; readonly operator?: SearchOperator }

/** Every documented F5 filter, typed. */
export interface FluidPaySearchCriteria {
  readonly filters?: { readonly [K in SearchField]?: SearchCondition }
  /** RFC 3339 instants or YYYY-MM-DD days; both ends inclusive. */
  readonly createdAt?: { readonly start?: string; readonly end?: string }
  readonly updatedAt?: { readonly start?: string; readonly end?: string }
  /** 1–100; FluidPay's default is 10. */
  readonly limit?: number
  /** At least 0. */
  readonly offset?: number
}

const range = (r: { start?: string; end?: string } | undefined) =>
  r === undefined
    ? undefined
    : compact<{ start_date: string; end_date: string }>({
        start_date: r.start,
        end_date: r.end,
      })

const DATE_OR_INSTANT = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) || IsoDateTime.is(s)

export const searchBody = (
  criteria: FluidPaySearchCriteria,
): E.Either<ReadonlyArray<FieldIssue>, SearchBody> => {
  const issues: FieldIssue[] = []
  const body: Record<string, unknown> = {}
  for (const [field, condition] of Object.entries(criteria.filters ?? {})) {
    if (!SEARCH_FIELDS.some((f) => f === field)) {
      issues.push(issue(`filters.${field}`, 'is not a FluidPay search field'))
      continue
    }
    if (condition === undefined) continue
    const c = typeof condition === 'string' ? { value: condition } : condition
    if (c.operator !== undefined && c.operator !== '=' && c.operator !== '!=') {
      issues.push(issue(`filters.${field}.operator`, 'must be "=" or "!="'))
    }
    body[field] = { value: c.value, operator: c.operator ?? '=' }
  }
  for (const key of ['createdAt', 'updatedAt'] as const) {
    for (const end of ['start', 'end'] as const) {
      const v = criteria[key]?.[end]
      if (v !== undefined && !DATE_OR_INSTANT(v)) {
        issues.push(issue(`${key}.${end}`, 'must be an RFC 3339 instant or a YYYY-MM-DD date'))
      }
    }
  }
  const { limit, offset } = criteria
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 100)) {
    issues.push(issue('limit', 'must be an integer from 1 to 100'))
  }
  if (offset !== undefined && !(Number.isInteger(offset) && offset >= 0)) {
    issues.push(issue('offset', 'must be an integer of at least 0'))
  }
  if (issues.length > 0) return E.left(issues)
  body['created_at'] = range(criteria.createdAt)
  body['updated_at'] = range(criteria.updatedAt)
  body['limit'] = limit
  body['offset'] = offset
  return E.right(compact<SearchBody>(body as SearchBody))
}

/** The canonical list filter as F5 criteria. */
export const filterCriteria = (filter: CustomerFilter | undefined): FluidPaySearchCriteria => {
  if (filter === undefined) return {}
  const names = filter.name === undefined ? {} : splitName(filter.name)
  return compact<FluidPaySearchCriteria>({
    filters: compact<{ [K in SearchField]?: SearchCondition }>({
      id: filter.reference,
      email: filter.email,
      ...names,
    }),
    updatedAt: filter.changedSince === undefined ? undefined : { start: filter.changedSince },
  })
}
