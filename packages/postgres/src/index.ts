/**
 * @vaultport/postgres: the migration journal in PostgreSQL (same write protocol and guarantees as
 * the file journal: an entry is acknowledged once committed, one run per migration at a time),
 * its versioned schema, and fleet workers over it.
 */
export * from './schema'
export * from './journal'
export * from './fleet'
