/**
 * @vaultport/core: the canonical model, the ports, `VaultError`, capabilities, the boundary
 * every adapter goes through (`defineVault`), and the HTTP kit adapters send with.
 */

// model
export * from './model/ids'
export * from './model/scalars'
export * from './model/money'
export * from './model/address'
export * from './model/paymentMethod'
export * from './model/recurrence'
export * from './model/customer'
export * from './model/paging'
export * from './model/warnings'

// ports, errors, capabilities
export * from './errors'
export * from './capabilities'
export * from './ports'
export * from './vault'
export * from './validate'
export * from './decode'
export * from './cards'
export * from './redact'
export * from './plainData'
export * from './pathSegment'
export * from './stream'
export * from './faults'
export * from './diagnostics'

// HTTP kit
export * from './http/transport'
export * from './http/retry'
export * from './http/limiter'
export * from './http/auth'
export type { TranscriptEvent, TranscriptHook } from './http/transcript'
export * from './http/client'
export * from './http/body'
export {
  defaultRequestIdHeaders,
  readRequestId,
  type OutgoingRequest,
  type RequestHook,
} from './http/headers'
export { withCallOptions, type AttemptReport, type CallOptions } from './callOptions'
