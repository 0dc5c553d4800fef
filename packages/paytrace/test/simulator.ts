// Starts the PayTrace simulator in a child process (run with tsx, which resolves the sandbox's
// `.js` import specifiers to its TypeScript sources; jest's resolver does not) and prints its URL
// and credentials as one JSON line.
import { startSandbox } from '@vaultport/sandbox'

const at = process.env['VAULTPORT_SIM_NOW']
startSandbox({ gateway: 'paytrace', ...(at === undefined ? {} : { clock: () => new Date(at) }) })
  .then((s) => {
    const { clientId, clientSecret } = s.credentials
    process.stdout.write(`${JSON.stringify({ url: s.url, clientId, clientSecret })}\n`)
  })
  .catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
