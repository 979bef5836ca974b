import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Kysely, Migration, Transaction, sql } from 'kysely';
import { Pool } from 'pg';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@app/event-store';
import { describeWhen, engines, freshSchema } from '@app/event-store/testing';
import { eventDecoder } from '@app/kernel';
import {
  PlatformTables,
  ReadModelDb,
  migrateToLatest,
  openPostgresReadModelDb,
  openSqliteReadModelDb,
  platformMigrations,
} from '../database/read-model-db';
import { ReadModelPlace, RebuildFailed, rebuildBlueGreen, stagingDdl } from './blue-green';
import { ProjectedEvent, Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { appendCounted, until as pollUntil } from '../testing/counted-events';

type Counted = { type: 'Counted'; data: { n: number } };
type Tables = {
  bg_totals: { id: string; events: number; sum: number };
  bg_seen: { position: number; n: number };
};

/**
 * A read model where a lost or doubled event shows: a running total (an upsert that adds) and one row
 * per event (a primary key). `version` is what a new release would change: the rows it writes.
 */
class Totals implements Projection {
  readonly name = 'totals';
  readonly tables = ['bg_totals', 'bg_seen'];
  readonly events = eventDecoder<Counted>({ categories: ['count'], versions: { Counted: 1 } });
  failOn: number | null = null;
  /** A slow version holds its batch's transaction open longer: a switch then meets a batch under way. */
  delayMs = 0;
  async apply(trx: Transaction<PlatformTables>, projected: ProjectedEvent): Promise<void> {
    const { event, position } = projected as ProjectedEvent<Counted>;
    if (event.data.n === this.failOn) throw new Error(`cannot count ${event.data.n}`);
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const db = trx.withTables<Tables>();
    await db.insertInto('bg_seen').values({ position, n: event.data.n }).execute();
    await db
      .insertInto('bg_totals')
      .values({ id: 'all', events: 1, sum: event.data.n })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          events: sql`bg_totals.events + excluded.events`,
          sum: sql`bg_totals.sum + excluded.sum`,
        }),
      )
      .execute();
  }
  async reset(trx: Transaction<PlatformTables>): Promise<void> {
    await trx.withTables<Tables>().deleteFrom('bg_seen').execute();
    await trx.withTables<Tables>().deleteFrom('bg_totals').execute();
  }
}

const migrations: Record<string, Migration> = {
  '0100_totals': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bg_totals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('events', 'integer', (c) => c.notNull())
        .addColumn('sum', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('bg_seen')
        .addColumn('position', 'bigint', (c) => c.primaryKey())
        .addColumn('n', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bg_seen_by_n').on('bg_seen').column('n').execute();
    },
  },
};

function suite(engine: 'sqlite' | 'postgres') {
  beforeAll(() => Logger.overrideLogger(false));
  let store: EventStore;
  let live: ReadModelDb;
  /** A second connection to the same read models: the one a CLI process would have. */
  let other: ReadModelDb;
  let place: ReadModelPlace;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    if (engine === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'blue-green-'));
      store = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 10 });
      place = { engine, file: join(dir, 'read-models.db') };
      live = openSqliteReadModelDb(place.file);
      await migrateToLatest(live, { ...platformMigrations, ...migrations });
      other = openSqliteReadModelDb(place.file);
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = await freshSchema('bluegreen');
      store = await PostgresEventStore.open({ connectionString: engines.postgresUrl, schema: schema.schema });
      place = { engine, schema: `${schema.schema}_read` };
      live = await openPostgresReadModelDb(engines.postgresUrl, place.schema);
      await migrateToLatest(live, { ...platformMigrations, ...migrations }, place.schema);
      other = await openPostgresReadModelDb(engines.postgresUrl, place.schema);
      cleanup = async () => {
        const pool = new Pool({ connectionString: engines.postgresUrl, max: 1 });
        // A test that failed mid-rebuild may leave its staging copy: it goes with the test's schemas.
        const readSchema = (place as { schema: string }).schema;
        await pool.query(`DROP SCHEMA IF EXISTS ${readSchema}_rebuild_totals CASCADE`);
        await pool.query(`DROP SCHEMA IF EXISTS ${readSchema} CASCADE`);
        await pool.end();
        await schema.drop();
      };
    }
  });
  afterEach(async () => {
    await other.destroy();
    await live.destroy();
    await (store as { close?: () => Promise<void> }).close?.();
    await cleanup();
  });

  const append = (n: number) => appendCounted(store, n);
  const until = (check: () => boolean | Promise<boolean>, ms = 20_000) => pollUntil(check, ms, 10);

  const totals = async () =>
    (await live.withTables<Tables>().selectFrom('bg_totals').selectAll().executeTakeFirst()) ?? null;
  const seen = async () =>
    (
      await live
        .withTables<Tables>()
        .selectFrom('bg_seen')
        .select(['position', 'n'])
        .orderBy('position')
        .execute()
    ).map((row) => [Number(row.position), Number(row.n)]);

  it('swaps in a rebuilt version while events keep coming and the live runner keeps applying them: each event once', async () => {
    for (let n = 1; n <= 300; n++) await append(n);
    const projection = new Totals();
    const runner = new ProjectionRunner(store, live, [projection]);
    await runner.start();
    await until(async () => (await totals())?.events === 300);
    projection.delayMs = 3;

    // Appends go on through the rebuild and its switch; the live read model is read all along.
    let appending = true;
    let appended = 300;
    const writer = (async () => {
      while (appending) {
        await append(++appended);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const reads: number[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        reads.push(Number((await totals())?.events ?? 0));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    const phases: string[] = [];
    const result = await rebuildBlueGreen({
      db: other,
      place,
      store,
      projection: new Totals(),
      batchSize: 25,
      onProgress: (p) => phases.push(p.phase),
    });
    appending = false;
    await writer;
    const head = await store.headPosition();
    await until(async () => (await totals())?.events === appended);
    reading = false;
    await reader;
    await runner.stop();

    expect(result.position).toBeGreaterThanOrEqual(300);
    expect(phases).toContain('building');
    expect(phases.slice(-2)).toEqual(['switching', 'done']);
    // Every event exactly once, in the rebuilt rows and in the running total.
    const rows = await seen();
    expect(rows.map(([, n]) => n)).toEqual(Array.from({ length: appended }, (_, i) => i + 1));
    expect(Number((await totals())!.sum)).toBe((appended * (appended + 1)) / 2);
    expect(head).toBe(appended);
    // Readers never saw the read model empty or going back.
    expect(reads.length).toBeGreaterThan(0);
    expect(Math.min(...reads)).toBeGreaterThanOrEqual(300);
    for (let i = 1; i < reads.length; i++) expect(reads[i]).toBeGreaterThanOrEqual(reads[i - 1]);
    if (engine === 'postgres') {
      // PostgreSQL plans from the new version's rows (statistics.ts), not from a never-analyzed table's guess.
      const { rows: planned } = await sql<{ n: number }>`
        SELECT reltuples AS n FROM pg_class WHERE oid = to_regclass('bg_seen')`.execute(live);
      expect(Number(planned[0].n)).toBeGreaterThanOrEqual(300);
    }
  }, 60_000);

  it('switches while appends come faster than the new version builds (it does not chase the head)', async () => {
    for (let n = 1; n <= 100; n++) await append(n);
    const runner = new ProjectionRunner(store, live, [new Totals()]);
    await runner.start();
    await until(async () => (await totals())?.events === 100);
    // Three appenders, each one append a millisecond or so, go on until the switch (at most 20 s); the
    // new version takes a millisecond an event, so it never reaches a head that keeps moving away.
    let appending = true;
    let appended = 100;
    const stopAt = Date.now() + 20_000;
    const writers = [1, 2, 3].map(async () => {
      while (appending && Date.now() < stopAt) {
        await append(++appended);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    });
    const slow = new Totals();
    slow.delayMs = 1;
    await rebuildBlueGreen({ db: other, place, store, projection: slow, batchSize: 25 });
    const switchedWhileAppending = Date.now() < stopAt;
    appending = false;
    await Promise.all(writers);
    await until(async () => (await totals())?.events === appended);
    await runner.stop();
    expect(switchedWhileAppending).toBe(true);
    expect((await seen()).map(([, n]) => n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: appended }, (_, i) => i + 1),
    );
  }, 60_000);

  it('leaves the live version as it was when the new one fails on an event, and drops its staging copy', async () => {
    for (let n = 1; n <= 50; n++) await append(n);
    const runner = new ProjectionRunner(store, live, [new Totals()]);
    await runner.start();
    await until(async () => (await totals())?.events === 50);
    await runner.stop();
    const before = await seen();
    const broken = new Totals();
    broken.failOn = 40;
    await expect(rebuildBlueGreen({ db: other, place, store, projection: broken })).rejects.toThrow(
      RebuildFailed,
    );
    await expect(rebuildBlueGreen({ db: other, place, store, projection: broken })).rejects.toThrow(
      /totals fails on Counted at position 40: cannot count 40. The live version is unchanged/,
    );
    expect(await seen()).toEqual(before);
    const staging =
      engine === 'sqlite'
        ? (await sql<{ name: string }>`PRAGMA database_list`.execute(other)).rows.map((row) => row.name)
        : (
            await sql<{ name: string }>`SELECT schema_name AS name FROM information_schema.schemata`.execute(
              other,
            )
          ).rows.map((row) => row.name);
    // Only this test's namespaces: other suites' schemas share the PostgreSQL database.
    const ours = engine === 'sqlite' ? 'rebuild' : `${(place as { schema: string }).schema}_rebuild`;
    expect(staging.filter((name) => name.includes(ours))).toEqual([]);
  }, 60_000);
}

describe('staging DDL', () => {
  it('puts a live table and its indexes in the staging database', () => {
    expect(stagingDdl('CREATE TABLE "ca_orders" ("order_id" text primary key)', 'rebuild_x')).toBe(
      'CREATE TABLE "rebuild_x"."ca_orders" ("order_id" text primary key)',
    );
    expect(stagingDdl('create unique index "ix" on "ca_orders" ("a")', 'rebuild_x')).toBe(
      'CREATE unique INDEX "rebuild_x"."ix" on "ca_orders" ("a")',
    );
    expect(() => stagingDdl('CREATE VIEW v AS SELECT 1', 'rebuild_x')).toThrow(/Cannot make a staging copy/);
  });
});

describeWhen('', 'blue/green rebuild [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'blue/green rebuild [postgres]', () => suite('postgres'));
