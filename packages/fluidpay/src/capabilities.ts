/**
 * What the FluidPay `/api/vault` adapter can do, as static data. Declared `as const satisfies
 * Capabilities`, so `Vault<typeof fluidpayCapabilities>` makes the recurrence operations (no
 * recurring endpoint exists in the vault document) uncallable at compile time.
 */
import type { Capabilities } from '@vaultport/core'

/** The custom-id rule FluidPay documents: 1 to 40 letters and digits. The default. */
export const FLUIDPAY_REFERENCE_PATTERN = '^[a-zA-Z0-9]{1,40}$'

/**
 * The wider rule one public SDK documents (2 to 40 of letters, digits, `.`, `-`, `_`, `^`). Only
 * client-observed: choose it with `referencePattern` where the merchant's account accepts it.
 */
export const FLUIDPAY_EXTENDED_REFERENCE_PATTERN = '^[a-zA-Z0-9._^-]{2,40}$'

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
    recurrences: {
      create: false,
      get: false,
      update: false,
      delete: false,
      listByCustomer: false,
    },
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
  recurrences: { intervals: {}, named: [], openEnded: false, currencies: [] },
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
    'Customer update (F3) answers data:null; the adapter re-reads the customer (GATEWAY-FACTS §2.3).',
    'Search dates (created_at/updated_at start_date, end_date) are RFC 3339 (GATEWAY-FACTS §2.6).',
    'Errors are {status:"failed", msg:"<category> error: <detail>"}; the category is the gateway code (GATEWAY-FACTS §2.3).',
    'A duplicate custom id is refused with HTTP 409 or a 400 whose message says it already exists (docs/wire-assumptions.md).',
    'Stored ACH entries carry account_type and sec_code and a masked account number (GATEWAY-FACTS §2.5, FP-DART).',
    'Create accepts notes like update does; otherwise notes are written by a follow-up update (docs/wire-assumptions.md).',
    'The custom-id pattern is the documented one unless config.referencePattern says otherwise; one public SDK shows a wider rule.',
    'An address identical to a stored one may be refused ("would create a duplicate address"); the refusal is read as Conflict.',
    'Write answers are read tolerantly: the record, an id alone or at another level (created_address_id, created_payment_method_id), or an empty data.',
  ],
} as const satisfies Capabilities

export type FluidPayCapabilities = typeof fluidpayCapabilities

/** A vault's own capabilities: the static ones with the configured custom-id pattern. */
export type FluidPayVaultCapabilities = Omit<FluidPayCapabilities, 'referencePattern'> & {
  readonly referencePattern: string
}

/** The capabilities of a vault whose custom ids follow `pattern`. */
export const capabilitiesWith = (pattern: string): FluidPayVaultCapabilities =>
  pattern === FLUIDPAY_REFERENCE_PATTERN
    ? fluidpayCapabilities
    : Object.freeze({ ...fluidpayCapabilities, referencePattern: pattern })
