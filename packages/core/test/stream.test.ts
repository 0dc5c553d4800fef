import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import {
  collectAll,
  createLimiter,
  items,
  offsetCursor,
  readOffsetCursor,
  unexpectedResponse,
  type ListQuery,
  type Page,
} from '../src'

const numbers = Array.from({ length: 23 }, (_, i) => i)
const offsetLister = (query: ListQuery) => {
  const offset = readOffsetCursor(query.cursor) ?? 0
  const size = query.pageSize ?? 5
  const slice = numbers.slice(offset, offset + size)
  const page: Page<number> =
    offset + size < numbers.length
      ? { items: slice, nextCursor: offsetCursor(offset + size) }
      : { items: slice }
  return TE.right(page)
}

describe('paging streams', () => {
  it('yields every item exactly once, in order', async () => {
    expect(await collectAll(offsetLister, { pageSize: 4 })()).toEqual(E.right(numbers))
  })

  it('stops at the first error and yields it', async () => {
    let calls = 0
    const failing = (q: ListQuery) =>
      ++calls === 2
        ? TE.left(unexpectedResponse({ gateway: 'g', operation: 'customers.list' }, 'boom'))
        : offsetLister(q)
    const seen: Array<E.Either<unknown, number>> = []
    for await (const item of items(failing, { pageSize: 5 })) seen.push(item)
    expect(seen.filter(E.isRight)).toHaveLength(5)
    expect(E.isLeft(seen[seen.length - 1] as E.Either<unknown, number>)).toBe(true)
  })

  it('refuses a cursor that does not advance', async () => {
    const stuck = () => TE.right({ items: [1], nextCursor: 'same' })
    const r = await collectAll(stuck)()
    expect(E.isLeft(r) && r.left.message).toMatch(/repeated cursor/)
  })

  it('ends, as an error, a gateway that answers the same full page for every offset', async () => {
    let calls = 0
    const ignoresOffsets = (q: ListQuery) => {
      calls++
      const offset = readOffsetCursor(q.cursor) ?? 0
      return TE.right({
        items: [{ id: 'a' }, { id: 'b' }],
        nextCursor: offsetCursor(offset + 2),
      })
    }
    const r = await collectAll(ignoresOffsets)()
    expect(E.isLeft(r) && r.left.message).toMatch(/same page twice/)
    expect(calls).toBe(2)
  })

  it('reads only its own cursors', () => {
    expect(readOffsetCursor(offsetCursor(40))).toBe(40)
    expect(readOffsetCursor(undefined)).toBe(0)
    expect(readOffsetCursor('p:3')).toBeUndefined()
    expect(readOffsetCursor('o:-1')).toBeUndefined()
  })
})

describe('client-side rate limit', () => {
  it('spaces requests to the configured rate on a fake clock', async () => {
    let clock = 0
    const starts: number[] = []
    const limiter = createLimiter({
      requestsPerSecond: 10,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms
      },
    })
    for (let i = 0; i < 21; i++) {
      const release = await limiter.acquire()
      starts.push(clock)
      release()
    }
    // 21 requests at 10/s: the first at once, then one every 100 ms.
    expect(starts[20]).toBe(2000)
    expect(starts.every((t, i) => i === 0 || t - (starts[i - 1] as number) === 100)).toBe(true)
  })
})
