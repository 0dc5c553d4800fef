// Every adapter against its simulator, started here from @vaultport/sandbox: create a customer
// with a card, read it back. No top-level await, so the same file compiles for CommonJS.
import * as E from 'fp-ts/lib/Either.js'
import { formatVaultError, type Vault } from '@vaultport/core'
import { createFluidPayVault } from '@vaultport/fluidpay'
import { createPayTraceVault } from '@vaultport/paytrace'
import { startAllSandboxes } from '@vaultport/sandbox'
import { createValorVault } from '@vaultport/valor'

const roundTrip = async (gateway: string, vault: Vault): Promise<void> => {
  const created = await vault.customers.create({
    reference: 'ada001',
    name: 'Ada Lee',
    email: 'ada@example.com',
    addresses: [
      {
        role: 'billing',
        line1: '12 Elm Street',
        city: 'Edina',
        region: 'MN',
        postalCode: '55424',
        country: 'US',
      },
    ],
    paymentMethod: { kind: 'card', number: '4111111111111111', expiry: { month: 12, year: 2030 } },
  })()
  if (E.isLeft(created)) throw new Error(`${gateway} create: ${formatVaultError(created.left)}`)
  const read = await vault.customers.get(created.right.value.id)()
  if (E.isLeft(read)) throw new Error(`${gateway} get: ${formatVaultError(read.left)}`)
  const card = read.right.paymentMethods.find((m) => m.kind === 'card')
  if (card?.kind !== 'card' || card.last4 !== '1111') throw new Error(`${gateway}: no card 1111`)
}

const run = async (): Promise<void> => {
  const sims = await startAllSandboxes({ host: '127.0.0.1' })
  try {
    await roundTrip(
      'paytrace',
      createPayTraceVault({
        baseUrl: sims.paytrace.url,
        clientId: sims.paytrace.credentials.clientId,
        clientSecret: sims.paytrace.credentials.clientSecret,
        cardNumberMode: 'raw',
      }),
    )
    await roundTrip(
      'fluidpay',
      createFluidPayVault({ baseUrl: sims.fluidpay.url, apiKey: sims.fluidpay.credentials.apiKey }),
    )
    await roundTrip(
      'valor',
      createValorVault({
        baseUrl: sims.valor.url,
        appId: sims.valor.credentials.appId,
        appKey: sims.valor.credentials.appKey,
      }),
    )
  } finally {
    await sims.close()
  }
}

run().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exitCode = 1
})
