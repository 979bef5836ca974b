import { join } from 'node:path';
import { Kysely, Migration } from 'kysely';
import { Pool } from 'pg';
import {
  EventStore,
  EventStoreDbEventStore,
  PostgresEventStore,
  SqliteEventStore,
  withSchemaLock,
} from '@app/event-store';
import {
  AppConfig,
  DURABLE_MIGRATION_TABLE,
  DurableDb,
  DurableTables,
  ReadModelDb,
  durableMigrations,
  migrateToLatest,
  openPostgresDb,
  openPostgresReadModelDb,
  openSqliteDb,
  openSqliteReadModelDb,
  platformMigrations,
} from '@app/platform';
import { backOfficeMigrations, customerAreaMigrations } from '@app/read-models';
import { notifierMigrations } from '@app/notifier';
import { invoicesMigrations } from '@app/invoicing';
import {
  OrderNumbers,
  PostgresOrderNumbers,
  SQLITE_ORDER_NUMBER_MIGRATIONS,
  SqliteOrderNumbers,
  schedulerMigrations,
} from '@app/renewals';

/** The read models' tables: disposable, rebuilt from the log. */
export const ALL_MIGRATIONS = {
  ...platformMigrations,
  ...customerAreaMigrations,
  ...schedulerMigrations,
  ...backOfficeMigrations,
  ...invoicesMigrations,
};

export type EngineName = 'sqlite' | 'postgres' | 'eventstoredb';

export function engineNames(config: AppConfig): { events: EngineName; readModels: 'sqlite' | 'postgres' } {
  return {
    events: config.eventStoreUrl ? 'eventstoredb' : config.databaseUrl ? 'postgres' : 'sqlite',
    readModels: config.databaseUrl ? 'postgres' : 'sqlite',
  };
}

/**
 * The event store chosen by configuration: EVENTSTORE_URL (esdb://), else DATABASE_URL (postgres://),
 * else the embedded SQLite file.
 */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  const { events } = engineNames(config);
  if (events === 'eventstoredb') return EventStoreDbEventStore.connect(config.eventStoreUrl!);
  if (events === 'postgres')
    return PostgresEventStore.open({ connectionString: config.databaseUrl!, schema: config.databaseSchema });
  return new SqliteEventStore(config.eventsFile, { migrations: SQLITE_ORDER_NUMBER_MIGRATIONS });
}

/**
 * The read models and their checkpoints: disposable, rebuilt from the log when missing. PostgreSQL with
 * DATABASE_URL (a schema of their own, READ_MODEL_SCHEMA), else data/read-models.db. Migrated on open.
 */
export async function openReadModelDb(config: AppConfig): Promise<ReadModelDb> {
  const db = config.databaseUrl
    ? await openPostgresReadModelDb(config.databaseUrl, config.readModelSchema)
    : openSqliteReadModelDb(config.readModelsFile);
  await migrate(config, db, config.readModelSchema, ALL_MIGRATIONS);
  return db;
}

/**
 * The durable state beside the log (never rebuilt): idempotency records, the checkpoints of the reactors and
 * the email outbox. PostgreSQL with DATABASE_URL (the events' schema), else data/state.db.
 */
export async function openDurableDb(config: AppConfig): Promise<DurableDb> {
  const db = config.databaseUrl
    ? await openPostgresDb<DurableTables>(config.databaseUrl, config.databaseSchema)
    : openSqliteDb<DurableTables>(config.stateFile);
  await migrate(config, db, config.databaseSchema, DURABLE_MIGRATIONS, DURABLE_MIGRATION_TABLE);
  return db;
}

/** The durable state's tables: never rebuilt. */
export const DURABLE_MIGRATIONS = { ...durableMigrations, ...notifierMigrations };

async function migrate(
  config: AppConfig,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
  db: Kysely<any>,
  schema: string,
  migrations: Record<string, Migration>,
  migrationTable?: string,
): Promise<void> {
  if (!config.databaseUrl) return migrateToLatest(db, migrations, undefined, migrationTable);
  // Kysely creates its migration tables with IF NOT EXISTS, which races between processes starting together.
  const lockPool = new Pool({ connectionString: config.databaseUrl, max: 1 });
  try {
    await withSchemaLock(lockPool, schema, () => migrateToLatest(db, migrations, schema, migrationTable));
  } finally {
    await lockPool.end();
  }
}

/** Order numbers live on the write side: PostgreSQL, the SQLite event file, or a SQLite file of their own. */
export async function openOrderNumbers(config: AppConfig, store: EventStore): Promise<OrderNumbers> {
  if (config.databaseUrl)
    return PostgresOrderNumbers.open(
      new Pool({
        connectionString: config.databaseUrl,
        max: 2,
        options: `-c search_path=${config.databaseSchema}`,
      }),
      config.databaseSchema,
    );
  if (store instanceof SqliteEventStore) return new SqliteOrderNumbers(store);
  // The events are in EventStoreDB: the numbers get an SQLite file of their own (only its keyed sequences are used).
  const file = new SqliteEventStore(join(config.dataDir, 'order-numbers.db'), {
    migrations: SQLITE_ORDER_NUMBER_MIGRATIONS,
  });
  const numbers = new SqliteOrderNumbers(file);
  return {
    numberFor: (id, now) => numbers.numberFor(id, now),
    orderOf: (n) => numbers.orderOf(n),
    close: () => file.close(),
  };
}
