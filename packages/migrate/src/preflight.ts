/**
 * Fail fast: before a plan, a run or a verification does any work, one cheap read of each
 * gateway (the first customer of its list) shows that it can be reached and takes the
 * credentials. It runs under a short deadline of its own, for every attempt and for the whole
 * check, so a gateway that is down, refuses the key or never answers is reported within seconds
 * instead of after a run of futile work.
 */
import * as E from 'fp-ts/Either'
import { formatVaultError, withCallOptions, type Vault } from '@vaultport/core'

/**
 * How long the whole check of one gateway may take, retries included. Default 5 s.
 * @category Migration
 */
export const DEFAULT_PREFLIGHT_MS = 5_000

/** @category Migration */
export interface PreflightEndpoint {
  /** How the message names the gateway, e.g. `target "fp"`. */
  readonly label: string
  readonly vault: Vault
}

/**
 * What the check learnt: how many customers the gateway says it holds, when it says.
 * @category Migration
 */
export interface Reachable {
  readonly totalCount?: number
}

/**
 * One gateway: reachable and accepting the credentials, or why not.
 * @category Migration
 */
export const checkGateway = async (
  endpoint: PreflightEndpoint,
  timeoutMs = DEFAULT_PREFLIGHT_MS,
): Promise<E.Either<string, Reachable>> => {
  const bounded = withCallOptions(endpoint.vault, {
    timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  })
  const first = await bounded.customers.list({ pageSize: 1 })()
  if (E.isLeft(first))
    return E.left(`the ${endpoint.label} gateway cannot be used: ${formatVaultError(first.left)}`)
  const totalCount = first.right.totalCount
  return E.right(totalCount === undefined ? {} : { totalCount })
}

/**
 * Both gateways of a migration, checked at once. The first failure (the source's, if both
 * fail) is the answer; on success, what the source said of its size.
 * @category Migration
 */
export const checkGateways = async (
  source: PreflightEndpoint,
  target: PreflightEndpoint,
  timeoutMs = DEFAULT_PREFLIGHT_MS,
): Promise<E.Either<string, Reachable>> => {
  const [s, t] = await Promise.all([
    checkGateway(source, timeoutMs),
    checkGateway(target, timeoutMs),
  ])
  if (E.isLeft(s)) return s
  if (E.isLeft(t)) return t
  return s
}
