// Compile-time narrowing is checked by `pnpm typecheck`; the run-time half by jest. A narrowed
// vault is still a Vault: code written for any gateway accepts every adapter.
import * as E from 'fp-ts/Either'
import { allOperations, customerId, defineVault, type Capabilities, type Vault } from '../src'

const base: Capabilities = {
  gateway: 'narrow',
  displayName: 'Narrow',
  operations: allOperations(true),
  limits: {
    addressesPerCustomer: null,
    billingAddressesPerCustomer: null,
    shippingAddressesPerCustomer: null,
    paymentMethodsPerCustomer: null,
    cardsPerCustomer: null,
    bankAccountsPerCustomer: null,
    maxPageSize: 100,
    referenceMaxLength: null,
  },
  customerReference: 'none',
  paymentMethodInputs: [],
  recurrences: { intervals: {}, named: [], openEnded: false, currencies: [] },
  paging: 'offset',
  lossless: { customer: [], address: [], card: [], bankAccount: [] },
  paymentMethodStatus: false,
  assumptions: [],
}

const noRecurrences = {
  ...base,
  operations: {
    ...base.operations,
    recurrences: { create: false, get: false, update: false, delete: false, listByCustomer: false },
  },
} as const satisfies Capabilities

describe('Vault<C> narrowing', () => {
  it('makes an operation the capabilities deny uncallable, and Unsupported at run time', async () => {
    const vault = defineVault({ capabilities: noRecurrences, ports: {} })
    // @ts-expect-error recurrences.get is literally false for this gateway
    const blocked = vault.recurrences.get('r1')
    const r = await (blocked as unknown as () => Promise<E.Either<{ kind: string }, unknown>>)()
    expect(E.isLeft(r) && r.left.kind).toBe('Unsupported')
  })

  it('keeps every operation callable on the general Vault type', async () => {
    const vault = defineVault({ capabilities: base, ports: {} })
    const r = await vault.customers.get(customerId('c'))()
    expect(E.isLeft(r) && r.left.kind).toBe('Unsupported')
  })
})

const takesAnyVault = (v: Vault): string => v.capabilities.gateway

describe('Vault assignability', () => {
  it('accepts a narrowed vault where the general Vault is expected', () => {
    const narrowed: Vault<typeof noRecurrences> = defineVault({
      capabilities: noRecurrences,
      ports: {},
    })
    expect(takesAnyVault(narrowed)).toBe('narrow')
  })
})
