/**
 * Throughput of each simulator on loopback with no knobs: bounded-concurrency GETs of one seeded
 * customer for a few seconds, printed as requests per second. Bounded in count and in time.
 *
 *   pnpm exec tsx packages/sandbox/bench/throughput.ts [--seconds 3] [--concurrency 32]
 */
import { Agent, request } from 'node:http'
import { type RunningSandbox, startSandbox } from '../src/index'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  const n = i < 0 ? NaN : Number(process.argv[i + 1])
  return Number.isFinite(n) && n > 0 ? n : fallback
}
const SECONDS = Math.min(arg('seconds', 3), 30)
const CONCURRENCY = Math.min(arg('concurrency', 32), 256)
const MAX_REQUESTS = 500_000

interface Target {
  readonly path: string
  readonly headers: Record<string, string>
}

const get = (agent: Agent, url: string, target: Target): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request(`${url}${target.path}`, { agent, headers: target.headers }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })

const payTraceTarget = async (sb: RunningSandbox<'paytrace'>, id: string): Promise<Target> => {
  const res = await fetch(`${sb.url}/v3/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${sb.credentials.clientId}&client_secret=${sb.credentials.clientSecret}`,
  })
  const token = ((await res.json()) as { access_token: string }).access_token
  return { path: `/v3/customer/${id}`, headers: { authorization: `Bearer ${token}` } }
}

const measure = async (name: string, url: string, target: Target): Promise<void> => {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const deadline = Date.now() + SECONDS * 1000
  let done = 0
  let failed = 0
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline && done + failed < MAX_REQUESTS) {
      const status = await get(agent, url, target)
      if (status === 200) done++
      else failed++
    }
  }
  const start = Date.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const elapsed = (Date.now() - start) / 1000
  agent.destroy()
  const rate = Math.round(done / elapsed)
  process.stdout.write(
    `${name.padEnd(9)} ${String(rate).padStart(7)} req/s  (${done} ok, ${failed} failed, ${elapsed.toFixed(1)} s, concurrency ${CONCURRENCY})\n`,
  )
}

const main = async (): Promise<void> => {
  process.stdout.write(
    `vaultport sandbox throughput, ${SECONDS} s per simulator, loopback, no knobs\n`,
  )
  const paytrace = await startSandbox({ gateway: 'paytrace' })
  const ptId = paytrace.seedCustomers(1000, { withCards: true, withChecks: true })
    .ids[500] as string
  await measure('paytrace', paytrace.url, await payTraceTarget(paytrace, ptId))
  await paytrace.close()

  const fluidpay = await startSandbox({ gateway: 'fluidpay' })
  const fpId = fluidpay.seedCustomers(1000, { withCards: true, withChecks: true })
    .ids[500] as string
  await measure('fluidpay', fluidpay.url, {
    path: `/api/vault/${fpId}`,
    headers: { authorization: fluidpay.credentials.apiKey },
  })
  await fluidpay.close()

  const valor = await startSandbox({ gateway: 'valor' })
  const vlId = valor.seedCustomers(1000, { withCards: true, withChecks: true }).ids[500] as string
  await measure('valor', valor.url, {
    path: `/api/valor-vault/getcustomer/${vlId}`,
    headers: { 'valor-app-id': valor.credentials.appId, 'valor-app-key': valor.credentials.appKey },
  })
  await valor.close()
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
