// Starts the FluidPay simulator in a child process (run with tsx, which resolves the sandbox's
// `.js` import specifiers to its TypeScript sources) and prints its URL and key as one JSON line.
import { startSandbox } from '@vaultport/sandbox'

const at = process.env['VAULTPORT_SIM_NOW']
startSandbox({ gateway: 'fluidpay', ...(at === undefined ? {} : { clock: () => new Date(at) }) })
  .then((s) => {
    process.stdout.write(`${JSON.stringify({ url: s.url, apiKey: s.credentials.apiKey })}\n`)
  })
  .catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
