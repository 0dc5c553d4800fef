/**
 * `pnpm --filter @vaultport/example-app start -- --gateway NAME [--config FILE]`: stores a
 * customer and a card through the named gateway of vaultport.config.json (or the
 * VAULTPORT_GATEWAY_<NAME>_<SETTING> variables) and prints a redacted summary.
 */
import { runExample } from './example'

runExample({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  now: () => new Date(),
}).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    console.error(`example-app: ${e instanceof Error ? e.message : String(e)}`)
    process.exitCode = 1
  },
)
