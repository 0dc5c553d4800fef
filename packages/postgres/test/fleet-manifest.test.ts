// The fleet manifest: what it accepts, what it refuses (inline secrets above all), the nearest
// names it suggests, and how references are resolved on the worker.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { fluidPayGateway } from '@vaultport/fluidpay'
import { payTraceGateway } from '@vaultport/paytrace'
import { valorGateway } from '@vaultport/valor'
import {
  decodeManifest,
  decodeMerchant,
  readManifest,
  resolveEntry,
  type FleetManifest,
} from '../src/fleet'

const modules = [payTraceGateway, fluidPayGateway, valorGateway]

const merchant = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  source: {
    adapter: 'paytrace',
    clientId: 'merchant-client',
    clientSecret: `env:${id.toUpperCase().replace(/-/g, '_')}_PT_SECRET`,
  },
  target: { adapter: 'fluidpay', apiKey: `file:secrets/${id}.json#apiKey` },
  cardData: `exports/${id}.csv`,
  ...extra,
})

const decode = (doc: unknown) => decodeManifest(doc, modules, '/srv/fleet')

const problems = (doc: unknown): string => {
  const r = decode(doc)
  if (E.isRight(r)) throw new Error('expected the manifest to be refused')
  return r.left
}

describe('fleet manifest', () => {
  it('decodes merchants with defaults, anchors relative paths, keeps references as written', () => {
    const r = decode({
      fleet: 'book-2026',
      defaults: { options: { concurrency: 4, rate: 20 } },
      merchants: [merchant('m-1'), merchant('m-2', { options: { rate: 5, safetyDays: 3 } })],
    })
    expect(E.isRight(r)).toBe(true)
    const m = (r as E.Right<FleetManifest>).right
    expect(m.fleet).toBe('book-2026')
    expect(m.merchants.map((x) => x.options)).toEqual([
      { concurrency: 4, rate: 20 },
      { concurrency: 4, rate: 5, safetyDays: 3 },
    ])
    expect(m.merchants[0]?.cardData).toBe('/srv/fleet/exports/m-1.csv')
    expect(m.merchants[0]?.source['clientSecret']).toBe('env:M_1_PT_SECRET')
    expect(m.merchants[0]?.target['apiKey']).toBe('file:/srv/fleet/secrets/m-1.json#apiKey')
  })

  it('refuses an inline secret without printing it', () => {
    const doc = {
      fleet: 'f',
      merchants: [
        merchant('m-1', { target: { adapter: 'fluidpay', apiKey: 'api_live_0123456789abcdef' } }),
      ],
    }
    const message = problems(doc)
    expect(message).toContain('merchants[0] (m-1).target.apiKey: an inline secret is refused')
    expect(message).not.toContain('api_live_0123456789abcdef')
  })

  it('refuses every secret setting of every adapter inline, and credentials in a URL', () => {
    const message = problems({
      fleet: 'f',
      merchants: [
        {
          id: 'v-1',
          source: { adapter: 'valor', appId: 'APPID123', appKey: 'env:VALOR_KEY', epi: '2319' },
          target: {
            adapter: 'paytrace',
            clientId: 'c',
            clientSecret: 'env:S',
            baseUrl: 'https://user:pass@api.example.com',
          },
        },
      ],
    })
    expect(message).toContain('source.appId: an inline secret is refused')
    expect(message).toContain('source.epi: an inline secret is refused')
    expect(message).not.toContain('source.appKey')
    expect(message).toContain('target.baseUrl: credentials in a URL are refused')
    expect(message).not.toContain('pass@')
  })

  it('names the nearest key, adapter, setting and option for misspellings', () => {
    const message = problems({
      fleet: 'f',
      merchnts: [],
      merchants: [
        {
          ...merchant('m-1', { cardDta: 'x.csv', options: { concurency: 2 } }),
          target: { adapter: 'fluidpy', apiKey: 'env:K' },
          source: { adapter: 'paytrace', clientId: 'c', clientSecrit: 'env:S' },
        },
      ],
    })
    expect(message).toContain('manifest: unknown key "merchnts" (did you mean "merchants"?)')
    expect(message).toContain(
      'merchants[0] (m-1): unknown key "cardDta" (did you mean "cardData"?)',
    )
    expect(message).toContain('unknown key "concurency" (did you mean "concurrency"?)')
    expect(message).toContain(
      'target.adapter: unknown adapter "fluidpy" (did you mean "fluidpay"?)',
    )
    expect(message).toContain(
      'paytrace has no setting "clientSecrit" (did you mean "clientSecret"?)',
    )
  })

  it('refuses bad option values, bad ids, duplicate ids and malformed references', () => {
    const message = problems({
      fleet: 'has space',
      merchants: [
        merchant('m-1', { options: { rate: 0, concurrency: 1.5, since: 'yesterday' } }),
        merchant('m-1'),
        merchant('bad id'),
        merchant('m-3', { target: { adapter: 'fluidpay', apiKey: 'env:' } }),
      ],
    })
    expect(message).toContain("fleet: expected the fleet's name")
    expect(message).toContain('options.rate: expected a number of requests per second above 0')
    expect(message).toContain('options.concurrency: expected a whole number above 0')
    expect(message).toContain('options.since: expected an ISO 8601 instant')
    expect(message).toContain('the id "m-1" is listed twice')
    expect(message).toContain('merchants[2].id: expected a name')
    expect(message).toContain('target.apiKey: a malformed reference')
  })

  it('reads a manifest file relative to its folder, and says why one cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vp-manifest-'))
    const path = join(dir, 'fleet.json')
    writeFileSync(path, JSON.stringify({ fleet: 'f', merchants: [merchant('m-1')] }))
    const r = readManifest(path, modules)
    expect(E.isRight(r) && r.right.merchants[0]?.cardData).toBe(join(dir, 'exports/m-1.csv'))
    writeFileSync(path, '{ not json')
    expect(readManifest(path, modules)).toEqual(E.left(`the manifest ${path} is not valid JSON`))
    expect(E.isLeft(readManifest(join(dir, 'none.json'), modules))).toBe(true)
  })

  it('decodes a stored unit spec again, refusing one a database was given with a secret', () => {
    const stored = merchant('m-9', { target: { adapter: 'fluidpay', apiKey: 'inline-key-value' } })
    const r = decodeMerchant(stored, modules, { base: '/', where: 'unit' })
    expect(r).toEqual(
      E.left(
        'unit (m-9).target.apiKey: an inline secret is refused; write a reference (env:VARIABLE, file:PATH or file:PATH#KEY)',
      ),
    )
  })
})

describe('credential references', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vp-secrets-'))
  const many = join(dir, 'many.json')
  const one = join(dir, 'one')
  writeFileSync(many, JSON.stringify({ apiKey: 'from-json-file' }))
  writeFileSync(one, 'from-plain-file\n')
  const entry = {
    adapter: 'fluidpay',
    apiKey: `file:${many}#apiKey`,
    other: `file:${one}`,
    fromEnv: 'env:FLEET_TEST_VAR',
    plain: 'kept',
  }

  it('resolves env:, file: and file:#key on the worker', () => {
    expect(resolveEntry(entry, { env: { FLEET_TEST_VAR: 'from-env' } }, 'm')).toEqual(
      E.right({
        adapter: 'fluidpay',
        apiKey: 'from-json-file',
        other: 'from-plain-file',
        fromEnv: 'from-env',
        plain: 'kept',
      }),
    )
  })

  it('names the missing variable, file or key, never a value', () => {
    expect(resolveEntry(entry, { env: {} }, 'm 1 target')).toEqual(
      E.left('m 1 target.fromEnv: the environment variable FLEET_TEST_VAR is not set'),
    )
    expect(resolveEntry({ k: `file:${many}#nope` }, { env: {} }, 'm')).toEqual(
      E.left(`m.k: the secrets file ${many} has no string "nope"`),
    )
    expect(resolveEntry({ k: `file:${dir}/absent` }, { env: {} }, 'm')).toEqual(
      E.left(`m.k: the secrets file ${dir}/absent cannot be read`),
    )
  })
})
