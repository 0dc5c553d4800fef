// The shared contract suite against the FluidPay simulator, over loopback HTTP on 127.0.0.1.
import type { TranscriptEvent } from '@vaultport/core'
import { startSandbox } from '@vaultport/sandbox'
import { describeVaultContract } from '@vaultport/testkit'
import { createFluidPayVault, fluidpayCapabilities } from '../src'

const now = new Date('2026-01-15T10:00:00.000Z')

describeVaultContract(
  'fluidpay (simulator)',
  async () => {
    const sim = await startSandbox({ gateway: 'fluidpay', clock: () => now })
    const apiKey = sim.credentials.apiKey
    const events: TranscriptEvent[] = []
    const vault = createFluidPayVault({
      baseUrl: sim.url,
      apiKey,
      now: () => now,
      http: { onTranscript: (e) => events.push(e), retry: { baseDelayMs: 5, maxDelayMs: 20 } },
    })
    return { vault, transcript: () => events, secrets: [apiKey], cleanup: sim.close }
  },
  {
    now,
    capabilities: fluidpayCapabilities,
    tokenFor: (kind) =>
      kind === 'gateway_token'
        ? { kind, token: 'tok_mastercard' }
        : kind === 'wallet'
          ? { kind, wallet: 'google_pay', payload: { signature: 'contract' } }
          : undefined,
  },
)
