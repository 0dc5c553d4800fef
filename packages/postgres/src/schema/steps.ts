/**
 * The database schema as numbered steps, oldest first, one sequence per part of the package (the
 * journal here; the fleet has its own). A step, once released, is never changed: a change to the
 * schema is a new step with the next number. Every step runs in the transaction that records it
 * in `vaultport.schema_migrations`, so it is applied whole or not at all. Everything lives in the
 * `vaultport` schema, away from an application's own tables.
 */

/**
 * One numbered step of a schema part: the SQL that takes it from the previous version to this one.
 * @category Schema
 */
export interface SchemaStep {
  readonly version: number
  /** What the step does, in a few words (recorded with it). */
  readonly name: string
  readonly sql: string
}

/** The `vaultport` schema and its ledger of applied steps (made before any step runs). */
export const SCHEMA_LEDGER_SQL = `
CREATE SCHEMA IF NOT EXISTS vaultport;
CREATE TABLE IF NOT EXISTS vaultport.schema_migrations (
  part text NOT NULL,
  version integer NOT NULL,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (part, version)
);`

/**
 * One part's steps: its versions count from 1 and are recorded under its name.
 * @category Schema
 */
export interface SchemaPart {
  readonly part: string
  readonly steps: ReadonlyArray<SchemaStep>
}

/**
 * The journal's part of the schema: the `vaultport.journal` table, one row an entry.
 * @category Schema
 */
export const journalSchema: SchemaPart = {
  part: 'journal',
  steps: [
    {
      version: 1,
      name: 'migration journal',
      // One row an entry: the migration it belongs to, its place in that migration's journal, its
      // key and state (for queries), and the entry as JSON text (kept exactly as written). Entries
      // carry ids and summaries only, never card data.
      sql: `
CREATE TABLE vaultport.journal (
  migration text NOT NULL,
  position bigint NOT NULL,
  k text NOT NULL,
  s text NOT NULL CHECK (s IN ('intent', 'done', 'failed', 'skipped', 'note')),
  entry text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (migration, position)
);`,
    },
  ],
}
