/**
 * Valor subscription API (family A) simulator, raw HTTP: one POST route, credentials in the
 * body, dispatch on `txn_type` (VR1–VR6 of the recurring facts), the `{error_no, desc}` refusals,
 * the empty-200 answer and the other `valorRecurring` knobs.
 */
import { type RunningSandbox, VALOR_CREDENTIALS, epiOf, startSandbox } from '../src/index'
import { call, fakeClock } from './http'

const START = '2027-01-05T10:00:00.000Z'
let sb: RunningSandbox<'valor'>
let ids: { customerId: number; paymentId: number }

const vault = (method: string, path: string, body?: unknown) =>
  call(`${sb.url}/api/valor-vault${path}`, {
    method,
    headers: { 'valor-app-id': sb.credentials.appId, 'valor-app-key': sb.credentials.appKey },
    ...(body === undefined ? {} : { body }),
  })

const newCard = async (): Promise<{ customerId: number; paymentId: number }> => {
  const c = await vault('POST', '/addcustomer', { customer_name: 'Ada Lee' })
  const customerId = c.body.vault_customer_id as number
  const p = await vault('POST', `/addpaymentprofile/${customerId}`, {
    pan_num: '4111111111111111',
    expiry: '12/30',
  })
  return { customerId, paymentId: p.body.payment_id as number }
}

const creds = () => ({
  appid: sb.credentials.appId,
  appkey: sb.credentials.appKey,
  epi: sb.credentials.epi,
})

const post = (query: string, body: Record<string, unknown>, target = sb) =>
  call(`${target.url}/?${query}`, { method: 'POST', body })

const addBody = (extra: Record<string, unknown> = {}) => ({
  ...creds(),
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
  invoice_no: 'PT8842017',
  billing_customer_name: 'Ada Lee',
  billing_zip: '55424',
  failure_notification: '0',
  additional_prompts: [],
  ...extra,
})

const add = (extra: Record<string, unknown> = {}) => post('addSub', addBody(extra))
const op = (txn_type: string, extra: Record<string, unknown> = {}) =>
  post(txn_type, { ...creds(), txn_type, ...extra })
const list = async (extra: Record<string, unknown> = {}) =>
  (await op('listsubscription', extra)).body.data as Record<string, unknown>[]

beforeAll(async () => {
  sb = await startSandbox({ gateway: 'valor', clock: fakeClock(START).now })
  ids = await newCard()
})
afterAll(() => sb.close())
afterEach(() => sb.knobs.reset())

describe('credentials in the body', () => {
  test('VALOR_CREDENTIALS carries an EPI: 10 digits starting with 2; others get one derived', () => {
    expect(sb.credentials.epi).toMatch(/^2\d{9}$/)
    expect(epiOf({ appId: 'x'.repeat(32), appKey: 'y'.repeat(32) })).toMatch(/^2\d{9}$/)
    expect(epiOf(VALOR_CREDENTIALS)).toBe(VALOR_CREDENTIALS.epi)
  })

  test.each([
    [{ appkey: 'wrong' }, { error_no: 'SIM01', desc: 'INVALID APP ID OR APP KEY' }],
    [{ appid: undefined }, { error_no: 'SIM01', desc: 'INVALID APP ID OR APP KEY' }],
    [{ epi: '2999999999' }, { error_no: 'D27', desc: 'INVALID EPI ID' }],
    [{ epi: undefined }, { error_no: 'D27', desc: 'INVALID EPI ID' }],
    [{ txn_type: 'addSubscription' }, { error_no: 'SIM07', desc: 'INVALID TXN TYPE' }],
  ])('%j → HTTP 400 %j', async (extra, body) => {
    const r = await add(extra)
    expect(r.status).toBe(400)
    expect(r.body).toEqual(body)
  })

  test('the vault headers are not what authenticates here; a non-JSON body is refused', async () => {
    const r = await call(`${sb.url}/?addSub`, { method: 'POST', body: 'appid=x' })
    expect(r.body).toEqual({ error_no: 'SIM10', desc: 'INVALID JSON BODY' })
  })
})

describe('VR1 add_subscription', () => {
  test('S00 with a numeric subscription_id and no transaction id; nothing charged with "1"', async () => {
    const r = await post('addSubs', addBody())
    expect(r.status).toBe(200)
    expect(r.body).toEqual({
      error_no: 'S00',
      error_code: '00',
      subscription_id: expect.any(Number),
    })
    expect(String(r.body.subscription_id)).toMatch(/^\d{5}$/)
    expect(sb.billing.charges({ scheduleId: String(r.body.subscription_id) })).toEqual([])
  })

  test.each([
    [
      'payment_info keys of the V1 family',
      { payment_info: { vault_id: '1', payment_id: '2' } },
      'A44',
      'INVALID PAYMENT INFO',
    ],
    [
      'no PaymentProfileID',
      { payment_info: { CustomerProfileID: '100001' } },
      'A44',
      'INVALID PAYMENT INFO',
    ],
    [
      'an unknown customer',
      { payment_info: { CustomerProfileID: '9', PaymentProfileID: '9' } },
      'A44',
      'INVALID PAYMENT INFO',
    ],
    ['a hyphen in invoice_no', { invoice_no: 'PT-1' }, 'A40', 'INVOICE # MUST BE 12 ALPHANUMERIC'],
    [
      'a 13-character invoice_no',
      { invoice_no: 'A123456789012' },
      'A40',
      'INVOICE # MUST BE 12 ALPHANUMERIC',
    ],
    ['YYYYMMDD', { subscription_starts_from: '20270110' }, 'SUB07', 'USE YYYY-MM-DD FORMAT'],
    ['no start', { subscription_starts_from: undefined }, 'SUB07', 'USE YYYY-MM-DD FORMAT'],
    ['a past start', { subscription_starts_from: '2027-01-04' }, 'SUB08', 'STARTS FROM PAST DATE'],
    [
      'failure_notification without contact',
      { failure_notification: '1' },
      'SUB21',
      'FAILURE NOTIFICATION NEEDS AN EMAIL OR A PHONE',
    ],
    ['amount 0', { amount: '0.00' }, 'SIM02', 'INVALID AMOUNT'],
    ['amount over 99999.99', { amount: '100000.00' }, 'SIM02', 'INVALID AMOUNT'],
    ['amount with 3 decimals', { amount: '1.005' }, 'SIM02', 'INVALID AMOUNT'],
    ['recurring_type 7', { recurring_type: '7' }, 'SIM03', 'INVALID RECURRING TYPE'],
    [
      'recurring_type 6 (refused by default)',
      { recurring_type: '6' },
      'SIM03',
      'INVALID RECURRING TYPE',
    ],
    ['charge_on 31', { charge_on: '31' }, 'SIM04', 'INVALID CHARGE ON'],
    ['weekly charge_on 7', { recurring_type: '0', charge_on: '7' }, 'SIM04', 'INVALID CHARGE ON'],
    ['charge_until a date', { charge_until: '2028-01-01' }, 'SIM05', 'INVALID CHARGE UNTIL'],
    ['charge_until 0', { charge_until: '0' }, 'SIM05', 'INVALID CHARGE UNTIL'],
    [
      'no is_validate_card',
      { is_validate_card: undefined },
      'SIM08',
      'MISSING OR INVALID IS_VALIDATE_CARD',
    ],
    [
      'no surchargeAmount',
      { surchargeAmount: undefined },
      'SIM08',
      'MISSING OR INVALID SURCHARGEAMOUNT',
    ],
  ])('%s → %s', async (_name, extra, code, desc) => {
    const before = (await list()).length
    const r = await add(extra)
    expect(r.status).toBe(400)
    expect(r.body).toEqual({ error_no: code, desc })
    expect(await list()).toHaveLength(before)
  })

  test('an ACH profile id is not a card payment profile (A44)', async () => {
    const ach = await vault('POST', `/addachprofile/${ids.customerId}`, {
      account_number: '000123456789',
      routing_number: '021000021',
      payee_name: 'Ada Lee',
      account_type: 'C',
      entry_class: 'Personal',
    })
    const r = await add({
      payment_info: {
        CustomerProfileID: String(ids.customerId),
        PaymentProfileID: String(ach.body.ach_profile_id),
      },
    })
    expect(r.body.error_no).toBe('A44')
  })

  test('a payment profile of another merchant is A44 (ids are per credentials)', async () => {
    const second = {
      appId: 'vaultportsbxappid000000000000002',
      appKey: 'vaultportsbxappkey00000000000002',
    }
    const two = await startSandbox({
      gateway: 'valor',
      extraCredentials: [second],
      clock: fakeClock(START).now,
    })
    try {
      const c = await call(`${two.url}/api/valor-vault/addcustomer`, {
        method: 'POST',
        headers: { 'valor-app-id': second.appId, 'valor-app-key': second.appKey },
        body: { customer_name: 'Bo Lee' },
      })
      const p = await call(
        `${two.url}/api/valor-vault/addpaymentprofile/${c.body.vault_customer_id as number}`,
        {
          method: 'POST',
          headers: { 'valor-app-id': second.appId, 'valor-app-key': second.appKey },
          body: { pan_num: '4111111111111111', expiry: '12/30' },
        },
      )
      const info = {
        CustomerProfileID: String(c.body.vault_customer_id),
        PaymentProfileID: String(p.body.payment_id),
      }
      const body = {
        ...addBody({ payment_info: info }),
        appid: two.credentials.appId,
        appkey: two.credentials.appKey,
        epi: two.credentials.epi,
      }
      expect((await post('addSub', body, two)).body.error_no).toBe('A44')
      const asSecond = { ...body, appid: second.appId, appkey: second.appKey, epi: epiOf(second) }
      expect((await post('addSub', asSecond, two)).body.error_no).toBe('S00')
    } finally {
      await two.close()
    }
  })

  test('is_validate_card "0" charges now, the schedule then runs from the start date', async () => {
    const r = await add({ is_validate_card: '0', subscription_starts_from: '2027-02-10' })
    expect(r.body).toEqual({
      error_no: 'S00',
      error_code: '00',
      subscription_id: expect.any(Number),
    })
    const id = String(r.body.subscription_id)
    expect(sb.billing.charges({ scheduleId: id })).toEqual([
      expect.objectContaining({
        trigger: 'create',
        date: '2027-01-05',
        periodEnd: '2027-02-09',
        sequence: 1,
      }),
    ])
    expect((await list({ subscription_id: id }))[0]).toMatchObject({ payments_count: 1 })
  })
})

describe('VR2–VR6: update, activate, deactivate, delete, list', () => {
  test('update: SUBSRIPTION_EDITED (sic); payment_info required; "0" charges and returns txn_id', async () => {
    const id = (await add()).body.subscription_id as number
    const other = await newCard()
    const r = await op('updateSubscription', {
      subscription_id: id,
      amount: '30.00',
      custom_fee: '0.00',
      is_validate_card: '1',
      payment_info: {
        CustomerProfileID: String(other.customerId),
        PaymentProfileID: String(other.paymentId),
      },
    })
    expect(r.body).toEqual({
      error_no: 'S00',
      error_code: '00',
      msg: 'SUBSRIPTION_EDITED',
      subscription_id: id,
    })
    expect((await list({ subscription_id: String(id) }))[0]).toMatchObject({
      amount: '30.00',
      charge_on: '10',
      payment_info: {
        CustomerProfileID: String(other.customerId),
        PaymentProfileID: String(other.paymentId),
      },
    })
    const missing = await op('updateSubscription', { subscription_id: id, amount: '31.00' })
    expect(missing.body).toEqual({ error_no: 'A44', desc: 'INVALID PAYMENT INFO' })
    const charged = await op('update_subscription', {
      subscription_id: String(id),
      is_validate_card: '0',
      payment_info: {
        CustomerProfileID: String(other.customerId),
        PaymentProfileID: String(other.paymentId),
      },
    })
    expect(charged.body).toMatchObject({ error_no: 'S00', txn_id: expect.stringMatching(/^\d+$/) })
    expect(sb.billing.charges({ scheduleId: String(id) })).toEqual([
      expect.objectContaining({
        trigger: 'update',
        amountCents: 3000,
        customerId: String(other.customerId),
      }),
    ])
    expect((await op('updateSubscription', { subscription_id: 99999999 })).body).toEqual({
      error_no: 'SIM06',
      desc: 'SUBSCRIPTION NOT FOUND',
    })
  })

  test('deactivate, activate, delete; list filters by status, id and start date', async () => {
    const id = (await add({ subscription_starts_from: '2027-03-01', charge_on: '1' })).body
      .subscription_id as number
    expect((await op('deactivateSubscription', { subscription_id: id })).body).toMatchObject({
      error_no: 'S00',
      error_code: '00',
    })
    const inactive = await list({ status: false })
    expect(inactive.some((s) => s.subscription_id === String(id))).toBe(true)
    expect((await list({ status: 'true' })).some((s) => s.subscription_id === String(id))).toBe(
      false,
    )
    expect((await op('activateSubscription', { subscription_id: String(id) })).body.error_no).toBe(
      'S00',
    )
    const one = await list({ subscription_id: String(id) })
    expect(one).toEqual([
      {
        subscription_id: String(id),
        status: 'active',
        amount: '24.95',
        recurring_type: '2',
        charge_on: '1',
        subscription_starts_from: '2027-03-01',
        charge_until: 'never_expired',
        payments_count: 0,
        invoice_no: 'PT8842017',
        product_description: '',
        payment_info: {
          CustomerProfileID: String(ids.customerId),
          PaymentProfileID: String(ids.paymentId),
        },
      },
    ])
    expect(
      (await list({ subscription_starts_from: '03/01/2027' })).map((s) => s.subscription_id),
    ).toContain(String(id))
    expect(
      (await op('listsubscription', { subscription_starts_from: '2027/03/01' })).body.error_no,
    ).toBe('SUB07')
    const customers = await vault('GET', '/getcustomerlist?page_size=100')
    const mine = customers.body.data.customers.find(
      (c: { vault_id: number }) => c.vault_id === ids.customerId,
    )
    expect(mine.total_recursive_billing).toBeGreaterThan(0)
    expect((await op('deleteSubscription', { subscription_id: id })).body.error_no).toBe('S00')
    expect(await list({ subscription_id: String(id) })).toEqual([])
    expect((await op('activateSubscription', { subscription_id: id })).body.error_no).toBe('SIM06')
  })

  test("the customer list counts each customer's active subscriptions as they move and change", async () => {
    const a = await newCard()
    const b = await newCard()
    const activeOf = async () => {
      const page = await vault('GET', '/getcustomerlist?page_size=100')
      const count = (id: number) =>
        page.body.data.customers.find((c: { vault_id: number }) => c.vault_id === id)
          .total_recursive_billing as number
      return [count(a.customerId), count(b.customerId)]
    }
    const payment = (p: { customerId: number; paymentId: number }) => ({
      CustomerProfileID: String(p.customerId),
      PaymentProfileID: String(p.paymentId),
    })
    const first = (await add({ payment_info: payment(a) })).body.subscription_id as number
    const second = (await add({ payment_info: payment(a) })).body.subscription_id as number
    expect(await activeOf()).toEqual([2, 0])
    await op('deactivateSubscription', { subscription_id: first })
    expect(await activeOf()).toEqual([1, 0])
    const moved = await op('updateSubscription', {
      subscription_id: second,
      is_validate_card: '1',
      payment_info: payment(b),
    })
    expect(moved.body.error_no).toBe('S00')
    expect(await activeOf()).toEqual([0, 1])
    await op('activateSubscription', { subscription_id: first })
    expect(await activeOf()).toEqual([1, 1])
    await op('deleteSubscription', { subscription_id: second })
    await op('deleteSubscription', { subscription_id: first })
    expect(await activeOf()).toEqual([0, 0])
  })

  test('fault scripts name the operation: route VR1 is the add, VR6 the list', async () => {
    sb.knobs.enqueueFaults({ kind: 'http503', route: 'VR1' })
    expect((await list()).length).toBeGreaterThanOrEqual(0)
    expect((await add()).status).toBe(503)
    expect((await add()).status).toBe(200)
    const routes = await call(`${sb.url}/__sandbox/routes`)
    expect(routes.body).toContainEqual({ id: 'VR', method: 'POST', path: '/' })
  })

  test('valorRoutes moves the subscription route like the vault ones', async () => {
    const moved = await startSandbox({
      gateway: 'valor',
      clock: fakeClock(START).now,
      valorRoutes: { VR: { path: '/securelink' } },
    })
    try {
      const body = {
        appid: moved.credentials.appId,
        appkey: moved.credentials.appKey,
        epi: moved.credentials.epi,
        txn_type: 'listsubscription',
      }
      expect(
        (await call(`${moved.url}/securelink?viewSubs`, { method: 'POST', body })).body,
      ).toEqual({
        error_no: 'S00',
        error_code: '00',
        data: [],
      })
      expect((await call(`${moved.url}/?viewSubs`, { method: 'POST', body })).status).toBe(404)
    } finally {
      await moved.close()
    }
  })
})

describe('valorRecurring knobs', () => {
  test('defaults', () => {
    expect(sb.knobs.get().valorRecurring).toEqual({
      emptyAddAnswer: 'off',
      weekdayZero: 'sunday',
      chargeUntil: 'neverOrCount',
      validateCardZero: 'chargeNow',
      runAtType: 'refuse',
    })
  })

  test.each([
    ['created', true],
    ['notCreated', false],
  ] as const)('emptyAddAnswer %s: an empty text/html 200; created: %s', async (mode, created) => {
    sb.knobs.set({ valorRecurring: { emptyAddAnswer: mode } })
    const before = (await list()).length
    const r = await add({ invoice_no: `EMPTY${mode.length}` })
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
    expect(r.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(await list()).toHaveLength(before + (created ? 1 : 0))
    // An invalid add still gets its refusal.
    expect((await add({ invoice_no: 'A-1' })).body.error_no).toBe('A40')
  })

  test('emptyAddAnswer: true / false read as created / off', () => {
    expect(
      sb.knobs.set({ valorRecurring: { emptyAddAnswer: true as never } }).valorRecurring
        .emptyAddAnswer,
    ).toBe('created')
    expect(
      sb.knobs.set({ valorRecurring: { emptyAddAnswer: false as never } }).valorRecurring
        .emptyAddAnswer,
    ).toBe('off')
  })

  test('chargeUntil neverOnly refuses a count', async () => {
    sb.knobs.set({ valorRecurring: { chargeUntil: 'neverOnly' } })
    expect((await add({ charge_until: '12' })).body.error_no).toBe('SIM05')
    expect((await add({ charge_until: 'never_expired' })).body.error_no).toBe('S00')
  })

  test('weekdayZero, validateCardZero and runAtType change the billed dates', async () => {
    const own = await startSandbox({
      gateway: 'valor',
      clock: fakeClock(START).now,
      knobs: {
        valorRecurring: {
          weekdayZero: 'monday',
          validateCardZero: 'chargeNowSkipFirst',
          runAtType: 'once',
        },
      },
    })
    try {
      const c = await call(`${own.url}/api/valor-vault/addcustomer`, {
        method: 'POST',
        headers: { 'valor-app-id': own.credentials.appId, 'valor-app-key': own.credentials.appKey },
        body: { customer_name: 'Ada Lee' },
      })
      const p = await call(
        `${own.url}/api/valor-vault/addpaymentprofile/${c.body.vault_customer_id as number}`,
        {
          method: 'POST',
          headers: {
            'valor-app-id': own.credentials.appId,
            'valor-app-key': own.credentials.appKey,
          },
          body: { pan_num: '4111111111111111', expiry: '12/30' },
        },
      )
      const info = {
        CustomerProfileID: String(c.body.vault_customer_id),
        PaymentProfileID: String(p.body.payment_id),
      }
      const mk = async (extra: Record<string, unknown>) => {
        const body = {
          ...addBody({ payment_info: info, ...extra }),
          appid: own.credentials.appId,
          appkey: own.credentials.appKey,
          epi: own.credentials.epi,
        }
        const r = await post('addSub', body, own)
        expect(r.body.error_no).toBe('S00')
        return String(r.body.subscription_id)
      }
      // charge_on 0 = Monday under weekdayZero 'monday': 2027-01-11 is a Monday.
      const weekly = await mk({ recurring_type: '0', charge_on: '0' })
      // "0" now stands for the first cycle (2027-01-10), so the next run is 2027-02-10.
      const skip = await mk({ is_validate_card: '0' })
      const once = await mk({ recurring_type: '6', subscription_starts_from: '2027-01-20' })
      const run = own.billing.advanceTo('2027-02-28')
      const on = (id: string) => run.filter((x) => x.scheduleId === id).map((x) => x.date)
      expect(on(weekly).slice(0, 2)).toEqual(['2027-01-11', '2027-01-18'])
      expect(own.billing.charges({ scheduleId: skip }).map((x) => [x.trigger, x.date])).toEqual([
        ['create', '2027-01-05'],
        ['schedule', '2027-02-10'],
      ])
      expect(on(once)).toEqual(['2027-01-20'])
    } finally {
      await own.close()
    }
  })

  test('knob values are checked', () => {
    expect(() => sb.knobs.set({ valorRecurring: { weekdayZero: 'tuesday' as 'monday' } })).toThrow(
      "valorRecurring.weekdayZero must be one of 'sunday', 'monday'",
    )
  })
})
