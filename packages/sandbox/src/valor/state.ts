/**
 * The Valor simulator's state: one merchant per credential pair, its customers with their
 * addresses, cards and ACH profiles, the id counters, the gateway's limits, and seeding.
 */
import { createHash } from 'node:crypto'
import { BillingClock, type BillingContext } from '../common/billing'
import type { SeedOptions, SeedResult } from '../common/engine'
import { seedTarget } from '../common/engine'
import {
  TEST_ACCOUNT,
  TEST_CARDS,
  TEST_ROUTING,
  digest,
  type StoredPan,
  storePan,
} from '../common/payment'
import type { GatewayRules } from '../common/knobs'
import { nameKey, person } from '../common/people'
import { Table } from '../common/table'
import type { Subscription } from './subscriptionState'

/** @category Credentials */
export interface ValorCredentials {
  /** `Valor-App-ID`, 32 characters. */
  readonly appId: string
  /** `Valor-App-Key`, 32 characters. */
  readonly appKey: string
  /**
   * The merchant's EPI (10 digits, starting with 2), sent in the body of subscription calls with
   * `appid` and `appkey`. Left out, one is derived from `appId` (see `epiOf`).
   */
  readonly epi?: string
}

/** @category Credentials */
export const VALOR_CREDENTIALS: ValorCredentials = {
  appId: 'vaultportsbxappid000000000000001',
  appKey: 'vaultportsbxappkey00000000000001',
  epi: '2203500001',
}

/**
 * The EPI of a merchant: its own, or `2` and nine digits derived from its app id.
 * @category Credentials
 */
export const epiOf = (c: ValorCredentials): string => {
  if (c.epi !== undefined) return c.epi
  const n = createHash('sha256').update(c.appId).digest().readUInt32BE(0) % 1_000_000_000
  return `2${String(n).padStart(9, '0')}`
}

/**
 * Test tokens for V4 (docs/wire-assumptions.md V.2): sha1("vaultport-sandbox-token:" + PAN), uppercase.
 * @category Credentials
 */
export const VALOR_TEST_TOKENS: Readonly<Record<string, string>> = {
  '60199F3384B8FE9850F1CE597E35D7D1128277A2': TEST_CARDS[0],
  '7B4DAFBEC4BA9CB8ACDD2446919CEB58A9CBE7AC': TEST_CARDS[1],
  D853ED161659C4AF50B95EB5079F6C60FBD946C7: TEST_CARDS[2],
  A21CC1617FA61EFAC02F4F871B960E1B3628F820: TEST_CARDS[3],
}

export const SIDE_KEYS = [
  'customer_name',
  'street_no',
  'street_name',
  'unit',
  'city',
  'state',
  'zip',
] as const
export const ADDRESS_KEYS = [
  ...SIDE_KEYS.map((k) => `billing_${k}` as const),
  ...SIDE_KEYS.map((k) => `shipping_${k}` as const),
] as const
export type AddressKey = (typeof ADDRESS_KEYS)[number]

export interface Address extends Record<AddressKey, string> {
  readonly address_id: number
  address_label: string
}

export interface Card {
  readonly paymentId: number
  pan: StoredPan
  expiry: string
  cardholderName: string
  status: 'active' | 'inactive'
  readonly token: string
}

export interface Ach {
  readonly id: number
  accountDigest: string
  last4: string
  routing: string
  payeeName: string
  accountType: string
  entryClass: string
}

export interface Customer {
  readonly id: number
  name: string
  email: string
  phone: string
  company: string
  addresses: Address[]
  cards: Card[]
  ach: Ach[]
}

export interface Merchant {
  readonly credentials: ValorCredentials
  readonly customers: Table<number, Customer>
  /** How many customers hold each name (as `nameKey`): more than one only with the rule off. */
  readonly names: Map<string, number>
  nextCustomer: number
  nextPayment: number
  nextAch: number
  nextAddress: number
  readonly subscriptions: Table<number, Subscription>
  /** The same subscriptions by customer id (`subscriptionsByCustomer.ts` keeps both in step). */
  readonly subscriptionsByCustomer: Map<number, Set<Subscription>>
  nextSubscription: number
  nextTransaction: number
}

export const MAX_CARDS = 5
export const MAX_ADDRESSES = 5
export const NAME_PATTERN = /^[A-Za-z ]+$/

/**
 * What the handlers and seeding share: the accepted credentials, the clock, the seed, the rule
 * knobs, the merchants.
 */
export interface ValorSim {
  readonly credentials: readonly ValorCredentials[]
  readonly clock: () => Date
  /** The sandbox seed: seeded data and card tokens derive from it. */
  readonly seed: number
  /** The rule knobs as they are now (`valor.duplicateNames`). */
  readonly rules: () => GatewayRules
  readonly merchants: Map<ValorCredentials, Merchant>
  /** The billing clock's "today" and charge log. */
  readonly billing: BillingContext
}

export const createValorSim = (
  credentials: readonly ValorCredentials[],
  clock: () => Date,
  seed: number,
  rules: () => GatewayRules,
  billing: BillingContext = new BillingClock('valor', clock),
): ValorSim => ({ credentials, clock, seed, rules, merchants: new Map(), billing })

/** The merchant of a credential pair, created empty on first use. */
export const merchantOf =
  (sim: ValorSim) =>
  (credentials: ValorCredentials): Merchant => {
    let m = sim.merchants.get(credentials)
    if (m === undefined) {
      m = {
        credentials,
        customers: new Table(),
        names: new Map(),
        nextCustomer: 100_001,
        nextPayment: 97_001,
        nextAch: 2_001,
        nextAddress: 154_001,
        subscriptions: new Table(),
        subscriptionsByCustomer: new Map(),
        nextSubscription: 41_001,
        nextTransaction: 8_800_001,
      }
      sim.merchants.set(credentials, m)
    }
    return m
  }

// ---- customer names (the duplicate-name rule)

/**
 * Whether the duplicate-name rule (when on) refuses `name` for a new customer, or for `self`
 * renamed: it is refused when another customer holds it. Keeping one's own name is never refused.
 */
export const refusesName = (sim: ValorSim, m: Merchant, name: string, self?: Customer): boolean =>
  sim.rules().valor.duplicateNames &&
  (self === undefined || nameKey(self.name) !== nameKey(name)) &&
  m.names.has(nameKey(name))

const countName = (m: Merchant, name: string, delta: 1 | -1): void => {
  const key = nameKey(name)
  const n = (m.names.get(key) ?? 0) + delta
  if (n > 0) m.names.set(key, n)
  else m.names.delete(key)
}

/** Stores a new customer. */
export const insertCustomer = (m: Merchant, c: Customer): void => {
  m.customers.set(c.id, c)
  countName(m, c.name, 1)
}

export const renameCustomer = (m: Merchant, c: Customer, name: string): void => {
  countName(m, c.name, -1)
  c.name = name
  countName(m, name, 1)
}

export const removeCustomer = (m: Merchant, c: Customer): void => {
  if (m.customers.delete(c.id)) countName(m, c.name, -1)
}

const tokenFor = (sim: ValorSim, m: Merchant, paymentId: number): string =>
  createHash('sha1')
    .update(`${sim.seed}:${m.credentials.appId}:${paymentId}`)
    .digest('hex')
    .toUpperCase()

export const addCard = (
  sim: ValorSim,
  m: Merchant,
  c: Customer,
  pan: StoredPan,
  expiry: string,
  name: string,
): Card => {
  const paymentId = m.nextPayment++
  const card: Card = {
    paymentId,
    pan,
    expiry,
    cardholderName: name,
    status: 'active',
    token: tokenFor(sim, m, paymentId),
  }
  c.cards.push(card)
  return card
}

const emptyAddress = (): Record<AddressKey, string> =>
  Object.fromEntries(ADDRESS_KEYS.map((k) => [k, ''])) as Record<AddressKey, string>

export const addAddress = (m: Merchant, c: Customer, fields: Partial<Address>): void => {
  c.addresses.push({
    ...emptyAddress(),
    address_label: '',
    ...fields,
    address_id: m.nextAddress++,
  })
}

export const fallbackExpiry = (sim: ValorSim): string =>
  `12/${String((sim.clock().getUTCFullYear() + 3) % 100).padStart(2, '0')}`

export const seedCustomers =
  (sim: ValorSim) =>
  (n: number, opts: SeedOptions): SeedResult => {
    const { credentials, prng } = seedTarget(sim.credentials, opts, sim.seed)
    const m = merchantOf(sim)(credentials)
    const year = sim.clock().getUTCFullYear()
    const ids: string[] = []
    for (let i = 0; i < n; i++) {
      const p = person(prng, m.nextCustomer, (key) => m.names.has(key))
      const name = p.name
      const c: Customer = {
        id: m.nextCustomer++,
        name,
        email: p.email,
        phone: p.phone,
        company: p.company,
        addresses: [],
        cards: [],
        ach: [],
      }
      const side = {
        customer_name: name,
        street_no: p.streetNo,
        street_name: p.streetName,
        unit: p.unit,
        city: p.city,
        state: p.state,
        zip: p.zip,
      }
      const fields: Partial<Address> = { address_label: 'Home' }
      for (const key of SIDE_KEYS) {
        fields[`billing_${key}`] = side[key]
        fields[`shipping_${key}`] = side[key]
      }
      addAddress(m, c, fields)
      if (opts.withCards === true) {
        const expiry = `${String(1 + prng.int(12)).padStart(2, '0')}/${String((year + 1 + prng.int(4)) % 100).padStart(2, '0')}`
        addCard(
          sim,
          m,
          c,
          storePan(TEST_CARDS[prng.int(TEST_CARDS.length)] as string),
          expiry,
          name,
        )
      }
      if (opts.withChecks === true) {
        c.ach.push({
          id: m.nextAch++,
          accountDigest: digest(TEST_ACCOUNT),
          last4: TEST_ACCOUNT.slice(-4),
          routing: TEST_ROUTING[prng.int(2)] as string,
          payeeName: name,
          accountType: 'C',
          entryClass: 'Personal',
        })
      }
      insertCustomer(m, c)
      ids.push(String(c.id))
    }
    return { created: n, ids }
  }
