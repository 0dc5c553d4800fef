/** Raw HTTP helpers for the simulator tests: no adapter, only `fetch` on loopback. */
import { request } from 'node:http'

export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  /** The parsed body; `undefined` when it is not JSON. */
  readonly body: any // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const call = async (
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> => {
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === 'string'
        ? init.body
        : JSON.stringify(init.body)
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(body === undefined || typeof init.body === 'string'
        ? {}
        : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(body === undefined ? {} : { body }),
  })
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: res.status, headers: res.headers, text, body: parsed }
}

/** A settable clock for the simulators (`clock: fake.now`). */
export const fakeClock = (start = '2026-01-05T10:00:00.000Z') => {
  let t = Date.parse(start)
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms
    },
    set: (iso: string) => {
      t = Date.parse(iso)
    },
  }
}

/**
 * How a raw request ends: with an answer, with the socket closed without one, or still open when
 * `waitMs` is over (node:http, because fetch hides the difference between the last two).
 */
export const rawOutcome = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  waitMs: number,
): Promise<
  { kind: 'answer'; status: number; text: string } | { kind: 'closed' } | { kind: 'pending' }
> =>
  new Promise((resolve) => {
    const req = request(url, { method: init.method, headers: init.headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ kind: 'answer', status: res.statusCode ?? 0, text }))
      res.on('error', () => resolve({ kind: 'closed' }))
    })
    const timer = setTimeout(() => {
      req.destroy()
      resolve({ kind: 'pending' })
    }, waitMs)
    req.on('error', () => {
      clearTimeout(timer)
      resolve({ kind: 'closed' })
    })
    req.on('close', () => clearTimeout(timer))
    if (init.body !== undefined) req.write(init.body)
    req.end()
  })

/** True when no known full test PAN or bank account number appears in the text. */
export const leaksNoSecret = (text: string): boolean =>
  !/4111111111111111|5555555555554444|378282246310005|6011111111111117|000123456789/.test(text)
