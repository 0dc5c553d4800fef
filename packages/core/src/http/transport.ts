/**
 * The transport sends one request and reports what happened, as data: a response (any status)
 * or a failure with its class. It never throws. The default is axios; tests and benchmarks may
 * plug in another.
 */
import axios, { type AxiosInstance } from 'axios'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

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
 */
export type FailureClass = 'not-sent' | 'timeout' | 'reset' | 'too-large' | 'aborted' | 'other'

export type TransportResult =
  | { readonly kind: 'response'; readonly response: WireResponse }
  | { readonly kind: 'failure'; readonly failure: FailureClass; readonly message: string }

export type Transport = (request: WireRequest) => Promise<TransportResult>

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
// ERR_CANCELED: the total deadline's abort signal fired.
const TIMEOUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_CANCELED'])
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ERR_BAD_RESPONSE'])

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
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
    if (v === undefined || v === null) continue
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v)
  }
  return out
}

/**
 * The axios transport: raw text in and out, every status a response, no redirects followed.
 * axios's own `timeout` only notices a silent socket, so a body dripped a byte at a time would
 * never end; an abort signal bounds the whole exchange instead. The caller's signal, when there
 * is one, aborts the same exchange.
 */
export const axiosTransport =
  (instance: AxiosInstance = axios.create()): Transport =>
  async (req) => {
    const caller = req.signal
    const callerAborted = () => caller?.aborted === true
    if (callerAborted())
      return { kind: 'failure', failure: 'not-sent', message: 'aborted by the caller' }
    const deadline = new AbortController()
    const timer = setTimeout(() => deadline.abort(), req.timeoutMs)
    const onAbort = () => deadline.abort()
    caller?.addEventListener('abort', onAbort, { once: true })
    try {
      const res = await instance.request<string>({
        method: req.method,
        url: req.url,
        headers: { ...req.headers },
        data: req.body,
        timeout: req.timeoutMs,
        signal: deadline.signal,
        maxContentLength: req.maxAnswerBytes,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
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
