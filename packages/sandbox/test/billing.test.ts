/**
 * The billing clock of the three simulators: advancing time runs every due charge in order,
 * records it, and moves schedules on (counts, completion); paused, cancelled and inactive
 * schedules do not charge. Raw HTTP to create the schedules; the clock from code and over the
 * admin API. No elapsed-time assertions: every date comes from the injected clock.
 */
import { type Charge, type RunningSandbox, startAllSandboxes, startSandbox } from '../src/index'
import { call, fakeClock } from './http'

const START = '2027-01-05T10:00:00.000Z'
const dates = (charges: readonly Charge[]) => charges.map((c) => c.date)

// ---- helpers per gateway

const payTraceAuth = async (sb: RunningSandbox<'paytrace'>) => {
  const t = await call(`${sb.url}/v3/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sb.credentials.clientId,
      client_secret: sb.credentials.clientSecret,
    }).toString(),
  })
  return { authorization: `Bearer ${t.body.access_token as string}` }
}

const fluidpayCustomer = async (sb: RunningSandbox<'fluidpay'>) => {
  const r = await call(`${sb.url}/api/vault/customer`, {
    method: 'POST',
    headers: { authorization: sb.credentials.apiKey },
    body: {
      default_payment: { card: { number: '4111111111111111', expiration_date: '12/30' } },
      default_billing_address: { first_name: 'Ada', last_name: 'Lee' },
    },
  })
  return r.body.data.id as string
}

const fluidpay = (sb: RunningSandbox<'fluidpay'>, method: string, path: string, body?: unknown) =>
  call(`${sb.url}/api/recurring${path}`, {
    method,
    headers: { authorization: sb.credentials.apiKey },
    ...(body === undefined ? {} : { body }),
  })

const valorHeaders = (sb: RunningSandbox<'valor'>) => ({
  'valor-app-id': sb.credentials.appId,
  'valor-app-key': sb.credentials.appKey,
})

const valorCard = async (sb: RunningSandbox<'valor'>) => {
  const c = await call(`${sb.url}/api/valor-vault/addcustomer`, {
    method: 'POST',
    headers: valorHeaders(sb),
    body: { customer_name: 'Ada Lee', customer_phone: '6125550100' },
  })
  const customerId = c.body.vault_customer_id as number
  const p = await call(`${sb.url}/api/valor-vault/addpaymentprofile/${customerId}`, {
    method: 'POST',
    headers: valorHeaders(sb),
    body: { pan_num: '4111111111111111', expiry: '12/30', cardholder_name: 'Ada Lee' },
  })
  return { customerId, paymentId: p.body.payment_id as number }
}

const valorAdd = (
  sb: RunningSandbox<'valor'>,
  ids: { customerId: number; paymentId: number },
  extra: Record<string, unknown>,
) =>
  call(`${sb.url}/?addSub`, {
    method: 'POST',
    body: {
      appid: sb.credentials.appId,
      appkey: sb.credentials.appKey,
      epi: sb.credentials.epi,
      txn_type: 'add_subscription',
      amount: '24.95',
      surchargeAmount: '0.00',
      surchargeIndicator: '0',
      is_validate_card: '1',
      payment_info: {
        CustomerProfileID: String(ids.customerId),
        PaymentProfileID: String(ids.paymentId),
      },
      recurring_type: '2',
      charge_on: '10',
      subscription_starts_from: '2027-01-10',
      charge_until: 'never_expired',
      ...extra,
    },
  })

// ---- PayTrace

describe('billing clock: PayTrace recurrences', () => {
  let sb: RunningSandbox<'paytrace'>
  let auth: Record<string, string>
  let customerId: number
  beforeAll(async () => {
    sb = await startSandbox({ gateway: 'paytrace', clock: fakeClock(START).now })
    auth = await payTraceAuth(sb)
    const c = await call(`${sb.url}/v3/customer/create`, {
      method: 'POST',
      headers: auth,
      body: {
        customer_label: 'billing-1',
        card: { number: '4111111111111111', expiration_month: 12, expiration_year: 2031 },
      },
    })
    customerId = c.body.data.customer_id as number
  })
  afterAll(() => sb.close())

  const create = async (recurrence: Record<string, unknown>) => {
    const r = await call(`${sb.url}/v3/recurrence/create`, {
      method: 'POST',
      headers: auth,
      body: { customer_id: customerId, recurrence: { amount: 10, ...recurrence } },
    })
    expect(r.status).toBe(200)
    return String(r.body.data.id)
  }

  test('a monthly schedule advanced over three months charges three times, on its day', async () => {
    const id = await create({ frequency: '3', start_date: '01/31/2027', total_count: 999 })
    const run = sb.billing.advanceTo('2027-04-15')
    const mine = run.filter((c) => c.scheduleId === id)
    expect(dates(mine)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31'])
    expect(mine[0]).toMatchObject({
      gateway: 'paytrace',
      merchant: String(sb.credentials.merchantId),
      credential: 0,
      customerId: String(customerId),
      paymentMethodId: 'card',
      amountCents: 1000,
      periodStart: '2027-01-31',
      periodEnd: '2027-02-27',
      sequence: 1,
      outcome: 'approved',
      trigger: 'schedule',
      at: '2027-01-31T02:00:00.000Z',
    })
    expect(mine.map((c) => c.sequence)).toEqual([1, 2, 3])
    // The jump expired the token (PayTrace tokens live 2 hours): a new grant, as a client would.
    expect(
      (await call(`${sb.url}/v3/recurrence/export/by-id/${id}`, { headers: auth })).status,
    ).toBe(401)
    auth = await payTraceAuth(sb)
    const view = await call(`${sb.url}/v3/recurrence/export/by-id/${id}`, { headers: auth })
    expect(view.body.data).toMatchObject({ current_count: 3, next_date: '04/30/2027' })
    const approved = await call(
      `${sb.url}/v3/recurrence/export/approved/by-customer/${customerId}`,
      { method: 'POST', headers: auth, body: {} },
    )
    expect(approved.body.data).toMatchObject({ recurrence_id: Number(id), date: '03/31/2027' })
  })

  test('a finite schedule completes after total_count charges; weekly, 1st-and-15th codes', async () => {
    const finite = await create({ frequency: '5', start_date: '05/03/2027', total_count: 3 })
    const twice = await create({ frequency: '7', start_date: '05/01/2027', total_count: 999 })
    const run = sb.billing.advanceTo('2027-06-30')
    auth = await payTraceAuth(sb)
    expect(dates(run.filter((c) => c.scheduleId === finite))).toEqual([
      '2027-05-03',
      '2027-05-10',
      '2027-05-17',
    ])
    expect(dates(run.filter((c) => c.scheduleId === twice))).toEqual([
      '2027-05-01',
      '2027-05-15',
      '2027-06-01',
      '2027-06-15',
    ])
    expect(sb.billing.charges({ scheduleId: finite })).toHaveLength(3)
  })
})

// ---- FluidPay

describe('billing clock: FluidPay subscriptions', () => {
  let sb: RunningSandbox<'fluidpay'>
  let customer: string
  beforeAll(async () => {
    sb = await startSandbox({ gateway: 'fluidpay', clock: fakeClock(START).now })
    customer = await fluidpayCustomer(sb)
  })
  afterAll(() => sb.close())

  const subscribe = async (extra: Record<string, unknown>) => {
    const r = await fluidpay(sb, 'POST', '/subscription', {
      customer: { id: customer },
      amount: 2495,
      billing_frequency: 'monthly',
      billing_cycle_interval: 1,
      billing_days: '10',
      duration: 0,
      next_bill_date: '2027-01-10',
      ...extra,
    })
    expect(r.status).toBe(200)
    return r.body.data.id as string
  }

  test('monthly over three months: three charges on the 10th; paused never; finite completes', async () => {
    const monthly = await subscribe({})
    const paused = await subscribe({})
    const finite = await subscribe({ duration: 2 })
    const twice = await subscribe({
      billing_frequency: 'twice_monthly',
      billing_days: '1,15',
      next_bill_date: '2027-01-15',
    })
    expect((await fluidpay(sb, 'GET', `/subscription/${paused}/status/paused`)).status).toBe(200)
    const run = sb.billing.advanceTo('2027-03-31')
    expect(dates(run.filter((c) => c.scheduleId === monthly))).toEqual([
      '2027-01-10',
      '2027-02-10',
      '2027-03-10',
    ])
    expect(run.filter((c) => c.scheduleId === paused)).toEqual([])
    expect(dates(run.filter((c) => c.scheduleId === finite))).toEqual(['2027-01-10', '2027-02-10'])
    expect(dates(run.filter((c) => c.scheduleId === twice))).toEqual([
      '2027-01-15',
      '2027-02-01',
      '2027-02-15',
      '2027-03-01',
      '2027-03-15',
    ])
    expect(run[0]).toMatchObject({
      gateway: 'fluidpay',
      merchant: sb.credentials.merchantId,
      customerId: customer,
      amountCents: 2495,
      outcome: 'approved',
    })
    const f = await fluidpay(sb, 'GET', `/subscription/${finite}`)
    expect(f.body.data).toMatchObject({ status: 'completed', duration: 2 })
    const m = await fluidpay(sb, 'GET', `/subscription/${monthly}`)
    expect(m.body.data.next_bill_date).toBe('2027-04-10')
  })

  test('reactivating a paused one skips the missed periods; cancelled ones stop for good', async () => {
    const id = await subscribe({ next_bill_date: '2027-04-10' })
    await fluidpay(sb, 'GET', `/subscription/${id}/status/paused`)
    sb.billing.advanceTo('2027-06-01')
    const resumed = await fluidpay(sb, 'GET', `/subscription/${id}/status/active`)
    expect(resumed.body.data.next_bill_date).toBe('2027-06-10')
    const cancelled = await subscribe({ next_bill_date: '2027-06-20' })
    await fluidpay(sb, 'GET', `/subscription/${cancelled}/status/cancelled`)
    const run = sb.billing.advanceTo('2027-07-31')
    expect(dates(run.filter((c) => c.scheduleId === id))).toEqual(['2027-06-10', '2027-07-10'])
    expect(run.filter((c) => c.scheduleId === cancelled)).toEqual([])
  })

  test('a deleted payment method fails the charge and sets the subscription to error', async () => {
    const other = await fluidpayCustomer(sb)
    const r = await fluidpay(sb, 'POST', '/subscription', {
      customer: { id: other },
      amount: 100,
      billing_frequency: 'daily',
      billing_cycle_interval: 1,
      next_bill_date: '2027-08-02',
    })
    const pm = r.body.data.customer.payment_method_id as string
    await call(`${sb.url}/api/vault/customer/${other}/card/${pm}`, {
      method: 'DELETE',
      headers: { authorization: sb.credentials.apiKey },
    })
    const run = sb.billing.advanceTo('2027-08-05').filter((c) => c.customerId === other)
    expect(run).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        reason: 'payment method not found',
        sequence: 0,
      }),
    ])
    expect((await fluidpay(sb, 'GET', `/subscription/${r.body.data.id}`)).body.data.status).toBe(
      'error',
    )
  })
})

// ---- Valor

describe('billing clock: Valor subscriptions', () => {
  let sb: RunningSandbox<'valor'>
  let ids: { customerId: number; paymentId: number }
  beforeAll(async () => {
    sb = await startSandbox({ gateway: 'valor', clock: fakeClock(START).now })
    ids = await valorCard(sb)
  })
  afterAll(() => sb.close())

  const lifecycle = (txn_type: string, subscription_id: number) =>
    call(`${sb.url}/?${txn_type}`, {
      method: 'POST',
      body: {
        appid: sb.credentials.appId,
        appkey: sb.credentials.appKey,
        epi: sb.credentials.epi,
        txn_type,
        subscription_id,
      },
    })

  test('monthly over three months charges three times; deactivated never; a count completes', async () => {
    const monthly = (await valorAdd(sb, ids, {})).body.subscription_id as number
    const paused = (await valorAdd(sb, ids, {})).body.subscription_id as number
    const finite = (await valorAdd(sb, ids, { charge_until: '2' })).body.subscription_id as number
    expect((await lifecycle('deactivateSubscription', paused)).body.error_no).toBe('S00')
    const run = sb.billing.advanceTo('2027-03-31')
    expect(dates(run.filter((c) => c.scheduleId === String(monthly)))).toEqual([
      '2027-01-10',
      '2027-02-10',
      '2027-03-10',
    ])
    expect(run.filter((c) => c.scheduleId === String(paused))).toEqual([])
    expect(dates(run.filter((c) => c.scheduleId === String(finite)))).toEqual([
      '2027-01-10',
      '2027-02-10',
    ])
    expect(run[0]).toMatchObject({
      gateway: 'valor',
      merchant: sb.credentials.epi,
      customerId: String(ids.customerId),
      paymentMethodId: String(ids.paymentId),
      amountCents: 2495,
    })
    const list = await call(`${sb.url}/?viewSubs`, {
      method: 'POST',
      body: {
        appid: sb.credentials.appId,
        appkey: sb.credentials.appKey,
        epi: sb.credentials.epi,
        txn_type: 'listsubscription',
      },
    })
    const byId = Object.fromEntries(
      (list.body.data as { subscription_id: string }[]).map((s) => [s.subscription_id, s]),
    )
    expect(byId[String(monthly)]).toMatchObject({ status: 'active', payments_count: 3 })
    expect(byId[String(finite)]).toMatchObject({ status: 'inactive', payments_count: 2 })
    expect(byId[String(paused)]).toMatchObject({ status: 'inactive', payments_count: 0 })
  })

  test('weekly and bi-weekly on a weekday (0 = Sunday by default)', async () => {
    const weekly = (
      await valorAdd(sb, ids, {
        recurring_type: '0',
        charge_on: '1',
        subscription_starts_from: '2027-04-01',
      })
    ).body.subscription_id as number
    const biweekly = (
      await valorAdd(sb, ids, {
        recurring_type: '1',
        charge_on: '5',
        subscription_starts_from: '2027-04-01',
      })
    ).body.subscription_id as number
    const run = sb.billing.advanceTo('2027-04-30')
    // 2027-04-05 is a Monday; 2027-04-02 a Friday
    expect(dates(run.filter((c) => c.scheduleId === String(weekly)))).toEqual([
      '2027-04-05',
      '2027-04-12',
      '2027-04-19',
      '2027-04-26',
    ])
    expect(dates(run.filter((c) => c.scheduleId === String(biweekly)))).toEqual([
      '2027-04-02',
      '2027-04-16',
      '2027-04-30',
    ])
  })
})

// ---- the clock itself

describe('billing clock: time, the admin API and the three together', () => {
  test('advanceTo moves the simulator clock; "today" follows; a day means its run time', async () => {
    const sb = await startSandbox({ gateway: 'valor', clock: fakeClock(START).now })
    try {
      expect(sb.billing.today()).toBe('2027-01-05')
      sb.billing.advanceTo('2027-02-01')
      expect(sb.billing.now().toISOString()).toBe('2027-02-01T02:00:00.000Z')
      expect(sb.billing.today()).toBe('2027-02-01')
      // A start before the new today is now refused as past (SUB08).
      const ids = await valorCard(sb)
      expect((await valorAdd(sb, ids, {})).body).toEqual({
        error_no: 'SUB08',
        desc: 'STARTS FROM PAST DATE',
      })
      // Going back moves nothing.
      sb.billing.advanceTo('2027-01-20')
      expect(sb.billing.today()).toBe('2027-02-01')
      expect(() => sb.billing.advanceTo('next week')).toThrow(/YYYY-MM-DD/)
    } finally {
      await sb.close()
    }
  })

  test('billing.timeZone and runAt: a charge is due at the local run time of its day', async () => {
    const sb = await startSandbox({
      gateway: 'valor',
      clock: fakeClock(START).now,
      knobs: { billing: { timeZone: 'America/Los_Angeles', runAt: '01:00' } },
    })
    try {
      const ids = await valorCard(sb)
      await valorAdd(sb, ids, { recurring_type: '5', subscription_starts_from: '2027-01-10' })
      // 01:00 in Los Angeles on 2027-01-10 is 09:00 UTC.
      expect(sb.billing.advanceTo('2027-01-10T08:59:00.000Z')).toEqual([])
      const run = sb.billing.advanceTo(new Date('2027-01-10T09:00:00.000Z'))
      expect(run).toEqual([
        expect.objectContaining({ date: '2027-01-10', at: '2027-01-10T09:00:00.000Z' }),
      ])
      expect(() => sb.knobs.set({ billing: { timeZone: 'Mars/Olympus' } })).toThrow(/time zone/)
      expect(() => sb.knobs.set({ billing: { runAt: '25:00' } })).toThrow(/HH:MM/)
    } finally {
      await sb.close()
    }
  })

  test('admin API: GET /__sandbox/billing, POST billing/advance, GET billing/charges, POST billing/clear', async () => {
    const sb = await startSandbox({ gateway: 'valor', clock: fakeClock(START).now })
    try {
      const ids = await valorCard(sb)
      await valorAdd(sb, ids, {})
      const admin = (method: string, path: string, body?: unknown) =>
        call(`${sb.url}/__sandbox/${path}`, { method, ...(body === undefined ? {} : { body }) })
      expect((await admin('GET', 'billing')).body).toEqual({
        now: '2027-01-05T10:00:00.000Z',
        today: '2027-01-05',
        timeZone: 'UTC',
        runAt: '02:00',
        charges: 0,
      })
      const advanced = await admin('POST', 'billing/advance', { to: '2027-02-28' })
      expect(advanced.status).toBe(200)
      expect(advanced.body.today).toBe('2027-02-28')
      expect(advanced.body.charges.map((c: Charge) => c.date)).toEqual(['2027-01-10', '2027-02-10'])
      const filtered = await admin(
        'GET',
        `billing/charges?customerId=${ids.customerId}&from=2027-02-01`,
      )
      expect(filtered.body.total_count).toBe(1)
      expect((await admin('GET', 'billing/charges?customerId=1')).body.charges).toEqual([])
      expect((await admin('POST', 'billing/advance', { to: 'soon' })).status).toBe(400)
      expect((await admin('GET', 'billing/charges?credential=x')).status).toBe(400)
      expect((await admin('POST', 'billing/clear')).body).toEqual({ cleared: 2 })
      expect(sb.billing.charges()).toEqual([])
    } finally {
      await sb.close()
    }
  })

  test('startAllSandboxes: billing.advanceTo runs the three; seeded schedules charge; reset empties the log', async () => {
    const all = await startAllSandboxes({ clock: fakeClock(START).now })
    try {
      for (const sb of [all.paytrace, all.fluidpay, all.valor]) {
        sb.seedCustomers(10, { withCards: true, withChecks: true, withRecurrences: true })
      }
      const run = all.billing.advanceTo('2027-06-30')
      for (const gateway of ['paytrace', 'fluidpay', 'valor'] as const) {
        expect(run.some((c) => c.gateway === gateway)).toBe(true)
      }
      expect([...run].map((c) => c.date)).toEqual([...run].map((c) => c.date).sort())
      expect(all.billing.charges()).toHaveLength(run.length)
      all.valor.reset()
      expect(all.valor.billing.charges()).toEqual([])
      expect(all.billing.charges().length).toBeGreaterThan(0)
    } finally {
      await all.close()
    }
  })
})

describe('seeded subscriptions (withRecurrences)', () => {
  test('FluidPay: 1–2 per customer on its default method, expressible frequencies; customers unchanged', async () => {
    const a = await startSandbox({ gateway: 'fluidpay', clock: fakeClock(START).now })
    const b = await startSandbox({ gateway: 'fluidpay', clock: fakeClock(START).now })
    try {
      const plain = a.seedCustomers(8, { seed: 5, withCards: true })
      const scheduled = b.seedCustomers(8, { seed: 5, withCards: true, withRecurrences: true })
      expect(scheduled.ids).toEqual(plain.ids)
      const found = await fluidpay(b, 'POST', '/subscription/search', { limit: 100 })
      const subs = found.body.data as Record<string, any>[] // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(subs.length).toBeGreaterThanOrEqual(8)
      expect(subs.length).toBeLessThanOrEqual(16)
      for (const s of subs) {
        expect(plain.ids).toContain(s.customer.id)
        expect(['monthly', 'twice_monthly']).toContain(s.billing_frequency)
        expect(s.next_bill_date > '2027-01-05').toBe(true)
        expect(s.status).toBe('active')
      }
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  test('Valor: subscriptions on customers with a card only; listed by VR6', async () => {
    const sb = await startSandbox({ gateway: 'valor', clock: fakeClock(START).now })
    try {
      sb.seedCustomers(4, { withChecks: true, withRecurrences: true })
      const cards = sb.seedCustomers(4, { withCards: true, withRecurrences: true })
      const list = await call(`${sb.url}/?viewSubs`, {
        method: 'POST',
        body: {
          appid: sb.credentials.appId,
          appkey: sb.credentials.appKey,
          epi: sb.credentials.epi,
          txn_type: 'listsubscription',
        },
      })
      const data = list.body.data as {
        payment_info: { CustomerProfileID: string }
        recurring_type: string
      }[]
      expect(data.length).toBeGreaterThanOrEqual(4)
      for (const s of data) {
        expect(cards.ids).toContain(s.payment_info.CustomerProfileID)
        expect(['0', '1', '2', '3', '4']).toContain(s.recurring_type)
      }
    } finally {
      await sb.close()
    }
  })
})
