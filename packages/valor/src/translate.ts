/**
 * Canonical ⇄ Valor, as pure functions. All lossiness lives here and is declared: every value
 * Valor cannot keep comes back as a `Warning`, never silently dropped.
 *
 * - Ids: Valor's integer ids become decimal strings. Cards (`payment_id`) and ACH profiles
 *   (`ach_profile_id`) share one canonical id space, so their ids are prefixed: `card:97555`,
 *   `ach:2290`. An address entry holds a billing half and a shipping half: canonical ids
 *   `154246:billing` and `154246:shipping`.
 * - Streets: canonical `line1` "2629 Rocket Drive" ⇄ `street_no` "2629" + `street_name`
 *   "Rocket Drive"; `line2` ⇄ `unit`. A line1 without a leading number (or with an unclear one)
 *   goes whole into `street_name`, with an `address_split_guessed` warning.
 * - Valor has no country, county, company, e-mail, phone or fax on an address, no customer
 *   reference, fax, description or notes: each given value is dropped with a warning.
 */
import * as E from 'fp-ts/Either'
import {
  addressId,
  customerId,
  detectBrand,
  paymentMethodId,
  parseBrandName,
  readMaskedNumber,
  warning,
  type Address,
  type AddressFields,
  type AddressInput,
  type AddressRole,
  type BankAccount,
  type BankAccountInput,
  type Card,
  type CardExpiry,
  type CardInput,
  type Customer,
  type CustomerFields,
  type CustomerSummary,
  type FieldIssue,
  type PaymentMethod,
  type PaymentMethodPatch,
  type Warning,
} from '@vaultport/core'
import type {
  AchBody,
  AchProfile,
  AddCardBody,
  AddressEntry,
  AddressEntryBody,
  AmountField,
  CardProfile,
  CustomerBody,
  CustomerDetail,
  CustomerListItem,
  HalfKey,
  TransactionRecord,
  UpdateCardBody,
  WireText,
} from './wire'
import { addressHalfKeys, amountFields, idText } from './wire'

// ---- utils

/** A wire text as a string: null and absent are "", numbers are printed. */
export const textOf = (u: WireText | undefined): string =>
  u === undefined || u === null ? '' : String(u)

/** Sets `key` only when the value is a non-empty string (exactOptionalPropertyTypes-safe). */
const put = <K extends string>(key: K, value: string): { [P in K]?: string } =>
  (value === '' ? {} : { [key]: value }) as { [P in K]?: string }

export interface Translated<A> {
  readonly value: A
  readonly warnings: ReadonlyArray<Warning>
}

const dropped = (field: string, what: string): Warning =>
  warning('field_dropped', `Valor has no ${what}; the value was not stored`, field)

// ---- names

/** GATEWAY-FACTS §3.6 / wire-assumptions V.2: letters and spaces, at most 25. */
const VALOR_NAME = /^[A-Za-z ]{1,25}$/

/** Issues for a name Valor would refuse (checked before any request, never truncated). */
export const nameIssues = (path: string, name: string | undefined): FieldIssue[] =>
  name === undefined
    ? []
    : name.length > 25
      ? [{ path, message: `Valor keeps at most 25 characters (has ${name.length})` }]
      : VALOR_NAME.test(name)
        ? []
        : [{ path, message: 'Valor accepts letters and spaces only' }]

// ---- ids

export type PaymentRail = 'card' | 'ach'

export const cardId = (paymentId: string) => paymentMethodId(`card:${paymentId}`)
export const achId = (achProfileId: string) => paymentMethodId(`ach:${achProfileId}`)

/** Valor path ids are 1–11 digits (GATEWAY-FACTS §3.6); anything else cannot exist. */
export const isWireId = (s: string): boolean => /^\d{1,11}$/.test(s)

export const parsePaymentMethodId = (
  id: string,
): { readonly rail: PaymentRail; readonly id: string } | undefined => {
  const m = /^(card|ach):(\d{1,11})$/.exec(id)
  return m === null ? undefined : { rail: m[1] as PaymentRail, id: m[2] as string }
}

export const halfId = (entryId: string, role: AddressRole) => addressId(`${entryId}:${role}`)

export const parseAddressId = (
  id: string,
): { readonly entryId: string; readonly role: AddressRole } | undefined => {
  const m = /^(\d{1,11}):(billing|shipping)$/.exec(id)
  return m === null ? undefined : { entryId: m[1] as string, role: m[2] as AddressRole }
}

// ---- streets

const STREET = /^(\d+[A-Za-z]?(?:-\d+)?) (\S.*)$/

/** Splits line1 into street number and name; `exact` is false when the split is a guess. */
export const splitStreet = (
  line1: string,
): { readonly streetNo: string; readonly streetName: string; readonly exact: boolean } => {
  const m = STREET.exec(line1)
  if (m !== null && !/\s{2}/.test(line1)) {
    return { streetNo: m[1] as string, streetName: m[2] as string, exact: true }
  }
  return { streetNo: '', streetName: line1, exact: line1 === '' }
}

export const joinStreet = (streetNo: string, streetName: string): string =>
  streetNo === '' ? streetName : streetName === '' ? streetNo : `${streetNo} ${streetName}`

// ---- addresses

type HalfBody = Partial<Record<`${AddressRole}_${HalfKey}`, string>>

/** The fields of one half of a Valor entry from canonical address fields (given keys only). */
export const halfFromAddress = (
  role: AddressRole,
  a: AddressFields,
  at: string,
): Translated<HalfBody> => {
  const out: Record<string, string> = {}
  const warnings: Warning[] = []
  const set = (k: HalfKey, v: string | undefined) => {
    if (v !== undefined) out[`${role}_${k}`] = v
  }
  set('customer_name', a.name)
  if (a.line1 !== undefined) {
    const split = splitStreet(a.line1)
    set('street_no', split.streetNo)
    set('street_name', split.streetName)
    if (!split.exact) {
      warnings.push(
        warning(
          'address_split_guessed',
          'line1 has no clear leading street number: sent whole as Valor street_name (street_no empty)',
          `${at}line1`,
        ),
      )
    }
  }
  set('unit', a.line2)
  set('city', a.city)
  set('state', a.region)
  set('zip', a.postalCode)
  if (a.country !== undefined && a.country !== 'US') {
    warnings.push(
      warning(
        'country_dropped',
        `Valor has no country field and implies US; ${a.country} was not stored`,
        `${at}country`,
      ),
    )
  }
  for (const [k, what] of [
    ['company', 'company on an address'],
    ['county', 'county on an address'],
    ['email', 'e-mail on an address'],
    ['phone', 'phone on an address'],
    ['fax', 'fax on an address'],
  ] as const) {
    if (a[k] !== undefined && a[k] !== '') warnings.push(dropped(`${at}${k}`, what))
  }
  return { value: out as HalfBody, warnings }
}

/** Whether a half of an entry holds anything (Valor sends unset strings as ""). */
export const halfPresent = (entry: AddressEntry, role: AddressRole): boolean =>
  addressHalfKeys.some((k) => textOf(entry[`${role}_${k}`]).trim() !== '')

/** One half of a Valor entry as a canonical address; undefined when the half is empty. */
export const addressFromHalf = (entry: AddressEntry, role: AddressRole): Address | undefined => {
  if (entry.address_id === undefined || !halfPresent(entry, role)) return undefined
  const f = (k: HalfKey) => textOf(entry[`${role}_${k}`])
  return {
    id: halfId(idText(entry.address_id), role),
    role,
    ...put('label', textOf(entry.address_label)),
    ...put('name', f('customer_name')),
    ...put('line1', joinStreet(f('street_no'), f('street_name'))),
    ...put('line2', f('unit')),
    ...put('city', f('city')),
    ...put('region', f('state')),
    ...put('postalCode', f('zip')),
  }
}

/** Every canonical address in a customer's entries: billing half first, then shipping. */
export const addressesFromEntries = (
  entries: ReadonlyArray<AddressEntry>,
): ReadonlyArray<Address> =>
  entries.flatMap((e) =>
    (['billing', 'shipping'] as const).flatMap((role) => {
      const a = addressFromHalf(e, role)
      return a === undefined ? [] : [a]
    }),
  )

/** A label for an unlabelled entry that no existing entry uses: "Address 1", "Address 2", … */
export const freeLabel = (taken: ReadonlyArray<string>): string => {
  for (let n = 1; ; n++) {
    const label = `Address ${n}`
    if (!taken.includes(label)) return label
  }
}

/** Valor labels are unique per customer: a taken label gets a suffix, "Home (2)", "Home (3)", … */
export const uniqueLabel = (label: string, taken: ReadonlyArray<string>): string => {
  if (!taken.includes(label)) return label
  for (let n = 2; ; n++) {
    const candidate = `${label} (${n})`
    if (!taken.includes(candidate)) return candidate
  }
}

/** The label an entry gets, and the warning when it is not the one asked for. */
export const entryLabel = (
  asked: string | undefined,
  taken: ReadonlyArray<string>,
  field: string,
): Translated<string> => {
  if (asked === undefined) {
    const label = freeLabel(taken)
    return {
      value: label,
      warnings: [
        warning(
          'address_label_generated',
          `Valor requires a label per address entry; "${label}" was used`,
          field,
        ),
      ],
    }
  }
  const label = uniqueLabel(asked, taken)
  return {
    value: label,
    warnings:
      label === asked
        ? []
        : [
            warning(
              'address_label_changed',
              `Valor keeps address labels unique per customer; "${asked}" is taken, so "${label}" was used`,
              field,
            ),
          ],
  }
}

/**
 * Canonical addresses → Valor entries. A billing and a shipping address with the same label
 * (or both unlabelled, in order) share one entry; any other address gets an entry of its own
 * whose other half stays empty. Unlabelled entries get a generated label, with a warning.
 */
export const entriesFromAddresses = (
  inputs: ReadonlyArray<AddressInput>,
  taken: ReadonlyArray<string> = [],
): Translated<ReadonlyArray<AddressEntryBody>> => {
  const warnings: Warning[] = []
  const entries: Array<{
    label?: string
    first: number
    body: Record<string, string>
    roles: AddressRole[]
  }> = []
  inputs.forEach((a, i) => {
    const at = `addresses[${i}].`
    const half = halfFromAddress(a.role, a, at)
    warnings.push(...half.warnings)
    const partner = entries.find((e) => e.label === a.label && !e.roles.includes(a.role))
    if (partner !== undefined) {
      Object.assign(partner.body, half.value)
      partner.roles.push(a.role)
    } else {
      entries.push({
        first: i,
        body: { ...half.value },
        roles: [a.role],
        ...(a.label === undefined ? {} : { label: a.label }),
      })
    }
  })
  const labels = [...taken]
  const value = entries.map((e) => {
    const label = entryLabel(e.label, labels, `addresses[${e.first}].label`)
    labels.push(label.value)
    warnings.push(...label.warnings)
    return { address_label: label.value, ...e.body } as AddressEntryBody
  })
  return { value, warnings }
}

// ---- customers

/**
 * Valor takes phone numbers as 10–15 digits only. A number written with the usual separators
 * ("612-555-0100", "+1 (612) 555-0100") is sent as its digits, with a warning, since it reads
 * back without them; anything else goes as given for Valor to judge.
 */
export const valorPhone = (phone: string): Translated<string> => {
  const digits = phone.replace(/[\s().+-]/g, '')
  if (digits === phone || !/^\d{10,15}$/.test(digits)) return { value: phone, warnings: [] }
  return {
    value: digits,
    warnings: [
      warning('phone_normalized', `Valor keeps phone numbers as digits only: "${digits}"`, 'phone'),
    ],
  }
}

/** The Valor customer fields of a create or a patch, and what Valor cannot keep. */
export const customerBody = (
  fields: CustomerFields & { readonly gatewayData?: Readonly<Record<string, unknown>> },
): Translated<CustomerBody> => {
  const phone = fields.phone === undefined ? undefined : valorPhone(fields.phone)
  const body: CustomerBody = {
    ...(fields.name === undefined ? {} : { customer_name: fields.name }),
    ...(fields.email === undefined ? {} : { customer_email: fields.email }),
    ...(phone === undefined ? {} : { customer_phone: phone.value }),
    ...(fields.company === undefined ? {} : { company_name: fields.company }),
  }
  const warnings: Warning[] = [...(phone?.warnings ?? [])]
  if (fields.reference !== undefined) {
    warnings.push(dropped('reference', 'merchant reference for a customer'))
  }
  for (const [k, what] of [
    ['fax', 'customer fax'],
    ['description', 'customer description'],
    ['notes', 'customer notes'],
  ] as const) {
    if (fields[k] !== undefined && fields[k] !== '') warnings.push(dropped(k, what))
  }
  if (fields.gatewayData !== undefined && Object.keys(fields.gatewayData).length > 0) {
    warnings.push(dropped('gatewayData', 'place for gateway data on a customer write'))
  }
  return { value: body, warnings }
}

const trimmed = (u: WireText | undefined) => textOf(u).trim()

/** V11 + V12 + V13 → a canonical customer. */
export const customerFromWire = (
  detail: CustomerDetail,
  paymentMethods: ReadonlyArray<PaymentMethod>,
): Customer => ({
  id: customerId(idText(detail.id)),
  ...put('name', textOf(detail.customer_name)),
  ...put('email', trimmed(detail.email)),
  ...put('phone', trimmed(detail.phone)),
  ...put('company', textOf(detail.company)),
  addresses: addressesFromEntries(detail.address_details ?? []),
  paymentMethods,
  defaults: {},
  gatewayData:
    detail.total_card_count === undefined || detail.total_card_count === null
      ? {}
      : { total_card_count: detail.total_card_count },
})

export const summaryFromWire = (item: CustomerListItem): CustomerSummary => ({
  id: customerId(idText(item.vault_id)),
  ...put('name', textOf(item.customer_name)),
  ...put('email', trimmed(item.email)),
  ...put('phone', trimmed(item.phone)),
  ...put('company', textOf(item.company)),
})

// ---- cards

/** "MM/YY", as the plugins send it (GATEWAY-FACTS §3.5 V2). */
export const expiryToWire = (e: CardExpiry): string =>
  `${String(e.month).padStart(2, '0')}/${String(e.year % 100).padStart(2, '0')}`

export const cardBody = (input: CardInput): AddCardBody => ({
  pan_num: input.number,
  expiry: expiryToWire(input.expiry),
  ...(input.holderName === undefined ? {} : { cardholder_name: input.holderName }),
})

export const cardPatchBody = (patch: PaymentMethodPatch): UpdateCardBody => ({
  ...(patch.expiry === undefined ? {} : { expiry: expiryToWire(patch.expiry) }),
  ...(patch.holderName === undefined ? {} : { cardholder_name: patch.holderName }),
})

/** V12 item → canonical card. Left when the masked number shows no last four. */
export const cardFromWire = (p: CardProfile): E.Either<string, Card> => {
  const { last4 } = readMaskedNumber(textOf(p.masked_pan))
  if (last4 === undefined) return E.left(`payment profile ${p.payment_id} has no last four digits`)
  const brandName = textOf(p.card_brand)
  const cardType = textOf(p.card_type).toUpperCase()
  return E.right({
    kind: 'card',
    id: cardId(idText(p.payment_id)),
    brand: brandName === '' ? detectBrand('') : parseBrandName(brandName),
    last4,
    status: textOf(p.status).toLowerCase() === 'active' ? 'active' : 'inactive',
    ...put('holderName', textOf(p.cardholder_name)),
    ...(cardType === 'C'
      ? { funding: 'credit' as const }
      : cardType === 'D'
        ? { funding: 'debit' as const }
        : {}),
  })
}

// ---- bank accounts

const ACCOUNT_TYPE = { checking: 'C', savings: 'S' } as const
const ENTRY_CLASS = { personal: 'Personal', business: 'Business' } as const

/** V3 body (all fields) or V9 body (the patch's fields). */
export const achBody = (
  input: Partial<Omit<BankAccountInput, 'kind'>>,
  at: string,
): Translated<AchBody> => {
  const warnings: Warning[] = []
  if (input.secCode !== undefined) {
    warnings.push(
      warning(
        'field_dropped',
        `Valor keeps no SEC code on an ACH profile (only entry_class Business/Personal); ${input.secCode} was not stored`,
        `${at}secCode`,
      ),
    )
  }
  return {
    value: {
      ...(input.accountNumber === undefined ? {} : { account_number: input.accountNumber }),
      ...(input.routingNumber === undefined ? {} : { routing_number: input.routingNumber }),
      ...(input.holderName === undefined ? {} : { payee_name: input.holderName }),
      ...(input.accountType === undefined ? {} : { account_type: ACCOUNT_TYPE[input.accountType] }),
      ...(input.holderType === undefined ? {} : { entry_class: ENTRY_CLASS[input.holderType] }),
    },
    warnings,
  }
}

/** V13 item → canonical bank account (Valor keeps no ACH status: always active). */
export const bankAccountFromWire = (p: AchProfile): E.Either<string, BankAccount> => {
  const account = readMaskedNumber(textOf(p.account_number)).last4
  if (account === undefined) {
    return E.left(`ACH profile ${p.ach_profile_id} has no last four account digits`)
  }
  const routing = readMaskedNumber(textOf(p.routing_number)).last4
  const type = textOf(p.account_type).toUpperCase()
  const entryClass = textOf(p.entry_class).toLowerCase()
  return E.right({
    kind: 'bank_account',
    id: achId(idText(p.ach_profile_id)),
    accountType: type === 'S' ? 'savings' : 'checking',
    accountLast4: account,
    status: 'active',
    ...(routing === undefined ? {} : { routingLast4: routing }),
    ...put('holderName', textOf(p.payee_name)),
    ...(entryClass === 'business' || entryClass === 'personal' ? { holderType: entryClass } : {}),
  })
}

// ---- customer transactions (the Valor extension)

/** One Valor transaction, typed: amounts in minor units (cents), the instant as ISO 8601. */
export interface ValorTransaction {
  readonly id: string
  readonly type: string
  readonly status: string
  readonly amounts: Readonly<Partial<Record<AmountField, number>>>
  /** `request_date` + `request_time` as `YYYY-MM-DDTHH:MM:SS` plus the zone when known. */
  readonly requestedAt?: string
  readonly settledAt?: string
  readonly cardScheme?: string
  readonly last4?: string
  readonly approvalCode?: string
  readonly responseCode?: string
  /** The record exactly as Valor sent it (masked card number included, nothing more). */
  readonly raw: TransactionRecord
}

/** Fixed offsets of the US zone abbreviations Valor terminals report. */
const ZONES: Readonly<Record<string, string>> = {
  UTC: 'Z',
  GMT: 'Z',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
  AKST: '-09:00',
  AKDT: '-08:00',
  HST: '-10:00',
}

/** "03/25/2026" + "02:22:37" + "EST" → "2026-03-25T02:22:37-05:00"; no zone → local time. */
export const requestInstant = (date: string, time: string, zone: string): string | undefined => {
  const d = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(date.trim())
  if (d === null) return undefined
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim())
  const day = `${d[3]}-${d[1]}-${d[2]}`
  if (t === null) return day
  const local = `${day}T${t[1]}:${t[2]}:${t[3] ?? '00'}`
  const offset = ZONES[zone.trim().toUpperCase()]
  return offset === undefined ? local : `${local}${offset}`
}

export const transactionFromWire = (r: TransactionRecord): ValorTransaction => {
  const amounts: Partial<Record<AmountField, number>> = {}
  for (const k of amountFields) {
    const v = r[k]
    if (typeof v === 'number' && Number.isSafeInteger(v)) amounts[k] = v
  }
  const requestedAt = requestInstant(
    textOf(r.request_date),
    textOf(r.request_time),
    textOf(r.timezone),
  )
  const { last4 } = readMaskedNumber(textOf(r.masked_card_no))
  return {
    id: idText(r.txn_id),
    type: textOf(r.txn_type),
    status: textOf(r.transactions_status),
    amounts,
    ...(requestedAt === undefined ? {} : { requestedAt }),
    ...put('settledAt', textOf(r.settled_at)),
    ...put('cardScheme', textOf(r.card_scheme)),
    ...(last4 === undefined ? {} : { last4 }),
    ...put('approvalCode', textOf(r.approval_code)),
    ...put('responseCode', textOf(r.response_code)),
    raw: r,
  }
}

// ---- page cursors (Valor pages by 1-based page number)

/** `v:<page>:<size>`: the size is kept so that every item is returned exactly once. */
export const pageCursor = (page: number, size: number): string => `v:${page}:${size}`

export const readPageCursor = (
  cursor: string | undefined,
): { readonly page: number; readonly size?: number } | undefined => {
  if (cursor === undefined) return { page: 1 }
  const m = /^v:(\d{1,9}):(\d{1,3})$/.exec(cursor)
  if (m === null) return undefined
  const page = Number(m[1])
  const size = Number(m[2])
  return page >= 1 && size >= 1 ? { page, size } : undefined
}
