// The counters on planted end states: each kind of failure the suite looks for, planted by hand
// in plain snapshots, is counted as exactly that kind; a faithful copy counts all zero.
import { countMigration, COUNT_NAMES, isClean, zeroCounts, type Counts } from './harness/counts'
import type { CardSpec, CustomerSpec, SourceCustomer, SourceTruth } from './harness/population'
import type { CardState, CustomerState, VaultState } from './harness/snapshot'

const card = (last4: string, month: number, holder: string): CardSpec & { sourceId: string } => ({
  number: `41111111111${last4.padStart(5, '0')}`,
  last4,
  month,
  year: 2040,
  holder,
  sourceId: `pm-${last4}-${month}`,
})

const customer = (
  i: number,
  cards: ReadonlyArray<CardSpec & { sourceId: string }>,
  o: { twin?: boolean; bank?: boolean; schedules?: number[] } = {},
): SourceCustomer => {
  const spec: CustomerSpec = {
    index: i,
    ...(o.twin === true ? { twinGroup: 0 } : {}),
    name: o.twin === true ? 'Ada Lee' : `Person ${i}`,
    email: o.twin === true ? 'ada@example.com' : `p${i}@example.com`,
    company: 'Acme',
    phone: '6125550100',
    address: { role: 'billing' },
    cards,
    check: o.bank === true,
    schedules: (o.schedules ?? []).map((amountCents) => ({ amountCents, startInDays: 20 })),
  }
  return {
    sourceId: `s${i}`,
    spec,
    cards,
    ...(o.bank === true ? { bankId: 'check' } : {}),
    schedules: (o.schedules ?? []).map((amountCents) => ({
      amountCents,
      startInDays: 20,
      sourceId: `r${amountCents}`,
    })),
  }
}

// Three ordinary customers and two twins (same name, e-mail, company, phone).
const truth: SourceTruth = {
  customers: [
    customer(0, [card('1111', 1, 'Person 0 A')], { bank: true, schedules: [1001] }),
    customer(1, [card('1111', 2, 'Person 1 B'), card('4444', 2, 'Person 1 C')], {
      schedules: [1002],
    }),
    customer(2, [card('0005', 3, 'Person 2 D')]),
    customer(3, [card('1111', 4, 'Ada Lee E')], { twin: true, bank: true }),
    customer(4, [card('4444', 5, 'Ada Lee F')], { twin: true }),
  ],
}

/** A target card as PayTrace or FluidPay show it (expiry, no holder) or as Valor does. */
const shown = (c: CardSpec, style: 'expiry' | 'holder', id: string): CardState =>
  style === 'expiry'
    ? { id, last4: c.last4, month: c.month, year: c.year }
    : { id, last4: c.last4, holder: c.holder }

/** A faithful copy of source customer `c` at the target. */
const copyOf = (c: SourceCustomer, style: 'expiry' | 'holder', id: string): CustomerState => ({
  id,
  name: c.spec.name,
  email: c.spec.email,
  company: c.spec.company,
  cards: c.cards.map((k, j) => shown(k, style, `${id}-card${j}`)),
  banks: c.bankId === undefined ? [] : [{ id: `${id}-bank`, accountLast4: '6789' }],
  schedules: c.schedules.map((s) => ({
    id: `${id}-r${s.amountCents}`,
    amountCents: s.amountCents,
    status: 'active',
  })),
})

const exact = (style: 'expiry' | 'holder'): CustomerState[] =>
  truth.customers.map((c, i) => copyOf(c, style, `t${i}`))

const emptySource: VaultState = {
  customers: truth.customers.map((c) => ({ id: c.sourceId, cards: [], banks: [], schedules: [] })),
}

const count = (target: CustomerState[], o: { source?: VaultState; before?: VaultState } = {}) =>
  countMigration({
    truth,
    sourceAfter: o.source ?? emptySource,
    targetAfter: { customers: target },
    ...(o.before === undefined ? {} : { targetBefore: o.before }),
    schedulesMove: true,
  })

const only = (partial: Partial<Counts>): Counts => ({ ...zeroCounts(), ...partial })

const at = <A>(list: ReadonlyArray<A>, i: number): A => list[i] as A

describe('the exactly-once counters', () => {
  it.each(['expiry', 'holder'] as const)(
    'a faithful copy counts zero everywhere (cards shown by %s)',
    (style) => {
      const counts = count(exact(style))
      expect(counts).toEqual(zeroCounts())
      expect(isClean(counts)).toBe(true)
      expect(COUNT_NAMES).toHaveLength(Object.keys(zeroCounts()).length)
    },
  )

  it('a customer missing at the target is lost, with its cards, account and schedule', () => {
    const target = exact('expiry').filter((c) => c.id !== 't0')
    expect(count(target)).toEqual(only({ lostCustomers: 1, lostMethods: 2, lostSchedules: 1 }))
  })

  it('a second, empty copy of a customer (an orphan of a lost create) is a duplicate', () => {
    const target = exact('holder')
    const orphan = {
      ...copyOf(at(truth.customers, 2), 'holder', 'x'),
      cards: [],
    }
    expect(count([...target, orphan])).toEqual(only({ duplicatedCustomers: 1 }))
  })

  it("a customer's cards split over two target customers: one customer duplicated, no card", () => {
    const target = exact('expiry')
    const one = at(target, 1)
    const [a, b] = one.cards as [CardState, CardState]
    const split = [
      ...target.filter((c) => c.id !== 't1'),
      { ...one, cards: [a] },
      { ...one, id: 't1b', cards: [b], schedules: [] },
    ]
    expect(count(split)).toEqual(only({ duplicatedCustomers: 1 }))
  })

  it('a card written twice is a duplicated payment method', () => {
    const target = exact('expiry')
    const c = at(target, 2)
    target[2] = { ...c, cards: [...c.cards, { ...(c.cards[0] as CardState), id: 'again' }] }
    expect(count(target)).toEqual(only({ duplicatedMethods: 1 }))
  })

  it('twins merged into one target customer: a merge, not a loss', () => {
    const target = exact('holder')
    const [t3, t4] = [at(target, 3), at(target, 4)]
    const merged = [...target.slice(0, 3), { ...t3, cards: [...t3.cards, ...t4.cards] }]
    expect(count(merged)).toEqual(only({ mergedCustomers: 1 }))
  })

  it('four source customers all claiming one target customer are three merges (issue 15, finding 3)', () => {
    const t = exact('holder')
    const claimed = {
      ...at(t, 3),
      cards: [...at(t, 0).cards, ...at(t, 3).cards, ...at(t, 4).cards, ...at(t, 2).cards],
      banks: [...at(t, 0).banks, ...at(t, 3).banks],
    }
    expect(count([at(t, 1), claimed])).toEqual(
      only({ mergedCustomers: 3, lostSchedules: 1 }), // t0's schedule went with t0
    )
  })

  it('an empty twin copy goes to the twin that has none, else it is one copy too many', () => {
    const target = exact('holder')
    const emptyTwin = { ...at(target, 4), id: 'tw', cards: [] }
    // Twin 4 lost its card but has an (empty) copy: only the card is lost.
    expect(count([...target.slice(0, 4), emptyTwin])).toEqual(only({ lostMethods: 1 }))
    // Both twins copied already: the empty one is a duplicate.
    expect(count([...target, emptyTwin])).toEqual(only({ duplicatedCustomers: 1 }))
  })

  it('bank accounts: one missing is lost, one extra is a duplicate', () => {
    const target = exact('expiry')
    expect(count(target.map((c) => (c.id === 't0' ? { ...c, banks: [] } : c)))).toEqual(
      only({ lostMethods: 1 }),
    )
    const extra = target.map((c) =>
      c.id === 't3' ? { ...c, banks: [...c.banks, { id: 'b2', accountLast4: '6789' }] } : c,
    )
    expect(count(extra)).toEqual(only({ duplicatedMethods: 1 }))
  })

  it('schedules: twice at the target, active at both ends, gone from both ends', () => {
    const target = exact('expiry')
    const t0 = at(target, 0)
    const twice = target.map((c) =>
      c.id === 't0'
        ? { ...c, schedules: [...t0.schedules, { id: 'dup', amountCents: 1001, status: 'active' }] }
        : c,
    )
    expect(count(twice)).toEqual(only({ duplicatedSchedules: 1 }))

    const stillAtSource: VaultState = {
      customers: [
        {
          id: 's0',
          cards: [],
          banks: [],
          schedules: [{ id: 'r1001', amountCents: 1001, status: 'active' }],
        },
      ],
    }
    expect(count(target, { source: stillAtSource })).toEqual(only({ doubleActiveSchedules: 1 }))

    const gone = target.map((c) => (c.id === 't1' ? { ...c, schedules: [] } : c))
    expect(count(gone)).toEqual(only({ lostSchedules: 1 }))
  })

  it('a schedule the target cannot keep must stay at the source', () => {
    const target = exact('expiry').map((c) => ({ ...c, schedules: [] }))
    const noMove = (source: VaultState) =>
      countMigration({
        truth,
        sourceAfter: source,
        targetAfter: { customers: target },
        schedulesMove: false,
      })
    const both: VaultState = {
      customers: [
        {
          id: 's0',
          cards: [],
          banks: [],
          schedules: [{ id: 'r1001', amountCents: 1001, status: 'active' }],
        },
        {
          id: 's1',
          cards: [],
          banks: [],
          schedules: [{ id: 'r1002', amountCents: 1002, status: 'active' }],
        },
      ],
    }
    expect(noMove(both)).toEqual(zeroCounts())
    expect(noMove(emptySource)).toEqual(only({ lostSchedules: 2 }))
  })

  it('what no source item explains is a stray; what was there before is not counted', () => {
    const stranger: CustomerState = {
      id: 'zz',
      name: 'Nobody',
      email: 'nobody@example.com',
      cards: [{ id: 'c', last4: '9999', month: 1, year: 2041 }],
      banks: [],
      schedules: [{ id: 'r', amountCents: 77, status: 'active' }],
    }
    // The customer, its card and its schedule.
    expect(count([...exact('expiry'), stranger])).toEqual(only({ strays: 3 }))
    expect(count([...exact('expiry'), stranger], { before: { customers: [stranger] } })).toEqual(
      zeroCounts(),
    )
  })
})
