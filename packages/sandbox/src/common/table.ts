/**
 * An insertion-ordered map with a cached array view, so that paging through a large, unchanging
 * set (100k customers) costs one array build, not one per page.
 */
export class Table<K, V> {
  private readonly map = new Map<K, V>()
  private snapshot: V[] | null = null

  get size(): number {
    return this.map.size
  }

  get(key: K): V | undefined {
    return this.map.get(key)
  }

  has(key: K): boolean {
    return this.map.has(key)
  }

  set(key: K, value: V): void {
    if (!this.map.has(key) || this.map.get(key) !== value) this.snapshot = null
    this.map.set(key, value)
  }

  delete(key: K): boolean {
    const deleted = this.map.delete(key)
    if (deleted) this.snapshot = null
    return deleted
  }

  /** The values in insertion order; do not mutate the array. */
  values(): readonly V[] {
    if (this.snapshot === null) this.snapshot = Array.from(this.map.values())
    return this.snapshot
  }

  clear(): void {
    this.map.clear()
    this.snapshot = null
  }
}
