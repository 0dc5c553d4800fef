/**
 * Names for the model's types. A codec's static type is the structure it was built from, and
 * editors and compiler messages print that structure in full (some 900 characters for a
 * customer). So each model type is declared by name — an interface extending the codec's
 * structure, or a union of such interfaces — and its codec is typed with that name: hovers and
 * errors say `Customer`, and `Customer.decode` gives a `Customer`. Types only: the codecs are the
 * same values at run time. Not exported from the package.
 */
import type * as t from 'io-ts'

/**
 * The codec `C`, of the same io-ts kind (so `.props`, `.types` and `t.exact` keep working), with
 * `A` as its static type. `A` must be `C`'s own type under another name: the annotation
 * `const X: Named<typeof XCodec, X> = XCodec` checks that both ways (through `is` and `encode`).
 */
export type Named<C extends t.Any, A> =
  C extends t.IntersectionType<infer CS, infer _A, infer O, infer I>
    ? t.IntersectionType<CS, A, O, I>
    : C extends t.UnionType<infer CS, infer _A, infer O, infer I>
      ? t.UnionType<CS, A, O, I>
      : C extends t.InterfaceType<infer P, infer _A, infer O, infer I>
        ? t.InterfaceType<P, A, O, I>
        : C extends t.PartialType<infer P, infer _A, infer O, infer I>
          ? t.PartialType<P, A, O, I>
          : C extends t.RefinementType<infer T, infer _A, infer O, infer I>
            ? t.RefinementType<T, A, O, I>
            : t.Type<A, t.OutputOf<C>, t.InputOf<C>>
