/**
 * The parts of one attempt that need nothing of the client but values: its URL and body, the wire
 * request handed to the transport, the transport call that never throws, and the answer as the adapter
 * gets it. Each runs for every attempt, so each is written out field by field (no spreads, no
 * per-call closures).
 */
import type { Redactor } from '../redact'
import type { HttpRequest, HttpResponse, QueryValue } from './client'
import type { Transport, TransportResult, WireRequest } from './transport'

/**
 * @category HTTP
 * @internal
 */
export const buildUrl = (
  baseUrl: string,
  path: string,
  query?: Readonly<Record<string, QueryValue>>,
): string => urlOf(baseUrl.replace(TRAILING_SLASHES, ''), path, query)

/** What the client strips from its base URL, once. @internal */
export const TRAILING_SLASHES = /\/+$/

/** `buildUrl` for a base already without its trailing slashes. @internal */
export const urlOf = (
  base: string,
  path: string,
  query: Readonly<Record<string, QueryValue>> | undefined,
): string => {
  const url = path.startsWith('/') ? `${base}${path}` : `${base}/${path}`
  if (query === undefined) return url
  let q = ''
  for (const k of Object.keys(query)) {
    const v = query[k]
    if (v === undefined) continue
    q += `${q === '' ? '' : '&'}${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`
  }
  return q === '' ? url : `${url}?${q}`
}

/** The request's body as sent, and its content type. @internal */
export const encodeBody = (req: HttpRequest): { body?: string; contentType?: string } => {
  if (req.form !== undefined) {
    return {
      body: new URLSearchParams(req.form as Record<string, string>).toString(),
      contentType: 'application/x-www-form-urlencoded',
    }
  }
  if (req.json !== undefined)
    return { body: JSON.stringify(req.json), contentType: 'application/json' }
  return {}
}

/** What one attempt sends, before the client's limits and deadline are added. */
export type AttemptWire = Pick<WireRequest, 'method' | 'url' | 'headers'> & {
  readonly body: string | undefined
}

/** The transport's request for one attempt. @internal */
export const wireRequestOf = (
  { method, url, headers, body }: AttemptWire,
  timeoutMs: number,
  maxAnswerBytes: number,
  signal: AbortSignal | undefined,
): WireRequest => {
  const request: { -readonly [K in keyof WireRequest]: WireRequest[K] } = {
    method,
    url,
    headers,
    timeoutMs,
    maxAnswerBytes,
  }
  if (body !== undefined) request.body = body
  if (signal !== undefined) request.signal = signal
  return request
}

/** A transport must not throw; one that does still ends the attempt as data. @internal */
export const transportResult = async (
  transport: Transport,
  request: WireRequest,
): Promise<TransportResult> => {
  try {
    return await transport(request)
  } catch (e) {
    return {
      kind: 'failure',
      failure: 'other',
      message: `the transport failed: ${e instanceof Error ? e.message : String(e)}`,
    }
  }
}

/** The answer as the adapter gets it: the transport's response with its redactor. @internal */
export const answered = (res: HttpResponse, redactor: Redactor): HttpResponse =>
  res.requestId === undefined
    ? { status: res.status, headers: res.headers, body: res.body, redactor }
    : {
        status: res.status,
        headers: res.headers,
        body: res.body,
        redactor,
        requestId: res.requestId,
      }
