import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { engines, describeWhen, freshSchema } from '../testing/engines';
import { NewEvent, StoredEvent, Subscription } from '../event-store';
import { PostgresEventStore } from './postgres-event-store';

const APPENDERS = 24;
const APPENDS_EACH = 12;
const READERS = 4;

/**
 * Many appenders commit late and out of order (a random delay between taking their positions and their
 * commit) while several catch-up readers follow the log: every reader must see every acknowledged event
 * exactly once, in one and the same order, increasing by position. With positions taken from a sequence
 * and read without the transaction-id guard, a reader skips the events committed behind its checkpoint.
 */
describeWhen(engines.postgresMissing, 'PostgreSQL concurrent appends (stress)', () => {
  let store: PostgresEventStore;
  /** A second process's store on the same schema: its readers share no read with the first's. */
  let other: PostgresEventStore;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshSchema('es_stress');
    other = await PostgresEventStore.open({
      connectionString: engines.postgresUrl,
      schema: fresh.schema,
      pollIntervalMs: 10,
    });
    drop = fresh.drop;
    store = await PostgresEventStore.open({
      connectionString: engines.postgresUrl,
      schema: fresh.schema,
      pollIntervalMs: 10,
      maxConnections: APPENDERS + 4,
      // Late, uneven commits: the later positions often commit first.
      beforeCommit: () => new Promise((resolve) => setTimeout(resolve, Math.random() * 15)),
    });
  });
  afterAll(async () => {
    await store?.close();
    await other?.close();
    await drop?.();
  });

  it('delivers every acknowledged event to every reader once, in one order, however late each commits', async () => {
    const seen: StoredEvent[][] = Array.from({ length: READERS }, () => []);
    // Half the readers on the appending store (they share its live reads), half on another.
    const subscriptions: Subscription[] = seen.map((events, reader) =>
      (reader % 2 === 0 ? store : other).subscribeToAll({
        fromPosition: 0,
        onEvents: async (batch: StoredEvent[]) => {
          events.push(...batch);
        },
      }),
    );
    const acknowledged: { id: string; position: number }[] = [];
    await Promise.all(
      Array.from({ length: APPENDERS }, async (_, appender) => {
        const stream = `stress-${appender}`;
        for (let n = 0; n < APPENDS_EACH; n++) {
          const batch: NewEvent[] = Array.from({ length: 1 + (n % 3) }, () => ({
            id: randomUUID(),
            type: 'Stressed',
            data: { appender, n },
            metadata: {
              commandId: randomUUID(),
              correlationId: 'stress',
              causationId: null,
              actor: { type: 'system', id: 'stress' },
            },
          }));
          const result = await store.append(stream, batch, n === 0 ? 'no_stream' : 'any');
          batch.forEach((event, i) =>
            acknowledged.push({ id: event.id, position: result.position - (batch.length - 1) + i }),
          );
        }
      }),
    );
    const total = acknowledged.length;
    const deadline = Date.now() + 20_000;
    while (seen.some((events) => events.length < total) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));

    const expected = [...acknowledged].sort((a, b) => a.position - b.position).map((e) => e.id);
    for (const events of seen) {
      const ids = events.map((event) => event.id);
      expect(new Set(ids).size).toBe(ids.length); // once
      expect(ids).toEqual(expected); // every one, in the one order of positions
      const positions = events.map((event) => event.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    expect(await store.headPosition()).toBe(Math.max(...acknowledged.map((e) => e.position)));
  }, 60_000);
});

/**
 * The head is the last acknowledged event, whatever else runs on the cluster: a transaction left open
 * elsewhere (another schema, another database, a psql session) holds back what catch-up readers may
 * read yet, never what has been acknowledged. Waiting for "projections at the head" must not return
 * before an acknowledged event is projected.
 */
describeWhen(engines.postgresMissing, 'PostgreSQL head position beside an open transaction', () => {
  let store: PostgresEventStore;
  let drop: () => Promise<void>;
  let other: Client;

  beforeAll(async () => {
    const fresh = await freshSchema('es_head');
    drop = fresh.drop;
    store = await PostgresEventStore.open({ connectionString: engines.postgresUrl, schema: fresh.schema });
    other = new Client({ connectionString: engines.postgresUrl });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await store?.close();
    await drop?.();
  });

  it('counts an acknowledged event while an older, unrelated transaction is still open', async () => {
    await other.query('BEGIN');
    await other.query('SELECT pg_current_xact_id()'); // an id older than the append's, not yet ended
    const event: NewEvent = {
      id: randomUUID(),
      type: 'Stressed',
      data: {},
      metadata: {
        commandId: randomUUID(),
        correlationId: 'head',
        causationId: null,
        actor: { type: 'system', id: 'head' },
      },
    };
    const { position } = await store.append('head-1', [event], 'no_stream');
    expect(await store.headPosition()).toBe(position);
    await other.query('ROLLBACK');
    expect(await store.headPosition()).toBe(position);
  });
});
