/**
 * The `vaultport` command. `main` parses the arguments, runs one command and resolves to an exit
 * code; it never throws and never prints a credential. stdout gets the result only, stderr the
 * rest; a failure under `--json` is a JSON document too (see `io.ts`).
 *
 * Signals: `main` installs no handler. A command that wants a graceful stop takes SIGINT/SIGTERM
 * over with `onInterrupt(io, stop)` from `io.ts` (first signal: `stop`; second: exit 130 at
 * once); `bin.ts` gives `io.interrupts` over the process's signals (`processInterrupts`).
 *
 * Each command's module is imported when the command runs, not with `main`: `--version`,
 * `--help` and one command load only what they use (the adapters, the migration engine and the
 * simulators are most of the CLI's start-up).
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander'
import { version } from '../package.json'
import { registerFleetCommands } from './commands/fleetCommands'
import type { MigrateOptions } from './commands/migrate'
import { CliError, ExitCode, errorDocument, type CliIo } from './io'

/**
 * The version `vaultport --version` prints.
 * @category Command
 */
export const VERSION: string = version

const EXIT_CODES = `
Exit codes:
  0    done
  1    done, but not all of it: failures, differences, partial schedules
  2    usage: a bad flag, config file or credential setting; or the journal is in use
       by another run (its holder is named)
  3    a gateway could not be reached or refused the credentials (before any work, or
       when the circuit breaker opened mid-run: the journal is consistent, resume later)
  130  interrupted (Ctrl-C or SIGTERM); run the same command again to resume

stdout carries the result only (a table, or one JSON document under --json); progress,
warnings and logs go to stderr.
`

/** Whether the arguments ask for `--json` (options end at `--`). */
const wantsJson = (argv: ReadonlyArray<string>): boolean => {
  const end = argv.indexOf('--')
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json')
}

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

/** `--journal` (a file or a postgres:// database) and `--migration` (its name in a database). */
const withJournal = (c: Command, what: string) =>
  c
    .option(
      '--journal <file|url>',
      `${what} (default .vaultport/<from>-to-<to>.journal.jsonl, or postgres://…)`,
    )
    .option('--migration <name>', 'its name in a postgres:// journal (default <from>-><to>)')

/** @category Command */
export interface CommandSet {
  /** Extra commands that need the simulators (added by `bin.ts`): sandbox, demo. */
  readonly extend?: (program: Command, io: CliIo, setExit: (code: ExitCode) => void) => void
}

/**
 * Runs the `vaultport` command with `argv` (without `node` and the script) and the given io.
 * @category Command
 * @example
 * ```ts
 * import { main } from '@vaultport/cli'
 *
 * // `vaultport gateways --json`, in-process: the exit code, and stdout captured.
 * const out: string[] = []
 * const code = await main(['gateways', '--json'], {
 *   out: (text) => out.push(text),
 *   err: (text) => process.stderr.write(`${text}\n`),
 *   env: process.env,
 *   cwd: process.cwd(),
 *   isTty: false,
 *   now: Date.now,
 * })
 * console.log(code, JSON.parse(out.join('')))
 * ```
 */
export const main = async (
  argv: ReadonlyArray<string>,
  given: CliIo,
  commands: CommandSet = {},
): Promise<ExitCode> => {
  let exit: ExitCode = ExitCode.ok
  const setExit = (code: ExitCode) => {
    exit = code
  }
  let printed = false // whether stdout has anything yet (a failure's document goes where it can)
  const io: CliIo = {
    ...given,
    out: (text) => {
      printed = true
      given.out(text)
    },
  }
  const program = new Command('vaultport')
    .description('One typed interface over PayTrace, FluidPay and Valor customer vaults.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .addHelpText('after', EXIT_CODES)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError()

  program
    .command('gateways')
    .description('list the adapters and their capabilities')
    .option('--json', 'machine-readable output')
    .option('--wide', 'do not fit the table to 100 columns')
    .action(async (o: { json?: boolean; wide?: boolean }) =>
      (await import('./commands/gateways')).gatewaysCommand(io, o),
    )

  const customers = program
    .command('customers')
    .description('read customers from a configured gateway')
  customers
    .command('list')
    .description('one page of customers: id, reference, name, e-mail')
    .requiredOption('-g, --gateway <name>', 'a gateway from the config')
    .option(
      '-c, --config <file>',
      'config file (default vaultport.config.json or $VAULTPORT_CONFIG)',
    )
    .option('--page-size <n>', 'customers per page', positiveInt)
    .option('--cursor <cursor>', 'the cursor a previous page printed')
    .option('--json', 'machine-readable output')
    .option('--wide', 'do not fit the table to 100 columns')
    .action(async (o) => (await import('./commands/customers')).customersList(io, o))
  customers
    .command('get <id>')
    .description('one customer with its addresses and payment methods (numbers masked)')
    .requiredOption('-g, --gateway <name>', 'a gateway from the config')
    .option('-c, --config <file>', 'config file')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o) => (await import('./commands/customers')).customersGet(io, id, o))

  const migrate = program
    .command('migrate')
    .description('move customers between gateways: plan, run, verify')
  // Every migrate command: the two gateways, the config, --json.
  const withEndpoints = (c: Command) =>
    c
      .requiredOption('--from <gateway>', 'source gateway from the config')
      .requiredOption('--to <gateway>', 'target gateway from the config')
      .option('-c, --config <file>', 'config file')
      .option('--json', 'machine-readable output')
  // What plan and run read (verify compares what the journal says was written, so not these).
  const withSelection = (c: Command) =>
    c
      .option('--card-data <file>', 'card-data export from the source processor (CSV or JSON)')
      .option('--since <instant>', 'delta: only customers changed since this instant', isoInstant)
      .option(
        '--safety-days <n>',
        'leave schedules charging within this many days (default 2)',
        positiveInt,
      )
  withSelection(
    withEndpoints(
      migrate.command('plan').description('what would move and what cannot (writes nothing)'),
    ),
  )
    .option('--out <file>', "write each customer's plan as a JSON line to this file")
    .action(async (o: MigrateOptions & { out?: string }) =>
      setExit(await (await import('./commands/migrate')).migratePlan(io, o)),
    )
  withJournal(
    withSelection(
      withEndpoints(migrate.command('run').description('migrate, journaled and resumable')),
    ),
    'journal; rerun to resume',
  )
    .option('--mapping <file>', 'id-mapping output file')
    .option(
      '--concurrency <n>',
      "customers in flight (default: adaptive, from the target's rate limit and latency)",
      positiveInt,
    )
    .option('--rate <n>', 'HTTP requests per second to the target, retries included', positiveInt)
    .option('--keep-source-schedules', 'do not remove source schedules after moving them')
    .action(async (o: MigrateOptions) =>
      setExit(await (await import('./commands/migrate')).migrateRun(io, o)),
    )
  withJournal(
    withEndpoints(
      migrate.command('verify').description('compare target with source, field by field'),
    ),
    'the journal of the run to verify',
  ).action(async (o: MigrateOptions) =>
    setExit(await (await import('./commands/migrate')).migrateVerify(io, o)),
  )

  registerFleetCommands(migrate, io, setExit)
  commands.extend?.(program, io, setExit)

  const fail = (message: string, code: ExitCode, alreadyOnStderr = false): ExitCode => {
    if (!alreadyOnStderr) io.err(`vaultport: ${message}\n`)
    if (wantsJson(argv)) {
      // One document on stdout whatever happened; if the command's own is there, stderr.
      const doc = `${JSON.stringify(errorDocument(message, code), null, 2)}\n`
      if (printed) io.err(doc)
      else io.out(doc)
    }
    return code
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exit
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.exitCode === 0
      )
        return ExitCode.ok
      // commander has printed its message (and the help) on stderr.
      return fail(e.message.replace(/^error: /, ''), ExitCode.usage, true)
    }
    if (e instanceof CliError) return fail(e.message, e.code)
    return fail(
      `unexpected failure: ${e instanceof Error ? e.message : String(e)}`,
      ExitCode.incomplete,
    )
  }
}
