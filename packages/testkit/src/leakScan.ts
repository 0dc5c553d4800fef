/**
 * The leak scan: everything vaultport emits (every `VaultError`, `Warning` and transcript event
 * on the diagnostics channels) and every log line (console, stdout, stderr) is checked for the
 * secrets a test run uses. A scan is started for a span of time (the test suite starts one per
 * test file, see `jest/leak-scan.setup.ts`), checks each item as it is emitted, and keeps only
 * the hits, so a long file costs no memory. Inputs and requests are not scanned: a test may put
 * a card number in a request on purpose; what comes back out must not carry it.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { diagnosticsChannels } from '@vaultport/core'
import { testSecrets } from './data'

// ---- model

/** @category Leak scan */
export interface LeakScanHit {
  /** `vaultport:error`, `vaultport:warning`, `vaultport:transcript`, `console.warn`, `stdout`… */
  readonly channel: string
  /** The secret, reduced to its first and last two characters and its length. */
  readonly secret: string
}

/** @category Leak scan */
export interface LeakScan {
  /** Checks one emitted item now (what the subscriptions call; also for custom log sinks). */
  readonly record: (channel: string, value: unknown) => void
  /** Every hit so far, planted ones excluded. */
  readonly hits: () => ReadonlyArray<LeakScanHit>
  /**
   * Runs `plant` and returns the hits it caused instead of counting them: how a test proves
   * that the scan catches a leak without failing the file it runs in. Console lines written
   * meanwhile are scanned but not printed.
   */
  readonly expectLeaks: (plant: () => unknown) => Promise<ReadonlyArray<LeakScanHit>>
  /** Unsubscribes and restores the console and streams. */
  readonly stop: () => void
}

// ---- the secrets

/**
 * Every secret the test suite uses: the networks' public test card numbers, the test bank
 * accounts, the sandbox simulators' credentials, and the keys and tokens in the adapters' tests.
 * Only secrets: client ids, app ids and public keys are not on the list.
 * @category Leak scan
 */
export const testRunSecrets: ReadonlyArray<string> = [
  ...testSecrets(),
  '4012888888881881',
  '4242424242424242',
  // @vaultport/sandbox: PAYTRACE_CREDENTIALS.clientSecret, FLUIDPAY_CREDENTIALS.apiKey,
  // VALOR_CREDENTIALS.appKey (a dependency the other way round would be a cycle)
  'sandbox-secret-0001',
  'api_vaultportsandbox000000000001',
  'vaultportsbxappkey00000000000001',
  // adapter, core and testkit tests
  'ptsbx_at_5b0f2c9e8d7a6b5c4d3e2f1a0b9c8d7e',
  'api_TestSecretKey0123456789',
  'api_LiveSecretKey1234567890',
  'api_2b7e151628aed2a6abf7',
  'K9J8H7G6F5E4D3C2B1A0K9J8H7G6F5E4',
]

/**
 * First and last two characters and the length: enough to find the secret, not to use it.
 * @category Leak scan
 * @internal
 */
export const maskSecret = (s: string): string =>
  `${s.slice(0, 2)}…${s.slice(-2)} (${s.length} chars)`

// ---- utils

const serialize = (value: unknown): string => {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const

// ---- constructor

/**
 * Starts a scan: subscribes to the three channels and wraps the console and both streams.
 * @category Leak scan
 */
export const startLeakScan = (secrets: ReadonlyArray<string> = testRunSecrets): LeakScan => {
  const wanted = [...new Set(secrets.filter((s) => s.length >= 6))]
  const found: LeakScanHit[] = []
  let planted: LeakScanHit[] | undefined

  const record = (channel: string, value: unknown): void => {
    const text = serialize(value)
    for (const secret of wanted) {
      if (!text.includes(secret)) continue
      const hit = { channel, secret: maskSecret(secret) }
      ;(planted ?? found).push(hit)
    }
  }

  const listeners = Object.values(diagnosticsChannels).map((name) => {
    const listener = (message: unknown) => record(name, message)
    subscribe(name, listener)
    return () => unsubscribe(name, listener)
  })

  const restores: Array<() => void> = []
  const sink = globalThis.console as unknown as Record<string, (...args: unknown[]) => void>
  for (const method of CONSOLE_METHODS) {
    const original = sink[method]
    if (original === undefined) continue
    sink[method] = (...args: unknown[]) => {
      record(`console.${method}`, args.map(serialize).join(' '))
      // Planted lines are checked, not printed: a planted secret stays out of the run's log.
      if (planted === undefined) original.apply(sink, args)
    }
    restores.push(() => (sink[method] = original))
  }
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = process[name]
    const original = stream.write
    stream.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
      record(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString())
      return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest)
    } as typeof stream.write
    restores.push(() => (stream.write = original))
  }

  return {
    record,
    hits: () => [...found],
    expectLeaks: async (plant) => {
      const mine: LeakScanHit[] = []
      planted = mine
      try {
        await plant()
      } finally {
        planted = undefined
      }
      return mine
    },
    stop: () => {
      for (const off of [...listeners, ...restores]) off()
    },
  }
}

/**
 * One line per hit, for a failure message.
 * @category Leak scan
 */
export const formatLeakHits = (hits: ReadonlyArray<LeakScanHit>): string =>
  hits.map((h) => `${h.channel} carried ${h.secret}`).join('\n')

// ---- the scan of the running test file

const ACTIVE = Symbol.for('vaultport.leakScan')

/**
 * The scan the jest setup started for the running test file, if any.
 * @category Leak scan
 * @internal
 */
export const activeLeakScan = (): LeakScan | undefined =>
  (globalThis as { [ACTIVE]?: LeakScan })[ACTIVE]

/**
 * @category Leak scan
 * @internal
 */
export const setActiveLeakScan = (scan: LeakScan | undefined): void => {
  ;(globalThis as { [ACTIVE]?: LeakScan | undefined })[ACTIVE] = scan
}
