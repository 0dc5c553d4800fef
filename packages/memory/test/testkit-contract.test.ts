// Testkit's self-test of runContract: the memory vault passes it in every topology. It lives in
// memory's tests because testkit must not depend on memory (that made a workspace cycle).
import { allScenarios, runContract } from '@vaultport/testkit'
import { createMemoryVault, topologies } from '../src'

const now = new Date('2026-01-15T10:00:00.000Z')

describe('runContract against the memory vault', () => {
  it.each(Object.keys(topologies))(
    'passes every applicable scenario in the %s topology',
    async (name) => {
      const topology = topologies[name as keyof typeof topologies]
      const report = await runContract(
        () => ({ vault: createMemoryVault({ topology, now: () => now }) }),
        {
          now,
          tokenFor: (kind) => (kind === 'gateway_token' ? { kind, token: 'tok_visa' } : undefined),
        },
      )
      expect(report.failed).toEqual([])
      expect(report.passed.length + report.notApplicable.length).toBe(allScenarios.length)
      // The core of the contract always applies.
      expect(report.passed).toEqual(
        expect.arrayContaining([
          'customers: create then get reflects every lossless field',
          'customers: list pages every customer exactly once',
          'errors: unknown ids are NotFound',
          'errors: Unsupported exactly where the capabilities say so',
          'secrets: no card number, account number or key in any error, value or transcript event',
        ]),
      )
    },
  )
})
