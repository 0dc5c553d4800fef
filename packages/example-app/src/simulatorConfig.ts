/** A configuration (`@vaultport/config`'s format, the CLI's too) naming each running simulator as a gateway. */
import type { VaultportConfig } from '@vaultport/config'
import type { RunningSandboxes } from '@vaultport/sandbox'

export const simulatorConfig = (sims: RunningSandboxes): VaultportConfig => ({
  gateways: {
    paytrace: {
      adapter: 'paytrace',
      baseUrl: sims.paytrace.url,
      clientId: sims.paytrace.credentials.clientId,
      clientSecret: sims.paytrace.credentials.clientSecret,
      cardNumberMode: 'raw',
    },
    fluidpay: {
      adapter: 'fluidpay',
      baseUrl: sims.fluidpay.url,
      apiKey: sims.fluidpay.credentials.apiKey,
    },
    valor: {
      adapter: 'valor',
      baseUrl: sims.valor.url,
      appId: sims.valor.credentials.appId,
      appKey: sims.valor.credentials.appKey,
    },
  },
})
