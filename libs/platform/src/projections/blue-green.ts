import { Logger } from '@nestjs/common';
import { Kysely, Transaction, sql } from 'kysely';
import { EventStore, StoredEvent } from '@app/event-store';
import { PlatformTables, ReadModelDb } from '../database/read-model-db';
import { eventLogContext, withLogContext } from '../logging/log-context';
import { readCheckpoint, writeCheckpoint } from './checkpoints';
import { Projection, projected } from './projection';
import { vacuumAnalyze } from '../database/statistics';

/** Where the live read models are: the staging copy goes beside them, in the same database. */
export type ReadModelPlace = { engine: 'sqlite'; file: string } | { engine: 'postgres'; schema: string };

export interface RebuildProgress {
  projection: string;
  /** The last position applied to the new version, and the log's head when last read. */
  position: number;
  head: number;
  eventsPerSecond: number;
  phase: 'building' | 'switching' | 'done';
}

export interface RebuildResult {
  projection: string;
  /** The position the new version went live at. */
  position: number;
  /** Events read from the log, and the rows the new version has in each table. */
  events: number;
  rows: Record<string, number>;
  seconds: number;
}

const BATCH = 2_000;

/** A projection whose new version was refused, with the reason (the live version is untouched). */
export class RebuildFailed extends Error {}

/**
 * A blue/green rebuild of one projection, beside the running system (any process may run it: it
 * coordinates through the database alone).
 *
 * 1. The projection's tables are created empty in a staging namespace of the same database (an
 *    attached SQLite file, or a PostgreSQL schema), as the live ones are.
 * 2. The whole log is applied there, in batches, while the live version keeps serving and its runner
 *    keeps applying new events. Events an operator skipped stay out; an event the projection fails on
 *    stops the rebuild, and nothing live changes.
 * 3. The switch is one transaction on the live database: it takes the projection's checkpoint row
 *    first (a runner's batch takes it first too, so the two never interleave), brings the staging copy
 *    up to the live checkpoint, replaces the live rows with the staging rows and sets the checkpoint to
 *    the staging position. Readers see the old version until the commit and the new one after it:
 *    never an empty or half-built read model.
 * 4. The staging namespace is dropped.
 *
 * Replaying into a read model has no side effect: projections only write rows. Processes (which send
 * commands) and durable reactors (the email outbox) are never rebuilt.
 */
export async function rebuildBlueGreen(options: {
  db: ReadModelDb;
  place: ReadModelPlace;
  store: EventStore;
  projection: Projection;
  onProgress?: (progress: RebuildProgress) => void;
  batchSize?: number;
}): Promise<RebuildResult> {
  const { db, place, store, projection } = options;
  if (projection.durable)
    throw new RebuildFailed(
      `${projection.name} keeps decisions with side effects (the outbox): it is never rebuilt`,
    );
  const batchSize = options.batchSize ?? BATCH;
  const started = Date.now();
  const staging = await Staging.create(db, place, projection);
  try {
    const skipped = await skippedPositions(db, projection.name);
    let position = 0;
    let events = 0;
    let head = await store.headPosition();
    const report = (phase: RebuildProgress['phase']) =>
      options.onProgress?.({
        projection: projection.name,
        position,
        head,
        eventsPerSecond: Math.round(position / Math.max((Date.now() - started) / 1000, 0.001)),
        phase,
      });
    // Applies the log after `position` up to `until` to the staging copy, in the given transaction or in
    // one transaction per batch.
    const catchUp = async (until: number, trx?: Transaction<PlatformTables>) => {
      while (position < until) {
        const batch = await store.readAll(position, Math.min(batchSize, until - position));
        if (batch.length === 0) break;
        const apply = (t: Transaction<PlatformTables>) => applyAll(staging.of(t), projection, batch, skipped);
        if (trx) await apply(trx);
        else await staging.db.transaction().execute(apply);
        position = batch[batch.length - 1].position;
        events += batch.length;
        report(trx ? 'switching' : 'building');
      }
    };
    // Build while the live version serves, until the copy is close to the head, or no longer closing in
    // on it (appends come faster than the new version builds): the switch applies the rest under the
    // checkpoint's lock, where the live runner waits and the gap cannot grow.
    for (let gap = Infinity; ;) {
      await catchUp(head);
      const now = await store.headPosition();
      if (now - position <= batchSize || now - position >= gap) break;
      gap = now - position;
      head = now;
    }
    report('switching');
    await db.transaction().execute(async (trx) => {
      // The checkpoint row first: the runner of the live version takes it first in each batch too.
      await lockCheckpoint(trx, projection.name);
      const live = await readCheckpoint(trx, projection.name);
      head = Math.max(head, live);
      await catchUp(live, trx);
      for (const table of projection.tables) {
        await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
        await sql`INSERT INTO ${sql.table(table)} SELECT * FROM ${staging.table(table)}`.execute(trx);
      }
      await writeCheckpoint(trx, projection.name, position);
      // What was parked or retried has just been applied in its place; what was skipped stays out.
      await trx
        .deleteFrom('parked_events')
        .where('projection', '=', projection.name)
        .where('state', '!=', 'skipped')
        .execute();
    });
    // Every live row was just replaced: the planner's statistics are the old version's (statistics.ts).
    // The new version is live whatever becomes of this: a failure is said, not made the rebuild's.
    await vacuumAnalyze(db, projection.tables).catch((error: Error) =>
      new Logger('BlueGreen').warn(`${projection.name}: tables not vacuumed and analyzed: ${error.message}`),
    );
    const rows: Record<string, number> = {};
    for (const table of projection.tables) rows[table] = await count(db, table);
    report('done');
    return { projection: projection.name, position, events, rows, seconds: (Date.now() - started) / 1000 };
  } finally {
    await staging.drop();
  }
}

async function applyAll(
  trx: Transaction<PlatformTables>,
  projection: Projection,
  events: StoredEvent[],
  skipped: Set<number>,
): Promise<void> {
  await projection.prefetch?.(trx, events);
  for (const event of events) {
    if (skipped.has(event.position)) continue;
    await withLogContext(eventLogContext(event), async () => {
      try {
        const decoded = projected(projection, event);
        if (decoded) await projection.apply(trx, decoded);
      } catch (error) {
        throw new RebuildFailed(
          `${projection.name} fails on ${event.type} at position ${event.position}: ${(error as Error).message}. ` +
            'The live version is unchanged; fix the projection, or skip the event (npm run projections -- skip), and rebuild again.',
        );
      }
    });
  }
  await projection.flush?.(trx);
}

/** Takes the checkpoint row's lock (and makes the row, for a projection that never ran). */
export async function lockCheckpoint(trx: Kysely<PlatformTables>, name: string): Promise<void> {
  await trx
    .insertInto('projection_checkpoints')
    .values({ name, position: 0, updated_at: new Date().toISOString() })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({ position: eb.ref('projection_checkpoints.position') })),
    )
    .execute();
}

async function skippedPositions(db: ReadModelDb, name: string): Promise<Set<number>> {
  const rows = await db
    .selectFrom('parked_events')
    .select('position')
    .where('projection', '=', name)
    .where('state', '=', 'skipped')
    .execute();
  return new Set(rows.map((row) => Number(row.position)));
}

async function count(db: Kysely<PlatformTables>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(
    db,
  );
  return Number(rows[0].n);
}

/** The staging namespace: the projection's tables, made as the live ones are, beside them. */
class Staging {
  private constructor(
    private readonly live: ReadModelDb,
    private readonly place: ReadModelPlace,
    readonly name: string,
    private readonly tables: readonly string[],
  ) {}

  /** The staging copy's database: every table the projection names is the staging one. */
  get db(): Kysely<PlatformTables> {
    return this.live.withSchema(this.name);
  }

  of(trx: Transaction<PlatformTables>): Transaction<PlatformTables> {
    return trx.withSchema(this.name);
  }

  table(table: string) {
    return sql.table(`${this.name}.${table}`);
  }

  static async create(db: ReadModelDb, place: ReadModelPlace, projection: Projection): Promise<Staging> {
    const suffix = projection.name.replace(/[^a-z0-9]/gi, '_').toLowerCase();
    if (place.engine === 'sqlite') {
      const name = `rebuild_${suffix}`;
      const staging = new Staging(db, place, name, projection.tables);
      await staging.drop(); // what a rebuild that was stopped left
      await sql`ATTACH DATABASE ${`${place.file}.${name}`} AS ${sql.id(name)}`.execute(db);
      const { rows } = await sql<{ type: string; name: string; sql: string }>`
        SELECT type, name, sql FROM main.sqlite_master
        WHERE tbl_name IN (${sql.join(projection.tables)}) AND sql IS NOT NULL
        ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END`.execute(db);
      for (const object of rows) await sql.raw(stagingDdl(object.sql, name)).execute(db);
      return staging;
    }
    const name = `${place.schema}_rebuild_${suffix}`.slice(0, 63);
    const staging = new Staging(db, place, name, projection.tables);
    await staging.drop();
    await sql`CREATE SCHEMA ${sql.id(name)}`.execute(db);
    for (const table of projection.tables)
      await sql`CREATE TABLE ${sql.table(`${name}.${table}`)} (LIKE ${sql.table(`${place.schema}.${table}`)} INCLUDING ALL)`.execute(
        db,
      );
    return staging;
  }

  async drop(): Promise<void> {
    if (this.place.engine === 'postgres') {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(this.name)} CASCADE`.execute(this.live);
      return;
    }
    const { rows } = await sql<{ name: string }>`PRAGMA database_list`.execute(this.live);
    if (rows.some((row) => row.name === this.name))
      await sql`DETACH DATABASE ${sql.id(this.name)}`.execute(this.live);
    const { rmSync } = await import('node:fs');
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      rmSync(`${this.place.file}.${this.name}${suffix}`, { force: true });
  }
}

/** A live table's or index's CREATE statement, for the same object in the attached staging database. */
export function stagingDdl(statement: string, schema: string): string {
  const table = /^\s*CREATE\s+TABLE\s+("?)([A-Za-z0-9_]+)\1/i;
  const index = /^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+("?)([A-Za-z0-9_]+)\2/i;
  if (table.test(statement)) return statement.replace(table, `CREATE TABLE "${schema}"."$2"`);
  if (index.test(statement))
    return statement.replace(
      index,
      (_, unique = '', __, name) => `CREATE ${unique}INDEX "${schema}"."${name}"`,
    );
  throw new Error(`Cannot make a staging copy of: ${statement}`);
}
