/**
 * Where a migration's journal lives, from `--journal`: a file (the default, one per source and
 * target pair) or a PostgreSQL database (`postgres://…`), in which the journal is the migration
 * named by `--migration` (default `<from>-><to>`). Opening takes the journal's lock: a journal
 * another live run holds is refused (exit code 2) with the holder named. A connection string's
 * password never reaches the output.
 */
import { mkdirSync, openSync, closeSync, writeSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'
import * as E from 'fp-ts/Either'
import { fileJournal, mappingLines, type Journal } from '@vaultport/migrate'
import { postgresJournal, redactConnectionString } from '@vaultport/postgres'
import { CliError, ExitCode, type CliIo } from '../io'

/** A journal the command opened (and so closes). */
export type OpenJournal = Journal & { readonly close: () => Promise<void> }

/** Whether `--journal` names a PostgreSQL database rather than a file. */
export const isPostgresJournal = (spec: string): boolean => /^postgres(ql)?:\/\//i.test(spec)

/** A file journal's path resolved against the working folder; a connection string as it is. */
export const journalLocation = (io: CliIo, spec: string): string =>
  isPostgresJournal(spec) || isAbsolute(spec) ? spec : join(io.cwd, spec)

/** The migration's name in a shared journal: `--migration`, else `<from>-><to>`. */
export const migrationName = (o: {
  readonly migration?: string
  readonly from: string
  readonly to: string
}): string => o.migration ?? `${o.from}->${o.to}`

/** The journal in words for output: a file's path, or the database (no password) and name. */
export const describeJournal = (spec: string, migration: string): string =>
  isPostgresJournal(spec)
    ? `${redactConnectionString(spec)} (migration ${JSON.stringify(migration)})`
    : spec

/** The default id-mapping file: beside a file journal, or in `.vaultport/` for a database. */
export const defaultMappingPath = (spec: string, migration: string): string =>
  isPostgresJournal(spec)
    ? join('.vaultport', `${migration.replace(/[^A-Za-z0-9._-]+/g, '_')}.mapping.jsonl`)
    : spec.replace(/\.journal\.jsonl$|$/, '.mapping.jsonl')

const refused = (what: string, why: string): CliError =>
  new CliError(`the journal ${what} cannot be used: ${why}`, ExitCode.usage)

/**
 * Opens the journal at `spec` with its lock held (a file's folder is made first). Refused with
 * exit code 2 while another run holds it; a file's stale lock is taken over and said so.
 */
export const openJournal = async (
  io: CliIo,
  spec: string,
  migration: string,
): Promise<OpenJournal> => {
  if (isPostgresJournal(spec)) {
    const journal = postgresJournal({ connectionString: spec, migration })
    const held = await journal.lock()
    if (E.isLeft(held)) throw refused(describeJournal(spec, migration), held.left)
    return journal
  }
  mkdirSync(dirname(spec), { recursive: true })
  const journal = fileJournal(spec)
  const held = await journal.lock()
  if (E.isLeft(held)) throw refused(spec, held.left)
  if (held.right.tookOver !== undefined)
    io.err(`vaultport: journal ${spec}: ${held.right.tookOver}\n`)
  return journal
}

/** Writes the id-mapping file (JSON lines, one mapped item a line) from a journal's entries. */
export const writeMappingFromJournal = async (
  journal: Journal,
  mappingPath: string,
): Promise<void> => {
  const entries = await journal.read()
  mkdirSync(dirname(mappingPath), { recursive: true })
  const out = openSync(mappingPath, 'w')
  try {
    for (const entry of entries)
      for (const m of mappingLines(entry)) writeSync(out, `${JSON.stringify(m)}\n`)
  } finally {
    closeSync(out)
  }
}
