// The schedule arithmetic and mapping of Valor subscriptions, as pure functions: every schedule
// the capabilities declare goes to Valor and back unchanged (a property), the first and next
// charge dates under each setting, Valor's date spellings, and the invoice reference.
import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import { canSchedule, sameSchedule, type Schedule } from '@vaultport/core'
import { valorCapabilities } from '../src'
import {
  firstCharge,
  invoiceReference,
  isoFromWire,
  nextChargeFrom,
  scheduleFromWire,
  scheduleToWire,
  statusFromWire,
  totalCountFromWire,
  type ScheduleRules,
} from '../src/translate'

const sunday: ScheduleRules = { weekdayZero: 'sunday', anchorMonth: 'start' }
const monday: ScheduleRules = { weekdayZero: 'monday', anchorMonth: 'start' }
const calendar: ScheduleRules = { weekdayZero: 'sunday', anchorMonth: 'calendar' }

const day = fc
  .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z') })
  .filter((d) => !Number.isNaN(d.getTime()))
  .map((d) => d.toISOString().slice(0, 10))

const schedule: fc.Arbitrary<Schedule> = fc.oneof(
  fc
    .tuple(fc.constantFrom(1, 2), fc.integer({ min: 0, max: 6 }))
    .map(([every, weekday]) => ({ kind: 'interval', unit: 'week', every, weekday }) as Schedule),
  fc
    .tuple(
      fc.constantFrom(['month', 1], ['month', 3], ['year', 1]),
      fc.integer({ min: 1, max: 30 }),
    )
    .map(
      ([[unit, every], dayOfMonth]) => ({ kind: 'interval', unit, every, dayOfMonth }) as Schedule,
    ),
)

describe('schedules to Valor and back', () => {
  it('every anchored schedule the capabilities declare round-trips, under either weekday numbering', () =>
    fc.assert(
      fc.property(schedule, day, fc.constantFrom(sunday, monday), (s, start, rules) => {
        expect(canSchedule(valorCapabilities, s)).toBe(true)
        const wire = scheduleToWire(s, start, rules)
        if (E.isLeft(wire)) throw new Error(wire.left.message)
        expect(wire.right.warnings).toEqual([])
        const back = scheduleFromWire(wire.right.value, rules)
        expect(E.isRight(back) && sameSchedule(back.right, s) && back.right).toEqual(s)
      }),
    ))

  it('a schedule with no anchor takes its day or weekday from the start date', () => {
    expect(
      scheduleToWire({ kind: 'interval', unit: 'week', every: 1 }, '2026-02-14', sunday),
    ).toEqual(E.right({ value: { recurringType: '0', chargeOn: '6' }, warnings: [] }))
    expect(
      scheduleToWire({ kind: 'interval', unit: 'week', every: 1 }, '2026-02-14', monday),
    ).toEqual(E.right({ value: { recurringType: '0', chargeOn: '5' }, warnings: [] }))
    expect(
      scheduleToWire({ kind: 'interval', unit: 'month', every: 3 }, '2026-02-14', sunday),
    ).toEqual(E.right({ value: { recurringType: '3', chargeOn: '14' }, warnings: [] }))
  })

  it.each([
    { kind: 'interval', unit: 'month', every: 2 },
    { kind: 'interval', unit: 'month', every: 6 },
    { kind: 'interval', unit: 'day', every: 1 },
    { kind: 'interval', unit: 'week', every: 3 },
    { kind: 'days_of_month', days: [1, 15] },
    { kind: 'named', gateway: 'paytrace', code: '8', label: 'Semi-annually' },
  ] as const)('%j is not written (and the capabilities say so)', (s) => {
    expect(canSchedule(valorCapabilities, s)).toBe(false)
    expect(E.isLeft(scheduleToWire(s, '2026-02-14', sunday))).toBe(true)
  })
})

describe('first and next charges', () => {
  it.each([
    [
      'weekly Monday from a Saturday',
      { recurringType: '0', chargeOn: '1' },
      '2026-02-14',
      sunday,
      '2026-02-16',
    ],
    [
      'weekly "1" is Tuesday when 0 is Monday',
      { recurringType: '0', chargeOn: '1' },
      '2026-02-14',
      monday,
      '2026-02-17',
    ],
    [
      'monthly on the 14th, from the 14th',
      { recurringType: '2', chargeOn: '14' },
      '2026-02-14',
      sunday,
      '2026-02-14',
    ],
    [
      'monthly on the 10th, from the 14th',
      { recurringType: '2', chargeOn: '10' },
      '2026-02-14',
      sunday,
      '2026-03-10',
    ],
    [
      'monthly on the 30th in February: its last day',
      { recurringType: '2', chargeOn: '30' },
      '2026-02-01',
      sunday,
      '2026-02-28',
    ],
    [
      'quarterly from the start',
      { recurringType: '3', chargeOn: '5' },
      '2026-02-14',
      sunday,
      '2026-03-05',
    ],
    [
      'quarterly on the calendar',
      { recurringType: '3', chargeOn: '5' },
      '2026-02-14',
      calendar,
      '2026-04-05',
    ],
    [
      'annual on the calendar',
      { recurringType: '4', chargeOn: '5' },
      '2026-02-14',
      calendar,
      '2027-01-05',
    ],
  ] as const)('%s', (_n, w, from, rules, want) => {
    expect(firstCharge(w, from, rules)).toBe(want)
  })

  it.each([
    [
      'bi-weekly, weeks behind',
      { recurringType: '1', chargeOn: '4' },
      '2025-11-06',
      '2026-01-15',
      '2026-01-15',
    ],
    [
      'bi-weekly, a week off',
      { recurringType: '1', chargeOn: '4' },
      '2025-11-13',
      '2026-01-15',
      '2026-01-22',
    ],
    [
      'monthly, the day has passed',
      { recurringType: '2', chargeOn: '14' },
      '2025-06-14',
      '2026-01-15',
      '2026-02-14',
    ],
    [
      'quarterly from its start month',
      { recurringType: '3', chargeOn: '20' },
      '2025-08-20',
      '2026-01-15',
      '2026-02-20',
    ],
    [
      'annual, not yet started',
      { recurringType: '4', chargeOn: '1' },
      '2026-07-01',
      '2026-01-15',
      '2026-07-01',
    ],
    ['daily', { recurringType: '5', chargeOn: '' }, '2025-01-01', '2026-01-15', '2026-01-15'],
  ] as const)('next charge: %s', (_n, w, start, today, want) => {
    expect(nextChargeFrom(w, start, today, sunday)).toBe(want)
  })

  it('"Run at" and unknown types have no next charge', () => {
    expect(
      nextChargeFrom({ recurringType: '6', chargeOn: '' }, '2026-02-14', '2026-01-15', sunday),
    ).toBe(undefined)
  })

  it('the next charge is never before today nor before the first charge', () =>
    fc.assert(
      fc.property(schedule, day, day, (s, start, today) => {
        const wire = scheduleToWire(s, start, sunday)
        if (E.isLeft(wire)) throw new Error(wire.left.message)
        const next = nextChargeFrom(wire.right.value, start, today, sunday)
        const first = firstCharge(wire.right.value, start, sunday)
        expect(next).toBeDefined()
        expect(next! >= today && next! >= (first ?? '')).toBe(true)
      }),
    ))
})

describe('wire values', () => {
  it.each([
    ['2026-02-14', '2026-02-14'],
    ['20260214', '2026-02-14'],
    ['02/14/2026', '2026-02-14'],
    ['2026-02-30', undefined],
    ['14/02/2026', undefined],
    ['soon', undefined],
  ])('the date %s reads as %s', (raw, want) => {
    expect(isoFromWire(raw)).toBe(want)
  })

  it('counts: never_expired is open-ended; a number only under remaining', () => {
    expect(totalCountFromWire('never_expired', 'remaining')).toEqual(E.right('open_ended'))
    expect(totalCountFromWire('12', 'remaining')).toEqual(E.right(12))
    expect(E.isLeft(totalCountFromWire('12', 'none'))).toBe(true)
    expect(E.isLeft(totalCountFromWire('0', 'remaining'))).toBe(true)
    expect(E.isLeft(totalCountFromWire(undefined, 'remaining'))).toBe(true)
  })

  it('no status outside the known active spellings reads as active', () =>
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), (raw) => {
        const s = statusFromWire(raw, 'open_ended', undefined)
        const active = ['active', 'true', '1', 'yes'].includes(String(raw).trim().toLowerCase())
        expect(s === 'active').toBe(active)
      }),
    ))

  it('the invoice reference is 12 letters and digits, the same for the same parts', () =>
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 8 }), (parts) => {
        const ref = invoiceReference(parts)
        expect(ref).toMatch(/^VP[0-9A-Z]{10}$/)
        expect(invoiceReference([...parts])).toBe(ref)
      }),
    ))
})
