/**
 * A fault-injecting HTTP proxy on loopback, in front of a target simulator: the faults the
 * simulators' own knobs cannot script.
 *
 * - **lost answer**: a write is forwarded, the simulator commits it and answers, and the proxy
 *   throws the answer away: the client sees its connection reset, or a 502/504 page (what a
 *   load balancer says when the gateway behind it was too slow to answer);
 * - **read-back fails**: a write is forwarded and answered truly, and the lookups after it fail
 *   (what an adapter's read-back after a create, or an engine's reconciliation, then meets);
 * - after either, the next 1–N lookups (reads of the target, whoever makes them) fail with 503
 *   or a reset connection: the lookups that fail after a landed write.
 *
 * Whether a write is hit is decided by a hash of the scenario's seed with the request itself
 * (method, path, body and how many times that exact request was seen), so the same request is
 * treated the same way in a replay whatever the interleaving of concurrent workers.
 */
import {
  Agent,
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import type { Socket } from 'node:net'
import { hash32, rng } from './prng'

export interface ProxyPlan {
  readonly seed: number
  /** Probability that a write lands and its answer is lost. */
  readonly lostAnswer: number
  /** Probability that a write lands, is answered, and the lookups after it fail. */
  readonly readBackFails: number
  /** The most lookups failed after one such write (at least 1). */
  readonly blackoutMax: number
}

export interface ProxyStats {
  readonly forwarded: number
  readonly lostAnswers: number
  readonly readBackFails: number
  readonly failedLookups: number
}

export interface FaultProxy {
  readonly url: string
  /** `null`: forward everything untouched. */
  readonly setPlan: (plan: ProxyPlan | null) => void
  readonly stats: () => ProxyStats
  readonly close: () => Promise<void>
}

type Traffic = 'pass' | 'read' | 'write'

/** Reads and writes by route: PayTrace reads some lists by POST; token grants pass. */
export const classify = (method: string, path: string): Traffic => {
  if (path.startsWith('/__sandbox/') || path === '/v3/token') return 'pass'
  if (method === 'GET' || method === 'HEAD') return 'read'
  if (method === 'POST' && (/\/export(\/|$)/.test(path) || /\/search$/.test(path))) return 'read'
  return 'write'
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'proxy-connection',
  'upgrade',
])

const cleanHeaders = (h: IncomingHttpHeaders): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v
  return out
}

const collect = (stream: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (c: Buffer) => chunks.push(c))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })

const page = (status: number): string =>
  `<!DOCTYPE html>\n<html><head><title>${status}</title></head><body><h1>${status}</h1></body></html>\n`

const sendPage = (res: ServerResponse, status: number) => {
  const body = page(status)
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
}

export const startFaultProxy = async (upstream: string): Promise<FaultProxy> => {
  const target = new URL(upstream)
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const sockets = new Set<Socket>()
  const seen = new Map<string, number>()
  let plan: ProxyPlan | null = null
  let blackout = 0
  let blackoutRng = rng(1)
  const stats = { forwarded: 0, lostAnswers: 0, readBackFails: 0, failedLookups: 0 }

  /** Sends the request upstream and answers its status, headers and body (or throws). */
  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const up = request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...cleanHeaders(req.headers), 'content-length': body.length },
          agent,
        },
        (answer) => {
          collect(answer).then(
            (b) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: b }),
            reject,
          )
        },
      )
      up.on('error', reject)
      up.end(body)
    })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await collect(req)
    const method = (req.method ?? 'GET').toUpperCase()
    const path = new URL(req.url ?? '/', 'http://proxy.local').pathname
    const traffic = classify(method, path)
    const active = plan

    if (active !== null && traffic === 'read' && blackout > 0) {
      blackout--
      stats.failedLookups++
      if (blackoutRng.chance(0.5)) return void req.socket.destroy()
      return sendPage(res, 503)
    }

    let fate: 'true' | 'lost' | 'readBack' = 'true'
    let draw = rng(0)
    if (active !== null && traffic === 'write') {
      const key = `${method} ${req.url ?? ''} ${body.toString('utf8')}`
      const n = (seen.get(key) ?? 0) + 1
      seen.set(key, n)
      draw = rng(hash32(`${key} #${n}`, active.seed))
      const x = draw.next()
      fate =
        x < active.lostAnswer
          ? 'lost'
          : x < active.lostAnswer + active.readBackFails
            ? 'readBack'
            : 'true'
    }

    let answer: Awaited<ReturnType<typeof forward>>
    try {
      answer = await forward(req, body)
    } catch {
      return void req.socket.destroy() // the simulator dropped it (its own fault): pass that on
    }
    stats.forwarded++
    if (fate !== 'true' && active !== null && answer.status < 300) {
      blackout += draw.between(1, Math.max(1, active.blackoutMax))
      blackoutRng = draw
      if (fate === 'lost') {
        stats.lostAnswers++
        const how = draw.pick(['reset', 'reset', 502, 504] as const)
        if (how === 'reset') return void req.socket.destroy()
        return sendPage(res, how)
      }
      stats.readBackFails++
    }
    res.writeHead(answer.status, {
      ...cleanHeaders(answer.headers),
      'content-length': answer.body.length,
    })
    res.end(answer.body)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy())
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0

  return {
    url: `http://127.0.0.1:${port}`,
    setPlan: (p) => {
      plan = p
      blackout = 0
      seen.clear()
    },
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const s of sockets) s.destroy()
        agent.destroy()
      }),
  }
}
