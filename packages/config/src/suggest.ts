/** "Did you mean …?": the known name nearest a misspelt one, by edit distance. */

/**
 * Edit distance between `a` and `b`, case-insensitive: insertions, deletions, substitutions and
 * swaps of two neighbouring letters each count one (optimal string alignment).
 * @category Configuration
 * @internal
 */
export const editDistance = (a: string, b: string): number => {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  const at = (i: number, j: number) => d[i]?.[j] ?? Infinity
  for (let i = 1; i <= s.length; i++) {
    const row = d[i] as number[]
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1)
      row[j] = best
    }
  }
  return at(s.length, t.length)
}

/**
 * The candidate nearest `word`, if it is near enough to be what was meant: within two edits,
 * or a third of the word's length for long words. Ties go to the earlier candidate.
 * @category Configuration
 * @internal
 */
export const nearest = (word: string, candidates: Iterable<string>): string | undefined => {
  const limit = Math.max(2, Math.floor(word.length / 3))
  let best: string | undefined
  let bestDistance = Infinity
  for (const c of candidates) {
    const d = editDistance(word, c)
    if (d < bestDistance && d <= limit && c !== word) {
      best = c
      bestDistance = d
    }
  }
  return best
}
