/**
 * PostgreSQL advisory locks by name. A lock's key is a 64-bit number: here the first 8 bytes of
 * the SHA-256 of a namespaced name, so two names collide with odds of one in 2^64. The server
 * shows such a lock in `pg_locks` split in two 32-bit halves (`classid`, `objid`).
 */
import { createHash } from 'node:crypto'

/**
 * The signed 64-bit key (as a decimal string, for a `$n::bigint` parameter) of a lock name.
 * @category Schema
 * @internal
 */
export const advisoryKey = (name: string): string => {
  const hex = createHash('sha256').update(`vaultport:${name}`, 'utf8').digest('hex').slice(0, 16)
  return BigInt.asIntN(64, BigInt(`0x${hex}`)).toString()
}

/**
 * The `pg_locks` halves of a key: `classid` (high 32 bits) and `objid` (low 32 bits).
 * @category Schema
 * @internal
 */
export const advisoryHalves = (
  key: string,
): { readonly classid: string; readonly objid: string } => {
  const unsigned = BigInt.asUintN(64, BigInt(key))
  return { classid: (unsigned >> 32n).toString(), objid: (unsigned & 0xffffffffn).toString() }
}

/** The key of the lock that serialises schema migrations. */
export const SCHEMA_LOCK = advisoryKey('schema')
