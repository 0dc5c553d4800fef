import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import {
  allOperations,
  customerId,
  defineVault,
  type Capabilities,
  type Customer,
  written,
} from '../src'

const caps: Capabilities = {
  gateway: 'test',
  displayName: 'Test',
  operations: {
    ...allOperations(true),
    recurrences: { ...allOperations(true).recurrences, create: false },
  },
  limits: {
    addressesPerCustomer: 2,
    billingAddressesPerCustomer: 1,
    shippingAddressesPerCustomer: 1,
    paymentMethodsPerCustomer: null,
    cardsPerCustomer: null,
    bankAccountsPerCustomer: null,
    maxPageSize: 50,
    referenceMaxLength: 10,
  },
  customerReference: 'optional',
  paymentMethodInputs: ['card'],
  recurrences: { intervals: { month: [1] }, named: [], openEnded: true, currencies: ['USD'] },
  paging: 'offset',
  lossless: { customer: ['email'], address: [], card: [], bankAccount: [] },
  paymentMethodStatus: false,
  assumptions: [],
}

const stored: Customer = { id: customerId('c1'), addresses: [], paymentMethods: [], defaults: {} }
const now = () => new Date('2026-01-15T00:00:00Z')

const vault = defineVault({
  capabilities: caps,
  now,
  ports: {
    customers: {
      create: () => TE.right(written(stored)),
      get: () => () => {
        throw new Error('boom with 4111111111111111 inside')
      },
    },
  },
})

describe('defineVault', () => {
  it('answers Unsupported for an operation the capabilities deny', async () => {
    const r = await vault.recurrences.create({} as never)()
    expect(E.isLeft(r) && r.left.kind).toBe('Unsupported')
  })

  it('answers Unsupported for an operation with no implementation', async () => {
    const r = await vault.customers.delete(customerId('c1'))()
    expect(E.isLeft(r) && r.left.kind).toBe('Unsupported')
  })

  it('rejects malformed arguments with field issues and without echoing values', async () => {
    const r = await vault.customers.create({
      email: 42,
      paymentMethod: { kind: 'card', number: '4111111111111112', expiry: { month: 1, year: 2020 } },
    } as never)()
    expect(E.isLeft(r)).toBe(true)
    if (E.isRight(r) || r.left.kind !== 'Validation') throw new Error('expected a validation error')
    expect(r.left.issues.map((i) => i.path)).toContain('email')
    expect(JSON.stringify(r.left)).not.toContain('4111111111111112')
  })

  it('validates inputs against the capabilities before any I/O', async () => {
    const r = await vault.customers.create({
      reference: 'much-too-long-reference',
      paymentMethod: {
        kind: 'card',
        number: '4111111111111112',
        expiry: { month: 12, year: 2025 },
      },
    } as never)()
    if (E.isRight(r) || r.left.kind !== 'Validation') throw new Error('expected a validation error')
    expect(r.left.issues.map((i) => i.path).sort()).toEqual([
      'paymentMethod.expiry',
      'paymentMethod.number',
      'reference',
    ])
  })

  it('answers Unsupported for a payment-method input kind the gateway lacks', async () => {
    const r = await vault.paymentMethods.add(customerId('c1'), {
      kind: 'gateway_token',
      token: 'tok_abc',
    } as never)()
    expect(E.isLeft(r) && r.left.kind).toBe('Unsupported')
  })

  it('turns a throwing implementation into a redacted Left', async () => {
    const r = await vault.customers.get(customerId('c1'))()
    if (E.isRight(r)) throw new Error('expected a Left')
    expect(r.left.kind).toBe('UnexpectedResponse')
    expect(r.left.message).not.toContain('4111111111111111')
  })

  it('passes valid calls through', async () => {
    const r = await vault.customers.create({ email: 'a@b.co' } as never)()
    expect(r).toEqual(E.right(written(stored)))
  })
})

describe('defineVault results', () => {
  it('turns a value the model cannot hold into UnexpectedResponse, naming the path', async () => {
    const bad = defineVault({
      capabilities: caps,
      ports: {
        customers: {
          get: () => TE.right({ ...stored, reference: 'x'.repeat(5_000) } as Customer),
        },
      },
    })
    const r = await bad.customers.get(customerId('c1'))()
    if (E.isRight(r)) throw new Error('expected a Left')
    expect(r.left.kind).toBe('UnexpectedResponse')
    expect(r.left.message).toMatch(/cannot represent: reference expected ShortText/)
  })
})
