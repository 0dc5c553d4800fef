/**
 * The counters: what went wrong in a migration, counted from what the source held (the seeded
 * truth), what the source holds now and what the target holds now, read from the vaults
 * themselves. The journal and the engine's own mapping are not consulted, so a mapping that
 * forgot a customer, or a verify that walks only the mapping, cannot hide anything here.
 *
 * How target items are traced back to source items:
 *
 * - a target **card** is the copy of the one source card with its fingerprint: last four and
 *   expiry where the target shows the expiry (PayTrace, FluidPay), last four and holder name
 *   where it shows that instead (Valor). The seeded population makes both unique;
 * - a target **customer** is a copy of every source customer whose cards it holds (two or more:
 *   a merge). One that holds no card is traced by name and e-mail: to the one source customer
 *   with those, or, within a twin group (customers sharing every contact field), to a member
 *   that has no copy yet, else it is one more copy (a duplicate) of the group;
 * - **bank accounts** carry no unique mark (the simulators hold one test account), so they are
 *   compared per connected group of source customers and the target customers that copy them:
 *   for an unmerged customer that is exactly its own accounts;
 * - a target **schedule** is the copy of the source schedule charging its amount (unique).
 *
 * Anything at the target none of these explains is a stray (an orphan no source item accounts
 * for). Every count must be 0.
 */
import type { SourceTruth } from './population'
import type { CardState, CustomerState, VaultState } from './snapshot'

export interface Counts {
  /** Source customers with no copy at the target. */
  readonly lostCustomers: number
  /** Copies beyond the first of a source customer. */
  readonly duplicatedCustomers: number
  /** Source customers beyond the first that share one target customer. */
  readonly mergedCustomers: number
  readonly lostMethods: number
  readonly duplicatedMethods: number
  readonly lostSchedules: number
  readonly duplicatedSchedules: number
  /** Source schedules still active at the source with an active copy at the target. */
  readonly doubleActiveSchedules: number
  /** Target customers, cards and schedules no source item explains. */
  readonly strays: number
}

export const COUNT_NAMES: ReadonlyArray<keyof Counts> = [
  'lostCustomers',
  'duplicatedCustomers',
  'mergedCustomers',
  'lostMethods',
  'duplicatedMethods',
  'lostSchedules',
  'duplicatedSchedules',
  'doubleActiveSchedules',
  'strays',
]

export const zeroCounts = (): Counts => ({
  lostCustomers: 0,
  duplicatedCustomers: 0,
  mergedCustomers: 0,
  lostMethods: 0,
  duplicatedMethods: 0,
  lostSchedules: 0,
  duplicatedSchedules: 0,
  doubleActiveSchedules: 0,
  strays: 0,
})

export const isClean = (c: Counts): boolean => COUNT_NAMES.every((k) => c[k] === 0)

export interface CountInput {
  readonly truth: SourceTruth
  readonly sourceAfter: VaultState
  readonly targetAfter: VaultState
  /** Target customers present before the migration (not the migration's to explain). */
  readonly targetBefore?: VaultState
  /** Whether the target keeps schedules (then every source schedule must move). */
  readonly schedulesMove: boolean
}

const norm = (s: string | undefined) => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase()

const expiryKey = (last4: string, month: number, year: number) => `e ${last4} ${month}/${year}`
const holderKey = (last4: string, holder: string) => `h ${last4} ${norm(holder)}`

/** The key a target card is recognised by, if it shows enough. */
const targetCardKey = (c: CardState): string | undefined =>
  c.month !== undefined && c.year !== undefined
    ? expiryKey(c.last4, c.month, c.year)
    : c.holder !== undefined
      ? holderKey(c.last4, c.holder)
      : undefined

/** The counts and, for each thing counted, a line saying which items it was. */
export interface Tally {
  readonly counts: Counts
  readonly evidence: ReadonlyArray<string>
}

export const countMigration = (input: CountInput): Counts => tallyMigration(input).counts

export const tallyMigration = (input: CountInput): Tally => {
  const { truth } = input
  const evidence: string[] = []
  const who = (i: number) => `source customer ${truth.customers[i]?.sourceId ?? i}`
  const before = new Set((input.targetBefore?.customers ?? []).map((c) => c.id))
  const targets = input.targetAfter.customers.filter((c) => !before.has(c.id))

  // ---- source cards by fingerprint
  const cardOwner = new Map<string, { customer: number; card: string }>()
  truth.customers.forEach((c, i) => {
    for (const card of c.cards) {
      const ref = { customer: i, card: `${i}/${card.sourceId}` }
      for (const k of [
        expiryKey(card.last4, card.month, card.year),
        holderKey(card.last4, card.holder),
      ]) {
        if (cardOwner.has(k))
          throw new Error(`harness: two source cards share the fingerprint ${k}`)
        cardOwner.set(k, ref)
      }
    }
  })

  let strays = 0
  const cardCopies = new Map<string, number>()
  /** Per target customer, the source customers whose cards it holds. */
  const owners: Array<Set<number>> = targets.map((t) => {
    const set = new Set<number>()
    for (const card of t.cards) {
      const k = targetCardKey(card)
      const ref = k === undefined ? undefined : cardOwner.get(k)
      if (ref === undefined) {
        strays++
        evidence.push(`stray card ${card.id} (${card.last4}) at target customer ${t.id}`)
        continue
      }
      cardCopies.set(ref.card, (cardCopies.get(ref.card) ?? 0) + 1)
      set.add(ref.customer)
    }
    return set
  })

  // ---- target customers without a card: traced by name and e-mail
  const copies = truth.customers.map(() => 0)
  owners.forEach((set) => set.forEach((i) => (copies[i] = (copies[i] ?? 0) + 1)))
  let surplusTwins = 0
  targets.forEach((t, ti) => {
    if ((owners[ti] as Set<number>).size > 0) return
    const alike = truth.customers
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => norm(c.spec.name) === norm(t.name) && norm(c.spec.email) === norm(t.email))
    if (alike.length === 0) {
      strays++
      evidence.push(`stray target customer ${t.id} (no card, contact matches no source customer)`)
      return
    }
    const uncopied =
      alike.find(({ i }) => copies[i] === 0) ?? (alike.length === 1 ? alike[0] : undefined)
    if (uncopied === undefined) {
      // One more copy of a twin group whose every member has one: a duplicate of the group.
      surplusTwins++
      evidence.push(`duplicate: target customer ${t.id} is one copy too many of a twin group`)
      ;(owners[ti] as Set<number>).add((alike[0] as { i: number }).i)
      return
    }
    copies[uncopied.i] = (copies[uncopied.i] ?? 0) + 1
    ;(owners[ti] as Set<number>).add(uncopied.i)
  })

  copies.forEach((n, i) => {
    const at = targets.filter((_, ti) => (owners[ti] as Set<number>).has(i)).map((t) => t.id)
    if (n === 0) evidence.push(`lost: ${who(i)} has no copy at the target`)
    if (n > 1) evidence.push(`duplicate: ${who(i)} has ${n} copies: ${at.join(', ')}`)
  })
  owners.forEach((set, ti) => {
    if (set.size > 1)
      evidence.push(
        `merge: target customer ${targets[ti]?.id} holds ${[...set].map(who).join(', ')}`,
      )
  })
  const lostCustomers = copies.filter((n) => n === 0).length
  const duplicatedCustomers = copies.reduce((sum, n) => sum + Math.max(0, n - 1), 0) + surplusTwins
  const mergedCustomers = owners.reduce((sum, set) => sum + Math.max(0, set.size - 1), 0)

  // ---- cards
  let lostMethods = 0
  let duplicatedMethods = 0
  truth.customers.forEach((c, i) => {
    for (const card of c.cards) {
      const n = cardCopies.get(`${i}/${card.sourceId}`) ?? 0
      if (n === 0) lostMethods++
      duplicatedMethods += Math.max(0, n - 1)
      if (n !== 1)
        evidence.push(
          `${n === 0 ? 'lost' : `duplicate (×${n})`}: card ${card.last4} ${card.month}/${card.year} "${card.holder}" of ${who(i)}`,
        )
    }
  })

  // ---- bank accounts, per connected group of source and target customers
  const parent = truth.customers.map((_, i) => i)
  const find = (i: number): number =>
    parent[i] === i ? i : (parent[i] = find(parent[i] as number))
  for (const set of owners) {
    const [first, ...rest] = [...set]
    if (first !== undefined) for (const j of rest) parent[find(j)] = find(first)
  }
  const wanted = new Map<number, number>()
  const found = new Map<number, number>()
  truth.customers.forEach((c, i) => {
    const g = find(i)
    wanted.set(g, (wanted.get(g) ?? 0) + (c.bankId === undefined ? 0 : 1))
  })
  targets.forEach((t, ti) => {
    const first = [...(owners[ti] as Set<number>)][0]
    if (first === undefined) return // a stray, counted above
    const g = find(first)
    found.set(g, (found.get(g) ?? 0) + t.banks.length)
  })
  for (const [g, n] of wanted) {
    const m = found.get(g) ?? 0
    if (m < n) lostMethods += n - m
    else duplicatedMethods += m - n
    if (m !== n) {
      const group = truth.customers.flatMap((_, i) => (find(i) === g ? [who(i)] : []))
      evidence.push(`bank accounts: ${group.join(', ')} had ${n}, their copies hold ${m}`)
    }
  }

  // ---- schedules
  const scheduleAt = (state: ReadonlyArray<CustomerState>) => {
    const byAmount = new Map<number, Array<{ status: string }>>()
    for (const c of state)
      for (const s of c.schedules)
        byAmount.set(s.amountCents, [...(byAmount.get(s.amountCents) ?? []), s])
    return byAmount
  }
  const atTarget = scheduleAt(targets)
  const atSource = scheduleAt(input.sourceAfter.customers)
  let lostSchedules = 0
  let duplicatedSchedules = 0
  let doubleActiveSchedules = 0
  const known = new Set<number>()
  for (const c of truth.customers)
    for (const s of c.schedules) {
      known.add(s.amountCents)
      const there = atTarget.get(s.amountCents) ?? []
      const still = atSource.get(s.amountCents) ?? []
      const of = `schedule ${s.sourceId} (${s.amountCents} cents) of ${who(truth.customers.indexOf(c))}`
      if (there.length === 0 && (input.schedulesMove || still.length === 0)) {
        lostSchedules++
        evidence.push(`lost: ${of}`)
      }
      duplicatedSchedules += Math.max(0, there.length - 1)
      if (there.length > 1) evidence.push(`duplicate (×${there.length}): ${of}`)
      if (still.some((x) => x.status === 'active') && there.some((x) => x.status === 'active')) {
        doubleActiveSchedules++
        evidence.push(`active at both ends: ${of}`)
      }
    }
  for (const amount of atTarget.keys())
    if (!known.has(amount)) {
      strays++
      evidence.push(`stray schedule of ${amount} cents at the target`)
    }

  const counts: Counts = {
    lostCustomers,
    duplicatedCustomers,
    mergedCustomers,
    lostMethods,
    duplicatedMethods,
    lostSchedules,
    duplicatedSchedules,
    doubleActiveSchedules,
    strays,
  }
  return { counts, evidence }
}

// ---- the table

const HEADS: Record<keyof Counts, string> = {
  lostCustomers: 'lostC',
  duplicatedCustomers: 'dupC',
  mergedCustomers: 'mrgC',
  lostMethods: 'lostPM',
  duplicatedMethods: 'dupPM',
  lostSchedules: 'lostS',
  duplicatedSchedules: 'dupS',
  doubleActiveSchedules: 'both',
  strays: 'stray',
}

export interface TableRow {
  readonly seed: number
  readonly pair: string
  /** The scenario in a few letters (see `features` in scenario.ts). */
  readonly features: string
  readonly counts: Counts
  /** What happened on the way: exit codes, kills, fault tallies. */
  readonly notes: string
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length))

export const tableHeader = (): string =>
  [
    pad('seed', 5),
    pad('pair', 6),
    pad('scenario', 34),
    ...COUNT_NAMES.map((k) => pad(HEADS[k], 6)),
    'notes',
  ].join(' ')

/** One scenario as one line of the table. */
export const tableLine = (r: TableRow): string =>
  [
    pad(String(r.seed), 5),
    pad(r.pair, 6),
    pad(r.features, 34),
    ...COUNT_NAMES.map((k) => pad(String(r.counts[k]), 6)),
    r.notes,
  ].join(' ')
