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

/**
 * Field issues for decode errors, at most `max`, one per path.
 * @category Validation
 */
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

/**
 * Decodes, or gives the issues.
 * @category Validation
 */
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
 * @category Validation
 */
export const decodeFast = <A>(codec: t.Type<A, unknown, unknown>, u: unknown): t.Validation<A> =>
  codec.is(u) ? E.right(u) : codec.decode(u)

/**
 * `codec` with its `is` replaced by a hand-written check of the same values. io-ts's own `is`
 * calls each field's check through call sites shared by every codec, which V8 cannot inline: a
 * page of 100 customer summaries took about 50 µs to check, the hand-written check about 6.
 * Everything else (validate, decode, encode, and the kind's own members such as `props` and
 * `types`) stays the codec's. The check must accept exactly the values the codec's decode
 * accepts unchanged; core's tests compare the two on mutated samples.
 * @category Validation
 */
export const withIs = <C extends t.Any>(codec: C, is: (u: unknown) => u is t.TypeOf<C>): C =>
  Object.assign(Object.create(Object.getPrototypeOf(codec) as object) as C, codec, { is })

/**
 * io-ts's record check (`t.UnknownRecord.is`), for hand-written checks.
 * @category Validation
 */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  u !== null && typeof u === 'object' && !Array.isArray(u)

/**
 * Whether `u` is an array whose every element passes `is` (`t.readonlyArray(…).is`).
 * @category Validation
 */
export const everyOf = (u: unknown, is: (x: unknown) => boolean): boolean => {
  if (!Array.isArray(u)) return false
  for (const x of u) if (!is(x)) return false
  return true
}

/**
 * `codec`, or `null`: what gateways send for an empty field. The same values as
 * `t.union([codec, t.null])`, checked without the union's per-check closure and member loop; a
 * list page checks such a field on every record.
 * @category Validation
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

/**
 * `codec`, `null` or `undefined`, as `nullable` is to `t.union([codec, t.null, t.undefined])`.
 * @category Validation
 */
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
