/**
 * The FluidPay simulator's state: the credentials it accepts, one merchant (its customer records
 * and id counter) per credential, xid ids (docs/wire-assumptions.md F.3), the building blocks that add addresses and
 * payment methods to a record, and seeding.
 */
import { createHash } from 'node:crypto'
import { BillingClock, type BillingContext } from '../common/billing'
import type { SeedOptions, SeedResult } from '../common/engine'
import { seedTarget } from '../common/engine'
import { TEST_ACCOUNT, TEST_CARDS, TEST_ROUTING, type StoredPan, storePan } from '../common/payment'
import type { GatewayRules } from '../common/knobs'
import { nameKey, person } from '../common/people'
import { Table } from '../common/table'
import type { Adjustment, Plan, Subscription } from './recurringState'
import { SearchCache } from './searchCache'

/** @category Credentials */
export interface FluidPayCredentials {
  /** Secret key, sent raw in `Authorization`. */
  readonly apiKey: string
  /** Public key: refused by the vault (401), for testing that case. */
  readonly publicKey: string
  /** The record's `owner_id`. */
  readonly merchantId: string
}

/** @category Credentials */
export const FLUIDPAY_CREDENTIALS: FluidPayCredentials = {
  apiKey: 'api_vaultportsandbox000000000001',
  publicKey: 'pub_vaultportsandbox000000000001',
  merchantId: 'vaultportsbxmerchant',
}

export interface FluidPaySimOptions {
  readonly credentials: readonly FluidPayCredentials[]
  readonly clock: () => Date
  readonly seed: number
  /** The rule knobs as they are now (`fluidpay.duplicateAddresses`, `fluidpay.customIdPattern`). */
  readonly rules: () => GatewayRules
  /** Enforce a maximum search offset (the spec's "1-1000"); `null` = no maximum. */
  readonly searchMaxOffset: number | null
  /** The billing clock's "today" and charge log (default: a clock of its own over `clock`). */
  readonly billing?: BillingContext
}

// ---- records

export const ADDRESS_KEYS = [
  'first_name',
  'last_name',
  'company',
  'line_1',
  'line_2',
  'city',
  'state',
  'postal_code',
  'country',
  'email',
  'phone',
  'fax',
] as const
export type AddressFields = Record<(typeof ADDRESS_KEYS)[number], string>
export interface Address extends AddressFields {
  readonly id: string
  hash: string
}

export interface Card {
  readonly id: string
  pan: StoredPan
  expiration: string
  flags: readonly string[]
}

export interface Ach {
  readonly id: string
  last4: string
  length: number
  routing: string
  accountType: string
  secCode: string
}

export interface Defaults {
  billing_address_id: string
  shipping_address_id: string
  payment_method_id: string
  payment_method_type: string
}

export interface Customer {
  readonly id: string
  description: string
  notes: string
  flags: readonly string[]
  defaults: Defaults
  addresses: Address[]
  cards: Card[]
  ach: Ach[]
  readonly createdAt: Date
  updatedAt: Date
}

export interface Merchant {
  readonly credentials: FluidPayCredentials
  readonly machine: Buffer
  readonly customers: Table<string, Customer>
  readonly addons: Table<string, Adjustment>
  readonly discounts: Table<string, Adjustment>
  readonly plans: Table<string, Plan>
  readonly subscriptions: Table<string, Subscription>
  counter: number
}

/** What every handler works over: the options, the merchants met so far, the answer counter. */
export interface FluidPaySim {
  readonly options: FluidPaySimOptions
  readonly clock: () => Date
  readonly merchants: Map<FluidPayCredentials, Merchant>
  readonly billing: BillingContext
  /** How many answers have been finished, the source of the next `x-correlation-id`. */
  correlation: number
  /** Records' JSON texts and the last filter's matches, for search (told by `touch`). */
  readonly search: SearchCache
}

export const makeFluidPaySim = (options: FluidPaySimOptions): FluidPaySim => ({
  options,
  clock: options.clock,
  merchants: new Map(),
  billing: options.billing ?? new BillingClock('fluidpay', options.clock),
  correlation: 0,
  search: new SearchCache(),
})

/** The merchant of a credential, created empty the first time it is seen. */
export const merchantOf = (sim: FluidPaySim, credentials: FluidPayCredentials): Merchant => {
  let m = sim.merchants.get(credentials)
  if (m === undefined) {
    const machine = createHash('sha256')
      .update(`${sim.options.seed}:${credentials.merchantId}`)
      .digest()
    m = {
      credentials,
      machine,
      customers: new Table(),
      addons: new Table(),
      discounts: new Table(),
      plans: new Table(),
      subscriptions: new Table(),
      counter: 0,
    }
    sim.merchants.set(credentials, m)
  }
  return m
}

// ---- ids (docs/wire-assumptions.md F.3)

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv'

/** xid layout: 4 bytes of seconds, 5 bytes of machine, 3 bytes of counter; 20 base32hex chars. */
const xid = (seconds: number, machine: Buffer, counter: number): string => {
  const bytes = Buffer.alloc(12)
  bytes.writeUInt32BE(seconds >>> 0, 0)
  machine.copy(bytes, 4, 0, 5)
  bytes.writeUIntBE(counter & 0xffffff, 9, 3)
  let out = ''
  let acc = 0
  let bits = 0
  for (const byte of bytes) {
    acc = (acc << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32HEX[(acc >>> (bits - 5)) & 31]
      bits -= 5
    }
    acc &= (1 << bits) - 1
  }
  return out + BASE32HEX[(acc << (5 - bits)) & 31]
}

export const newId = (sim: FluidPaySim, m: Merchant): string =>
  xid(Math.floor(sim.clock().getTime() / 1000), m.machine, ++m.counter)

// ---- building blocks

export const emptyAddress = (): AddressFields => ({
  first_name: '',
  last_name: '',
  company: '',
  line_1: '',
  line_2: '',
  city: '',
  state: '',
  postal_code: '',
  country: '',
  email: '',
  phone: '',
  fax: '',
})

export const addressHash = (a: AddressFields): string =>
  createHash('sha256')
    .update(ADDRESS_KEYS.map((k) => a[k]).join('\u0000'))
    .digest('base64')

/** Another address of the customer with exactly these fields (every field, as stored). */
export const sameAddress = (
  c: Customer,
  fields: AddressFields,
  except?: Address,
): Address | undefined => {
  const hash = addressHash(fields)
  return c.addresses.find((a) => a !== except && a.hash === hash)
}

export const emptyCustomer = (id: string, description: string, now: Date): Customer => ({
  id,
  description,
  notes: '',
  flags: [],
  defaults: {
    billing_address_id: '',
    shipping_address_id: '',
    payment_method_id: '',
    payment_method_type: '',
  },
  addresses: [],
  cards: [],
  ach: [],
  createdAt: now,
  updatedAt: now,
})

/** Every change to a stored record ends here: it dates the change and tells search's cache. */
export const touch = (sim: FluidPaySim, c: Customer): void => {
  c.updatedAt = sim.clock()
  sim.search.changed(c)
}

/** Adds an address; the first one becomes the default billing and shipping address. */
export const addAddress = (
  sim: FluidPaySim,
  m: Merchant,
  c: Customer,
  fields: Partial<AddressFields>,
): Address => {
  const merged = { ...emptyAddress(), ...fields }
  const address: Address = { id: newId(sim, m), ...merged, hash: addressHash(merged) }
  c.addresses.push(address)
  if (c.defaults.billing_address_id === '') c.defaults.billing_address_id = address.id
  if (c.defaults.shipping_address_id === '') c.defaults.shipping_address_id = address.id
  return address
}

/** A card or ach account as read from a request, before it has an id. */
export type PaymentInput =
  | { readonly kind: 'card'; readonly card: Omit<Card, 'id'> }
  | { readonly kind: 'ach'; readonly ach: Omit<Ach, 'id'> }

/** Adds a payment method; the first one becomes the default. */
export const addPayment = (
  sim: FluidPaySim,
  m: Merchant,
  c: Customer,
  input: PaymentInput,
): string => {
  const id = newId(sim, m)
  if (input.kind === 'card') c.cards.push({ id, ...input.card })
  else c.ach.push({ id, ...input.ach })
  if (c.defaults.payment_method_id === '') {
    c.defaults.payment_method_id = id
    c.defaults.payment_method_type = input.kind
  }
  return id
}

export const testCard = (
  pan: string,
  year: number,
  flags: readonly string[] = [],
): PaymentInput => ({
  kind: 'card',
  card: { pan: storePan(pan), expiration: `12/${String(year % 100).padStart(2, '0')}`, flags },
})

export const testAch = (routing: string): PaymentInput => ({
  kind: 'ach',
  ach: {
    last4: TEST_ACCOUNT.slice(-4),
    length: TEST_ACCOUNT.length,
    routing,
    accountType: 'checking',
    secCode: 'ppd',
  },
})

// ---- seeding

/** Adds `n` generated customers (one address each, optionally a card and a check) to a merchant. */
export const seedCustomers =
  (sim: FluidPaySim) =>
  (n: number, opts: SeedOptions): SeedResult => {
    const { credentials, prng } = seedTarget(sim.options.credentials, opts, sim.options.seed)
    const m = merchantOf(sim, credentials)
    const now = sim.clock()
    const ids: string[] = []
    const names = new Set(
      m.customers
        .values()
        .flatMap((c) => c.addresses.map((a) => nameKey(`${a.first_name} ${a.last_name}`))),
    )
    for (let i = 0; i < n; i++) {
      const p = person(prng, m.counter + 1, (key) => names.has(key))
      names.add(nameKey(p.name))
      const company = p.company === '' ? '' : `, ${p.company}`
      const c = emptyCustomer(newId(sim, m), `${p.name}${company}`, now)
      addAddress(sim, m, c, {
        first_name: p.middle === '' ? p.first : `${p.first} ${p.middle}`,
        last_name: p.last,
        company: p.company,
        line_1: `${p.streetNo} ${p.streetName}`,
        line_2: p.unit === '' ? '' : `Suite ${p.unit}`,
        city: p.city,
        state: p.state,
        postal_code: p.zip,
        country: 'US',
        email: p.email,
        phone: p.phone,
      })
      if (opts.withCards === true) {
        addPayment(
          sim,
          m,
          c,
          testCard(
            TEST_CARDS[prng.int(TEST_CARDS.length)] as string,
            now.getUTCFullYear() + 1 + prng.int(4),
          ),
        )
      }
      if (opts.withChecks === true) {
        addPayment(sim, m, c, testAch(TEST_ROUTING[prng.int(2)] as string))
      }
      m.customers.set(c.id, c)
      ids.push(c.id)
    }
    return { created: n, ids }
  }
