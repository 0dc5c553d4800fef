// The axios transport against a real server on loopback: answers that never finish and answers
// too large to read must end, as data, whatever the server does. (No nock here: a second copy
// of nock loaded beside another file's would take over that file's interceptors.)
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import * as E from 'fp-ts/Either'
import { axiosTransport, createHttpClient, type TransportResult } from '../src'

let server: Server
let base = ''
const drips: NodeJS.Timeout[] = []
let bigAnswers = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/drip') {
      // Headers at once, then a byte every 20 ms, forever: only a total deadline ends it.
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{')
      drips.push(setInterval(() => res.write(' '), 20))
      return
    }
    if (req.url === '/big') {
      bigAnswers++
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(`{"pad":"${'x'.repeat(64 * 1024)}"}`)
      return
    }
    if (req.url === '/bomb') {
      // 32 MiB of zeros gzip to about 32 KiB.
      const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x30))
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(bomb)
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"ok":true}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const d of drips) clearInterval(d)
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const send = (path: string, timeoutMs: number, maxAnswerBytes: number): Promise<TransportResult> =>
  axiosTransport()({ method: 'GET', url: `${base}${path}`, headers: {}, timeoutMs, maxAnswerBytes })

const failureOf = (r: TransportResult) => (r.kind === 'failure' ? r.failure : 'response')

describe('axios transport: every wait and every answer is bounded', () => {
  it('ends a body dripped a byte at a time with a timeout (the deadline covers the body)', async () => {
    const r = await send('/drip', 300, 1024 * 1024)
    expect(failureOf(r)).toBe('timeout')
  })

  it('abandons an answer longer than the cap as too-large', async () => {
    expect(failureOf(await send('/big', 5_000, 16 * 1024))).toBe('too-large')
    expect(failureOf(await send('/big', 5_000, 1024 * 1024))).toBe('response')
  })

  it('counts a compressed answer by its decompressed size (a gzip bomb is not inflated)', async () => {
    expect(failureOf(await send('/bomb', 5_000, 1024 * 1024))).toBe('too-large')
  })

  it('reads an ordinary answer', async () => {
    const r = await send('/ok', 5_000, 1024)
    expect(r.kind === 'response' && r.response.body).toBe('{"ok":true}')
  })
})

describe('HTTP client: answers over the cap', () => {
  it('is UnexpectedResponse on a read, and not asked again', async () => {
    const before = bigAnswers
    const r = await createHttpClient({
      gateway: 'test',
      baseUrl: base,
      maxAnswerBytes: 16 * 1024,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    }).send({ operation: 'customers.get', method: 'GET', path: '/big', idempotent: true })()
    expect(E.isLeft(r) && r.left.kind).toBe('UnexpectedResponse')
    expect(E.isLeft(r) && r.left.message).toMatch(/more than 16384 bytes/)
    expect(bigAnswers - before).toBe(1)
  })

  it('is OutcomeUnknown on a write: it was answered, so it may have happened', async () => {
    const r = await createHttpClient({
      gateway: 'test',
      baseUrl: base,
      maxAnswerBytes: 16 * 1024,
    }).send({ operation: 'customers.create', method: 'POST', path: '/big', idempotent: false })()
    expect(E.isLeft(r) && r.left.kind).toBe('OutcomeUnknown')
    expect(E.isLeft(r) && r.left.retry).toBe('reconcile')
  })

  it('ends a dripping read as Unavailable after its attempts, each bounded', async () => {
    const r = await createHttpClient({
      gateway: 'test',
      baseUrl: base,
      timeoutMs: 200,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    }).send({ operation: 'customers.get', method: 'GET', path: '/drip', idempotent: true })()
    expect(E.isLeft(r) && r.left.kind).toBe('Unavailable')
  })
})
