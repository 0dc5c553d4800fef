/**
 * The knob groups of recurring billing: when the billing clock runs (`billing`), and the
 * switches for what the FluidPay and Valor documents leave open about subscriptions
 * (`fluidpayRecurring`, `valorRecurring`). Types, defaults and the parsing of untrusted patches.
 */
import { checkTimeZone } from './calendar'

/**
 * When the billing clock's runs happen (the same in every simulator unless set apart).
 * @category Knobs
 */
export interface BillingSettings {
  /** IANA time zone of the billing day and of `runAt`. Default `'UTC'`. */
  readonly timeZone: string
  /** Local time of the daily run, `HH:MM` (24 h). Default `'02:00'`. */
  readonly runAt: string
}

/**
 * FluidPay subscription behaviours no public source settles.
 * @category Knobs
 */
export interface FluidPayRecurringRules {
  /** Charge once when a subscription is created, before `next_bill_date`. Default `false`. */
  readonly chargeOnCreate: boolean
  /** Answer GET-by-id of add-ons, discounts, plans and subscriptions with `data: [record]`. Default `false`. */
  readonly getByIdAsArray: boolean
  /** Which `next_bill_date` a create, update or reactivation accepts. Default `'afterToday'`. */
  readonly nextBillDate: 'afterToday' | 'todayOrLater' | 'any'
  /** `charge_on_day: true` also moves `next_bill_date` to today (else only `billing_days`). Default `false`. */
  readonly chargeOnDayMovesDate: boolean
  /** A billing day of 29–31 in a shorter month: bill on its last day, or not that month. Default `'lastDay'`. */
  readonly shortMonths: 'lastDay' | 'skip'
  /** `cancelled` and `stopped` cannot be reactivated. Default `true`. */
  readonly cancelledIsFinal: boolean
  /** What a record's `duration` shows: the value set, or the billings still to run. Default `'asSet'`. */
  readonly durationShows: 'asSet' | 'remaining'
  /** A flat `customer_id` search filter: ignored (every subscription matches) or honoured. Default `'ignored'`. */
  readonly flatCustomerFilter: 'ignored' | 'honoured'
}

/**
 * Valor subscription behaviours no public source settles.
 * @category Knobs
 */
export interface ValorRecurringRules {
  /**
   * A valid add answered with an empty `text/html` HTTP 200: `'created'` still stores the
   * subscription, `'notCreated'` stores nothing (what the one public report describes). Default
   * `'off'`. `true` and `false` are read as `'created'` and `'off'`.
   */
  readonly emptyAddAnswer: 'off' | 'created' | 'notCreated'
  /** Which weekday `charge_on: "0"` is for weekly and bi-weekly schedules. Default `'sunday'`. */
  readonly weekdayZero: 'sunday' | 'monday'
  /** `charge_until`: `never_expired` or a remaining count, or `never_expired` only. Default `'neverOrCount'`. */
  readonly chargeUntil: 'neverOrCount' | 'neverOnly'
  /** `is_validate_card: "0"` charges now; with `'chargeNowSkipFirst'` that charge stands for the first scheduled one. Default `'chargeNow'`. */
  readonly validateCardZero: 'chargeNow' | 'chargeNowSkipFirst'
  /** `recurring_type: "6"` ("Run at"): refused, or one charge on the start date. Default `'refuse'`. */
  readonly runAtType: 'refuse' | 'once'
}

export const defaultBilling = (): BillingSettings => ({ timeZone: 'UTC', runAt: '02:00' })

export const defaultFluidPayRecurring = (): FluidPayRecurringRules => ({
  chargeOnCreate: false,
  getByIdAsArray: false,
  nextBillDate: 'afterToday',
  chargeOnDayMovesDate: false,
  shortMonths: 'lastDay',
  cancelledIsFinal: true,
  durationShows: 'asSet',
  flatCustomerFilter: 'ignored',
})

export const defaultValorRecurring = (): ValorRecurringRules => ({
  emptyAddAnswer: 'off',
  weekdayZero: 'sunday',
  chargeUntil: 'neverOrCount',
  validateCardZero: 'chargeNow',
  runAtType: 'refuse',
})

// ---- parsing

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

type Spec = Readonly<Record<string, 'boolean' | readonly string[]>>

/** Reads the known keys of a group against their spec; unknown keys are refused. */
const parseGroup = (u: unknown, group: string, spec: Spec): Record<string, unknown> => {
  if (!isRecord(u)) throw new Error(`${group} must be an object`)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(u)) {
    const rule = spec[key]
    if (rule === undefined) throw new Error(`unknown knob ${group}.${key}`)
    if (value === undefined) continue
    if (rule === 'boolean') {
      if (typeof value !== 'boolean') throw new Error(`${group}.${key} must be true or false`)
    } else if (typeof value !== 'string' || !rule.includes(value)) {
      throw new Error(`${group}.${key} must be one of ${rule.map((v) => `'${v}'`).join(', ')}`)
    }
    out[key] = value
  }
  return out
}

export const parseBilling = (u: unknown): Partial<BillingSettings> => {
  if (!isRecord(u)) throw new Error('billing must be an object')
  const out: { timeZone?: string; runAt?: string } = {}
  for (const key of Object.keys(u)) {
    if (key !== 'timeZone' && key !== 'runAt') throw new Error(`unknown knob billing.${key}`)
  }
  if (u.timeZone !== undefined) {
    if (typeof u.timeZone !== 'string') throw new Error('billing.timeZone must be a string')
    try {
      checkTimeZone(u.timeZone)
    } catch {
      throw new Error(`billing.timeZone ${JSON.stringify(u.timeZone)} is not a known time zone`)
    }
    out.timeZone = u.timeZone
  }
  if (u.runAt !== undefined) {
    if (typeof u.runAt !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(u.runAt))
      throw new Error('billing.runAt must be HH:MM (00:00–23:59)')
    out.runAt = u.runAt
  }
  return out
}

export const parseFluidPayRecurring = (u: unknown): Partial<FluidPayRecurringRules> =>
  parseGroup(u, 'fluidpayRecurring', {
    chargeOnCreate: 'boolean',
    getByIdAsArray: 'boolean',
    nextBillDate: ['afterToday', 'todayOrLater', 'any'],
    chargeOnDayMovesDate: 'boolean',
    shortMonths: ['lastDay', 'skip'],
    cancelledIsFinal: 'boolean',
    durationShows: ['asSet', 'remaining'],
    flatCustomerFilter: ['ignored', 'honoured'],
  }) as Partial<FluidPayRecurringRules>

export const parseValorRecurring = (u: unknown): Partial<ValorRecurringRules> => {
  const raw =
    isRecord(u) && typeof u.emptyAddAnswer === 'boolean'
      ? { ...u, emptyAddAnswer: u.emptyAddAnswer ? 'created' : 'off' }
      : u
  return parseGroup(raw, 'valorRecurring', {
    emptyAddAnswer: ['off', 'created', 'notCreated'],
    weekdayZero: ['sunday', 'monday'],
    chargeUntil: ['neverOrCount', 'neverOnly'],
    validateCardZero: ['chargeNow', 'chargeNowSkipFirst'],
    runAtType: ['refuse', 'once'],
  }) as Partial<ValorRecurringRules>
}
