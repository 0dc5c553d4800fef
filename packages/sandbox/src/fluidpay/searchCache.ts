/**
 * What keeps search fast on a large vault (100k records) without changing a byte of its answers:
 * each record's JSON text, kept until the record changes, so a page is a join of 100 strings
 * instead of 100 views built and serialized; and the records a filter matched, kept until any
 * record changes, so paging through a filtered search filters the vault once, not once a page.
 * Records change only through `touch` (and the table's own set and delete), which tells this cache.
 */
import type { Customer, Merchant } from './state'

/** The records one filter matched, valid while the vault is the same (`revision`, `all`). */
interface Matched {
  readonly merchant: Merchant
  readonly key: string
  readonly revision: number
  readonly all: readonly Customer[]
  readonly matching: readonly Customer[]
}

export class SearchCache {
  /** Bumped by every change to any record: a kept match is only valid at the revision it was made. */
  private revision = 0
  private readonly texts = new WeakMap<Customer, string>()
  private matched: Matched | null = null

  /** A record changed: its text and every kept match are stale. */
  changed(c: Customer): void {
    this.texts.delete(c)
    this.revision++
  }

  /** The record's JSON text, built by `render` the first time after each change. */
  text(c: Customer, render: (c: Customer) => unknown): string {
    let text = this.texts.get(c)
    if (text === undefined) {
      text = JSON.stringify(render(c))
      this.texts.set(c, text)
    }
    return text
  }

  /**
   * The records of `all` (in its order) that pass `test`; `key` names the filter exactly, so the
   * same search at the next offset reuses the match while nothing changed.
   */
  matching(
    merchant: Merchant,
    all: readonly Customer[],
    key: string,
    test: (c: Customer) => boolean,
  ): readonly Customer[] {
    const m = this.matched
    if (
      m !== null &&
      m.merchant === merchant &&
      m.key === key &&
      m.revision === this.revision &&
      m.all === all
    )
      return m.matching
    const matching = all.filter(test)
    this.matched = { merchant, key, revision: this.revision, all, matching }
    return matching
  }
}
