/**
 * Loading a configuration: named gateways, each an adapter plus its settings, from a JSON file
 * and the environment. Secrets are referenced, not written: `"clientSecret": "env:PAYTRACE_SECRET"`
 * in the file, or `VAULTPORT_GATEWAY_<NAME>_<SETTING>` variables, which override the file setting
 * by setting. Messages name a missing variable, never a value. A setting the entry's adapter does
 * not have (a misspelt key, in the file or in a variable's name) is refused with the nearest
 * valid name.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { issuesFromDecodeErrors } from '@vaultport/core'
import {
  envOrigins,
  envSuffix,
  gatewaysFromEnv,
  resolveEnvRefs,
  type Environment,
  type Origin,
} from './environment'
import { findGatewayModule, settingNames, type GatewayEntry, type GatewayModule } from './module'
import { nearest } from './suggest'

/**
 * A loaded configuration: every named gateway, its `env:` references resolved.
 *
 * @category Configuration
 */
export interface VaultportConfig {
  readonly gateways: Readonly<Record<string, GatewayEntry>>
}

/**
 * Where `loadConfig` looks, and which adapters it checks settings against.
 *
 * @category Configuration
 */
export interface LoadConfigOptions {
  /** The config file; relative to `cwd`. Default: `VAULTPORT_CONFIG`, else `vaultport.config.json`. */
  readonly path?: string
  /** The environment: `VAULTPORT_GATEWAY_*` entries and the variables `env:` references name. */
  readonly env: Environment
  /** The folder a relative `path` and the default file are found in. */
  readonly cwd: string
  /**
   * The adapters the application installed. An entry for one of them with a setting the adapter
   * does not have is refused, with the nearest valid name.
   */
  readonly modules: ReadonlyArray<GatewayModule>
}

const ConfigFile = t.type({
  gateways: t.record(t.string, t.intersection([t.type({ adapter: t.string }), t.UnknownRecord])),
})

/**
 * The file read when neither `path` nor `VAULTPORT_CONFIG` names one (it may be absent).
 *
 * @category Configuration
 */
export const DEFAULT_CONFIG_FILE = 'vaultport.config.json'

/** Top-level keys a config file may have. */
const FILE_KEYS = ['gateways', '$schema']

/** What is wrong with each setting of `entry` its adapter does not have. */
const unknownSettings = (
  name: string,
  entry: Record<string, unknown>,
  context: { readonly modules: ReadonlyArray<GatewayModule>; origin: Origin; path: string },
): string[] => {
  const adapter = entry['adapter']
  const module =
    typeof adapter === 'string' ? findGatewayModule(context.modules, adapter) : undefined
  if (module === undefined) return [] // an unknown adapter is openGateway's to name
  const valid = settingNames(module)
  return Object.keys(entry)
    .filter((key) => !valid.includes(key))
    .map((key) => {
      const near = nearest(key, valid)
      const variable = context.origin(name, key)
      const where = `gateway "${name}" (${module.adapter})`
      if (variable !== undefined) {
        const prefix = `VAULTPORT_GATEWAY_${name.toUpperCase()}_`
        const hint =
          near === undefined
            ? `its settings: ${valid.join(', ')}`
            : `did you mean ${prefix}${envSuffix(near)}?`
        return `${variable}: ${where} has no setting "${key}" (${hint})`
      }
      const hint =
        near === undefined ? `its settings: ${valid.join(', ')}` : `did you mean "${near}"?`
      return `${context.path}: ${where} has no setting "${key}" (${hint})`
    })
}

/** The file's gateways, or what is wrong with the file: not JSON, a stray key, a bad entry. */
const gatewaysOfFile = (
  path: string,
): E.Either<string, Record<string, Record<string, unknown>>> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return E.left(`${path} is not valid JSON`)
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const stray = Object.keys(parsed).filter((k) => !FILE_KEYS.includes(k))
    if (stray.length > 0) {
      const hints = stray.map((k) => {
        const near = nearest(k, FILE_KEYS)
        return `unknown key "${k}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`
      })
      return E.left(`${path}: ${hints.join('; ')}; a config file has "gateways" only`)
    }
  }
  const decoded = ConfigFile.decode(parsed)
  if (E.isLeft(decoded)) {
    const issues = issuesFromDecodeErrors(decoded.left).map((i) => `${i.path} ${i.message}`)
    return E.left(`${path}: ${issues.join('; ')}`)
  }
  return E.right(decoded.right.gateways)
}

/** The file `options` name, absolute. */
const configPath = (options: LoadConfigOptions): { path: string; requested: boolean } => {
  const requested = options.path ?? options.env['VAULTPORT_CONFIG']
  if (requested === undefined)
    return { path: join(options.cwd, DEFAULT_CONFIG_FILE), requested: false }
  return {
    path: isAbsolute(requested) ? requested : join(options.cwd, requested),
    requested: true,
  }
}

/**
 * The configuration in the file and the environment, or a message saying what is wrong with it
 * (a file that is not JSON, a misspelt key with the nearest valid one, an `env:` reference to a
 * variable that is not set). The default file may be absent; a file named by `path` or
 * `VAULTPORT_CONFIG` must exist. Nothing throws.
 *
 * @category Configuration
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { loadConfig } from '@vaultport/config'
 * import { fluidPayGateway } from '@vaultport/fluidpay'
 *
 * const config = loadConfig({
 *   env: { VAULTPORT_GATEWAY_MAIN_ADAPTER: 'fluidpay', VAULTPORT_GATEWAY_MAIN_API_KEY: 'k' },
 *   cwd: process.cwd(),
 *   modules: [fluidPayGateway],
 * })
 * if (E.isRight(config)) console.log(Object.keys(config.right.gateways)) // [ 'main' ]
 * ```
 */
export const loadConfig = (options: LoadConfigOptions): E.Either<string, VaultportConfig> => {
  const { path, requested } = configPath(options)
  let fromFile: Record<string, Record<string, unknown>> = {}
  if (existsSync(path)) {
    const read = gatewaysOfFile(path)
    if (E.isLeft(read)) return read
    fromFile = read.right
  } else if (requested) {
    return E.left(`config file ${path} does not exist`)
  }
  const merged: Record<string, Record<string, unknown>> = { ...fromFile }
  for (const [name, entry] of Object.entries(gatewaysFromEnv(options.env)))
    merged[name] = { ...merged[name], ...entry }
  const context = { modules: options.modules, origin: envOrigins(options.env), path }
  const unknown = Object.entries(merged).flatMap(([name, entry]) =>
    unknownSettings(name, entry, context),
  )
  if (unknown.length > 0) return E.left(unknown.join('; '))
  const gateways: Record<string, GatewayEntry> = {}
  for (const [name, entry] of Object.entries(merged)) {
    const resolved = resolveEnvRefs(name, entry, options.env)
    if (E.isLeft(resolved)) return resolved
    if (typeof resolved.right['adapter'] !== 'string')
      return E.left(`gateway "${name}" names no adapter`)
    gateways[name] = resolved.right as GatewayEntry
  }
  return E.right({ gateways })
}
