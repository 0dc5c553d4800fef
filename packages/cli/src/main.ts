/**
 * The `vaultport` command. `main` parses the arguments, runs one command and resolves to an exit
 * code; it never throws and never prints a credential.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander'
import { gatewaysCommand } from './commands/gateways'
import { customersGet, customersList } from './commands/customers'
import { migratePlan, migrateRun, migrateVerify, type MigrateOptions } from './commands/migrate'
import { CliError, ExitCode, type CliIo } from './io'

const positiveInt = (value: string): number => {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError('must be a positive whole number')
  return n
}

const isoInstant = (value: string): string => {
  if (Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new InvalidArgumentError('must be an ISO 8601 instant, e.g. 2026-01-31T00:00:00Z')
  }
  return value
}

export interface CommandSet {
  /** Extra commands that need the simulators (added by `bin.ts`): sandbox, demo. */
  readonly extend?: (program: Command, io: CliIo, setExit: (code: ExitCode) => void) => void
}

export const main = async (
  argv: ReadonlyArray<string>,
  io: CliIo,
  commands: CommandSet = {},
): Promise<ExitCode> => {
  let exit: ExitCode = ExitCode.ok
  const setExit = (code: ExitCode) => {
    exit = code
  }
  const program = new Command('vaultport')
    .description('One typed interface over PayTrace, FluidPay and Valor customer vaults.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError()

  program
    .command('gateways')
    .description('list the adapters and their capabilities')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) => gatewaysCommand(io, o))

  const customers = program
    .command('customers')
    .description('read customers from a configured gateway')
  customers
    .command('list')
    .requiredOption('-g, --gateway <name>', 'a gateway from the config')
    .option(
      '-c, --config <file>',
      'config file (default vaultport.config.json or $VAULTPORT_CONFIG)',
    )
    .option('--page-size <n>', 'customers per page', positiveInt)
    .option('--cursor <cursor>', 'the cursor a previous page printed')
    .option('--json', 'machine-readable output')
    .action(async (o) => customersList(io, o))
  customers
    .command('get <id>')
    .requiredOption('-g, --gateway <name>', 'a gateway from the config')
    .option('-c, --config <file>', 'config file')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o) => customersGet(io, id, o))

  const migrate = program
    .command('migrate')
    .description('move customers between gateways: plan, run, verify')
  const withMigrateOptions = (c: Command) =>
    c
      .requiredOption('--from <gateway>', 'source gateway from the config')
      .requiredOption('--to <gateway>', 'target gateway from the config')
      .option('-c, --config <file>', 'config file')
      .option('--card-data <file>', 'card-data export from the source processor (CSV or JSON)')
      .option('--since <instant>', 'delta: only customers changed since this instant', isoInstant)
      .option(
        '--safety-days <n>',
        'leave schedules charging within this many days (default 2)',
        positiveInt,
      )
      .option('--json', 'machine-readable output')
  withMigrateOptions(
    migrate.command('plan').description('what would move and what cannot (writes nothing)'),
  )
    .option('--out <file>', "write each customer's plan as a JSON line to this file")
    .action(async (o: MigrateOptions & { out?: string }) => setExit(await migratePlan(io, o)))
  withMigrateOptions(migrate.command('run').description('migrate, journaled and resumable'))
    .option(
      '--journal <file>',
      'journal file (default .vaultport/<from>-to-<to>.journal.jsonl); rerun to resume',
    )
    .option('--mapping <file>', 'id-mapping output file')
    .option('--concurrency <n>', 'customers in flight (default 4)', positiveInt)
    .option('--rate <n>', 'target calls per second', positiveInt)
    .option('--keep-source-schedules', 'do not remove source schedules after moving them')
    .action(async (o: MigrateOptions) => setExit(await migrateRun(io, o)))
  withMigrateOptions(
    migrate.command('verify').description('compare target with source, field by field'),
  )
    .option('--journal <file>', 'the journal of the run to verify')
    .action(async (o: MigrateOptions) => setExit(await migrateVerify(io, o)))

  commands.extend?.(program, io, setExit)

  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exit
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.exitCode === 0
        ? ExitCode.ok
        : ExitCode.usage
    }
    if (e instanceof CliError) {
      io.err(`vaultport: ${e.message}\n`)
      return e.code
    }
    io.err(`vaultport: unexpected failure: ${e instanceof Error ? e.message : String(e)}\n`)
    return ExitCode.incomplete
  }
}
