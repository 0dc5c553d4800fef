// What the migrate command tests share: `vaultport <args>` in-process, a bounded wait, the
// `VAULTPORT_GATEWAY_<NAME>_*` variables that point the CLI at a simulator, and the adapter that
// reads the same simulator directly (to seed card data and to count what a run left there).
import type { Vault } from '@vaultport/core'
import { createPayTraceVault } from '@vaultport/paytrace'
import type { RunningSandbox } from '@vaultport/sandbox'
import { main, type Interrupts } from '../../src'
import { captureIo } from '../helpers'

/** Runs `vaultport <args>` in this process: exit code, stdout, stderr. */
export const runCli = async (
  args: string[],
  env: Record<string, string>,
  interrupts?: Interrupts,
) => {
  const c = captureIo(env)
  const code = await main(args, interrupts === undefined ? c.io : { ...c.io, interrupts })
  return { code, out: c.out(), err: c.err() }
}

/** Resolves once `ready()` holds; rejects, naming `what`, after 15 s. */
export const until = async (ready: () => boolean, what: string) => {
  for (let i = 0; i < 1500 && !ready(); i++) await new Promise((r) => setTimeout(r, 10))
  if (!ready()) throw new Error(`timed out waiting for ${what}`)
}

const prefix = (name: string) => `VAULTPORT_GATEWAY_${name.toUpperCase()}_`

/** A PayTrace simulator's default merchant; `secret` replaces its client secret. */
export const paytraceEnv = (
  name: string,
  sim: RunningSandbox<'paytrace'>,
  secret = sim.credentials.clientSecret,
): Record<string, string> => ({
  [`${prefix(name)}ADAPTER`]: 'paytrace',
  [`${prefix(name)}BASE_URL`]: sim.url,
  [`${prefix(name)}CLIENT_ID`]: sim.credentials.clientId,
  [`${prefix(name)}CLIENT_SECRET`]: secret,
})

/** A FluidPay endpoint at `url` with `apiKey`. */
export const fluidpayEnv = (name: string, url: string, apiKey: string): Record<string, string> => ({
  [`${prefix(name)}ADAPTER`]: 'fluidpay',
  [`${prefix(name)}BASE_URL`]: url,
  [`${prefix(name)}API_KEY`]: apiKey,
})

/** The PayTrace simulator's default merchant through the real adapter, full card numbers on. */
export const paytraceVault = (sim: RunningSandbox<'paytrace'>): Vault =>
  createPayTraceVault({
    baseUrl: sim.url,
    clientId: sim.credentials.clientId,
    clientSecret: sim.credentials.clientSecret,
    cardNumberMode: 'raw',
  })
