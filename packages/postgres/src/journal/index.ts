/** The migration journal in PostgreSQL: the journal, its lock, its connection. */
export {
  postgresJournal,
  type PostgresJournal,
  type PostgresJournalConfig,
  type PostgresJournalOptions,
} from './postgresJournal'
export { journalLockKey } from './lock'
export { redactConnectionString, type JournalDatabase } from './session'
