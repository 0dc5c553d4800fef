/**
 * Shared bits of the benchmarks: arguments, statistics, tables, and the three simulators with a
 * vault for each. Every benchmark prints figures and exits 0; none asserts a timing.
 */
import os from 'node:os'
import { join } from 'node:path'
import { axiosTransport, type Transport, type Vault, type WireRequest } from '@vaultport/core'
import { createFluidPayVault } from '@vaultport/fluidpay'
import { createPayTraceVault } from '@vaultport/paytrace'
import { startSandbox, type GatewayName, type RunningSandbox } from '@vaultport/sandbox'
import { createValorVault } from '@vaultport/valor'
import type { AdapterHttpOptions } from '@vaultport/core'

/** The tsconfig that resolves `@vaultport/*` to the built packages, for child processes. */
export const DIST_TSCONFIG = join(import.meta.dirname, '..', 'tsconfig.dist.json')

// ---- arguments

export const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  const n = i < 0 ? NaN : Number(process.argv[i + 1])
  return Number.isFinite(n) && n > 0 ? n : fallback
}

// ---- statistics

export const median = (xs: ReadonlyArray<number>): number => quantile(xs, 0.5)

export const quantile = (xs: ReadonlyArray<number>, q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const i = (s.length - 1) * q
  const lo = Math.floor(i)
  const hi = Math.ceil(i)
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (i - lo)
}

export const nowUs = (): number => Number(process.hrtime.bigint()) / 1000

export const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n) ? n.toFixed(digits) : String(n)

export const mib = (bytes: number): string => fmt(bytes / 1024 / 1024, 1)

// ---- output

/** A plain text table, columns padded to their widest cell. */
export const printTable = (
  title: string,
  header: ReadonlyArray<string>,
  rows: string[][],
): void => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  console.log(`\n${title}`)
  console.log(line(header))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const r of rows) console.log(line(r))
}

export const machine = (): string => {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${fmt(os.totalmem() / 1024 ** 3, 0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`
}

// ---- simulators and vaults

export const GATEWAYS: ReadonlyArray<GatewayName> = ['paytrace', 'fluidpay', 'valor']

/** A transport that records every request it sends while `recording` is on. */
export const recordingTransport = (inner: Transport = axiosTransport()) => {
  const seen: WireRequest[] = []
  let recording = false
  const transport: Transport = async (req) => {
    if (recording) seen.push(req)
    return inner(req)
  }
  return {
    transport,
    record: async <A>(f: () => Promise<A>): Promise<{ result: A; requests: WireRequest[] }> => {
      seen.length = 0
      recording = true
      try {
        return { result: await f(), requests: [...seen] }
      } finally {
        recording = false
      }
    },
  }
}

/** The adapter of `gateway` for a running simulator. */
export const vaultFor = (sb: RunningSandbox, http: AdapterHttpOptions = {}): Vault => {
  switch (sb.gateway) {
    case 'paytrace': {
      const c = (sb as RunningSandbox<'paytrace'>).credentials
      return createPayTraceVault({
        baseUrl: sb.url,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        cardNumberMode: 'encrypted',
        encrypt: (plain) => Buffer.from(plain).toString('base64'),
        http,
      })
    }
    case 'fluidpay': {
      const c = (sb as RunningSandbox<'fluidpay'>).credentials
      return createFluidPayVault({ baseUrl: sb.url, apiKey: c.apiKey, http })
    }
    case 'valor': {
      const c = (sb as RunningSandbox<'valor'>).credentials
      return createValorVault({ baseUrl: sb.url, appId: c.appId, appKey: c.appKey, http })
    }
  }
}

export const startSeeded = async (gateway: GatewayName, customers: number) => {
  const sb = await startSandbox({ gateway, seed: 11 })
  const seeded = sb.seedCustomers(customers, { withCards: true })
  return { sb, ids: seeded.ids }
}
