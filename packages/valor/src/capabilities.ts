/**
 * What the Valor vault can do, as static data. Declared `as const` so that `Vault<typeof
 * valorCapabilities>` makes the operations Valor lacks (setDefault, findByReference)
 * uncallable at compile time. `valorCapabilities` is a vault configured with an EPI and the
 * default subscription settings; `capabilitiesFor` narrows it for other configs (no EPI: no
 * recurrences; `countFormat: 'none'`: no finite counts).
 */
import type { Capabilities } from '@vaultport/core'
import type { ValorSettings } from './config'

/** @category Capabilities */
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
    /**
     * Valor's subscription API (its own host, with an EPI): `get` and `listByCustomer` read the
     * list call (no single read is known); `listByCustomer` needs each item to name its customer.
     */
    recurrences: {
      create: true,
      get: true,
      update: true,
      delete: true,
      listByCustomer: true,
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
  recurrences: {
    /** `recurring_type` 0 weekly, 1 bi-weekly, 2 monthly, 3 quarterly, 4 annual. */
    intervals: { week: [1, 2], month: [1, 3], year: [1] },
    named: [],
    /** `charge_until: "never_expired"`. */
    openEnded: true,
    currencies: ['USD'],
    /** `charge_on`: a weekday, or a day of the month 1–30 (31 and `last` go as 30, warned). */
    anchors: { dayOfMonth: true, weekday: true },
    /** A count in `charge_until`, in the assumed format (`countFormat: 'remaining'`). */
    finiteCounts: true,
    /** VR4 deactivate pauses, VR3 activate resumes; delete (VR5) is the only cancel. */
    settableStatuses: ['paused', 'active'],
    /** No bank-account `payment_info` is known. */
    paymentMethodKinds: ['card'],
  },
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
    'Twelve of the eighteen vault paths are guessed from the naming pattern of the six confirmed ones (docs/wire-assumptions.md V.1; docs/gateways/sources.md#valor-customers); every path is overridable.',
    'V5 edit customer is PUT with the V1 fields; an address_details entry with address_id updates that entry, one without adds an entry (wire-assumptions V.2).',
    'V6 customer transactions take start_date / end_date (YYYY-MM-DD), limit and offset (wire-assumptions V.2).',
    'V14 list customers takes page_number (1-based) and page_size (1–100) (wire-assumptions V.2).',
    'V7 update card takes expiry "MM/YY" and cardholder_name; V10 status takes "active" | "inactive".',
    'V3 / V9 ACH bodies: account_number, routing_number, payee_name, account_type C|S, entry_class Business|Personal (inferred; docs/gateways/sources.md#valor-payment-methods).',
    'The 5-card cap answers "Maximum of 5 payment profiles reached for this customer"; the 5-address cap "Maximum of 5 addresses reached for this customer".',
    'Valor has no country field: addresses are US addresses.',
    'Subscriptions run on their own host (production presumed https://securelink.valorpaytech.com) with appid, appkey and epi in each JSON body; deactivate, delete and the list call come from one integrator.',
    "The subscription list's answer keys (data, subscription_id, status active|inactive, payments_count, payment_info, amount, recurring_type, charge_on, subscription_starts_from, charge_until, invoice_no) are assumed and configurable; its status filter is a boolean and its start-date filter is optional.",
    'charge_until takes a count as the number of charges (countFormat remaining); a count is set at create only, since an update that resent it might start it again.',
    'charge_on "0" is Sunday (weekdayZero); quarterly and annual months count from the first charge on or after the start (anchorMonth); a day 29 or 30 charges on the last day of a shorter month.',
    'Valor shows no next charge date: nextDate is worked out from the start date, charge_on and today (UTC).',
    'An update keeps what it is not sent (a past start date, the count, the invoice number).',
  ],
} as const satisfies Capabilities

/** @category Capabilities */
export type ValorCapabilities = typeof valorCapabilities

const noRecurrences = {
  ...valorCapabilities,
  operations: {
    ...valorCapabilities.operations,
    recurrences: { create: false, get: false, update: false, delete: false, listByCustomer: false },
  },
  recurrences: { intervals: {}, named: [], openEnded: false, currencies: [] },
} as const satisfies Capabilities

const openEndedOnly = {
  ...valorCapabilities,
  recurrences: { ...valorCapabilities.recurrences, finiteCounts: false },
} as const satisfies Capabilities

/**
 * The capabilities of a vault with these settings: without an EPI there are no recurrences;
 * with `countFormat: 'none'` every schedule runs until cancelled.
 */
export const capabilitiesFor = (settings: Pick<ValorSettings, 'subscriptions'>): Capabilities =>
  settings.subscriptions === undefined
    ? noRecurrences
    : settings.subscriptions.countFormat === 'none'
      ? openEndedOnly
      : valorCapabilities
