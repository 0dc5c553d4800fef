/**
 * Configuration: named gateways, each an adapter plus its settings, from a JSON file and the
 * environment. Secrets are referenced, not written: `"clientSecret": "env:PAYTRACE_SECRET"` in
 * the file, or `VAULTPORT_GATEWAY_<NAME>_<FIELD>` variables. Messages name a missing variable,
 * never a value. A setting the entry's adapter does not have (a misspelt key, in the file or in a
 * variable's name) is refused with the nearest valid name.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { issuesFromDecodeErrors } from '@vaultport/core'
import { findModule, settingNames } from './gateways'
import { nearest } from './suggest'

export type GatewayEntry = Readonly<Record<string, unknown>> & { readonly adapter: string }

export interface CliConfig {
  readonly gateways: Readonly<Record<string, GatewayEntry>>
}

const ConfigFile = t.type({
  gateways: t.record(t.string, t.intersection([t.type({ adapter: t.string }), t.UnknownRecord])),
})

export const DEFAULT_CONFIG_FILE = 'vaultport.config.json'

const camel = (snake: string): string =>
  snake.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** `VAULTPORT_GATEWAY_OLD_CLIENT_ID=x` → gateways.old.clientId = "x". Names have no underscores. */
export const gatewaysFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
): Record<string, Record<string, unknown>> => {
  const out: Record<string, Record<string, unknown>> = {}
  for (const [key, value] of Object.entries(env)) {
    const m = /^VAULTPORT_GATEWAY_([A-Z0-9]+)_([A-Z0-9_]+)$/.exec(key)
    if (m === null || value === undefined) continue
    const name = (m[1] as string).toLowerCase()
    out[name] = { ...out[name], [camel(m[2] as string)]: value }
  }
  return out
}

/** `clientSecret` → `CLIENT_SECRET`: a setting as the end of a `VAULTPORT_GATEWAY_` variable. */
const envSuffix = (setting: string): string =>
  setting.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()

/** Top-level keys a config file may have. */
const FILE_KEYS = ['gateways', '$schema']

/** Where a gateway's setting came from: the file, or the variable named. */
type Origin = (gateway: string, key: string) => string | undefined

/** The variable each environment setting came from (`undefined`: the file). */
const envOrigins = (env: Readonly<Record<string, string | undefined>>): Origin => {
  const vars = new Map<string, string>()
  for (const [key, value] of Object.entries(env)) {
    const m = /^VAULTPORT_GATEWAY_([A-Z0-9]+)_([A-Z0-9_]+)$/.exec(key)
    if (m !== null && value !== undefined)
      vars.set(`${(m[1] as string).toLowerCase()}/${camel(m[2] as string)}`, key)
  }
  return (gateway, key) => vars.get(`${gateway}/${key}`)
}

/** What is wrong with each setting of `entry` its adapter does not have. */
const unknownSettings = (
  name: string,
  entry: Record<string, unknown>,
  origin: Origin,
  path: string,
): string[] => {
  const module = typeof entry['adapter'] === 'string' ? findModule(entry['adapter']) : undefined
  if (module === undefined) return [] // an unknown adapter is openGateway's to name
  const valid = settingNames(module)
  return Object.keys(entry)
    .filter((key) => !valid.includes(key))
    .map((key) => {
      const near = nearest(key, valid)
      const variable = origin(name, key)
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
      return `${path}: ${where} has no setting "${key}" (${hint})`
    })
}

/** Replaces every `"env:NAME"` string with the variable's value. */
const resolveEnvRefs = (
  gateway: string,
  entry: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): E.Either<string, Record<string, unknown>> => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(entry)) {
    if (typeof v === 'string' && v.startsWith('env:')) {
      const name = v.slice(4)
      const value = env[name]
      if (value === undefined || value === '')
        return E.left(`gateway "${gateway}": ${k} refers to ${name}, which is not set`)
      out[k] = value
    } else out[k] = v
  }
  return E.right(out)
}

export const loadConfig = (options: {
  readonly path?: string
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
}): E.Either<string, CliConfig> => {
  const requested = options.path ?? options.env['VAULTPORT_CONFIG']
  const path =
    requested === undefined
      ? join(options.cwd, DEFAULT_CONFIG_FILE)
      : isAbsolute(requested)
        ? requested
        : join(options.cwd, requested)
  let fromFile: Record<string, Record<string, unknown>> = {}
  if (existsSync(path)) {
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
    fromFile = decoded.right.gateways
  } else if (requested !== undefined) {
    return E.left(`config file ${path} does not exist`)
  }
  const merged: Record<string, Record<string, unknown>> = { ...fromFile }
  for (const [name, entry] of Object.entries(gatewaysFromEnv(options.env)))
    merged[name] = { ...merged[name], ...entry }
  const origin = envOrigins(options.env)
  const unknown = Object.entries(merged).flatMap(([name, entry]) =>
    unknownSettings(name, entry, origin, path),
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
