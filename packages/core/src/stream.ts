/**
 * Consuming paged lists without holding them: pages as an async iterable, items one at a time,
 * or a fold. Each stops at the first error, which it yields as a Left; none throws.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import { unexpectedResponse, type VaultError } from './errors'
import type { ListQuery, Page } from './model/paging'

export type Lister<A> = (query: ListQuery) => TaskEither<VaultError, Page<A>>

/** Every page in order, then done; a Left ends the stream. */
export async function* pages<A>(
  list: Lister<A>,
  query: ListQuery = {},
): AsyncGenerator<E.Either<VaultError, Page<A>>, void, undefined> {
  let cursor = query.cursor
  const seen = new Set<string>()
  for (;;) {
    const page = await list(cursor === undefined ? withoutCursor(query) : { ...query, cursor })()
    yield page
    if (E.isLeft(page) || page.right.nextCursor === undefined) return
    cursor = page.right.nextCursor
    if (seen.has(cursor)) {
      yield E.left(
        unexpectedResponse(
          { gateway: 'unknown', operation: 'list' },
          `paging repeated cursor ${cursor}`,
        ),
      )
      return
    }
    seen.add(cursor)
  }
}

/** Every item in order. */
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

/** Folds every item into one value, page by page. */
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

/** Every item in one array: for small lists and tests only. */
export const collectAll = <A>(
  list: Lister<A>,
  query: ListQuery = {},
): TaskEither<VaultError, ReadonlyArray<A>> =>
  foldItems(list, [] as A[], (acc, a) => (acc.push(a), acc), query)

const withoutCursor = (query: ListQuery): ListQuery => {
  const { cursor: _cursor, ...rest } = query
  return rest
}
