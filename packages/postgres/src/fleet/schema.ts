/**
 * The fleet's tables, as numbered schema steps of their own part (`fleet`), applied with the
 * journal's by `migrateSchema(pool, [journalSchema, fleetSchema])`. A released step is never
 * changed: a change is a new step.
 */
import type * as TE from 'fp-ts/TaskEither'
import {
  journalSchema,
  migrateSchema,
  type PartMigration,
  type PgClient,
  type PgPool,
  type SchemaPart,
} from '../schema'

/**
 * The fleet's part of the schema: the work-unit table.
 * @category Schema
 */
export const fleetSchema: SchemaPart = {
  part: 'fleet',
  steps: [
    {
      version: 1,
      name: 'fleet work units',
      // One row a merchant of a fleet. `spec` is the merchant's manifest entry with credentials
      // by reference only; `claim` is the token of the worker holding it until `lease_until`;
      // `available_at` holds back a unit put back in the queue (a busy journal) for a while.
      sql: `
CREATE TABLE vaultport.fleet_units (
  fleet text NOT NULL,
  merchant text NOT NULL,
  spec jsonb NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'claimed', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  claim uuid,
  worker text,
  lease_until timestamptz,
  heartbeat_at timestamptz,
  available_at timestamptz NOT NULL DEFAULT now(),
  enqueued_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  progress jsonb NOT NULL DEFAULT '{}',
  outcome jsonb,
  error text,
  PRIMARY KEY (fleet, merchant)
);
CREATE INDEX fleet_units_claimable ON vaultport.fleet_units (available_at)
  WHERE state IN ('queued', 'claimed');`,
    },
  ],
}

/**
 * Brings the journal's and the fleet's tables up to this code's version (see `migrateSchema`).
 * @category Schema
 */
export const migrateFleetSchema = (
  db: PgPool | PgClient,
): TE.TaskEither<string, ReadonlyArray<PartMigration>> =>
  migrateSchema(db, [journalSchema, fleetSchema])
