/**
 * Paging over the store's append-only id lists (customers in creation order, a customer's
 * recurrences): page sizes capped by the topology, and offset cursors in and out.
 */
import * as E from 'fp-ts/Either'
import {
  offsetCursor,
  readOffsetCursor,
  type ListQuery,
  type OperationName,
  type VaultError,
} from '@vaultport/core'
import type { MemoryEnv } from '../env'
import { invalid } from './records'

export const pageSizeOf = (env: MemoryEnv, query: ListQuery | undefined): number =>
  Math.min(query?.pageSize ?? 50, env.topology.maxPageSize)

/** Where the page starts: the query's cursor read back, or why it is no cursor of this vault. */
export const offsetOf = (
  env: MemoryEnv,
  op: OperationName,
  query: ListQuery | undefined,
): E.Either<VaultError, number> => {
  const offset = readOffsetCursor(query?.cursor)
  return offset === undefined
    ? E.left(invalid(env, op, 'cursor', 'is not a cursor of this vault'))
    : E.right(offset)
}

/** The page's `nextCursor` member, present only when another page exists. */
export const nextCursorOf = (next: number | undefined): { nextCursor?: string } =>
  next === undefined ? {} : { nextCursor: offsetCursor(next) }
