/**
 * The transport sends one request and reports what happened, as data: a response (any status)
 * or a failure with its class. It never throws. The default is axios, loaded on the first
 * request rather than with the package (it is most of what importing core would cost: an
 * application that only builds a vault, or a CLI printing its help, never pays it); tests and
 * benchmarks may plug in another.
 */
import type { AxiosInstance } from 'axios'

/** @category HTTP */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** @category HTTP */
export interface WireRequest {
  readonly method: HttpMethod
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
  /** The whole exchange, headers and body, must finish within this. */
  readonly timeoutMs: number
  /** An answer longer than this (after decompression) is abandoned as `too-large`. */
  readonly maxAnswerBytes: number
  /**
   * The caller's abort signal, when the call has one: stop at once when it fires, and report
   * `aborted` (or `not-sent` if nothing left). The client stops waiting either way.
   */
  readonly signal?: AbortSignal
}

/** @category HTTP */
export interface WireResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Why no response came back. `not-sent` means the request never left (connection refused, no
 * such host): always safe to try again. The others may have reached the gateway; `too-large`
 * means an answer came but was longer than the cap, so it was not read; `aborted` means the
 * caller's signal stopped it.
 * @category HTTP
 */
export type FailureClass = 'not-sent' | 'timeout' | 'reset' | 'too-large' | 'aborted' | 'other'

/** @category HTTP */
export type TransportResult =
  | { readonly kind: 'response'; readonly response: WireResponse }
  | { readonly kind: 'failure'; readonly failure: FailureClass; readonly message: string }

/** @category HTTP */
export type Transport = (request: WireRequest) => Promise<TransportResult>

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
// ERR_CANCELED: the total deadline's abort signal fired.
const TIMEOUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_CANCELED'])
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ERR_BAD_RESPONSE'])

/**
 * @category HTTP
 * @internal
 */
export const classifyFailure = (code: string | undefined, message: string): FailureClass => {
  if (code !== undefined && NOT_SENT.has(code)) return 'not-sent'
  if (/maxContentLength/.test(message)) return 'too-large'
  if ((code !== undefined && TIMEOUT.has(code)) || /timeout/i.test(message)) return 'timeout'
  if ((code !== undefined && RESET.has(code)) || /socket hang up|aborted/i.test(message))
    return 'reset'
  return 'other'
}

const flattenHeaders = (h: unknown): Record<string, string> => {
  const out: Record<string, string> = {}
  if (h === null || typeof h !== 'object') return out
  const headers = h as Record<string, unknown>
  for (const k of Object.keys(headers)) {
    const v = headers[k]
    if (v === undefined || v === null) continue
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v)
  }
  return out
}

let sharedInstance: Promise<AxiosInstance | undefined> | undefined
let loadedInstance: AxiosInstance | undefined

/**
 * The default axios instance, imported and created once, on the first request that needs it;
 * undefined if it cannot be loaded (the request then fails as data, never sent).
 */
const loadAxios = (): Promise<AxiosInstance | undefined> =>
  (sharedInstance ??= import('axios').then(
    (m) => (loadedInstance = m.default.create()),
    () => undefined,
  ))

// The same options on every request: built once rather than per call.
const TEXT_AS_IS = [(data: unknown) => data]
const EVERY_STATUS = () => true

/**
 * The axios transport: raw text in and out, every status a response, no redirects followed.
 * axios's own `timeout` only notices a silent socket, so a body dripped a byte at a time would
 * never end; an abort signal bounds the whole exchange instead. The caller's signal, when there
 * is one, aborts the same exchange.
 * @category HTTP
 */
export const axiosTransport =
  (instance?: AxiosInstance): Transport =>
  async (req) => {
    const caller = req.signal
    const callerAborted = () => caller?.aborted === true
    if (callerAborted())
      return { kind: 'failure', failure: 'not-sent', message: 'aborted by the caller' }
    const axios = instance ?? loadedInstance ?? (await loadAxios())
    if (axios === undefined)
      return { kind: 'failure', failure: 'not-sent', message: 'axios could not be loaded' }
    const deadline = new AbortController()
    const timer = setTimeout(() => deadline.abort(), req.timeoutMs)
    const onAbort = () => deadline.abort()
    caller?.addEventListener('abort', onAbort, { once: true })
    try {
      const res = await axios.request<string>({
        method: req.method,
        url: req.url,
        headers: { ...req.headers },
        data: req.body,
        timeout: req.timeoutMs,
        signal: deadline.signal,
        maxContentLength: req.maxAnswerBytes,
        responseType: 'text',
        transformResponse: TEXT_AS_IS,
        validateStatus: EVERY_STATUS,
        maxRedirects: 0,
        proxy: false,
      })
      const body =
        typeof res.data === 'string'
          ? res.data
          : res.data === undefined || res.data === null
            ? ''
            : String(res.data)
      return {
        kind: 'response',
        response: { status: res.status, headers: flattenHeaders(res.headers), body },
      }
    } catch (e) {
      const err = e as { code?: string; message?: string }
      if (callerAborted())
        return { kind: 'failure', failure: 'aborted', message: 'aborted by the caller' }
      const message = deadline.signal.aborted
        ? `timeout of ${req.timeoutMs}ms exceeded`
        : (err.message ?? String(e))
      return { kind: 'failure', failure: classifyFailure(err.code, message), message }
    } finally {
      clearTimeout(timer)
      caller?.removeEventListener('abort', onAbort)
    }
  }
