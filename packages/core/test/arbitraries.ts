// fast-check arbitraries for the canonical model, used by the codec laws.
import fc from 'fast-check'
import type { Address, Customer, PaymentMethod, Recurrence } from '../src'

const text = (max = 30) => fc.string({ maxLength: max })
const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`))
const id = fc.stringMatching(/^[a-z0-9]{1,20}$/)

const isoDate = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10))
const isoDateTime = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString())

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })

/** Drops keys whose value is undefined, as exactOptionalPropertyTypes requires. */
const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

export const addressArb: fc.Arbitrary<Address> = fc
  .record({
    id,
    role: fc.constantFrom('billing' as const, 'shipping' as const),
    label: optional(text()),
    name: optional(text()),
    line1: optional(text()),
    city: optional(text()),
    region: optional(fc.stringMatching(/^[A-Z]{2}$/)),
    postalCode: optional(digits(5)),
    country: optional(fc.constantFrom('US', 'CA', 'GB')),
    email: optional(text()),
  })
  .map((a) => compact(a) as unknown as Address)

export const paymentMethodArb: fc.Arbitrary<PaymentMethod> = fc.oneof(
  fc
    .record({
      kind: fc.constant('card' as const),
      id,
      brand: fc.constantFrom(
        'visa' as const,
        'mastercard' as const,
        'amex' as const,
        'unknown' as const,
      ),
      last4: digits(4),
      status: fc.constantFrom('active' as const, 'inactive' as const),
      bin: optional(digits(6)),
      expiry: optional(
        fc.record({
          month: fc.integer({ min: 1, max: 12 }),
          year: fc.integer({ min: 2000, max: 2099 }),
        }),
      ),
      holderName: optional(text()),
    })
    .map((c) => compact(c) as unknown as PaymentMethod),
  fc
    .record({
      kind: fc.constant('bank_account' as const),
      id,
      accountType: fc.constantFrom('checking' as const, 'savings' as const),
      accountLast4: digits(4),
      status: fc.constantFrom('active' as const, 'inactive' as const),
      secCode: optional(fc.constantFrom('PPD' as const, 'CCD' as const, 'WEB' as const)),
      routingLast4: optional(digits(4)),
    })
    .map((b) => compact(b) as unknown as PaymentMethod),
)

export const customerArb: fc.Arbitrary<Customer> = fc
  .record({
    id,
    reference: optional(text(50)),
    name: optional(text()),
    email: optional(text()),
    description: optional(text(255)),
    addresses: fc.array(addressArb, { maxLength: 4 }),
    paymentMethods: fc.array(paymentMethodArb, { maxLength: 4 }),
    defaults: fc.record({ paymentMethodId: optional(id) }).map(compact),
    createdAt: optional(isoDateTime),
  })
  .map((c) => compact(c) as unknown as Customer)

export const recurrenceArb: fc.Arbitrary<Recurrence> = fc
  .record({
    id,
    customerId: id,
    amount: fc.record({
      amount: fc.integer({ min: 0, max: 1_000_000_000 }),
      currency: fc.constantFrom('USD', 'EUR'),
    }),
    schedule: fc.oneof(
      fc.record({
        kind: fc.constant('interval' as const),
        unit: fc.constantFrom('day' as const, 'week' as const, 'month' as const, 'year' as const),
        every: fc.integer({ min: 1, max: 12 }),
      }),
      fc.record({
        kind: fc.constant('named' as const),
        gateway: fc.constant('paytrace'),
        code: fc.constant('7'),
        label: text(),
      }),
    ),
    totalCount: fc.oneof(fc.integer({ min: 1, max: 999 }), fc.constant('open_ended' as const)),
    status: fc.constantFrom(
      'active' as const,
      'paused' as const,
      'completed' as const,
      'cancelled' as const,
    ),
    startDate: optional(isoDate),
    nextDate: optional(isoDate),
  })
  .map((r) => compact(r) as unknown as Recurrence)

/** A Luhn-valid card number of the given length with a random body. */
export const panArb = (lengths: ReadonlyArray<number> = [13, 15, 16, 19]): fc.Arbitrary<string> =>
  fc
    .constantFrom(...lengths)
    .chain((len) =>
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: len - 1, maxLength: len - 1 }),
    )
    .map((body) => {
      const head = [4, ...body.slice(1)]
      let sum = 0
      for (let i = 0; i < head.length; i++) {
        let d = head[head.length - 1 - i] as number
        if (i % 2 === 0) {
          d *= 2
          if (d > 9) d -= 9
        }
        sum += d
      }
      return head.join('') + String((10 - (sum % 10)) % 10)
    })
