/**
 * Consuming paged lists without holding them: pages as an async iterable, items one at a time,
 * or a fold. Each stops at the first error, which it yields as a Left; none throws.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import { unexpectedResponse, type VaultError } from './errors'
import type { ListQuery, Page } from './model/paging'

/** @category Paging */
export type Lister<A> = (query: ListQuery) => TaskEither<VaultError, Page<A>>

/**
 * Every page in order, then done; a Left ends the stream.
 * @category Paging
 */
export async function* pages<A>(
  list: Lister<A>,
  query: ListQuery = {},
): AsyncGenerator<E.Either<VaultError, Page<A>>, void, undefined> {
  let cursor = query.cursor
  const seen = new Set<string>()
  let previous: string | undefined
  for (;;) {
    const page = await list(cursor === undefined ? withoutCursor(query) : { ...query, cursor })()
    if (E.isLeft(page)) {
      yield page
      return
    }
    // A gateway that answers the same full page for every offset, with no total, would make
    // paging endless: the same items twice in a row end it as an error.
    const fingerprint = fingerprintOf(page.right.items)
    if (fingerprint !== undefined && fingerprint === previous) {
      yield E.left(pagingError('paging returned the same page twice; the gateway ignores offsets'))
      return
    }
    previous = fingerprint
    yield page
    if (page.right.nextCursor === undefined) return
    cursor = page.right.nextCursor
    if (seen.has(cursor)) {
      yield E.left(pagingError(`paging repeated cursor ${cursor}`))
      return
    }
    seen.add(cursor)
  }
}

const pagingError = (message: string): VaultError =>
  unexpectedResponse({ gateway: 'unknown', operation: 'list' }, message)

/** The ids of a page's items, in order; undefined for an empty page or items without ids. */
const fingerprintOf = (items: ReadonlyArray<unknown>): string | undefined => {
  if (items.length === 0) return undefined
  const ids: string[] = []
  for (const item of items) {
    const id: unknown = (item as { id?: unknown } | null)?.id
    if (typeof id !== 'string') return undefined
    ids.push(id)
  }
  return ids.join('\u0000')
}

/**
 * Every item in order.
 * @category Paging
 */
export async function* items<A>(
  list: Lister<A>,
  query: ListQuery = {},
): AsyncGenerator<E.Either<VaultError, A>, void, undefined> {
  for await (const page of pages(list, query)) {
    if (E.isLeft(page)) {
      yield page
      return
    }
    for (const item of page.right.items) yield E.right(item)
  }
}

/**
 * Folds every item into one value, page by page.
 * @category Paging
 */
export const foldItems =
  <A, B>(
    list: Lister<A>,
    initial: B,
    f: (acc: B, item: A) => B,
    query: ListQuery = {},
  ): TaskEither<VaultError, B> =>
  async () => {
    let acc = initial
    for await (const page of pages(list, query)) {
      if (E.isLeft(page)) return page
      for (const item of page.right.items) acc = f(acc, item)
    }
    return E.right(acc)
  }

/**
 * Every item in one array: for small lists and tests only.
 * @category Paging
 */
export const collectAll = <A>(
  list: Lister<A>,
  query: ListQuery = {},
): TaskEither<VaultError, ReadonlyArray<A>> =>
  foldItems(list, [] as A[], (acc, a) => (acc.push(a), acc), query)

const withoutCursor = (query: ListQuery): ListQuery => {
  const { cursor: _cursor, ...rest } = query
  return rest
}
