/**
 * Pure conversions between the canonical model and PayTrace's wire shapes. Every loss lives
 * here and is declared: a canonical field PayTrace cannot keep produces a `Warning`, never a
 * silent drop. Money goes through core's decimal helpers only; dates are `MM/DD/YYYY` on the
 * wire and ISO on our side.
 *
 * The PayTrace topology, as the canonical model sees it:
 * - addresses: exactly two slots, ids `billing` and `shipping`;
 * - payment methods: at most a card (id `card`) and a check (id `check`);
 * - `reference` ⇄ `customer_label`; `name` ⇄ the billing address's `name`;
 * - `gatewayData.discretionary_data` ⇄ `discretionary_data`.
 */
import * as E from 'fp-ts/Either'
import {
  addressId,
  customerId,
  detectBrand,
  minorUnitsFromDecimal,
  minorUnitsToDecimalNumber,
  parseBrandName,
  paymentMethodId,
  readMaskedNumber,
  recurrenceId,
  warning,
  type Address,
  type AddressFields,
  type AddressRole,
  type BankAccount,
  type BankAccountInput,
  type Card,
  type CardInput,
  type Customer,
  type CustomerFields,
  type CustomerInput,
  type CustomerPatch,
  type CustomerSummary,
  type FieldIssue,
  type Money,
  type PaymentMethod,
  type Recurrence,
  type RecurrenceInput,
  type RecurrencePatch,
  type RecurrenceStatus,
  type Schedule,
  type TotalCount,
  type Warning,
} from '@vaultport/core'
import { firstAndFifteenth } from './capabilities'
import type {
  WireAddress,
  WireCardRequest,
  WireCheckRequest,
  WireCheckView,
  WireCustomer,
  WireCustomerCommon,
  WireDiscretionaryData,
  WireDiscretionaryItem,
  WireNumber,
  WireRecurrence,
  WireRecurrenceFields,
} from './wire'

// ---- options

/** How full card and account numbers leave the adapter. */
export interface NumberEncoding {
  readonly mode: 'encrypted' | 'raw'
  /** PayTrace client-side encryption; required in `encrypted` mode. */
  readonly encrypt?: (plain: string) => string
}

export interface WriteOptions {
  readonly numbers: NumberEncoding
  readonly merchantId?: number
}

/** A wire value plus what could not be carried. */
export interface Translated<A> {
  readonly wire: A
  readonly warnings: ReadonlyArray<Warning>
}

const translated = <A>(wire: A, warnings: ReadonlyArray<Warning> = []): Translated<A> => ({
  wire,
  warnings,
})

// ---- ids

export const CARD_ID = paymentMethodId('card')
export const CHECK_ID = paymentMethodId('check')
export const BILLING_ID = addressId('billing')
export const SHIPPING_ID = addressId('shipping')

/** PayTrace customer ids are integers; anything else cannot name a profile. */
export const wireCustomerId = (id: string): number | undefined =>
  /^\d{1,15}$/.test(id) ? Number(id) : undefined

const idText = (id: string | number): string => String(id).trim()

// ---- money (USD only)

export const USD = 'USD'

/** Minor units → dollars as a JSON number: 2495 → 24.95, exactly. */
export const amountToWire = (money: Money): E.Either<string, number> =>
  money.currency === USD
    ? E.right(minorUnitsToDecimalNumber(money.amount, 2))
    : E.left(`PayTrace schedules only USD, not ${money.currency}`)

/** Dollars (number or string) → minor units: 24.95 → 2495, exactly, or an error. */
export const amountFromWire = (value: WireNumber): E.Either<string, Money> =>
  E.map((amount: number) => ({ amount, currency: USD }))(minorUnitsFromDecimal(value, 2))

// ---- dates

const WIRE_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const realDate = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** `2024-10-01` → `10/01/2024`. */
export const isoToWireDate = (iso: string): string => {
  const m = ISO_DATE.exec(iso)
  return m === null ? iso : `${m[2]}/${m[3]}/${m[1]}`
}

/** `10/01/2024` or `4/2/2014` (legacy) → ISO; ISO passes through; anything else is an error. */
export const wireDateToIso = (s: string): E.Either<string, string> => {
  const text = s.trim()
  const iso = ISO_DATE.exec(text)
  if (iso !== null && realDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) {
    return E.right(text)
  }
  const m = WIRE_DATE.exec(text)
  if (m === null) return E.left(`date "${text}" is not MM/DD/YYYY`)
  const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (!realDate(y, mo, d)) return E.left(`date "${text}" is not a calendar day`)
  return E.right(`${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
}

// ---- schedules

export interface FrequencyRow {
  readonly code: string
  readonly legacyName: string
  readonly schedule: Schedule
}

const interval = (unit: 'day' | 'week' | 'month' | 'year', every: number): Schedule =>
  ({ kind: 'interval', unit, every }) as Schedule

/** The ten frequency codes (GATEWAY-FACTS §1.6) and the canonical schedule of each. */
export const frequencyTable: ReadonlyArray<FrequencyRow> = [
  { code: '1', legacyName: 'Annually', schedule: interval('year', 1) },
  { code: '8', legacyName: 'Semi-annually', schedule: interval('month', 6) },
  { code: 'A', legacyName: 'Trimesterly', schedule: interval('month', 4) },
  { code: '2', legacyName: 'Quarterly', schedule: interval('month', 3) },
  { code: '9', legacyName: 'Bi-monthly', schedule: interval('month', 2) },
  { code: '3', legacyName: 'Monthly', schedule: interval('month', 1) },
  { code: '4', legacyName: 'Bi-weekly', schedule: interval('week', 2) },
  { code: '7', legacyName: '1st and 15th', schedule: firstAndFifteenth },
  { code: '5', legacyName: 'Weekly', schedule: interval('week', 1) },
  { code: '6', legacyName: 'Daily', schedule: interval('day', 1) },
]

const sameSchedule = (a: Schedule, b: Schedule): boolean =>
  a.kind === 'interval' && b.kind === 'interval'
    ? a.unit === b.unit && a.every === b.every
    : a.kind === 'named' && b.kind === 'named' && a.gateway === b.gateway && a.code === b.code

export const scheduleToFrequency = (s: Schedule): string | undefined =>
  frequencyTable.find((row) => sameSchedule(row.schedule, s))?.code

export const frequencyToSchedule = (code: string): Schedule | undefined =>
  frequencyTable.find((row) => row.code === code.trim().toUpperCase())?.schedule

/** `total_count` 999 means "until cancelled" (GATEWAY-FACTS §1.6). */
export const OPEN_ENDED_COUNT = '999'

export const totalCountToWire = (c: TotalCount): string =>
  c === 'open_ended' ? OPEN_ENDED_COUNT : String(c)

export const totalCountFromWire = (v: WireNumber): E.Either<string, TotalCount> => {
  const text = String(v).trim()
  if (text === OPEN_ENDED_COUNT) return E.right('open_ended')
  return /^\d{1,6}$/.test(text) && Number(text) > 0
    ? E.right(Number(text))
    : E.left(`total_count "${text}" is not a positive count`)
}

// ---- text helpers

/** A present, non-empty wire string. */
const present = (s: string | null | undefined): s is string =>
  typeof s === 'string' && s.trim() !== ''

const dropped = (field: string, what: string): Warning =>
  warning('field_dropped', `PayTrace has no place for ${what}; it was not stored`, field)

// ---- addresses

const ADDRESS_FIELDS = [
  ['name', 'name'],
  ['line1', 'street_address'],
  ['line2', 'street_address2'],
  ['city', 'city'],
  ['region', 'state'],
  ['postalCode', 'postal_code'],
  ['country', 'country'],
  ['county', 'county'],
] as const satisfies ReadonlyArray<readonly [keyof AddressFields, keyof WireAddress]>

/** Canonical address fields with no PayTrace slot. */
const ADDRESS_DROPPED = ['label', 'company', 'email', 'phone', 'fax'] as const

/** An address into its slot; `at` is the canonical path prefix for warnings. */
export const addressToWire = (
  role: AddressRole,
  fields: AddressFields,
  at: string,
): Translated<WireAddress> => {
  const wire: Record<string, string> = {}
  const warnings: Warning[] = []
  for (const [canonical, onWire] of ADDRESS_FIELDS) {
    const value = fields[canonical]
    if (value === undefined) continue
    if (canonical === 'county' && role === 'billing') {
      warnings.push(dropped(`${at}county`, 'a county on the billing address'))
      continue
    }
    wire[onWire] = value
  }
  for (const f of ADDRESS_DROPPED) {
    if (fields[f] !== undefined) warnings.push(dropped(`${at}${f}`, `an address ${f}`))
  }
  return translated(wire as WireAddress, warnings)
}

/**
 * A slot of empty strings: how a PATCH clears an address (ASSUMED). The billing name stays: it
 * is the customer's name, and a slot holding only a name counts as empty.
 */
export const emptyWireAddress = (role: AddressRole): WireAddress =>
  Object.fromEntries(
    ADDRESS_FIELDS.filter(
      ([c]) => (role === 'shipping' || c !== 'county') && (role === 'shipping' || c !== 'name'),
    ).map(([, w]) => [w, '']),
  ) as WireAddress

/** A stored slot; undefined when the slot is empty. */
export const addressFromWire = (
  role: AddressRole,
  wire: WireAddress | null | undefined,
): Address | undefined => {
  if (wire === null || wire === undefined) return undefined
  const out: Record<string, string> = {}
  for (const [canonical, onWire] of ADDRESS_FIELDS) {
    const value = wire[onWire]
    if (present(value)) out[canonical] = value
  }
  // A billing slot holding only a name is the customer's name, not an address.
  if (Object.keys(out).every((k) => k === 'name')) return undefined
  return { id: role === 'billing' ? BILLING_ID : SHIPPING_ID, role, ...out } as Address
}

// ---- discretionary data

const isItem = (u: unknown): u is WireDiscretionaryItem =>
  typeof u === 'object' && u !== null && 'disc_id' in u && 'value' in u

/** `gatewayData.discretionary_data`, if it is a list (or one) of `{disc_id, value}`. */
export const discretionaryToWire = (
  gatewayData: Readonly<Record<string, unknown>> | undefined,
): Translated<ReadonlyArray<WireDiscretionaryItem> | undefined> => {
  const warnings: Warning[] = []
  if (gatewayData === undefined) return translated(undefined)
  for (const key of Object.keys(gatewayData)) {
    if (key !== 'discretionary_data' && key !== 'customer_reference_id') {
      warnings.push(dropped(`gatewayData.${key}`, `gateway data "${key}"`))
    }
  }
  const raw = gatewayData['discretionary_data']
  if (raw === undefined) return translated(undefined, warnings)
  const items = Array.isArray(raw) ? raw : [raw]
  if (!items.every(isItem)) {
    warnings.push(
      warning(
        'field_dropped',
        'gatewayData.discretionary_data must be {disc_id, value} items; it was not stored',
        'gatewayData.discretionary_data',
      ),
    )
    return translated(undefined, warnings)
  }
  return translated(items, warnings)
}

const discretionaryFromWire = (
  d: WireDiscretionaryData | null | undefined,
): ReadonlyArray<WireDiscretionaryItem> | undefined =>
  d === null || d === undefined ? undefined : Array.isArray(d) ? d : [d]

// ---- payment methods: inputs

const encodeNumber = (enc: NumberEncoding, plain: string): E.Either<string, string> =>
  enc.mode === 'raw'
    ? E.right(plain)
    : enc.encrypt === undefined
      ? E.left('cardNumberMode "encrypted" needs an encrypt function')
      : E.right(enc.encrypt(plain))

export const cardToWire = (
  card: CardInput,
  enc: NumberEncoding,
  at: string,
): E.Either<string, Translated<WireCardRequest>> =>
  E.map((number: string) =>
    translated<WireCardRequest>(
      {
        number,
        expiration_month: card.expiry.month,
        expiration_year: card.expiry.year % 100,
      },
      card.holderName === undefined ? [] : [dropped(`${at}.holderName`, 'a card holder name')],
    ),
  )(encodeNumber(enc, card.number))

const ACCOUNT_TYPES = { checking: 'Checking', savings: 'Savings' } as const

export const checkToWire = (
  account: BankAccountInput,
  enc: NumberEncoding,
  at: string,
): E.Either<string, Translated<WireCheckRequest>> =>
  E.map((accountNumber: string) => {
    const warnings: Warning[] = []
    if (account.holderType !== undefined) {
      warnings.push(dropped(`${at}.holderType`, 'a bank account holder type'))
    }
    if (account.holderName !== undefined) {
      warnings.push(dropped(`${at}.holderName`, 'a bank account holder name'))
    }
    const wire: WireCheckRequest = {
      account_number: accountNumber,
      routing_number: account.routingNumber,
      account_type: ACCOUNT_TYPES[account.accountType],
      ...(account.secCode === undefined ? {} : { sec_code: account.secCode }),
    }
    return translated(wire, warnings)
  })(encodeNumber(enc, account.accountNumber))

// ---- payment methods: stored

const fourDigitYear = (y: number): number => (y < 100 ? 2000 + y : y)

const intOf = (v: WireNumber | null | undefined): number | undefined => {
  if (v === null || v === undefined) return undefined
  const n = Number(String(v).trim())
  return Number.isInteger(n) ? n : undefined
}

export const cardFromWire = (w: WireCustomer): Card | undefined => {
  const masked = [w.card?.masked_number, w.card?.card_masked, w.card_masked].find(present)
  if (masked === undefined) return undefined
  const { bin, last4 } = readMaskedNumber(masked)
  if (last4 === undefined) return undefined
  const month = intOf(w.card?.expiration_month)
  const year = intOf(w.card?.expiration_year)
  const typeName = w.card?.card_type
  const brand =
    bin !== undefined ? detectBrand(bin) : present(typeName) ? parseBrandName(typeName) : 'unknown'
  return {
    kind: 'card',
    id: CARD_ID,
    brand,
    last4,
    status: 'active',
    ...(bin === undefined ? {} : { bin }),
    ...(month === undefined || year === undefined || month < 1 || month > 12
      ? {}
      : { expiry: { month, year: fourDigitYear(year) } }),
  }
}

const maskedTail = (s: string | null | undefined): string | undefined =>
  present(s) ? /(\d{4})$/.exec(s.replace(/\s/g, ''))?.[1] : undefined

const SEC_CODES = ['PPD', 'CCD', 'WEB', 'TEL'] as const

export const checkFromWire = (c: WireCheckView | null | undefined): BankAccount | undefined => {
  if (c === null || c === undefined) return undefined
  const accountLast4 = [c.masked_account_number, c.account_number_masked, c.account_masked]
    .map(maskedTail)
    .find((x) => x !== undefined)
  if (accountLast4 === undefined) return undefined
  const routingLast4 = maskedTail(c.masked_routing_number ?? c.routing_number)
  const sec = SEC_CODES.find((s) => s === c.sec_code?.trim().toUpperCase())
  return {
    kind: 'bank_account',
    id: CHECK_ID,
    accountType: /sav/i.test(c.account_type ?? '') ? 'savings' : 'checking',
    accountLast4,
    status: 'active',
    ...(routingLast4 === undefined ? {} : { routingLast4 }),
    ...(sec === undefined ? {} : { secCode: sec }),
  }
}

// ---- customers

const CUSTOMER_DROPPED = ['company', 'description', 'notes'] as const

/** The customer's own fields onto the wire (`name` goes to the billing slot, see below). */
const customerFieldsToWire = (fields: CustomerFields): Translated<WireCustomerCommon> => {
  const wire: Record<string, string> = {}
  if (fields.reference !== undefined) wire['customer_label'] = fields.reference
  if (fields.email !== undefined) wire['email'] = fields.email
  if (fields.phone !== undefined) wire['phone'] = fields.phone
  if (fields.fax !== undefined) wire['fax'] = fields.fax
  return translated(
    wire as WireCustomerCommon,
    CUSTOMER_DROPPED.filter((f) => fields[f] !== undefined).map((f) =>
      dropped(f, `a customer ${f}`),
    ),
  )
}

/**
 * The common body of a create (C1–C4): label, contact, both address slots, discretionary data.
 * `name` is the billing slot's name: a billing address without one takes the customer's, and a
 * different one wins over it with a warning.
 */
export const customerCommonToWire = (
  input: CustomerInput,
  merchantId: number | undefined,
): Translated<WireCustomerCommon> => {
  const own = customerFieldsToWire(input)
  const warnings: Warning[] = [...own.warnings]
  const body: Record<string, unknown> = { ...own.wire }
  const addresses = input.addresses ?? []
  addresses.forEach((a, i) => {
    const slot = addressToWire(a.role, a, `addresses[${i}].`)
    warnings.push(...slot.warnings)
    body[a.role === 'billing' ? 'billing_address' : 'shipping_address'] = slot.wire
  })
  const named = withCustomerName(body, input.name)
  warnings.push(...named)
  const disc = discretionaryToWire(input.gatewayData)
  warnings.push(...disc.warnings)
  if (disc.wire !== undefined) body['discretionary_data'] = disc.wire
  if (merchantId !== undefined) body['merchant_id'] = merchantId
  return translated(body as WireCustomerCommon, warnings)
}

/** Puts the customer name into the billing slot (mutates `body`); warns on a conflict. */
const withCustomerName = (
  body: Record<string, unknown>,
  name: string | undefined,
): ReadonlyArray<Warning> => {
  if (name === undefined) return []
  const billing = (body['billing_address'] ?? {}) as Record<string, string>
  if (billing['name'] === undefined) {
    body['billing_address'] = { ...billing, name }
    return []
  }
  return billing['name'] === name
    ? []
    : [
        warning(
          'name_conflict',
          'PayTrace keeps one name, the billing address name; the address name was stored',
          'name',
        ),
      ]
}

/** A customer patch (C5). The billing name is patched with the name, keeping the slot. */
export const customerPatchToWire = (
  patch: CustomerPatch,
  merchantId: number | undefined,
): Translated<WireCustomerCommon> => {
  const own = customerFieldsToWire(patch)
  const warnings: Warning[] = [...own.warnings]
  const body: Record<string, unknown> = { ...own.wire }
  if (patch.name !== undefined) body['billing_address'] = { name: patch.name }
  if (patch.defaults !== undefined) {
    warnings.push(
      dropped('defaults', 'chosen defaults (a profile has one of each address and method)'),
    )
  }
  const disc = discretionaryToWire(patch.gatewayData)
  warnings.push(...disc.warnings)
  if (disc.wire !== undefined) body['discretionary_data'] = disc.wire
  if (merchantId !== undefined) body['merchant_id'] = merchantId
  return translated(body as WireCustomerCommon, warnings)
}

/** Reads a PayTrace timestamp ("1/25/2024 12:30:22 PM", ISO) as an ISO instant, if it can. */
export const wireTimestampToIso = (s: string | null | undefined): string | undefined => {
  if (!present(s)) return undefined
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)?$/i.exec(s.trim())
  if (m !== null) {
    const [mo, d, y, hh, mi, ss] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as number[]
    const pm = m[7]?.toUpperCase() === 'PM'
    const hours = m[7] === undefined ? hh! : (hh! % 12) + (pm ? 12 : 0)
    const ms = Date.UTC(y!, mo! - 1, d!, hours, mi!, ss!)
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
  }
  const ms = Date.parse(s)
  return /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(ms) ? new Date(ms).toISOString() : undefined
}

const createdOf = (w: WireCustomer): string | undefined => wireTimestampToIso(w.created_at)

const updatedOf = (w: WireCustomer): string | undefined =>
  wireTimestampToIso(w.updated_at ?? w.last_activity)

/** A stored profile (C7, optionally merged with C8's check) as a canonical customer. */
export const customerFromWire = (w: WireCustomer, achDetail?: WireCheckView): Customer => {
  const addresses = [
    addressFromWire('billing', w.billing_address),
    addressFromWire('shipping', w.shipping_address),
  ].filter((a): a is Address => a !== undefined)
  const methods = [cardFromWire(w), checkFromWire(achDetail ?? w.check)].filter(
    (m): m is PaymentMethod => m !== undefined,
  )
  const name = w.billing_address?.name ?? w.name
  const disc = discretionaryFromWire(w.discretionary_data)
  const createdAt = createdOf(w)
  const updatedAt = updatedOf(w)
  const gatewayData = {
    ...(disc === undefined ? {} : { discretionary_data: disc }),
    ...(present(w.customer_reference_id) ? { customer_reference_id: w.customer_reference_id } : {}),
  }
  const billing = addresses.find((a) => a.role === 'billing')
  const shipping = addresses.find((a) => a.role === 'shipping')
  return {
    id: customerId(idText(w.customer_id)),
    addresses,
    paymentMethods: methods,
    defaults: {
      ...(billing === undefined ? {} : { billingAddressId: billing.id }),
      ...(shipping === undefined ? {} : { shippingAddressId: shipping.id }),
      ...(methods[0] === undefined ? {} : { paymentMethodId: methods[0].id }),
    },
    ...(present(w.customer_label) ? { reference: w.customer_label } : {}),
    ...(present(name) ? { name } : {}),
    ...(present(w.email) ? { email: w.email } : {}),
    ...(present(w.phone) ? { phone: w.phone } : {}),
    ...(present(w.fax) ? { fax: w.fax } : {}),
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(updatedAt === undefined ? {} : { updatedAt }),
    ...(Object.keys(gatewayData).length === 0 ? {} : { gatewayData }),
  }
}

export const customerSummaryFromWire = (w: WireCustomer): CustomerSummary => {
  const c = customerFromWire(w)
  return {
    id: c.id,
    ...(c.reference === undefined ? {} : { reference: c.reference }),
    ...(c.name === undefined ? {} : { name: c.name }),
    ...(c.email === undefined ? {} : { email: c.email }),
    ...(c.phone === undefined ? {} : { phone: c.phone }),
    ...(c.createdAt === undefined ? {} : { createdAt: c.createdAt }),
    ...(c.updatedAt === undefined ? {} : { updatedAt: c.updatedAt }),
  }
}

/** `changedSince` → whole days of activity, rounded up (approximate by a day at most). */
export const lastActivityDays = (changedSince: string, now: Date): number =>
  Math.max(1, Math.ceil((now.getTime() - Date.parse(changedSince)) / 86_400_000))

// ---- recurrences

/** Recurrence gateway data PayTrace carries as-is. */
const RECURRENCE_EXTRAS = ['transaction_type', 'sec_code', 'weekend', 'repeat'] as const

const recurrenceExtras = (
  gatewayData: Readonly<Record<string, unknown>> | undefined,
): Translated<Partial<WireRecurrenceFields>> => {
  const wire: Record<string, unknown> = {}
  const warnings: Warning[] = []
  for (const [key, value] of Object.entries(gatewayData ?? {})) {
    const ok =
      (key === 'transaction_type' || key === 'sec_code'
        ? typeof value === 'string'
        : key === 'weekend'
          ? typeof value === 'boolean'
          : key === 'repeat' && Number.isInteger(value)) &&
      (RECURRENCE_EXTRAS as ReadonlyArray<string>).includes(key)
    if (ok) wire[key] = value
    else warnings.push(dropped(`gatewayData.${key}`, `recurrence gateway data "${key}"`))
  }
  return translated(wire as Partial<WireRecurrenceFields>, warnings)
}

/** `C` bills the card, `A` the check (GATEWAY-FACTS §1.6). */
const typeOfMethod = (id: string | undefined): 'C' | 'A' => (id === CHECK_ID ? 'A' : 'C')

const scheduleIssue = (): FieldIssue => ({
  path: 'schedule',
  message: 'PayTrace has no frequency code for this schedule',
})

/** R1's `recurrence` object, or the field issues that stop it. */
export const recurrenceInputToWire = (
  input: RecurrenceInput,
): E.Either<ReadonlyArray<FieldIssue>, Translated<WireRecurrenceFields>> => {
  const issues: FieldIssue[] = []
  const amount = amountToWire(input.amount)
  if (E.isLeft(amount)) issues.push({ path: 'amount.currency', message: amount.left })
  const frequency = scheduleToFrequency(input.schedule)
  if (frequency === undefined) issues.push(scheduleIssue())
  if (
    input.paymentMethodId !== undefined &&
    input.paymentMethodId !== CARD_ID &&
    input.paymentMethodId !== CHECK_ID
  ) {
    issues.push({ path: 'paymentMethodId', message: 'a PayTrace profile has only card and check' })
  }
  if (issues.length > 0 || E.isLeft(amount) || frequency === undefined) return E.left(issues)
  const extras = recurrenceExtras(input.gatewayData)
  return E.right(
    translated(
      {
        amount: amount.right,
        frequency,
        start_date: isoToWireDate(input.startDate),
        total_count: totalCountToWire(input.totalCount),
        transaction_type: 'Sale',
        type: typeOfMethod(input.paymentMethodId),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...extras.wire,
      },
      extras.warnings,
    ),
  )
}

/** R2's `recurrence` fields (without the id) and `next_date`. */
export const recurrencePatchToWire = (
  patch: RecurrencePatch,
): E.Either<
  ReadonlyArray<FieldIssue>,
  Translated<{ recurrence: WireRecurrenceFields; nextDate?: string }>
> => {
  const issues: FieldIssue[] = []
  const fields: Record<string, unknown> = {}
  if (patch.amount !== undefined) {
    const a = amountToWire(patch.amount)
    if (E.isLeft(a)) issues.push({ path: 'amount.currency', message: a.left })
    else fields['amount'] = a.right
  }
  if (patch.schedule !== undefined) {
    const f = scheduleToFrequency(patch.schedule)
    if (f === undefined) issues.push(scheduleIssue())
    else fields['frequency'] = f
  }
  if (patch.totalCount !== undefined) fields['total_count'] = totalCountToWire(patch.totalCount)
  if (patch.description !== undefined) fields['description'] = patch.description
  if (patch.paymentMethodId !== undefined) {
    if (patch.paymentMethodId !== CARD_ID && patch.paymentMethodId !== CHECK_ID) {
      issues.push({
        path: 'paymentMethodId',
        message: 'a PayTrace profile has only card and check',
      })
    } else fields['type'] = typeOfMethod(patch.paymentMethodId)
  }
  if (issues.length > 0) return E.left(issues)
  return E.right(
    translated({
      recurrence: fields as WireRecurrenceFields,
      ...(patch.nextDate === undefined ? {} : { nextDate: isoToWireDate(patch.nextDate) }),
    }),
  )
}

const STATUS_WORDS: ReadonlyArray<readonly [RegExp, RecurrenceStatus]> = [
  [/^(active|scheduled|open)$/i, 'active'],
  [/^(paused|suspended|on ?hold|inactive)$/i, 'paused'],
  [/^(completed?|finished|done|expired)$/i, 'completed'],
  [/^(cancell?ed|deleted|stopped)$/i, 'cancelled'],
]

/** A stored recurrence; a Left names the field that could not be read. */
export const recurrenceFromWire = (w: WireRecurrence): E.Either<string, Recurrence> => {
  if (w.customer_id === undefined) return E.left('recurrence has no customer_id')
  if (w.amount === undefined) return E.left('recurrence has no amount')
  if (w.frequency === undefined) return E.left('recurrence has no frequency')
  const amount = amountFromWire(w.amount)
  if (E.isLeft(amount)) return amount
  const schedule = frequencyToSchedule(w.frequency)
  if (schedule === undefined) return E.left(`unknown frequency code "${w.frequency}"`)
  const total = totalCountFromWire(w.total_count ?? OPEN_ENDED_COUNT)
  if (E.isLeft(total)) return total
  const start = present(w.start_date) ? wireDateToIso(w.start_date) : undefined
  if (start !== undefined && E.isLeft(start)) return start
  const next = present(w.next_date) ? wireDateToIso(w.next_date) : undefined
  if (next !== undefined && E.isLeft(next)) return next
  const completedCount = intOf(w.current_count)
  const statusWord = present(w.status)
    ? STATUS_WORDS.find(([re]) => re.test(w.status!.trim()))
    : undefined
  const status: RecurrenceStatus =
    statusWord?.[1] ??
    (total.right !== 'open_ended' && completedCount !== undefined && completedCount >= total.right
      ? 'completed'
      : 'active')
  const extras = Object.fromEntries(
    RECURRENCE_EXTRAS.filter((k) => w[k] !== undefined && w[k] !== null).map((k) => [k, w[k]]),
  )
  return E.right({
    id: recurrenceId(idText(w.id)),
    customerId: customerId(idText(w.customer_id)),
    amount: amount.right,
    schedule,
    totalCount: total.right,
    status,
    paymentMethodId: w.type?.trim().toUpperCase() === 'A' ? CHECK_ID : CARD_ID,
    ...(start === undefined ? {} : { startDate: start.right }),
    ...(next === undefined || status === 'completed' ? {} : { nextDate: next.right }),
    ...(completedCount === undefined || completedCount < 0 ? {} : { completedCount }),
    ...(present(w.description) ? { description: w.description } : {}),
    ...(Object.keys(extras).length === 0 ? {} : { gatewayData: extras }),
  })
}
