/**
 * FluidPay `/api/recurring/*` simulator, raw HTTP: add-ons, discounts, plans, subscriptions
 * (FR1–FR21 of the recurring facts), the envelope and error shapes, and the
 * `fluidpayRecurring` knobs.
 */
import { type RunningSandbox, startSandbox } from '../src/index'
import { call, fakeClock } from './http'

const START = '2027-01-05T10:00:00.000Z'
let sb: RunningSandbox<'fluidpay'>
let key: Record<string, string>

const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = key) =>
  call(`${sb.url}/api${path}`, { method, headers, ...(body === undefined ? {} : { body }) })

const newCustomer = async (withAch = false): Promise<{ id: string; card: string; ach: string }> => {
  const r = await api('POST', '/vault/customer', {
    default_payment: { card: { number: '4111111111111111', expiration_date: '12/30' } },
    default_billing_address: { first_name: 'Ada', last_name: 'Lee', line_1: '12 Elm Street' },
  })
  const id = r.body.data.id as string
  const card = r.body.data.data.customer.payments.cards[0].id as string
  let ach = ''
  if (withAch) {
    const a = await api('POST', `/vault/customer/${id}/ach`, {
      account_number: '000123456789',
      routing_number: '021000021',
      account_type: 'checking',
      sec_code: 'ppd',
    })
    ach = a.body.data.data.customer.payments.ach[0].id as string
  }
  return { id, card, ach }
}

const SCHEDULE = {
  billing_cycle_interval: 1,
  billing_frequency: 'monthly',
  billing_days: '10',
  duration: 0,
}

const subscribe = (customer: string, extra: Record<string, unknown> = {}) =>
  api('POST', '/recurring/subscription', {
    customer: { id: customer },
    amount: 2495,
    ...SCHEDULE,
    next_bill_date: '2027-02-10',
    ...extra,
  })

beforeAll(async () => {
  sb = await startSandbox({ gateway: 'fluidpay', clock: fakeClock(START).now })
  key = { authorization: sb.credentials.apiKey }
})
afterAll(() => sb.close())
afterEach(() => sb.knobs.reset())

describe('add-ons and discounts (FR1–FR10)', () => {
  test.each(['addon', 'discount'])('%s: create, get, list, update, delete', async (kind) => {
    const created = await api('POST', `/recurring/${kind}`, {
      name: 'Extra',
      description: 'one more',
      amount: 500,
      duration: 3,
    })
    expect(created.status).toBe(200)
    expect(created.body).toEqual({
      status: 'success',
      msg: 'success',
      data: {
        id: expect.stringMatching(/^[0-9a-v]{20}$/),
        name: 'Extra',
        description: 'one more',
        amount: 500,
        percentage: null,
        duration: 3,
        created_at: expect.stringMatching(/^2027-01-05T10:00:00\.\d{9}Z$/),
        updated_at: expect.any(String),
      },
    })
    const id = created.body.data.id as string
    expect((await api('GET', `/recurring/${kind}/${id}`)).body.data.id).toBe(id)
    const list = await api('GET', `/recurring/${kind}s`)
    expect(list.body.total_count).toBeGreaterThanOrEqual(1)
    expect(list.body.data.some((a: { id: string }) => a.id === id)).toBe(true)
    const updated = await api('POST', `/recurring/${kind}/${id}`, { percentage: 5000 })
    expect(updated.body.data).toMatchObject({ amount: null, percentage: 5000, name: 'Extra' })
    expect((await api('DELETE', `/recurring/${kind}/${id}`)).body).toEqual({
      status: 'success',
      msg: 'success',
      data: null,
    })
    expect((await api('GET', `/recurring/${kind}/${id}`)).body).toEqual({
      status: 'failed',
      msg: `not found error: ${kind} not found`,
    })
  })

  test('amount xor percentage; percentage 0 or 100–100000; amount in integer cents', async () => {
    const both = await api('POST', '/recurring/addon', { amount: 100, percentage: 1000 })
    expect(both.status).toBe(400)
    expect(both.body).toEqual({
      status: 'failed',
      msg: 'bad request error: give either amount or percentage, not both',
    })
    expect((await api('POST', '/recurring/addon', { percentage: 99 })).body.msg).toMatch(
      /percentage must be 0 or between 100 and 100000/,
    )
    expect((await api('POST', '/recurring/addon', { percentage: 100001 })).status).toBe(400)
    expect((await api('POST', '/recurring/addon', { amount: 1.5 })).body.msg).toBe(
      'bad request error: amount must be a integer',
    )
  })

  test('an add-on used by a plan cannot be deleted', async () => {
    const a = await api('POST', '/recurring/addon', { name: 'Setup', amount: 100 })
    const id = a.body.data.id as string
    const p = await api('POST', '/recurring/plan', {
      name: 'Gold',
      amount: 1000,
      ...SCHEDULE,
      add_ons: [{ id }],
    })
    const refused = await api('DELETE', `/recurring/addon/${id}`)
    expect(refused.status).toBe(400)
    expect(refused.body.msg).toMatch(/^bad request error: addon .* is used by a plan/)
    await api('DELETE', `/recurring/plan/${p.body.data.id as string}`)
    expect((await api('DELETE', `/recurring/addon/${id}`)).status).toBe(200)
  })
})

describe('plans (FR11–FR15)', () => {
  test('create, get, list, update (update_subscriptions pushes the amount), delete', async () => {
    const addon = (await api('POST', '/recurring/addon', { amount: 250 })).body.data.id as string
    const discount = (await api('POST', '/recurring/discount', { percentage: 10000 })).body.data
      .id as string
    const created = await api('POST', '/recurring/plan', {
      name: 'Gold',
      description: 'gold plan',
      amount: 2000,
      billing_cycle_interval: 1,
      billing_frequency: 'twice_monthly',
      billing_days: '1,15',
      duration: 0,
      add_ons: [{ id: addon }],
      discounts: [{ id: discount }],
    })
    expect(created.status).toBe(200)
    expect(created.body.data).toMatchObject({
      name: 'Gold',
      amount: 2000,
      billing_frequency: 'twice_monthly',
      billing_days: '1,15',
      charge_on_day: false,
      total_add_ons: 250,
      total_discounts: 200,
      add_ons: [{ id: addon, amount: 250, percentage: null }],
      discounts: [{ id: discount, amount: null, percentage: 10000 }],
    })
    const id = created.body.data.id as string
    expect((await api('GET', `/recurring/plan/${id}`)).body.data.id).toBe(id)
    expect((await api('GET', '/recurring/plans')).body.total_count).toBeGreaterThanOrEqual(1)
    const customer = await newCustomer()
    const sub = await subscribe(customer.id, {
      plan_id: id,
      amount: undefined,
      billing_frequency: undefined,
      billing_days: undefined,
      next_bill_date: '2027-02-01',
    })
    expect(sub.body.data).toMatchObject({
      plan_id: id,
      amount: 2000,
      billing_frequency: 'twice_monthly',
      billing_days: '1,15',
      total_adds: 250,
      total_discounts: 200,
    })
    const onPlan = await api('POST', '/recurring/subscription/search', {
      plan_id: { operator: '=', value: id },
    })
    expect(onPlan.body.data.map((x: { id: string }) => x.id)).toEqual([sub.body.data.id])
    const updated = await api('POST', `/recurring/plan/${id}`, {
      amount: 3000,
      update_subscriptions: true,
    })
    expect(updated.body.data.amount).toBe(3000)
    const after = await api('GET', `/recurring/subscription/${sub.body.data.id as string}`)
    expect(after.body.data.amount).toBe(3000)
    expect((await api('DELETE', `/recurring/plan/${id}`)).body.data).toBeNull()
    expect((await api('GET', `/recurring/plan/${id}`)).status).toBe(404)
  })

  test.each([
    [{ billing_days: '1,15' }, 'billing_days must hold exactly one day for monthly'],
    [
      { billing_frequency: 'twice_monthly', billing_days: '1' },
      'exactly two days for twice_monthly',
    ],
    [{ billing_days: '32' }, 'billing_days must be comma-separated days'],
    [{ billing_frequency: 'twice_monthly', billing_days: '5,5' }, 'billing_days must be distinct'],
    [{ billing_frequency: 'weekly' }, 'billing_frequency must be one of'],
    [{ name: undefined }, 'name is required'],
    [{ add_ons: [{ id: 'nope' }] }, 'not found error: addon nope not found'],
  ])('refuses %j', async (extra, msg) => {
    const r = await api('POST', '/recurring/plan', {
      name: 'P',
      amount: 100,
      ...SCHEDULE,
      ...extra,
    })
    expect(r.status).toBe(msg.startsWith('not found') ? 404 : 400)
    expect(r.body.status).toBe('failed')
    expect(r.body.msg).toContain(msg)
  })
})

describe('subscriptions (FR16–FR21)', () => {
  test('create answers the record: customer ids resolved to the vault defaults, cents, dates', async () => {
    const c = await newCustomer()
    const r = await subscribe(c.id, { description: 'Gold monthly' })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({
      status: 'success',
      msg: 'success',
      data: {
        id: expect.stringMatching(/^[0-9a-v]{20}$/),
        plan_id: '',
        status: 'active',
        description: 'Gold monthly',
        customer: {
          id: c.id,
          payment_method_type: 'card',
          payment_method_id: c.card,
          billing_address_id: expect.stringMatching(/^[0-9a-v]{20}$/),
          shipping_address_id: expect.stringMatching(/^[0-9a-v]{20}$/),
        },
        amount: 2495,
        total_adds: 0,
        total_discounts: 0,
        billing_cycle_interval: 1,
        billing_frequency: 'monthly',
        billing_days: '10',
        charge_on_day: false,
        duration: 0,
        next_bill_date: '2027-02-10',
        add_ons: null,
        discounts: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
    })
    expect(sb.billing.charges({ scheduleId: r.body.data.id })).toEqual([])
  })

  test('a chosen stored payment method: the ach entry; unknown ids are 404', async () => {
    const c = await newCustomer(true)
    const ach = await subscribe(c.id, {
      customer: { id: c.id, payment_method_type: 'ach', payment_method_id: c.ach },
    })
    expect(ach.body.data.customer).toMatchObject({
      payment_method_type: 'ach',
      payment_method_id: c.ach,
    })
    const noType = await subscribe(c.id, { customer: { id: c.id, payment_method_id: c.ach } })
    expect(noType.body.data.customer.payment_method_type).toBe('ach')
    expect((await subscribe('nosuchcustomer')).body).toEqual({
      status: 'failed',
      msg: 'not found error: customer not found',
    })
    const badPm = await subscribe(c.id, {
      customer: { id: c.id, payment_method_type: 'card', payment_method_id: c.ach },
    })
    expect(badPm.status).toBe(404)
    expect(badPm.body.msg).toBe('not found error: payment method not found')
    const typeOnly = await subscribe(c.id, { customer: { id: c.id, payment_method_type: 'card' } })
    expect(typeOnly.body.msg).toBe('bad request error: customer.payment_method_id is required')
  })

  test('next_bill_date: after today by default; omitted = the next billing day after today', async () => {
    const c = await newCustomer()
    expect((await subscribe(c.id, { next_bill_date: '2027-01-05' })).body.msg).toBe(
      'bad request error: next_bill_date must be after today (2027-01-05)',
    )
    expect((await subscribe(c.id, { next_bill_date: '01/10/2027' })).body.msg).toBe(
      'bad request error: next_bill_date must be a date YYYY-MM-DD',
    )
    const omitted = await subscribe(c.id, { next_bill_date: undefined })
    expect(omitted.body.data.next_bill_date).toBe('2027-01-10')
    const lastDay = await subscribe(c.id, { next_bill_date: undefined, billing_days: '0' })
    expect(lastDay.body.data.next_bill_date).toBe('2027-01-31')
    expect((await subscribe(c.id, { amount: undefined })).body.msg).toBe(
      'bad request error: amount is required',
    )
    expect((await subscribe(c.id, { customer: undefined })).body.msg).toBe(
      'bad request error: customer is required',
    )
  })

  test('get, update (POST, partial), delete; PUT and PATCH are no routes', async () => {
    const c = await newCustomer(true)
    const id = (await subscribe(c.id)).body.data.id as string
    const got = await api('GET', `/recurring/subscription/${id}`)
    expect(got.body.data).toMatchObject({ id, status: 'active' })
    const updated = await api('POST', `/recurring/subscription/${id}`, { description: 'renamed' })
    expect(updated.body.data).toMatchObject({
      description: 'renamed',
      amount: 2495,
      billing_days: '10',
    })
    const moved = await api('POST', `/recurring/subscription/${id}`, {
      next_bill_date: '2027-03-01',
      billing_days: '1',
      amount: 1000,
      customer: { payment_method_type: 'ach', payment_method_id: c.ach },
    })
    expect(moved.body.data).toMatchObject({
      next_bill_date: '2027-03-01',
      billing_days: '1',
      amount: 1000,
      customer: { id: c.id, payment_method_type: 'ach', payment_method_id: c.ach },
    })
    for (const method of ['PUT', 'PATCH']) {
      const r = await api(method, `/recurring/subscription/${id}`, { next_bill_date: '2027-04-01' })
      expect(r.status).toBe(404)
      expect(r.body).toEqual({ status: 'failed', msg: 'not found error: route not found' })
    }
    expect((await api('DELETE', `/recurring/subscription/${id}`)).body).toEqual({
      status: 'success',
      msg: 'success',
      data: null,
    })
    expect((await api('GET', `/recurring/subscription/${id}`)).body).toEqual({
      status: 'failed',
      msg: 'not found error: subscription not found',
    })
    expect((await api('POST', `/recurring/subscription/${id}`, {})).status).toBe(404)
  })

  test('status changes by GET …/status/{status}; active?next_bill_date=; gateway-set ones refused', async () => {
    const c = await newCustomer()
    const id = (await subscribe(c.id)).body.data.id as string
    const path = `/recurring/subscription/${id}/status`
    expect((await api('GET', `${path}/paused`)).body.data.status).toBe('paused')
    expect((await api('GET', `${path}/past_due`)).body.data.status).toBe('past_due')
    const active = await api('GET', `${path}/active?next_bill_date=2027-05-10`)
    expect(active.body.data).toMatchObject({ status: 'active', next_bill_date: '2027-05-10' })
    expect((await api('GET', `${path}/active?next_bill_date=2026-12-01`)).body.msg).toMatch(
      /next_bill_date must be after today/,
    )
    for (const status of ['failing', 'failed', 'stopped', 'error']) {
      const r = await api('GET', `${path}/${status}`)
      expect(r.status).toBe(400)
      expect(r.body.msg).toBe(
        `bad request error: status ${status} is set by the gateway, not by a request`,
      )
    }
    expect((await api('GET', `${path}/canceled`)).body.msg).toMatch(
      /^bad request error: invalid status canceled/,
    )
    expect((await api('GET', `${path}/cancelled`)).body.data.status).toBe('cancelled')
    const again = await api('GET', `${path}/active`)
    expect(again.status).toBe(400)
    expect(again.body.msg).toBe(
      'bad request error: subscription is cancelled and cannot change status',
    )
    expect((await api('GET', `/recurring/subscription/nope/status/paused`)).status).toBe(404)
  })

  test('search: {} lists all with total_count; customer.id, status; both date shapes; the flat customer_id', async () => {
    const a = await newCustomer()
    const b = await newCustomer()
    const a1 = (await subscribe(a.id, { next_bill_date: '2027-03-10' })).body.data.id as string
    const a2 = (await subscribe(a.id, { next_bill_date: '2027-04-10' })).body.data.id as string
    const b1 = (await subscribe(b.id, { next_bill_date: '2027-03-10' })).body.data.id as string
    await api('GET', `/recurring/subscription/${a2}/status/paused`)
    const search = (body: unknown) => api('POST', '/recurring/subscription/search', body)
    const all = await search({})
    expect(all.body.total_count).toBe(all.body.data.length)
    const ids = (r: { body: { data: { id: string }[] } }) => r.body.data.map((s) => s.id).sort()
    const byA = await search({ customer: { id: { operator: '=', value: a.id } } })
    expect(ids(byA)).toEqual([a1, a2].sort())
    expect(byA.body.total_count).toBe(2)
    expect(
      ids(
        await search({
          customer: { id: { operator: '=', value: a.id } },
          status: { operator: '=', value: 'paused' },
        }),
      ),
    ).toEqual([a2])
    const rangeShape = await search({
      customer: { id: { operator: '=', value: a.id } },
      next_bill_date: { start_date: '2027-03-01T00:00:00Z', end_date: '2027-03-31T23:59:59Z' },
    })
    expect(ids(rangeShape)).toEqual([a1])
    const operatorShape = await search({
      next_bill_date: { operator: '>', value: '2027-03-31T00:00:00Z' },
      customer: { id: { operator: '=', value: a.id } },
    })
    expect(ids(operatorShape)).toEqual([a2])
    // The flat customer_id is ignored by default (every subscription matches) …
    expect((await search({ customer_id: b.id })).body.total_count).toBe(all.body.total_count)
    // … and honoured under the knob.
    sb.knobs.set({ fluidpayRecurring: { flatCustomerFilter: 'honoured' } })
    expect(ids(await search({ customer_id: b.id }))).toEqual([b1])
    expect(ids(await search({ customer_id: { operator: '=', value: b.id } }))).toEqual([b1])
    const page = await search({ limit: 1, offset: 0 })
    expect(page.body.data).toHaveLength(1)
    expect(page.body.total_count).toBe(all.body.total_count)
    expect((await search({ limit: 101 })).body.msg).toBe(
      'bad request error: limit must be between 1 and 100',
    )
    expect((await search({ next_bill_date: { operator: '<', value: 'soon' } })).status).toBe(400)
    await api('DELETE', `/recurring/subscription/${b1}`)
    expect(ids(await search({ customer: { id: { operator: '=', value: b.id } } }))).toEqual([])
  })

  test('401 without the api key, like the vault', async () => {
    const r = await api('GET', '/recurring/plans', undefined, {})
    expect(r.status).toBe(401)
    expect(r.body).toEqual({ status: 'failed', msg: 'unauthorized error: missing api key' })
    expect(r.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('fluidpayRecurring knobs', () => {
  test('defaults', () => {
    expect(sb.knobs.get().fluidpayRecurring).toEqual({
      chargeOnCreate: false,
      getByIdAsArray: false,
      nextBillDate: 'afterToday',
      chargeOnDayMovesDate: false,
      shortMonths: 'lastDay',
      cancelledIsFinal: true,
      durationShows: 'asSet',
      flatCustomerFilter: 'ignored',
    })
  })

  test('getByIdAsArray: GET by id answers data: [record], other answers unchanged', async () => {
    sb.knobs.set({ fluidpayRecurring: { getByIdAsArray: true } })
    const c = await newCustomer()
    const created = await subscribe(c.id)
    expect(Array.isArray(created.body.data)).toBe(false)
    const got = await api('GET', `/recurring/subscription/${created.body.data.id as string}`)
    expect(got.body.data).toEqual([expect.objectContaining({ id: created.body.data.id })])
    const plan = await api('POST', '/recurring/plan', { name: 'P', amount: 1, ...SCHEDULE })
    expect(
      (await api('GET', `/recurring/plan/${plan.body.data.id as string}`)).body.data,
    ).toHaveLength(1)
  })

  test('chargeOnCreate: a charge at create, counted against duration', async () => {
    sb.knobs.set({ fluidpayRecurring: { chargeOnCreate: true, durationShows: 'remaining' } })
    const c = await newCustomer()
    const r = await subscribe(c.id, { duration: 3 })
    expect(r.body.data.duration).toBe(2)
    expect(sb.billing.charges({ scheduleId: r.body.data.id })).toEqual([
      expect.objectContaining({
        trigger: 'create',
        date: '2027-01-05',
        periodEnd: '2027-02-09',
        amountCents: 2495,
        sequence: 1,
      }),
    ])
  })

  test('nextBillDate todayOrLater / any', async () => {
    const c = await newCustomer()
    sb.knobs.set({ fluidpayRecurring: { nextBillDate: 'todayOrLater' } })
    expect((await subscribe(c.id, { next_bill_date: '2027-01-05' })).status).toBe(200)
    expect((await subscribe(c.id, { next_bill_date: '2027-01-04' })).body.msg).toMatch(
      /must not be in the past/,
    )
    sb.knobs.set({ fluidpayRecurring: { nextBillDate: 'any' } })
    expect((await subscribe(c.id, { next_bill_date: '2026-06-10' })).status).toBe(200)
  })

  test('charge_on_day: true sets the billing day to today; chargeOnDayMovesDate also the date', async () => {
    const c = await newCustomer()
    const kept = await subscribe(c.id, { charge_on_day: true })
    expect(kept.body.data).toMatchObject({ billing_days: '5', next_bill_date: '2027-02-10' })
    sb.knobs.set({ fluidpayRecurring: { chargeOnDayMovesDate: true } })
    const moved = await subscribe(c.id, { charge_on_day: true })
    expect(moved.body.data).toMatchObject({ billing_days: '5', next_bill_date: '2027-01-05' })
  })

  test.each([
    ['lastDay', ['2027-01-30', '2027-02-28', '2027-03-30']],
    ['skip', ['2027-01-30', '2027-03-30']],
  ] as const)('shortMonths %s: a 30th in February', async (shortMonths, expected) => {
    const own = await startSandbox({
      gateway: 'fluidpay',
      clock: fakeClock(START).now,
      knobs: { fluidpayRecurring: { shortMonths } },
    })
    try {
      const c = await call(`${own.url}/api/vault/customer`, {
        method: 'POST',
        headers: { authorization: own.credentials.apiKey },
        body: {
          default_payment: { card: { number: '4111111111111111', expiration_date: '12/30' } },
        },
      })
      const r = await call(`${own.url}/api/recurring/subscription`, {
        method: 'POST',
        headers: { authorization: own.credentials.apiKey },
        body: {
          customer: { id: c.body.data.id },
          amount: 100,
          ...SCHEDULE,
          billing_days: '30',
          next_bill_date: '2027-01-30',
        },
      })
      expect(r.status).toBe(200)
      expect(own.billing.advanceTo('2027-03-31').map((x) => x.date)).toEqual(expected)
    } finally {
      await own.close()
    }
  })

  test('cancelledIsFinal: false lets a cancelled subscription be reactivated', async () => {
    sb.knobs.set({ fluidpayRecurring: { cancelledIsFinal: false } })
    const c = await newCustomer()
    const id = (await subscribe(c.id, { next_bill_date: '2027-06-10' })).body.data.id as string
    await api('GET', `/recurring/subscription/${id}/status/cancelled`)
    expect((await api('GET', `/recurring/subscription/${id}/status/active`)).body.data.status).toBe(
      'active',
    )
  })

  test('knob values are checked', () => {
    expect(() =>
      sb.knobs.set({ fluidpayRecurring: { nextBillDate: 'tomorrow' as 'any' } }),
    ).toThrow("fluidpayRecurring.nextBillDate must be one of 'afterToday', 'todayOrLater', 'any'")
    expect(() =>
      sb.knobs.set({ fluidpayRecurring: { chargeOnCreate: 'yes' as unknown as boolean } }),
    ).toThrow('fluidpayRecurring.chargeOnCreate must be true or false')
    expect(() => sb.knobs.set({ fluidpayRecurring: { nope: 1 } as never })).toThrow(
      'unknown knob fluidpayRecurring.nope',
    )
  })
})
