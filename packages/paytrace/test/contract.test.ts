// The shared contract suite against the PayTrace simulator, over loopback HTTP.
import type { TranscriptEvent } from '@vaultport/core'
import { startSandbox } from '@vaultport/sandbox'
import { describeVaultContract } from '@vaultport/testkit'
import { createPayTraceVault, payTraceCapabilities } from '../src'

const now = new Date('2026-01-15T10:00:00.000Z')

describeVaultContract(
  'paytrace (simulator)',
  async () => {
    const sim = await startSandbox({ gateway: 'paytrace', clock: () => now })
    const events: TranscriptEvent[] = []
    const { clientId, clientSecret } = sim.credentials
    const vault = createPayTraceVault({
      baseUrl: sim.url,
      clientId,
      clientSecret,
      integratorId: 'vaultport01',
      // The simulator's stand-in for PayTrace's RSA encryption (wire-assumptions P.3).
      cardNumberMode: 'encrypted',
      encrypt: (plain) => Buffer.from(plain).toString('base64'),
      now: () => now,
      http: { onTranscript: (e) => events.push(e), retry: { baseDelayMs: 5, maxDelayMs: 20 } },
    })
    return {
      vault,
      transcript: () => events,
      secrets: [clientSecret],
      cleanup: () => sim.close(),
    }
  },
  {
    now,
    capabilities: payTraceCapabilities,
    tokenFor: (kind) =>
      kind === 'gateway_token'
        ? {
            kind,
            token: 'e369847e-3027-4174-9161-fa0d4e98d318',
            extras: { enc_key: 'lI785yOBMet4Rt9o4NLXEyV84WBU3tdStExcsfoaOoo=' },
          }
        : // prior_transaction inputs create profiles (C2/C3) but cannot be added to one, and
          // the suite exercises them only through paymentMethods.add: see client.test.ts.
          undefined,
  },
)
