/**
 * Diagnostics channels: every `VaultError` and `Warning` vaultport creates, and every transcript
 * event the HTTP kit emits, is published on a Node diagnostics channel, already redacted. An
 * application can subscribe for metrics or logs without threading hooks through every adapter;
 * the test suite subscribes to prove no secret ever appears in any of them. With no subscriber
 * a publish costs one boolean check.
 */
import { channel } from 'node:diagnostics_channel'

/** @category Observability */
export const diagnosticsChannels = {
  error: 'vaultport:error',
  warning: 'vaultport:warning',
  transcript: 'vaultport:transcript',
} as const

const errors = channel(diagnosticsChannels.error)
const warnings = channel(diagnosticsChannels.warning)
const transcripts = channel(diagnosticsChannels.transcript)

/**
 * @category Observability
 * @internal
 */
export const publishError = (e: unknown): void => {
  if (errors.hasSubscribers) errors.publish(e)
}
/**
 * @category Observability
 * @internal
 */
export const publishWarning = (w: unknown): void => {
  if (warnings.hasSubscribers) warnings.publish(w)
}
/**
 * @category Observability
 * @internal
 */
export const publishTranscript = (t: unknown): void => {
  if (transcripts.hasSubscribers) transcripts.publish(t)
}

/**
 * Whether anyone listens for transcripts: the HTTP kit skips redacting events nobody reads.
 * @category Observability
 * @internal
 */
export const transcriptObserved = (): boolean => transcripts.hasSubscribers
