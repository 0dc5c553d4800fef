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

/** @category Assertions */
export class ContractFailure extends Error {
  override readonly name = 'ContractFailure'
}

/**
 * Thrown by a scenario that finds nothing to check on this vault; reported, not failed.
 * @category Assertions
 */
export class NotApplicable extends Error {
  override readonly name = 'NotApplicable'
}

/** @category Assertions */
export const fail = (message: string): never => {
  throw new ContractFailure(defaultRedactor.text(message))
}

/** @category Assertions */
export const notApplicable = (reason: string): never => {
  throw new NotApplicable(reason)
}

const show = (u: unknown): string =>
  u === undefined ? 'undefined' : JSON.stringify(defaultRedactor.value(u))

// ---- TaskEither

/**
 * Runs the task; its Right, or a failure naming `what`.
 * @category Assertions
 */
export const expectRight = async <A>(te: TaskEither<VaultError, A>, what: string): Promise<A> => {
  const r = await te()
  return E.isRight(r) ? r.right : fail(`${what}: expected success, got ${formatVaultError(r.left)}`)
}

/**
 * Runs the task; its Left, or a failure naming `what`.
 * @category Assertions
 */
export const expectLeft = async <A>(
  te: TaskEither<VaultError, A>,
  what: string,
): Promise<VaultError> => {
  const r = await te()
  return E.isLeft(r) ? r.left : fail(`${what}: expected an error, got success ${show(r.right)}`)
}

/**
 * Runs the task; its Left, which must be of one of `kinds`.
 * @category Assertions
 */
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

/**
 * Runs the task; anything but `Left(kind)` passes.
 * @category Assertions
 */
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

/**
 * Structural equality with object keys in any order.
 * @category Assertions
 */
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

/** @category Assertions */
export const expectEqual = (actual: unknown, expected: unknown, what: string): void => {
  if (!sameValue(actual, expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`)
}

/** @category Assertions */
export const expectTrue = (condition: boolean, what: string): void => {
  if (!condition) fail(what)
}

/**
 * Field by field: every field in `fields` that `written` carries must read back equal.
 * This is how "reads reflect writes for every lossless field" is checked.
 * @category Assertions
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

// ---- errors built from an answer

/**
 * An error built from a gateway's answer: it is of `kind`, carries the answer's `requestId`
 * (named once in `formatVaultError`'s line, where support looks for it) and holds none of
 * `secrets` anywhere. For an adapter's own tests of the errors it builds.
 * @category Assertions
 */
export const expectRequestId = (
  e: VaultError,
  kind: VaultErrorKind,
  requestId: string,
  secrets: ReadonlyArray<string>,
): void => {
  const what = `${kind} error with request id`
  if (e.kind !== kind) fail(`${what}: got ${formatVaultError(e)}`)
  if (e.requestId !== requestId) fail(`${what}: requestId is ${show(e.requestId)}`)
  if (formatVaultError(e).split(requestId).length !== 2)
    fail(`${what}: the one-line form does not name it exactly once`)
  const all = JSON.stringify(e)
  // The index, never the secret: a failure message must not quote one.
  const leaked = secrets.findIndex((s) => all.includes(s))
  if (leaked >= 0) fail(`${what}: carries secret #${leaked + 1}`)
}
