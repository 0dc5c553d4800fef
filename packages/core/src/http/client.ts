/**
 * The HTTP client every adapter sends through. One place decides timeouts, retries, rate and
 * concurrency limits, auth and the 401 replay, transcript events and redaction. It returns any
 * HTTP answer it does not itself classify as Right, for the adapter's error table to read; it
 * returns Left for transport failures, for transient statuses it gave up on, and for calls their
 * caller aborted (see `withCallOptions`, whose options it reads for every request).
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import { vaultError, type ErrorContext, type VaultError } from '../errors'
import { createRedactor, lazyRedactor, sensitiveValuesOf, type Redactor } from '../redact'
import type { AuthPlugin } from './auth'
import type { Limiter } from './limiter'
import { admit, attemptEnded, createPacing, type Pacing } from './pacing'
import {
  backoffDelayMs,
  defaultRetryPolicy,
  isAmbiguousWriteStatus,
  isTransientStatus,
  parseRetryAfterMs,
  type RetryPolicy,
} from './retry'
import { activeCallOptions, type AttemptReport } from '../callOptions'
import {
  abortedCall,
  ABORTED,
  isAborted,
  unlessAborted,
  watchAbort,
  type AbortStage,
  type AbortWatch,
} from './abort'
import {
  defaultRequestIdHeaders,
  hookHeaders,
  mergeHeaders,
  nextExchangeId,
  readRequestId,
  type RequestHook,
} from './headers'
import { emitTranscript, type TranscriptHook } from './transcript'
import {
  answered,
  encodeBody,
  TRAILING_SLASHES,
  transportResult,
  urlOf,
  wireRequestOf,
  type AttemptWire,
} from './attemptParts'
import {
  axiosTransport,
  type HttpMethod,
  type Transport,
  type TransportResult,
  type WireResponse,
} from './transport'

// ---- model

/** @category HTTP */
export type QueryValue = string | number | boolean | undefined

/** @category HTTP */
export interface HttpRequest {
  /** The port operation this request serves, for errors and transcripts. */
  readonly operation: string
  readonly method: HttpMethod
  /** Relative to the base URL; path parameters already encoded. */
  readonly path: string
  readonly query?: Readonly<Record<string, QueryValue>>
  readonly json?: unknown
  readonly form?: Readonly<Record<string, string>>
  readonly headers?: Readonly<Record<string, string>>
  /**
   * Safe to send again when no answer came back: reads, deletes and updates that set state.
   * A create is not, unless the gateway deduplicates it.
   */
  readonly idempotent: boolean
  /** Skip the auth plug-in (the token request itself). */
  readonly anonymous?: boolean
  /**
   * Further values this request's answer must never carry into an error or transcript: the
   * numbers of the write a follow-up read belongs to, say.
   */
  readonly secrets?: ReadonlyArray<string>
}

/** @category HTTP */
export interface HttpResponse extends WireResponse {
  /**
   * Set by the client: the redactor for this answer. It scrubs every credential the client
   * knows and the request's own card, account and token values, so an answer that echoes what
   * it was sent cannot carry them into an error. Adapters read every error through it.
   */
  readonly redactor?: Redactor
  /**
   * Set by the client: the gateway's id for this exchange, from the first answer header of
   * `requestIdHeaders` present. Quote it to the gateway's support.
   */
  readonly requestId?: string
}

/** @category HTTP */
export interface HttpClientConfig {
  readonly gateway: string
  readonly baseUrl: string
  readonly auth?: AuthPlugin
  /** Per attempt, for the whole exchange (headers and body). Default 15 s. */
  readonly timeoutMs?: number
  /** The longest answer read, in bytes after decompression; longer ones are not. Default 8 MiB. */
  readonly maxAnswerBytes?: number
  readonly retry?: Partial<RetryPolicy>
  readonly maxConcurrency?: number
  /** A hard ceiling: the client never sends faster, whatever it learns. */
  readonly requestsPerSecond?: number
  readonly burst?: number
  /** Learn the gateway's rate from its 429s (never above `requestsPerSecond`). Default true. */
  readonly learnRate?: boolean
  readonly onTranscript?: TranscriptHook
  /**
   * Called before every attempt: the headers it returns are added to it (a W3C `traceparent`,
   * say). They never replace the client's own headers or the credentials; a hook that throws
   * adds nothing and the attempt is sent as if there were no hook.
   */
  readonly onRequest?: RequestHook
  /**
   * The answer headers the gateway's request id is read from, first found wins. Default
   * `x-request-id`, `x-correlation-id`, `request-id`.
   */
  readonly requestIdHeaders?: ReadonlyArray<string>
  /** Further exact values to scrub from errors and transcripts. */
  readonly secrets?: ReadonlyArray<string>
  readonly defaultHeaders?: Readonly<Record<string, string>>
  readonly transport?: Transport
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
  readonly now?: () => number
}

/**
 * The HTTP settings every adapter's config takes under `http`: the client's, less what the adapter owns.
 * @category HTTP
 */
export type AdapterHttpOptions = Pick<
  HttpClientConfig,
  | 'timeoutMs'
  | 'maxAnswerBytes'
  | 'retry'
  | 'maxConcurrency'
  | 'requestsPerSecond'
  | 'burst'
  | 'learnRate'
  | 'onTranscript'
  | 'onRequest'
  | 'requestIdHeaders'
  | 'transport'
  | 'sleep'
  | 'random'
>

/** @category HTTP */
export interface HttpClient {
  readonly gateway: string
  readonly send: (request: HttpRequest) => TaskEither<VaultError, HttpResponse>
  /** The client's redactor, with every credential it knows of: use it for every error. */
  readonly redactor: () => Redactor
}

// ---- utils

export { buildUrl } from './attemptParts'

const MAX_RAW_BODY = 2_000
const DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024

/**
 * A capped, redacted copy of a body for an error's evidence.
 * @category HTTP
 * @internal
 */
export const rawBodyEvidence = (redactor: Redactor, body: string): string => {
  const r = redactor.text(body)
  return r.length > MAX_RAW_BODY ? `${r.slice(0, MAX_RAW_BODY)}… (${r.length} characters)` : r
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

// ---- the client's environment, built once

/** What every request of one client shares: its settings, with every default filled in. */
interface ClientEnv {
  readonly config: HttpClientConfig
  /** The base URL without its trailing slashes. */
  readonly base: string
  readonly policy: RetryPolicy
  readonly transport: Transport
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
  readonly now: () => number
  readonly timeoutMs: number
  readonly maxAnswerBytes: number
  readonly pacing: Pacing
  readonly redactor: () => Redactor
  readonly requestIdHeaders: ReadonlyArray<string>
}

/** What one request runs with: the client's settings, and the caller's per-call options. */
interface CallScope {
  /** The call's abort signals, watched; undefined when the call has none. */
  readonly abort: AbortWatch | undefined
  readonly timeoutMs: number
  readonly headers: Readonly<Record<string, string>>
  /** The call's own limiters, waited for before every attempt. */
  readonly limiters: ReadonlyArray<Limiter>
  readonly observers: ReadonlyArray<(report: AttemptReport) => void>
}

/** What one attempt decided: send again, or the request's outcome. */
type AttemptVerdict = 'again' | E.Either<VaultError, HttpResponse>

const makeClientEnv = (config: HttpClientConfig): ClientEnv => {
  const sleep = config.sleep ?? realSleep
  const now = config.now ?? (() => Date.now())
  const pacing = createPacing({
    now,
    sleep,
    ...(config.maxConcurrency === undefined ? {} : { maxConcurrency: config.maxConcurrency }),
    ...(config.requestsPerSecond === undefined
      ? {}
      : { requestsPerSecond: config.requestsPerSecond }),
    ...(config.burst === undefined ? {} : { burst: config.burst }),
    ...(config.learnRate === undefined ? {} : { learnRate: config.learnRate }),
  })
  return {
    config,
    base: config.baseUrl.replace(TRAILING_SLASHES, ''),
    policy: { ...defaultRetryPolicy, ...config.retry },
    transport: config.transport ?? axiosTransport(),
    sleep,
    random: config.random ?? Math.random,
    now,
    timeoutMs: config.timeoutMs ?? 15_000,
    maxAnswerBytes: config.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
    pacing,
    redactor: cachedRedactor(config),
    requestIdHeaders: config.requestIdHeaders ?? defaultRequestIdHeaders,
  }
}

const NO_HEADERS: Readonly<Record<string, string>> = {}

const callScope = (env: ClientEnv): CallScope => {
  const call = activeCallOptions()
  return {
    abort: call === undefined ? undefined : watchAbort(call.signals),
    timeoutMs: call?.timeoutMs ?? env.timeoutMs,
    headers: call?.headers ?? NO_HEADERS,
    limiters: call?.limiters ?? [],
    observers: call?.observers ?? [],
  }
}

/** Built again only when the secrets change (a new token): adapters ask for it on every answer. */
const cachedRedactor = (config: HttpClientConfig): (() => Redactor) => {
  let cached: { readonly key: string; readonly redactor: Redactor } | undefined
  return () => {
    const secrets = [...(config.secrets ?? []), ...(config.auth?.secrets() ?? [])]
    const key = secrets.join('\u0000')
    if (cached?.key !== key) cached = { key, redactor: createRedactor(secrets) }
    return cached.redactor
  }
}

/**
 * The request's own card and account numbers must not come back in any error or event.
 * Built on first use: a call that fails nothing and is observed by nobody never needs it.
 * Rebuilt if the client's redactor changes between attempts (a token refreshed after a 401).
 */
const requestScrubber = (env: ClientEnv, req: HttpRequest): (() => Redactor) => {
  let scrubber: { readonly from: Redactor; readonly redactor: Redactor } | undefined
  return () => {
    const from = env.redactor()
    if (scrubber?.from !== from) {
      const values = [
        ...sensitiveValuesOf(req.json),
        ...sensitiveValuesOf(req.form),
        ...(req.secrets ?? []),
      ]
      scrubber = { from, redactor: from.withSecrets(values) }
    }
    return scrubber.redactor
  }
}

// ---- one request, attempt by attempt

const runRequest = async (
  env: ClientEnv,
  req: HttpRequest,
  scope: CallScope,
): Promise<E.Either<VaultError, HttpResponse>> => {
  const ctx: ErrorContext = { gateway: env.config.gateway, operation: req.operation }
  const url = urlOf(env.base, req.path, req.query)
  const { body, contentType } = encodeBody(req)
  const scrub = requestScrubber(env, req)
  const { abort } = scope
  const aborted = (stage: AbortStage) =>
    E.left(abortedCall(env.config.gateway, ctx, req, stage, abort, scrub))
  let replayedAfter401 = false
  let attempt = 0

  for (;;) {
    attempt++
    if (isAborted(abort)) return aborted('unsent')
    const auth = await unlessAborted(abort, authHeadersFor(env, ctx, req))
    if (auth === ABORTED) return aborted('unsent')
    if (E.isLeft(auth)) return auth
    const exchangeId = nextExchangeId()
    const headers = attemptHeaders(env, scope, req, {
      url,
      attempt,
      exchangeId,
      contentType,
      auth: auth.right,
      scrub,
    })
    // Every attempt, a retry too, is one request to the gateway's rate.
    const permit = await admit(env.pacing, scope.limiters, abort)
    if (permit === ABORTED) return aborted('unsent')
    const started = env.now()
    const result = await sendAttempt(env, scope, { method: req.method, url, headers, body })
    attemptEnded(env.pacing, scope.observers, {
      gateway: env.config.gateway,
      operation: req.operation,
      result,
      permit,
    })
    emitTranscript(
      { gateway: env.config.gateway, hook: env.config.onTranscript, ids: env.requestIdHeaders },
      scrub,
      { req, url, headers, body, result, attempt, exchangeId },
      env.now() - started,
    )

    if (result.kind === 'failure') {
      if (isAborted(abort)) return aborted(result.failure === 'not-sent' ? 'unsent' : 'in-flight')
      const verdict = await afterFailure(env, scope, ctx, req, result, attempt, scrub)
      if (verdict === 'again') continue
      return verdict
    }
    const requestId = readRequestId(result.response.headers, env.requestIdHeaders)
    const res: HttpResponse =
      requestId === undefined ? result.response : { ...result.response, requestId }
    // The token request itself is anonymous: refreshing from inside it would wait on itself.
    const refresh = req.anonymous === true ? undefined : env.config.auth?.refresh
    if (res.status === 401 && refresh !== undefined && !replayedAfter401) {
      replayedAfter401 = true
      const refreshed = await unlessAborted(abort, refresh(ctx, auth.right)())
      if (refreshed === ABORTED) return aborted('unsent')
      if (E.isLeft(refreshed)) return refreshed
      attempt--
      continue
    }
    if (!isTransientStatus(res.status)) return E.right(answered(res, lazyRedactor(scrub)))
    const verdict = await afterTransientStatus(env, scope, ctx, req, res, attempt, scrub)
    if (verdict === 'again') continue
    return verdict
  }
}

interface AttemptParts {
  readonly url: string
  readonly attempt: number
  readonly exchangeId: string
  readonly contentType: string | undefined
  readonly auth: Readonly<Record<string, string>>
  readonly scrub: () => Redactor
}

/**
 * One attempt's headers, later layers winning: the request hook's, the call's, then the
 * client's own (accept, the adapter's defaults, content type, the request's), then the
 * credentials. What the application adds can so never replace what the client sends.
 */
const attemptHeaders = (
  env: ClientEnv,
  scope: CallScope,
  req: HttpRequest,
  { url, attempt, exchangeId, contentType, auth, scrub }: AttemptParts,
): Record<string, string> => {
  const hook = env.config.onRequest
  const hooked =
    hook === undefined
      ? undefined
      : hookHeaders(hook, {
          gateway: env.config.gateway,
          operation: req.operation,
          method: req.method,
          url: scrub().text(url),
          attempt,
          exchangeId,
        })
  return mergeHeaders(
    hooked,
    scope.headers,
    ACCEPT_JSON,
    env.config.defaultHeaders,
    contentType === undefined ? undefined : { 'content-type': contentType },
    req.headers,
    auth,
  )
}

const ACCEPT_JSON: Readonly<Record<string, string>> = { accept: 'application/json' }

/**
 * Sends one attempt. The transport gets the call's signal; one that ignores it still cannot
 * hold the call: an abort ends the wait, and its late answer is dropped. Every attempt ends in
 * a result (and so in a transcript event), whatever the transport does.
 */
const sendAttempt = async (
  env: ClientEnv,
  scope: CallScope,
  wire: AttemptWire,
): Promise<TransportResult> => {
  const request = wireRequestOf(wire, scope.timeoutMs, env.maxAnswerBytes, scope.abort?.signal)
  if (scope.abort === undefined) return transportResult(env.transport, request)
  const result = await unlessAborted(scope.abort, transportResult(env.transport, request))
  return result === ABORTED
    ? { kind: 'failure', failure: 'aborted', message: 'aborted by the caller' }
    : result
}

/** Waits before the next attempt; an abort cuts the wait short (the next attempt sees it). */
const pause = async (env: ClientEnv, scope: CallScope, ms: number): Promise<void> => {
  await unlessAborted(scope.abort, env.sleep(ms))
}

const NO_AUTH: E.Either<never, Readonly<Record<string, string>>> = E.right({})

const authHeadersFor = async (
  env: ClientEnv,
  ctx: ErrorContext,
  req: HttpRequest,
): Promise<E.Either<VaultError, Readonly<Record<string, string>>>> =>
  env.config.auth === undefined || req.anonymous === true ? NO_AUTH : env.config.auth.headers(ctx)()

/** No answer came back: resend what is safe to resend, otherwise say what is known. */
const afterFailure = async (
  env: ClientEnv,
  scope: CallScope,
  ctx: ErrorContext,
  req: HttpRequest,
  result: Extract<TransportResult, { kind: 'failure' }>,
  attempt: number,
  scrub: () => Redactor,
): Promise<AttemptVerdict> => {
  const { gateway } = env.config
  const detail = () => scrub().text(result.message)
  if (result.failure === 'too-large') {
    // Asking again brings the same answer; a write that was answered may well have happened.
    const what = `${gateway} answered more than ${env.maxAnswerBytes} bytes; the answer was not read`
    return E.left(
      req.idempotent
        ? vaultError('UnexpectedResponse', ctx, what)
        : vaultError('OutcomeUnknown', ctx, `${what}, and the write may have happened`),
    )
  }
  const retryable = result.failure === 'not-sent' || req.idempotent
  if (retryable && attempt < env.policy.maxAttempts) {
    await pause(env, scope, backoffDelayMs(env.policy, attempt, env.random))
    return 'again'
  }
  return E.left(
    retryable
      ? vaultError('Unavailable', ctx, `${gateway} unreachable: ${detail()}`)
      : vaultError(
          'OutcomeUnknown',
          ctx,
          `no answer from ${gateway} (${result.failure}: ${detail()}); the write may have happened`,
        ),
  )
}

/** A transient status (408, 429, 5xx): wait and resend where safe, otherwise classify it. */
const afterTransientStatus = async (
  env: ClientEnv,
  scope: CallScope,
  ctx: ErrorContext,
  req: HttpRequest,
  res: HttpResponse,
  attempt: number,
  scrub: () => Redactor,
): Promise<AttemptVerdict> => {
  const { gateway } = env.config
  const evidence = {
    httpStatus: res.status,
    rawBody: rawBodyEvidence(scrub(), res.body),
    ...(res.requestId === undefined ? {} : { requestId: scrub().text(res.requestId) }),
  }
  const retryAfterMs = parseRetryAfterMs(res.headers['retry-after'], env.now())
  const backoff = () => backoffDelayMs(env.policy, attempt, env.random)
  if (res.status === 429) {
    const waitable = retryAfterMs === undefined || retryAfterMs <= env.policy.maxRetryAfterMs
    if (waitable && attempt < env.policy.maxAttempts) {
      await pause(env, scope, retryAfterMs ?? backoff())
      return 'again'
    }
    return E.left(
      vaultError(
        'RateLimited',
        ctx,
        `${gateway} rate limit reached`,
        evidence,
        retryAfterMs === undefined ? {} : { retryAfterMs },
      ),
    )
  }
  if (req.idempotent && attempt < env.policy.maxAttempts) {
    await pause(env, scope, retryAfterMs ?? backoff())
    return 'again'
  }
  return E.left(
    !req.idempotent && isAmbiguousWriteStatus(res.status)
      ? vaultError(
          'OutcomeUnknown',
          ctx,
          `${gateway} answered HTTP ${res.status} from its proxy; the write may have happened`,
          evidence,
        )
      : vaultError('Unavailable', ctx, `${gateway} answered HTTP ${res.status}`, evidence),
  )
}

// ---- constructor

/**
 * The HTTP client adapters send with: timeouts, retries, rate limits, redaction, transcripts.
 * @category HTTP
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { createHttpClient, staticHeaders } from '@vaultport/core'
 *
 * const http = createHttpClient({
 *   gateway: 'acme',
 *   baseUrl: 'https://api.acme.example',
 *   auth: staticHeaders({ Authorization: process.env['ACME_API_KEY'] ?? '' }),
 *   timeoutMs: 5_000,
 * })
 * const res = await http.send({
 *   operation: 'customers.get',
 *   method: 'GET',
 *   path: '/customers/c-1',
 *   idempotent: true, // safe to resend after a timeout or a 503
 * })()
 * if (E.isRight(res)) console.log(res.right.status, res.right.requestId)
 * ```
 */
export const createHttpClient = (config: HttpClientConfig): HttpClient => {
  const env = makeClientEnv(config)
  const send =
    (req: HttpRequest): TaskEither<VaultError, HttpResponse> =>
    async () => {
      const scope = callScope(env)
      try {
        return await runRequest(env, req, scope)
      } finally {
        scope.abort?.dispose()
      }
    }
  return { gateway: config.gateway, send, redactor: env.redactor }
}
