// The leak scan catches what it is meant to catch: planted leaks on every channel it watches,
// reported by channel with the secret masked. The planted leaks run inside `expectLeaks`, so the
// scan of this very file (jest/leak-scan.setup.ts) stays clean.
import {
  vaultError,
  warning,
  publishTranscript,
  createHttpClient,
  type TransportResult,
} from '@vaultport/core'
import { activeLeakScan, maskSecret, startLeakScan, testRunSecrets } from '../src'

const PAN = '4111111111111111'
const ctx = { gateway: 'planted', operation: 'customers.get' }

describe('the leak scan of this test file', () => {
  it('is running (registered through setupFilesAfterEnv)', () => {
    expect(activeLeakScan()).toBeDefined()
  })

  it('catches a PAN in an error message built past the redactor, without failing the file', async () => {
    const scan = activeLeakScan()
    if (scan === undefined) throw new Error('no active leak scan')
    const hits = await scan.expectLeaks(() =>
      vaultError('Validation', ctx, `card ${PAN} declined`, {}, { issues: [] }),
    )
    expect(hits).toEqual([{ channel: 'vaultport:error', secret: '41…11 (16 chars)' }])
    expect(JSON.stringify(hits)).not.toContain(PAN)
  })

  it('catches warnings, transcript events and every console method', async () => {
    const scan = activeLeakScan()
    if (scan === undefined) throw new Error('no active leak scan')
    const hits = await scan.expectLeaks(() => {
      warning('field_dropped', 'dropped account 000123456789')
      publishTranscript({ response: { body: '{"card":"5555555555554444"}' } })
      console.error('secret sandbox-secret-0001 in a log line')
    })
    expect(hits).toEqual([
      { channel: 'vaultport:warning', secret: maskSecret('000123456789') },
      { channel: 'vaultport:transcript', secret: maskSecret('5555555555554444') },
      { channel: 'console.error', secret: maskSecret('sandbox-secret-0001') },
    ])
  })

  it('redacted output is clean: an HTTP exchange carrying a PAN both ways leaves no hit', async () => {
    const scan = activeLeakScan()
    if (scan === undefined) throw new Error('no active leak scan')
    const transport = async (): Promise<TransportResult> => ({
      kind: 'response',
      response: { status: 502, headers: {}, body: `{"error":"bad card ${PAN}"}` },
    })
    const client = createHttpClient({
      gateway: 'planted',
      baseUrl: 'http://planted.test',
      transport,
      retry: { maxAttempts: 1 },
    })
    const hits = await scan.expectLeaks(() =>
      client.send({
        operation: 'customers.create',
        method: 'POST',
        path: '/customers',
        json: { card: { number: PAN } },
        idempotent: false,
      })(),
    )
    expect(hits).toEqual([])
  })
})

describe('startLeakScan', () => {
  it('scans for the given secrets only, ignores ones too short to mean anything, and stops', async () => {
    const fileScan = activeLeakScan()
    if (fileScan === undefined) throw new Error('no active leak scan')
    const scan = startLeakScan(['378282246310005', '1234'])
    const planted = await fileScan.expectLeaks(() => {
      scan.record('custom', 'amex 378282246310005 and pin 1234')
      scan.stop()
      vaultError('NotFound', ctx, 'customer 378282246310005 not found')
    })
    expect(scan.hits()).toEqual([{ channel: 'custom', secret: '37…05 (15 chars)' }])
    // the file's own scan saw the error published after the inner scan stopped
    expect(planted).toEqual([{ channel: 'vaultport:error', secret: '37…05 (15 chars)' }])
  })

  it('knows the public test numbers and the sandbox and test credentials', () => {
    for (const s of [
      '4111111111111111',
      '5555555555554444',
      '378282246310005',
      '6011111111111117',
      '4012888888881881',
      '4242424242424242',
      '000123456789',
      'sandbox-secret-0001',
      'api_vaultportsandbox000000000001',
      'vaultportsbxappkey00000000000001',
    ])
      expect(testRunSecrets).toContain(s)
  })
})
