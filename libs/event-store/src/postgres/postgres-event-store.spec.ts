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
