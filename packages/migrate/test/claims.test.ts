// The ledger's claims: the packed table of finished customers' claims reads back exactly what was
// put in (against a plain Map, over many claims, replacements and removals), and forgetting a
// finished customer keeps only its claim on its target customer.
import type { JournalEntry } from '../src/journal'
import { ClaimTable, claimKey, forget, heldByOther, openLedger, remember } from '../src/run/ledger'
import { SettledClaims } from '../src/run/settledClaims'

/** A deterministic sequence of ids of varied lengths, some sharing long prefixes. */
const idOf = (i: number): string =>
  i % 3 === 0 ? `cus_${i}` : i % 3 === 1 ? `d4kq${String(i).padStart(16, '0')}` : `card:${i * 7919}`

describe('SettledClaims', () => {
  test('reads back every claim and holder as a Map would, through growth, replacement and removal', () => {
    const packed = new SettledClaims()
    const plain = new Map<string, string>()
    for (let i = 0; i < 5000; i++) {
      const claim = claimKey('c', idOf(i))
      packed.set(claim, `c|${i}`)
      plain.set(claim, `c|${i}`)
      if (i % 7 === 0) {
        const again = claimKey('c', idOf(i - 3 < 0 ? 0 : i - 3))
        packed.set(again, `c|replaced-${i}`)
        plain.set(again, `c|replaced-${i}`)
      }
      if (i % 11 === 0) {
        const gone = claimKey('c', idOf(Math.floor(i / 2)))
        expect(packed.delete(gone)).toBe(plain.delete(gone))
      }
    }
    expect(packed.size).toBe(plain.size)
    for (const [claim, holder] of plain) expect(packed.get(claim)).toBe(holder)
    for (let i = 5000; i < 5100; i++) expect(packed.get(claimKey('c', idOf(i)))).toBeUndefined()
    expect(packed.get('')).toBeUndefined()
    expect([...packed.holders()].sort()).toEqual([...plain.values()].sort())
    expect(packed.delete('c|never')).toBe(false)
  })

  test('claims that differ only in length or in a prefix are told apart', () => {
    const packed = new SettledClaims()
    packed.set('c|ab', 'c|1')
    packed.set('c|abc', 'c|2')
    packed.set('c|a', 'c|3')
    packed.set('', 'c|empty')
    expect([packed.get('c|ab'), packed.get('c|abc'), packed.get('c|a'), packed.get('')]).toEqual([
      'c|1',
      'c|2',
      'c|3',
      'c|empty',
    ])
    expect(packed.get('c|abcd')).toBeUndefined()
  })
})

describe('ClaimTable', () => {
  test('a settled claim is still held, found by its holder, and can be taken back', () => {
    const claims = new ClaimTable()
    claims.set('c|t1', 'c|s1').set('a|t1|x', 'a|s1|x')
    claims.settle('c|t1')
    claims.settle('c|not-there')
    expect(claims.get('c|t1')).toBe('c|s1')
    expect(claims.size).toBe(2)
    expect([...claims.values()].sort()).toEqual(['a|s1|x', 'c|s1'])
    claims.set('c|t1', 'c|s2')
    expect(claims.get('c|t1')).toBe('c|s2')
    expect(claims.size).toBe(2)
    expect(claims.delete('c|t1')).toBe(true)
    expect(claims.get('c|t1')).toBeUndefined()
  })
})

describe('forget', () => {
  const at = '2026-01-01T00:00:00.000Z'
  const done = (k: string, target: string, data?: unknown): JournalEntry =>
    ({ k, s: 'done', at, target, ...(data === undefined ? {} : { data }) }) as JournalEntry

  test("keeps a finished customer's claim on its target customer and drops the rest", () => {
    const ledger = openLedger(new Map())
    const take = remember(ledger)
    take(done('c|s1', 't1', { addresses: [['billing', 'ta1']] }))
    take(done('m|s1|card', 'tm1'))
    take(done('a|s1|shipping', 'ta2'))
    expect(ledger.claims.size).toBe(4)
    forget(ledger)('s1')
    expect(ledger.state.size).toBe(0)
    expect(ledger.claims.size).toBe(1)
    expect(heldByOther(ledger)(claimKey('c', 't1'), 'c|s2')).toBe('c|s1')
    expect(heldByOther(ledger)(claimKey('a', 'ta1', 't1'), 'c|s2')).toBeUndefined()
    expect(heldByOther(ledger)(claimKey('m', 'tm1', 't1'), 'c|s2')).toBeUndefined()
  })
})
