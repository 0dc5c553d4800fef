/**
 * A transcript event is one request/response exchange, redacted before anyone sees it. Hook
 * `onTranscript` to log or record traffic; there is no way to get the unredacted pair.
 */

export interface TranscriptEvent {
  readonly gateway: string
  readonly operation: string
  /** 1 for the first try; replays after a token refresh and retries count up. */
  readonly attempt: number
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
  }
  /** Set when no response came back: the failure class and message. */
  readonly failure?: string
  readonly durationMs: number
}

export type TranscriptHook = (event: TranscriptEvent) => void
