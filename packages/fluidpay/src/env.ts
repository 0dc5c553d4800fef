/**
 * The environment every FluidPay operation reads: built once per vault from the config, so the
 * operations are plain functions of it. No operations live here.
 */
import {
  createHttpClient,
  staticHeaders,
  type ErrorContext,
  type HttpClient,
  type VaultError,
} from '@vaultport/core'
import { fluidpayCapabilities } from './capabilities'
import { baseUrlOf, configProblem, type FluidPayConfig } from './config'
import { resolveRoutes, type RouteTable } from './routes'

/** An operation's name as errors and transcripts carry it, e.g. `customers.get`. */
export type Op = string

export interface FluidPayEnv {
  /** Why the config cannot work; every request answers this error. Undefined when it can. */
  readonly problem: ((ctx: ErrorContext) => VaultError) | undefined
  /** Core's HTTP client; only built when the config can work. */
  readonly client: HttpClient | undefined
  readonly routes: RouteTable
  readonly ctxOf: (operation: Op) => ErrorContext
}

const GATEWAY = fluidpayCapabilities.gateway

export const makeFluidPayEnv = (config: FluidPayConfig): FluidPayEnv => {
  const problem = configProblem(config)
  const routes = resolveRoutes(config.routes)
  return {
    problem,
    client:
      problem === undefined
        ? createHttpClient({
            gateway: GATEWAY,
            baseUrl: baseUrlOf(config) as string,
            auth: staticHeaders({ Authorization: config.apiKey.trim() }),
            ...config.http,
          })
        : undefined,
    routes,
    ctxOf: (operation) => ({ gateway: GATEWAY, operation }),
  }
}
