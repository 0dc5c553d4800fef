/**
 * Customers between the canonical model and FluidPay's wire JSON: records read back, create
 * plans, defaults and F5 search bodies.
 *
 * FluidPay has no customer-level name, company, e-mail, phone or fax. They are read from the
 * default billing address and written onto it (`contact_*` warnings).
 */
import * as E from 'fp-ts/Either'
import {
  customerId as toCustomerId,
  addressId as toAddressId,
  paymentMethodId as toPaymentMethodId,
  IsoDateTime,
  pathSegmentProblem,
  warning,
  type AddressFields,
  type AddressInput,
  type Customer,
  type CustomerDefaults,
  type CustomerFields,
  type CustomerFilter,
  type CustomerInput,
  type CustomerSummary,
  type FieldIssue,
  type Warning,
} from '@vaultport/core'
import {
  ID_FORMATS,
  SEARCH_FIELDS,
  type AddressBody,
  type CreateCustomerBody,
  type CustomerRecord,
  type SummaryRecord,
  type DefaultsBody,
  type IdFormat,
  type SearchBody,
  type SearchField,
  type SearchOperator,
  type WireAddress,
  type WireDefaults,
} from '../wire'
import { addressBody, roleOf, toAddress } from './addresses'
import { paymentPlan, storedMethods, type StoredMethod } from './paymentMethods'
import {
  compact,
  issue,
  joinName,
  normalizeName,
  readTimestamp,
  splitName,
  text,
  TEXT_MAX,
} from './shared'

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

/**
 * One record of a list page: the fields `toCustomer` gives the same record, less the fax, set one
 * by one (no intermediate objects): it runs for every record.
 */
export const toSummary = (record: SummaryRecord): CustomerSummary => {
  const summary: { -readonly [K in keyof CustomerSummary]: CustomerSummary[K] } = {
    id: toCustomerId(record.id),
    reference: record.id,
  }
  const a = contactAddress(record)
  if (a !== undefined) {
    const name = joinName(a.first_name, a.last_name)
    if (name !== undefined) summary.name = name
    const company = text(a.company)
    if (company !== undefined) summary.company = company
    const email = text(a.email)
    if (email !== undefined) summary.email = email
    const phone = text(a.phone)
    if (phone !== undefined) summary.phone = phone
  }
  const createdAt = readTimestamp(record.created_at)
  if (createdAt !== undefined) summary.createdAt = createdAt
  const updatedAt = readTimestamp(record.updated_at)
  if (updatedAt !== undefined) summary.updatedAt = updatedAt
  return summary
}

// ---- customer inputs

const CONTACT_FIELDS = ['name', 'company', 'email', 'phone', 'fax'] as const

const textLimit = (value: string | undefined, path: string): ReadonlyArray<FieldIssue> =>
  value !== undefined && value.length > TEXT_MAX
    ? [issue(path, `FluidPay stores at most ${TEXT_MAX} characters`)]
    : []

/**
 * FluidPay-specific create options, carried in `CustomerInput.gatewayData`.
 * @category Extensions
 */
export interface FluidPayCustomerOptions {
  /** Customer flags, e.g. "surcharge_exempt". */
  readonly flags?: ReadonlyArray<string>
  /** Ask FluidPay to generate the id in this format (not with a reference). */
  readonly idFormat?: IdFormat
}

/**
 * `gatewayData` for a create or update that carries FluidPay's own options.
 * @category Extensions
 */
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
  /** The documented create body has no notes: they follow in an update (F3). */
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
  const unsafe = input.reference === undefined ? undefined : pathSegmentProblem(input.reference)
  if (unsafe !== undefined) {
    issues.push(issue('reference', `${unsafe}: a customer is read back by its id in the path`))
  }
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

/**
 * A search condition: a value compared with `=`, or a value and an operator.
 * @category Extensions
 */
export type SearchCondition =
  string | { readonly value: string; readonly operator?: SearchOperator }

/**
 * Every documented F5 filter, typed.
 * @category Extensions
 */
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

/**
 * The list-filter keys FluidPay can apply, each with the search field it becomes: the canonical
 * keys, the address fields the search compares (`state` is FluidPay's word for `region`).
 * `name` (split into first and last name) and `changedSince` (`updated_at.start_date`) are read
 * apart. Every other key is refused before any request, never dropped.
 */
export const LIST_FILTER_FIELDS: Readonly<Record<string, SearchField>> = Object.freeze({
  reference: 'id',
  email: 'email',
  company: 'company',
  phone: 'phone',
  fax: 'fax',
  line1: 'address_line_1',
  line2: 'address_line_2',
  city: 'city',
  region: 'state',
  state: 'state',
  postalCode: 'postal_code',
  country: 'country',
})

const LIST_FILTER_KEYS = ['name', 'changedSince', ...Object.keys(LIST_FILTER_FIELDS)]

/**
 * The list filter as F5 criteria, every key sent; a key or a value FluidPay cannot apply
 * (an unknown key, an operator object, a non-string) is a field issue.
 */
export const filterCriteria = (
  filter: CustomerFilter | Readonly<Record<string, unknown>> | undefined,
): E.Either<ReadonlyArray<FieldIssue>, FluidPaySearchCriteria> => {
  if (filter === undefined) return E.right({})
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    return E.left([issue('filter', 'must be an object')])
  }
  const issues: FieldIssue[] = []
  const filters: { [K in SearchField]?: SearchCondition } = {}
  let changedSince: string | undefined
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (value === undefined) continue
    const at = `filter.${key}`
    if (!LIST_FILTER_KEYS.includes(key)) {
      issues.push(
        issue(
          at,
          `FluidPay cannot filter customers by ${key}; it can by ${LIST_FILTER_KEYS.join(', ')}`,
        ),
      )
      continue
    }
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push(
        issue(
          at,
          'must be a non-empty string: the list compares with = only (vault.fluidpay.search also has !=)',
        ),
      )
      continue
    }
    if (key === 'changedSince') {
      if (IsoDateTime.is(value)) changedSince = value
      else issues.push(issue(at, 'must be an RFC 3339 instant'))
    } else if (key === 'name') Object.assign(filters, splitName(value))
    else {
      const field = LIST_FILTER_FIELDS[key] as SearchField
      if (filters[field] !== undefined && filters[field] !== value) {
        issues.push(
          issue(at, `names the same FluidPay field (${field}) as another key, differently`),
        )
      }
      filters[field] = value
    }
  }
  if (issues.length > 0) return E.left(issues)
  return E.right(
    compact<FluidPaySearchCriteria>({
      filters: Object.keys(filters).length === 0 ? undefined : filters,
      updatedAt: changedSince === undefined ? undefined : { start: changedSince },
    }),
  )
}
