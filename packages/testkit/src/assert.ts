/**
 * Assertions for `TaskEither`-returning ports. They throw a `ContractFailure` with a message that
 * names what was checked, so they work under jest, under `runContract` and in any other runner.
 * Messages never quote a card or account number: values are shown through the redactor.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import {
  defaultRedactor,
  formatVaultError,
  type VaultError,
  type VaultErrorKind,
} from '@vaultport/core'

// ---- model

export class ContractFailure extends Error {
  override readonly name = 'ContractFailure'
}

/** Thrown by a scenario that finds nothing to check on this vault; reported, not failed. */
export class NotApplicable extends Error {
  override readonly name = 'NotApplicable'
}

export const fail = (message: string): never => {
  throw new ContractFailure(defaultRedactor.text(message))
}

export const notApplicable = (reason: string): never => {
  throw new NotApplicable(reason)
}

const show = (u: unknown): string =>
  u === undefined ? 'undefined' : JSON.stringify(defaultRedactor.value(u))

// ---- TaskEither

/** Runs the task; its Right, or a failure naming `what`. */
export const expectRight = async <A>(te: TaskEither<VaultError, A>, what: string): Promise<A> => {
  const r = await te()
  return E.isRight(r) ? r.right : fail(`${what}: expected success, got ${formatVaultError(r.left)}`)
}

/** Runs the task; its Left, or a failure naming `what`. */
export const expectLeft = async <A>(
  te: TaskEither<VaultError, A>,
  what: string,
): Promise<VaultError> => {
  const r = await te()
  return E.isLeft(r) ? r.left : fail(`${what}: expected an error, got success ${show(r.right)}`)
}

/** Runs the task; its Left, which must be of one of `kinds`. */
export const expectLeftKind = async <A>(
  te: TaskEither<VaultError, A>,
  kinds: VaultErrorKind | ReadonlyArray<VaultErrorKind>,
  what = 'operation',
): Promise<VaultError> => {
  const wanted: ReadonlyArray<VaultErrorKind> = typeof kinds === 'string' ? [kinds] : kinds
  const left = await expectLeft(te, what)
  return wanted.includes(left.kind)
    ? left
    : fail(`${what}: expected ${wanted.join(' or ')}, got ${formatVaultError(left)}`)
}

/** Runs the task; anything but `Left(kind)` passes. */
export const expectNotLeftKind = async <A>(
  te: TaskEither<VaultError, A>,
  kind: VaultErrorKind,
  what: string,
): Promise<E.Either<VaultError, A>> => {
  const r = await te()
  return E.isLeft(r) && r.left.kind === kind
    ? fail(`${what}: expected anything but ${kind}, got ${formatVaultError(r.left)}`)
    : r
}

// ---- values

/** Structural equality with object keys in any order. */
export const sameValue = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  return (
    ka.length === kb.length &&
    ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  )
}

export const expectEqual = (actual: unknown, expected: unknown, what: string): void => {
  if (!sameValue(actual, expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`)
}

export const expectTrue = (condition: boolean, what: string): void => {
  if (!condition) fail(what)
}

/**
 * Field by field: every field in `fields` that `written` carries must read back equal.
 * This is how "reads reflect writes for every lossless field" is checked.
 */
export const expectFieldsEqual = <W extends object>(
  read: object,
  written: W,
  fields: ReadonlyArray<string>,
  what: string,
): void => {
  const r = read as Record<string, unknown>
  const w = written as Record<string, unknown>
  const wrong = fields.filter((f) => w[f] !== undefined && !sameValue(r[f], w[f]))
  if (wrong.length > 0) {
    fail(
      `${what}: lossless field(s) did not read back: ${wrong
        .map((f) => `${f} (wrote ${show(w[f])}, read ${show(r[f])})`)
        .join('; ')}`,
    )
  }
}
