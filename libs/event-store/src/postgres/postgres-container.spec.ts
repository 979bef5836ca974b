import { afterAll, beforeAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { describeWhen } from '../testing/engines';
import { containerPostgres } from '../testing/containers';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describeWhen(containerPostgres.missing, 'PostgreSQL event store (DATABASE_URL or a container)', () => {
  let server: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    server = await containerPostgres.start();
  }, 180_000);
  afterAll(() => server?.stop());

  eventStoreContract('PostgreSQL in a container', {
    create: () =>
      PostgresEventStore.open({
        connectionString: server.url,
        schema: `es_${randomBytes(6).toString('hex')}`,
        pollIntervalMs: 50,
      }),
    async tamper(store, eventId, data) {
      await (store as PostgresEventStore).pool.query('UPDATE events SET data = $1 WHERE id = $2', [
        JSON.stringify(data),
        eventId,
      ]);
    },
    async dispose(store) {
      const admin = new Pool({ connectionString: server.url, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS ${(store as PostgresEventStore).schema} CASCADE`);
      await admin.end();
    },
  });
});
