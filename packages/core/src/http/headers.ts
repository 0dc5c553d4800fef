/**
 * Headers in and out: how one attempt's request headers are put together from their layers,
 * the request hook that adds its own (a `traceparent`, say), and the gateway's request id read
 * from an answer.
 */
import { isSendableHeader } from '../callOptions'
import type { HttpMethod } from './transport'

// ---- the request hook

/**
 * The attempt about to be sent, as the request hook sees it.
 * @category HTTP
 */
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
 * @category HTTP
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
  // lower-cased name → the name as last written, and its value: objects without a prototype
  // (so any name is just a key) are cheaper than a Map here, and this runs for every attempt
  const spelled: Record<string, string> = Object.create(null) as Record<string, string>
  const values: Record<string, string> = Object.create(null) as Record<string, string>
  for (const layer of layers) {
    if (layer === undefined) continue
    for (const name of Object.keys(layer)) {
      const lower = name.toLowerCase()
      spelled[lower] = name
      values[lower] = layer[name] as string
    }
  }
  const out: Record<string, string> = {}
  for (const lower of Object.keys(values)) out[spelled[lower] as string] = values[lower] as string
  return out
}

// ---- the request id

/**
 * The answer headers a gateway's request id is read from, first found wins.
 * @category HTTP
 */
export const defaultRequestIdHeaders: ReadonlyArray<string> = [
  'x-request-id',
  'x-correlation-id',
  'request-id',
]

const MAX_REQUEST_ID = 200
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g
const UPPER_CASE = /[A-Z]/

const hasUpperCaseName = (headers: Readonly<Record<string, string>>): boolean => {
  for (const name of Object.keys(headers)) if (UPPER_CASE.test(name)) return true
  return false
}

/**
 * The gateway's id for this exchange, from the first of `names` the answer carries (compared
 * without case), trimmed and capped; undefined when there is none.
 * @category HTTP
 */
export const readRequestId = (
  headers: Readonly<Record<string, string>>,
  names: ReadonlyArray<string> = defaultRequestIdHeaders,
): string | undefined => {
  let lowered: Map<string, string> | undefined
  for (const name of names) {
    const key = name.toLowerCase()
    let value = headers[key]
    // The transport lower-cases every name: only a custom one's answer needs the slow look-up.
    if (value === undefined && hasUpperCaseName(headers)) {
      lowered ??= new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
      value = lowered.get(key)
    }
    if (typeof value !== 'string') continue
    const id = value.replace(CONTROL_CHARACTERS, '').trim()
    if (id !== '') return id.length > MAX_REQUEST_ID ? id.slice(0, MAX_REQUEST_ID) : id
  }
  return undefined
}
