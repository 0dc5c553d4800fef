/**
 * Checks that no gateway should ever be asked to do: a card number that fails Luhn, an expired
 * card, a routing number with a bad checksum, more addresses than the gateway keeps, a schedule
 * it cannot express. Each problem is a field issue; an empty list means the input may go out.
 */
import { abaRoutingValid, luhnValid } from './cards'
import { canSchedule, type Capabilities } from './capabilities'
import type { FieldIssue } from './errors'
import type { AddressFields, AddressInput } from './model/address'
import type { CustomerFields, CustomerInput } from './model/customer'
import type { ListQuery } from './model/paging'
import type { PaymentMethodInput, PaymentMethodPatch } from './model/paymentMethod'
import { describeSchedule, type RecurrenceInput, type RecurrencePatch } from './model/recurrence'

type Issues = ReadonlyArray<FieldIssue>

const issue = (path: string, message: string): FieldIssue => ({ path, message })

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

// ---- payment methods

/**
 * Whether a card expiring at the end of `month/year` is still usable at `now`.
 * @category Validation
 */
export const expiryInFuture = (month: number, year: number, now: Date): boolean =>
  year > now.getUTCFullYear() || (year === now.getUTCFullYear() && month >= now.getUTCMonth() + 1)

/** @category Validation */
export const validatePaymentMethodInput = (
  input: PaymentMethodInput,
  now: Date,
  at = 'paymentMethod',
): Issues => {
  switch (input.kind) {
    case 'card':
      return [
        ...(luhnValid(input.number)
          ? []
          : [issue(`${at}.number`, 'card number fails the Luhn check')]),
        ...(expiryInFuture(input.expiry.month, input.expiry.year, now)
          ? []
          : [issue(`${at}.expiry`, 'card has expired')]),
      ]
    case 'bank_account':
      return abaRoutingValid(input.routingNumber)
        ? []
        : [issue(`${at}.routingNumber`, 'routing number fails the ABA checksum')]
    case 'gateway_token':
      return input.token.trim() === '' ? [issue(`${at}.token`, 'token is empty')] : []
    case 'prior_transaction':
      return input.transactionId.trim() === ''
        ? [issue(`${at}.transactionId`, 'transaction id is empty')]
        : []
    case 'wallet':
      return []
  }
}

/** @category Validation */
export const validatePaymentMethodPatch = (patch: PaymentMethodPatch, now: Date): Issues =>
  patch.expiry !== undefined && !expiryInFuture(patch.expiry.month, patch.expiry.year, now)
    ? [issue('expiry', 'card has expired')]
    : []

// ---- customers and addresses

const validateContact = (fields: CustomerFields | AddressFields, at: string): Issues =>
  fields.email !== undefined && fields.email !== '' && !EMAIL.test(fields.email)
    ? [issue(`${at}email`, 'is not an email address')]
    : []

/** @category Validation */
export const validateReference = (caps: Capabilities, reference: string | undefined): Issues => {
  if (reference === undefined) {
    return caps.customerReference === 'required'
      ? [issue('reference', `${caps.displayName} requires a merchant reference for every customer`)]
      : []
  }
  const out: FieldIssue[] = []
  if (reference.trim() === '') out.push(issue('reference', 'is empty'))
  const max = caps.limits.referenceMaxLength
  if (max !== null && reference.length > max) {
    out.push(issue('reference', `is longer than ${max} characters`))
  }
  if (caps.referencePattern !== undefined && !new RegExp(caps.referencePattern).test(reference)) {
    out.push(issue('reference', `must match ${caps.referencePattern}`))
  }
  return out
}

/** @category Validation */
export const validateAddressInput = (input: AddressFields, at = ''): Issues =>
  validateContact(input, at)

const countOver = (limit: number | null, count: number, path: string, what: string): Issues =>
  limit !== null && count > limit ? [issue(path, `at most ${limit} ${what} per customer`)] : []

/** @category Validation */
export const validateCustomerInput = (
  caps: Capabilities,
  input: CustomerInput,
  now: Date,
): Issues => {
  const addresses: ReadonlyArray<AddressInput> = input.addresses ?? []
  const billing = addresses.filter((a) => a.role === 'billing').length
  const shipping = addresses.length - billing
  return [
    ...validateReference(caps, input.reference),
    ...validateContact(input, ''),
    ...countOver(caps.limits.addressesPerCustomer, addresses.length, 'addresses', 'addresses'),
    ...countOver(
      caps.limits.billingAddressesPerCustomer,
      billing,
      'addresses',
      'billing addresses',
    ),
    ...countOver(
      caps.limits.shippingAddressesPerCustomer,
      shipping,
      'addresses',
      'shipping addresses',
    ),
    ...addresses.flatMap((a, i) => validateAddressInput(a, `addresses[${i}].`)),
    ...(input.paymentMethod === undefined
      ? []
      : validatePaymentMethodInput(input.paymentMethod, now)),
  ]
}

/** @category Validation */
export const validateCustomerPatch = (caps: Capabilities, patch: CustomerFields): Issues => [
  ...(patch.reference === undefined ? [] : validateReference(caps, patch.reference)),
  ...validateContact(patch, ''),
]

/** @category Validation */
export const validateListQuery = (caps: Capabilities, query: ListQuery | undefined): Issues =>
  query?.pageSize !== undefined && query.pageSize > caps.limits.maxPageSize
    ? [issue('pageSize', `at most ${caps.limits.maxPageSize} per page on ${caps.displayName}`)]
    : []

// ---- recurrences

const validateScheduleFields = (
  caps: Capabilities,
  r: Pick<RecurrencePatch, 'amount' | 'schedule' | 'totalCount'>,
): Issues => [
  ...(r.amount !== undefined && r.amount.amount <= 0
    ? [issue('amount', 'must be more than zero')]
    : []),
  ...(r.amount !== undefined && !caps.recurrences.currencies.includes(r.amount.currency)
    ? [
        issue(
          'amount.currency',
          `${caps.displayName} schedules only ${caps.recurrences.currencies.join(', ')}`,
        ),
      ]
    : []),
  ...(r.schedule !== undefined && !canSchedule(caps, r.schedule)
    ? [issue('schedule', `${caps.displayName} cannot express ${describeSchedule(r.schedule)}`)]
    : []),
  ...(r.totalCount === 'open_ended' && !caps.recurrences.openEnded
    ? [issue('totalCount', `${caps.displayName} has no open-ended schedules`)]
    : []),
]

const validateCountAndStatus = (
  caps: Capabilities,
  r: Pick<RecurrencePatch, 'totalCount' | 'status'>,
): Issues => [
  ...(typeof r.totalCount === 'number' && caps.recurrences.finiteCounts === false
    ? [issue('totalCount', `${caps.displayName} schedules run until cancelled; no count`)]
    : []),
  ...(r.status !== undefined && !(caps.recurrences.settableStatuses ?? []).includes(r.status)
    ? [issue('status', `${caps.displayName} cannot set a schedule ${r.status}`)]
    : []),
]

/** @category Validation */
export const validateRecurrenceInput = (caps: Capabilities, input: RecurrenceInput): Issues => [
  ...validateScheduleFields(caps, input),
  ...validateCountAndStatus(caps, input),
]

/** @category Validation */
export const validateRecurrencePatch = (caps: Capabilities, patch: RecurrencePatch): Issues => [
  ...validateScheduleFields(caps, patch),
  ...validateCountAndStatus(caps, patch),
]
