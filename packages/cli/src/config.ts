/**
 * Configuration: named gateways, each an adapter plus its settings, from a JSON file and the
 * environment. Secrets are referenced, not written: `"clientSecret": "env:PAYTRACE_SECRET"` in
 * the file, or `VAULTPORT_GATEWAY_<NAME>_<FIELD>` variables. Messages name a missing variable,
 * never a value.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { issuesFromDecodeErrors } from '@vaultport/core'

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
