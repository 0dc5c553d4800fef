/**
 * When to try a request again, and how long to wait. Decided here and nowhere else.
 * @category HTTP
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. 1 disables retries. */
  readonly maxAttempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** A Retry-After longer than this is not waited out: the caller gets RateLimited at once. */
  readonly maxRetryAfterMs: number
}

/** @category HTTP */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
}

/**
 * Statuses that say "not now" rather than "no": the one list of transient statuses.
 * @category HTTP
 */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])
/** @category HTTP */
export const isTransientStatus = (status: number): boolean => TRANSIENT_STATUSES.has(status)

/**
 * Statuses after which a write may have happened: a 500 may come after the gateway stored the
 * write (a failure while answering), and on a 502 or 504 the proxy in front of the gateway did
 * not hear its answer. A 503 or 429 is a refusal before any work.
 * @category HTTP
 */
export const isAmbiguousWriteStatus = (status: number): boolean =>
  status === 500 || status === 502 || status === 504

/**
 * Exponential backoff with full jitter: a random delay in [0, min(max, base·2^attempt)).
 * @category HTTP
 */
export const backoffDelayMs = (
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
): number => Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt))

/**
 * Reads Retry-After as seconds or as an HTTP date; undefined when absent or unreadable.
 * @category HTTP
 */
export const parseRetryAfterMs = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
