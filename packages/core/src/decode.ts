/**
 * Turns io-ts decode failures into field issues. Messages name the path and the expected type
 * and never the offending value: a value that failed to decode may be a card number.
 */
import * as t from 'io-ts'
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

/**
 * `codec.decode` with a shortcut for a value already of the codec's type: `is` walks a value
 * without building io-ts contexts and results field by field, which is most of what decoding a
 * large page costs. Sound for a codec whose decode returns such a value unchanged, as every
 * vaultport codec does: they normalise only inputs their `is` rejects (an id sent as a number
 * reads as its string), and those still take the full decode. The model's and each adapter's
 * wire codecs are tested against that law.
 */
export const decodeFast = <A>(codec: t.Type<A, unknown, unknown>, u: unknown): t.Validation<A> =>
  codec.is(u) ? E.right(u) : codec.decode(u)

/**
 * `codec`, or `null`: what gateways send for an empty field. The same values as
 * `t.union([codec, t.null])`, checked without the union's per-check closure and member loop; a
 * list page checks such a field on every record.
 */
export const nullable = <C extends t.Mixed>(
  codec: C,
  name = `${codec.name} | null`,
): t.Type<t.TypeOf<C> | null, t.OutputOf<C> | null, unknown> =>
  new t.Type<t.TypeOf<C> | null, t.OutputOf<C> | null, unknown>(
    name,
    (u): u is t.TypeOf<C> | null => u === null || codec.is(u),
    (u, c) => (u === null ? t.success(u) : codec.validate(u, c)),
    (a) => (a === null ? a : (codec.encode(a) as t.OutputOf<C>)),
  )

/** `codec`, `null` or `undefined`, as `nullable` is to `t.union([codec, t.null, t.undefined])`. */
export const nullish = <C extends t.Mixed>(
  codec: C,
  name = `${codec.name} | null | undefined`,
): t.Type<t.TypeOf<C> | null | undefined, t.OutputOf<C> | null | undefined, unknown> =>
  new t.Type<t.TypeOf<C> | null | undefined, t.OutputOf<C> | null | undefined, unknown>(
    name,
    (u): u is t.TypeOf<C> | null | undefined => u === null || u === undefined || codec.is(u),
    (u, c) => (u === null || u === undefined ? t.success(u) : codec.validate(u, c)),
    (a) => (a === null || a === undefined ? a : (codec.encode(a) as t.OutputOf<C>)),
  )
