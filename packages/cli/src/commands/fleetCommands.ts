/**
 * The fleet commands' shapes: `migrate worker` and `migrate fleet plan|run|status|verify`. Their
 * code (and PostgreSQL's driver with it) is imported only when one of them runs, so every other
 * command starts without it.
 */
import { InvalidArgumentError, type Command } from 'commander'
import type { FleetOptions, FleetRunOptions } from './fleet'
import type { ExitCode, CliIo } from '../io'
import type { WorkerCommandOptions } from './worker'

/** A `--lease-seconds` value: a number of seconds above 0. */
const seconds = (value: string): number => {
  const n = Number(value)
  if (!(n > 0) || !Number.isFinite(n))
    throw new InvalidArgumentError('must be a number of seconds above 0')
  return n
}

/** Adds `worker` and `fleet plan|run|status|verify` to the `migrate` command. */
export const registerFleetCommands = (
  migrate: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void => {
  const withLease = (c: Command) =>
    c.option(
      '--lease-seconds <s>',
      'how long a claim lasts without a heartbeat (default 30)',
      seconds,
    )
  withLease(
    migrate
      .command('worker')
      .description('run fleet units from a PostgreSQL database until none is left')
      .requiredOption('--db <url>', 'the fleet database, postgres://…')
      .option('--id <name>', "this worker's name in the units it claims (default host-pid)")
      .option('--fleet <name>', "only this fleet's units (default: any fleet's)")
      .option('--follow', 'keep waiting for new units instead of ending when none is left')
      .option('--json', 'machine-readable output'),
  ).action(async (o: WorkerCommandOptions) =>
    setExit(await (await import('./worker')).migrateWorker(io, o)),
  )

  const fleet = migrate
    .command('fleet')
    .description('many merchants from a manifest, run by workers over PostgreSQL')
  const withManifest = (c: Command, db: 'required' | 'optional') => {
    const named = c.requiredOption('--manifest <file>', 'the fleet manifest (JSON)')
    return (
      db === 'required'
        ? named.requiredOption('--db <url>', 'the fleet database, postgres://…')
        : named
    )
      .option('--json', 'machine-readable output')
      .option('--wide', 'do not fit tables to 100 columns')
  }
  withManifest(
    fleet.command('plan').description('per merchant, what would move (writes nothing)'),
    'optional',
  ).action(async (o: FleetOptions) => setExit(await (await import('./fleet')).fleetPlan(io, o)))
  withLease(
    withManifest(
      fleet.command('run').description('enqueue every merchant and run a local worker'),
      'required',
    ),
  )
    .option('--enqueue-only', 'enqueue the units and leave them to workers elsewhere')
    .option('--id <name>', "the local worker's name (default host-pid)")
    .action(async (o: FleetRunOptions) => setExit(await (await import('./fleet')).fleetRun(io, o)))
  withManifest(
    fleet.command('status').description('per merchant: done, in flight, failed, progress'),
    'required',
  ).action(async (o: FleetOptions) => setExit(await (await import('./fleet')).fleetStatus(io, o)))
  withManifest(
    fleet.command('verify').description('per merchant, compare target with source'),
    'required',
  ).action(async (o: FleetOptions) => setExit(await (await import('./fleet')).fleetVerify(io, o)))
}
