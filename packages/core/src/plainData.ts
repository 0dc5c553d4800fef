/**
 * Arguments cross the public boundary as plain data. A JavaScript caller can pass anything — a
 * Proxy, an object whose getter throws, a BigInt, a cycle, a structure thousands of levels deep —
 * and reading such a value can throw, or never end, long after validation. So every argument is
 * first copied into plain data, or refused with a field issue that says why, before it is read.
 */
import * as E from 'fp-ts/Either'
import { types } from 'node:util'
import type { FieldIssue } from './errors'

/**
 * Deeper than any canonical input nests; a payload deeper than this is refused.
 * @category Validation
 * @internal
 */
export const MAX_ARGUMENT_DEPTH = 32

/**
 * An object literal's prototype is an `Object.prototype`, of this realm or another (a value
 * from `structuredClone`, a worker or a vm context has its own), or null; a class instance's
 * prototype has a prototype of its own.
 */
const isPlainObject = (u: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === null || Object.getPrototypeOf(proto) === null
}

const isScalar = (u: unknown): boolean => {
  const type = typeof u
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined'
}

/**
 * A copy of `u` made only of strings, numbers, booleans, null, undefined, arrays and plain
 * objects with data properties; or the issues that stop it. Never throws.
 * @category Validation
 * @internal
 */
export const plainData = (u: unknown, path: string): E.Either<FieldIssue[], unknown> => {
  // Most arguments are an id or a page size: nothing to copy, so nothing to set up.
  if (u === null || isScalar(u)) return E.right(u)
  const issues: FieldIssue[] = []
  const seen = new Set<object>()
  const copy = (v: unknown, at: string, depth: number): unknown => {
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'undefined':
        return v
      case 'bigint':
        issues.push({ path: at, message: 'must be a number, not a BigInt' })
        return undefined
      case 'symbol':
      case 'function':
        issues.push({ path: at, message: `must be plain data, not a ${typeof v}` })
        return undefined
    }
    if (v === null) return null
    return copyObject(v as object, at, depth)
  }
  const copyObject = (o: object, at: string, depth: number): unknown => {
    if (types.isProxy(o)) {
      issues.push({ path: at, message: 'must be plain data, not a Proxy' })
      return undefined
    }
    if (depth >= MAX_ARGUMENT_DEPTH) {
      issues.push({ path: at, message: `nests deeper than ${MAX_ARGUMENT_DEPTH} levels` })
      return undefined
    }
    if (seen.has(o)) {
      issues.push({ path: at, message: 'refers to itself (a cycle)' })
      return undefined
    }
    if (!Array.isArray(o) && !isPlainObject(o)) {
      issues.push({ path: at, message: 'must be a plain object' })
      return undefined
    }
    seen.add(o)
    const out: Record<string, unknown> | unknown[] = Array.isArray(o) ? [] : {}
    for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(o))) {
      if (Array.isArray(o) && key === 'length') continue
      if (!d.enumerable) continue
      const where = Array.isArray(o) ? `${at}[${key}]` : `${at}.${key}`
      if (d.get !== undefined || d.set !== undefined) {
        issues.push({ path: where, message: 'is a getter; pass plain data' })
        continue
      }
      ;(out as Record<string, unknown>)[key] = copy(d.value, where, depth + 1)
    }
    seen.delete(o)
    return out
  }
  try {
    const result = copy(u, path, 0)
    return issues.length === 0 ? E.right(result) : E.left(issues)
  } catch (e) {
    // Only exotic objects (host objects, revoked proxies) get here.
    return E.left([{ path, message: `cannot be read: ${e instanceof Error ? e.name : 'error'}` }])
  }
}

/**
 * Every argument of a call as plain data, or every issue found, each under its name.
 * @category Validation
 */
export const plainArguments = (
  names: ReadonlyArray<string>,
  args: ReadonlyArray<unknown>,
): E.Either<FieldIssue[], unknown[]> => {
  const issues: FieldIssue[] = []
  const copies = names.map((name, i) => {
    const r = plainData(args[i], name)
    if (E.isRight(r)) return r.right
    issues.push(...r.left)
    return undefined
  })
  return issues.length === 0 ? E.right(copies) : E.left(issues)
}
