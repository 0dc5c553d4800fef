/**
 * What the Valor vault can do, as static data. Declared `as const` so that `Vault<typeof
 * valorCapabilities>` makes the operations Valor lacks (recurrences, setDefault,
 * findByReference) uncallable at compile time.
 */
import type { Capabilities } from '@vaultport/core'

export const valorCapabilities = {
  gateway: 'valor',
  displayName: 'Valor PayTech',
  operations: {
    customers: {
      create: true,
      get: true,
      /** Valor has no merchant reference: a timed-out create is OutcomeUnknown. */
      findByReference: false,
      update: true,
      delete: true,
      list: true,
    },
    addresses: { add: true, update: true, remove: true },
    paymentMethods: {
      add: true,
      list: true,
      update: true,
      remove: true,
      /** Valor keeps no default payment profile. */
      setDefault: false,
    },
    /** No recurring endpoint is in the Valor vault document. */
    recurrences: {
      create: false,
      get: false,
      update: false,
      delete: false,
      listByCustomer: false,
    },
  },
  limits: {
    /**
     * Valor keeps at most 5 address entries, each a billing half and a shipping half: at most 5
     * billing and 5 shipping canonical addresses, 10 in all when every entry has both halves.
     */
    addressesPerCustomer: 10,
    billingAddressesPerCustomer: 5,
    shippingAddressesPerCustomer: 5,
    /** Cards are capped at 5 (any status); ACH profiles have no documented cap. */
    paymentMethodsPerCustomer: null,
    cardsPerCustomer: 5,
    bankAccountsPerCustomer: null,
    maxPageSize: 100,
    referenceMaxLength: null,
  },
  customerReference: 'none',
  paymentMethodInputs: ['card', 'bank_account', 'gateway_token', 'prior_transaction'],
  recurrences: { intervals: {}, named: [], openEnded: false, currencies: [] },
  paging: 'page-number',
  lossless: {
    /** Not `phone`: Valor keeps digits only, so "612-555-0100" reads back as "6125550100". */
    customer: ['name', 'email', 'company'],
    /**
     * Not `label`: Valor keeps one label per entry (shared by both halves) and unique per
     * customer, so a repeated label comes back suffixed ("Home (2)", with a warning).
     */
    address: ['name', 'line1', 'line2', 'city', 'region', 'postalCode'],
    /** V12 does not return the expiry. */
    card: ['holderName'],
    bankAccount: ['accountType', 'holderType', 'holderName'],
  },
  paymentMethodStatus: true,
  assumptions: [
    'Twelve of the eighteen vault paths are guessed from the naming pattern of the six confirmed ones (GATEWAY-FACTS §3.4; docs/wire-assumptions.md V.1); every path is overridable.',
    'V5 edit customer is PUT with the V1 fields; an address_details entry with address_id updates that entry, one without adds an entry (wire-assumptions V.2).',
    'V6 customer transactions take start_date / end_date (YYYY-MM-DD), limit and offset (wire-assumptions V.2).',
    'V14 list customers takes page_number (1-based) and page_size (1–100) (wire-assumptions V.2).',
    'V7 update card takes expiry "MM/YY" and cardholder_name; V10 status takes "active" | "inactive".',
    'V3 / V9 ACH bodies: account_number, routing_number, payee_name, account_type C|S, entry_class Business|Personal (GATEWAY-FACTS §3.5 INFERRED).',
    'The 5-card cap answers "Maximum of 5 payment profiles reached for this customer"; the 5-address cap "Maximum of 5 addresses reached for this customer".',
    'Valor has no country field: addresses are US addresses.',
  ],
} as const satisfies Capabilities

export type ValorCapabilities = typeof valorCapabilities
