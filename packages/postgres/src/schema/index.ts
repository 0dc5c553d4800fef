/** The `vaultport` schema in PostgreSQL: its numbered steps, their migration, advisory locks. */
export { advisoryHalves, advisoryKey } from './advisory'
export { migrateSchema, type PartMigration } from './migrate'
export { describePgError, type PgClient, type PgPool, type PgResult } from './pg'
export { journalSchema, type SchemaPart, type SchemaStep } from './steps'
