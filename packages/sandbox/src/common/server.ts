/**
 * The HTTP server every simulator runs on: body collection, the admin endpoints under
 * `/__sandbox/`, rate limit, latency and fault injection around the gateway's route table.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { type BillingClock, billingAdmin } from './billing'
import type { GatewayEngine, SeedOptions, SimRequest, SimResponse } from './engine'
import { isObject, json, parseJson } from './engine'
import type { FaultKind, KnobState, KnobsPatch } from './knobs'

/** @category Knobs */
export const ADMIN_PREFIX = '/__sandbox/'

const MAX_BODY_BYTES = 1024 * 1024

export interface ServeOptions {
  readonly host: string
  readonly port: number
  /** The simulator's knobs, shared with its handlers (which read the gateway rules). */
  readonly knobs: KnobState
  readonly clock: () => Date
  /** The billing clock behind `/__sandbox/billing…`. */
  readonly billing: BillingClock
  /** Extra admin answers (e.g. the credentials), keyed by path below the prefix. */
  readonly adminInfo: () => Record<string, unknown>
}

export interface Served {
  readonly url: string
  readonly knobs: KnobState
  readonly close: () => Promise<void>
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const HTML_ERROR_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>' +
  '<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n'

const serialize = (res: SimResponse): { body: string; contentType: string } =>
  res.text !== undefined
    ? { body: res.text, contentType: res.contentType ?? 'text/plain; charset=utf-8' }
    : { body: JSON.stringify(res.json ?? null), contentType: res.contentType ?? 'application/json' }

const write = (out: ServerResponse, res: SimResponse, cut?: 'truncate' | 'empty'): void => {
  const { body, contentType } = serialize(res)
  const sent =
    cut === 'empty' ? '' : cut === 'truncate' ? body.slice(0, Math.floor(body.length / 2)) : body
  const headers: Record<string, string | number> = {
    ...res.headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(sent),
  }
  out.writeHead(res.status, headers)
  out.end(sent)
}

const readBody = (req: IncomingMessage): Promise<string | null> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')),
    )
    req.on('error', () => resolve(null))
  })

const parseSeed = (u: unknown): { n: number; options: SeedOptions } => {
  if (!isObject(u)) throw new Error('seed body must be a JSON object')
  const n = u.n ?? u.count
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw new Error('n must be an integer ≥ 0')
  const options: { -readonly [K in keyof SeedOptions]: SeedOptions[K] } = {}
  for (const key of ['withCards', 'withChecks', 'withRecurrences'] as const) {
    if (typeof u[key] === 'boolean') options[key] = u[key]
  }
  if (typeof u.seed === 'number') options.seed = u.seed
  if (typeof u.credential === 'number') options.credential = u.credential
  return { n, options }
}

/** Resolves once the server listens; a failure to bind (port taken) rejects. */
const listen = (server: Server, port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })

/** An admin request under `/__sandbox/` (no auth, never rate limited or faulted). */
const admin = (
  engine: GatewayEngine,
  options: ServeOptions,
  req: { method: string; path: string; body: string; query: URLSearchParams },
): SimResponse => {
  const { method, path, body, query } = req
  const knobs = options.knobs
  const name = path.slice(ADMIN_PREFIX.length)
  const parsed = parseJson(body)
  try {
    const billed = billingAdmin(options.billing, method, name, parsed, query)
    if (billed !== null) return billed
    if (name === 'knobs' && method === 'GET') return json(200, knobs.get())
    if (name === 'knobs' && (method === 'PUT' || method === 'PATCH'))
      return json(200, knobs.set(parsed as KnobsPatch))
    if (name === 'knobs/reset' && method === 'POST') return json(200, knobs.reset())
    if (name === 'reset' && method === 'POST') {
      engine.reset()
      options.billing.clearCharges()
      return json(200, { reset: true })
    }
    if (name === 'seed' && method === 'POST') {
      const { n, options: seedOptions } = parseSeed(parsed)
      return json(200, engine.seed(n, seedOptions))
    }
    const info = options.adminInfo()
    if (method === 'GET' && name in info) return json(200, info[name])
    return json(404, { error: `no admin endpoint ${method} ${path}` })
  } catch (e) {
    return json(400, { error: e instanceof Error ? e.message : String(e) })
  }
}

export const serve = async (engine: GatewayEngine, options: ServeOptions): Promise<Served> => {
  const knobs = options.knobs
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()

  /** Answers after the configured latency; `cut` damages the body on the way out. */
  const answer = (
    out: ServerResponse,
    res: SimResponse,
    cut?: 'truncate' | 'empty',
  ): void | Promise<void> => {
    const delay = knobs.delayMs()
    if (delay <= 0) return write(out, res, cut)
    return sleep(delay).then(() => write(out, res, cut))
  }

  const hang = (req: IncomingMessage): void => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      req.socket.destroy()
    }, knobs.hangMs)
    timers.add(timer)
  }

  const preCommitFault = (kind: FaultKind, sim: SimRequest): SimResponse | 'reset' | null => {
    switch (kind) {
      case 'http500':
      case 'http502':
      case 'http503':
        return engine.finish(engine.serverError(Number(kind.slice(4))))
      case 'htmlErrorPage':
        return { status: 502, text: HTML_ERROR_PAGE, contentType: 'text/html; charset=utf-8' }
      case 'badCredentials':
        return engine.finish(engine.badCredentials(sim))
      case 'reset':
        return 'reset'
      default:
        return null
    }
  }

  const handle = async (req: IncomingMessage, out: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox.local')
    const method = (req.method ?? 'GET').toUpperCase()
    const body = await readBody(req)
    if (url.pathname.startsWith(ADMIN_PREFIX))
      return write(
        out,
        admin(engine, options, {
          method,
          path: url.pathname,
          body: body ?? '',
          query: url.searchParams,
        }),
      )

    const base = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: body ?? '',
    }
    const retryAfter = knobs.rateLimited(options.clock().getTime())
    if (retryAfter !== null) {
      const limited = engine.rateLimited(retryAfter, knobs.requestsPerSecond)
      return answer(
        out,
        engine.finish({
          ...limited,
          headers: { ...limited.headers, 'retry-after': String(retryAfter) },
        }),
      )
    }

    const match = engine.router.match(method, url.pathname)
    if (match.kind !== 'found') {
      const sim: SimRequest = { ...base, params: {} }
      return answer(
        out,
        engine.finish(match.kind === 'none' ? engine.notFound(sim) : engine.methodNotAllowed(sim)),
      )
    }
    const sim: SimRequest = { ...base, params: match.params }
    if (body === null) return answer(out, engine.finish(engine.serverError(413)))

    const routeId = engine.routeIdOf?.(match.route.id, sim) ?? match.route.id
    const fault = knobs.nextFault({ method, path: url.pathname, routeId })
    if (fault !== null) {
      const early = preCommitFault(fault, sim)
      if (early === 'reset') {
        req.socket.destroy()
        return
      }
      if (early !== null) return answer(out, early)
    }
    const res = engine.finish(match.route.handler(sim))
    if (fault === 'timeoutAfterCommit') return hang(req)
    if (fault === 'truncatedJson') return answer(out, res, 'truncate')
    if (fault === 'emptyBody') return answer(out, res, 'empty')
    return answer(out, res)
  }

  const server: Server = createServer((req, out) => {
    handle(req, out).catch((e: unknown) => {
      if (out.headersSent) return void out.destroy()
      write(out, json(500, { error: e instanceof Error ? e.message : 'internal error' }))
    })
  })
  server.keepAliveTimeout = 5_000
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await listen(server, options.port, options.host)
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host

  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })

  return { url: `http://${hostForUrl}:${port}`, knobs, close }
}
