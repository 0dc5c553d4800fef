// nock tests for every subscription call (VR1 add, VR2 update, VR3 activate, VR4 deactivate, VR5
// delete, VR6 list): the exact body each sends on its own host (credentials in the body, never
// the vault's headers), every answer and error shape the facts describe (S00 / error_no, HTTP
// 400 refusals, the empty HTTP 200 to a valid add), and what the port makes of them.
import nock from 'nock'
import {
  customerId,
  paymentMethodId,
  recurrenceId,
  type RecurrenceInput,
  type TranscriptEvent,
} from '@vaultport/core'
import { valorCapabilities } from '../src'
import {
  APP_KEY,
  BASE,
  P,
  detailWith,
  left,
  makeVault,
  right,
  spec,
  useNock,
  valor,
} from './fixtures'
import {
  EPI,
  SUB_BASE,
  countBoth,
  creds,
  getReads,
  item,
  listBody,
  listed,
  makeSubVault,
  ok,
  refused,
  subs,
} from './subscriptions'

useNock()

const C = customerId('100864')
const R = recurrenceId('41001')
const monthly = { kind: 'interval', unit: 'month', every: 1 } as const
const input: RecurrenceInput = {
  customerId: C,
  amount: { amount: 2495, currency: 'USD' },
  schedule: monthly,
  startDate: '2026-02-14',
  totalCount: 'open_ended',
  paymentMethodId: paymentMethodId('card:97555'),
  description: 'Gym membership',
}

/** The VR1 body the input above makes, but for its `invoice_no` (checked apart). */
const addBody = (over: Record<string, unknown> = {}) => ({
  ...creds('add_subscription'),
  amount: '24.95',
  surchargeAmount: '0.00',
  surchargeIndicator: '0',
  payment_info: { CustomerProfileID: '100864', PaymentProfileID: '97555' },
  recurring_type: '2',
  charge_on: '14',
  subscription_starts_from: '2026-02-14',
  charge_until: 'never_expired',
  is_validate_card: '1',
  failure_notification: '0',
  product_description: 'Gym membership',
  ...over,
})

/** A body matcher that keeps what was sent and compares all but `invoice_no` exactly. */
const sent: Array<Record<string, unknown>> = []
const matching =
  (want: Record<string, unknown>) =>
  (body: Record<string, unknown>): boolean => {
    sent.push(body)
    const { invoice_no: _ignored, ...rest } = body
    expect(rest).toEqual(want)
    return true
  }
beforeEach(() => {
  sent.length = 0
})

describe('recurrences.create (VR1 add, then VR6 to read it back)', () => {
  it('sends the add on its own host with the credentials in the body; reads the record back', async () => {
    subs()
      .post('/?addSub', matching(addBody()))
      .reply(200, ok({ subscription_id: 41001 }))
    getReads('41001', listed(item({ invoice_no: 'VP0000000000' })))
    const w = await right(makeSubVault().recurrences.create(input))
    expect(sent[0]?.['invoice_no']).toMatch(/^VP[0-9A-Z]{10}$/)
    expect(w.warnings).toEqual([])
    expect(w.value).toEqual({
      id: '41001',
      customerId: '100864',
      amount: { amount: 2495, currency: 'USD' },
      schedule: { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 14 },
      totalCount: 'open_ended',
      status: 'active',
      paymentMethodId: 'card:97555',
      startDate: '2026-02-14',
      nextDate: '2026-02-14',
      completedCount: 0,
      description: 'Gym membership',
      gatewayData: {
        invoice_no: 'VP0000000000',
        recurring_type: '2',
        charge_on: '14',
        charge_until: 'never_expired',
        status: 'active',
      },
    })
  })

  it('the same add always carries the same invoice_no; another add another one', async () => {
    for (const amount of [2495, 2495, 2500]) {
      subs()
        .post('/?addSub', (b: Record<string, unknown>) => {
          sent.push(b)
          return true
        })
        .reply(200, ok({ subscription_id: 41001 }))
      getReads('41001', listed(item()))
      await right(
        makeSubVault().recurrences.create({ ...input, amount: { amount, currency: 'USD' } }),
      )
    }
    const [a, b, c] = sent.map((x) => x['invoice_no'])
    expect(a).toBe(b)
    expect(c).not.toBe(a)
  })

  it('a finite count goes in charge_until as the number of charges, with a count_assumed warning', async () => {
    subs()
      .post('/?addSub', matching(addBody({ charge_until: '12' })))
      .reply(200, ok({ subscription_id: '41001' }))
    getReads('41001', listed(item({ charge_until: '12', payments_count: '0' })))
    const w = await right(makeSubVault().recurrences.create({ ...input, totalCount: 12 }))
    expect(w.value.totalCount).toBe(12)
    expect(w.warnings.map((x) => [x.code, x.field])).toEqual([['count_assumed', 'totalCount']])
  })

  it('a weekly schedule sends the weekday (0 = Sunday by default; weekdayZero monday shifts it)', async () => {
    const weekly = { kind: 'interval', unit: 'week', every: 2, weekday: 1 } as const
    for (const [zero, chargeOn] of [
      ['sunday', '1'],
      ['monday', '0'],
    ] as const) {
      subs()
        .post(
          '/?addSub',
          matching(
            addBody({
              recurring_type: '1',
              charge_on: chargeOn,
              subscription_starts_from: '2026-02-16',
            }),
          ),
        )
        .reply(200, ok({ subscription_id: 41001 }))
      getReads(
        '41001',
        listed(
          item({
            recurring_type: '1',
            charge_on: chargeOn,
            subscription_starts_from: '2026-02-16',
          }),
        ),
      )
      const w = await right(
        makeSubVault({ subscriptions: { weekdayZero: zero } }).recurrences.create({
          ...input,
          schedule: weekly,
          startDate: '2026-02-16',
        }),
      )
      expect(w.value.schedule).toEqual(weekly)
      expect(w.value.nextDate).toBe('2026-02-16')
    }
  })

  it.each([
    [{ ...monthly, dayOfMonth: 31 }, '2026-03-31'],
    [{ ...monthly, dayOfMonth: 'last' }, '2026-03-31'],
    [monthly, '2026-03-31'],
  ] as const)(
    'day 31 or the last day goes as charge_on 30, with a day_clamped warning',
    async (schedule, startDate) => {
      subs()
        .post(
          '/?addSub',
          matching(addBody({ charge_on: '30', subscription_starts_from: startDate })),
        )
        .reply(200, ok({ subscription_id: 41001 }))
      getReads('41001', listed(item({ charge_on: '30', subscription_starts_from: startDate })))
      const w = await right(makeSubVault().recurrences.create({ ...input, schedule, startDate }))
      expect(w.warnings.map((x) => x.code)).toEqual(['day_clamped', 'start_date_shifted'])
      expect(w.warnings[1]?.message).toContain('2026-04-30')
    },
  )

  it('a billing day after the start date: the first charge moves to it, with a start_date_shifted warning', async () => {
    subs()
      .post('/?addSub', matching(addBody({ charge_on: '20' })))
      .reply(200, ok({ subscription_id: 41001 }))
    getReads('41001', listed(item({ charge_on: '20' })))
    const w = await right(
      makeSubVault().recurrences.create({ ...input, schedule: { ...monthly, dayOfMonth: 20 } }),
    )
    expect(w.warnings).toEqual([
      expect.objectContaining({ code: 'start_date_shifted', field: 'startDate' }),
    ])
    expect(w.value.nextDate).toBe('2026-02-20')
  })

  it('quarterly and annual schedules; gatewayData.invoice_no is sent as given; other keys dropped with a warning; a long description truncated', async () => {
    const description = 'x'.repeat(60)
    subs()
      .post('/?addSub', (b: Record<string, unknown>) => {
        expect(b).toMatchObject({
          recurring_type: '4',
          charge_on: '14',
          invoice_no: 'PT8842017',
          product_description: 'x'.repeat(50),
        })
        return true
      })
      .reply(200, ok({ subscription_id: 41001 }))
    getReads('41001', listed(item({ recurring_type: '4' })))
    const w = await right(
      makeSubVault().recurrences.create({
        ...input,
        schedule: { kind: 'interval', unit: 'year', every: 1 },
        description,
        gatewayData: { invoice_no: 'PT8842017', weekend: 'skip' },
      }),
    )
    expect(w.value.schedule).toEqual({ kind: 'interval', unit: 'year', every: 1, dayOfMonth: 14 })
    expect(w.warnings.map((x) => [x.code, x.field])).toEqual([
      ['field_dropped', 'gatewayData.weekend'],
      ['field_truncated', 'description'],
    ])
  })

  it('no card named: the customer’s one active card (V12) is charged', async () => {
    valor().get(`${P}/getpaymentprofile/100864`).reply(200, spec.cards)
    subs()
      .post('/?addSub', (b: { payment_info: unknown }) => {
        expect(b.payment_info).toEqual({ CustomerProfileID: '100864', PaymentProfileID: '97555' })
        return true
      })
      .reply(200, ok({ subscription_id: 41001 }))
    getReads('41001', listed(item()))
    const { paymentMethodId: _none, ...unnamed } = input
    await right(makeSubVault().recurrences.create(unnamed))
  })

  it.each([
    ['none', { code: 200, status: 'OK', data: [] }, 'no active card'],
    [
      'two',
      {
        code: 200,
        status: 'OK',
        data: [
          { payment_id: 1, masked_pan: '411111xxxxxx1111', status: 'active' },
          { payment_id: 2, masked_pan: '555555xxxxxx4444', status: 'active' },
        ],
      },
      'holds 2',
    ],
  ])('no card named and %s active: Validation, nothing added', async (_n, cards, says) => {
    valor().get(`${P}/getpaymentprofile/100864`).reply(200, cards)
    const { paymentMethodId: _none, ...unnamed } = input
    const e = await left(makeSubVault().recurrences.create(unnamed))
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'paymentMethodId' }] })
    expect(e.message).toContain(says)
  })

  it('refused before any request: a bank account (Unsupported), a past start, an amount over 99999.99, a bad invoice_no', async () => {
    const sentCount = countBoth()
    const v = makeSubVault()
    expect(
      (await left(v.recurrences.create({ ...input, paymentMethodId: paymentMethodId('ach:2290') })))
        .kind,
    ).toBe('Unsupported')
    expect(await left(v.recurrences.create({ ...input, startDate: '2026-01-14' }))).toMatchObject({
      kind: 'Validation',
      issues: [{ path: 'startDate' }],
    })
    expect(
      await left(
        v.recurrences.create({ ...input, amount: { amount: 10_000_000, currency: 'USD' } }),
      ),
    ).toMatchObject({ kind: 'Validation', issues: [{ path: 'amount' }] })
    expect(
      await left(v.recurrences.create({ ...input, gatewayData: { invoice_no: 'PT-884' } })),
    ).toMatchObject({ kind: 'Validation', issues: [{ path: 'gatewayData.invoice_no' }] })
    expect(
      (await left(v.recurrences.create({ ...input, customerId: customerId('cus_1') }))).kind,
    ).toBe('NotFound')
    expect(sentCount()).toBe(0)
    nock.cleanAll()
  })

  it('refused by core before any request: semi-annual, twice monthly, another currency', async () => {
    const v = makeSubVault()
    for (const bad of [
      { schedule: { kind: 'interval', unit: 'month', every: 6 } },
      { schedule: { kind: 'days_of_month', days: [1, 15] } },
      { amount: { amount: 100, currency: 'CAD' } },
    ] as const) {
      const e = await left(v.recurrences.create({ ...input, ...bad } as RecurrenceInput))
      expect(e.kind).toBe('Validation')
    }
  })

  it('an empty HTTP 200 (text/html) to a valid add is OutcomeUnknown, sent once, naming the invoice_no to look for', async () => {
    subs()
      .post('/?addSub', matching(addBody()))
      .reply(200, '', { 'content-type': 'text/html; charset=UTF-8' })
    const e = await left(makeSubVault().recurrences.create(input))
    expect(e).toMatchObject({ kind: 'OutcomeUnknown', retry: 'reconcile', httpStatus: 200 })
    expect(e.message).toContain(`invoice_no ${String(sent[0]?.['invoice_no'])}`)
    expect(e.message).toContain('vault.valor.findRecurrence')
    expect(sent).toHaveLength(1)
  })

  it.each([
    ['S00 naming no id', 200, ok()],
    ['an unknown success body', 200, { result: 'done' }],
    ['a redirect', 302, ''],
    ['a server error', 500, { error_no: 'E99', desc: 'SERVER' }],
  ] as const)('%s is OutcomeUnknown, never a success', async (_n, status, body) => {
    subs().post('/?addSub').reply(status, body)
    const e = await left(
      makeSubVault({ http: { retry: { maxAttempts: 1 } } }).recurrences.create(input),
    )
    expect(e).toMatchObject({ kind: 'OutcomeUnknown', retry: 'reconcile' })
    expect(e.message).toContain('invoice_no VP')
  })

  it.each([
    ['A44', 'INVALID PAYMENT INFO', 'Validation', 'paymentMethodId'],
    ['A40', 'INVOICE # MUST BE 12 ALPHANUMERIC', 'Validation', 'gatewayData.invoice_no'],
    ['SUB07', 'USE YYYY-MM-DD FORMAT', 'Validation', 'startDate'],
    ['SUB08', 'STARTS FROM PAST DATE', 'Validation', 'startDate'],
    ['SUB21', 'NOTIFICATION', 'Validation', '(request)'],
    ['E07', 'INVALID EXPIRY DATE', 'Validation', 'paymentMethodId'],
    ['D27', 'INVALID EPI ID', 'Auth', undefined],
  ] as const)('HTTP 400 %s (%s) → %s', async (code, desc, kind, path) => {
    subs().post('/?addSub').reply(400, refused(code, desc))
    const e = await left(makeSubVault().recurrences.create(input))
    expect(e).toMatchObject({ kind, gatewayCode: code, gatewayMessages: [desc], retry: 'never' })
    if (path !== undefined) expect(e).toMatchObject({ issues: [{ path, message: desc }] })
  })

  it('a confirmed add whose read-back fails is ConfirmedUnread with the new id', async () => {
    subs()
      .post('/?addSub')
      .reply(200, ok({ subscription_id: 41001 }))
    getReads('41001', listed(), listed())
    expect(await left(makeSubVault().recurrences.create(input))).toMatchObject({
      kind: 'ConfirmedUnread',
      writtenId: '41001',
      readFailure: 'NotFound',
      retry: 'done',
    })
  })

  it('the read-back fills in the customer and card the add sent when the list does not show them', async () => {
    subs()
      .post('/?addSub')
      .reply(200, ok({ subscription_id: 41001 }))
    const { payment_info: _none, ...bare } = item()
    getReads('41001', listed(bare))
    const w = await right(makeSubVault().recurrences.create(input))
    expect(w.value).toMatchObject({ customerId: '100864', paymentMethodId: 'card:97555' })
  })
})

describe('recurrences.get (VR6 filtered by id: active first, then inactive)', () => {
  it('found among the active ones: one request', async () => {
    getReads('41001', listed(item()))
    expect(await right(makeSubVault().recurrences.get(R))).toMatchObject({
      id: '41001',
      status: 'active',
      nextDate: '2026-02-14',
    })
  })

  it('found among the inactive ones: paused, with no next date', async () => {
    getReads('41001', listed(), listed(item({ status: 'inactive', payments_count: 3 })))
    const r = await right(makeSubVault().recurrences.get(R))
    expect(r).toMatchObject({ status: 'paused', completedCount: 3 })
    expect(r.nextDate).toBeUndefined()
  })

  it.each([
    ['absent', undefined],
    ['unknown', 'frozen'],
    ['a number', 7],
  ])('a status that is %s reads as paused, never active', async (_n, status) => {
    getReads('41001', listed(item({ status })))
    expect((await right(makeSubVault().recurrences.get(R))).status).toBe('paused')
  })

  it('a finite schedule that has made all its charges is completed', async () => {
    getReads('41001', listed(item({ status: 'inactive', charge_until: '3', payments_count: 3 })))
    expect(await right(makeSubVault().recurrences.get(R))).toMatchObject({
      status: 'completed',
      totalCount: 3,
      completedCount: 3,
    })
  })

  it('the next date is worked out from the start, charge_on and today', async () => {
    getReads(
      '41001',
      listed(item({ recurring_type: '0', charge_on: '1', subscription_starts_from: '2025-12-01' })),
    )
    const r = await right(makeSubVault().recurrences.get(R))
    expect(r.schedule).toEqual({ kind: 'interval', unit: 'week', every: 1, weekday: 1 })
    expect(r.nextDate).toBe('2026-01-19')
  })

  it('listed nowhere: NotFound; a list that ignores the id filter is filtered here', async () => {
    getReads('41001', listed(item({ subscription_id: '7' })), listed())
    expect((await left(makeSubVault().recurrences.get(R))).kind).toBe('NotFound')
  })

  it.each([
    ['no amount', { amount: undefined }],
    ['an unknown charge_until', { charge_until: '2027-01-01' }],
    ['a weekday out of range', { recurring_type: '0', charge_on: '9' }],
    ['no customer', { payment_info: {} }],
    ['a start that is not a date', { subscription_starts_from: 'soon' }],
  ])('an item with %s is UnexpectedResponse', async (_n, over) => {
    getReads('41001', listed(item(over)))
    expect((await left(makeSubVault().recurrences.get(R))).kind).toBe('UnexpectedResponse')
  })

  it('"Run at" and daily schedules read as what they are', async () => {
    getReads('41001', listed(item({ recurring_type: '6', charge_on: '' })))
    expect((await right(makeSubVault().recurrences.get(R))).schedule).toEqual({
      kind: 'named',
      gateway: 'valor',
      code: '6',
      label: 'Run at',
    })
    getReads('41001', listed(item({ recurring_type: '5', charge_on: '' })))
    expect((await right(makeSubVault().recurrences.get(R))).schedule).toEqual({
      kind: 'interval',
      unit: 'day',
      every: 1,
    })
  })

  it.each([
    ['a list answer that is not S00', 400, refused('SUB30', 'INVALID STATUS'), 'Validation'],
    ['an empty 200', 200, '', 'UnexpectedResponse'],
    ['data that is not subscriptions', 200, ok({ data: [1, 2] }), 'UnexpectedResponse'],
    ['S00 with another error_code', 200, { error_no: 'S00', error_code: '05' }, 'Validation'],
  ] as const)('%s (HTTP %s) → %s', async (_n, status, body, kind) => {
    subs().post('/?viewSubs').reply(status, body)
    expect((await left(makeSubVault().recurrences.get(R))).kind).toBe(kind)
  })

  it('an id that cannot be Valor’s is NotFound, one that could leave its field Validation; nothing sent', async () => {
    const sentCount = countBoth()
    const v = makeSubVault()
    expect((await left(v.recurrences.get(recurrenceId('sub_1')))).kind).toBe('NotFound')
    expect((await left(v.recurrences.get(recurrenceId('../1')))).kind).toBe('Validation')
    expect(sentCount()).toBe(0)
    nock.cleanAll()
  })
})

describe('recurrences.update', () => {
  const updateBody = (over: Record<string, unknown> = {}) => ({
    ...creds('updateSubscription'),
    subscription_id: '41001',
    amount: '30.00',
    custom_fee: '0.00',
    surchargeIndicator: '0',
    payment_info: { CustomerProfileID: '100864', PaymentProfileID: '97555' },
    recurring_type: '2',
    charge_on: '14',
    subscription_starts_from: '2026-02-14',
    charge_until: 'never_expired',
    is_validate_card: '1',
    product_description: 'Gym membership',
    ...over,
  })

  it('amount: reads, resends the schedule with the new amount (VR2), reads back', async () => {
    getReads('41001', listed(item()))
    subs()
      .post('/?updateSub', updateBody())
      .reply(200, ok({ msg: 'SUBSRIPTION_EDITED' }))
    getReads('41001', listed(item({ amount: '30.00' })))
    const w = await right(
      makeSubVault().recurrences.update(R, { amount: { amount: 3000, currency: 'USD' } }),
    )
    expect(w.value.amount).toEqual({ amount: 3000, currency: 'USD' })
  })

  it('a past start is not resent, nor a finite count (set at create only)', async () => {
    getReads(
      '41001',
      listed(
        item({ subscription_starts_from: '2025-12-14', charge_until: '12', payments_count: 1 }),
      ),
    )
    const { subscription_starts_from: _s, charge_until: _c, ...rest } = updateBody()
    subs()
      .post('/?updateSub', rest)
      .reply(200, ok({ msg: 'SUBSRIPTION_EDITED' }))
    getReads('41001', listed(item({ charge_until: '12' })))
    await right(makeSubVault().recurrences.update(R, { amount: { amount: 3000, currency: 'USD' } }))
  })

  it('pause: VR4 deactivate only; resume from a date: VR2 with the new start, then VR3', async () => {
    getReads('41001', listed(item()))
    subs()
      .post('/?de-Activate', { ...creds('deactivateSubscription'), subscription_id: '41001' })
      .reply(200, ok())
    getReads('41001', listed(), listed(item({ status: 'inactive' })))
    expect(
      (await right(makeSubVault().recurrences.update(R, { status: 'paused' }))).value.status,
    ).toBe('paused')
    getReads('41001', listed(), listed(item({ status: 'inactive' })))
    subs()
      .post('/?updateSub', updateBody({ amount: '24.95', subscription_starts_from: '2026-03-14' }))
      .reply(200, ok({ msg: 'SUBSRIPTION_EDITED' }))
      .post('/?activateSub', { ...creds('activateSubscription'), subscription_id: '41001' })
      .reply(200, ok())
    getReads('41001', listed(item({ subscription_starts_from: '2026-03-14' })))
    const w = await right(
      makeSubVault().recurrences.update(R, { status: 'active', nextDate: '2026-03-14' }),
    )
    expect(w.value).toMatchObject({ status: 'active', nextDate: '2026-03-14' })
    expect(w.warnings).toEqual([])
  })

  it('a new schedule and card; open-ended stays never_expired', async () => {
    getReads('41001', listed(item()))
    subs()
      .post(
        '/?updateSub',
        updateBody({
          amount: '24.95',
          recurring_type: '3',
          charge_on: '1',
          payment_info: { CustomerProfileID: '100864', PaymentProfileID: '97556' },
        }),
      )
      .reply(200, ok({ msg: 'SUBSRIPTION_EDITED' }))
    getReads('41001', listed(item({ recurring_type: '3', charge_on: '1' })))
    await right(
      makeSubVault().recurrences.update(R, {
        schedule: { kind: 'interval', unit: 'month', every: 3, dayOfMonth: 1 },
        paymentMethodId: paymentMethodId('card:97556'),
      }),
    )
  })

  it('refused: a new count (Unsupported), a past next date, a bank account; a status core cannot set', async () => {
    getReads('41001', listed(item({ charge_until: '12' })))
    const v = makeSubVault()
    expect((await left(v.recurrences.update(R, { totalCount: 6 }))).kind).toBe('Unsupported')
    expect(await left(v.recurrences.update(R, { nextDate: '2026-01-01' }))).toMatchObject({
      kind: 'Validation',
      issues: [{ path: 'nextDate' }],
    })
    expect(
      (await left(v.recurrences.update(R, { paymentMethodId: paymentMethodId('ach:1') }))).kind,
    ).toBe('Unsupported')
    for (const status of ['cancelled', 'completed'] as const) {
      expect((await left(v.recurrences.update(R, { status }))).kind).toBe('Validation')
    }
  })

  it('VR2 confirmed, then VR4 refused: ConfirmedUnread with the id', async () => {
    getReads('41001', listed(item()))
    subs()
      .post('/?updateSub')
      .reply(200, ok({ msg: 'SUBSRIPTION_EDITED' }))
      .post('/?de-Activate')
      .reply(400, refused('SUB40', 'CANNOT DEACTIVATE'))
    expect(
      await left(
        makeSubVault().recurrences.update(R, {
          amount: { amount: 3000, currency: 'USD' },
          status: 'paused',
        }),
      ),
    ).toMatchObject({ kind: 'ConfirmedUnread', writtenId: '41001', readFailure: 'Validation' })
  })

  it('unknown subscription: NotFound before any write', async () => {
    getReads('41001', listed(), listed())
    expect((await left(makeSubVault().recurrences.update(R, { status: 'paused' }))).kind).toBe(
      'NotFound',
    )
  })
})

describe('recurrences.delete (VR5)', () => {
  it('sends the id; S00 is done', async () => {
    subs()
      .post('/?deleteSub', { ...creds('deleteSubscription'), subscription_id: '41001' })
      .reply(200, ok({ msg: 'SUBSCRIPTION DELETED' }))
    await right(makeSubVault().recurrences.delete(R))
  })

  it('a subscription Valor does not hold is NotFound; an empty 200 OutcomeUnknown', async () => {
    subs().post('/?deleteSub').reply(400, refused('SIM06', 'SUBSCRIPTION NOT FOUND'))
    expect((await left(makeSubVault().recurrences.delete(R))).kind).toBe('NotFound')
    subs().post('/?deleteSub').reply(200, '')
    expect((await left(makeSubVault().recurrences.delete(R))).kind).toBe('OutcomeUnknown')
  })
})

describe('recurrences.listByCustomer (V11, then VR6 active and inactive)', () => {
  const lists = (active: object, inactive: object) =>
    subs()
      .post('/?viewSubs', listBody(true))
      .reply(200, active)
      .post('/?viewSubs', listBody(false))
      .reply(200, inactive)

  it("keeps the customer's own, each once, by id, in pages", async () => {
    const other = { CustomerProfileID: '999', PaymentProfileID: '1' }
    for (let page = 0; page < 2; page++) {
      valor().get(`${P}/getcustomer/100864`).reply(200, detailWith([]))
      lists(
        listed(
          item({ subscription_id: '41003' }),
          item({ subscription_id: '41009', payment_info: other }),
        ),
        listed(
          item({ subscription_id: '41002', status: 'inactive' }),
          item({ subscription_id: '41003' }),
        ),
      )
    }
    const v = makeSubVault()
    const first = await right(v.recurrences.listByCustomer(C, { pageSize: 1 }))
    expect(first.items.map((r) => [r.id, r.status])).toEqual([['41002', 'paused']])
    expect(first).toMatchObject({ totalCount: 2, nextCursor: 'o:1' })
    const second = await right(v.recurrences.listByCustomer(C, { pageSize: 1, cursor: 'o:1' }))
    expect(second.items.map((r) => r.id)).toEqual(['41003'])
    expect(second.nextCursor).toBeUndefined()
  })

  it('a list whose items do not name their customer cannot be kept by customer: UnexpectedResponse', async () => {
    valor().get(`${P}/getcustomer/100864`).reply(200, detailWith([]))
    lists(listed({ ...item(), payment_info: undefined }), listed())
    expect((await left(makeSubVault().recurrences.listByCustomer(C))).kind).toBe(
      'UnexpectedResponse',
    )
  })

  it('an unknown customer is NotFound (V11); a filter or a foreign cursor is Validation, nothing sent', async () => {
    valor().get(`${P}/getcustomer/100864`).reply(400, spec.customerNotExist)
    expect((await left(makeSubVault().recurrences.listByCustomer(C))).kind).toBe('NotFound')
    const sentCount = countBoth()
    const v = makeSubVault()
    expect((await left(v.recurrences.listByCustomer(C, { filter: { name: 'x' } }))).kind).toBe(
      'Validation',
    )
    expect((await left(v.recurrences.listByCustomer(C, { cursor: 'v:1:2' }))).kind).toBe(
      'Validation',
    )
    expect(sentCount()).toBe(0)
    nock.cleanAll()
  })
})

describe('vault.valor.findRecurrence (reconciling an add whose outcome is unknown)', () => {
  const reference = async () => {
    subs()
      .post('/?addSub', (b: Record<string, unknown>) => {
        sent.push(b)
        return true
      })
      .reply(200, '')
    await left(makeSubVault().recurrences.create(input))
    return String(sent[0]?.['invoice_no'])
  }
  const startList = (status: boolean, body: object) =>
    subs()
      .post('/?viewSubs', listBody(status, { subscription_starts_from: '02/14/2026' }))
      .reply(200, body)

  it('lists the subscriptions starting on the start date and finds the one with the reference', async () => {
    const ref = await reference()
    startList(
      true,
      listed(item({ invoice_no: 'OTHER' }), item({ subscription_id: '41002', invoice_no: ref })),
    )
    startList(false, listed())
    expect(await right(makeSubVault().valor.findRecurrence(input))).toMatchObject({
      id: '41002',
      customerId: '100864',
    })
  })

  it('none carries it: undefined (the add was not stored); two do: Conflict', async () => {
    const ref = await reference()
    startList(true, listed(item({ invoice_no: 'OTHER' })))
    startList(false, listed())
    expect(await right(makeSubVault().valor.findRecurrence(input))).toBeUndefined()
    startList(true, listed(item({ invoice_no: ref })))
    startList(false, listed(item({ subscription_id: '41002', invoice_no: ref })))
    expect((await left(makeSubVault().valor.findRecurrence(input))).kind).toBe('Conflict')
  })

  it('the list date follows listDateFormat; a bad input is Validation', async () => {
    subs()
      .post('/?viewSubs', listBody(true, { subscription_starts_from: '2026-02-14' }))
      .reply(200, listed())
      .post('/?viewSubs', listBody(false, { subscription_starts_from: '2026-02-14' }))
      .reply(200, listed())
    const v = makeSubVault({ subscriptions: { listDateFormat: 'YYYY-MM-DD' } })
    expect(await right(v.valor.findRecurrence(input))).toBeUndefined()
    expect((await left(v.valor.findRecurrence({ ...input, amount: 5 } as never))).kind).toBe(
      'Validation',
    )
  })
})

describe('configuration of the subscription API', () => {
  it('without an EPI there are no recurrences: Unsupported, nothing sent', async () => {
    const sentCount = countBoth()
    const v = makeVault()
    expect(v.capabilities.operations.recurrences.create).toBe(false)
    expect((await left(v.recurrences.create(input))).kind).toBe('Unsupported')
    expect((await left(v.valor.findRecurrence(input))).kind).toBe('Unsupported')
    expect(sentCount()).toBe(0)
    nock.cleanAll()
  })

  it('with an EPI and the defaults the vault declares valorCapabilities', () => {
    expect(makeSubVault().capabilities).toBe(valorCapabilities)
  })

  it.each([
    [{ epi: '12345' }, 'epi must be 10 digits'],
    [{ subscriptions: { baseUrl: SUB_BASE } }, 'subscriptions needs epi'],
    [{ epi: EPI, subscriptions: { baseUrl: 'ftp://x' } }, 'subscriptions.baseUrl'],
    [{ epi: EPI, subscriptions: { routes: { add: { path: 'addSub' } } } }, 'routes.add.path'],
    [{ epi: EPI, subscriptions: { routes: { pause: { path: '/' } } } }, 'routes.pause'],
    [{ epi: EPI, subscriptions: { keys: { amount: 'the amount' } } }, 'keys.amount'],
    [{ epi: EPI, subscriptions: { keys: { nope: 'x' } } }, 'keys.nope'],
    [{ epi: EPI, subscriptions: { weekdayZero: 'friday' } }, 'weekdayZero'],
    [{ epi: EPI, subscriptions: { countFormat: 'months' } }, 'countFormat'],
  ])('a bad subscription config is Validation on every call: %j', async (config, says) => {
    const e = await left(makeVault(config as never).recurrences.get(R))
    expect(e.kind).toBe('Validation')
    expect(e.message).toContain(says)
  })

  it('routes, txn_type and body key names can be replaced', async () => {
    nock(SUB_BASE)
      .post('/?addSubs', (b: Record<string, unknown>) => {
        expect(b).toMatchObject({ txn_type: 'add_subscription', total_amount: '24.95' })
        return true
      })
      .reply(200, ok({ subscription_id: 41001 }))
      .post('/v/list', { ...listBody(true, { subscription_id: '41001' }), txn_type: 'list_subs' })
      .reply(200, ok({ data: [{ ...item(), total_amount: '24.95' }] }))
    const v = makeSubVault({
      subscriptions: {
        routes: { add: { path: '/?addSubs' }, list: { path: '/v/list', txnType: 'list_subs' } },
        keys: { amount: 'total_amount' },
      },
    })
    expect((await right(v.recurrences.create(input))).value.amount.amount).toBe(2495)
  })

  it("countFormat 'none': no finite counts (core refuses them), open-ended ones as usual", async () => {
    const v = makeSubVault({ subscriptions: { countFormat: 'none' } })
    expect(v.capabilities.recurrences.finiteCounts).toBe(false)
    expect((await left(v.recurrences.create({ ...input, totalCount: 12 }))).kind).toBe('Validation')
    getReads('41001', listed(item({ charge_until: '12' })))
    expect((await left(v.recurrences.get(R))).kind).toBe('UnexpectedResponse')
  })

  it('the subscription host defaults to the vault baseUrl, then to the securelink host', async () => {
    nock(BASE).post('/?viewSubs').reply(200, listed(item()))
    await right(makeVault({ epi: EPI }).recurrences.get(R))
    nock('https://securelink-staging.valorpaytech.com')
      .post('/?viewSubs')
      .reply(200, listed(item()))
    await right(makeVault({ epi: EPI, baseUrl: undefined as never }).recurrences.get(R))
  })
})

describe('secrets of the subscription API', () => {
  it('no app key or EPI in an error or a transcript, though every body carries them and the answer echoes them', async () => {
    const events: TranscriptEvent[] = []
    subs()
      .post('/?addSub')
      .reply(400, refused('SUB99', `bad appkey ${APP_KEY} for epi ${EPI}`))
    const e = await left(
      makeSubVault({ http: { onTranscript: (x) => events.push(x) } }).recurrences.create(input),
    )
    const text = JSON.stringify(e) + JSON.stringify(events)
    expect(events.length).toBeGreaterThan(0)
    expect(text).not.toContain(APP_KEY)
    expect(text).not.toContain(EPI)
    expect(e.message).toContain('[REDACTED]')
  })
})
