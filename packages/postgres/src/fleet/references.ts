/**
 * Credential references: how a fleet manifest (and the work units made from it) names a secret
 * without holding it. `env:NAME` is the worker's environment variable NAME; `file:PATH` is the
 * whole content of a file (trimmed: the layout of Docker and Kubernetes secrets), and
 * `file:PATH#KEY` the string under KEY in a JSON file of many secrets. References are resolved by
 * the worker that runs the unit, on its own machine, just before it opens the gateway; the
 * database only ever sees the reference. Messages name the variable or file, never a value.
 */
import { readFileSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import * as E from 'fp-ts/Either'

/**
 * A parsed credential reference: an environment variable, or a file (and a key in it).
 * @category Fleet
 * @internal
 */
export type CredentialReference =
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'file'; readonly path: string; readonly key?: string }

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * A reference, if `value` is written as one (a well-formed `env:` or `file:` string).
 * @category Fleet
 * @internal
 */
export const parseReference = (value: unknown): CredentialReference | undefined => {
  if (typeof value !== 'string') return undefined
  if (value.startsWith('env:')) {
    const variable = value.slice(4)
    return ENV_NAME.test(variable) ? { kind: 'env', variable } : undefined
  }
  if (value.startsWith('file:')) {
    const rest = value.slice(5)
    const hash = rest.lastIndexOf('#')
    const path = hash === -1 ? rest : rest.slice(0, hash)
    const key = hash === -1 ? undefined : rest.slice(hash + 1)
    if (path === '' || key === '') return undefined
    return key === undefined ? { kind: 'file', path } : { kind: 'file', path, key }
  }
  return undefined
}

/** Whether a string starts like a reference (then a malformed one is named as such). */
export const looksLikeReference = (value: unknown): boolean =>
  typeof value === 'string' && (value.startsWith('env:') || value.startsWith('file:'))

/**
 * A reference written back as its `env:` or `file:` string.
 * @category Fleet
 * @internal
 */
export const formatReference = (r: CredentialReference): string =>
  r.kind === 'env' ? `env:${r.variable}` : `file:${r.path}${r.key === undefined ? '' : `#${r.key}`}`

/** The same reference with a relative file path made absolute against `base`. */
export const anchorReference = (r: CredentialReference, base: string): CredentialReference =>
  r.kind === 'file' && !isAbsolute(r.path) ? { ...r, path: resolve(base, r.path) } : r

/**
 * Where references are resolved: the environment, and how files are read.
 * @category Fleet
 */
export interface ResolveContext {
  readonly env: Readonly<Record<string, string | undefined>>
  /** Reads a file as text (default: the file system). */
  readonly readFile?: (path: string) => string
}

const readText = (context: ResolveContext, path: string): E.Either<string, string> => {
  try {
    return E.right((context.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path))
  } catch {
    return E.left(`the secrets file ${path} cannot be read`)
  }
}

const fromJsonFile = (text: string, path: string, key: string): E.Either<string, string> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return E.left(`the secrets file ${path} is not valid JSON`)
  }
  const value =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)[key]
      : undefined
  return typeof value === 'string' && value !== ''
    ? E.right(value)
    : E.left(`the secrets file ${path} has no string "${key}"`)
}

/**
 * The secret a reference names, or why it cannot be had (naming the place, not the value).
 * @category Fleet
 * @internal
 */
export const resolveReference = (
  r: CredentialReference,
  context: ResolveContext,
): E.Either<string, string> => {
  if (r.kind === 'env') {
    const value = context.env[r.variable]
    return value === undefined || value === ''
      ? E.left(`the environment variable ${r.variable} is not set`)
      : E.right(value)
  }
  const text = readText(context, r.path)
  if (E.isLeft(text)) return text
  if (r.key !== undefined) return fromJsonFile(text.right, r.path, r.key)
  const trimmed = text.right.trim()
  return trimmed === '' ? E.left(`the secrets file ${r.path} is empty`) : E.right(trimmed)
}

/**
 * A gateway entry with every reference replaced by what it names: what the worker hands to the
 * adapter's factory. `where` prefixes a message (the merchant and side).
 * @category Fleet
 * @internal
 */
export const resolveEntry = (
  entry: Readonly<Record<string, unknown>>,
  context: ResolveContext,
  where: string,
): E.Either<string, Record<string, unknown>> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(entry)) {
    const r = parseReference(value)
    if (r === undefined) {
      out[key] = value
      continue
    }
    const resolved = resolveReference(r, context)
    if (E.isLeft(resolved)) return E.left(`${where}.${key}: ${resolved.left}`)
    out[key] = resolved.right
  }
  return E.right(out)
}
