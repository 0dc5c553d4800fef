import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import {
  Customer,
  IsoDate,
  IsoDateTime,
  luhnValid,
  minorUnitsFromDecimal,
  minorUnitsToDecimalNumber,
  minorUnitsToDecimalString,
  PaymentMethod,
  Recurrence,
  abaRoutingValid,
  detectBrand,
  readMaskedNumber,
  type MinorUnits,
  decodeFast,
  nullable,
  nullish,
  ShortText,
} from '../src'
import * as core from '../src'
import { decodeFastLaw, describeDecodeFastLaw } from '../../testkit/jest/fuzz'
import { customerArb, panArb, paymentMethodArb, recurrenceArb } from './arbitraries'

const jsonRoundTrip = (u: unknown): unknown => JSON.parse(JSON.stringify(u))

describe('codec laws', () => {
  it('Customer: decode ∘ encode through JSON is the identity', () => {
    fc.assert(
      fc.property(customerArb, (c) => {
        expect(Customer.decode(jsonRoundTrip(Customer.encode(c)))).toEqual(E.right(c))
      }),
    )
  })

  it('PaymentMethod: decode ∘ encode through JSON is the identity', () => {
    fc.assert(
      fc.property(paymentMethodArb, (pm) => {
        expect(PaymentMethod.decode(jsonRoundTrip(PaymentMethod.encode(pm)))).toEqual(E.right(pm))
      }),
    )
  })

  it('Recurrence: decode ∘ encode through JSON is the identity', () => {
    fc.assert(
      fc.property(recurrenceArb, (r) => {
        expect(Recurrence.decode(jsonRoundTrip(Recurrence.encode(r)))).toEqual(E.right(r))
      }),
    )
  })

  it('rejects floats and negatives as money', () => {
    const bad = [24.95, -1, Number.NaN, 2 ** 60]
    for (const amount of bad) {
      expect(
        E.isLeft(
          Recurrence.decode({
            id: 'r',
            customerId: 'c',
            amount: { amount, currency: 'USD' },
            schedule: { kind: 'interval', unit: 'month', every: 1 },
            totalCount: 1,
            status: 'active',
          }),
        ),
      ).toBe(true)
    }
  })

  it('accepts only real calendar dates and zoned timestamps', () => {
    expect(IsoDate.is('2024-02-29')).toBe(true)
    expect(IsoDate.is('2023-02-29')).toBe(false)
    expect(IsoDate.is('2024-13-01')).toBe(false)
    expect(IsoDateTime.is('2019-08-09T09:04:00.786094073-05:00')).toBe(true)
    expect(IsoDateTime.is('2019-08-09T09:04:00')).toBe(false)
  })
})

describe('money', () => {
  it('converts every cent value up to 10^9 exactly, both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (n) => {
        const units = n as MinorUnits
        expect(minorUnitsFromDecimal(minorUnitsToDecimalNumber(units))).toEqual(E.right(n))
        expect(minorUnitsFromDecimal(minorUnitsToDecimalString(units))).toEqual(E.right(n))
      }),
      { numRuns: 2000 },
    )
  })

  it('reads gateway decimals exactly', () => {
    expect(minorUnitsFromDecimal(24.95)).toEqual(E.right(2495))
    expect(minorUnitsFromDecimal('80.05')).toEqual(E.right(8005))
    expect(minorUnitsFromDecimal(0.1 + 0.2)).toEqual(
      E.left('amount "0.30000000000000004" has more than 2 decimal places'),
    )
    expect(minorUnitsToDecimalString(5 as MinorUnits)).toBe('0.05')
    expect(E.isLeft(minorUnitsFromDecimal('-1.00'))).toBe(true)
    expect(E.isLeft(minorUnitsFromDecimal('1,00'))).toBe(true)
  })
})

describe('card arithmetic', () => {
  it('accepts every generated Luhn number and rejects it with one digit changed', () => {
    fc.assert(
      fc.property(panArb(), fc.nat(), (pan, at) => {
        expect(luhnValid(pan)).toBe(true)
        const i = at % pan.length
        const changed = pan.slice(0, i) + String((Number(pan[i]) + 1) % 10) + pan.slice(i + 1)
        expect(luhnValid(changed)).toBe(false)
      }),
    )
  })

  it('knows the public test numbers and routing numbers', () => {
    expect(
      ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117'].map(
        detectBrand,
      ),
    ).toEqual(['visa', 'mastercard', 'amex', 'discover'])
    expect(abaRoutingValid('021000021')).toBe(true)
    expect(abaRoutingValid('011000015')).toBe(true)
    expect(abaRoutingValid('021000022')).toBe(false)
  })

  it('reads the masked-number styles of the three vaults', () => {
    expect(readMaskedNumber('411111xxxxxx1111')).toEqual({ bin: '411111', last4: '1111' })
    expect(readMaskedNumber('411111******1111')).toEqual({ bin: '411111', last4: '1111' })
    expect(readMaskedNumber('XXXX1111')).toEqual({ last4: '1111' })
    expect(readMaskedNumber('4111 XXXX XXXX 1111')).toEqual({ last4: '1111' })
  })
})

// ---- decodeFast and the codecs it relies on

const modelSamples = [
  ...fc.sample(customerArb, { numRuns: 12, seed: 7 }),
  ...fc.sample(paymentMethodArb, { numRuns: 12, seed: 7 }),
  ...fc.sample(recurrenceArb, { numRuns: 12, seed: 7 }),
].map(jsonRoundTrip)

describeDecodeFastLaw('model codecs', core, modelSamples, [
  'Customer',
  'CustomerSummary',
  'Address',
  'PaymentMethod',
  'Recurrence',
  'CustomerId',
  'IsoDate',
  'ShortText',
])

describe('decodeFast', () => {
  // Lawful alone (it changes only strings, which its `is` refuses); in `Lawless` it is not: the
  // union's `is` accepts "12" through `t.string`, and its decode turns "12" into 12.
  const NumberFromDigits = new t.Type<number, string, unknown>(
    'NumberFromDigits',
    (u): u is number => typeof u === 'number',
    (u, c) =>
      typeof u === 'number'
        ? t.success(u)
        : typeof u === 'string' && /^\d+$/.test(u)
          ? t.success(Number(u))
          : t.failure(u, c),
    String,
  )
  const Lawless = t.union([NumberFromDigits, t.string])

  it('answers exactly what decode answers for valid, normalised and invalid values', () => {
    const Id = t.union([NumberFromDigits, t.boolean])
    for (const u of [true, '12', 'x', null, 3]) expect(decodeFast(Id, u)).toEqual(Id.decode(u))
  })

  it('the law check catches a codec whose decode changes a value its is() accepts', () => {
    const check = decodeFastLaw({ Lawless }, ['12', 'plain'])
    expect(check.violations).toEqual(['Lawless: decode() changes a value is() accepts'])
    expect([...check.exercised]).toEqual(['Lawless'])
  })

  it('nullable and nullish accept what the equivalent unions accept, with the same results', () => {
    const values = [null, undefined, '', 'text', 'x'.repeat(1001), 5, {}]
    const pairs = [
      [nullable(ShortText), t.union([ShortText, t.null])],
      [nullish(ShortText), t.union([ShortText, t.null, t.undefined])],
    ] as const
    for (const [fast, union] of pairs)
      for (const u of values) {
        expect(fast.is(u)).toBe(union.is(u))
        expect(E.isRight(fast.decode(u))).toBe(E.isRight(union.decode(u)))
        if (fast.is(u)) expect(fast.decode(u)).toEqual(E.right(u))
      }
  })
})
