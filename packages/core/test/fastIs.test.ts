// The model codecs whose `is` is written out by hand (`withIs`) must accept exactly the values
// their io-ts decode accepts: a looser check would let an invalid answer through the boundary,
// a stricter one would only cost the slow path. Checked on valid samples and on samples with a
// field removed or replaced by a value of the wrong kind, at any depth.
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import { Address, BankAccount, Card, Customer, CustomerSummary, PaymentMethod } from '../src'
import { addressArb, customerArb, paymentMethodArb } from './arbitraries'

type Json = null | boolean | number | string | undefined | Json[] | { [k: string]: Json }

const wrong: ReadonlyArray<Json> = [
  undefined,
  null,
  '',
  ' x ',
  'x'.repeat(1001),
  'x'.repeat(129),
  7,
  1.5,
  true,
  {},
  [],
  'card',
  'bank_account',
  'billing',
  'visa',
  'us',
  '2024-02-30T00:00:00Z',
  '2024-01-01T00:00:00Z',
  '12345',
]

/** Every (parent, key) slot of a JSON value, depth first. */
const slotsOf = (v: Json, out: Array<[Json[] | { [k: string]: Json }, string | number]> = []) => {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([v, i])
      slotsOf(x, out)
    })
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push([v, k])
      slotsOf(x, out)
    }
  }
  return out
}

const mutated = (sample: unknown, at: number, value: number, remove: boolean): Json => {
  const copy = structuredClone(sample) as Json
  const slots = slotsOf(copy)
  const slot = slots[at % Math.max(slots.length, 1)]
  if (slot === undefined) return wrong[value % wrong.length] as Json
  const [parent, key] = slot
  if (remove) {
    if (Array.isArray(parent)) parent.splice(key as number, 1)
    else delete parent[key as string]
  } else (parent as Record<string | number, Json>)[key] = wrong[value % wrong.length] as Json
  return copy
}

const agreesWithDecode = (codec: t.Mixed, u: unknown): void => {
  const decoded = codec.decode(u)
  expect({ codec: codec.name, is: codec.is(u) }).toEqual({
    codec: codec.name,
    is: E.isRight(decoded),
  })
  if (codec.is(u)) expect(decoded).toEqual(E.right(u))
}

const summaryOf = (c: Customer): CustomerSummary => {
  const { id, reference, name, email, createdAt } = c
  return JSON.parse(JSON.stringify({ id, reference, name, email, createdAt })) as CustomerSummary
}

const cases: ReadonlyArray<[string, t.Mixed, fc.Arbitrary<unknown>]> = [
  ['Customer', Customer, customerArb],
  ['CustomerSummary', CustomerSummary, customerArb.map(summaryOf)],
  ['Address', Address, addressArb],
  ['PaymentMethod', PaymentMethod, paymentMethodArb],
  ['Card', Card, paymentMethodArb],
  ['BankAccount', BankAccount, paymentMethodArb],
]

describe('hand-written is(): the same values as decode', () => {
  it.each(cases)('%s accepts every valid sample', (_name, codec, arb) => {
    fc.assert(
      fc.property(arb, (u) => {
        agreesWithDecode(codec, JSON.parse(JSON.stringify(u)))
      }),
    )
  })

  it.each(cases)('%s agrees with decode on mutated samples', (_name, codec, arb) => {
    fc.assert(
      fc.property(arb, fc.nat(), fc.nat(), fc.boolean(), (u, at, value, remove) => {
        agreesWithDecode(codec, mutated(JSON.parse(JSON.stringify(u)), at, value, remove))
      }),
      { numRuns: 300 },
    )
  })

  it('refuses what is not a record at all', () => {
    for (const [, codec] of cases)
      for (const u of [null, undefined, [], 'x', 1, [{}]]) agreesWithDecode(codec, u)
  })

  it('keeps the codec otherwise: its name, decode messages and members', () => {
    expect(Customer.name).toBe('Customer')
    expect(Customer.types).toHaveLength(3)
    expect(E.isLeft(Customer.decode({ id: '' }))).toBe(true)
    expect(CustomerSummary.encode({ id: 'c1' } as CustomerSummary)).toEqual({ id: 'c1' })
  })
})
