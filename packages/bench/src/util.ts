/**
 * Shared bits of the benchmarks: arguments, statistics, tables, and the three simulators with a
 * vault for each. Every benchmark prints figures and exits 0; none asserts a timing.
 */
import { spawn } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { createInterface, type Interface } from 'node:readline'
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

// ---- figures with a target, collected for `pnpm bench`'s summary

/** Where `reportFigure` appends (one JSON object a line); `all.ts` sets it for every script. */
export const RESULTS_ENV = 'VAULTPORT_BENCH_RESULTS'

/** A figure's target: the value must be at most, below or at least `value`. */
export interface Target {
  readonly op: '≤' | '<' | '≥'
  readonly value: number
}

export interface Figure {
  /** What was measured, unique in the run: `overhead fluidpay list page (100)`. */
  readonly name: string
  readonly value: number
  /** `ratio`, `MB`, `pages/s`, `% of bound`, `ms`. */
  readonly unit: string
  /** Omitted for a figure printed for information (no target). */
  readonly target?: Target
}

export interface ReportedFigure extends Figure {
  /** `null` when the figure has no target. */
  readonly met: boolean | null
}

export const meets = (value: number, target: Target): boolean =>
  target.op === '≤'
    ? value <= target.value
    : target.op === '<'
      ? value < target.value
      : value >= target.value

/** `≤ 1.10 ratio: met`, `≥ 2000 pages/s: MISSED`, or `-` without a target. */
export const verdict = (f: ReportedFigure, digits = 2): string =>
  f.target === undefined
    ? '-'
    : `${f.target.op} ${fmt(f.target.value, digits)} ${f.unit}: ${f.met === true ? 'met' : 'MISSED'}`

/**
 * Prints one line for a figure beside its target and, under `pnpm bench`, appends it to the run's
 * results file so that `all.ts` can print every figure of every script in one summary.
 */
export const reportFigure = (figure: Figure, digits = 2): ReportedFigure => {
  const f: ReportedFigure = {
    ...figure,
    met: figure.target === undefined ? null : meets(figure.value, figure.target),
  }
  console.log(`figure: ${f.name} = ${fmt(f.value, digits)} ${f.unit} (${verdict(f, digits)})`)
  const file = process.env[RESULTS_ENV]
  if (file !== undefined && file !== '') appendFileSync(file, `${JSON.stringify(f)}\n`)
  return f
}

/** The figures appended to a results file, in order; none when it does not exist. */
export const readFigures = (file: string): ReportedFigure[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as ReportedFigure)
    : []

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

/** What the child of `startSimulatorProcess` prints about each simulator it started. */
export type ServedSimulators = Partial<Record<GatewayName, RunningSandbox>>

/** A child process running simulators, and a way to read its CPU time. */
export interface SimulatorProcess {
  readonly simulators: ServedSimulators
  /** User + system CPU time of the child so far, in seconds. */
  readonly cpuSeconds: () => Promise<number>
  /** A full garbage collection in the child, so that earlier garbage is not charged to what follows. */
  readonly collect: () => Promise<void>
  readonly stop: () => void
}

const nextLine = (lines: Interface): Promise<string> =>
  new Promise((resolve) => lines.once('line', resolve))

/**
 * Starts simulators in a child process (`simulators.ts --serve`, resolving `@vaultport/*` to the
 * built packages), so that their state and work are not counted in the measuring process.
 * `spec` is `paytrace:100000,fluidpay:0`; `rich` seeds cards and recurring schedules too.
 */
export const startSimulatorProcess = async (
  spec: string,
  options: { readonly rich?: boolean } = {},
): Promise<SimulatorProcess> => {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      join(import.meta.dirname, 'simulators.ts'),
      '--serve',
      spec,
      ...(options.rich === true ? ['--rich'] : []),
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, TSX_TSCONFIG_PATH: DIST_TSCONFIG },
    },
  )
  const lines = createInterface({ input: child.stdout })
  const simulators = JSON.parse(await nextLine(lines)) as ServedSimulators
  return {
    simulators,
    cpuSeconds: async () => {
      const answer = nextLine(lines)
      child.stdin.write('cpu\n')
      const { user, system } = JSON.parse(await answer) as NodeJS.CpuUsage
      return (user + system) / 1e6
    },
    collect: async () => {
      const answer = nextLine(lines)
      child.stdin.write('gc\n')
      await answer
    },
    stop: () => child.stdin.end(),
  }
}
