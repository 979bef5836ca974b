import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

const dirs = new Map<SqliteEventStore, string>();

eventStoreContract('SQLite', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'es-sqlite-'));
    const store = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 50 });
    dirs.set(store, dir);
    return store;
  },
  async tamper(store, eventId, data) {
    (store as SqliteEventStore).db
      .prepare('UPDATE events SET data = ? WHERE id = ?')
      .run(JSON.stringify(data), eventId);
  },
  async dispose(store) {
    rmSync(dirs.get(store as SqliteEventStore)!, { recursive: true, force: true });
  },
});

describe('SQLite event store: live subscribers and another writer on the same file', () => {
  it('delivers every event even when another connection appended between this store’s own appends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-sqlite-two-'));
    const file = join(dir, 'events.db');
    const mine = new SqliteEventStore(file, { pollIntervalMs: 20 });
    const other = new SqliteEventStore(file, { pollIntervalMs: 20 });
    const meta = {
      correlationId: 'c',
      causationId: null,
      commandId: 'k',
      actor: { type: 'system' as const, id: 't' },
    };
    const event = (type: string) => ({ id: randomUUID(), type, data: {}, metadata: meta });
    await mine.append('s-1', [event('A')], 'no_stream');
    await other.append('s-2', [event('B')], 'no_stream');
    await mine.append('s-3', [event('C')], 'no_stream');
    const seen: string[] = [];
    const subscription = mine.subscribeToAll({
      fromPosition: 0,
      onEvents: async (events) => {
        seen.push(...events.map((e) => e.type));
      },
    });
    const start = Date.now();
    while (seen.length < 3 && Date.now() - start < 2_000)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.stop();
    expect(seen).toEqual(['A', 'B', 'C']);
    await other.close();
    await mine.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
