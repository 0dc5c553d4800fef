/**
 * Translation helpers every port uses: wire text, the `Translated` value-plus-warnings pair,
 * dropped-field warnings, Valor's name rule and its path-id shape.
 */
import { warning, type FieldIssue, type Warning } from '@vaultport/core'
import type { WireText } from '../wire'

// ---- utils

/** A wire text as a string: null and absent are "", numbers are printed. */
export const textOf = (u: WireText | undefined): string =>
  u === undefined || u === null ? '' : String(u)

/** Sets `key` only when the value is a non-empty string (exactOptionalPropertyTypes-safe). */
export const put = <K extends string>(key: K, value: string): { [P in K]?: string } =>
  (value === '' ? {} : { [key]: value }) as { [P in K]?: string }

export interface Translated<A> {
  readonly value: A
  readonly warnings: ReadonlyArray<Warning>
}

export const dropped = (field: string, what: string): Warning =>
  warning('field_dropped', `Valor has no ${what}; the value was not stored`, field)

// ---- names

/** GATEWAY-FACTS §3.6 / wire-assumptions V.2: letters and spaces, at most 25. */
const VALOR_NAME = /^[A-Za-z ]{1,25}$/

/** Issues for a name Valor would refuse (checked before any request, never truncated). */
export const nameIssues = (path: string, name: string | undefined): FieldIssue[] =>
  name === undefined
    ? []
    : name.length > 25
      ? [{ path, message: `Valor keeps at most 25 characters (has ${name.length})` }]
      : VALOR_NAME.test(name)
        ? []
        : [{ path, message: 'Valor accepts letters and spaces only' }]

// ---- ids

/** Valor path ids are 1–11 digits (GATEWAY-FACTS §3.6); anything else cannot exist. */
export const isWireId = (s: string): boolean => /^\d{1,11}$/.test(s)
