import { ParkedEventTables, parkedEventsMigration } from '../projections/parked-events';
import { Kysely, Migration } from 'kysely';
import { KeyVaultTables, keyVaultMigration } from '../personal-data/key-vault';

/**
 * The durable state beside the log: what cannot be derived from the events, or must never be derived
 * again (that would repeat a side effect). Read models are rebuilt from the log; this is not.
 * - the checkpoints of the reactors (processes and the email notifier): a rebuild of the read models
 *   never replays a command or an email;
 * - idempotency records: the first answer to each `Idempotency-Key`, replayed for 24 hours;
 * - the email outbox (notifier tables): which email was decided, and whether it was sent;
 * - the keys that personal data in the log is sealed with (personal-data/key-vault.ts): never in the log.
 * Embedded it is `data/state.db`; on PostgreSQL, tables in the schema of the events.
 */
export interface DurableTables extends ParkedEventTables, KeyVaultTables {
  projection_checkpoints: { name: string; position: number; updated_at: string };
  idempotency_keys: {
    /** Who used the key (the user's id): keys of different users never meet. */
    scope: string;
    key: string;
    /** SHA-256 of the method, the route, its parameters and the body: the request the key is bound to. */
    fingerprint: string;
    status: 'IN_FLIGHT' | 'DONE';
    response_status: number | null;
    response_headers: string | null;
    response_body: string | null;
    created_at: string;
    expires_at: string;
    /** While IN_FLIGHT: until when the request that holds the key may still be running. */
    locked_until: string;
  };
}

export type DurableDb = Kysely<DurableTables>;
export const DURABLE_DB = Symbol('DURABLE_DB');

/** Its own migration table: on PostgreSQL the durable tables share a schema with the events. */
export const DURABLE_MIGRATION_TABLE = 'durable_migrations';

export const durableMigrations: Record<string, Migration> = {
  '0003_parked_events': parkedEventsMigration,
  '0004_personal_data_keys': keyVaultMigration,
  // `ifNotExists`: deployments from before the durable state kept these tables in the same schema; they are adopted.
  '0001_durable_checkpoints': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('projection_checkpoints')
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_idempotency_keys': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('idempotency_keys')
        .ifNotExists()
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer')
        .addColumn('response_headers', 'text')
        .addColumn('response_body', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute();
      await db.schema
        .createIndex('idempotency_keys_expires_at')
        .ifNotExists()
        .on('idempotency_keys')
        .column('expires_at')
        .execute();
    },
  },
};
