// `vaultport sandbox`: the three gateway simulators on loopback, until interrupted.
import { startAllSandboxes, type RunningSandboxes } from '@vaultport/sandbox'
import type { CliIo } from '../io'

export interface SandboxOptions {
  readonly host?: string
  readonly seed?: number
  readonly customers?: number
  readonly paytracePort?: number
  readonly fluidpayPort?: number
  readonly valorPort?: number
}

/** The simulators' URLs and their simulator-only credentials, as a config a user can paste. */
export const sandboxConfig = (s: RunningSandboxes) => ({
  gateways: {
    paytrace: {
      adapter: 'paytrace',
      baseUrl: s.paytrace.url,
      clientId: s.paytrace.credentials.clientId,
      clientSecret: s.paytrace.credentials.clientSecret,
      cardNumberMode: 'raw',
    },
    fluidpay: {
      adapter: 'fluidpay',
      baseUrl: s.fluidpay.url,
      apiKey: s.fluidpay.credentials.apiKey,
    },
    valor: {
      adapter: 'valor',
      baseUrl: s.valor.url,
      appId: s.valor.credentials.appId,
      appKey: s.valor.credentials.appKey,
    },
  },
})

export const startSandboxes = async (o: SandboxOptions): Promise<RunningSandboxes> => {
  const ports = {
    ...(o.paytracePort === undefined ? {} : { paytrace: o.paytracePort }),
    ...(o.fluidpayPort === undefined ? {} : { fluidpay: o.fluidpayPort }),
    ...(o.valorPort === undefined ? {} : { valor: o.valorPort }),
  }
  return startAllSandboxes({
    ...(o.host === undefined ? {} : { host: o.host }),
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ports,
  })
}

export const sandboxCommand = async (
  io: CliIo,
  o: SandboxOptions,
  untilStopped: Promise<void>,
): Promise<void> => {
  const sandboxes = await startSandboxes(o)
  const n = o.customers ?? 0
  if (n > 0) {
    const seedOptions = { withCards: true, withChecks: true, withRecurrences: true }
    sandboxes.paytrace.seedCustomers(n, seedOptions)
    sandboxes.fluidpay.seedCustomers(n, seedOptions)
    sandboxes.valor.seedCustomers(n, seedOptions)
  }
  io.out(
    [
      `PayTrace simulator  ${sandboxes.paytrace.url}`,
      `FluidPay simulator  ${sandboxes.fluidpay.url}`,
      `Valor simulator     ${sandboxes.valor.url}`,
      n > 0 ? `seeded ${n} customers in each` : 'empty vaults (use --customers N to seed)',
      '',
      'A vaultport.config.json for them (simulator-only credentials):',
      JSON.stringify(sandboxConfig(sandboxes), null, 2),
      '',
      'Ctrl-C stops them.',
      '',
    ].join('\n'),
  )
  await untilStopped
  await sandboxes.close()
}
