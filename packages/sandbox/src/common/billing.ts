/**
 * The billing clock every simulator shares. Nothing is charged by the passing of time: a test
 * (or the admin API) asks the clock to advance to a date, and every charge due up to then runs
 * in date order, each recorded in the charge log, which the test then reads. The simulator's own
 * clock (timestamps, token expiry, "today" in date checks) moves with it.
 *
 * A charge is due on its billing day at the run time (`billing.runAt` in `billing.timeZone`,
 * default 02:00 UTC). The simulators say what is due (`BillingSource`); the clock orders the
 * runs, stamps and keeps the charges.
 */
import { addDaysTo, dayIn, instantAt, isDay } from './calendar'
import type { GatewayName, JsonObject, SimResponse } from './engine'
import { json } from './engine'
import { type BillingSettings, defaultBilling } from './recurringKnobs'

/**
 * One charge a simulator made for a schedule (or at a subscription's create or update).
 * @category Billing clock
 */
export interface Charge {
  readonly gateway: GatewayName
  /** The merchant's own id at the gateway: PayTrace `merchant_id`, FluidPay owner id, Valor EPI. */
  readonly merchant: string
  /** Index of the merchant's credentials in `allCredentials` (0 = the default merchant). */
  readonly credential: number
  /** The gateway's customer id (vault customer), as a string. */
  readonly customerId: string
  /** The gateway's schedule id (recurrence, subscription), as a string. */
  readonly scheduleId: string
  /** The stored payment method charged: PayTrace `card`/`check`, FluidPay's id, Valor's payment profile id. */
  readonly paymentMethodId: string
  /** Integer cents. */
  readonly amountCents: number
  /** The billing date the charge is for, `YYYY-MM-DD` (for create/update charges, the day it ran). */
  readonly date: string
  /** The period the charge pays for: from `date` to the day before the schedule's next date. */
  readonly periodStart: string
  readonly periodEnd: string
  /** How many charges of this schedule have been approved, this one included (0 if it failed). */
  readonly sequence: number
  /** When it ran (ISO 8601): the run time of `date`, or the request time of a create/update charge. */
  readonly at: string
  /** The gateway-style transaction id; empty when the charge failed. */
  readonly transactionId: string
  readonly outcome: 'approved' | 'failed'
  /** Why it failed (a missing customer or payment method). */
  readonly reason?: string
  /** `schedule` for a billing run, `create`/`update` for a charge made by that request. */
  readonly trigger: 'schedule' | 'create' | 'update'
}

/** What a simulator fills in; the clock adds the gateway and the time. */
export type ChargeInput = Omit<Charge, 'gateway' | 'at'>

/** A charge a schedule has due: its billing day, and how to make it. */
export interface DueCharge {
  readonly date: string
  /**
   * Makes the charge and moves the schedule on (next date, counts, completion); answers the
   * charge and the same schedule's next charge due by the same day, if any.
   */
  readonly run: () => { readonly charge: ChargeInput; readonly next: DueCharge | null }
}

/** What each simulator gives the clock. */
export interface BillingSource {
  /**
   * Each schedule's next charge due on or before `through` (`YYYY-MM-DD`), in the order ties
   * are run: merchant (credentials order), then schedule (creation order).
   */
  readonly due: (through: string) => readonly DueCharge[]
}

/** What each simulator's handlers use. */
export interface BillingContext {
  /** The simulator's clock: its base clock plus every jump the billing clock made. */
  readonly now: () => Date
  /** Today in the billing time zone, `YYYY-MM-DD`. */
  readonly today: () => string
  /** Records a charge made by a request (not by a run), stamped now. */
  readonly record: (charge: ChargeInput) => Charge
}

/**
 * Narrows `charges()`; every field left out matches everything. Dates compare `date`, inclusive.
 * @category Billing clock
 */
export interface ChargeFilter {
  readonly customerId?: string
  readonly scheduleId?: string
  readonly credential?: number
  readonly merchant?: string
  readonly outcome?: 'approved' | 'failed'
  readonly from?: string
  readonly to?: string
}

/**
 * The billing clock as tests drive it (`RunningSandbox.billing`).
 * @category Billing clock
 */
export interface BillingControl {
  /**
   * Moves the clock to `to` and runs every charge due by then, in order; returns them. `to` is a
   * day `YYYY-MM-DD` (its run time: that day's charges are included) or an instant (a `Date` or
   * an ISO 8601 string). A `to` already past moves nothing but still runs what is due by it.
   */
  readonly advanceTo: (to: string | Date) => readonly Charge[]
  /** Every charge recorded since the start (or the last `clearCharges`/`reset`), in order. */
  readonly charges: (filter?: ChargeFilter) => readonly Charge[]
  readonly now: () => Date
  readonly today: () => string
  /** Empties the charge log (schedules and the clock are untouched). */
  readonly clearCharges: () => void
}

/** A guard against a schedule that never moves on. */
const MAX_CHARGES_PER_ADVANCE = 1_000_000

interface Queued {
  readonly due: DueCharge
  /** Tie order: the schedule's place in the source's list. */
  readonly order: number
}

const before = (a: Queued, b: Queued): boolean =>
  a.due.date < b.due.date || (a.due.date === b.due.date && a.order < b.order)

/** A binary min-heap of due charges, by date then tie order. */
class DueQueue {
  private readonly items: Queued[] = []

  get size(): number {
    return this.items.length
  }

  push(item: Queued): void {
    const a = this.items
    a.push(item)
    let i = a.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(a[i] as Queued, a[parent] as Queued)) break
      ;[a[i], a[parent]] = [a[parent] as Queued, a[i] as Queued]
      i = parent
    }
  }

  pop(): Queued | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length === 0 || last === undefined) return top
    a[0] = last
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < a.length && before(a[l] as Queued, a[m] as Queued)) m = l
      if (r < a.length && before(a[r] as Queued, a[m] as Queued)) m = r
      if (m === i) break
      ;[a[i], a[m]] = [a[m] as Queued, a[i] as Queued]
      i = m
    }
    return top
  }
}

export const matchesFilter = (c: Charge, f: ChargeFilter): boolean =>
  (f.customerId === undefined || c.customerId === f.customerId) &&
  (f.scheduleId === undefined || c.scheduleId === f.scheduleId) &&
  (f.credential === undefined || c.credential === f.credential) &&
  (f.merchant === undefined || c.merchant === f.merchant) &&
  (f.outcome === undefined || c.outcome === f.outcome) &&
  (f.from === undefined || c.date >= f.from) &&
  (f.to === undefined || c.date <= f.to)

/** The instant `to` names: a day is its run time; anything else must parse as an instant. */
export const targetInstant = (to: string | Date, settings: BillingSettings): Date => {
  if (to instanceof Date) {
    if (Number.isNaN(to.getTime())) throw new Error('advanceTo: invalid Date')
    return to
  }
  if (isDay(to)) return instantAt(to, settings.runAt, settings.timeZone)
  const t = /^\d{4}-\d{2}-\d{2}T/.test(to) ? Date.parse(to) : Number.NaN
  if (Number.isNaN(t))
    throw new Error(
      `advanceTo: ${JSON.stringify(to)} is neither YYYY-MM-DD nor an ISO 8601 instant`,
    )
  return new Date(t)
}

export class BillingClock implements BillingContext, BillingControl {
  private offsetMs = 0
  private log: Charge[] = []
  private source: BillingSource | null = null

  constructor(
    private readonly gateway: GatewayName,
    private readonly base: () => Date,
    private readonly settings: () => BillingSettings = defaultBilling,
  ) {}

  /** Connects the simulator whose charges this clock runs. */
  attach(source: BillingSource): void {
    this.source = source
  }

  readonly now = (): Date => new Date(this.base().getTime() + this.offsetMs)

  readonly today = (): string => dayIn(this.now(), this.settings().timeZone)

  readonly record = (charge: ChargeInput): Charge => this.push(charge, this.now())

  private push(charge: ChargeInput, at: Date): Charge {
    const stamped: Charge = { gateway: this.gateway, ...charge, at: at.toISOString() }
    this.log.push(stamped)
    return stamped
  }

  /** The last day whose run time is at or before `t`. */
  private lastRunDay(t: Date): string {
    const { runAt, timeZone } = this.settings()
    const day = dayIn(t, timeZone)
    return instantAt(day, runAt, timeZone).getTime() <= t.getTime() ? day : addDaysTo(day, -1)
  }

  readonly advanceTo = (to: string | Date): readonly Charge[] => {
    const settings = this.settings()
    const target = targetInstant(to, settings)
    const now = this.now()
    if (target.getTime() > now.getTime()) this.offsetMs += target.getTime() - now.getTime()
    const through = this.lastRunDay(target)
    const out: Charge[] = []
    if (this.source === null) return out
    const runTimes = new Map<string, Date>()
    const runTimeOf = (day: string): Date => {
      let t = runTimes.get(day)
      if (t === undefined)
        runTimes.set(day, (t = instantAt(day, settings.runAt, settings.timeZone)))
      return t
    }
    const queue = new DueQueue()
    this.source.due(through).forEach((due, order) => queue.push({ due, order }))
    for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
      if (out.length >= MAX_CHARGES_PER_ADVANCE)
        throw new Error(`billing: more than ${MAX_CHARGES_PER_ADVANCE} charges in one advance`)
      const { charge, next } = item.due.run()
      out.push(this.push(charge, runTimeOf(item.due.date)))
      if (next !== null) queue.push({ due: next, order: item.order })
    }
    return out
  }

  readonly charges = (filter: ChargeFilter = {}): readonly Charge[] =>
    this.log.filter((c) => matchesFilter(c, filter))

  readonly clearCharges = (): void => {
    this.log = []
  }

  get settingsNow(): BillingSettings {
    return this.settings()
  }
}

// ---- the admin API (`/__sandbox/billing…`)

const filterOf = (query: URLSearchParams): ChargeFilter => {
  const out: { -readonly [K in keyof ChargeFilter]: ChargeFilter[K] } = {}
  for (const key of ['customerId', 'scheduleId', 'merchant', 'from', 'to'] as const) {
    const v = query.get(key)
    if (v !== null) out[key] = v
  }
  const credential = query.get('credential')
  if (credential !== null) {
    if (!/^\d+$/.test(credential)) throw new Error('credential must be an integer ≥ 0')
    out.credential = Number(credential)
  }
  const outcome = query.get('outcome')
  if (outcome !== null) {
    if (outcome !== 'approved' && outcome !== 'failed')
      throw new Error("outcome must be 'approved' or 'failed'")
    out.outcome = outcome
  }
  return out
}

const clockView = (clock: BillingClock): JsonObject => ({
  now: clock.now().toISOString(),
  today: clock.today(),
  ...clock.settingsNow,
})

/** Answers an admin request under `billing`, or `null` when the name is not a billing one. */
export const billingAdmin = (
  clock: BillingClock,
  method: string,
  name: string,
  body: unknown,
  query: URLSearchParams,
): SimResponse | null => {
  if (name === 'billing' && method === 'GET')
    return json(200, { ...clockView(clock), charges: clock.charges().length })
  if (name === 'billing/advance' && method === 'POST') {
    const to = typeof body === 'object' && body !== null ? (body as JsonObject).to : undefined
    if (typeof to !== 'string')
      throw new Error('body must be {"to": "YYYY-MM-DD" or an ISO instant}')
    const charges = clock.advanceTo(to)
    return json(200, { ...clockView(clock), charges })
  }
  if (name === 'billing/charges' && method === 'GET') {
    const charges = clock.charges(filterOf(query))
    return json(200, { charges, total_count: charges.length })
  }
  if (name === 'billing/clear' && method === 'POST') {
    const cleared = clock.charges().length
    clock.clearCharges()
    return json(200, { cleared })
  }
  return null
}
