// Starts the Valor simulator in a child process (run with tsx, which resolves the sandbox's `.js`
// import specifiers to its TypeScript sources) and prints its URL and credentials as one JSON
// line. VAULTPORT_VALOR_ALWAYS_200=1 selects the always-HTTP-200 mode.
import { startSandbox } from '@vaultport/sandbox'

const at = process.env['VAULTPORT_SIM_NOW']
startSandbox({
  gateway: 'valor',
  valorAlways200: process.env['VAULTPORT_VALOR_ALWAYS_200'] === '1',
  ...(at === undefined ? {} : { clock: () => new Date(at) }),
})
  .then((s) => {
    process.stdout.write(`${JSON.stringify({ url: s.url, ...s.credentials })}\n`)
  })
  .catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
