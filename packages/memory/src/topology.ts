/**
 * A topology is the shape of vault the memory adapter imitates: how many addresses and payment
 * methods a customer holds, which inputs it accepts, whether it keeps references and schedules.
 * Each topology yields the capabilities record that says so, and the memory vault then enforces
 * exactly those limits, so an app tested against `topologies.paytraceLike` meets PayTrace's walls.
 */
import {
  addressFieldNames,
  allOperations,
  customerFieldNames,
  type Capabilities,
  type IntervalUnit,
  type Limit,
  type NamedSchedule,
  type PaymentMethodInputKind,
} from '@vaultport/core'

// ---- model

/** @category Capabilities */
export interface MemoryTopology {
  /** Shown in capabilities' displayName: `Memory (paytrace-like)`. */
  readonly name: string
  readonly addressesPerCustomer: Limit
  readonly billingAddressesPerCustomer: Limit
  readonly shippingAddressesPerCustomer: Limit
  readonly paymentMethodsPerCustomer: Limit
  readonly cardsPerCustomer: Limit
  readonly bankAccountsPerCustomer: Limit
  /** Whether the recurrences port exists at all. */
  readonly recurrences: boolean
  readonly paymentMethodInputs: ReadonlyArray<PaymentMethodInputKind>
  readonly customerReference: 'required' | 'optional' | 'none'
  readonly referenceMaxLength: Limit
  readonly referencePattern?: string
  readonly maxPageSize: number
  readonly intervals: Readonly<Partial<Record<IntervalUnit, ReadonlyArray<number>>>>
  readonly namedSchedules: ReadonlyArray<NamedSchedule>
  readonly openEnded: boolean
  readonly currencies: ReadonlyArray<string>
  /** Billing days, day pairs, counts, statuses and charged kinds, as the capabilities say them. */
  readonly schedules?: ScheduleShape
  readonly paymentMethodStatus: boolean
  /** Whether a stored card's expiry is read back (Valor's vault does not return it). */
  readonly cardExpiryReadBack: boolean
}

/** @category Capabilities */
export type ScheduleShape = Pick<
  Capabilities['recurrences'],
  'anchors' | 'daysOfMonth' | 'finiteCounts' | 'settableStatuses' | 'paymentMethodKinds'
>

// ---- presets

const range = (from: number, to: number): ReadonlyArray<number> =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** Everything, no limits: the reference semantics. */
const full: MemoryTopology = {
  name: 'full',
  addressesPerCustomer: null,
  billingAddressesPerCustomer: null,
  shippingAddressesPerCustomer: null,
  paymentMethodsPerCustomer: null,
  cardsPerCustomer: null,
  bankAccountsPerCustomer: null,
  recurrences: true,
  paymentMethodInputs: ['card', 'bank_account', 'gateway_token', 'wallet', 'prior_transaction'],
  customerReference: 'optional',
  referenceMaxLength: 100,
  maxPageSize: 1000,
  intervals: { day: range(1, 365), week: range(1, 52), month: range(1, 24), year: range(1, 5) },
  namedSchedules: [{ kind: 'named', gateway: 'memory', code: '1st-15th', label: '1st and 15th' }],
  openEnded: true,
  currencies: ['USD', 'CAD', 'EUR'],
  schedules: {
    anchors: { dayOfMonth: true, weekday: true },
    daysOfMonth: [[1, 15]],
    finiteCounts: true,
    settableStatuses: ['active', 'paused', 'cancelled', 'completed'],
  },
  paymentMethodStatus: true,
  cardExpiryReadBack: true,
}

/** PayTrace-shaped: one billing + one shipping slot, one card + one check, a required label. */
const paytraceLike: MemoryTopology = {
  ...full,
  name: 'paytrace-like',
  addressesPerCustomer: 2,
  billingAddressesPerCustomer: 1,
  shippingAddressesPerCustomer: 1,
  paymentMethodsPerCustomer: 2,
  cardsPerCustomer: 1,
  bankAccountsPerCustomer: 1,
  paymentMethodInputs: ['card', 'bank_account', 'gateway_token', 'prior_transaction'],
  customerReference: 'required',
  referenceMaxLength: 50,
  maxPageSize: 50,
  intervals: { day: [1], week: [1, 2], month: [1, 2, 3, 4, 6, 12], year: [1] },
  namedSchedules: [
    { kind: 'named', gateway: 'paytrace', code: '7', label: '1st and 15th of each month' },
  ],
  currencies: ['USD'],
  schedules: {
    anchors: { dayOfMonth: true, weekday: true },
    daysOfMonth: [[1, 15]],
    finiteCounts: true,
    settableStatuses: [],
    paymentMethodKinds: ['card', 'bank_account'],
  },
  paymentMethodStatus: false,
}

/** FluidPay-shaped: lists of addresses and methods, an alphanumeric custom id, monthly subscriptions. */
const fluidpayLike: MemoryTopology = {
  ...full,
  name: 'fluidpay-like',
  // Only the default shipping address reads back as shipping at FluidPay.
  shippingAddressesPerCustomer: 1,
  recurrences: true,
  paymentMethodInputs: ['card', 'bank_account', 'gateway_token', 'wallet'],
  customerReference: 'optional',
  referenceMaxLength: 40,
  referencePattern: '^[a-zA-Z0-9]{1,40}$',
  maxPageSize: 100,
  intervals: { day: [1], month: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], year: [1] },
  namedSchedules: [],
  openEnded: true,
  currencies: ['USD'],
  schedules: {
    anchors: { dayOfMonth: true, weekday: false },
    daysOfMonth: [[1, 15]],
    finiteCounts: true,
    settableStatuses: ['paused', 'active', 'cancelled', 'completed'],
    paymentMethodKinds: ['card', 'bank_account'],
  },
  paymentMethodStatus: false,
}

/** Valor-shaped: five address pairs, at most five cards, no reference, card-only schedules, no expiry read-back. */
const valorLike: MemoryTopology = {
  ...full,
  name: 'valor-like',
  addressesPerCustomer: 10,
  billingAddressesPerCustomer: 5,
  shippingAddressesPerCustomer: 5,
  paymentMethodsPerCustomer: null,
  cardsPerCustomer: 5,
  bankAccountsPerCustomer: null,
  recurrences: true,
  paymentMethodInputs: ['card', 'bank_account', 'gateway_token', 'prior_transaction'],
  customerReference: 'none',
  referenceMaxLength: null,
  maxPageSize: 100,
  intervals: { week: [1, 2], month: [1, 3], year: [1] },
  namedSchedules: [],
  openEnded: true,
  currencies: ['USD'],
  schedules: {
    anchors: { dayOfMonth: true, weekday: true },
    finiteCounts: true,
    settableStatuses: ['paused', 'active'],
    paymentMethodKinds: ['card'],
  },
  paymentMethodStatus: true,
  cardExpiryReadBack: false,
}

/**
 * Ready-made topologies: the reference one and one shaped like each supported gateway.
 * @category Capabilities
 */
export const topologies = { full, paytraceLike, fluidpayLike, valorLike } as const
/** @category Capabilities */
export type TopologyName = keyof typeof topologies

/** @category Capabilities */
export const defaultTopology: MemoryTopology = full

// ---- capabilities

/**
 * The capabilities record a memory vault of this topology declares (and enforces).
 * @category Capabilities
 */
export const capabilitiesFor = (topology: MemoryTopology): Capabilities => {
  const ops = allOperations(true)
  return {
    gateway: 'memory',
    displayName: `Memory (${topology.name})`,
    operations: {
      ...ops,
      customers: { ...ops.customers, findByReference: topology.customerReference !== 'none' },
      recurrences: allOperations(topology.recurrences).recurrences,
    },
    limits: {
      addressesPerCustomer: topology.addressesPerCustomer,
      billingAddressesPerCustomer: topology.billingAddressesPerCustomer,
      shippingAddressesPerCustomer: topology.shippingAddressesPerCustomer,
      paymentMethodsPerCustomer: topology.paymentMethodsPerCustomer,
      cardsPerCustomer: topology.cardsPerCustomer,
      bankAccountsPerCustomer: topology.bankAccountsPerCustomer,
      maxPageSize: topology.maxPageSize,
      referenceMaxLength: topology.referenceMaxLength,
    },
    customerReference: topology.customerReference,
    ...(topology.referencePattern === undefined
      ? {}
      : { referencePattern: topology.referencePattern }),
    paymentMethodInputs: topology.paymentMethodInputs,
    recurrences: {
      intervals: topology.recurrences ? topology.intervals : {},
      named: topology.recurrences ? topology.namedSchedules : [],
      openEnded: topology.recurrences && topology.openEnded,
      currencies: topology.recurrences ? topology.currencies : [],
      ...(topology.recurrences ? topology.schedules : {}),
    },
    paging: 'offset',
    lossless: {
      customer: customerFieldNames.filter(
        (f) => f !== 'reference' || topology.customerReference !== 'none',
      ),
      address: addressFieldNames,
      card: topology.cardExpiryReadBack ? ['expiry', 'holderName'] : ['holderName'],
      bankAccount: ['accountType', 'holderType', 'secCode', 'holderName'],
    },
    paymentMethodStatus: topology.paymentMethodStatus,
    assumptions: [],
  }
}
