/**
 * Headers in and out: how one attempt's request headers are put together from their layers,
 * the request hook that adds its own (a `traceparent`, say), and the gateway's request id read
 * from an answer.
 */
import { isSendableHeader } from '../callOptions'
import type { HttpMethod } from './transport'

// ---- the request hook

/** The attempt about to be sent, as the request hook sees it. */
export interface OutgoingRequest {
  readonly gateway: string
  /** The port operation, e.g. `customers.get`, or the adapter's own (`auth.token`). */
  readonly operation: string
  readonly method: HttpMethod
  /** The full URL, redacted. */
  readonly url: string
  /** 1 for the first try; retries count up (a replay after a token refresh keeps its number). */
  readonly attempt: number
  /**
   * This attempt's id in this process, also on its transcript event (`TranscriptEvent`'s
   * `exchangeId`): what joins a span started here to the event that ends it.
   */
  readonly exchangeId: string
}

/**
 * Called before every attempt; the headers it returns are added to that attempt. They never
 * replace a header vaultport sets (accept, content type, the adapter's headers, credentials):
 * such a name is dropped, as is any name or value that cannot be sent. A hook that throws adds
 * nothing, and the attempt goes out as if there were no hook.
 */
export type RequestHook = (request: OutgoingRequest) => Readonly<Record<string, string>> | undefined

/** What a hook returned, keeping only the headers that can be sent; nothing if it threw. */
export const hookHeaders = (
  hook: RequestHook | undefined,
  request: OutgoingRequest,
): Readonly<Record<string, string>> => {
  if (hook === undefined) return {}
  let returned: unknown
  try {
    returned = hook(request)
  } catch {
    // The hook is the application's; its failure must not change the request's outcome.
    return {}
  }
  if (typeof returned !== 'object' || returned === null) return {}
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(returned as Record<string, unknown>)) {
    if (isSendableHeader(name, value)) out[name] = value
  }
  return out
}

let exchanges = 0

/** A new attempt's id, unique in this process. @internal */
export const nextExchangeId = (): string => `x${(++exchanges).toString(36)}`

// ---- putting headers together

/**
 * Header layers merged in order, a later layer's value replacing an earlier one's of the same
 * name in any case (so `Authorization` and `authorization` are never both sent).
 */
export const mergeHeaders = (
  ...layers: ReadonlyArray<Readonly<Record<string, string>> | undefined>
): Record<string, string> => {
  const byName = new Map<string, readonly [string, string]>()
  for (const layer of layers) {
    if (layer === undefined) continue
    for (const [name, value] of Object.entries(layer)) byName.set(name.toLowerCase(), [name, value])
  }
  const out: Record<string, string> = {}
  for (const [name, value] of byName.values()) out[name] = value
  return out
}

// ---- the request id

/** The answer headers a gateway's request id is read from, first found wins. */
export const defaultRequestIdHeaders: ReadonlyArray<string> = [
  'x-request-id',
  'x-correlation-id',
  'request-id',
]

const MAX_REQUEST_ID = 200

/**
 * The gateway's id for this exchange, from the first of `names` the answer carries (compared
 * without case), trimmed and capped; undefined when there is none.
 */
export const readRequestId = (
  headers: Readonly<Record<string, string>>,
  names: ReadonlyArray<string> = defaultRequestIdHeaders,
): string | undefined => {
  let lowered: Map<string, string> | undefined
  for (const name of names) {
    const key = name.toLowerCase()
    let value = headers[key]
    if (value === undefined) {
      lowered ??= new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
      value = lowered.get(key)
    }
    if (typeof value !== 'string') continue
    // eslint-disable-next-line no-control-regex
    const id = value.replace(/[\u0000-\u001f\u007f]/g, '').trim()
    if (id !== '') return id.length > MAX_REQUEST_ID ? id.slice(0, MAX_REQUEST_ID) : id
  }
  return undefined
}
