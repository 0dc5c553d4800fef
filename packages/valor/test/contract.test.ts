// The shared contract suite against the Valor simulator over loopback HTTP (127.0.0.1), in both
// modes: HTTP status = the body's `code`, and HTTP 200 for every answer (`valorAlways200`).
import type { TranscriptEvent } from '@vaultport/core'
import { startSandbox } from '@vaultport/sandbox'
import { describeVaultContract } from '@vaultport/testkit'
import { createValorVault, valorCapabilities } from '../src'

const now = new Date('2026-01-15T10:00:00.000Z')

for (const always200 of [false, true]) {
  describeVaultContract(
    `valor (simulator, ${always200 ? 'always HTTP 200' : 'HTTP status = code'})`,
    async () => {
      const sim = await startSandbox({
        gateway: 'valor',
        valorAlways200: always200,
        clock: () => now,
      })
      const { appId, appKey } = sim.credentials
      const events: TranscriptEvent[] = []
      const vault = createValorVault({
        baseUrl: sim.url,
        appId,
        appKey,
        now: () => now,
        http: { onTranscript: (e) => events.push(e), retry: { baseDelayMs: 5, maxDelayMs: 20 } },
      })
      return { vault, transcript: () => events, secrets: [appId, appKey], cleanup: sim.close }
    },
    {
      now,
      capabilities: valorCapabilities,
      tokenFor: (kind) =>
        kind === 'gateway_token'
          ? { kind, token: '7B4DAFBEC4BA9CB8ACDD2446919CEB58A9CBE7AC' }
          : kind === 'prior_transaction'
            ? { kind, transactionId: '10176309', rail: 'card' }
            : undefined,
    },
  )
}

describe('valor simulator refusing duplicate customer names (knob valor.duplicateNames)', () => {
  it('a second customer of the same name is Conflict; a name the strict rule changes collides too', async () => {
    const sim = await startSandbox({
      gateway: 'valor',
      clock: () => now,
      knobs: { valor: { duplicateNames: true } },
    })
    try {
      const { appId, appKey } = sim.credentials
      const vault = createValorVault({ baseUrl: sim.url, appId, appKey, now: () => now })
      const first = await vault.customers.create({ name: 'Ada OLee' })()
      expect(first._tag).toBe('Right')
      const again = await vault.customers.create({ name: 'Ada OLee' })()
      expect(again).toMatchObject({
        _tag: 'Left',
        left: {
          kind: 'Conflict',
          retry: 'never',
          gatewayMessages: ['Customer name already exist'],
        },
      })
      const typed = await vault.customers.create({ name: "Ada O'Lee" })()
      expect(typed).toMatchObject({ _tag: 'Left', left: { kind: 'Conflict' } })
    } finally {
      await sim.close()
    }
  })
})
