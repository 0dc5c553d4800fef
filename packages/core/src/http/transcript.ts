/**
 * A transcript event is one request/response exchange, redacted before anyone sees it. Hook
 * `onTranscript` to log or record traffic; there is no way to get the unredacted pair.
 */
import { publishTranscript, transcriptObserved } from '../diagnostics'
import type { Redactor } from '../redact'
import type { HttpRequest } from './client'
import { readRequestId } from './headers'
import type { TransportResult } from './transport'

/** @category HTTP */
export interface TranscriptEvent {
  readonly gateway: string
  readonly operation: string
  /** 1 for the first try; replays after a token refresh and retries count up. */
  readonly attempt: number
  /** Set by core's client: the attempt's id, the one its request hook saw (`OutgoingRequest`). */
  readonly exchangeId?: string
  readonly request: {
    readonly method: string
    readonly url: string
    readonly headers: Readonly<Record<string, string>>
    readonly body?: string
  }
  readonly response?: {
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
    /** The gateway's id for the exchange, where the answer carries one (see `requestIdHeaders`). */
    readonly requestId?: string
  }
  /** Set when no response came back: the failure class and message. */
  readonly failure?: string
  readonly durationMs: number
}

/** @category HTTP */
export type TranscriptHook = (event: TranscriptEvent) => void

// ---- emitting

/** One attempt, as the client saw it, before redaction. */
interface Exchange {
  readonly req: HttpRequest
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
  readonly result: TransportResult
  readonly attempt: number
  readonly exchangeId: string
}

interface TranscriptSink {
  readonly gateway: string
  readonly hook: TranscriptHook | undefined
  /** The answer headers a request id is read from. */
  readonly ids: ReadonlyArray<string>
}

/** Redacts one exchange and hands it to the channel and the hook, if anyone listens. */
export const emitTranscript = (
  { gateway, hook, ids }: TranscriptSink,
  scrub: () => Redactor,
  { req, url, headers, body, result, attempt, exchangeId }: Exchange,
  durationMs: number,
): void => {
  if (hook === undefined && !transcriptObserved()) return
  const r = scrub()
  const request = {
    method: req.method,
    url: r.text(url),
    headers: r.headers(headers),
    ...(body === undefined ? {} : { body: r.text(body) }),
  }
  const base = { gateway, operation: req.operation, attempt, exchangeId, request, durationMs }
  let event: TranscriptEvent
  if (result.kind === 'response') {
    const requestId = readRequestId(result.response.headers, ids)
    event = {
      ...base,
      response: {
        status: result.response.status,
        headers: r.headers(result.response.headers),
        body: r.text(result.response.body),
        // The gateway wrote the id: it is scrubbed like the headers it came in.
        ...(requestId === undefined ? {} : { requestId: r.text(requestId) }),
      },
    }
  } else event = { ...base, failure: `${result.failure}: ${r.text(result.message)}` }
  publishTranscript(event)
  if (hook === undefined) return
  try {
    hook(event)
  } catch {
    // A failing hook is the application's problem; it must not change the request's outcome.
  }
}
