// Translating a schedule into the form a target stores, exactly or not at all; the schedule lines
// of a plan and a run report.
import * as E from 'fp-ts/Either'
import {
  customerId,
  every,
  money,
  paymentMethodId,
  recurrenceId,
  type Customer,
  type Recurrence,
  type Schedule,
} from '@vaultport/core'
import { capabilitiesFor } from '@vaultport/memory'
import {
  addToTotals,
  cardDataIndex,
  emptyTotals,
  formatMigrationReport,
  formatPlanTotals,
  memoryJournal,
  planCustomer,
  runMigration,
  type PlanContext,
} from '../src'
import { chargeAfter } from '../src/schedules/calendar'
import { sameRhythm, translateSchedule } from '../src/schedules/translate'
import { now } from './fixtures'
import { recurring, seedSchedules, vaultOf } from './scheduleFixtures'

const caps = {
  paytrace: capabilitiesFor(recurring.paytrace),
  fluidpay: capabilitiesFor(recurring.fluidpay),
  valor: capabilitiesFor(recurring.valor),
  full: capabilitiesFor(recurring.full),
}

const named7: Schedule = { kind: 'named', gateway: 'paytrace', code: '7', label: '1st and 15th' }
const dom: Schedule = { kind: 'days_of_month', days: [1, 15] }

describe('translateSchedule', () => {
  it.each<[string, keyof typeof caps, Schedule, string, Schedule]>([
    ['PayTrace 1st and 15th to FluidPay', 'fluidpay', named7, '2026-06-15', dom],
    [
      'the 1st and 15th to PayTrace, as PayTrace names it',
      'paytrace',
      dom,
      '2026-06-15',
      { ...named7, label: '1st and 15th of each month' },
    ],
    [
      '12 months to a gateway that says a year',
      'valor',
      every(12, 'month'),
      '2026-06-15',
      every(1, 'year'),
    ],
    [
      'a billing day its next charge is on, to PayTrace',
      'paytrace',
      { ...every(1, 'month'), dayOfMonth: 15 },
      '2026-06-15',
      every(1, 'month'),
    ],
    [
      'a weekday its next charge is on, to PayTrace',
      'paytrace',
      { ...every(1, 'week'), weekday: 3 },
      '2026-06-10',
      every(1, 'week'),
    ],
    [
      'a schedule as it is, where the target has it',
      'fluidpay',
      every(3, 'month'),
      '2026-06-20',
      every(3, 'month'),
    ],
  ])('%s', (_title, target, s, next, expected) => {
    const r = translateSchedule(caps[target], s, next)
    expect(r).toEqual(E.right(expected))
  })

  it('names the billing day where a short month clamped the next charge, or stays', () => {
    // First charged on the 31st; June has 30 days, so the next charge is the 30th.
    expect(translateSchedule(caps.fluidpay, every(1, 'month'), '2026-06-30', '2026-05-31')).toEqual(
      E.right({ ...every(1, 'month'), dayOfMonth: 'last' }),
    )
    const stays = translateSchedule(caps.paytrace, every(1, 'month'), '2026-06-30', '2026-05-31')
    expect(stays).toEqual(
      E.left(
        'Memory (paytrace-recurring) cannot express every 1 month(s): it cannot name the billing day, and the next charge (2026-06-30) is not on it',
      ),
    )
  })

  it('never approximates: weekly to a gateway with no weeks, a weekday on another day', () => {
    expect(E.isLeft(translateSchedule(caps.fluidpay, every(1, 'week'), '2026-06-10'))).toBe(true)
    expect(
      E.isLeft(translateSchedule(caps.paytrace, { ...every(1, 'week'), weekday: 5 }, '2026-06-10')),
    ).toBe(true)
    expect(E.isLeft(translateSchedule(caps.valor, dom, '2026-06-15'))).toBe(true)
    expect(translateSchedule(caps.valor, every(2, 'month'), '2026-06-15')).toEqual(
      E.left(
        'Memory (valor-recurring) cannot express every 2 month(s): its monthly schedules charge every 1, 3 month(s) only',
      ),
    )
    expect(translateSchedule(caps.fluidpay, every(2, 'week'), '2026-06-15')).toEqual(
      E.left(
        'Memory (fluidpay-recurring) cannot express every 2 week(s): it has no weekly schedules',
      ),
    )
  })

  it('compares rhythms whatever form each side keeps', () => {
    expect(sameRhythm(named7, dom)).toBe(true)
    expect(sameRhythm(every(1, 'year'), every(12, 'month'))).toBe(true)
    expect(sameRhythm(every(2, 'week'), every(14, 'day'))).toBe(true)
    expect(sameRhythm(every(1, 'month'), every(2, 'month'))).toBe(false)
  })

  it('follows a schedule to its next charge', () => {
    expect(chargeAfter(every(1, 'month'), '2026-01-31')).toBe('2026-02-28')
    expect(chargeAfter(every(1, 'month'), '2026-02-28', 31)).toBe('2026-03-31')
    expect(chargeAfter(dom, '2026-06-15')).toBe('2026-07-01')
    expect(chargeAfter(dom, '2026-06-01')).toBe('2026-06-15')
    expect(chargeAfter(every(2, 'week'), '2026-06-12')).toBe('2026-06-26')
    expect(chargeAfter(every(1, 'year'), '2028-02-29')).toBe('2029-02-28')
  })
})

const customer: Customer = {
  id: customerId('c1'),
  name: 'Ada Lee',
  addresses: [],
  paymentMethods: [
    { kind: 'card', id: paymentMethodId('card'), brand: 'visa', last4: '1111', status: 'active' },
  ],
  defaults: { paymentMethodId: paymentMethodId('card') },
}

const recurrence = (over: Partial<Recurrence>): Recurrence => ({
  id: recurrenceId('r1'),
  customerId: customer.id,
  amount: money(2495, 'USD'),
  schedule: every(1, 'month'),
  totalCount: 'open_ended',
  status: 'active',
  nextDate: '2026-07-01',
  ...over,
})

const planCtx = (source: keyof typeof caps, target: keyof typeof caps): PlanContext => ({
  sourceCaps: caps[source],
  targetCaps: caps[target],
  cardData: cardDataIndex([
    {
      sourceCustomerId: 'c1',
      sourcePaymentMethodId: 'card',
      input: { kind: 'card', number: '4111111111111111', expiry: { month: 1, year: 2030 } },
    },
  ]),
  now: new Date('2026-06-01T00:00:00Z'),
  scheduleSafetyDays: 2,
})

describe('planning schedules', () => {
  it('charges the migrated default method when the schedule names none', () => {
    const plan = planCustomer(planCtx('full', 'fluidpay'), customer, [recurrence({})])
    expect(plan.recurrences[0]?.sourcePaymentMethodId).toBe('card')
  })

  it('warns about a setting of the source that the target has no equivalent for, and still moves it', () => {
    const fromPayTrace = {
      ...planCtx('paytrace', 'fluidpay'),
      sourceCaps: { ...caps.paytrace, gateway: 'paytrace' },
    }
    const plan = planCustomer(fromPayTrace, customer, [
      recurrence({ gatewayData: { weekend: true, repeat: 0, sec_code: 'PPD' } }),
    ])
    expect(plan.recurrences).toHaveLength(1)
    expect(plan.issues).toEqual([
      expect.objectContaining({
        code: 'schedule_detail_dropped',
        message: expect.stringMatching(
          /weekend=true has no equivalent at Memory \(fluidpay-recurring\)/,
        ),
      }),
    ])
    const text = formatPlanTotals(addToTotals(emptyTotals(), plan))
    expect(text).toMatch(/schedules {12}1 to move, 0 stay at the source, 1 with a warning/)
  })

  it('keeps a schedule the safety window holds back aside, to be finished if an earlier run started it', () => {
    const plan = planCustomer(planCtx('full', 'fluidpay'), customer, [
      recurrence({ nextDate: '2026-06-02' }),
    ])
    expect(plan.recurrences).toEqual([])
    expect(plan.heldBack?.map((h) => h.planned.sourceId)).toEqual(['r1'])
  })

  it('a paused schedule stays; one with no charges left stays', () => {
    const plan = planCustomer(planCtx('full', 'fluidpay'), customer, [
      recurrence({ id: recurrenceId('p'), status: 'paused' }),
      recurrence({ id: recurrenceId('d'), totalCount: 3, completedCount: 3 }),
    ])
    expect(plan.issues.map((i) => [i.item, i.code])).toEqual([
      ['schedule:p', 'schedule_not_active'],
      ['schedule:d', 'schedule_not_active'],
    ])
  })
})

describe('the run report', () => {
  it('says how many schedules moved, how many stayed and why', async () => {
    const seeded = await seedSchedules('paytrace', 2, [
      { schedule: every(1, 'month'), startDate: '2026-07-01' },
      { schedule: every(1, 'week'), startDate: '2026-06-10' },
      { schedule: every(1, 'month'), startDate: '2026-06-02' },
    ])
    const target = vaultOf('fluidpay', 't_')
    const report = await runMigration({
      source: seeded.vault,
      target,
      journal: memoryJournal(),
      cardData: seeded.cardData,
      now,
    })
    const text = formatMigrationReport(report)
    expect(text).toContain('schedules: 2 moved, 4 stayed at the source, 0 active at both ends')
    expect(text).toMatch(
      /stayed +2 {2}schedules charging too soon to move now \(safety window\) \(next_charge_too_close\)/,
    )
    expect(text).toMatch(
      /stayed +2 {2}schedules the target cannot express \(schedule_not_expressible\)/,
    )
  })
})
