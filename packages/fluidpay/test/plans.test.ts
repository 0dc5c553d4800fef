// vault.fluidpay.plans / addOns / discounts (nock): FR1–FR15, exact requests and every answer
// shape the recurring facts describe; arguments checked before any request.
import * as E from 'fp-ts/Either'
import nock from 'nock'
import { adjustment, api, failed, left, ok, plan, right, vault } from './fixtures'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const R = '/api/recurring'

const planInput = {
  name: 'Gold',
  description: 'Gold plan',
  amount: 2495,
  schedule: { kind: 'interval' as const, unit: 'month' as const, every: 1, dayOfMonth: 1 },
  totalCount: 'open_ended' as const,
}

const planBody = {
  name: 'Gold',
  description: 'Gold plan',
  amount: 2495,
  billing_frequency: 'monthly',
  billing_cycle_interval: 1,
  billing_days: '1',
  charge_on_day: false,
  duration: 0,
}

describe('plans (FR11–FR15)', () => {
  it('create sends the plan in cents with its schedule, and reads the answer', async () => {
    const scope = api()
      .post(`${R}/plan`, { ...planBody, add_ons: [{ id: 'ao1' }] })
      .reply(
        200,
        ok(plan('pl1', { add_ons: [{ id: 'ao1', amount: 500, percentage: null, duration: 0 }] })),
      )
    const w = await right(vault().fluidpay.plans.create({ ...planInput, addOns: [{ id: 'ao1' }] }))
    expect(w).toEqual({
      value: {
        id: 'pl1',
        name: 'Gold',
        description: 'Gold plan',
        amount: 2495,
        schedule: { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 1 },
        totalCount: 'open_ended',
        addOns: [{ id: 'ao1', amount: 500, duration: 0 }],
        discounts: [],
        totalAddOns: 0,
        totalDiscounts: 0,
        createdAt: '2026-01-05T10:00:00.118204Z',
        updatedAt: '2026-01-05T10:00:00.118204Z',
      },
      warnings: [],
    })
    expect(scope.isDone()).toBe(true)
  })

  it('twice monthly and a finite count', async () => {
    const scope = api()
      .post(`${R}/plan`, {
        ...planBody,
        billing_frequency: 'twice_monthly',
        billing_days: '1,15',
        duration: 6,
      })
      .reply(
        200,
        ok(plan('pl1', { billing_frequency: 'twice_monthly', billing_days: '1,15', duration: 6 })),
      )
    const w = await right(
      vault().fluidpay.plans.create({
        ...planInput,
        schedule: { kind: 'days_of_month', days: [1, 15] },
        totalCount: 6,
      }),
    )
    expect(w.value).toMatchObject({
      schedule: { kind: 'days_of_month', days: [1, 15] },
      totalCount: 6,
    })
    expect(scope.isDone()).toBe(true)
  })

  it.each([
    [
      { ...planInput, schedule: { kind: 'interval', unit: 'month', every: 1 } },
      'input.schedule.dayOfMonth',
    ],
    [{ ...planInput, schedule: { kind: 'interval', unit: 'week', every: 1 } }, 'input.schedule'],
    [{ ...planInput, schedule: { kind: 'weekly' } }, 'input.schedule'],
    [{ ...planInput, amount: 24.95 }, 'input.amount'],
    [{ ...planInput, name: '' }, 'input.name'],
    [{ ...planInput, totalCount: 0 }, 'input.totalCount'],
    [{ ...planInput, currency: 'USD' }, 'input.currency'],
    [{ name: 'Gold' }, 'input.amount'],
    [
      { ...planInput, discounts: [{ id: 'd1', percentage: 200_000 }] },
      'input.discounts[0].percentage',
    ],
  ])('create refuses %j before any request', async (input, path) => {
    const e = await left(vault().fluidpay.plans.create(input as never))
    expect(e.kind).toBe('Validation')
    expect(e.kind === 'Validation' && e.issues.map((i) => i.path)).toContain(path)
  })

  it('get reads the object or a list of one; an empty list is NotFound', async () => {
    api()
      .get(`${R}/plan/pl1`)
      .reply(200, ok(plan('pl1')))
    expect((await right(vault().fluidpay.plans.get('pl1'))).id).toBe('pl1')
    api()
      .get(`${R}/plan/pl1`)
      .reply(200, ok([plan('pl1')]))
    expect((await right(vault().fluidpay.plans.get('pl1'))).name).toBe('Gold')
    api().get(`${R}/plan/pl1`).reply(200, ok([]))
    expect((await left(vault().fluidpay.plans.get('pl1'))).kind).toBe('NotFound')
  })

  it('list reads every plan with total_count, summaries too', async () => {
    api()
      .get(`${R}/plans`)
      .reply(
        200,
        ok([plan('pl1'), { id: 'pl2', updated_at: '2026-01-05T10:00:00Z' }], { total_count: 2 }),
      )
    const l = await right(vault().fluidpay.plans.list())
    expect(l.totalCount).toBe(2)
    expect(l.items[1]).toEqual({
      id: 'pl2',
      addOns: [],
      discounts: [],
      updatedAt: '2026-01-05T10:00:00Z',
    })
  })

  it('update is a POST with only the patch, update_subscriptions included', async () => {
    const scope = api()
      .post(`${R}/plan/pl1`, { amount: 2995, update_subscriptions: true })
      .reply(200, ok(plan('pl1', { amount: 2995 })))
    const w = await right(
      vault().fluidpay.plans.update('pl1', { amount: 2995, updateSubscriptions: true }),
    )
    expect(w.value.amount).toBe(2995)
    expect(scope.isDone()).toBe(true)
  })

  it('an update answered without the record is read back; a failed read keeps the id', async () => {
    api()
      .post(`${R}/plan/pl1`)
      .reply(200, ok(null))
      .get(`${R}/plan/pl1`)
      .reply(200, ok(plan('pl1')))
    expect((await right(vault().fluidpay.plans.update('pl1', { name: 'Gold+' }))).value.id).toBe(
      'pl1',
    )
    api().post(`${R}/plan/pl1`).reply(200, ok(null)).get(`${R}/plan/pl1`).reply(503, 'down')
    const e = await left(vault().fluidpay.plans.update('pl1', { name: 'Gold+' }))
    expect(e).toMatchObject({ kind: 'ConfirmedUnread', writtenId: 'pl1' })
  })

  it('a create confirmed without an id is OutcomeUnknown; a refused one is Validation', async () => {
    api().post(`${R}/plan`).reply(200, ok(null))
    expect((await left(vault().fluidpay.plans.create(planInput))).kind).toBe('OutcomeUnknown')
    api().post(`${R}/plan`).reply(400, failed('bad request error: invalid billing_days'))
    expect((await left(vault().fluidpay.plans.create(planInput))).kind).toBe('Validation')
  })

  it('delete is a DELETE; an unknown plan is NotFound', async () => {
    const scope = api().delete(`${R}/plan/pl1`).reply(200, ok(null))
    await right(vault().fluidpay.plans.delete('pl1'))
    expect(scope.isDone()).toBe(true)
    api().delete(`${R}/plan/pl1`).reply(404, failed('not found error: plan'))
    expect((await left(vault().fluidpay.plans.delete('pl1'))).kind).toBe('NotFound')
  })
})

describe.each([
  ['addOns', 'addon'],
  ['discounts', 'discount'],
] as const)('%s (/api/recurring/%s)', (name, path) => {
  const api4 = () => vault().fluidpay[name]

  it('create by amount, and by percentage (the unused one reads as absent)', async () => {
    const scope = api()
      .post(`${R}/${path}`, { name: 'Setup', amount: 500, duration: 1 })
      .reply(200, ok(adjustment('x1')))
      .post(`${R}/${path}`, { name: 'Tenth', percentage: 10000, duration: 0 })
      .reply(
        200,
        ok(adjustment('x2', { name: 'Tenth', amount: null, percentage: 10000, duration: 0 })),
      )
    const a = await right(api4().create({ name: 'Setup', amount: 500, duration: 1 }))
    expect(a.value).toMatchObject({ id: 'x1', amount: 500, duration: 1 })
    expect(a.value.percentage).toBeUndefined()
    const p = await right(api4().create({ name: 'Tenth', percentage: 10000, duration: 0 }))
    expect(p.value).toMatchObject({ id: 'x2', percentage: 10000 })
    expect(p.value.amount).toBeUndefined()
    expect(scope.isDone()).toBe(true)
  })

  it.each([
    [{ amount: 100, percentage: 5000 }, 'input.percentage'],
    [{ percentage: 99 }, 'input.percentage'],
    [{ percentage: 100_001 }, 'input.percentage'],
    [{ amount: -1 }, 'input.amount'],
    [{ duration: 1.5 }, 'input.duration'],
    [{ name: 'x'.repeat(256) }, 'input.name'],
    [{ cost: 5 }, 'input.cost'],
  ])('create refuses %j before any request', async (input, path) => {
    const e = await left(api4().create(input as never))
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path }] })
  })

  it('get, list, update (POST) and delete', async () => {
    const scope = api()
      .get(`${R}/${path}/x1`)
      .reply(200, ok([adjustment('x1')]))
      .get(`${R}/${path}s`)
      .reply(200, ok([adjustment('x1')], { total_count: 1 }))
      .post(`${R}/${path}/x1`, { amount: 700 })
      .reply(200, ok(adjustment('x1', { amount: 700 })))
      .delete(`${R}/${path}/x1`)
      .reply(200, ok(null))
    expect((await right(api4().get('x1'))).name).toBe('Setup')
    expect((await right(api4().list())).items.map((x) => x.id)).toEqual(['x1'])
    expect((await right(api4().update('x1', { amount: 700 }))).value.amount).toBe(700)
    await right(api4().delete('x1'))
    expect(scope.isDone()).toBe(true)
  })

  it('a delete the gateway refuses (in use by a plan) is passed on', async () => {
    api()
      .delete(`${R}/${path}/x1`)
      .reply(400, failed(`bad request error: ${path} is in use`))
    expect((await left(api4().delete('x1'))).kind).toBe('Validation')
  })
})

describe('arguments outside defineVault', () => {
  it.each([
    ['a missing id', () => vault().fluidpay.plans.get(undefined as never)],
    ['an id that reaches another path', () => vault().fluidpay.addOns.delete('../plan')],
    ['a number id', () => vault().fluidpay.discounts.update(7 as never, {})],
    [
      'a getter',
      () =>
        vault().fluidpay.plans.create(
          Object.defineProperty({}, 'name', { enumerable: true, get: () => 'x' }) as never,
        ),
    ],
    ['null', () => vault().fluidpay.addOns.create(null as never)],
  ])('%s: a Validation Left, never a throw or a request', async (_n, call) => {
    const r = await call()()
    expect(E.isLeft(r) && r.left.kind).toBe('Validation')
  })
})
