/**
 * Conversions every port's translation uses: FluidPay's text limit, empty-text reading, compact
 * objects, timestamps, names and field issues.
 */
import { IsoDateTime, type FieldIssue } from '@vaultport/core'
import type { OptText } from '../wire'

// ---- limits (FluidPay's Customer Vault docs)

export const TEXT_MAX = 255

// ---- scalars

export const text = (s: OptText): string | undefined =>
  s === null || s === undefined || s === '' ? undefined : s

/** Copies the defined entries only, as exactOptionalPropertyTypes wants. */
export const compact = <T extends object>(o: { [K in keyof T]: T[K] | undefined }): T => {
  // A plain loop: this runs for every field of every record of a page.
  const out: Record<string, unknown> = {}
  for (const k in o) if (o[k] !== undefined) out[k] = o[k]
  return out as T
}

/** A timestamp as the canonical model wants it: RFC 3339 with a zone. */
export const readTimestamp = (s: OptText): string | undefined => {
  const v = text(s)
  if (v === undefined) return undefined
  if (IsoDateTime.is(v)) return v
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

// ---- names

/** "Mary Ann Lee" → first "Mary Ann", last "Lee"; "Ada" → first "Ada", last "". */
export const splitName = (name: string): { first_name: string; last_name: string } => {
  const n = normalizeName(name)
  const at = n.lastIndexOf(' ')
  return at < 0
    ? { first_name: n, last_name: '' }
    : { first_name: n.slice(0, at), last_name: n.slice(at + 1) }
}

export const joinName = (first: OptText, last: OptText): string | undefined =>
  text([text(first), text(last)].filter((s) => s !== undefined).join(' '))

/** What a name reads back as: trimmed, inner runs of whitespace as one space. */
export const normalizeName = (name: string): string => name.trim().replace(/\s+/g, ' ')

// ---- field issues

/** A field issue at `path`. */
export const issue = (path: string, message: string): FieldIssue => ({ path, message })
