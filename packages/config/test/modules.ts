/**
 * Two small gateway modules for the config tests, built on core alone (this package depends on
 * no adapter): `ledger` needs a `token` (secret) and takes a numeric `shard`; `echo` takes
 * nothing. Their vaults support nothing, which is all opening one needs.
 */
import * as E from 'fp-ts/Either'
import { allOperations, defineVault, type Capabilities } from '@vaultport/core'
import {
  readHttpSettings,
  readNumber,
  requireSettings,
  type GatewayHttpSettings,
  type GatewayModule,
} from '../src'

const limit = null

const capabilitiesOf = (gateway: string): Capabilities => ({
  gateway,
  displayName: gateway,
  operations: allOperations(false),
  limits: {
    addressesPerCustomer: limit,
    billingAddressesPerCustomer: limit,
    shippingAddressesPerCustomer: limit,
    paymentMethodsPerCustomer: limit,
    cardsPerCustomer: limit,
    bankAccountsPerCustomer: limit,
    maxPageSize: 100,
    referenceMaxLength: limit,
  },
  customerReference: 'none',
  paymentMethodInputs: [],
  recurrences: { intervals: {}, named: [], openEnded: false, currencies: [] },
  paging: 'none',
  lossless: { customer: [], address: [], card: [], bankAccount: [] },
  paymentMethodStatus: false,
  assumptions: [],
})

/** What the last `ledger.create` read, so tests can see the settings reached the factory. */
export const lastLedger: { shard?: number | undefined; http?: GatewayHttpSettings } = {}

export const ledgerModule: GatewayModule = {
  adapter: 'ledger',
  displayName: 'Ledger (test)',
  capabilities: capabilitiesOf('ledger'),
  settings: [
    { name: 'token', required: true, secret: true },
    { name: 'shard', required: false, secret: false },
  ],
  create: (entry, hooks) => {
    const missing = requireSettings(entry, ['token'])
    if (E.isLeft(missing)) return missing
    const shard = readNumber(entry, 'shard')
    if (E.isLeft(shard)) return shard
    const http = readHttpSettings(entry, hooks)
    if (E.isLeft(http)) return http
    lastLedger.shard = shard.right
    lastLedger.http = http.right
    return E.right(defineVault({ capabilities: capabilitiesOf('ledger'), ports: {} }))
  },
}

export const echoModule: GatewayModule = {
  adapter: 'echo',
  displayName: 'Echo (test)',
  capabilities: capabilitiesOf('echo'),
  settings: [],
  create: () => E.right(defineVault({ capabilities: capabilitiesOf('echo'), ports: {} })),
}

export const modules: ReadonlyArray<GatewayModule> = [ledgerModule, echoModule]
