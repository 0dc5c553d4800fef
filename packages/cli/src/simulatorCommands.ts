/**
 * The commands that start the gateway simulators, `sandbox` and `demo`: `bin.ts` adds them to
 * `main` (the library's `main` leaves them out so that embedding it never loads the simulators).
 */
import { InvalidArgumentError } from 'commander'
import type { CommandSet } from './main'

const whole = (value: string): number => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number')
  return n
}

export const simulatorCommands: CommandSet = {
  extend: (program, cli, setExit) => {
    program
      .command('sandbox')
      .description('start the PayTrace, FluidPay and Valor simulators on loopback, until Ctrl-C')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--seed <n>', 'seed of the generated data', whole)
      .option('--customers <n>', 'customers to seed in each simulator', whole)
      .option('--paytrace-port <port>', 'port (default: any free one)', whole)
      .option('--fluidpay-port <port>', 'port', whole)
      .option('--valor-port <port>', 'port', whole)
      .option('--json', 'print a vaultport.config.json for the simulators instead of the banner')
      .action(async (o) => (await import('./commands/sandbox')).sandboxCommand(cli, o))
    program
      .command('demo')
      .description('seed the PayTrace simulator, migrate to FluidPay and Valor, verify, report')
      .option('--customers <n>', 'PayTrace customers to seed (default 300)', whole)
      .option('--seed <n>', 'seed of the generated data', whole)
      .option('--concurrency <n>', 'customers in flight per migration (default 8)', whole)
      .option('--out <dir>', 'where journals and mappings go (default .vaultport/demo)')
      .option('--json', 'machine-readable output: the report as one JSON document')
      .option('--wide', 'do not fit the report to 100 columns')
      .action(async (o) => setExit(await (await import('./commands/demo')).demoCommand(cli, o)))
  },
}
