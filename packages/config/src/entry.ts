/**
 * Reading one gateway entry: the typed readers every adapter's `GatewayModule.create` uses, so
 * each adapter reads strings, numbers, required keys, its environment and the common HTTP
 * settings the same way, with the same messages. A message names the setting, never its value.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import type { TranscriptHook } from '@vaultport/core'
import type { GatewayEntry, GatewayHooks, GatewaySetting } from './module'

/**
 * The string value of `key`, or `undefined` when it is absent or empty. A number is read as its
 * decimal text (a JSON file may write an id as a number).
 *
 * @category Configuration
 */
export const readString = (entry: GatewayEntry, key: string): string | undefined => {
  const v = entry[key]
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined
}

/**
 * The numeric value of `key` (a number, or a string holding one, as every environment variable
 * is), `undefined` when absent, or a message when it is not a finite number.
 *
 * @category Configuration
 */
export const readNumber = (
  entry: GatewayEntry,
  key: string,
): E.Either<string, number | undefined> => {
  const v = entry[key]
  if (v === undefined || v === '') return E.right(undefined)
  const n = typeof v === 'number' ? v : Number(v)
  return Number.isFinite(n) ? E.right(n) : E.left(`${key} must be a number`)
}

/**
 * Right when every one of `keys` has a value, else `missing a, b`.
 *
 * @category Configuration
 */
export const requireSettings = (
  entry: GatewayEntry,
  keys: ReadonlyArray<string>,
): E.Either<string, void> => {
  const missing = keys.filter((k) => readString(entry, k) === undefined)
  return missing.length === 0 ? E.right(undefined) : E.left(`missing ${missing.join(', ')}`)
}

/**
 * Settings every gateway entry may carry besides its adapter's own: HTTP limits.
 *
 * @category Configuration
 */
export const COMMON_SETTINGS: ReadonlyArray<string> = [
  'timeoutMs',
  'requestsPerSecond',
  'maxConcurrency',
]

/**
 * The HTTP options a config entry gives an adapter's `http` setting.
 *
 * @category Configuration
 */
export interface GatewayHttpSettings {
  readonly timeoutMs?: number
  readonly requestsPerSecond?: number
  readonly maxConcurrency?: number
  readonly onTranscript?: TranscriptHook
}

/**
 * The common HTTP settings of `entry` (see `COMMON_SETTINGS`) with the application's hooks, or
 * which one is not a number.
 *
 * @category Configuration
 */
export const readHttpSettings = (
  entry: GatewayEntry,
  hooks: GatewayHooks,
): E.Either<string, GatewayHttpSettings> =>
  pipe(
    E.Do,
    E.apS('timeoutMs', readNumber(entry, 'timeoutMs')),
    E.apS('requestsPerSecond', readNumber(entry, 'requestsPerSecond')),
    E.apS('maxConcurrency', readNumber(entry, 'maxConcurrency')),
    E.map((o) => ({
      ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      ...(o.requestsPerSecond === undefined ? {} : { requestsPerSecond: o.requestsPerSecond }),
      ...(o.maxConcurrency === undefined ? {} : { maxConcurrency: o.maxConcurrency }),
      ...(hooks.onTranscript === undefined ? {} : { onTranscript: hooks.onTranscript }),
    })),
  )

/**
 * Where a hosted gateway's entry points: a named `environment` and an explicit `baseUrl`.
 *
 * @category Configuration
 */
export interface GatewayLocation {
  readonly environment?: 'sandbox' | 'production'
  readonly baseUrl?: string
}

/**
 * The `environment` (`sandbox` or `production`) and `baseUrl` of `entry`, each only when set.
 *
 * @category Configuration
 */
export const readLocation = (entry: GatewayEntry): E.Either<string, GatewayLocation> => {
  const environment = readString(entry, 'environment')
  const baseUrl = readString(entry, 'baseUrl')
  if (environment !== undefined && environment !== 'sandbox' && environment !== 'production') {
    return E.left("environment must be 'sandbox' or 'production'")
  }
  return E.right({
    ...(environment === undefined ? {} : { environment }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
  })
}

/**
 * The `environment` and `baseUrl` settings of a hosted gateway, for a module's `settings` list
 * (read by `readHostedEntry`).
 *
 * @category Configuration
 */
export const LOCATION_SETTINGS: ReadonlyArray<GatewaySetting> = [
  { name: 'environment', required: false, secret: false },
  { name: 'baseUrl', required: false, secret: false },
]

/**
 * What every hosted gateway's entry shares, checked in this order: the `required` settings are
 * present, the location is valid, the common HTTP settings are numbers.
 *
 * @category Configuration
 */
export const readHostedEntry = (
  entry: GatewayEntry,
  required: ReadonlyArray<string>,
  hooks: GatewayHooks,
): E.Either<string, { readonly location: GatewayLocation; readonly http: GatewayHttpSettings }> =>
  pipe(
    requireSettings(entry, required),
    E.chainW(() => E.Do),
    E.apS('location', readLocation(entry)),
    E.apS('http', readHttpSettings(entry, hooks)),
  )
