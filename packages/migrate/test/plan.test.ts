import {
  customerId,
  every,
  money,
  paymentMethodId,
  recurrenceId,
  type Customer,
  type Recurrence,
} from '@vaultport/core'
import { capabilitiesFor, topologies } from '@vaultport/memory'
import {
  addToTotals,
  cardDataIndex,
  emptyTotals,
  formatPlanTotals,
  issueExamples,
  planCustomer,
  targetReference,
  type PlanContext,
} from '../src'

const source: Customer = {
  id: customerId('pt-42'),
  reference: 'ada lee #1',
  name: 'Ada Lee',
  email: 'ada@example.com',
  addresses: [
    { id: 'b' as never, role: 'billing', line1: '1 Elm Street' },
    { id: 's' as never, role: 'shipping', line1: '2 Oak Street' },
    { id: 's2' as never, role: 'shipping', line1: '3 Ash Street' },
  ],
  paymentMethods: [
    { kind: 'card', id: paymentMethodId('card'), brand: 'visa', last4: '1111', status: 'active' },
    {
      kind: 'card',
      id: paymentMethodId('card2'),
      brand: 'mastercard',
      last4: '4444',
      status: 'active',
    },
  ],
  defaults: { paymentMethodId: paymentMethodId('card2') },
}
const cardData = cardDataIndex([
  {
    sourceCustomerId: 'pt-42',
    sourcePaymentMethodId: 'card',
    input: { kind: 'card', number: '4111111111111111', expiry: { month: 1, year: 2030 } },
  },
  {
    sourceCustomerId: 'pt-42',
    sourcePaymentMethodId: 'card2',
    input: { kind: 'card', number: '5555555555554444', expiry: { month: 1, year: 2030 } },
  },
])
const schedule = (over: Partial<Recurrence>): Recurrence => ({
  id: recurrenceId('r1'),
  customerId: source.id,
  amount: money(2495, 'USD'),
  schedule: every(1, 'month'),
  totalCount: 12,
  completedCount: 3,
  status: 'active',
  nextDate: '2026-07-01',
  ...over,
})
const ctx = (target: keyof typeof topologies): PlanContext => ({
  sourceCaps: capabilitiesFor(topologies.full),
  targetCaps: capabilitiesFor(topologies[target]),
  cardData,
  now: new Date('2026-06-01T00:00:00Z'),
  scheduleSafetyDays: 2,
})

describe('planCustomer', () => {
  it('keeps what fits a one-of-each target, default method first, and says what stays behind', () => {
    const plan = planCustomer(ctx('paytraceLike'), source, [])
    expect(plan.customer.addresses?.map((a) => a.line1)).toEqual(['1 Elm Street', '2 Oak Street'])
    expect(plan.addressSourceIds).toEqual(['b', 's'])
    expect(plan.methods.map((m) => m.summary)).toEqual(['mastercard •••• 4444'])
    expect(plan.methods[0]?.makeDefault).toBe(true)
    expect(plan.issues.map((i) => i.code).sort()).toEqual([
      'too_many_addresses',
      'too_many_payment_methods',
    ])
  })

  it('moves only the remaining charges, starting at the next charge date', () => {
    const plan = planCustomer(ctx('full'), source, [schedule({})])
    expect(plan.recurrences[0]?.input).toMatchObject({ startDate: '2026-07-01', totalCount: 9 })
  })

  it('leaves schedules alone that charge too soon, cannot be expressed, or whose count is unknown', () => {
    const { completedCount: _unknown, ...countUnknown } = schedule({ id: recurrenceId('unknown') })
    const plan = planCustomer(ctx('full'), source, [
      schedule({ id: recurrenceId('soon'), nextDate: '2026-06-02' }),
      schedule({
        id: recurrenceId('weird'),
        schedule: { kind: 'named', gateway: 'elsewhere', code: 'Q', label: 'quirky' },
      }),
      countUnknown,
    ])
    expect(plan.recurrences).toEqual([])
    expect(plan.issues.map((i) => i.item)).toEqual(
      expect.arrayContaining(['schedule:soon', 'schedule:weird', 'schedule:unknown']),
    )
  })

  it('reports schedules a target without recurring billing cannot hold', () => {
    const noRecurring = capabilitiesFor({ ...topologies.fluidpayLike, recurrences: false })
    const plan = planCustomer({ ...ctx('fluidpayLike'), targetCaps: noRecurring }, source, [
      schedule({}),
    ])
    expect(plan.issues.some((i) => i.code === 'no_recurrences')).toBe(true)
  })

  it('derives a deterministic reference when the source one does not fit', () => {
    const caps = {
      ...capabilitiesFor(topologies.full),
      customerReference: 'required' as const,
      referencePattern: '^[A-Za-z0-9]+$',
      limits: { ...capabilitiesFor(topologies.full).limits, referenceMaxLength: 40 },
    }
    expect(targetReference(caps, source)).toMatchObject({
      reference: 'vppt42',
      issue: { code: 'reference_changed' },
    })
    expect(targetReference(capabilitiesFor(topologies.valorLike), source).issue?.code).toBe(
      'field_not_kept',
    )
  })
})

describe('plan report', () => {
  it('shows each issue code with a few customers as examples', () => {
    const examples = issueExamples(1)
    const plan = planCustomer(ctx('paytraceLike'), source, [])
    examples.add(plan)
    examples.add({ ...plan, sourceId: 'pt-43' })
    const text = formatPlanTotals(
      addToTotals(addToTotals(emptyTotals(), plan), plan),
      examples.examples(),
    )
    expect(text).toContain('addresses over the target limit')
    expect(text).toContain('e.g. pt-42: Memory (paytrace-like) keeps no more shipping addresses')
    expect(text).not.toContain('pt-43')
  })
})
