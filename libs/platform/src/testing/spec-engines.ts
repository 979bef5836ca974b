import { afterEach, beforeAll, beforeEach } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@app/event-store';
import { engines, freshSchema } from '@app/event-store/testing';
import {
  ReadModelDb,
  migrateToLatest,
  openPostgresReadModelDb,
  openSqliteReadModelDb,
  platformMigrations,
} from '../database/read-model-db';

export interface SpecEngine {
  store: EventStore;
  /** The platform's tables (checkpoints, parked events, accounts), migrated. */
  db: ReadModelDb;
  /** Closes both and removes their files or schemas. */
  dispose(): Promise<void>;
}

/** A fresh event store and read-model database on `engine` for one spec (PostgreSQL: a schema of its own). */
export async function specEngine(engine: 'sqlite' | 'postgres', prefix: string): Promise<SpecEngine> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    const store = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 20 });
    const db = openSqliteReadModelDb(join(dir, 'read-models.db'));
    await migrateToLatest(db, platformMigrations);
    return {
      store,
      db,
      async dispose() {
        await db.destroy();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = await freshSchema(prefix.replace(/-/g, '_'));
  const store = await PostgresEventStore.open({
    connectionString: engines.postgresUrl,
    schema: schema.schema,
  });
  const db = await openPostgresReadModelDb(engines.postgresUrl, `${schema.schema}_read`);
  await migrateToLatest(db, platformMigrations, `${schema.schema}_read`);
  return {
    store,
    db,
    async dispose() {
      await db.destroy();
      await store.close();
      await schema.drop();
    },
  };
}

/**
 * For a suite of specs on `engine`: a fresh store and read-model database for each test (made before it,
 * after `setUp` if given, and disposed of after it), with Nest's logger silenced. The tests read
 * `current.store` and `current.db`.
 */
export function specEnginePerTest(
  engine: 'sqlite' | 'postgres',
  prefix: string,
  setUp: (made: SpecEngine) => Promise<unknown> = async () => undefined,
): { readonly current: SpecEngine } {
  let made: SpecEngine | null = null;
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(async () => {
    made = await specEngine(engine, prefix);
    await setUp(made);
  });
  afterEach(async () => {
    await made?.dispose();
    made = null;
  });
  return {
    get current() {
      if (!made) throw new Error('specEnginePerTest: read current inside a test');
      return made;
    },
  };
}
