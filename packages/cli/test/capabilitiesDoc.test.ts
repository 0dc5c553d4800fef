import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gatewayModules, numberRanges } from '../src'
import { CAPABILITIES_DOC, capabilitiesDocument } from '../src/docs/capabilityMatrix'

const repoRoot = join(__dirname, '..', '..', '..')

describe('docs/capabilities.md', () => {
  it('is what the adapters capability records generate (else: run pnpm docs:matrix)', () => {
    const committed = readFileSync(join(repoRoot, CAPABILITIES_DOC), 'utf8')
    const generated = capabilitiesDocument(gatewayModules)
    if (committed !== generated) {
      throw new Error(
        `${CAPABILITIES_DOC} is stale: the capability records changed since it was generated. Run pnpm docs:matrix and commit the result.`,
      )
    }
    expect(committed).toBe(generated)
  })

  it('has a column per adapter and a row per operation and limit', () => {
    const doc = capabilitiesDocument(gatewayModules)
    expect(doc).toContain('|  | PayTrace | FluidPay | Valor PayTech | Memory (full) |')
    expect(doc).toMatch(/^\| recurrences\.create \| yes \| yes \| yes \| yes \|$/m)
    expect(doc).toMatch(/^\| cards per customer \| 1 \| no limit \| 5 \| no limit \|$/m)
    expect(doc).toMatch(/^\| `fluidpay` \| `apiKey` \| `environment`, `baseUrl` \| `apiKey` \|$/m)
  })
})

describe('numberRanges', () => {
  it('writes runs of three or more as a range', () => {
    expect(numberRanges([])).toBe('')
    expect(numberRanges([1])).toBe('1')
    expect(numberRanges([1, 2])).toBe('1, 2')
    expect(numberRanges([6, 1, 2, 3, 4])).toBe('1–4, 6')
    expect(numberRanges([1, 2, 3, 5, 6, 7, 9])).toBe('1–3, 5–7, 9')
  })
})
