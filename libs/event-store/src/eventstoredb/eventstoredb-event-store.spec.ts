import { afterAll, beforeAll } from '@jest/globals';
import { describeWhen } from '../testing/engines';
import { eventStoreDb } from '../testing/containers';
import { eventStoreContract } from '../testing/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

describeWhen(eventStoreDb.missing, 'EventStoreDB event store (EVENTSTORE_URL or a container)', () => {
  let server: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    server = await eventStoreDb.start();
  }, 180_000);
  afterAll(() => server?.stop());

  eventStoreContract('EventStoreDB', {
    create: () => EventStoreDbEventStore.connect(server.url, { pollIntervalMs: 50 }),
    // EventStoreDB answers a retried append (same event ids) as the first one, without saying so.
    retriesUnmarked: true,
  });
});
