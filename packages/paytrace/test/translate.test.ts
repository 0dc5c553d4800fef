import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import { sameSchedule, type AddressInput, type CustomerInput, type Schedule } from '@vaultport/core'
import { payTraceCapabilities } from '../src/capabilities'
import {
  addressFromWire,
  addressToWire,
  amountFromWire,
  amountToWire,
  customerCommonToWire,
  customerFromWire,
  frequencyTable,
  frequencyToSchedule,
  isoToWireDate,
  recurrenceFromWire,
  recurrenceInputToWire,
  scheduleToFrequency,
  totalCountFromWire,
  totalCountToWire,
  wireDateToIso,
} from '../src/translate'
import type { WireCustomer } from '../src/wire'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

describe('amounts', () => {
  it('24.95 ↔ 2495', () => {
    expect(right(amountToWire({ amount: 2495, currency: 'USD' }))).toBe(24.95)
    expect(right(amountFromWire(24.95))).toEqual({ amount: 2495, currency: 'USD' })
    expect(right(amountFromWire('80.05'))).toEqual({ amount: 8005, currency: 'USD' })
  })

  it('is exact for every cent value up to 10^9 (through JSON too)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (cents) => {
        const wire = right(amountToWire({ amount: cents, currency: 'USD' }))
        const viaJson = JSON.parse(JSON.stringify({ amount: wire })) as { amount: number }
        expect(right(amountFromWire(viaJson.amount)).amount).toBe(cents)
      }),
      { numRuns: 20_000 },
    )
  })

  it('rejects other currencies and sub-cent amounts', () => {
    expect(E.isLeft(amountToWire({ amount: 100, currency: 'EUR' }))).toBe(true)
    expect(E.isLeft(amountFromWire(0.005))).toBe(true)
    expect(E.isLeft(amountFromWire('-1.00'))).toBe(true)
  })
})

describe('dates', () => {
  it('ISO ⇄ MM/DD/YYYY, and M/D/YYYY is read', () => {
    expect(isoToWireDate('2024-10-01')).toBe('10/01/2024')
    expect(right(wireDateToIso('10/01/2024'))).toBe('2024-10-01')
    expect(right(wireDateToIso('4/2/2014'))).toBe('2014-04-02')
    expect(E.isLeft(wireDateToIso('02/30/2024'))).toBe(true)
    expect(E.isLeft(wireDateToIso('2024/10/01'))).toBe(true)
  })

  it('round-trips every calendar day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10)
          expect(right(wireDateToIso(isoToWireDate(iso)))).toBe(iso)
        },
      ),
    )
  })
})

describe('frequency codes', () => {
  it.each([
    ['1', 'year', 1],
    ['8', 'month', 6],
    ['A', 'month', 4],
    ['2', 'month', 3],
    ['9', 'month', 2],
    ['3', 'month', 1],
    ['4', 'week', 2],
    ['5', 'week', 1],
    ['6', 'day', 1],
  ] as const)('code %s is every %s × %s and back', (code, unit, every) => {
    const s = frequencyToSchedule(code)
    expect(s).toEqual({ kind: 'interval', unit, every })
    expect(scheduleToFrequency(s as Schedule)).toBe(code)
  })

  it('code 7 is the days-of-month schedule [1, 15]; the old named form still writes as 7', () => {
    expect(frequencyToSchedule('7')).toEqual({ kind: 'days_of_month', days: [1, 15] })
    expect(scheduleToFrequency({ kind: 'days_of_month', days: [1, 15] })).toBe('7')
    expect(
      scheduleToFrequency({
        kind: 'named',
        gateway: 'paytrace',
        code: '7',
        label: '1st and 15th of each month',
      }),
    ).toBe('7')
    expect(scheduleToFrequency({ kind: 'days_of_month', days: [15, 1] })).toBeUndefined()
    expect(scheduleToFrequency({ kind: 'days_of_month', days: [1, 16] })).toBeUndefined()
  })

  it('annually is written from every 12 months as well as every year, and reads as every year', () => {
    expect(scheduleToFrequency({ kind: 'interval', unit: 'month', every: 12 } as Schedule)).toBe(
      '1',
    )
    expect(frequencyToSchedule('1')).toEqual({ kind: 'interval', unit: 'year', every: 1 })
  })

  it('has ten codes, and the capabilities declare exactly the schedules of the table', () => {
    expect(frequencyTable.map((r) => r.code)).toEqual([
      '1',
      '8',
      'A',
      '2',
      '9',
      '3',
      '4',
      '7',
      '5',
      '6',
    ])
    const written = frequencyTable.flatMap((r) => [r.schedule, ...(r.alsoWritten ?? [])])
    const intervals: Record<string, number[]> = {}
    for (const s of written) if (s.kind === 'interval') (intervals[s.unit] ??= []).push(s.every)
    for (const ns of Object.values(intervals)) ns.sort((a, b) => a - b)
    const r = payTraceCapabilities.recurrences
    expect(r.intervals).toEqual(intervals)
    expect(r.daysOfMonth).toEqual(
      written.flatMap((s) => (s.kind === 'days_of_month' ? [s.days] : [])),
    )
    expect(r.named).toEqual(written.filter((s) => s.kind === 'named'))
    expect(
      scheduleToFrequency({ kind: 'interval', unit: 'day', every: 2 } as Schedule),
    ).toBeUndefined()
    expect(frequencyToSchedule('Z')).toBeUndefined()
  })

  it('total_count 999 is open-ended', () => {
    expect(totalCountToWire('open_ended')).toBe('999')
    expect(right(totalCountFromWire(999))).toBe('open_ended')
    expect(right(totalCountFromWire('12'))).toBe(12)
    expect(E.isLeft(totalCountFromWire('0'))).toBe(true)
  })
})

// ---- canonical → wire → canonical on the lossless fields

const text = (max: number) =>
  fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim() === s && s.trim() !== '')
const addressArb = (role: 'billing' | 'shipping'): fc.Arbitrary<AddressInput> =>
  fc.record(
    {
      role: fc.constant(role),
      name: text(40),
      line1: text(50),
      line2: text(50),
      city: text(30),
      region: fc.constantFrom('WA', 'MN', 'CA'),
      postalCode: fc.stringMatching(/^\d{5}$/),
      country: fc.constantFrom('US', 'CA'),
    },
    { requiredKeys: ['role', 'line1'] },
  )

const customerArb: fc.Arbitrary<CustomerInput> = fc
  .record(
    {
      reference: text(50),
      name: text(40),
      email: fc.emailAddress().filter((e) => e.length <= 50),
      phone: fc.stringMatching(/^\d{3}-\d{3}-\d{4}$/),
      fax: fc.stringMatching(/^\d{3}-\d{3}-\d{4}$/),
      billing: fc.option(addressArb('billing'), { nil: undefined }),
      shipping: fc.option(addressArb('shipping'), { nil: undefined }),
    },
    { requiredKeys: ['reference'] },
  )
  .map(({ billing, shipping, ...rest }) => {
    // One name: the customer's is the billing slot's.
    const b =
      billing === undefined
        ? undefined
        : { ...billing, ...(rest.name === undefined ? {} : { name: rest.name }) }
    const addresses = [b, shipping].filter((a): a is AddressInput => a !== undefined)
    return { ...rest, ...(addresses.length === 0 ? {} : { addresses }) }
  })

/** What the simulator echoes for a create: the body, with every slot present. */
const echo = (body: Record<string, unknown>): WireCustomer => ({
  customer_id: 1000001,
  billing_address: {
    name: '',
    street_address: '',
    city: '',
    state: '',
    postal_code: '',
    country: '',
  },
  shipping_address: {
    name: '',
    street_address: '',
    city: '',
    state: '',
    postal_code: '',
    country: '',
    county: '',
  },
  email: '',
  phone: '',
  fax: '',
  discretionary_data: [],
  ...body,
})

describe('canonical → wire → canonical', () => {
  it('is identity on the lossless customer and address fields', () => {
    fc.assert(
      fc.property(customerArb, (input) => {
        const { wire, warnings } = customerCommonToWire(input, undefined)
        expect(warnings).toEqual([])
        const back = customerFromWire(echo(wire as Record<string, unknown>))
        for (const f of payTraceCapabilities.lossless.customer) {
          if (input[f] !== undefined) expect(back[f]).toEqual(input[f])
        }
        for (const a of input.addresses ?? []) {
          const got = back.addresses.find((x) => x.role === a.role)
          for (const f of payTraceCapabilities.lossless.address) {
            if (a[f] !== undefined) expect(got?.[f]).toEqual(a[f])
          }
        }
      }),
    )
  })

  it('warns for what PayTrace cannot keep', () => {
    const { warnings } = customerCommonToWire(
      {
        reference: 'r1',
        company: 'ACME',
        notes: 'n',
        addresses: [{ role: 'billing', line1: 'x', county: 'King', company: 'ACME' }],
        gatewayData: { other: 1 },
      },
      undefined,
    )
    expect(warnings.map((w) => `${w.code}:${w.field}`).sort()).toEqual([
      'field_dropped:addresses[0].company',
      'field_dropped:addresses[0].county',
      'field_dropped:company',
      'field_dropped:gatewayData.other',
      'field_dropped:notes',
    ])
  })

  it('keeps the shipping county and discretionary data', () => {
    const a = addressToWire('shipping', { county: 'Oakland', line1: '1 Main' }, '')
    expect(a.wire).toEqual({ county: 'Oakland', street_address: '1 Main' })
    expect(addressFromWire('shipping', a.wire)?.county).toBe('Oakland')
    const c = customerCommonToWire(
      { reference: 'r', gatewayData: { discretionary_data: { disc_id: 1, value: 'gold' } } },
      7,
    )
    expect(c.wire).toEqual({
      customer_label: 'r',
      discretionary_data: [{ disc_id: 1, value: 'gold' }],
      merchant_id: 7,
    })
  })

  it('recurrence input → wire → stored recurrence keeps amount, schedule, dates, count', () => {
    const schedules = frequencyTable.map((r) => r.schedule)
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.constantFrom(...schedules),
        fc.oneof(fc.integer({ min: 1, max: 998 }), fc.constant('open_ended' as const)),
        fc.date({ min: new Date('2025-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        (amount, schedule, totalCount, start) => {
          const startDate = start.toISOString().slice(0, 10)
          const w = right(
            recurrenceInputToWire({
              customerId: '1000001' as never,
              amount: { amount, currency: 'USD' },
              schedule,
              startDate,
              totalCount,
            }),
          ).wire
          const stored = right(
            recurrenceFromWire({
              ...JSON.parse(JSON.stringify(w)),
              id: 500001,
              customer_id: 1000001,
              next_date: w.start_date,
              total_count: Number(w.total_count),
              current_count: 0,
            }),
          )
          expect(stored.amount).toEqual({ amount, currency: 'USD' })
          // The rhythm comes back, with the billing day of the start date where PayTrace has one.
          expect(sameSchedule(stored.schedule, schedule)).toBe(true)
          const s = stored.schedule
          if (s.kind === 'interval' && (s.unit === 'month' || s.unit === 'year'))
            expect(s.dayOfMonth).toBe(start.getUTCDate())
          else if (s.kind === 'interval' && s.unit === 'week')
            expect(s.weekday).toBe(start.getUTCDay())
          else expect(s).toEqual(schedule)
          expect(stored.totalCount).toEqual(totalCount)
          expect(stored.startDate).toBe(startDate)
          expect(stored.status).toBe('active')
        },
      ),
    )
  })
})
