/**
 * The claims of finished customers on their target customers, packed, so that a run of a
 * million customers does not hold a million map entries: a `Map<string, string>` costs about
 * 135 bytes a claim (two strings and a slot), this about 50 (the two strings' characters in
 * shared text chunks, and three integers). A claim is found through an open-addressing hash table
 * of entry numbers and compared in place, without building a string. Exact: nothing is hashed
 * away, every claim and holder can be read back. A deleted claim's characters stay in their
 * chunk (settled claims are deleted only when set again, which a run does not do).
 */

/** Entries per text chunk: a chunk's lines are joined into one flat string when it is full. */
const CHUNK = 1024
const EMPTY = 0
const REMOVED = -1

/** FNV-1a over the UTF-16 code units: well spread for ids that differ in their last characters. */
const hashOf = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

const grown = (a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> => {
  const b = new Int32Array(size)
  b.set(a)
  return b
}

export class SettledClaims {
  /** Full chunks: each the lines (claim then holder, no separator) of CHUNK entries, joined. */
  private readonly chunks: string[] = []
  /** The lines of the chunk being filled. */
  private pending: string[] = []
  /** Per entry: where its line starts in its chunk, and how long its claim is. */
  private offsets = new Int32Array(CHUNK)
  private claimLengths = new Int32Array(CHUNK)
  private lineEnds = new Int32Array(CHUNK)
  private entries = 0
  /** Slots: entry number + 1, EMPTY, or REMOVED (a deleted claim, skipped by probes). */
  private slots = new Int32Array(1 << 10)
  private live = 0
  private used = 0

  get size(): number {
    return this.live
  }

  get(claim: string): string | undefined {
    const e = this.find(claim)
    return e < 0 ? undefined : this.holderOf(e)
  }

  has(claim: string): boolean {
    return this.find(claim) >= 0
  }

  /** Adds or replaces the holder of `claim`. */
  set(claim: string, holder: string): void {
    this.delete(claim)
    // Removed slots still lengthen probes: a rehash drops them, sized for the live claims.
    if ((this.used + 1) * 2 > this.slots.length) this.rehash((this.live + 1) * 4)
    const e = this.append(claim, holder)
    if (this.place(hashOf(claim), e)) this.used++
    this.live++
  }

  delete(claim: string): boolean {
    const slot = this.slotOf(claim)
    if (slot < 0) return false
    this.slots[slot] = REMOVED
    this.live--
    return true
  }

  /** Every live holder, in no particular order. */
  *holders(): IterableIterator<string> {
    for (const v of this.slots) if (v > 0) yield this.holderOf(v - 1)
  }

  private append(claim: string, holder: string): number {
    const e = this.entries++
    if (e >= this.offsets.length) {
      const size = this.offsets.length * 2
      this.offsets = grown(this.offsets, size)
      this.claimLengths = grown(this.claimLengths, size)
      this.lineEnds = grown(this.lineEnds, size)
    }
    const previousEnd = e % CHUNK === 0 ? 0 : (this.lineEnds[e - 1] as number)
    this.offsets[e] = previousEnd
    this.claimLengths[e] = claim.length
    this.lineEnds[e] = previousEnd + claim.length + holder.length
    this.pending.push(claim + holder)
    if (this.pending.length === CHUNK) {
      this.chunks.push(this.pending.join(''))
      this.pending = []
    }
    return e
  }

  /** The text of entry `e`'s chunk and where its line starts. */
  private lineOf(e: number): { text: string; start: number } {
    const chunk = Math.floor(e / CHUNK)
    if (chunk < this.chunks.length)
      return { text: this.chunks[chunk] as string, start: this.offsets[e] as number }
    return { text: this.pending[e % CHUNK] as string, start: 0 }
  }

  private holderOf(e: number): string {
    const { text, start } = this.lineOf(e)
    const length = (this.lineEnds[e] as number) - (this.offsets[e] as number)
    return text.slice(start + (this.claimLengths[e] as number), start + length)
  }

  private isClaim(e: number, claim: string): boolean {
    if (this.claimLengths[e] !== claim.length) return false
    const { text, start } = this.lineOf(e)
    return text.startsWith(claim, start)
  }

  /** The slot holding `claim`, or -1. */
  private slotOf(claim: string): number {
    const mask = this.slots.length - 1
    for (let i = hashOf(claim) & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i] as number
      if (v === EMPTY) return -1
      if (v > 0 && this.isClaim(v - 1, claim)) return i
    }
  }

  /** The entry of `claim`, or -1. */
  private find(claim: string): number {
    const slot = this.slotOf(claim)
    return slot < 0 ? -1 : (this.slots[slot] as number) - 1
  }

  /** Puts entry `e` in the first free slot of its probe; true when that slot was never used. */
  private place(hash: number, e: number): boolean {
    const mask = this.slots.length - 1
    let i = hash & mask
    while ((this.slots[i] as number) > 0) i = (i + 1) & mask
    const fresh = this.slots[i] === EMPTY
    this.slots[i] = e + 1
    return fresh
  }

  /** A table of at least `atLeast` slots (a power of two) holding the live entries only. */
  private rehash(atLeast: number): void {
    const old = this.slots
    let size = 1 << 10
    while (size < atLeast) size *= 2
    this.slots = new Int32Array(size)
    this.used = 0
    for (const v of old) {
      if (v <= 0) continue
      const { text, start } = this.lineOf(v - 1)
      const claim = text.slice(start, start + (this.claimLengths[v - 1] as number))
      this.place(hashOf(claim), v - 1)
      this.used++
    }
  }
}
