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
