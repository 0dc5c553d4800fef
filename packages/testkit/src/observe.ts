/**
 * An observed vault records every answer it gives (errors, and the values and warnings of
 * successes) so that a leak check can scan all of them, with the transcript, for secrets.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import { operationNames, type OperationName, type Vault, type VaultError } from '@vaultport/core'

// ---- model

/** @category Leak scan */
export interface Observation {
  readonly operation: OperationName
  readonly result: E.Either<VaultError, unknown>
}

/** @category Leak scan */
export interface Observed<V> {
  readonly vault: V
  readonly observations: () => ReadonlyArray<Observation>
}

type AnyOperation = (...args: ReadonlyArray<unknown>) => TaskEither<VaultError, unknown>

// ---- combinators

/**
 * Rebuilds a vault with every operation replaced by `wrap(op, original)`. The capabilities
 * and anything else on the vault (a memory vault's `inspect`, say) are kept.
 * @category Leak scan
 * @internal
 */
export const mapOperations = <V extends Vault>(
  vault: V,
  wrap: (operation: OperationName, original: AnyOperation) => AnyOperation,
): V => {
  const ports: Record<string, Record<string, AnyOperation>> = {}
  for (const op of operationNames()) {
    const [port, name] = op.split('.') as [string, string]
    const original = (vault as unknown as Record<string, Record<string, AnyOperation>>)[port]?.[
      name
    ]
    if (original === undefined) continue
    ports[port] = { ...(ports[port] ?? {}), [name]: wrap(op, original) }
  }
  return { ...vault, ...ports } as V
}

/**
 * Records every answer of every operation.
 * @category Leak scan
 */
export const observe = <V extends Vault>(vault: V): Observed<V> => {
  const seen: Observation[] = []
  return {
    vault: mapOperations(vault, (operation, original) => (...args) => async () => {
      const result = await original(...args)()
      seen.push({ operation, result })
      return result
    }),
    observations: () => seen,
  }
}

// ---- leak scan

/** @category Leak scan */
export interface LeakHit {
  /** Where: `error of customers.get`, `value of paymentMethods.list`, `transcript event 3`. */
  readonly where: string
  /** The secret, masked to its last four. */
  readonly secret: string
}

const mask = (s: string): string => `…${s.slice(-4)} (${s.length} chars)`

/**
 * Every place one of `secrets` occurs in the serialized `items`.
 * @category Leak scan
 */
export const scanForSecrets = (
  items: ReadonlyArray<{ readonly where: string; readonly value: unknown }>,
  secrets: ReadonlyArray<string>,
): ReadonlyArray<LeakHit> => {
  const wanted = [...new Set(secrets.filter((s) => s.length >= 4))]
  const hits: LeakHit[] = []
  for (const { where, value } of items) {
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
    for (const secret of wanted)
      if (text.includes(secret)) hits.push({ where, secret: mask(secret) })
  }
  return hits
}

/**
 * The observations as scan items.
 * @category Leak scan
 * @internal
 */
export const observationItems = (
  observations: ReadonlyArray<Observation>,
): ReadonlyArray<{ where: string; value: unknown }> =>
  observations.map((o) => ({
    where: `${E.isLeft(o.result) ? 'error' : 'value'} of ${o.operation}`,
    value: E.isLeft(o.result) ? o.result.left : o.result.right,
  }))
