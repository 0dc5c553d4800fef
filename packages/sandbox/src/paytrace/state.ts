/**
 * The PayTrace simulator's state: the credentials it accepts, the per-merchant vault (customer
 * profiles with their card/check, recurring schedules, the id counters), the token sessions, and
 * the seeding of realistic customers.
 */
import { addDays, formatMdy } from '../common/dates'
import type { SeedOptions, SeedResult } from '../common/engine'
import { seedTarget } from '../common/engine'
import { TEST_ACCOUNT, TEST_CARDS, TEST_ROUTING, type StoredPan, storePan } from '../common/payment'
import { dashedPhone, nameKey, person } from '../common/people'
import { Table } from '../common/table'

// ---- credentials and options

/** @category Credentials */
export interface PayTraceCredentials {
  /** The API user's name (`client_id` of the token grant). */
  readonly clientId: string
  /** The API user's password (`client_secret`). */
  readonly clientSecret: string
  /** Sent as `X-Integrator-Id` (≤ 12 characters); informative only. */
  readonly integratorId: string
  readonly merchantId: number
}

/** @category Credentials */
export const PAYTRACE_CREDENTIALS: PayTraceCredentials = {
  clientId: 'vaultport_sandbox',
  clientSecret: 'sandbox-secret-0001',
  integratorId: 'vaultportsbx',
  merchantId: 246810,
}

export interface PayTraceSimOptions {
  readonly credentials: readonly PayTraceCredentials[]
  readonly clock: () => Date
  readonly seed: number
  /** Access-token lifetime (default 7200 s, docs/wire-assumptions.md P.1). */
  readonly tokenTtlSeconds?: number
  /**
   * Where the token fields sit in the grant answer (public clients disagree, see
   * docs/gateways/sources.md#paytrace-hosts-and-auth): under `data`, at top level, or both (the
   * default, docs/wire-assumptions.md P.1).
   */
  readonly tokenShape?: PayTraceTokenShape
}

/** @category Credentials */
export type PayTraceTokenShape = 'both' | 'data' | 'top'

// ---- records

export const BILLING_KEYS = [
  'name',
  'street_address',
  'street_address2',
  'city',
  'state',
  'postal_code',
  'country',
] as const
export const SHIPPING_KEYS = [...BILLING_KEYS, 'county'] as const
export type Billing = Record<(typeof BILLING_KEYS)[number], string>
export type Shipping = Record<(typeof SHIPPING_KEYS)[number], string>

export interface StoredCard {
  readonly pan: StoredPan
  readonly month: number
  readonly year: number
}

export interface StoredCheck {
  readonly last4: string
  readonly length: number
  readonly routing: string
  readonly accountType: string
  readonly secCode: string
}

export interface Disc {
  readonly disc_id: number | string
  readonly value: string
}

export interface Customer {
  readonly id: number
  label: string
  billing: Billing
  shipping: Shipping
  email: string
  phone: string
  fax: string
  card: StoredCard | undefined
  check: StoredCheck | undefined
  disc: readonly Disc[]
  readonly createdAt: Date
  updatedAt: Date
}

export interface Recurrence {
  readonly id: number
  readonly customerId: number
  amountCents: number
  frequency: string
  readonly startDate: string
  nextDate: string
  /** The day of month monthly-style frequencies come back to (that of the last date set). */
  anchorDay: number
  totalCount: number
  currentCount: number
  repeat: number
  weekend: boolean
  description: string
  transactionType: string
  type: 'C' | 'A'
  secCode: string
  omitSurcharge: boolean
  readonly createdAt: Date
  updatedAt: Date
  lastApproved: { readonly transactionId: string; readonly date: string } | undefined
}

/** The profile fields a create/update body (or the seeder) supplies. */
export interface ProfileInput {
  label?: string
  billing?: Partial<Billing>
  shipping?: Partial<Shipping>
  email?: string
  phone?: string
  fax?: string
  card?: StoredCard
  check?: StoredCheck
  disc?: readonly Disc[]
}

/** The schedule fields a create/update body (or the seeder) supplies. */
export interface RecurrenceInput {
  amountCents?: number
  frequency?: string
  startDate?: string
  totalCount?: number
  transactionType?: string
  type?: 'C' | 'A'
  description?: string
  secCode?: string
  weekend?: boolean
  repeat?: number
}

export interface Merchant {
  readonly credentials: PayTraceCredentials
  readonly customers: Table<number, Customer>
  readonly byLabel: Map<string, number>
  readonly recurrences: Table<number, Recurrence>
  readonly byCustomer: Map<number, Set<number>>
  nextCustomerId: number
  nextRecurrenceId: number
  nextTransactionId: number
}

const newMerchant = (credentials: PayTraceCredentials): Merchant => ({
  credentials,
  customers: new Table(),
  byLabel: new Map(),
  recurrences: new Table(),
  byCustomer: new Map(),
  nextCustomerId: 1_000_001,
  nextRecurrenceId: 500_001,
  nextTransactionId: 70_000_001,
})

// ---- the simulator

export interface Session {
  readonly credentials: PayTraceCredentials
  readonly expiresAt: number
}

/** Everything the handlers work on: the options, the vaults by merchant and the token sessions. */
export interface PayTraceSim {
  readonly options: PayTraceSimOptions
  readonly clock: () => Date
  readonly ttlSeconds: number
  readonly merchants: Map<PayTraceCredentials, Merchant>
  readonly accessTokens: Map<string, Session>
  readonly refreshTokens: Map<string, PayTraceCredentials>
  tokenCounter: number
}

export const makePayTraceSim = (options: PayTraceSimOptions): PayTraceSim => ({
  options,
  clock: options.clock,
  ttlSeconds: options.tokenTtlSeconds ?? 7200,
  merchants: new Map(),
  accessTokens: new Map(),
  refreshTokens: new Map(),
  tokenCounter: 0,
})

export const merchantOf = (sim: PayTraceSim, credentials: PayTraceCredentials): Merchant => {
  let m = sim.merchants.get(credentials)
  if (m === undefined) {
    m = newMerchant(credentials)
    sim.merchants.set(credentials, m)
  }
  return m
}

// ---- inserting (the id counters live on the merchant)

const emptyBilling = (): Billing => ({
  name: '',
  street_address: '',
  street_address2: '',
  city: '',
  state: '',
  postal_code: '',
  country: '',
})

export const insertCustomer = (
  sim: PayTraceSim,
  m: Merchant,
  input: ProfileInput & { label: string },
): Customer => {
  const now = sim.clock()
  const c: Customer = {
    id: m.nextCustomerId++,
    label: input.label,
    billing: { ...emptyBilling(), ...input.billing },
    shipping: { ...emptyBilling(), county: '', ...input.shipping },
    email: input.email ?? '',
    phone: input.phone ?? '',
    fax: input.fax ?? '',
    card: input.card,
    check: input.check,
    disc: input.disc ?? [],
    createdAt: now,
    updatedAt: now,
  }
  m.customers.set(c.id, c)
  m.byLabel.set(c.label, c.id)
  return c
}

export const insertRecurrence = (
  sim: PayTraceSim,
  m: Merchant,
  c: Customer,
  input: Required<Omit<RecurrenceInput, 'secCode'>> & { secCode: string; omitSurcharge: boolean },
): Recurrence => {
  const now = sim.clock()
  const rec: Recurrence = {
    id: m.nextRecurrenceId++,
    customerId: c.id,
    amountCents: input.amountCents,
    frequency: input.frequency,
    startDate: input.startDate,
    nextDate: input.startDate,
    anchorDay: Number(input.startDate.slice(3, 5)),
    totalCount: input.totalCount,
    currentCount: 0,
    repeat: input.repeat,
    weekend: input.weekend,
    description: input.description,
    transactionType: input.transactionType,
    type: input.type,
    secCode: input.secCode,
    omitSurcharge: input.omitSurcharge,
    createdAt: now,
    updatedAt: now,
    lastApproved: undefined,
  }
  m.recurrences.set(rec.id, rec)
  let set = m.byCustomer.get(c.id)
  if (set === undefined) m.byCustomer.set(c.id, (set = new Set()))
  set.add(rec.id)
  return rec
}

export const sampleCheck = (i: number): StoredCheck => ({
  last4: TEST_ACCOUNT.slice(-4),
  length: TEST_ACCOUNT.length,
  routing: TEST_ROUTING[i % TEST_ROUTING.length] as string,
  accountType: 'Checking',
  secCode: 'PPD',
})

// ---- seeding

/** Adds `n` generated customers (optionally a card, a check and 1–2 schedules) to a merchant. */
export const seedCustomers =
  (sim: PayTraceSim) =>
  (n: number, opts: SeedOptions): SeedResult => {
    const { credentials, prng } = seedTarget(sim.options.credentials, opts, sim.options.seed)
    const m = merchantOf(sim, credentials)
    const now = sim.clock()
    const ids: string[] = []
    const names = new Set(m.customers.values().map((c) => nameKey(c.billing.name)))
    for (let i = 0; i < n; i++) {
      const p = person(prng, m.nextCustomerId, (key) => names.has(key))
      const name = p.name
      names.add(nameKey(name))
      const street = `${p.streetNo} ${p.streetName}`
      const address = {
        name,
        street_address: street,
        street_address2: p.unit === '' ? '' : `Suite ${p.unit}`,
        city: p.city,
        state: p.state,
        postal_code: p.zip,
        country: 'US',
      }
      let label = `${p.last}-${p.first}-${String(m.nextCustomerId).slice(-6)}`.toLowerCase()
      while (m.byLabel.has(label)) label = `${label}x`
      const input: ProfileInput & { label: string } = {
        label,
        billing: address,
        shipping: { ...address, county: p.county },
        email: p.email,
        phone: dashedPhone(p.phone),
      }
      if (opts.withCards === true) {
        input.card = {
          pan: storePan(TEST_CARDS[prng.int(TEST_CARDS.length)] as string),
          month: 1 + prng.int(12),
          year: now.getUTCFullYear() + 1 + prng.int(4),
        }
      }
      if (opts.withChecks === true && (opts.withCards !== true || prng.int(2) === 0))
        input.check = sampleCheck(prng.int(2))
      const c = insertCustomer(sim, m, input)
      ids.push(String(c.id))
      if (opts.withRecurrences !== true) continue
      const count = 1 + prng.int(2)
      for (let k = 0; k < count; k++) {
        const type = c.card !== undefined ? 'C' : c.check !== undefined ? 'A' : null
        if (type === null) break
        const rec = insertRecurrence(sim, m, c, {
          amountCents: 500 + prng.int(19_500),
          frequency: prng.pick(['3', '3', '5', '2', '1', '4']),
          startDate: formatMdy(addDays(now, 1 + prng.int(60))),
          totalCount: prng.pick([12, 24, 999]),
          transactionType: 'Sale',
          type,
          description: prng.pick([
            'Monthly service fee',
            'Membership dues',
            'Maintenance plan',
            'Subscription',
          ]),
          secCode: type === 'A' ? 'PPD' : '',
          weekend: false,
          repeat: 0,
          omitSurcharge: false,
        })
        const runs = prng.int(4)
        if (runs > 0) {
          rec.currentCount = runs
          rec.lastApproved = {
            transactionId: String(m.nextTransactionId++),
            date: formatMdy(addDays(now, -prng.int(30))),
          }
        }
      }
    }
    return { created: n, ids }
  }
