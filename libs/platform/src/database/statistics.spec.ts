import { describe, expect, it } from '@jest/globals';
import { Kysely, Transaction, sql } from 'kysely';
import { eventDecoder } from '@app/kernel';
import { describeWhen, engines } from '@app/event-store/testing';
import { StatisticsCadence } from './statistics';
import { ProjectedEvent, Projection } from '../projections/projection';
import { ProjectionRunner } from '../projections/projection-runner';
import { appendCounted, until } from '../testing/counted-events';
import { specEnginePerTest } from '../testing/spec-engines';

describe('StatisticsCadence', () => {
  it('given a catch-up of full batches, refreshes at each doubling from `every` on and once at the head', () => {
    const cadence = new StatisticsCadence(1_000);
    const due: number[] = [];
    let applied = 0;
    // 5,500 events in full batches of 500, then a short one: caught up.
    for (const [events, full] of [
      ...Array.from({ length: 11 }, () => [500, true] as const),
      [20, false] as const,
    ]) {
      applied += events;
      if (cadence.afterBatch(events, full)) due.push(applied);
    }
    expect(due).toEqual([1_000, 2_000, 4_000, 5_520]);
  });

  it('given live batches only, refreshes when the events applied since the start have doubled', () => {
    const cadence = new StatisticsCadence(1_000);
    const due: number[] = [];
    for (let applied = 10; applied <= 10_000; applied += 10)
      if (cadence.afterBatch(10, false)) due.push(applied);
    expect(due).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('given a short catch-up, under `every` events, refreshes nothing at its end', () => {
    const cadence = new StatisticsCadence(1_000);
    expect([cadence.afterBatch(500, true), cadence.afterBatch(300, false)]).toEqual([false, false]);
  });
});

type TestEvent = { type: 'Counted'; data: { n: number } };

/** A projection that writes one row per event into a table of its own. */
class Rows implements Projection {
  readonly name = 'rows';
  readonly events = eventDecoder<TestEvent>({ categories: ['count'], versions: { Counted: 1 } });
  readonly tables = ['stat_rows'];
  async apply(trx: Transaction<never>, projected: ProjectedEvent): Promise<void> {
    const { event } = projected as ProjectedEvent<TestEvent>;
    await sql`INSERT INTO stat_rows (n, word) VALUES (${event.data.n}, ${`w${event.data.n % 7}`})`.execute(
      trx,
    );
  }
  async reset(trx: Transaction<never>): Promise<void> {
    await sql`DELETE FROM stat_rows`.execute(trx);
  }
}

/**
 * What the planner knows of the table: PostgreSQL, its row count (-1 until first analyzed) and whether its
 * pages are all marked visible (only VACUUM marks them); SQLite, whether statistics were stored.
 */
async function plannerView(db: Kysely<never>, engine: 'sqlite' | 'postgres') {
  if (engine === 'postgres') {
    const { rows } = await sql<{ n: number; pages: number; visible: number }>`
      SELECT reltuples AS n, relpages AS pages, relallvisible AS visible
      FROM pg_class WHERE oid = to_regclass('stat_rows')`.execute(db);
    return { rows: Number(rows[0].n), allVisible: rows[0].pages > 0 && rows[0].visible === rows[0].pages };
  }
  const { rows } = await sql<{ n: number }>`
    SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE 'sqlite_stat%'`.execute(db);
  return { statisticsTables: Number(rows[0].n) };
}

function suite(engine: 'sqlite' | 'postgres') {
  const spec = specEnginePerTest(engine, 'stats', ({ db }) =>
    sql`CREATE TABLE stat_rows (n integer PRIMARY KEY, word text NOT NULL)`.execute(db),
  );

  it('a runner that has applied a catch-up vacuums and analyzes the tables it wrote', async () => {
    const { store, db } = spec.current;
    let head = 0;
    for (let n = 1; n <= 300; n++) head = await appendCounted(store, n);
    const runner = new ProjectionRunner(store, db, [new Rows()], { statisticsEvery: 100 });
    await runner.start();
    try {
      await until(() => runner.position('rows') === head, 15_000, 20);
    } finally {
      await runner.stop(); // waits for the refresh under way
    }
    // PostgreSQL plans from 300 rows, not from an empty table's defaults, and its pages are all visible;
    // SQLite gathers no statistics (statistics.ts).
    expect(await plannerView(db as unknown as Kysely<never>, engine)).toEqual(
      engine === 'postgres' ? { rows: 300, allVisible: true } : { statisticsTables: 0 },
    );
  }, 60_000);
}

describeWhen('', 'read-model statistics [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'read-model statistics [postgres]', () => suite('postgres'));
