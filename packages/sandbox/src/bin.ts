#!/usr/bin/env node
/** `vaultport-sandbox`: starts the three simulators and runs until SIGINT/SIGTERM. */
import { USAGE, banner, parseCliArgs } from './cli'
import { startAllSandboxes } from './sandbox'

const main = async (): Promise<void> => {
  const parsed = parseCliArgs(process.argv.slice(2))
  if (parsed === 'help') {
    process.stdout.write(USAGE)
    return
  }
  const sandboxes = await startAllSandboxes({
    host: parsed.host,
    seed: parsed.seed,
    ports: parsed.ports,
  })
  if (parsed.customers > 0) {
    const options = { withCards: true, withChecks: true, withRecurrences: true }
    sandboxes.paytrace.seedCustomers(parsed.customers, options)
    sandboxes.fluidpay.seedCustomers(parsed.customers, options)
    sandboxes.valor.seedCustomers(parsed.customers, options)
  }
  process.stdout.write(banner(sandboxes))
  if (parsed.customers > 0)
    process.stdout.write(`Seeded ${parsed.customers} customers in each simulator.\n`)
  const stop = (): void => {
    sandboxes.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(`vaultport-sandbox: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`)
  process.exit(2)
})
