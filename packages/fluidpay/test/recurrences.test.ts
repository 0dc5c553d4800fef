// The recurrences port over FluidPay subscriptions (nock): the exact request of every recurring
// endpoint it calls, and every answer shape the recurring facts describe.
import nock from 'nock'
import {
  canSchedule,
  customerId,
  paymentMethodId,
  recurrenceId,
  type RecurrenceInput,
  type Schedule,
} from '@vaultport/core'
import { fluidpayCapabilities, fluidpayRecurrenceOptions } from '../src'
import { ach, api, card, failed, left, ok, record, right, subscription, vault } from './fixtures'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const C = customerId('ada001')
const R = recurrenceId('sub001')
const SUB = '/api/recurring/subscription'
const withMethods = record('ada001', { cards: [card('p1')], ach: [ach('b1')] })
/** The subscription's `customer` when it charges the stored bank account. */
const onAch = { customer: { id: 'ada001', payment_method_type: 'ach', payment_method_id: 'b1' } }

const input = (extra: Partial<RecurrenceInput> = {}): RecurrenceInput => ({
  customerId: C,
  amount: { amount: 2495, currency: 'USD' },
  schedule: { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 10 },
  startDate: '2026-02-10',
  totalCount: 12,
  description: 'Gold monthly',
  ...extra,
})

/** The FR16 body for `input()`, with the stored card named. */
const createBody = (extra: Record<string, unknown> = {}) => ({
  description: 'Gold monthly',
  customer: { id: 'ada001', payment_method_type: 'card', payment_method_id: 'p1' },
  amount: 2495,
  billing_frequency: 'monthly',
  billing_cycle_interval: 1,
  billing_days: '10',
  charge_on_day: false,
  duration: 12,
  next_bill_date: '2026-02-10',
  ...extra,
})

describe('capabilities', () => {
  it('declares what FluidPay subscriptions can express, and no weekly schedule', () => {
    const r = fluidpayCapabilities.recurrences
    expect(fluidpayCapabilities.operations.recurrences).toEqual({
      create: true,
      get: true,
      update: true,
      delete: true,
      listByCustomer: true,
    })
    expect(r.settableStatuses).toEqual(['paused', 'active', 'cancelled', 'completed'])
    expect(r.paymentMethodKinds).toEqual(['card', 'bank_account'])
    const can = (s: Schedule) => canSchedule(fluidpayCapabilities, s)
    expect(can({ kind: 'interval', unit: 'month', every: 3, dayOfMonth: 'last' })).toBe(true)
    expect(can({ kind: 'interval', unit: 'year', every: 1 })).toBe(true)
    expect(can({ kind: 'interval', unit: 'day', every: 1 })).toBe(true)
    expect(can({ kind: 'days_of_month', days: [1, 15] })).toBe(true)
    expect(can({ kind: 'interval', unit: 'week', every: 1 })).toBe(false)
    expect(can({ kind: 'interval', unit: 'week', every: 2 })).toBe(false)
    expect(can({ kind: 'interval', unit: 'day', every: 7 })).toBe(false)
  })

  it('recurring.daily: false takes daily schedules out, before any request', async () => {
    const v = vault({ recurring: { daily: false } })
    expect(v.capabilities.recurrences.intervals.day).toBeUndefined()
    const e = await left(
      v.recurrences.create(input({ schedule: { kind: 'interval', unit: 'day', every: 1 } })),
    )
    expect(e.kind).toBe('Validation')
  })

  it.each([
    [{ lastDay: '1' }, 'config.recurring.lastDay'],
    [{ nextDateBy: 'put' }, 'config.recurring.nextDateBy'],
    [{ daily: 'yes' }, 'config.recurring.daily'],
    [{ statuses: { failing: 'active' } }, 'config.recurring.statuses.failing'],
    [{ statuses: { active: 'paused' } }, 'config.recurring.statuses.active'],
  ])('a recurring setting that cannot work: %j', async (recurring, path) => {
    const v = vault({ recurring: recurring as never })
    const e = await left(v.recurrences.get(R))
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path }] })
  })
})

describe('recurrences.create (FR16)', () => {
  it('sends the schedule, the count, the next bill date and the stored card it charges', async () => {
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(withMethods))
      .post(SUB, createBody())
      .reply(200, ok(subscription('sub001')))
    const w = await right(
      vault().recurrences.create(input({ paymentMethodId: paymentMethodId('p1') })),
    )
    expect(w.warnings).toEqual([])
    expect(w.value).toEqual({
      id: 'sub001',
      customerId: 'ada001',
      amount: { amount: 2495, currency: 'USD' },
      schedule: { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 10 },
      totalCount: 12,
      status: 'active',
      paymentMethodId: 'p1',
      nextDate: '2026-02-10',
      description: 'Gold monthly',
      gatewayData: { status: 'active', paymentMethodType: 'card', totalAdds: 0, totalDiscounts: 0 },
    })
    expect(scope.isDone()).toBe(true)
  })

  it('a bank account is named as ach', async () => {
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(withMethods))
      .post(SUB, createBody(onAch))
      .reply(200, ok(subscription('sub001', onAch)))
    const w = await right(
      vault().recurrences.create(input({ paymentMethodId: paymentMethodId('b1') })),
    )
    expect(w.value.paymentMethodId).toBe('b1')
    expect(scope.isDone()).toBe(true)
  })

  it('without a payment method it names only the customer (FluidPay charges its default)', async () => {
    const scope = api()
      .post(SUB, createBody({ customer: { id: 'ada001' } }))
      .reply(200, ok(subscription('sub001')))
    await right(vault().recurrences.create(input()))
    expect(scope.isDone()).toBe(true)
  })

  it('a payment method the customer does not hold is NotFound, and nothing is created', async () => {
    api().get('/api/vault/ada001').reply(200, ok(withMethods))
    const e = await left(
      vault().recurrences.create(input({ paymentMethodId: paymentMethodId('p9') })),
    )
    expect(e.kind).toBe('NotFound')
    expect(nock.isDone()).toBe(true)
  })

  it.each<[string, Schedule, string, Record<string, unknown>]>([
    [
      'monthly without a day: the start date’s day',
      { kind: 'interval', unit: 'month', every: 3 },
      '2026-02-14',
      { billing_cycle_interval: 3, billing_days: '14' },
    ],
    [
      'yearly: every 12 months',
      { kind: 'interval', unit: 'year', every: 1, dayOfMonth: 5 },
      '2026-03-05',
      { billing_cycle_interval: 12, billing_days: '5' },
    ],
    [
      'the last day: "0"',
      { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 'last' },
      '2026-01-31',
      { billing_days: '0' },
    ],
    [
      'the 1st and 15th: twice_monthly',
      { kind: 'days_of_month', days: [1, 15] },
      '2026-02-01',
      { billing_frequency: 'twice_monthly', billing_days: '1,15' },
    ],
  ])('%s', async (_name, schedule, startDate, fields) => {
    const body = {
      ...createBody({ customer: { id: 'ada001' }, next_bill_date: startDate }),
      ...fields,
    }
    const scope = api()
      .post(SUB, body)
      .reply(200, ok(subscription('sub001', { ...fields, next_bill_date: startDate })))
    const w = await right(vault().recurrences.create(input({ schedule, startDate })))
    expect(w.warnings).toEqual([])
    expect(scope.isDone()).toBe(true)
  })

  it('daily: every day, with no billing days', async () => {
    const { billing_days: _days, ...body } = createBody({
      customer: { id: 'ada001' },
      billing_frequency: 'daily',
    })
    const scope = api()
      .post(SUB, body)
      .reply(200, ok(subscription('sub001', { billing_frequency: 'daily', billing_days: '' })))
    const w = await right(
      vault().recurrences.create(input({ schedule: { kind: 'interval', unit: 'day', every: 1 } })),
    )
    expect(w.value.schedule).toEqual({ kind: 'interval', unit: 'day', every: 1 })
    expect(scope.isDone()).toBe(true)
  })

  it('day 31 is sent as the last day, with a warning', async () => {
    const scope = api()
      .post(SUB, createBody({ customer: { id: 'ada001' }, billing_days: '0' }))
      .reply(200, ok(subscription('sub001', { billing_days: '0' })))
    const w = await right(
      vault().recurrences.create(
        input({ schedule: { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 31 } }),
      ),
    )
    expect(w.warnings.map((x) => x.code)).toEqual(['day_adjusted'])
    expect(w.value.schedule).toMatchObject({ dayOfMonth: 'last' })
    expect(scope.isDone()).toBe(true)
  })

  it('recurring.lastDay "31" writes and reads the last day as "31"', async () => {
    const scope = api()
      .post(SUB, createBody({ customer: { id: 'ada001' }, billing_days: '31' }))
      .reply(200, ok(subscription('sub001', { billing_days: '31' })))
    const w = await right(
      vault({ recurring: { lastDay: '31' } }).recurrences.create(
        input({ schedule: { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 'last' } }),
      ),
    )
    expect(w.value.schedule).toMatchObject({ dayOfMonth: 'last' })
    expect(scope.isDone()).toBe(true)
  })

  it('open-ended is duration 0, and reads back open-ended', async () => {
    const scope = api()
      .post(SUB, createBody({ customer: { id: 'ada001' }, duration: 0 }))
      .reply(200, ok(subscription('sub001', { duration: 0 })))
    const w = await right(vault().recurrences.create(input({ totalCount: 'open_ended' })))
    expect(w.value.totalCount).toBe('open_ended')
    expect(scope.isDone()).toBe(true)
  })

  it('on a plan, with add-ons and discounts, through gatewayData', async () => {
    const scope = api()
      .post(
        SUB,
        createBody({
          customer: { id: 'ada001' },
          plan_id: 'plan01',
          add_ons: [{ id: 'ao1', amount: 300 }],
          discounts: [{ id: 'dc1', percentage: 10000, duration: 3 }],
        }),
      )
      .reply(
        200,
        ok(
          subscription('sub001', {
            plan_id: 'plan01',
            add_ons: [{ id: 'ao1', amount: 300, percentage: null, duration: 0 }],
            total_adds: 300,
          }),
        ),
      )
    const w = await right(
      vault().recurrences.create(
        input({
          gatewayData: fluidpayRecurrenceOptions({
            planId: 'plan01',
            addOns: [{ id: 'ao1', amount: 300 }],
            discounts: [{ id: 'dc1', percentage: 10000, duration: 3 }],
          }),
        }),
      ),
    )
    expect(w.value.gatewayData).toMatchObject({
      planId: 'plan01',
      addOns: [{ id: 'ao1', amount: 300, duration: 0 }],
      totalAdds: 300,
    })
    expect(scope.isDone()).toBe(true)
  })

  it.each([
    ['today', '2026-01-05'],
    ['a past date', '2025-12-31'],
  ])('a start date of %s is refused before any request', async (_n, startDate) => {
    const e = await left(vault().recurrences.create(input({ startDate })))
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'startDate' }] })
  })

  it.each([
    [{ planId: '' }, 'gatewayData.planId'],
    [
      { addOns: [{ id: 'ao1', amount: 100, percentage: 5000 }] },
      'gatewayData.addOns[0].percentage',
    ],
    [{ discounts: [{ id: 'dc1', percentage: 50 }] }, 'gatewayData.discounts[0].percentage'],
    [{ addOns: [{ amount: 100 }] }, 'gatewayData.addOns[0].id'],
    [{ addOns: [{ id: 'ao1', amout: 100 }] }, 'gatewayData.addOns[0].amout'],
  ])('options FluidPay cannot take: %j', async (gatewayData, path) => {
    const e = await left(vault().recurrences.create(input({ gatewayData })))
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path }] })
  })

  it('a weekly schedule is refused by the capabilities, before any request', async () => {
    const e = await left(
      vault().recurrences.create(input({ schedule: { kind: 'interval', unit: 'week', every: 2 } })),
    )
    expect(e.kind).toBe('Validation')
  })

  it.each([
    ['the id alone', ok({ id: 'sub001' })],
    ['the id as data', ok('sub001')],
    ['a subscription without its customer', ok({ id: 'sub001', status: 'active' })],
  ])('an answer with %s is read back by id (FR17)', async (_n, answer) => {
    const scope = api()
      .post(SUB)
      .reply(200, answer)
      .get(`${SUB}/sub001`)
      .reply(200, ok(subscription('sub001')))
    const w = await right(vault().recurrences.create(input()))
    expect(w.value.id).toBe('sub001')
    expect(scope.isDone()).toBe(true)
  })

  it('an answer that is a list of one record is the record', async () => {
    const scope = api()
      .post(SUB)
      .reply(200, ok([subscription('sub001')]))
    expect((await right(vault().recurrences.create(input()))).value.id).toBe('sub001')
    expect(scope.isDone()).toBe(true)
  })

  it.each([ok(null), ok({}), ok([]), { status: 'success', msg: 'success' }])(
    'a success that names no subscription (%j) is OutcomeUnknown',
    async (answer) => {
      api().post(SUB).reply(200, answer)
      const e = await left(vault().recurrences.create(input()))
      expect(e.kind).toBe('OutcomeUnknown')
    },
  )

  it('a read-back that fails after a confirmed create is ConfirmedUnread with the id', async () => {
    api()
      .post(SUB)
      .reply(200, ok({ id: 'sub001' }))
      .get(`${SUB}/sub001`)
      .reply(404, failed('not found error: subscription'))
    const e = await left(vault().recurrences.create(input()))
    expect(e).toMatchObject({ kind: 'ConfirmedUnread', writtenId: 'sub001' })
  })

  it('a record the model cannot hold after a confirmed create is ConfirmedUnread', async () => {
    api()
      .post(SUB)
      .reply(200, ok(subscription('sub001', { amount: 24.95 })))
    const e = await left(vault().recurrences.create(input()))
    expect(e).toMatchObject({ kind: 'ConfirmedUnread', writtenId: 'sub001' })
  })

  it('what the read-back does not show as written is a not_kept warning', async () => {
    api()
      .post(SUB)
      .reply(200, ok(subscription('sub001', { next_bill_date: '2026-03-10', status: 'error' })))
    const w = await right(vault().recurrences.create(input()))
    expect(w.warnings.map((x) => [x.code, x.field])).toEqual([
      ['not_kept', 'status'],
      ['not_kept', 'nextDate'],
    ])
  })

  it.each([
    [400, failed('bad request error: invalid billing_days'), 'Validation'],
    [401, failed('unauthorized error'), 'Auth'],
    [502, '<html>bad gateway</html>', 'OutcomeUnknown'],
  ] as const)('HTTP %i %j → %s, never resent', async (status, body, kind) => {
    const scope = api().post(SUB).reply(status, body)
    expect((await left(vault().recurrences.create(input()))).kind).toBe(kind)
    expect(scope.isDone()).toBe(true)
  })
})

describe('recurrences.get (FR17)', () => {
  it('reads the record as a Recurrence', async () => {
    api()
      .get(`${SUB}/sub001`)
      .reply(200, ok(subscription('sub001')))
    const r = await right(vault().recurrences.get(R))
    expect(r).toMatchObject({ id: 'sub001', totalCount: 12, nextDate: '2026-02-10' })
  })

  it('a list of one is the record; an empty list is NotFound', async () => {
    api()
      .get(`${SUB}/sub001`)
      .reply(200, ok([subscription('sub001')]))
    expect((await right(vault().recurrences.get(R))).id).toBe('sub001')
    api().get(`${SUB}/sub001`).reply(200, ok([]))
    expect((await left(vault().recurrences.get(R))).kind).toBe('NotFound')
  })

  it.each([
    ['HTTP 404', 404, failed('not found error: subscription not found'), 'NotFound'],
    ['no record', 200, ok(null), 'UnexpectedResponse'],
    ['another subscription', 200, ok(subscription('sub002')), 'UnexpectedResponse'],
    [
      'a list of others',
      200,
      ok([subscription('sub002'), subscription('sub003')]),
      'UnexpectedResponse',
    ],
    ['no customer', 200, ok({ id: 'sub001', amount: 100 }), 'UnexpectedResponse'],
    [
      'no frequency',
      200,
      ok(subscription('sub001', { billing_frequency: null })),
      'UnexpectedResponse',
    ],
    [
      'a bad next date',
      200,
      ok(subscription('sub001', { next_bill_date: 'soon' })),
      'UnexpectedResponse',
    ],
    ['a 200 that failed', 200, failed('not found error: subscription'), 'NotFound'],
  ] as const)('%s: HTTP %i %j → %s', async (_n, status, body, kind) => {
    api().get(`${SUB}/sub001`).reply(status, body)
    expect((await left(vault().recurrences.get(R))).kind).toBe(kind)
  })

  it('an id no path segment can carry is refused before any request', async () => {
    expect((await left(vault().recurrences.get(recurrenceId('../x')))).kind).toBe('Validation')
  })

  it.each([
    ['active', 'active'],
    ['paused', 'paused'],
    ['past_due', 'paused'],
    ['failing', 'paused'],
    ['failed', 'paused'],
    ['error', 'paused'],
    ['completed', 'completed'],
    ['cancelled', 'cancelled'],
    ['canceled', 'cancelled'],
    ['stopped', 'cancelled'],
    ['suspended', 'paused'],
    ['', 'paused'],
    ['ACTIVE', 'active'],
  ])('status %j reads as %s, and the gateway status is kept', async (status, canonical) => {
    api()
      .get(`${SUB}/sub001`)
      .reply(200, ok(subscription('sub001', { status })))
    const r = await right(vault().recurrences.get(R))
    expect(r.status).toBe(canonical)
    if (status !== '') expect(r.gatewayData?.['status']).toBe(status.toLowerCase())
    expect(r.nextDate === undefined).toBe(canonical === 'cancelled' || canonical === 'completed')
  })

  it('recurring.statuses overrides how a gateway-set status reads (never as active)', async () => {
    api()
      .get(`${SUB}/sub001`)
      .reply(200, ok(subscription('sub001', { status: 'stopped' })))
    const v = vault({ recurring: { statuses: { stopped: 'completed' } } })
    expect((await right(v.recurrences.get(R))).status).toBe('completed')
  })

  it.each<[string, Record<string, unknown>, Schedule]>([
    [
      'every 3 months on the 10th',
      { billing_cycle_interval: 3 },
      { kind: 'interval', unit: 'month', every: 3, dayOfMonth: 10 },
    ],
    [
      'every 24 months',
      { billing_cycle_interval: 24, billing_days: '1' },
      { kind: 'interval', unit: 'year', every: 2, dayOfMonth: 1 },
    ],
    [
      '"0" as the last day',
      { billing_days: '0' },
      { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 'last' },
    ],
    [
      'days as a number',
      { billing_days: 7 },
      { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 7 },
    ],
    ['no billing day', { billing_days: '' }, { kind: 'interval', unit: 'month', every: 1 }],
    [
      'no interval',
      { billing_cycle_interval: null },
      { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 10 },
    ],
    [
      'twice monthly',
      { billing_frequency: 'twice_monthly', billing_days: '1, 15' },
      { kind: 'days_of_month', days: [1, 15] },
    ],
    [
      'daily',
      { billing_frequency: 'daily', billing_days: null },
      { kind: 'interval', unit: 'day', every: 1 },
    ],
    [
      'a frequency no source names',
      { billing_frequency: 'weekly', billing_days: '1' },
      {
        kind: 'named',
        gateway: 'fluidpay',
        code: 'weekly/1/1',
        label: 'FluidPay weekly every 1 on 1',
      },
    ],
    [
      'monthly on two days',
      { billing_days: '1,15' },
      {
        kind: 'named',
        gateway: 'fluidpay',
        code: 'monthly/1/1,15',
        label: 'FluidPay monthly every 1 on 1, 15',
      },
    ],
  ])('reads %s', async (_n, fields, schedule) => {
    api()
      .get(`${SUB}/sub001`)
      .reply(200, ok(subscription('sub001', fields)))
    expect((await right(vault().recurrences.get(R))).schedule).toEqual(schedule)
  })

  it('falls back to next_run_date when next_bill_date is missing; a timestamp reads as its date', async () => {
    api()
      .get(`${SUB}/sub001`)
      .reply(
        200,
        ok(subscription('sub001', { next_bill_date: null, next_run_date: '2026-04-10T00:00:00Z' })),
      )
    expect((await right(vault().recurrences.get(R))).nextDate).toBe('2026-04-10')
  })
})

describe('recurrences.update (FR19, FR21)', () => {
  const current = (extra: Record<string, unknown> = {}) =>
    api()
      .get(`${SUB}/sub001`)
      .reply(200, ok(subscription('sub001', extra)))

  it('sends only what the patch changes, and reads the answer', async () => {
    current()
    const scope = api()
      .post(`${SUB}/sub001`, { amount: 3000, description: 'Platinum' })
      .reply(200, ok(subscription('sub001', { amount: 3000, description: 'Platinum' })))
    const w = await right(
      vault().recurrences.update(R, {
        amount: { amount: 3000, currency: 'USD' },
        description: 'Platinum',
      }),
    )
    expect(w.value.amount.amount).toBe(3000)
    expect(w.warnings).toEqual([])
    expect(scope.isDone()).toBe(true)
  })

  it('a schedule that names no day keeps the stored billing day; a count is duration', async () => {
    current()
    const scope = api()
      .post(`${SUB}/sub001`, {
        billing_frequency: 'monthly',
        billing_cycle_interval: 2,
        billing_days: '10',
        charge_on_day: false,
        duration: 0,
      })
      .reply(200, ok(subscription('sub001', { billing_cycle_interval: 2, duration: 0 })))
    const w = await right(
      vault().recurrences.update(R, {
        schedule: { kind: 'interval', unit: 'month', every: 2 },
        totalCount: 'open_ended',
      }),
    )
    expect(w.value.totalCount).toBe('open_ended')
    expect(scope.isDone()).toBe(true)
  })

  it('a new payment method is typed from the customer record', async () => {
    current()
    const scope = api()
      .get('/api/vault/ada001')
      .reply(200, ok(withMethods))
      .post(`${SUB}/sub001`, onAch)
      .reply(200, ok(subscription('sub001', onAch)))
    const w = await right(vault().recurrences.update(R, { paymentMethodId: paymentMethodId('b1') }))
    expect(w.value.paymentMethodId).toBe('b1')
    expect(scope.isDone()).toBe(true)
  })

  it.each([
    ['paused', 'active'],
    ['cancelled', 'active'],
    ['completed', 'active'],
    ['active', 'paused'],
  ] as const)('status %s (from %s) is GET …/status/{status}', async (status, from) => {
    current({ status: from })
    const scope = api()
      .get(`${SUB}/sub001/status/${status}`)
      .reply(200, ok(subscription('sub001', { status })))
    const w = await right(vault().recurrences.update(R, { status }))
    expect(w.value.status).toBe(status)
    expect(scope.isDone()).toBe(true)
  })

  it.each([
    ['resuming a paused schedule from a date', 'paused', { status: 'active' as const }],
    ['a new date alone on an active schedule', 'active', {}],
  ])('%s is one activation with next_bill_date', async (_n, from, patch) => {
    current({ status: from })
    const scope = api()
      .get(`${SUB}/sub001/status/active`)
      .query({ next_bill_date: '2026-03-01' })
      .reply(200, ok(subscription('sub001', { next_bill_date: '2026-03-01' })))
    const w = await right(vault().recurrences.update(R, { ...patch, nextDate: '2026-03-01' }))
    expect(w.value).toMatchObject({ status: 'active', nextDate: '2026-03-01' })
    expect(w.warnings).toEqual([])
    expect(scope.isDone()).toBe(true)
  })

  it('a new date on a paused schedule: activated with it, then paused again', async () => {
    current({ status: 'paused' })
    const scope = api()
      .get(`${SUB}/sub001/status/active`)
      .query({ next_bill_date: '2026-03-01' })
      .reply(200, ok(subscription('sub001', { next_bill_date: '2026-03-01' })))
      .get(`${SUB}/sub001/status/paused`)
      .reply(200, ok(subscription('sub001', { next_bill_date: '2026-03-01', status: 'paused' })))
    const w = await right(vault().recurrences.update(R, { nextDate: '2026-03-01' }))
    expect(w.value).toMatchObject({ status: 'paused', nextDate: '2026-03-01' })
    expect(scope.isDone()).toBe(true)
  })

  it('a new date on a failing schedule without resuming it is refused, nothing written', async () => {
    current({ status: 'failing' })
    const e = await left(vault().recurrences.update(R, { nextDate: '2026-03-01' }))
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'nextDate' }] })
    expect(nock.isDone()).toBe(true)
  })

  it('a date with a cancel is dropped with a warning', async () => {
    current()
    api()
      .get(`${SUB}/sub001/status/cancelled`)
      .reply(200, ok(subscription('sub001', { status: 'cancelled' })))
    const w = await right(
      vault().recurrences.update(R, { status: 'cancelled', nextDate: '2026-03-01' }),
    )
    expect(w.warnings.map((x) => [x.code, x.field])).toEqual([['field_dropped', 'nextDate']])
  })

  it('recurring.nextDateBy "update" sends next_bill_date in the update', async () => {
    current()
    const scope = api()
      .post(`${SUB}/sub001`, { next_bill_date: '2026-03-01' })
      .reply(200, ok(subscription('sub001', { next_bill_date: '2026-03-01' })))
    await right(
      vault({ recurring: { nextDateBy: 'update' } }).recurrences.update(R, {
        nextDate: '2026-03-01',
      }),
    )
    expect(scope.isDone()).toBe(true)
  })

  it('a date that may have passed is refused before any write', async () => {
    current({ status: 'paused' })
    const e = await left(
      vault().recurrences.update(R, { status: 'active', nextDate: '2026-01-05' }),
    )
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'nextDate' }] })
    expect(nock.isDone()).toBe(true)
  })

  it('a status it already has is not sent again', async () => {
    current({ status: 'paused' })
    const w = await right(vault().recurrences.update(R, { status: 'paused' }))
    expect(w.value.status).toBe('paused')
    expect(nock.isDone()).toBe(true)
  })

  it('a status answer without the record is read back (FR17)', async () => {
    current()
    const scope = api()
      .get(`${SUB}/sub001/status/paused`)
      .reply(200, ok(null))
      .get(`${SUB}/sub001`)
      .reply(200, ok(subscription('sub001', { status: 'paused' })))
    expect((await right(vault().recurrences.update(R, { status: 'paused' }))).value.status).toBe(
      'paused',
    )
    expect(scope.isDone()).toBe(true)
  })

  it('a status the read-back does not show is a not_kept warning', async () => {
    current()
    api()
      .get(`${SUB}/sub001/status/paused`)
      .reply(200, ok(subscription('sub001')))
    const w = await right(vault().recurrences.update(R, { status: 'paused' }))
    expect(w.warnings.map((x) => [x.code, x.field])).toEqual([['not_kept', 'status']])
  })

  it('once the update is confirmed, a refused status change is ConfirmedUnread', async () => {
    current()
    api()
      .post(`${SUB}/sub001`, { amount: 3000 })
      .reply(200, ok(subscription('sub001', { amount: 3000 })))
      .get(`${SUB}/sub001/status/paused`)
      .reply(400, failed('bad request error: invalid status'))
    const e = await left(
      vault().recurrences.update(R, {
        amount: { amount: 3000, currency: 'USD' },
        status: 'paused',
      }),
    )
    expect(e).toMatchObject({ kind: 'ConfirmedUnread', writtenId: 'sub001' })
  })

  it('a status change is a write: a 200 that is not the envelope is OutcomeUnknown', async () => {
    current()
    api().get(`${SUB}/sub001/status/cancelled`).reply(200, 'OK')
    expect((await left(vault().recurrences.update(R, { status: 'cancelled' }))).kind).toBe(
      'OutcomeUnknown',
    )
  })

  it('an unknown subscription is NotFound, nothing written', async () => {
    api().get(`${SUB}/sub001`).reply(404, failed('not found error: subscription'))
    expect((await left(vault().recurrences.update(R, { status: 'paused' }))).kind).toBe('NotFound')
  })
})

describe('recurrences.delete (FR20)', () => {
  it('DELETE, done whatever data is', async () => {
    const scope = api().delete(`${SUB}/sub001`).reply(200, ok(null))
    await right(vault().recurrences.delete(R))
    expect(scope.isDone()).toBe(true)
  })

  it('an unknown subscription is NotFound', async () => {
    api().delete(`${SUB}/sub001`).reply(404, failed('not found error: subscription'))
    expect((await left(vault().recurrences.delete(R))).kind).toBe('NotFound')
  })
})

describe('recurrences.listByCustomer (FR18)', () => {
  const search = (offset: number, limit = 100) => ({
    customer: { id: { operator: '=', value: 'ada001' } },
    limit,
    offset,
  })

  it('searches on customer.id, a page at a time by total_count', async () => {
    const scope = api()
      .post(`${SUB}/search`, search(0, 2))
      .reply(200, ok([subscription('s1'), subscription('s2')], { total_count: 3 }))
      .post(`${SUB}/search`, search(2, 2))
      .reply(200, ok([subscription('s3')], { total_count: 3 }))
    const first = await right(vault().recurrences.listByCustomer(C, { pageSize: 2 }))
    expect(first.items.map((r) => r.id)).toEqual(['s1', 's2'])
    expect(first.totalCount).toBe(3)
    const rest = await right(
      vault().recurrences.listByCustomer(C, { pageSize: 2, cursor: first.nextCursor as string }),
    )
    expect(rest.items.map((r) => r.id)).toEqual(['s3'])
    expect(rest.nextCursor).toBeUndefined()
    expect(scope.isDone()).toBe(true)
  })

  it('keeps only the customer’s own subscriptions, should the search come back unfiltered', async () => {
    const other = subscription('s9', { customer: { id: 'bob002' } })
    api()
      .post(`${SUB}/search`, search(0))
      .reply(200, ok([subscription('s1'), other], { total_count: 2 }))
    const page = await right(vault().recurrences.listByCustomer(C))
    expect(page.items.map((r) => r.id)).toEqual(['s1'])
    expect(page.totalCount).toBeUndefined()
  })

  it('no subscription: the customer is read, an empty page if it exists, NotFound if not', async () => {
    const scope = api()
      .post(`${SUB}/search`)
      .reply(200, ok(null, { total_count: 0 }))
      .get('/api/vault/ada001')
      .reply(200, ok(record('ada001')))
    expect(await right(vault().recurrences.listByCustomer(C))).toEqual({ items: [], totalCount: 0 })
    expect(scope.isDone()).toBe(true)
    api()
      .post(`${SUB}/search`)
      .reply(200, ok([], { total_count: 0 }))
      .get('/api/vault/ada001')
      .reply(404, failed('not found error: customer'))
    expect((await left(vault().recurrences.listByCustomer(C))).kind).toBe('NotFound')
  })

  it('a foreign cursor and a customer filter are refused before any request', async () => {
    expect((await left(vault().recurrences.listByCustomer(C, { cursor: 'p:2' }))).kind).toBe(
      'Validation',
    )
    expect(
      (await left(vault().recurrences.listByCustomer(C, { filter: { email: 'a@b.co' } }))).kind,
    ).toBe('Validation')
  })

  it('one record the model cannot hold makes the page UnexpectedResponse', async () => {
    api()
      .post(`${SUB}/search`)
      .reply(200, ok([subscription('s1'), subscription('s2', { amount: -5 })]))
    expect((await left(vault().recurrences.listByCustomer(C))).kind).toBe('UnexpectedResponse')
  })
})
