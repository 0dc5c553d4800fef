/**
 * What the PayTrace adapter can do, as static data. PayTrace's topology is fixed: a profile
 * holds one billing and one shipping address, at most one card and at most one check, and is
 * keyed by the merchant's `customer_label` (required, ≤ 50 characters). Schedules are the ten
 * frequency codes (`frequencyTable`; see docs/gateways/sources.md#paytrace-recurring), in US dollars only; each charges
 * on the day (or weekday) of the date it was given, so it can name that day, and it charges the
 * profile's card or check. PayTrace has no schedule status to set: a schedule is changed or
 * deleted, never paused.
 */
import type { Capabilities } from '@vaultport/core'

/**
 * The named form of PayTrace's "1st and 15th of each month" (frequency code 7), which earlier
 * versions read it as. Code 7 now reads as the `days_of_month` schedule [1, 15]; this form is
 * still accepted on a write.
 * @category Capabilities
 */
export const firstAndFifteenth = {
  kind: 'named',
  gateway: 'paytrace',
  code: '7',
  label: '1st and 15th of each month',
} as const

/** @category Capabilities */
export const payTraceCapabilities = {
  gateway: 'paytrace',
  displayName: 'PayTrace',
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
    paymentMethods: {
      add: true,
      list: true,
      // A card or check sent on a PATCH replaces the stored one whole (number included), and
      // the vault never gives the number back: an expiry or type cannot be changed alone.
      update: false,
      // No documented way to take a card or check off a profile (PATCH only replaces them).
      remove: false,
      // One card and one check per profile: there is no default to choose.
      setDefault: false,
    },
    recurrences: { create: true, get: true, update: true, delete: true, listByCustomer: true },
  },
  limits: {
    addressesPerCustomer: 2,
    billingAddressesPerCustomer: 1,
    shippingAddressesPerCustomer: 1,
    paymentMethodsPerCustomer: 2,
    cardsPerCustomer: 1,
    bankAccountsPerCustomer: 1,
    /** The recurrence export pages by at most 50 (R5); the customer list uses the same cap. */
    maxPageSize: 50,
    referenceMaxLength: 50,
  },
  customerReference: 'required',
  paymentMethodInputs: ['card', 'bank_account', 'gateway_token', 'prior_transaction'],
  recurrences: {
    // Code 1 (annually) is written from `year` 1 or `month` 12 and reads as `year` 1.
    intervals: { day: [1], week: [1, 2], month: [1, 2, 3, 4, 6, 12], year: [1] },
    named: [firstAndFifteenth],
    openEnded: true,
    currencies: ['USD'],
    anchors: { dayOfMonth: true, weekday: true },
    daysOfMonth: [[1, 15]],
    finiteCounts: true,
    settableStatuses: [],
    paymentMethodKinds: ['card', 'bank_account'],
  },
  paging: 'offset',
  lossless: {
    customer: ['reference', 'name', 'email', 'phone', 'fax'],
    address: ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country'],
    card: ['expiry'],
    bankAccount: ['accountType', 'secCode'],
  },
  paymentMethodStatus: false,
  assumptions: [
    'Success bodies are {data: {...}} and the field names of profiles and recurrences follow docs/wire-assumptions.md (PayTrace publishes no response bodies: docs/gateways/sources.md#paytrace-envelopes-and-errors).',
    'An unknown customer_id or recurrence id answers HTTP 422 with field path/<id name> (or 404) (docs/gateways/sources.md#paytrace-envelopes-and-errors).',
    'The token answer carries access_token at top level or under data, with expires_in in seconds (docs/gateways/sources.md#paytrace-hosts-and-auth).',
    'A PATCH changes only the address keys it sends, so an address object of empty strings clears that slot (wire-assumptions P.4).',
    'A card or check sent on a PATCH replaces the stored one (wire-assumptions P.4).',
    'customer_label is unique per merchant; a duplicate answers 422 body/customer_label "already exists" (wire-assumptions P.3).',
    'The customer list (C9) honours limit/offset and answers {data: [...], total_count} ordered by customer_id (wire-assumptions P.5).',
    'Recurrence writes and exports answer the recurrence item of wire-assumptions P.8 (id, customer_id, amount, frequency, start_date, next_date, total_count, current_count, type).',
    'A schedule charges on the day of the date it was given (start_date on R1, next_date on R2) and keeps that day of the month, or that weekday for codes 4 and 5; code 7 charges on the start date, then on each 1st and 15th.',
    'A billing day of 29–31 falls on the last day of shorter months and comes back afterwards (setting shortMonths, default lastDay).',
    'A recurrence carries no status; one whose current_count reaches total_count is completed.',
    'customers.list filter.changedSince maps to last_activity_days rounded up: approximate, it may return customers changed up to one day earlier.',
  ],
} as const satisfies Capabilities

/** @category Capabilities */
export type PayTraceCapabilities = typeof payTraceCapabilities
