// Canonical schedules: what each gateway can express is decided by its capabilities, and the
// same rhythm compares equal whichever gateway wrote it.
import * as E from 'fp-ts/Either'
import {
  Schedule,
  canSchedule,
  describeSchedule,
  sameSchedule,
  validateRecurrencePatch,
  type Capabilities,
} from '../src'

const recurrences = (extra: Partial<Capabilities['recurrences']>): Capabilities =>
  ({
    displayName: 'Test',
    recurrences: {
      intervals: { month: [1, 3], week: [1, 2] },
      named: [],
      openEnded: true,
      currencies: ['USD'],
      ...extra,
    },
  }) as unknown as Capabilities

describe('canonical schedules', () => {
  it('decode the three kinds and refuse days outside the calendar', () => {
    expect(
      E.isRight(Schedule.decode({ kind: 'interval', unit: 'month', every: 1, dayOfMonth: 'last' })),
    ).toBe(true)
    expect(E.isRight(Schedule.decode({ kind: 'days_of_month', days: [1, 15] }))).toBe(true)
    expect(
      E.isRight(Schedule.decode({ kind: 'interval', unit: 'week', every: 2, weekday: 5 })),
    ).toBe(true)
    expect(
      E.isLeft(Schedule.decode({ kind: 'interval', unit: 'month', every: 1, dayOfMonth: 32 })),
    ).toBe(true)
    expect(
      E.isLeft(Schedule.decode({ kind: 'interval', unit: 'week', every: 1, weekday: 7 })),
    ).toBe(true)
  })

  it('are expressible only where the capabilities say so', () => {
    const plain = recurrences({})
    const anchored = recurrences({
      anchors: { dayOfMonth: true, weekday: false },
      daysOfMonth: [[1, 15]],
    })
    const onThe15th = { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 15 } as Schedule
    const firstAndFifteenth = { kind: 'days_of_month', days: [1, 15] } as Schedule
    expect(canSchedule(plain, onThe15th)).toBe(false)
    expect(canSchedule(anchored, onThe15th)).toBe(true)
    expect(canSchedule(plain, firstAndFifteenth)).toBe(false)
    expect(canSchedule(anchored, firstAndFifteenth)).toBe(true)
    expect(canSchedule(anchored, { kind: 'days_of_month', days: [1, 20] } as Schedule)).toBe(false)
    expect(
      canSchedule(anchored, { kind: 'interval', unit: 'week', every: 1, weekday: 1 } as Schedule),
    ).toBe(false)
  })

  it('compare by rhythm; an anchor only one side names is no difference', () => {
    const monthly = { kind: 'interval', unit: 'month', every: 1 } as Schedule
    const on15 = { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 15 } as Schedule
    const on16 = { kind: 'interval', unit: 'month', every: 1, dayOfMonth: 16 } as Schedule
    expect(sameSchedule(monthly, on15)).toBe(true)
    expect(sameSchedule(on15, on16)).toBe(false)
    const yearly = { kind: 'interval', unit: 'year', every: 1 } as Schedule
    expect(sameSchedule({ kind: 'interval', unit: 'month', every: 12 } as Schedule, yearly)).toBe(
      true,
    )
    expect(sameSchedule({ kind: 'interval', unit: 'month', every: 6 } as Schedule, yearly)).toBe(
      false,
    )
    expect(describeSchedule({ kind: 'days_of_month', days: [1, 'last'] } as Schedule)).toBe(
      'every month on day 1 and the last day',
    )
  })

  it('refuse counts and statuses the gateway cannot set', () => {
    const caps = recurrences({ finiteCounts: false, settableStatuses: ['paused', 'active'] })
    const paths = (patch: Parameters<typeof validateRecurrencePatch>[1]) =>
      validateRecurrencePatch(caps, patch).map((i) => i.path)
    expect(paths({ totalCount: 12 as never })).toEqual(['totalCount'])
    expect(paths({ status: 'cancelled' })).toEqual(['status'])
    expect(paths({ status: 'paused', totalCount: 'open_ended' })).toEqual([])
  })
})
