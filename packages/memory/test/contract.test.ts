import { describeVaultContract } from '@vaultport/testkit'
import { capabilitiesFor, createMemoryVault, topologies } from '../src'

const now = new Date('2026-01-15T10:00:00.000Z')

// The memory vault is the reference: it passes the whole suite in every topology.
for (const [name, topology] of Object.entries(topologies)) {
  describeVaultContract(
    `memory (${name})`,
    () => ({ vault: createMemoryVault({ topology, now: () => now, idPrefix: `${name}_` }) }),
    {
      now,
      capabilities: capabilitiesFor(topology),
      tokenFor: (kind) =>
        kind === 'gateway_token'
          ? { kind, token: 'tok_mastercard' }
          : kind === 'wallet'
            ? { kind, wallet: 'google_pay', payload: { signature: 'contract' } }
            : { kind, transactionId: '100200', rail: 'card' },
    },
  )
}
