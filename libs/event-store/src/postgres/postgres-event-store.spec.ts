import { expect, it, jest } from '@jest/globals';
import { PoolClient } from 'pg';
import { randomUUID } from 'node:crypto';
import { engines, describeWhen, freshSchema } from '../testing/engines';
import { eventStoreContract } from '../testing/event-store.contract';
import { DuplicateEventId, NewEvent } from '../event-store';
import { PostgresEventStore, PostgresEventStoreOptions } from './postgres-event-store';

const drops = new Map<PostgresEventStore, () => Promise<void>>();

describeWhen(engines.postgresMissing, 'PostgreSQL event store (local PostgreSQL)', () => {
  eventStoreContract('PostgreSQL', {
    async create() {
      const { schema, drop } = await freshSchema('es');
      const store = await PostgresEventStore.open({
        connectionString: engines.postgresUrl,
        schema,
        pollIntervalMs: 50,
      });
      drops.set(store, drop);
      return store;
    },
    async tamper(store, eventId, data) {
      await (store as PostgresEventStore).pool.query('UPDATE events SET data = $1 WHERE id = $2', [
        JSON.stringify(data),
        eventId,
      ]);
    },
    async dispose(store) {
      await drops.get(store as PostgresEventStore)?.();
    },
  });
});

/** Runs `test` on a store of a schema of its own, then closes the store and drops the schema. */
async function withStore(
  prefix: string,
  test: (store: PostgresEventStore) => Promise<void>,
  options: Partial<PostgresEventStoreOptions> = {},
): Promise<void> {
  const { schema, drop } = await freshSchema(prefix);
  const store = await PostgresEventStore.open({ connectionString: engines.postgresUrl, schema, ...options });
  try {
    await test(store);
  } finally {
    await store.close();
    await drop();
  }
}

describeWhen(engines.postgresMissing, 'PostgreSQL event store: live subscribers', () => {
  it(
    'reads each commit once for all the live subscribers of one store, not once each',
    () =>
      withStore(
        'es_live',
        async (store) => {
          const reads = jest.spyOn(store, 'readAll');
          const seen = [0, 0, 0];
          const subscriptions = seen.map((_, i) =>
            store.subscribeToAll({
              fromPosition: 0,
              onEvents: async (events) => void (seen[i] += events.length),
            }),
          );
          const appends = 15;
          for (let n = 1; n <= appends; n++) {
            await store.append(
              `live-${n}`,
              [
                {
                  id: randomUUID(),
                  type: 'E',
                  data: { n },
                  metadata: { correlationId: 'c', causationId: null } as never,
                },
              ],
              'no_stream',
            );
            const start = Date.now();
            while (seen.some((count) => count < n) && Date.now() - start < 5_000)
              await new Promise((r) => setTimeout(r, 5));
          }
          await Promise.all(subscriptions.map((subscription) => subscription.stop()));
          expect(seen).toEqual([appends, appends, appends]);
          // Every subscriber read every event from the database before: 45 rows at least.
          const rows = (
            await Promise.all(reads.mock.results.map((result) => result.value as Promise<unknown[]>))
          ).reduce((sum, events) => sum + events.length, 0);
          expect(rows).toBeLessThanOrEqual(appends * 2);
        },
        { pollIntervalMs: 50 },
      ),
    60_000,
  );
});

const newEvent = (id = randomUUID()): NewEvent => ({
  id,
  type: 'E',
  data: {},
  metadata: { correlationId: 'c', causationId: null } as never,
});

/**
 * Calls `watch` with each statement the store's pool sends (its text and values); a function it returns is
 * called when that statement has its answer.
 */
function watchStatements(
  store: PostgresEventStore,
  watch: (text: string, values: unknown[] | undefined) => (() => void) | void,
): void {
  const wrapped = new WeakSet<PoolClient>();
  store.pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      // A statement is its text, or a config with its text and values (a named, prepared one).
      const config = args[0] as string | { text?: string; values?: unknown[] };
      const text = typeof config === 'string' ? config : config.text;
      const values = typeof config === 'string' ? (args[1] as unknown[] | undefined) : config.values;
      const answered = typeof text === 'string' ? watch(text.trim(), values) : undefined;
      if (!answered) return query(...args);
      const last = args.length - 1;
      if (typeof args[last] !== 'function') return (query(...args) as Promise<unknown>).finally(answered);
      const callback = args[last] as (...results: unknown[]) => void;
      args[last] = (...results: unknown[]) => (answered(), callback(...results));
      return query(...args);
    };
  });
}

/** The statements the store sends (their text, and the batch of appends for `append_batch`). */
function countStatements(store: PostgresEventStore): string[] & { batches: unknown[][] } {
  const sent: string[] = [];
  const batches: unknown[][] = [];
  watchStatements(store, (text, values) => {
    sent.push(text);
    if (text.includes('append_batch')) batches.push(JSON.parse(values![0] as string) as unknown[]);
  });
  return Object.assign(sent, { batches });
}

/** The most queries reading streams the store had in flight at once. */
function readQueriesInFlight(store: PostgresEventStore): { max: number } {
  const seen = { max: 0 };
  let now = 0;
  watchStatements(store, (text) => {
    if (!/FROM events|JOIN LATERAL/.test(text)) return;
    seen.max = Math.max(seen.max, ++now);
    return () => now--;
  });
  return seen;
}

describeWhen(engines.postgresMissing, 'PostgreSQL event store: appends and reads under load', () => {
  it('writes appends that arrive together in a few statements, and reads likewise', () =>
    withStore('es_batch', async (store) => {
      const sent = countStatements(store);
      const streams = Array.from({ length: 40 }, (_, n) => `batch-${n}`);
      const results = await Promise.all(streams.map((id) => store.append(id, [newEvent()], 'no_stream')));
      expect(results.every((result) => result.nextExpectedRevision === 0)).toBe(true);
      const reads = await Promise.all(streams.map((id) => store.readStream(id)));
      expect(reads.map((events) => events.map((e) => [e.streamId, e.position]))).toEqual(
        streams.map((id, n) => [[id, results[n].position]]),
      );
      // One statement and one commit each before: 40 appends, 40 reads.
      const writes = sent.filter((text) => /append_/.test(text));
      const selects = sent.filter((text) => /FROM events|JOIN LATERAL/.test(text));
      expect(writes.length).toBeGreaterThan(0);
      expect(writes.length).toBeLessThanOrEqual(6);
      expect(selects.length).toBeGreaterThan(0);
      expect(selects.length).toBeLessThanOrEqual(6);
    }));

  it('answers each read of a query that failed on its own: a stream id PostgreSQL refuses', () =>
    withStore('es_read_fail', async (store) => {
      await store.append('readable', [newEvent()], 'no_stream');
      // Two reads in flight first, so that the next ones wait and go together in one query.
      const head = [store.readStream('lead-1'), store.readStream('lead-2')];
      const together = await Promise.allSettled([
        store.readStream('readable'),
        store.readStream('nul\u0000byte'),
        store.readStream('missing'),
      ]);
      await Promise.all(head);
      expect(together.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((together[0] as PromiseFulfilledResult<unknown[]>).value).toHaveLength(1);
      expect((together[2] as PromiseFulfilledResult<unknown[]>).value).toEqual([]);
    }));

  it('sends the reads of a failed query again one by one, within the bound on queries in flight', () =>
    withStore('es_read_fail_bound', async (store) => {
      await store.append('readable', [newEvent()], 'no_stream');
      const inFlight = readQueriesInFlight(store);
      const head = [store.readStream('lead-1'), store.readStream('lead-2')];
      const streams = ['readable', 'nul\u0000byte', ...Array.from({ length: 6 }, (_, n) => `missing-${n}`)];
      const together = await Promise.allSettled(streams.map((id) => store.readStream(id)));
      await Promise.all(head);
      expect(together.map((result) => result.status)).toEqual(
        streams.map((id) => (id.includes('\u0000') ? 'rejected' : 'fulfilled')),
      );
      // Two at most (READ_BATCHES_IN_FLIGHT): the eight retries went all at once before.
      expect(inFlight.max).toBe(2);
    }));

  it('answers DuplicateEventId when another process stores the same event id on another stream meanwhile', async () => {
    const { schema, drop } = await freshSchema('es_dup_race');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const inserted = new Promise<void>((resolve) => (holding = resolve));
    // The first process's transaction has inserted the event and waits before its commit.
    const first = await PostgresEventStore.open({
      connectionString: engines.postgresUrl,
      schema,
      beforeCommit: () => {
        holding();
        return held;
      },
    });
    const second = await PostgresEventStore.open({ connectionString: engines.postgresUrl, schema });
    try {
      const shared = randomUUID();
      const stored = first.append('one', [newEvent(shared)], 'no_stream');
      await inserted;
      // The second checks for the id before the first commits, and meets the first's row when it inserts.
      const other = second.append('other', [newEvent(shared)], 'no_stream');
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await stored;
      await expect(other).rejects.toBeInstanceOf(DuplicateEventId);
      expect(await second.readStream('other')).toEqual([]);
    } finally {
      release();
      await first.close();
      await second.close();
      await drop();
    }
  });

  it('answers each append of a batch that failed on its own: an event id stored on another stream', () =>
    withStore('es_batch_fail', async (store) => {
      const sent = countStatements(store);
      const shared = randomUUID();
      // Two appends in flight first, so that the next ones wait and go together in one batch.
      const head = [
        store.append('lead-1', [newEvent()], 'no_stream'),
        store.append('lead-2', [newEvent()], 'no_stream'),
      ];
      const together = await Promise.allSettled([
        store.append('one', [newEvent(shared)], 'no_stream'),
        store.append('other', [newEvent(shared)], 'no_stream'),
        store.append('third', [newEvent()], 'no_stream'),
      ]);
      await Promise.all(head);
      expect(together.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      // They went together, failed together, and each went again alone ('other' once more if it ran beside
      // 'one' and met its row in the unique index).
      const sizes = sent.batches.map((batch) => batch.length).sort();
      expect(sizes.slice(0, 5)).toEqual([1, 1, 1, 1, 1]);
      expect(sizes.filter((size) => size !== 1)).toEqual([3]);
      expect(sizes.length).toBeLessThanOrEqual(7);
      expect((together[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventId);
      expect((await store.readStream('one')).map((e) => e.id)).toEqual([shared]);
      expect(await store.readStream('other')).toEqual([]);
      expect(await store.readStream('third')).toHaveLength(1);
    }));
});
