/**
 * A child process for the memory benchmark: a PayTrace simulator seeded with N customers and an
 * empty FluidPay simulator, so that their state is not counted in the measured process. Prints
 * one JSON line with both URLs and credentials; exits when its stdin closes.
 */
import { startSandbox } from '@vaultport/sandbox'

const n = Number(process.argv[2] ?? '1000')
const main = async () => {
  const paytrace = await startSandbox({ gateway: 'paytrace', seed: 3 })
  const fluidpay = await startSandbox({ gateway: 'fluidpay', seed: 4 })
  paytrace.seedCustomers(n)
  const describe = (sb: typeof paytrace | typeof fluidpay) => ({
    gateway: sb.gateway,
    url: sb.url,
    credentials: sb.credentials,
  })
  console.log(JSON.stringify({ paytrace: describe(paytrace), fluidpay: describe(fluidpay) }))
  process.stdin.resume()
  process.stdin.on('end', () => {
    void Promise.all([paytrace.close(), fluidpay.close()]).then(() => process.exit(0))
  })
}
void main()
