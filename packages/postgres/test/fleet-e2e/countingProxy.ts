/**
 * A counting HTTP proxy on loopback in front of one simulator: it streams every request through
 * untouched and notes when each arrived and what status it was answered with, so a test can
 * count what a merchant's gateway saw (requests per one-second window, 429 answers) without
 * timing anything.
 */
import { Agent, createServer, request } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'

export interface Arrival {
  /** `Date.now()` when the request reached the proxy. */
  readonly at: number
  readonly status: number
}

export interface CountingProxy {
  readonly url: string
  /** Everything seen since the last `reset`. */
  readonly arrivals: () => ReadonlyArray<Arrival>
  readonly reset: () => void
  readonly close: () => Promise<void>
}

/** The most arrivals in any window of `windowMs` (a sliding window over the sorted times). */
export const busiestWindow = (arrivals: ReadonlyArray<Arrival>, windowMs = 1000): number => {
  const times = arrivals.map((a) => a.at).sort((a, b) => a - b)
  let best = 0
  let first = 0
  for (let last = 0; last < times.length; last++) {
    while ((times[last] as number) - (times[first] as number) >= windowMs) first++
    best = Math.max(best, last - first + 1)
  }
  return best
}

export const startCountingProxy = async (upstream: string): Promise<CountingProxy> => {
  const target = new URL(upstream)
  const agent = new Agent({ keepAlive: true, maxSockets: 32 })
  let seen: Arrival[] = []
  const server = createServer((req, res) => {
    const at = Date.now()
    const up = request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        const status = answer.statusCode ?? 502
        // Admin calls (seeding, knobs) are the test's, not the merchant's traffic.
        if (!(req.url ?? '').startsWith('/__sandbox/')) seen.push({ at, status })
        res.writeHead(status, answer.headers)
        answer.pipe(res)
      },
    )
    up.on('error', () => req.socket.destroy())
    req.pipe(up)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals: () => [...seen],
    reset: () => {
      seen = []
    },
    close: async () => {
      const closed = once(server, 'close')
      server.close()
      server.closeAllConnections()
      agent.destroy()
      await closed
    },
  }
}
