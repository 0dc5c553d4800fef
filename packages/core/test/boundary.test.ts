// What crosses the public boundary: hostile argument objects are refused as data before any
// implementation reads them; a write's id survives an answer that cannot be represented; ids
// never reach another path.
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import {
  allOperations,
  createFaultInjector,
  customerId,
  defineVault,
  pathSegment,
  plainData,
  written,
  type Capabilities,
  type Customer,
} from '../src'

const caps: Capabilities = {
  gateway: 'test',
  displayName: 'Test',
  operations: allOperations(true),
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

const counting = () => {
  let calls = 0
  const vault = defineVault({
    capabilities: caps,
    ports: {
      customers: {
        create: () => {
          calls++
          return TE.right(written(stored))
        },
        // A gateway answer the model cannot hold, from a write that named its id.
        update: (id) => TE.right(written({ id, addresses: 'not a list' } as unknown as Customer)),
      },
    },
  })
  return { vault, calls: () => calls }
}

const deep = (levels: number): Record<string, unknown> => {
  let o: Record<string, unknown> = { name: 'x' }
  for (let i = 0; i < levels; i++) o = { name: 'x', nested: o }
  return o
}

describe('arguments are plain data or a Validation Left', () => {
  const cyclic: Record<string, unknown> = { name: 'Ada' }
  cyclic['self'] = cyclic
  const hostile: ReadonlyArray<[string, unknown, RegExp]> = [
    [
      'a throwing getter',
      Object.defineProperty({}, 'name', {
        enumerable: true,
        get: () => {
          throw new Error('getter ran')
        },
      }),
      /getter/,
    ],
    ['a Proxy', new Proxy({ name: 'Ada' }, {}), /Proxy/],
    ['a BigInt', { name: 'Ada', phone: 10n }, /BigInt/],
    ['a cycle', cyclic, /cycle/],
    ['a very deep payload', deep(10_000), /deeper than/],
    ['a class instance', new Date(0), /plain object/],
  ]

  it.each(hostile)('refuses %s before the implementation runs', async (_name, input, why) => {
    const { vault, calls } = counting()
    const r = await vault.customers.create(input as never)()
    expect(E.isLeft(r) && r.left.kind).toBe('Validation')
    expect(E.isLeft(r) && r.left.message).toMatch(why)
    expect(calls()).toBe(0)
  })

  it('passes ordinary input through as a copy', async () => {
    const { vault, calls } = counting()
    expect(E.isRight(await vault.customers.create({ name: 'Ada' })())).toBe(true)
    expect(calls()).toBe(1)
    expect(plainData({ a: [1, { b: null }] }, 'x')).toEqual(E.right({ a: [1, { b: null }] }))
  })
})

describe('a write whose answer cannot be represented keeps its id', () => {
  it('is ConfirmedUnread with the id and retry class done, never retryable', async () => {
    const { vault } = counting()
    const r = await vault.customers.update(customerId('c9'), { name: 'Ada' })()
    expect(E.isLeft(r) && r.left).toMatchObject({
      kind: 'ConfirmedUnread',
      writtenId: 'c9',
      readFailure: 'UnexpectedResponse',
      retry: 'done',
    })
  })

  it('readBackFails faults make the write, then answer ConfirmedUnread with its id', async () => {
    const faults = createFaultInjector({
      script: [{ operation: 'customers.create', outcome: 'readBackFails' }],
    })
    let wrote = 0
    const run = async () => {
      wrote++
      return E.right(written(stored))
    }
    const r = await faults.apply('test', 'customers.create', run)()
    expect(wrote).toBe(1)
    expect(E.isLeft(r) && r.left).toMatchObject({ kind: 'ConfirmedUnread', writtenId: 'c1' })
  })
})

describe('ids as path segments', () => {
  const ctx = { gateway: 'test', operation: 'customers.delete' }
  it.each(['.', '..', ' .. ', 'a/b', 'a\\b', 'a\u0000b', 'a\nb', ''])('refuses %j', (id) => {
    const r = pathSegment(ctx, 'id', id)
    expect(E.isLeft(r) && r.left.kind).toBe('Validation')
  })
  it('encodes what it accepts', () => {
    expect(pathSegment(ctx, 'id', 'a b?c#d%')).toEqual(E.right('a%20b%3Fc%23d%25'))
  })
})

describe('plain data from another realm', () => {
  it('accepts an object literal made by structuredClone or another context', () => {
    const cloned = structuredClone({ name: 'Ada', tags: ['a'] })
    expect(plainData(cloned, 'input')).toEqual(E.right({ name: 'Ada', tags: ['a'] }))
  })
})
