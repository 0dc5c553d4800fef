/**
 * The `vaultport-sandbox` command, as functions: argument parsing and the banner it prints. The
 * executable (`bin.ts`) only wires them to the process.
 */
import type { GatewayName } from './common/engine'
import type { RunningSandboxes } from './sandbox'

export interface CliOptions {
  readonly ports: Record<GatewayName, number>
  readonly seed: number
  readonly customers: number
  readonly host: string
}

export const USAGE = `Usage: vaultport-sandbox [options]

Starts the PayTrace, FluidPay and Valor simulators on loopback and prints their URLs and
credentials, then runs until SIGINT/SIGTERM.

Options:
  --paytrace-port N   port of the PayTrace simulator (default 0 = any free port)
  --fluidpay-port N   port of the FluidPay simulator (default 0)
  --valor-port N      port of the Valor simulator (default 0)
  --seed N            seed of ids, jitter, faults and seeded data (default 1)
  --customers N       seed N customers (cards, checks, recurring schedules) in each (default 0)
  --host H            interface to listen on (default 127.0.0.1)
  --help              this text
`

const FLAGS: Readonly<Record<string, string>> = {
  '--paytrace-port': 'paytrace',
  '--fluidpay-port': 'fluidpay',
  '--valor-port': 'valor',
  '--seed': 'seed',
  '--customers': 'customers',
  '--host': 'host',
}

/** Parses argv (without node and the script); `'help'` when help was asked for. Throws on errors. */
export const parseCliArgs = (argv: readonly string[]): CliOptions | 'help' => {
  const ports: Record<GatewayName, number> = { paytrace: 0, fluidpay: 0, valor: 0 }
  let seed = 1
  let customers = 0
  let host = '127.0.0.1'
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--help' || arg === '-h') return 'help'
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined]
    const key = FLAGS[flag]
    if (key === undefined) throw new Error(`unknown option ${flag}`)
    const value = inline ?? argv[++i]
    if (value === undefined) throw new Error(`${flag} needs a value`)
    if (key === 'host') {
      host = value
      continue
    }
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`${flag} needs a non-negative integer, got ${value}`)
    if (key === 'seed') seed = n
    else if (key === 'customers') customers = n
    else if (n > 65535) throw new Error(`${flag} must be a port number`)
    else ports[key as GatewayName] = n
  }
  return { ports, seed, customers, host }
}

/**
 * What the command prints once the simulators listen (the `vaultport sandbox` command prints the
 * same); `notes` go before the last line.
 * @category Simulators
 */
export const banner = (s: RunningSandboxes, notes: ReadonlyArray<string> = []): string => {
  const pt = s.paytrace.credentials
  const fp = s.fluidpay.credentials
  const vl = s.valor.credentials
  return [
    'vaultport sandbox: simulators listening (admin API under /__sandbox/, see docs/sandbox.md)',
    '',
    `Billing clock: POST /__sandbox/billing/advance {"to":"YYYY-MM-DD"} on each simulator`,
    '',
    `PayTrace  ${s.paytrace.url}`,
    `  client_id=${pt.clientId}  client_secret=${pt.clientSecret}`,
    `  X-Integrator-Id=${pt.integratorId}  merchant_id=${pt.merchantId}`,
    `FluidPay  ${s.fluidpay.url}`,
    `  Authorization=${fp.apiKey}  (public key ${fp.publicKey}, refused)  owner_id=${fp.merchantId}`,
    `Valor     ${s.valor.url}`,
    `  Valor-App-ID=${vl.appId}  Valor-App-Key=${vl.appKey}  epi=${vl.epi ?? ''}`,
    '',
    ...notes,
    'Ctrl-C to stop.',
    '',
  ].join('\n')
}
