import { editDistance, nearest } from '../src'

describe('nearest names', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('shard', 'shrad')).toBe(1)
    expect(editDistance('token', 'tokens')).toBe(1)
    expect(editDistance('token', 'tken')).toBe(1)
    expect(editDistance('token', 'taken')).toBe(1)
    expect(editDistance('Adapter', 'adapter')).toBe(0)
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })

  it('suggests within two edits (a third of a long word), the earlier on a tie, never the word', () => {
    expect(nearest('gatways', ['gateways', '$schema'])).toBe('gateways')
    expect(nearest('ab', ['xy'])).toBe('xy')
    expect(nearest('ab', ['xyz'])).toBeUndefined()
    expect(nearest('requestsPerScond', ['requestsPerSecond'])).toBe('requestsPerSecond')
    expect(nearest('cat', ['bat', 'cut'])).toBe('bat')
    expect(nearest('main', ['main'])).toBeUndefined()
    expect(nearest('anything', [])).toBeUndefined()
  })
})
