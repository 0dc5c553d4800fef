/**
 * The journal's rows: a batch of entries written by one INSERT (one statement, so one
 * transaction: all of the batch is committed or none of it), and a migration's entries read back
 * in order. A row whose entry cannot be read is reported as damaged, as a damaged file line is.
 */
import type { JournalDamage, JournalEntry, JournalRead } from '@vaultport/migrate'
import type { PgClient } from '../schema/pg'

const STATES: ReadonlySet<string> = new Set(['intent', 'done', 'failed', 'skipped', 'note'])

/** Writes `entries` at positions `first`, `first + 1`, …; resolves once committed. */
export const insertEntries = async (
  client: PgClient,
  migration: string,
  first: number,
  entries: ReadonlyArray<JournalEntry>,
): Promise<void> => {
  await client.query(
    `INSERT INTO vaultport.journal (migration, position, k, s, entry)
     SELECT $1, t.position, t.k, t.s, t.entry
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS t(position, k, s, entry)`,
    [
      migration,
      entries.map((_, i) => first + i),
      entries.map((e) => e.k),
      entries.map((e) => e.s),
      entries.map((e) => JSON.stringify(e)),
    ],
  )
}

/** The last position written for the migration (0 when it has no entries). */
export const lastPosition = async (client: PgClient, migration: string): Promise<number> => {
  const r = await client.query(
    'SELECT coalesce(max(position), 0) AS last FROM vaultport.journal WHERE migration = $1',
    [migration],
  )
  return Number(r.rows[0]?.['last'] ?? 0)
}

const asEntry = (text: string): JournalEntry | undefined => {
  try {
    const o = JSON.parse(text) as { k?: unknown; s?: unknown } | null
    return typeof o === 'object' && o !== null && typeof o.k === 'string' && STATES.has(String(o.s))
      ? (o as JournalEntry)
      : undefined
  } catch {
    return undefined
  }
}

/** Every entry of the migration, in order; an unreadable row is named by its position. */
export const readEntries = async (client: PgClient, migration: string): Promise<JournalRead> => {
  const r = await client.query(
    'SELECT position, entry FROM vaultport.journal WHERE migration = $1 ORDER BY position',
    [migration],
  )
  const entries: JournalEntry[] = []
  const damage: JournalDamage[] = []
  for (const row of r.rows) {
    const entry = asEntry(String(row['entry']))
    if (entry === undefined) damage.push({ line: Number(row['position']), reason: 'unreadable' })
    else entries.push(entry)
  }
  return { entries, damage, tornTail: false }
}
