import fc from 'fast-check'
import * as E from 'fp-ts/Either'
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
} from '../src'
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
