/**
 * Auth plug-ins give each request its headers. Static credentials are one header set; a token
 * provider fetches a token, caches it, refreshes it shortly before it expires, shares one fetch
 * among concurrent callers, and on a 401 refreshes so the client can replay exactly once.
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import { outsideAnyCall } from '../callOptions'
import type { ErrorContext, VaultError } from '../errors'

/** @category HTTP */
export interface AuthPlugin {
  readonly headers: (ctx: ErrorContext) => TaskEither<VaultError, Readonly<Record<string, string>>>
  /**
   * After a 401: get fresh credentials, unless the ones `rejected` were already replaced (a
   * request sent with the old token, answered after another one refreshed it). Absent = no
   * replay.
   */
  readonly refresh?: (
    ctx: ErrorContext,
    rejected?: Readonly<Record<string, string>>,
  ) => TaskEither<VaultError, void>
  /** Exact values the redactor must scrub (keys, secrets, current tokens). */
  readonly secrets: () => ReadonlyArray<string>
}

/**
 * Fixed headers: FluidPay's raw API key, Valor's app id and key.
 * @category HTTP
 */
export const staticHeaders = (headers: Readonly<Record<string, string>>): AuthPlugin => ({
  headers: () => async () => E.right(headers),
  secrets: () => Object.values(headers),
})

/** @category HTTP */
export interface TokenGrant {
  readonly accessToken: string
  readonly expiresInSeconds?: number
  readonly refreshToken?: string
}

/** @category HTTP */
export interface TokenProviderOptions {
  /** Gets a token: with the refresh token when one is held, else from the credentials. */
  readonly fetchToken: (
    ctx: ErrorContext,
    refreshToken?: string,
  ) => TaskEither<VaultError, TokenGrant>
  /**
   * Refresh this long before expiry. Default 60 s; never more than half a grant's
   * lifetime, so a token that lives 60 s or less is still cached for half its life.
   */
  readonly refreshSkewMs?: number
  /** Lifetime assumed when the grant does not say. Default 15 minutes. */
  readonly defaultLifetimeMs?: number
  readonly scheme?: string
  readonly now?: () => number
  /** Static secrets of the grant (client secret) for the redactor. */
  readonly credentialSecrets?: ReadonlyArray<string>
}

interface Cached {
  readonly grant: TokenGrant
  /** When to stop using it: its expiry less the refresh margin. */
  readonly refreshAt: number
}

/** @category HTTP */
export const tokenProvider = (
  options: TokenProviderOptions,
): AuthPlugin & { readonly invalidate: () => void } => {
  const now = options.now ?? (() => Date.now())
  const skew = options.refreshSkewMs ?? 60_000
  const lifetime = options.defaultLifetimeMs ?? 15 * 60_000
  const scheme = options.scheme ?? 'Bearer'
  let cached: Cached | undefined
  let inFlight: Promise<E.Either<VaultError, Cached>> | undefined
  const issued: string[] = []

  const fetchOnce = (ctx: ErrorContext): Promise<E.Either<VaultError, Cached>> => {
    if (inFlight !== undefined) return inFlight
    const refreshToken = cached?.grant.refreshToken
    // One fetch serves every caller waiting for a token: no one call's signal, deadline or
    // headers (see `withCallOptions`) may shape it. A caller that aborts stops waiting for it.
    // The whole chain is built outside: a continuation runs where its `then` was called.
    inFlight = outsideAnyCall(() =>
      options
        .fetchToken(ctx, refreshToken)()
        .then((result) =>
          E.isRight(result) || refreshToken === undefined ? result : options.fetchToken(ctx)(),
        ),
    )
      .then(
        E.map((grant) => {
          issued.push(grant.accessToken)
          if (grant.refreshToken !== undefined) issued.push(grant.refreshToken)
          const ttl =
            grant.expiresInSeconds !== undefined ? grant.expiresInSeconds * 1000 : lifetime
          cached = { grant, refreshAt: now() + ttl - Math.min(skew, ttl / 2) }
          return cached
        }),
      )
      .finally(() => {
        inFlight = undefined
      })
    return inFlight
  }

  const fresh = (c: Cached | undefined): c is Cached => c !== undefined && now() < c.refreshAt
  const headerOf = (c: Cached) => `${scheme} ${c.grant.accessToken}`

  return {
    headers: (ctx) => async () => {
      const current = fresh(cached) ? E.right(cached) : await fetchOnce(ctx)
      return E.map((c: Cached) => ({ Authorization: headerOf(c) }))(current)
    },
    refresh: (ctx, rejected) => async () => {
      // Many calls sent with one token come back 401 together: one fetch serves them all.
      if (inFlight !== undefined) return E.map(() => undefined)(await inFlight)
      const replaced =
        rejected !== undefined &&
        fresh(cached) &&
        rejected['Authorization'] !== undefined &&
        rejected['Authorization'] !== headerOf(cached)
      if (replaced) return E.right(undefined)
      cached = cached === undefined ? undefined : { ...cached, refreshAt: 0 }
      return E.map(() => undefined)(await fetchOnce(ctx))
    },
    invalidate: () => {
      cached = undefined
    },
    secrets: () => [...(options.credentialSecrets ?? []), ...issued],
  }
}
