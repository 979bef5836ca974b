import { expect } from '@jest/globals';
import { Kysely, Migration, sql } from 'kysely';
import { EventMetadata, StoredEvent, canonicalJson } from '@app/event-store';
import { DomainEvent } from '@app/kernel';
import { deterministicUuid } from '../clock';
import { PlatformTables, migrateToLatest, openSqliteDb, platformMigrations } from '../database/read-model-db';
import { Projection, projected } from '../projections/projection';

/** An event as a spec states it: the stream it was appended to, and the event (in today's shape). */
export interface GivenEvent<E extends DomainEvent> {
  streamId: string;
  event: E;
  /** When it was recorded (ISO 8601); the spec's fixed moment when absent. */
  recordedAt?: string;
}

/** Events appended to one stream, in order. */
export function inStream<E extends DomainEvent>(streamId: string, ...events: E[]): GivenEvent<E>[] {
  return events.map((event) => ({ streamId, event }));
}

export type Rows = Record<string, Record<string, unknown>[]>;

const RECORDED_AT = '2026-11-25T10:00:00.000Z';

/** The given events as the store hands them out: positions, revisions per stream, the current schema versions. */
function stored<E extends DomainEvent>(
  projection: Projection<E>,
  given: GivenEvent<DomainEvent>[],
): StoredEvent[] {
  const revisions = new Map<string, number>();
  return given.map(({ streamId, event, recordedAt }, index) => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    const metadata: EventMetadata = {
      correlationId: `spec-${index}`,
      causationId: null,
      commandId: deterministicUuid(`projection-spec|${index}`),
      actor: { type: 'system', id: 'spec' },
      schemaVersion: projection.events.versions[event.type] ?? 1,
    };
    return {
      id: deterministicUuid(`projection-spec|event|${index}`),
      streamId,
      revision,
      position: index + 1,
      type: event.type,
      data: event.data,
      metadata,
      recordedAt: recordedAt ?? RECORDED_AT,
    };
  });
}

/**
 * Each event through the one decoding point, each in its own transaction (as a runner's batch of one); with
 * `prefetch: false` as a parked event's retry applies it (no prefetch before it).
 */
async function applyAll<E extends DomainEvent>(
  db: Kysely<PlatformTables>,
  projection: Projection<E>,
  events: StoredEvent[],
  { prefetch } = { prefetch: true },
): Promise<void> {
  for (const event of events) {
    const decoded = projected(projection, event);
    if (decoded)
      await db.transaction().execute(async (trx) => {
        if (prefetch) await projection.prefetch?.(trx, [event]);
        await projection.apply(trx, decoded);
        await projection.flush?.(trx);
      });
  }
}

/**
 * The events in batches of `size`, each in one transaction with one flush, as a catch-up applies them: what
 * a projection keeps per batch is used, and a stream's events fall on both sides of a batch's end.
 */
async function applyInBatches<E extends DomainEvent>(
  db: Kysely<PlatformTables>,
  projection: Projection<E>,
  events: StoredEvent[],
  size = events.length,
): Promise<void> {
  for (let start = 0; start < events.length; start += size)
    await db.transaction().execute(async (trx) => {
      await projection.prefetch?.(trx, events.slice(start, start + size));
      for (const event of events.slice(start, start + size)) {
        const decoded = projected(projection, event);
        if (decoded) await projection.apply(trx, decoded);
      }
      await projection.flush?.(trx);
    });
}

/** The rows of the tables, each table's rows in a stable order (by their canonical JSON). */
async function rowsOf(db: Kysely<PlatformTables>, tables: readonly string[]): Promise<Rows> {
  const rows: Rows = {};
  for (const table of tables) {
    const result = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db);
    rows[table] = sortRows(result.rows);
  }
  return rows;
}

const sortRows = (rows: Record<string, unknown>[]) =>
  rows
    .map((row) => [canonicalJson(row), row] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);

/**
 * given(events).thenRows(rows): a projection's spec, on an in-memory SQLite with its migrations. Each
 * spec also proves what the runners rely on: the same events applied twice (a redelivery, one by one and
 * in one batch) leave the same rows, and a rebuilt projection (reset, then every event again, one by one
 * with and without a prefetch, all in one batch, and in small batches) writes them again. A durable reactor
 * is never rebuilt; its redelivery is still checked.
 */
export function projectionSpec<E extends DomainEvent>(
  projection: Projection<E>,
  setup: {
    migrations: Record<string, Migration>;
    tables: readonly string[];
    /** Its rows keep the position of the last event applied to them: a first part of the log, delivered again, changes nothing. */
    keepsPositions?: boolean;
  },
) {
  return {
    /** The log: events of any stream kind (those the projection does not read are passed over, as in a runner). */
    given(events: GivenEvent<DomainEvent>[]) {
      const run = async (check: (rows: Rows) => void) => {
        const db = openSqliteDb<PlatformTables>(':memory:');
        try {
          await migrateToLatest(db, { ...platformMigrations, ...setup.migrations });
          const log = stored(projection, events);
          await applyAll(db, projection, log);
          const once = await rowsOf(db, setup.tables);
          check(once);
          await applyAll(db, projection, log);
          expect(await rowsOf(db, setup.tables)).toEqual(once);
          await applyInBatches(db, projection, log);
          expect(await rowsOf(db, setup.tables)).toEqual(once);
          // Delivered again up to any event, when the rows remember the position of their last event: the
          // rows are further on, and nothing goes back.
          for (let end = 1; setup.keepsPositions && end < log.length; end++) {
            await applyInBatches(db, projection, log.slice(0, end));
            expect(await rowsOf(db, setup.tables)).toEqual(once);
          }
          if (!projection.durable) {
            for (const prefetch of [true, false]) {
              await db.transaction().execute((trx) => projection.reset(trx));
              await applyAll(db, projection, log, { prefetch });
              expect(await rowsOf(db, setup.tables)).toEqual(once);
            }
            // Rebuilt as a catch-up does it, the whole log in one batch, then in batches of 2 and of 3 (a
            // batch reads what earlier ones wrote): the same rows.
            for (const size of [log.length, 2, 3]) {
              await db.transaction().execute((trx) => projection.reset(trx));
              await applyInBatches(db, projection, log, size);
              expect(await rowsOf(db, setup.tables)).toEqual(once);
            }
          }
        } finally {
          await db.destroy();
        }
      };
      return {
        /** Exactly these rows in these tables (other tables of the projection are not looked at). */
        thenRows: (expected: Rows) =>
          run((rows) => {
            const tables = Object.keys(expected);
            expect(Object.fromEntries(tables.map((table) => [table, rows[table]]))).toEqual(
              Object.fromEntries(tables.map((table) => [table, sortRows(expected[table])])),
            );
          }),
        /** Rows the spec checks itself (parts of them, or some of them). */
        thenCheck: (check: (rows: Rows) => void) => run(check),
      };
    },
  };
}
