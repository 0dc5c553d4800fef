/**
 * A capabilities record says, as static data, what an adapter can do: which operations exist,
 * how many addresses and payment methods a customer holds, which payment-method inputs and
 * schedules it accepts, how it pages, and which fields survive a round trip unchanged. It drives
 * the contract suite, migration planning and, through `Vault<C>`, the compiler.
 */
import type { AddressFields } from './model/address'
import type { CustomerFields } from './model/customer'
import type { PaymentMethodInputKind } from './model/paymentMethod'
import type { DayOfMonth, IntervalUnit, RecurrenceStatus, Schedule } from './model/recurrence'

// ---- model

/** @category Capabilities */
export interface OperationFlags {
  readonly customers: {
    readonly create: boolean
    readonly get: boolean
    readonly findByReference: boolean
    readonly update: boolean
    readonly delete: boolean
    readonly list: boolean
  }
  readonly addresses: {
    readonly add: boolean
    readonly update: boolean
    readonly remove: boolean
  }
  readonly paymentMethods: {
    readonly add: boolean
    readonly list: boolean
    readonly update: boolean
    readonly remove: boolean
    readonly setDefault: boolean
  }
  readonly recurrences: {
    readonly create: boolean
    readonly get: boolean
    readonly update: boolean
    readonly delete: boolean
    readonly listByCustomer: boolean
  }
}

/** @category Capabilities */
export type PortName = keyof OperationFlags
/** @category Capabilities */
export type OperationName = {
  [P in PortName]: `${P}.${Extract<keyof OperationFlags[P], string>}`
}[PortName]

/**
 * A limit that a gateway either enforces at some number, or does not have (null).
 * @category Capabilities
 */
export type Limit = number | null

/** @category Capabilities */
export interface Capabilities {
  /** A stable machine name: `paytrace`, `fluidpay`, `valor`, `memory`. */
  readonly gateway: string
  readonly displayName: string
  readonly operations: OperationFlags
  readonly limits: {
    readonly addressesPerCustomer: Limit
    readonly billingAddressesPerCustomer: Limit
    readonly shippingAddressesPerCustomer: Limit
    readonly paymentMethodsPerCustomer: Limit
    readonly cardsPerCustomer: Limit
    readonly bankAccountsPerCustomer: Limit
    readonly maxPageSize: number
    readonly referenceMaxLength: Limit
  }
  /** Whether the merchant picks its own key for a customer, and if it must. */
  readonly customerReference: 'required' | 'optional' | 'none'
  /** Charset rule for references, as a regular-expression source, where the gateway has one. */
  readonly referencePattern?: string
  readonly paymentMethodInputs: ReadonlyArray<PaymentMethodInputKind>
  readonly recurrences: {
    /** Interval units and the `every` values the gateway can express for each. */
    readonly intervals: Readonly<Partial<Record<IntervalUnit, ReadonlyArray<number>>>>
    /** Gateway-specific named schedules it accepts. */
    readonly named: ReadonlyArray<Schedule>
    readonly openEnded: boolean
    readonly currencies: ReadonlyArray<string>
    /**
     * Whether a schedule can name the day it charges on: the day of the month (month and year
     * units) and the weekday (week units). Absent: neither.
     */
    readonly anchors?: { readonly dayOfMonth: boolean; readonly weekday: boolean }
    /** The day pairs a `days_of_month` schedule may use (`[[1, 15]]`); absent: none. */
    readonly daysOfMonth?: ReadonlyArray<ReadonlyArray<DayOfMonth>>
    /** Whether a schedule can stop after a count. Absent: it can. */
    readonly finiteCounts?: boolean
    /** The statuses `recurrences.update` can set. Absent: none (status is the gateway's). */
    readonly settableStatuses?: ReadonlyArray<RecurrenceStatus>
    /** The payment-method kinds a schedule can charge. Absent: cards and bank accounts. */
    readonly paymentMethodKinds?: ReadonlyArray<'card' | 'bank_account'>
  }
  readonly paging: 'offset' | 'page-number' | 'none'
  /**
   * Fields that read back exactly as written. The contract suite checks each one; migration
   * compares only fields both ends declare.
   */
  readonly lossless: {
    readonly customer: ReadonlyArray<keyof CustomerFields>
    readonly address: ReadonlyArray<keyof AddressFields>
    readonly card: ReadonlyArray<'expiry' | 'holderName'>
    readonly bankAccount: ReadonlyArray<'accountType' | 'holderType' | 'secCode' | 'holderName'>
  }
  /** Whether a payment method can be set inactive and stay listed with that status. */
  readonly paymentMethodStatus: boolean
  /** Wire facts this adapter assumes rather than knows, for docs and the capability table. */
  readonly assumptions: ReadonlyArray<string>
}

// ---- utils

/** @category Capabilities */
export const allOperations = (on: boolean): OperationFlags => ({
  customers: { create: on, get: on, findByReference: on, update: on, delete: on, list: on },
  addresses: { add: on, update: on, remove: on },
  paymentMethods: { add: on, list: on, update: on, remove: on, setDefault: on },
  recurrences: { create: on, get: on, update: on, delete: on, listByCustomer: on },
})

/** @category Capabilities */
export const supports = (caps: Capabilities, op: OperationName): boolean => {
  const [port, name] = op.split('.') as [PortName, string]
  return (caps.operations[port] as Record<string, boolean>)[name] === true
}

/** @category Capabilities */
export const operationNames = (
  flags: OperationFlags = allOperations(true),
): ReadonlyArray<OperationName> =>
  (Object.keys(flags) as PortName[]).flatMap((port) =>
    Object.keys(flags[port]).map((name) => `${port}.${name}` as OperationName),
  )

/**
 * Whether a schedule is one this gateway can store.
 * @category Capabilities
 */
export const canSchedule = (caps: Capabilities, schedule: Schedule): boolean => {
  const r = caps.recurrences
  switch (schedule.kind) {
    case 'interval': {
      if (!(r.intervals[schedule.unit] ?? []).includes(schedule.every)) return false
      if (schedule.dayOfMonth !== undefined && r.anchors?.dayOfMonth !== true) return false
      return schedule.weekday === undefined || r.anchors?.weekday === true
    }
    case 'days_of_month':
      return (r.daysOfMonth ?? []).some(
        (days) =>
          days.length === schedule.days.length && days.every((d, i) => d === schedule.days[i]),
      )
    case 'named':
      return r.named.some(
        (n) => n.kind === 'named' && n.gateway === schedule.gateway && n.code === schedule.code,
      )
  }
}
