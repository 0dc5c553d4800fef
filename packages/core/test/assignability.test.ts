// A narrowed vault is still a Vault: code written for any gateway accepts every adapter.
import { allOperations, defineVault, type Capabilities, type Vault } from '../src'

const caps = {
  gateway: 'narrow',
  displayName: 'Narrow',
  operations: {
    ...allOperations(true),
    recurrences: { create: false, get: false, update: false, delete: false, listByCustomer: false },
  },
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
} as const satisfies Capabilities

const takesAnyVault = (v: Vault): string => v.capabilities.gateway

describe('Vault assignability', () => {
  it('accepts a narrowed vault where the general Vault is expected', () => {
    const narrowed: Vault<typeof caps> = defineVault({ capabilities: caps, ports: {} })
    expect(takesAnyVault(narrowed)).toBe('narrow')
  })
})
