/**
 * The source population of a scenario, built from its seed and written through the source's own
 * adapter. Built so that the end state can be counted without trusting the engine's journal:
 *
 * - every source card has a fingerprint (last four, expiry month, expiry year) no other source
 *   card has, so each card found at the target names exactly one source card and customer. Only
 *   the networks' public test numbers are used (the leak scan knows them), the expiry makes
 *   them unique;
 * - every source customer has at least one card, so every target customer holding a card names
 *   its source customer(s) whatever its contact fields say;
 * - customers of a "twin group" share every contact field (name, e-mail, company, phone, and the
 *   billing address): only their cards tell them apart;
 * - every source schedule (PayTrace sources) charges an amount no other schedule charges, starts
 *   10–60 days out (beyond the engine's safety window) and runs monthly.
 */
import * as E from 'fp-ts/Either'
import {
  every,
  type AddressInput,
  type CustomerId,
  type CustomerInput,
  type PaymentMethodId,
  type PaymentMethodInput,
  type Vault,
  type VaultError,
} from '@vaultport/core'
import { COLUMNS } from '@vaultport/migrate'
import type { Gateway } from './gateways'
import type { Rng } from './prng'

/** The networks' public test numbers: the only card numbers the suite uses. */
const TEST_CARDS = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117']
const TEST_ACCOUNT = '000123456789'
const TEST_ROUTING = '021000021'

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Radia', 'Ken', 'Hedy']
const LAST = ['Lee', 'Hopper', 'Turing', 'Liskov', 'Knuth', 'Perlman', 'Lamarr', 'Wirth', 'Naur']
const COMPANY = ['Acme Tools', 'Northwind Traders', 'Blue Heron Bakery', 'Summit Dental']
const STREET = ['Elm Street', 'Main Street', 'Oak Avenue', 'Cedar Lane']

export interface CardSpec {
  readonly number: string
  readonly last4: string
  readonly month: number
  readonly year: number
  /**
   * Unique too: Valor shows a card's holder name but not its expiry, PayTrace and FluidPay the
   * expiry but not the holder name, so a card is recognised by whichever the target shows.
   */
  readonly holder: string
}

export interface ScheduleSpec {
  readonly amountCents: number
  readonly startInDays: number
}

export interface CustomerSpec {
  readonly index: number
  /** Set for customers that share every contact field with the rest of their group. */
  readonly twinGroup?: number
  readonly name: string
  readonly email: string
  readonly company: string
  readonly phone: string
  readonly reference?: string
  readonly address: AddressInput
  readonly cards: ReadonlyArray<CardSpec>
  readonly check: boolean
  readonly schedules: ReadonlyArray<ScheduleSpec>
}

export interface PopulationSpec {
  readonly customers: ReadonlyArray<CustomerSpec>
  /** Sizes of the twin groups, in order. */
  readonly twinGroups: ReadonlyArray<number>
}

export interface PopulationOptions {
  readonly source: Gateway
  readonly customers: number
  /** How many groups of customers sharing every contact field (each 2–4 strong). */
  readonly twinGroups: number
  /** The year the cards' expiries start after (the simulators refuse expired cards). */
  readonly thisYear: number
}

/** 0 → "A", 25 → "Z", 26 → "BA": a tag made of letters only (holder names refuse digits). */
const letters = (n: number): string => {
  let out = ''
  let rest = n
  do {
    out = String.fromCharCode(65 + (rest % 26)) + out
    rest = Math.floor(rest / 26)
  } while (rest > 0)
  return out
}

/** Every (test number, month, year) combination, in a seeded order. */
const cardPool = (r: Rng, thisYear: number): CardSpec[] => {
  const pool: CardSpec[] = []
  for (const number of TEST_CARDS)
    for (let year = thisYear + 2; year <= Math.min(2099, thisYear + 40); year++)
      for (let month = 1; month <= 12; month++)
        pool.push({ number, last4: number.slice(-4), month, year, holder: '' })
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1))
    ;[pool[i], pool[j]] = [pool[j] as CardSpec, pool[i] as CardSpec]
  }
  return pool
}

const contact = (r: Rng, salt: string) => {
  const first = r.pick(FIRST)
  const last = r.pick(LAST)
  return {
    name: `${first} ${last}`,
    email: `${first}.${last}.${salt}@example.com`.toLowerCase(),
    company: r.pick(COMPANY),
    phone: `612555${String(r.between(100, 9999)).padStart(4, '0')}`,
    address: {
      role: 'billing' as const,
      name: `${first} ${last}`,
      line1: `${r.between(1, 9899)} ${r.pick(STREET)}`,
      city: 'Edina',
      region: 'MN',
      postalCode: '55424',
      country: 'US',
    },
  }
}

/** The population a scenario seeds (pure: the same options and seed give the same spec). */
export const populationSpec = (r: Rng, seed: number, o: PopulationOptions): PopulationSpec => {
  const cards = cardPool(r, o.thisYear)
  const amounts = new Set<number>()
  const groups: number[] = []
  let remaining = o.customers
  for (let g = 0; g < o.twinGroups && remaining >= 2; g++) {
    const size = Math.min(remaining, r.between(2, 4))
    groups.push(size)
    remaining -= size
  }
  // Which customer belongs to which group: spread over the source's order.
  const groupOf = new Map<number, number>()
  const free = Array.from({ length: o.customers }, (_, i) => i)
  groups.forEach((size, g) => {
    for (let k = 0; k < size; k++) {
      const at = Math.floor(r.next() * free.length)
      groupOf.set(free.splice(at, 1)[0] as number, g)
    }
  })
  const groupContact = groups.map((_, g) => contact(r, `s${seed}g${g}`))
  let cardSeq = 0
  const maxCards = o.source === 'paytrace' ? 1 : 2
  const customers: CustomerSpec[] = []
  for (let i = 0; i < o.customers; i++) {
    const g = groupOf.get(i)
    const who =
      g === undefined ? contact(r, `s${seed}c${i}`) : (groupContact[g] as (typeof groupContact)[0])
    const cardCount = r.between(1, maxCards)
    const schedules: ScheduleSpec[] = []
    if (o.source === 'paytrace') {
      const n = r.pick([0, 1, 1, 2])
      for (let k = 0; k < n; k++) {
        let amount = r.between(500, 40_000)
        while (amounts.has(amount)) amount++
        amounts.add(amount)
        schedules.push({ amountCents: amount, startInDays: r.between(10, 60) })
      }
    }
    customers.push({
      index: i,
      ...(g === undefined ? {} : { twinGroup: g }),
      name: who.name,
      email: who.email,
      company: who.company,
      phone: who.phone,
      // PayTrace requires a merchant reference; FluidPay's is optional (some have none, so the
      // engine derives one); Valor keeps none.
      ...(o.source === 'paytrace' || (o.source === 'fluidpay' && r.chance(0.5))
        ? { reference: `eo${seed}c${i}` }
        : {}),
      address: who.address,
      cards: cards
        .splice(0, cardCount)
        .map((card) => ({ ...card, holder: `${who.name} ${letters(cardSeq++)}` })),
      check: r.chance(o.source === 'paytrace' ? 0.4 : 0.3),
      schedules,
    })
  }
  return { customers, twinGroups: groups }
}

// ---- writing it

/** What the source held once seeded: the spec with the ids the source gave each item. */
export interface SourceCustomer {
  readonly sourceId: string
  readonly spec: CustomerSpec
  readonly cards: ReadonlyArray<CardSpec & { readonly sourceId: string }>
  /** The source id of the bank account, if the customer has one. */
  readonly bankId?: string
  readonly schedules: ReadonlyArray<ScheduleSpec & { readonly sourceId: string }>
}

export interface SourceTruth {
  readonly customers: ReadonlyArray<SourceCustomer>
}

const cardInput = (c: CardSpec): PaymentMethodInput => ({
  kind: 'card',
  number: c.number,
  expiry: { month: c.month, year: c.year },
  holderName: c.holder,
})

const checkInput = (holder: string): PaymentMethodInput => ({
  kind: 'bank_account',
  accountNumber: TEST_ACCOUNT,
  routingNumber: TEST_ROUTING,
  accountType: 'checking',
  secCode: 'PPD',
  holderName: holder,
})

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

const ok = <A>(what: string, r: E.Either<VaultError, A>): A => {
  if (E.isLeft(r)) throw new Error(`seeding the source: ${what}: ${r.left.kind}: ${r.left.message}`)
  return r.right
}

/**
 * Writes the population to the source vault, in order, and answers what it holds with the
 * source's ids; throws if the source refuses any of it.
 */
export const seedPopulation = async (
  source: Vault,
  spec: PopulationSpec,
  now: Date,
): Promise<SourceTruth> => {
  const out: SourceCustomer[] = []
  for (const c of spec.customers) {
    const [first, ...more] = c.cards
    if (first === undefined) throw new Error('every seeded customer has a card')
    const input: CustomerInput = {
      name: c.name,
      email: c.email,
      company: c.company,
      phone: c.phone,
      ...(c.reference === undefined ? {} : { reference: c.reference }),
      addresses: [c.address],
      paymentMethod: cardInput(first),
    }
    const created = ok(`customer ${c.index}`, await source.customers.create(input)())
    const id = created.value.id as CustomerId
    const firstId = created.value.paymentMethods.find((m) => m.kind === 'card')?.id
    if (firstId === undefined)
      throw new Error(`seeding the source: customer ${c.index} has no card`)
    const cards = [{ ...first, sourceId: firstId as string }]
    for (const card of more) {
      const added = ok(`card of ${c.index}`, await source.paymentMethods.add(id, cardInput(card))())
      cards.push({ ...card, sourceId: added.value.id })
    }
    const bankId = c.check
      ? ok(`check of ${c.index}`, await source.paymentMethods.add(id, checkInput(c.name))()).value
          .id
      : undefined
    const schedules: Array<ScheduleSpec & { sourceId: string }> = []
    for (const s of c.schedules) {
      const made = ok(
        `schedule of ${c.index}`,
        await source.recurrences.create({
          customerId: id,
          amount: { amount: s.amountCents, currency: 'USD' },
          schedule: every(1, 'month'),
          startDate: isoDay(new Date(now.getTime() + s.startInDays * 86_400_000)),
          totalCount: 12,
          paymentMethodId: firstId as PaymentMethodId,
          description: 'Exactly-once plan',
        })(),
      )
      schedules.push({ ...s, sourceId: made.value.id })
    }
    out.push({
      sourceId: id,
      spec: c,
      cards,
      ...(bankId === undefined ? {} : { bankId }),
      schedules,
    })
  }
  return { customers: out }
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/**
 * The processor's card-data export for the seeded source: full numbers, expiries and holder
 * names of every stored method (what a real migration receives from the source processor; the
 * simulators' own stand-in cannot know expiries Valor does not show).
 */
export const cardDataCsv = (truth: SourceTruth): string => {
  const rows: Array<Partial<Record<(typeof COLUMNS)[number], string>>> = []
  for (const c of truth.customers) {
    for (const card of c.cards)
      rows.push({
        source_customer_id: c.sourceId,
        source_payment_method_id: card.sourceId,
        kind: 'card',
        card_number: card.number,
        exp_month: String(card.month),
        exp_year: String(card.year),
        holder_name: card.holder,
      })
    if (c.bankId !== undefined)
      rows.push({
        source_customer_id: c.sourceId,
        source_payment_method_id: c.bankId,
        kind: 'bank_account',
        account_number: TEST_ACCOUNT,
        routing_number: TEST_ROUTING,
        account_type: 'checking',
        sec_code: 'PPD',
        holder_name: c.spec.name,
      })
  }
  const lines = [
    COLUMNS.join(','),
    ...rows.map((r) => COLUMNS.map((k) => csvCell(r[k] ?? '')).join(',')),
  ]
  return `${lines.join('\n')}\n`
}
