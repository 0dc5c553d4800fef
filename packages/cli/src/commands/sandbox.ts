// `vaultport sandbox`: the three gateway simulators on loopback, until interrupted.
import { banner, startAllSandboxes, type RunningSandboxes } from '@vaultport/sandbox'
import { CliError, ExitCode, onInterrupt, output, type CliIo, type OutputOptions } from '../io'

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

/** The simulators' URLs and credentials, laid out as `vaultport-sandbox` prints them. */
export const sandboxBanner = banner

/**
 * Runs the simulators until the first SIGINT/SIGTERM (taken over through `io.interrupts`; a
 * second one exits at once), or until `untilStopped` settles when an embedder passes one.
 * Prints the banner, or under `--json` a `vaultport.config.json` for the simulators.
 */
export const sandboxCommand = async (
  io: CliIo,
  o: SandboxOptions & OutputOptions,
  untilStopped?: Promise<void>,
): Promise<void> => {
  if (untilStopped === undefined && io.interrupts === undefined)
    throw new CliError(
      'sandbox runs until interrupted, and this caller has no signals',
      ExitCode.usage,
    )
  const out = output(io, o)
  let release = (): void => undefined
  const stopped =
    untilStopped ??
    new Promise<void>((resolve) => {
      release = onInterrupt(io, () => {
        out.log('vaultport: stopping the simulators (again to quit at once)\n')
        resolve()
      })
    })
  try {
    const sandboxes = await startSandboxes(o)
    try {
      const n = o.customers ?? 0
      if (n > 0) {
        const seedOptions = { withCards: true, withChecks: true, withRecurrences: true }
        sandboxes.paytrace.seedCustomers(n, seedOptions)
        sandboxes.fluidpay.seedCustomers(n, seedOptions)
        sandboxes.valor.seedCustomers(n, seedOptions)
      }
      const seeded =
        n > 0
          ? `Seeded ${n} customers in each simulator.`
          : 'Empty vaults (--customers N seeds N customers in each).'
      out.result(sandboxConfig(sandboxes), () =>
        sandboxBanner(sandboxes, [
          seeded,
          '`vaultport sandbox --json` prints a vaultport.config.json for these simulators.',
          '',
        ]),
      )
      if (out.json) out.log(`vaultport: simulators listening. ${seeded} Ctrl-C to stop.\n`)
      await stopped
    } finally {
      await sandboxes.close()
    }
  } finally {
    release()
  }
}
