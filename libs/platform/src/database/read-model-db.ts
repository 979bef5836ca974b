import { ParkedEventTables, parkedEventsMigration } from '../projections/parked-events';
import Database from 'better-sqlite3';
import { Kysely, Migration, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { validSchemaName, withSchemaLock } from '@app/event-store';

/** Tables the platform owns; each context adds its own with `db.withTables<...>()`. */
export interface PlatformTables extends ParkedEventTables {
  projection_checkpoints: { name: string; position: number; updated_at: string };
  accounts: {
    id: string;
    username: string;
    password_hash: string;
    role: 'customer' | 'back-office';
    display_name: string;
    email: string;
    created_at: string;
  };
}

export type ReadModelDb = Kysely<PlatformTables>;
/**
 * The read models' SQLite page cache. A rebuild of the 10k-customer log ran 4,350 events/s with 2 MiB and
 * 4,617 with 64 (2026-12-04); with 16, 16,753-17,063 against 16,143-17,187 with 64 (three pairs, 2026-12-07),
 * and the server's peak RSS under the scale bench on the 100,000-customer log is 268 MB against 307 (the
 * cache fills as the queries read the big tables; the file's pages stay in the OS's cache either way).
 */
const READ_MODEL_CACHE_MIB = 16;
/**
 * Pages the read models' WAL may hold before SQLite copies them into the file (1,000 by default). A batch of
 * a catch-up changes the same index pages as the one before it: each checkpoint copied them again and synced
 * the file, 21% of a rebuild's time (68 commits of the 10k log: 1,626 ms of commits, 986 with 10,000 pages;
 * 4,000: 1,194; 20,000: 900). The WAL file then stays at up to 10,000 pages (40 MiB of 4 KiB).
 */
const READ_MODEL_WAL_PAGES = 10_000;
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

/** An SQLite file in WAL mode behind Kysely (read models, or the durable state beside the log). */
export function openSqliteDb<Tables>(
  filename: string,
  options: { cacheMiB?: number; walPages?: number } = {},
): Kysely<Tables> {
  const database = new Database(filename);
  database.pragma('journal_mode = WAL');
  // Read models can be rebuilt from the event log; what the durable state keeps (idempotency records, sent
  // marks) is checked again by the log itself (command ids, Message-IDs). A crash of the process loses
  // nothing; a power cut may cost the last commits.
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  // A deleted or rewritten row's bytes are zeroed, not left in free space: an erased person's name must
  // not stay readable in the file (decisions.md #34).
  database.pragma('secure_delete = ON');
  // SQLite's page cache is 2 MiB by default: the read models' indexes (search terms, lists) outgrow it
  // during a rebuild, and each batch then reads its pages back from the file.
  if (options.cacheMiB) database.pragma(`cache_size = -${options.cacheMiB * 1024}`);
  if (options.walPages) database.pragma(`wal_autocheckpoint = ${options.walPages}`);
  return new Kysely<Tables>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
}

/** Read models, their checkpoints and the accounts read model in one SQLite file. */
export function openSqliteReadModelDb(filename: string): ReadModelDb {
  return openSqliteDb<PlatformTables>(filename, {
    cacheMiB: READ_MODEL_CACHE_MIB,
    walPages: READ_MODEL_WAL_PAGES,
  });
}

/**
 * A PostgreSQL schema behind Kysely (columns are text, integer and bigint: the same queries as SQLite).
 * The schema is created under the schema's DDL lock, so any number of processes can start together.
 */
export async function openPostgresDb<Tables>(
  connectionString: string,
  schema: string,
): Promise<Kysely<Tables>> {
  validSchemaName(schema);
  const setup = new Pool({ connectionString, max: 1 });
  try {
    await withSchemaLock(setup, schema, (client) =>
      client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).then(() => undefined),
    );
  } finally {
    await setup.end();
  }
  const pool = new Pool({ connectionString, max: 10, options: `-c search_path=${schema}` });
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}

export function openPostgresReadModelDb(connectionString: string, schema: string): Promise<ReadModelDb> {
  return openPostgresDb<PlatformTables>(connectionString, schema);
}

/**
 * Kysely prepares every query anew; most of our queries repeat, so reuse the prepared statements
 * (bounded, oldest dropped first). better-sqlite3 statements are safe to reuse one call at a time.
 */
function withStatementCache(database: Database.Database, size = 500) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

export const platformMigrations: Record<string, Migration> = {
  '0001_platform': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('projection_checkpoints')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_parked_events': parkedEventsMigration,
};

/** Runs every context's migrations, in name order, once. */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
  db: Kysely<any>,
  migrations: Record<string, Migration>,
  schema?: string,
  migrationTableName?: string,
): Promise<void> {
  // With a schema (PostgreSQL), Kysely's own tables are looked for there, not in whichever schema has them.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
    // Each context numbers its own range (platform 00xx, customer area 01xx, ...): a context's new migration
    // may sort before another context's older one, and still runs once.
    allowUnorderedMigrations: true,
    ...(migrationTableName
      ? { migrationTableName, migrationLockTableName: `${migrationTableName}_lock` }
      : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}

/**
 * After an erasure: an SQLite file in WAL mode keeps the pages as they were in its WAL until a
 * checkpoint, so the WAL is written back into the file (whose freed bytes are zeroed) and emptied.
 * PostgreSQL keeps dead row versions until they are vacuumed and reused (decisions.md #34).
 */
export async function scrubWriteAheadLog<Tables>(db: Kysely<Tables>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter)
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
}
