/**
 * The fleet: many merchants migrated by many workers over one PostgreSQL database. A manifest
 * lists the merchants (credentials by reference only); each becomes a work unit that workers
 * claim, heartbeat and release; a unit whose worker died is taken over and resumed through its
 * journal.
 */
export {
  decodeManifest,
  decodeMerchant,
  readManifest,
  type FleetManifest,
  type MerchantOptions,
  type MerchantSpec,
} from './manifest'
export {
  formatReference,
  parseReference,
  resolveEntry,
  resolveReference,
  type CredentialReference,
  type ResolveContext,
} from './references'
export { openMerchant, type OpenContext, type OpenedMerchant } from './open'
export { fleetSchema, migrateFleetSchema } from './schema'
export {
  claimUnit,
  enqueueUnits,
  heartbeat,
  listUnits,
  releaseUnit,
  unfinishedUnits,
  type Claim,
  type Queryable,
  type Release,
  type UnitOutcome,
  type UnitProgress,
  type UnitRow,
  type UnitState,
} from './units'
export {
  defaultWorkerId,
  fleetMigrationName,
  releaseFor,
  runWorker,
  type LockableJournal,
  type WorkerEvent,
  type WorkerOptions,
  type WorkerSummary,
} from './worker'
export { isPostgresUrl, openFleetPool, type FleetPool, type FleetPoolOptions } from './pool'
