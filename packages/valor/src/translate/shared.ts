/**
 * Translation helpers every port uses: wire text, the `Translated` value-plus-warnings pair,
 * dropped-field warnings, Valor's name rule, its path-id shape, and the canonical path of a
 * field Valor names in an error.
 */
import { warning, type FieldIssue, type Warning } from '@vaultport/core'
import type { ValorNameRule } from '../config'
import type { WireText } from '../wire'

// ---- utils

/** A wire text as a string: null and absent are "", numbers are printed. */
export const textOf = (u: WireText | undefined): string =>
  u === undefined || u === null ? '' : String(u)

/** Sets `key` only when the value is a non-empty string (exactOptionalPropertyTypes-safe). */
export const put = <K extends string>(key: K, value: string): { [P in K]?: string } =>
  (value === '' ? {} : { [key]: value }) as { [P in K]?: string }

export interface Translated<A> {
  readonly value: A
  readonly warnings: ReadonlyArray<Warning>
}

export const dropped = (field: string, what: string): Warning =>
  warning('field_dropped', `Valor has no ${what}; the value was not stored`, field)

// ---- names

/** Valor's cardholder rule (its documentation): letters and spaces, at most 25. */
const VALOR_NAME = /^[A-Za-z ]{1,25}$/
export const VALOR_NAME_MAX = 25

/** Issues for a holder name Valor would refuse (checked before any request, never truncated). */
export const nameIssues = (path: string, name: string | undefined): FieldIssue[] =>
  name === undefined
    ? []
    : name.length > VALOR_NAME_MAX
      ? [{ path, message: `Valor keeps at most 25 characters (has ${name.length})` }]
      : VALOR_NAME.test(name)
        ? []
        : [{ path, message: 'Valor accepts letters and spaces only' }]

/** What `strict` took out of a name, said without repeating any digit it held. */
const takenOut = (name: string): string => {
  const kinds = new Set<string>()
  for (const ch of name) {
    if (/[A-Za-z ]/.test(ch)) continue
    if (/\d/.test(ch)) kinds.add('digits')
    else if (/\p{L}/u.test(ch)) kinds.add('accents and other letters')
    else if (/\s/.test(ch)) kinds.add('other white space')
    else kinds.add(JSON.stringify(ch))
  }
  const extra = /(^ | $| {2})/.test(name) ? ['extra spaces'] : []
  return [...kinds, ...extra].join(', ')
}

/**
 * A customer name as the configured rule sends it. `as-typed`: unchanged. `strict`: accents
 * dropped ("José" → "Jose"), apostrophes taken out ("O'Lee" → "OLee"), any other run of
 * non-letters made one space, ends trimmed; a change comes with a `name_changed` warning that
 * names what was taken out. Nothing left, or more than 25 characters left, is an issue: a name
 * is never truncated (two customers would then share one).
 */
export const customerName = (
  rule: ValorNameRule,
  name: string,
  path: string,
): Translated<string> & { readonly issues: FieldIssue[] } => {
  if (rule === 'as-typed') return { value: name, warnings: [], issues: [] }
  const value = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['\u2019]/g, '')
    .replace(/[^A-Za-z]+/g, ' ')
    .trim()
  const issues: FieldIssue[] =
    value === ''
      ? [{ path, message: "has no letters for Valor's strict name rule to keep" }]
      : value.length > VALOR_NAME_MAX
        ? [{ path, message: `Valor keeps at most 25 characters (has ${value.length})` }]
        : []
  const warnings =
    value === name || issues.length > 0
      ? []
      : [
          warning(
            'name_changed',
            `Valor's strict name rule keeps letters and spaces: sent "${value}" (took out ${takenOut(name)})`,
            path,
          ),
        ]
  return { value, warnings, issues }
}

// ---- ids

/** Valor path ids are 1–11 digits (docs/gateways/sources.md#valor-customers); anything else cannot exist. */
export const isWireId = (s: string): boolean => /^\d{1,11}$/.test(s)

// ---- field paths (Valor's field names in its errors → canonical paths)

const HALF_FIELDS: Readonly<Record<string, string>> = {
  customer_name: 'name',
  street_no: 'line1',
  street_name: 'line1',
  unit: 'line2',
  city: 'city',
  state: 'region',
  zip: 'postalCode',
}

/** Valor request field → canonical field (relative to the customer, card or bank account). */
export const wireFieldPaths: Readonly<Record<string, string>> = {
  customer_name: 'name',
  customer_email: 'email',
  customer_phone: 'phone',
  company_name: 'company',
  address_details: 'addresses',
  address_label: 'label',
  pan_num: 'number',
  expiry: 'expiry',
  cardholder_name: 'holderName',
  token: 'token',
  ref_txn_id: 'transactionId',
  account_number: 'accountNumber',
  routing_number: 'routingNumber',
  payee_name: 'holderName',
  account_type: 'accountType',
  entry_class: 'holderType',
  status: 'status',
  ...Object.fromEntries(
    Object.entries(HALF_FIELDS).flatMap(([k, v]) => [
      [`billing_${k}`, v],
      [`shipping_${k}`, v],
    ]),
  ),
}

/** Where an operation's fields sit in its canonical input (core's own issue paths). */
export interface FieldScope {
  /** Prefix for customer fields (`name`, `email`, …). */
  readonly customer: string
  /** Prefix for payment-method fields (`number`, `accountNumber`, …). */
  readonly paymentMethod: string
  /** Prefix for address fields; `{i}` is replaced by the entry index when Valor gives one. */
  readonly address: string
}

export const fieldScopes = {
  customer: { customer: '', paymentMethod: 'paymentMethod.', address: 'addresses[{i}].' },
  address: { customer: '', paymentMethod: '', address: '' },
  paymentMethodInput: { customer: '', paymentMethod: 'input.', address: '' },
  paymentMethodPatch: { customer: '', paymentMethod: '', address: '' },
} as const satisfies Record<string, FieldScope>

const PAYMENT_FIELDS = new Set([
  'pan_num',
  'expiry',
  'cardholder_name',
  'token',
  'ref_txn_id',
  'account_number',
  'routing_number',
  'payee_name',
  'account_type',
  'entry_class',
  'status',
])

/**
 * The canonical path of a Valor field path such as `customer_phone` or
 * `address_details/0/billing_zip` (the index is Valor's entry index).
 */
export const canonicalPath = (wirePath: string, scope: FieldScope): string => {
  const parts = wirePath.split('/').filter((p) => p !== '')
  const field = parts[parts.length - 1] ?? wirePath
  const mapped = wireFieldPaths[field]
  if (mapped === undefined) return wirePath
  const index = parts.find((p) => /^\d+$/.test(p))
  const inAddress =
    parts[0] === 'address_details' ||
    /^(billing|shipping)_/.test(field) ||
    field === 'address_label'
  if (inAddress) {
    return scope.address.replace('[{i}]', index === undefined ? '' : `[${index}]`) + mapped
  }
  return (PAYMENT_FIELDS.has(field) ? scope.paymentMethod : scope.customer) + mapped
}
