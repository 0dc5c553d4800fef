#!/usr/bin/env node
/**
 * The `vaultport` executable: the library's `main` with the process's streams and signals. No
 * signal handler is installed here: a command that stops gracefully takes SIGINT/SIGTERM over
 * through `io.interrupts` (see `io.ts`); every other command ends on the first Ctrl-C.
 */
import { ExitCode, type CliIo } from './io'
import { processInterrupts } from './interrupts'
import { main } from './main'
import { simulatorCommands } from './simulatorCommands'

const terminal = process.stdout.isTTY ? process.stdout : process.stderr
const io: CliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
  isTty: process.stderr.isTTY === true,
  now: () => Date.now(),
  ...(terminal.isTTY && terminal.columns > 0 ? { columns: terminal.columns } : {}),
  interrupts: processInterrupts(),
}

// `vaultport gateways | head`: the reader went away; that is no failure of ours.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(ExitCode.ok)
    throw e
  })

main(process.argv.slice(2), io, simulatorCommands).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`vaultport: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(ExitCode.incomplete)
  },
)
