/**
 * What the FluidPay adapter can do, as static data: the `/api/vault` customer vault and the
 * `/api/recurring` subscriptions behind the recurrences port. Declared `as const satisfies
 * Capabilities`, so `Vault<typeof fluidpayCapabilities>` types every operation it offers.
 */
import type { Capabilities } from '@vaultport/core'

/**
 * The custom-id rule FluidPay documents: 1 to 40 letters and digits. The default.
 * @category Capabilities
 */
export const FLUIDPAY_REFERENCE_PATTERN = '^[a-zA-Z0-9]{1,40}$'

/**
 * The wider rule one public SDK documents (2 to 40 of letters, digits, `.`, `-`, `_`, `^`). Only
 * client-observed: choose it with `referencePattern` where the merchant's account accepts it.
 * @category Capabilities
 */
export const FLUIDPAY_EXTENDED_REFERENCE_PATTERN = '^[a-zA-Z0-9._^-]{2,40}$'

/** @category Capabilities */
export const fluidpayCapabilities = {
  gateway: 'fluidpay',
  displayName: 'FluidPay',
  operations: {
    customers: {
      create: true,
      get: true,
      findByReference: true,
      update: true,
      delete: true,
      list: true,
    },
    addresses: { add: true, update: true, remove: true },
    paymentMethods: { add: true, list: true, update: true, remove: true, setDefault: true },
    recurrences: { create: true, get: true, update: true, delete: true, listByCustomer: true },
  },
  limits: {
    addressesPerCustomer: null,
    billingAddressesPerCustomer: null,
    // The role of an address is read from the defaults: only the default shipping address
    // reads back as `shipping`.
    shippingAddressesPerCustomer: 1,
    paymentMethodsPerCustomer: null,
    cardsPerCustomer: null,
    bankAccountsPerCustomer: null,
    maxPageSize: 100,
    referenceMaxLength: 40,
  },
  customerReference: 'optional',
  referencePattern: FLUIDPAY_REFERENCE_PATTERN,
  paymentMethodInputs: ['card', 'bank_account', 'gateway_token', 'wallet'],
  recurrences: {
    // `billing_cycle_interval` counts months; a year is 12 of them. Daily is every 1 day only
    // (`recurring.daily: false` takes it out). FluidPay has no weekly frequency.
    intervals: { day: [1], month: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], year: [1] },
    named: [],
    openEnded: true,
    currencies: ['USD'],
    anchors: { dayOfMonth: true, weekday: false },
    daysOfMonth: [[1, 15]],
    finiteCounts: true,
    settableStatuses: ['paused', 'active', 'cancelled', 'completed'],
    paymentMethodKinds: ['card', 'bank_account'],
  },
  paging: 'offset',
  lossless: {
    // `reference` is FluidPay's id: kept exactly, and never changed by an update.
    customer: ['reference', 'name', 'company', 'email', 'phone', 'fax', 'description', 'notes'],
    address: [
      'name',
      'company',
      'line1',
      'line2',
      'city',
      'region',
      'postalCode',
      'country',
      'email',
      'phone',
      'fax',
    ],
    card: ['expiry'],
    bankAccount: ['accountType', 'secCode'],
  },
  paymentMethodStatus: false,
  assumptions: [
    'Customer update (F3) answers data:null; the adapter re-reads the customer (docs/gateways/sources.md#fluidpay-envelopes-and-errors).',
    'Search dates (created_at/updated_at start_date, end_date) are RFC 3339: FluidPay does not publish their format (docs/gateways/sources.md#fluidpay-customers).',
    'Errors are {status:"failed", msg:"<category> error: <detail>"}; the category is the gateway code (docs/gateways/sources.md#fluidpay-envelopes-and-errors).',
    'A duplicate custom id is refused with HTTP 409 or a 400 whose message says it already exists (docs/gateways/sources.md#fluidpay-envelopes-and-errors).',
    'Stored ACH entries carry account_type and sec_code and a masked account number (docs/gateways/sources.md#fluidpay-payment-methods).',
    'The documented create body has no notes: notes given on a create are written by an update (F3) right after it (docs/gateways/sources.md#fluidpay-customers).',
    'The custom-id pattern is the documented one unless config.referencePattern says otherwise; one public SDK shows a wider rule.',
    'An address identical to a stored one may be refused ("would create a duplicate address"); the refusal is read as Conflict.',
    'Write answers are read tolerantly: the record, an id alone or at another level (created_address_id, created_payment_method_id), or an empty data.',
    'Subscriptions: billing_cycle_interval counts months, billing_days "0" is the last day of the month, and daily bills every day (client-observed; config.recurring settings).',
    'Subscriptions: duration is the number of billings from next_bill_date (0 = until cancelled); no answer says how many were made, so completedCount is never read.',
    'Subscriptions: a new next_bill_date is set by reactivating (GET …/status/active?next_bill_date=), as two clients do (config.recurring.nextDateBy).',
    'Subscriptions: failing, failed, error and past_due read as paused, stopped as cancelled, an unknown status as paused; the gateway status is kept in gatewayData.status.',
    'Subscriptions: creating one charges nothing before next_bill_date; vaultport sends charge_on_day false and a next_bill_date after today.',
    'Subscriptions: a read by id may answer a list of one; an empty list is NotFound.',
  ],
} as const satisfies Capabilities

/** @category Capabilities */
export type FluidPayCapabilities = typeof fluidpayCapabilities

/**
 * A vault's own capabilities: the static ones with the configured custom-id pattern and, with
 * `recurring.daily: false`, no daily schedules.
 * @category Capabilities
 */
export type FluidPayVaultCapabilities = Omit<
  FluidPayCapabilities,
  'referencePattern' | 'recurrences'
> & {
  readonly referencePattern: string
  readonly recurrences: Capabilities['recurrences']
}

/** The capabilities of a vault whose custom ids follow `pattern`, daily schedules or not. */
export const capabilitiesWith = (pattern: string, daily = true): FluidPayVaultCapabilities => {
  if (pattern === FLUIDPAY_REFERENCE_PATTERN && daily) return fluidpayCapabilities
  const { day: _day, ...noDaily } = fluidpayCapabilities.recurrences.intervals
  return Object.freeze({
    ...fluidpayCapabilities,
    referencePattern: pattern,
    recurrences: daily
      ? fluidpayCapabilities.recurrences
      : { ...fluidpayCapabilities.recurrences, intervals: noDaily },
  })
}
