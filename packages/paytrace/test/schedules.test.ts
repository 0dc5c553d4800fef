// Canonical schedules at PayTrace: the billing day read from a recurrence's dates, a billing day
// checked against the date a write sends (start date, next date), code 7 as the 1st and 15th,
// the spellings kept under another form, and statuses. Pure translation first, then nock.
import * as E from 'fp-ts/Either'
import nock from 'nock'
import {
  customerId,
  recurrenceId,
  type RecurrenceInput,
  type Schedule,
  type VaultError,
} from '@vaultport/core'
import { createPayTraceVault } from '../src'
import {
  billingDayCheck,
  recurrenceFromWire,
  recurrenceInputToWire,
  recurrencePatchToWire,
  withBillingDay,
} from '../src/translate'
import { recurrenceItem } from './fixtures'
import { api, config, left, right, tokenOk } from './harness'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const monthly = { kind: 'interval', unit: 'month', every: 1 } as Schedule
const weekly = { kind: 'interval', unit: 'week', every: 1 } as Schedule
const yearly = { kind: 'interval', unit: 'year', every: 1 } as Schedule
const on = (s: Schedule, extra: object): Schedule => ({ ...s, ...extra }) as Schedule

const input = (extra: Partial<RecurrenceInput> = {}): RecurrenceInput => ({
  customerId: customerId('1000001'),
  amount: { amount: 2495, currency: 'USD' },
  schedule: monthly,
  startDate: '2026-10-15',
  totalCount: 12,
  ...extra,
})

/** The Right of a pure translation. */
const value = <L, A>(r: E.Either<L, A>): A => {
  if (E.isLeft(r)) throw new Error(`expected Right, got ${JSON.stringify(r.left)}`)
  return r.right
}

const issuesOf = <A>(r: E.Either<ReadonlyArray<{ path: string }>, A>): string[] =>
  E.isLeft(r) ? r.left.map((i) => i.path) : []

describe('the billing day a stored recurrence reads with', () => {
  it('month and year codes: the day of the next date; weekly codes: its weekday; daily and code 7: none', () => {
    expect(withBillingDay(monthly, { next: '2026-03-15', start: '2026-01-20' })).toEqual(
      on(monthly, { dayOfMonth: 15 }),
    )
    expect(withBillingDay(yearly, { start: '2026-07-04' })).toEqual(on(yearly, { dayOfMonth: 4 }))
    // 2026-03-18 is a Wednesday.
    expect(withBillingDay(weekly, { next: '2026-03-18' })).toEqual(on(weekly, { weekday: 3 }))
    const daily = { kind: 'interval', unit: 'day', every: 1 } as Schedule
    expect(withBillingDay(daily, { next: '2026-03-18' })).toEqual(daily)
    const pair: Schedule = { kind: 'days_of_month', days: [1, 15] }
    expect(withBillingDay(pair, { next: '2026-03-15' })).toEqual(pair)
    expect(withBillingDay(monthly, {})).toEqual(monthly)
  })

  it('a next date cut short by a shorter month is the start’s day (lastDay); as it is under refuse', () => {
    const dates = { next: '2026-04-30', start: '2026-01-31' }
    expect(withBillingDay(monthly, dates)).toEqual(on(monthly, { dayOfMonth: 31 }))
    expect(withBillingDay(monthly, dates, { shortMonths: 'refuse' })).toEqual(
      on(monthly, { dayOfMonth: 30 }),
    )
    // Not the month's last day: the schedule was moved to the 29th.
    expect(withBillingDay(monthly, { next: '2026-04-29', start: '2026-01-31' })).toEqual(
      on(monthly, { dayOfMonth: 29 }),
    )
    // A yearly schedule started on a 29 February.
    expect(withBillingDay(yearly, { next: '2027-02-28', start: '2024-02-29' })).toEqual(
      on(yearly, { dayOfMonth: 29 }),
    )
  })

  it('a stored recurrence: code 7 as days of month, a weekly one with its weekday', () => {
    const pair = value(recurrenceFromWire(recurrenceItem({ frequency: '7' })))
    expect(pair.schedule).toEqual({ kind: 'days_of_month', days: [1, 15] })
    const w = value(recurrenceFromWire(recurrenceItem({ frequency: '4', next_date: '03/18/2026' })))
    expect(w.schedule).toEqual({ kind: 'interval', unit: 'week', every: 2, weekday: 3 })
  })
})

describe('a billing day against the date a write sends', () => {
  it('must be the day (or weekday) of that date', () => {
    expect(billingDayCheck(on(monthly, { dayOfMonth: 15 }), '2026-10-15', 'start date')).toEqual({
      issues: [],
      warnings: [],
    })
    const off = billingDayCheck(on(monthly, { dayOfMonth: 15 }), '2026-10-14', 'start date')
    expect(off.issues).toEqual([
      {
        path: 'schedule.dayOfMonth',
        message: expect.stringContaining('day of the start date (2026-10-14, day 14)'),
      },
    ])
    // 2026-10-14 is a Wednesday.
    expect(billingDayCheck(on(weekly, { weekday: 3 }), '2026-10-14', 'next date').issues).toEqual(
      [],
    )
    expect(
      billingDayCheck(on(weekly, { weekday: 1 }), '2026-10-14', 'next date').issues[0]?.message,
    ).toContain('weekday of the next date (2026-10-14, a Wednesday), not on Monday')
  })

  it('a day on the wrong unit is refused', () => {
    expect(
      billingDayCheck(on(weekly, { dayOfMonth: 14 }), '2026-10-14', 'start date').issues,
    ).toHaveLength(1)
    expect(
      billingDayCheck(on(monthly, { weekday: 3 }), '2026-10-14', 'start date').issues,
    ).toHaveLength(1)
  })

  it('`last` is kept as day 31 with a warning when the date is a 31st; otherwise refused', () => {
    const last = on(monthly, { dayOfMonth: 'last' })
    const kept = billingDayCheck(last, '2026-10-31', 'start date')
    expect(kept.issues).toEqual([])
    expect(kept.warnings.map((w) => w.code)).toEqual(['schedule_respelled'])
    expect(billingDayCheck(last, '2026-09-30', 'start date').issues).toHaveLength(1)
  })

  it('under shortMonths refuse, a billing day of 29–31 or last is refused; 28 is not', () => {
    const rules = { shortMonths: 'refuse' } as const
    for (const d of [29, 30, 31, 'last'] as const) {
      const date = `2026-10-${d === 'last' ? 31 : d}`
      expect(
        billingDayCheck(on(monthly, { dayOfMonth: d }), date, 'start date', rules).issues,
      ).toHaveLength(1)
    }
    expect(
      billingDayCheck(on(monthly, { dayOfMonth: 28 }), '2026-10-28', 'start date', rules).issues,
    ).toEqual([])
  })

  it('R1: the start date decides; a billing day it does not fall on stops the write', () => {
    expect(
      value(recurrenceInputToWire(input({ schedule: on(monthly, { dayOfMonth: 15 }) }))).wire,
    ).toMatchObject({ frequency: '3', start_date: '10/15/2026' })
    expect(
      issuesOf(
        recurrenceInputToWire(
          input({ schedule: on(monthly, { dayOfMonth: 15 }), startDate: '2026-10-14' }),
        ),
      ),
    ).toEqual(['schedule.dayOfMonth'])
    // No billing day named: PayTrace takes the start date's, nothing to check.
    expect(E.isRight(recurrenceInputToWire(input({ startDate: '2026-10-14' })))).toBe(true)
  })

  it('R2: checked here only when the patch sends both schedule and next date', () => {
    const both = recurrencePatchToWire({
      schedule: on(monthly, { dayOfMonth: 20 }),
      nextDate: '2026-11-20',
    })
    expect(value(both).wire).toEqual({ recurrence: { frequency: '3' }, nextDate: '11/20/2026' })
    expect(
      issuesOf(
        recurrencePatchToWire({
          schedule: on(monthly, { dayOfMonth: 20 }),
          nextDate: '2026-11-21',
        }),
      ),
    ).toEqual(['schedule.dayOfMonth'])
    expect(E.isRight(recurrencePatchToWire({ schedule: on(monthly, { dayOfMonth: 20 }) }))).toBe(
      true,
    )
  })
})

describe('spellings and statuses', () => {
  it('every 12 months and the named 1st-and-15th are written with a warning that they read back otherwise', () => {
    const annual = value(
      recurrenceInputToWire(input({ schedule: { kind: 'interval', unit: 'month', every: 12 } })),
    )
    expect(annual.wire.frequency).toBe('1')
    expect(annual.warnings.map((w) => [w.code, w.field])).toEqual([
      ['schedule_respelled', 'schedule'],
    ])
    const named = value(
      recurrenceInputToWire(
        input({
          schedule: { kind: 'named', gateway: 'paytrace', code: '7', label: '1st and 15th' },
        }),
      ),
    )
    expect(named.wire.frequency).toBe('7')
    expect(named.warnings.map((w) => w.code)).toEqual(['schedule_respelled'])
    const pair = value(
      recurrenceInputToWire(input({ schedule: { kind: 'days_of_month', days: [1, 15] } })),
    )
    expect(pair.wire.frequency).toBe('7')
    expect(pair.warnings).toEqual([])
  })

  it('a status cannot be set; a status word is read, an unknown one is never active', () => {
    expect(issuesOf(recurrencePatchToWire({ status: 'paused' }))).toEqual(['status'])
    expect(value(recurrenceFromWire(recurrenceItem({ status: 'Active' }))).status).toBe('active')
    const cancelled = value(recurrenceFromWire(recurrenceItem({ status: 'cancelled' })))
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.nextDate).toBeUndefined()
    expect(E.isLeft(recurrenceFromWire(recurrenceItem({ status: 'declining' })))).toBe(true)
  })
})

describe('recurrences over HTTP', () => {
  /** Fails the test if anything was sent: the nock has no interceptor but the token's. */
  const noRequest = async (run: () => Promise<E.Either<VaultError, unknown>>) => {
    let sent = 0
    const count = () => void sent++
    nock.emitter.on('no match', count)
    try {
      const e = left(await run())
      expect(sent).toBe(0)
      return e
    } finally {
      nock.emitter.removeListener('no match', count)
    }
  }

  it('create on the 15th with billing day 15: R1 sends the start date; the read names day 15', async () => {
    tokenOk()
    let body: { recurrence?: Record<string, unknown> } = {}
    api()
      .post('/v3/recurrence/create', (b: typeof body) => ((body = b), true))
      .reply(200, { data: recurrenceItem({ start_date: '10/15/2026', next_date: '10/15/2026' }) })
    const w = right(
      await createPayTraceVault(config()).recurrences.create(
        input({ schedule: on(monthly, { dayOfMonth: 15 }) }),
      )(),
    )
    expect(body.recurrence).toMatchObject({ frequency: '3', start_date: '10/15/2026' })
    expect(w.value.schedule).toEqual(on(monthly, { dayOfMonth: 15 }))
    expect(w.warnings).toEqual([])
  })

  it('create with a billing day its start date is not on: Validation, nothing sent', async () => {
    const e = await noRequest(() =>
      createPayTraceVault(config()).recurrences.create(
        input({ schedule: on(monthly, { dayOfMonth: 15 }), startDate: '2026-10-14' }),
      )(),
    )
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'schedule.dayOfMonth' }] })
  })

  it('create the 1st and 15th: code 7; it reads back as days of month', async () => {
    tokenOk()
    let body: { recurrence?: Record<string, unknown> } = {}
    api()
      .post('/v3/recurrence/create', (b: typeof body) => ((body = b), true))
      .reply(200, { data: recurrenceItem({ frequency: '7' }) })
    const w = right(
      await createPayTraceVault(config()).recurrences.create(
        input({ schedule: { kind: 'days_of_month', days: [1, 15] }, startDate: '2026-10-01' }),
      )(),
    )
    expect(body.recurrence?.['frequency']).toBe('7')
    expect(w.value.schedule).toEqual({ kind: 'days_of_month', days: [1, 15] })
  })

  it('update with a next date off the stored billing day: R6 read first, Validation, no R2', async () => {
    tokenOk()
    // Stored: monthly, next 10/01/2026, so billing day 1.
    api().get('/v3/recurrence/export/by-id/500001').reply(200, { data: recurrenceItem() })
    const v = createPayTraceVault(config())
    const e = await noRequest(() =>
      v.recurrences.update(recurrenceId('500001'), { nextDate: '2026-11-05' })(),
    )
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'schedule.dayOfMonth' }] })
  })

  it('update with a billing day alone: checked against the stored next date (R6), then R2', async () => {
    tokenOk()
    api().get('/v3/recurrence/export/by-id/500001').times(2).reply(200, { data: recurrenceItem() })
    let body: unknown
    api()
      .patch('/v3/recurrence', (b: unknown) => ((body = b), true))
      .reply(200, { data: recurrenceItem({ frequency: '2' }) })
    const v = createPayTraceVault(config())
    const refused = await noRequest(() =>
      v.recurrences.update(recurrenceId('500001'), {
        schedule: on(monthly, { dayOfMonth: 15 }),
      })(),
    )
    expect(refused.kind).toBe('Validation')
    const w = right(
      await v.recurrences.update(recurrenceId('500001'), {
        schedule: { kind: 'interval', unit: 'month', every: 3, dayOfMonth: 1 },
      })(),
    )
    expect(body).toEqual({ recurrence: { frequency: '2', id: '500001' } })
    expect(w.value.schedule).toEqual({ kind: 'interval', unit: 'month', every: 3, dayOfMonth: 1 })
  })

  it('update moving schedule and next date together: no read, one R2', async () => {
    tokenOk()
    let body: unknown
    api()
      .patch('/v3/recurrence', (b: unknown) => ((body = b), true))
      .reply(200, { data: recurrenceItem({ next_date: '11/20/2026' }) })
    const w = right(
      await createPayTraceVault(config()).recurrences.update(recurrenceId('500001'), {
        schedule: on(monthly, { dayOfMonth: 20 }),
        nextDate: '2026-11-20',
      })(),
    )
    expect(body).toEqual({
      recurrence: { frequency: '3', id: '500001' },
      next_date: '11/20/2026',
    })
    expect(w.value.schedule).toEqual(on(monthly, { dayOfMonth: 20 }))
  })

  it('a status in a patch is refused before any request; shortMonths is a checked setting', async () => {
    const e = await noRequest(() =>
      createPayTraceVault(config()).recurrences.update(recurrenceId('500001'), {
        status: 'paused',
      })(),
    )
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'status' }] })
    const bad = createPayTraceVault(config({ shortMonths: 'skip' as never }))
    expect(left(await bad.recurrences.get(recurrenceId('500001'))())).toMatchObject({
      kind: 'Validation',
      issues: [{ path: 'shortMonths' }],
    })
  })

  it('shortMonths refuse: a billing day of 30 is refused before any request', async () => {
    const v = createPayTraceVault(config({ shortMonths: 'refuse' }))
    const e = await noRequest(() =>
      v.recurrences.create(
        input({ schedule: on(monthly, { dayOfMonth: 30 }), startDate: '2026-10-30' }),
      )(),
    )
    expect(e).toMatchObject({ kind: 'Validation', issues: [{ path: 'schedule.dayOfMonth' }] })
  })
})
