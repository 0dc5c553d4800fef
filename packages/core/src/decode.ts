/**
 * Turns io-ts decode failures into field issues. Messages name the path and the expected type
 * and never the offending value: a value that failed to decode may be a card number.
 */
import type * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import type { FieldIssue } from './errors'

const isIndexOfComposite = (parent: t.ContextEntry | undefined): boolean => {
  const type = parent?.type as { _tag?: string } | undefined
  return (
    type?._tag === 'IntersectionType' ||
    type?._tag === 'UnionType' ||
    type?._tag === 'RefinementType' ||
    type?._tag === 'ExactType'
  )
}

const pathOf = (context: t.Context): string => {
  const parts: string[] = []
  for (let i = 1; i < context.length; i++) {
    const entry = context[i]
    if (entry === undefined || isIndexOfComposite(context[i - 1])) continue
    parts.push(
      /^\d+$/.test(entry.key) ? `[${entry.key}]` : (parts.length === 0 ? '' : '.') + entry.key,
    )
  }
  return parts.join('').replace(/^\./, '') || '(root)'
}

/** Field issues for decode errors, at most `max`, one per path. */
export const issuesFromDecodeErrors = (errors: t.Errors, max = 12): ReadonlyArray<FieldIssue> => {
  const byPath = new Map<string, FieldIssue>()
  for (const error of errors) {
    const path = pathOf(error.context)
    if (byPath.has(path)) continue
    const expected = error.context[error.context.length - 1]?.type.name ?? 'a valid value'
    const message = error.value === undefined ? `is required (${expected})` : `expected ${expected}`
    byPath.set(path, { path, message })
    if (byPath.size >= max) break
  }
  return [...byPath.values()]
}

/** Decodes, or gives the issues. */
export const decodeWithIssues = <A, O, I>(
  codec: t.Type<A, O, I>,
  input: I,
): E.Either<ReadonlyArray<FieldIssue>, A> => E.mapLeft(issuesFromDecodeErrors)(codec.decode(input))
