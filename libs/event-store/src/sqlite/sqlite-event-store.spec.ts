import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { eventStoreContract } from '../testing/event-store.contract';
import { WrongExpectedRevision } from '../event-store';
import { eventHash, verifyLog } from '../hash-chain';
import { SqliteEventStore } from './sqlite-event-store';

const dirs = new Map<SqliteEventStore, string>();
const meta = {
  correlationId: 'c',
  causationId: null,
  commandId: 'k',
  actor: { type: 'system' as const, id: 't' },
};
const event = (type: string) => ({ id: randomUUID(), type, data: {}, metadata: meta });

eventStoreContract('SQLite', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'es-sqlite-'));
    const store = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 50 });
    dirs.set(store, dir);
    return store;
  },
  async tamper(store, eventId, data) {
    const behindItsBack = new Database((store as SqliteEventStore).filename);
    behindItsBack.prepare('UPDATE events SET data = ? WHERE id = ?').run(JSON.stringify(data), eventId);
    behindItsBack.close();
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

  it('delivers another connection’s append to a subscriber waiting at the end, at its next poll', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-sqlite-two-'));
    const file = join(dir, 'events.db');
    const mine = new SqliteEventStore(file, { pollIntervalMs: 20 });
    const other = new SqliteEventStore(file, { pollIntervalMs: 20 });
    const seen: string[] = [];
    const subscription = mine.subscribeToAll({
      fromPosition: 0,
      onEvents: async (events) => void seen.push(...events.map((e) => e.type)),
    });
    await mine.append('s-1', [event('Mine')], 'no_stream');
    const waitFor = async (n: number) => {
      const start = Date.now();
      while (seen.length < n && Date.now() - start < 2_000) await new Promise((r) => setTimeout(r, 5));
    };
    await waitFor(1);
    await other.append('s-2', [event('Theirs')], 'no_stream');
    await waitFor(2);
    await subscription.stop();
    expect(seen).toEqual(['Mine', 'Theirs']);
    await other.close();
    await mine.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('SQLite event store: its writer thread', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'es-sqlite-writer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tells its live subscribers of each commit at once (no polling)', async () => {
    const store = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 60_000 });
    const seen: string[] = [];
    const subscription = store.subscribeToAll({
      fromPosition: 0,
      onEvents: async (events) => void seen.push(...events.map((e) => e.type)),
    });
    await store.append('s-1', [event('First')], 'no_stream');
    await store.append('s-2', [event('Second')], 'no_stream');
    const start = Date.now();
    while (seen.length < 2 && Date.now() - start < 2_000) await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual(['First', 'Second']);
    await expect(store.append('s-1', [event('Stale')], 'no_stream')).rejects.toBeInstanceOf(
      WrongExpectedRevision,
    );
    await subscription.stop();
    await store.close();
  });

  it('reads each commit from the file once for all its live subscribers, and not again to find nothing after it', async () => {
    const store = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 60_000 });
    const reads = jest.spyOn(store['statements'].all, 'all');
    const seen = [0, 0, 0];
    const subscriptions = seen.map((_, i) =>
      store.subscribeToAll({ fromPosition: 0, onEvents: async (events) => void (seen[i] += events.length) }),
    );
    const appends = 20;
    for (let n = 1; n <= appends; n++) {
      await store.append(`s-${n}`, [event('E')], 'no_stream');
      const start = Date.now();
      while (seen.some((count) => count < n) && Date.now() - start < 2_000)
        await new Promise((r) => setTimeout(r, 2));
    }
    // Let every subscriber go round once more at the end (where each used to ask the file again).
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    expect(seen).toEqual([appends, appends, appends]);
    // One read per commit, and the subscribers' first reads (an empty file). Before, each subscriber read
    // every commit itself (all three were woken before any read), then the file again to find nothing: 120.
    expect(reads.mock.calls.length).toBeLessThanOrEqual(appends + seen.length);
    await store.close();
  });

  it('answers every write asked for before it closes', async () => {
    const store = new SqliteEventStore(join(dir, 'events.db'));
    const appends = Array.from({ length: 20 }, (_, i) => store.append(`s-${i}`, [event('E')], 'no_stream'));
    await store.close();
    expect((await Promise.all(appends)).map((r) => r.nextExpectedRevision)).toEqual(Array(20).fill(0));
    await expect(store.append('s-x', [event('E')], 'no_stream')).rejects.toThrow('closed');
  });

  it('refuses writes with the reason when the writer cannot open the file', async () => {
    const store = new SqliteEventStore(join(dir, 'events.db'), {
      migrations: ['INSERT INTO no_such_table VALUES (1)'],
    });
    await expect(store.append('s-1', [event('E')], 'no_stream')).rejects.toThrow(
      'no such table: no_such_table',
    );
    await expect(store.reserve('n', 'k', new Date())).rejects.toThrow('no such table: no_such_table');
    await store.close();
  });

  it('reserves one number per key, in order, the same again for the same key', async () => {
    const store = new SqliteEventStore(join(dir, 'events.db'));
    const at = new Date('2026-03-01T10:00:00Z');
    const [a, b, again] = await Promise.all([
      store.reserve('order-number', 'order-a', at),
      store.reserve('order-number', 'order-b', at),
      store.reserve('order-number', 'order-a', new Date('2027-01-01T00:00:00Z')),
    ]);
    expect([a.value, b.value, again.value]).toEqual([1, 2, 1]);
    expect(again.reservedAt).toBe(at.toISOString());
    expect((await store.reserve('other-scope', 'order-a', at)).value).toBe(1);
    expect(await store.keyOf('order-number', 2)).toEqual({ key: 'order-b', reservedAt: at.toISOString() });
    expect(await store.keyOf('order-number', 3)).toBeNull();
    await store.close();
  });
});

describe('SQLite event store: closing', () => {
  it('closes and lets the process go on when closed right after opening (before its writer is ready)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-sqlite-close-'));
    try {
      // A process of its own: jest keeps its event loop alive, a CLI does not. Before the fix the writer's
      // late "ready" unreferenced it again, the loop ran empty and the process ended, silently, at 0.
      const script = `
        const { SqliteEventStore } = require(${JSON.stringify(join(__dirname, 'sqlite-event-store.ts'))});
        new SqliteEventStore(${JSON.stringify(join(dir, 'events.db'))}).close().then(() => {
          console.log('closed');
          process.exit(3);
        });`;
      const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
        cwd: join(__dirname, '..', '..', '..', '..'),
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.stdout.trim()).toBe('closed');
      expect(run.status).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('SQLite event store: the stored format', () => {
  it('stores the hash as 32 bytes and the time as milliseconds in a new file of 8 KiB pages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-sqlite-format-'));
    const file = join(dir, 'events.db');
    const store = new SqliteEventStore(file);
    await store.append('s-1', [event('A')], 'no_stream');
    const [read] = await store.readStream('s-1');
    await store.close();
    const db = new Database(file, { readonly: true });
    const row = db
      .prepare('SELECT typeof(hash) AS hashType, length(hash) AS hashBytes, recorded_at FROM events')
      .get() as { hashType: string; hashBytes: number; recorded_at: number };
    expect(row).toEqual({ hashType: 'blob', hashBytes: 32, recorded_at: Date.parse(read.recordedAt) });
    expect(db.pragma('page_size', { simple: true })).toBe(8192);
    db.close();
    expect(read.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(read.recordedAt).toBe(new Date(row.recorded_at).toISOString());
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a file written before (hash and time as text) and goes on chaining in it, time as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-sqlite-mixed-'));
    const file = join(dir, 'events.db');
    // The layout of a November 2026 file: the hash as hex text, the time as ISO text, 4 KiB pages.
    const old = new Database(file);
    old.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
      recorded_at TEXT NOT NULL, hash TEXT, UNIQUE (stream_id, revision))`);
    let previous: string | null = null;
    for (const [revision, type] of ['A', 'B'].entries()) {
      const e = { ...event(type), streamId: 's-1', revision, recordedAt: '2026-11-20T10:00:00.000Z' };
      const hash = eventHash(previous, e);
      old
        .prepare(
          'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(e.id, e.streamId, revision, type, '{}', JSON.stringify(meta), e.recordedAt, hash);
      previous = hash;
    }
    old.close();
    const store = new SqliteEventStore(file);
    expect((await store.readStream('s-1')).map((e) => [e.type, e.recordedAt, e.hash])).toEqual([
      ['A', '2026-11-20T10:00:00.000Z', expect.stringMatching(/^[0-9a-f]{64}$/)],
      ['B', '2026-11-20T10:00:00.000Z', previous],
    ]);
    await store.append('s-1', [event('C')], 1);
    expect(await verifyLog(store)).toMatchObject({ events: 3, brokenLink: null });
    const [c] = await store.readStream('s-1', 2);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(
      db
        .prepare('SELECT typeof(recorded_at) AS time, typeof(hash) AS hash FROM events WHERE revision = 2')
        .get(),
    ).toEqual({ time: 'text', hash: 'blob' });
    expect(db.prepare('SELECT recorded_at FROM events WHERE revision = 2').get()).toEqual({
      recorded_at: c.recordedAt,
    });
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
