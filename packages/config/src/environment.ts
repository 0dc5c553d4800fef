/**
 * Gateways from environment variables: `VAULTPORT_GATEWAY_<NAME>_<SETTING>` entries, the
 * variable each setting came from (so a message can name it), and `"env:NAME"` references in a
 * file replaced by the variable's value. Messages name variables, never their values.
 */
import * as E from 'fp-ts/Either'

/**
 * Environment variables, as `process.env` holds them.
 * @category Configuration
 */
export type Environment = Readonly<Record<string, string | undefined>>

const GATEWAY_VARIABLE = /^VAULTPORT_GATEWAY_([A-Z0-9]+)_([A-Z0-9_]+)$/

/** `CLIENT_SECRET` → `clientSecret`. */
const camel = (snake: string): string =>
  snake.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** Each gateway variable as its gateway name, setting name and variable name. */
const gatewayVariables = (env: Environment) =>
  Object.entries(env).flatMap(([variable, value]) => {
    const m = GATEWAY_VARIABLE.exec(variable)
    if (m === null || value === undefined) return []
    const gateway = (m[1] as string).toLowerCase()
    return [{ gateway, setting: camel(m[2] as string), variable, value }]
  })

/**
 * The gateway entries the environment defines: `VAULTPORT_GATEWAY_OLD_CLIENT_ID=x` →
 * `{ old: { clientId: 'x' } }`. A gateway name has no underscore.
 *
 * @category Configuration
 */
export const gatewaysFromEnv = (env: Environment): Record<string, Record<string, unknown>> => {
  const out: Record<string, Record<string, unknown>> = {}
  for (const { gateway, setting, value } of gatewayVariables(env))
    out[gateway] = { ...out[gateway], [setting]: value }
  return out
}

/** `clientSecret` → `CLIENT_SECRET`: a setting as the end of a `VAULTPORT_GATEWAY_` variable. */
export const envSuffix = (setting: string): string =>
  setting.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()

/** Where a gateway's setting came from: the variable named, or `undefined` for the file. */
export type Origin = (gateway: string, setting: string) => string | undefined

/** The variable each environment setting came from. */
export const envOrigins = (env: Environment): Origin => {
  const vars = new Map<string, string>()
  for (const { gateway, setting, variable } of gatewayVariables(env))
    vars.set(`${gateway}/${setting}`, variable)
  return (gateway, setting) => vars.get(`${gateway}/${setting}`)
}

/** Replaces every `"env:NAME"` string of one entry with the variable's value. */
export const resolveEnvRefs = (
  gateway: string,
  entry: Record<string, unknown>,
  env: Environment,
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
