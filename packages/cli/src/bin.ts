#!/usr/bin/env node
/** The `vaultport` executable: the library's `main` with the process's streams and signals. */
import { InvalidArgumentError, type Command } from 'commander'
import { demoCommand } from './commands/demo'
import { sandboxCommand } from './commands/sandbox'
import { ExitCode, type CliIo } from './io'
import { main } from './main'

const whole = (value: string): number => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number')
  return n
}

const io: CliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
  isTty: process.stdout.isTTY === true,
  now: () => Date.now(),
}

const interrupted = new Promise<void>((resolve) => {
  process.once('SIGINT', resolve)
  process.once('SIGTERM', resolve)
})

const extend = (program: Command, cli: CliIo, setExit: (code: ExitCode) => void) => {
  program
    .command('sandbox')
    .description('start the PayTrace, FluidPay and Valor simulators on loopback')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed of the generated data', whole)
    .option('--customers <n>', 'customers to seed in each simulator', whole)
    .option('--paytrace-port <port>', 'port (default: any free one)', whole)
    .option('--fluidpay-port <port>', 'port', whole)
    .option('--valor-port <port>', 'port', whole)
    .action(async (o) => sandboxCommand(cli, o, interrupted))
  program
    .command('demo')
    .description('seed the PayTrace simulator, migrate to FluidPay and Valor, verify, report')
    .option('--customers <n>', 'PayTrace customers to seed (default 300)', whole)
    .option('--seed <n>', 'seed of the generated data', whole)
    .option('--concurrency <n>', 'customers in flight per migration (default 8)', whole)
    .option('--out <dir>', 'where journals and mappings go (default .vaultport/demo)')
    .action(async (o) => setExit(await demoCommand(cli, o)))
}

main(process.argv.slice(2), io, { extend }).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`vaultport: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(ExitCode.incomplete)
  },
)
