/**
 * The little of `pg` this package needs, as structural types: a `pg.Pool` (or anything shaped
 * like one) fits, and the published declarations do not depend on `@types/pg`.
 */

/**
 * The rows of a query and how many it touched (`pg.QueryResult`).
 * @category Schema
 */
export interface PgResult {
  readonly rows: ReadonlyArray<Record<string, unknown>>
  readonly rowCount: number | null
}

/**
 * A connection taken from a pool (`pg.PoolClient`).
 * @category Schema
 */
export interface PgClient {
  readonly query: (text: string, values?: unknown[]) => Promise<PgResult>
  /** Back to its pool; with an error (or `true`) the connection is closed instead. */
  readonly release: (destroy?: Error | boolean) => void
  readonly on: (event: 'error', listener: (e: Error) => void) => unknown
  readonly removeListener: (event: 'error', listener: (e: Error) => void) => unknown
}

/**
 * A connection pool (`pg.Pool`).
 * @category Schema
 */
export interface PgPool {
  readonly connect: () => Promise<PgClient>
}

/**
 * The message of anything thrown by `pg` (its errors carry a SQLSTATE `code` besides).
 * @category Schema
 * @internal
 */
export const describePgError = (e: unknown): string => {
  const message = e instanceof Error ? e.message : String(e)
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `${message} (${code})` : message
}
