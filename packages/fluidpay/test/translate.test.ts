import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import type { AddressInput, CustomerInput } from '@vaultport/core'
import { fluidpayCapabilities } from '../src'
import {
  addressBody,
  createPlan,
  joinName,
  readExpiry,
  splitName,
  toAddress,
  toCustomer,
  writeExpiry,
} from '../src/translate'
import type { AddressBody, CreateCustomerBody } from '../src/wire'

describe('names and expiry', () => {
  it.each([
    ['Ada Lee', 'Ada', 'Lee'],
    ['Mary Ann Lee', 'Mary Ann', 'Lee'],
    ['Ada', 'Ada', ''],
    ['  Ada   Lee ', 'Ada', 'Lee'],
  ])('splits %j', (name, first, last) => {
    expect(splitName(name)).toEqual({ first_name: first, last_name: last })
  })

  it('joins, skipping empty parts', () => {
    expect(joinName('Ada', '')).toBe('Ada')
    expect(joinName(null, 'Lee')).toBe('Lee')
    expect(joinName('', '')).toBeUndefined()
  })

  it.each([
    ['12/28', { month: 12, year: 2028 }],
    ['1228', { month: 12, year: 2028 }],
    ['03/2031', { month: 3, year: 2031 }],
    ['2020-12-31T00:00:00Z', { month: 12, year: 2020 }],
    ['2027-01-31T00:00:00-05:00', { month: 1, year: 2027 }],
  ])('reads stored expiry %j', (s, e) => expect(readExpiry(s)).toEqual(e))

  it.each(['13/28', '', 'soon', null])('refuses expiry %j', (s) =>
    expect(readExpiry(s)).toBeUndefined(),
  )

  it('warns about a name that will not read back as written', () => {
    expect(addressBody({ name: 'Ada  Lee' }, '').warnings.map((w) => w.code)).toEqual([
      'name_normalized',
    ])
  })
})

// ---- properties: canonical → wire → canonical on the declared-lossless fields

/** What FluidPay does with an address body: stores it with an id (wire-assumptions F.3). */
const stored = (id: string, body: AddressBody) => ({ id, ...body })

/** A simulated gateway: the record a create body produces (first address = both defaults). */
const recordFrom = (body: CreateCustomerBody, notes?: string) => {
  const addresses = [
    ...(body.default_billing_address === undefined
      ? []
      : [stored('bill', body.default_billing_address)]),
    ...(body.default_shipping_address === undefined
      ? []
      : [stored('ship', body.default_shipping_address)]),
  ]
  const first = addresses[0]?.id ?? ''
  return {
    id: body.id ?? 'generated0000000000a',
    data: {
      customer: {
        description: body.description ?? '',
        notes: notes ?? '',
        flags: body.flags ?? [],
        defaults: {
          billing_address_id: body.default_billing_address === undefined ? first : 'bill',
          shipping_address_id: body.default_shipping_address === undefined ? first : 'ship',
        },
        addresses,
        payments: {
          cards:
            body.default_payment?.card === undefined
              ? []
              : [
                  {
                    id: 'p1',
                    card_type: 'visa',
                    masked_number: '411111******1111',
                    expiration_date: body.default_payment.card.expiration_date,
                  },
                ],
          ach:
            body.default_payment?.ach === undefined
              ? []
              : [
                  {
                    id: 'b1',
                    masked_account_number: '****6789',
                    routing_number: body.default_payment.ach.routing_number,
                    account_type: body.default_payment.ach.account_type,
                    sec_code: body.default_payment.ach.sec_code,
                  },
                ],
        },
      },
    },
  }
}

const word = fc.stringMatching(/^[A-Za-z][A-Za-z'-]{0,11}$/)
const text = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .,#-]{0,30}[A-Za-z0-9.]$/)
const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '))
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })
const compact = <T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never

const addressFields = fc.record({
  name: opt(name),
  company: opt(text),
  line1: opt(text),
  line2: opt(text),
  city: opt(text),
  region: opt(fc.stringMatching(/^[A-Z]{2}$/)),
  postalCode: opt(fc.stringMatching(/^\d{5}$/)),
  country: opt(fc.constantFrom('US', 'CA', 'GB')),
  email: opt(fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.com$/)),
  phone: opt(fc.stringMatching(/^\d{10}$/)),
  fax: opt(fc.stringMatching(/^\d{10}$/)),
})

const customerInput: fc.Arbitrary<CustomerInput> = fc
  .record({
    reference: opt(fc.stringMatching(/^[a-zA-Z0-9]{1,40}$/)),
    description: opt(text),
    notes: opt(text),
    billing: addressFields,
    shipping: opt(addressFields),
    expiry: opt(
      fc.record({
        month: fc.integer({ min: 1, max: 12 }),
        year: fc.integer({ min: 2027, max: 2099 }),
      }),
    ),
    ach: opt(
      fc.record({
        accountType: fc.constantFrom('checking' as const, 'savings' as const),
        secCode: fc.constantFrom('PPD' as const, 'CCD' as const, 'WEB' as const),
      }),
    ),
  })
  .map((r) => {
    const addresses: AddressInput[] = [
      { role: 'billing', ...compact(r.billing) },
      ...(r.shipping === undefined ? [] : [{ role: 'shipping' as const, ...compact(r.shipping) }]),
    ]
    const paymentMethod =
      r.expiry !== undefined
        ? { kind: 'card' as const, number: '4111111111111111', expiry: r.expiry }
        : r.ach !== undefined
          ? {
              kind: 'bank_account' as const,
              accountNumber: '000123456789',
              routingNumber: '021000021',
              ...r.ach,
            }
          : undefined
    return compact({
      reference: r.reference,
      description: r.description,
      notes: r.notes,
      addresses,
      paymentMethod,
    }) as CustomerInput
  })

describe('round trips on the lossless fields', () => {
  const lossless = fluidpayCapabilities.lossless

  it('customer fields, addresses, card expiry and bank fields survive create → read', () => {
    fc.assert(
      fc.property(customerInput, (input) => {
        const plan = createPlan(input)
        if (E.isLeft(plan)) throw new Error(JSON.stringify(plan.left))
        const read = toCustomer(recordFrom(plan.right.body, plan.right.notes) as never)
        if (E.isLeft(read)) throw new Error(read.left)
        const c = read.right
        for (const f of ['reference', 'description', 'notes'] as const) {
          if (input[f] !== undefined) expect(c[f]).toBe(input[f])
        }
        for (const [i, a] of (input.addresses ?? []).entries()) {
          const back = c.addresses[i]
          expect(back?.role).toBe(a.role)
          for (const f of lossless.address) expect(back?.[f]).toBe(a[f])
        }
        const billing = input.addresses?.[0]
        for (const f of ['name', 'company', 'email', 'phone', 'fax'] as const) {
          expect(c[f]).toBe(billing?.[f])
        }
        const pm = input.paymentMethod
        if (pm?.kind === 'card') expect(c.paymentMethods[0]).toMatchObject({ expiry: pm.expiry })
        if (pm?.kind === 'bank_account') {
          expect(c.paymentMethods[0]).toMatchObject({
            accountType: pm.accountType,
            secCode: pm.secCode,
          })
        }
      }),
      { numRuns: 300 },
    )
  })

  it('customer-level contact lands on the billing address and reads back', () => {
    fc.assert(
      fc.property(addressFields, (contact) => {
        const input = compact({
          name: contact.name,
          company: contact.company,
          email: contact.email,
          phone: contact.phone,
          fax: contact.fax,
        })
        const plan = createPlan(input)
        if (E.isLeft(plan)) throw new Error('plan')
        const read = toCustomer(recordFrom(plan.right.body) as never)
        if (E.isLeft(read)) throw new Error(read.left)
        for (const f of ['name', 'company', 'email', 'phone', 'fax'] as const)
          expect(read.right[f]).toBe(input[f])
      }),
    )
  })

  it('address body → stored address → canonical address', () => {
    fc.assert(
      fc.property(
        addressFields,
        fc.constantFrom('billing' as const, 'shipping' as const),
        (fields, role) => {
          const f = compact(fields)
          const defaults =
            role === 'shipping'
              ? { billing_address_id: 'other', shipping_address_id: 'x' }
              : { billing_address_id: 'x' }
          const a = toAddress(stored('x', addressBody(f, '').body), defaults)
          expect(a).toEqual({ id: 'x', role, ...f })
        },
      ),
    )
  })

  it('expiry writes and reads back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2000, max: 2099 }),
        (month, year) => {
          expect(readExpiry(writeExpiry({ month, year }))).toEqual({ month, year })
        },
      ),
    )
  })
})
