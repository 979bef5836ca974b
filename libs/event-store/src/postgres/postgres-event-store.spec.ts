import { expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { engines, describeWhen, freshSchema } from '../testing/engines';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

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

describeWhen(engines.postgresMissing, 'PostgreSQL event store: live subscribers', () => {
  it('reads each commit once for all the live subscribers of one store, not once each', async () => {
    const { schema, drop } = await freshSchema('es_live');
    const store = await PostgresEventStore.open({
      connectionString: engines.postgresUrl,
      schema,
      pollIntervalMs: 50,
    });
    try {
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
    } finally {
      await store.close();
      await drop();
    }
  }, 60_000);
});
