import Database from 'better-sqlite3';
import { Subscribers } from '../catch-up-subscription';
import { eventHash } from '../hash-chain';
import {
  AppendResult,
  DuplicateEventId,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevision,
} from '../event-store';

interface EventRow {
  position: number;
  id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
  hash: string | null;
}

export interface SqliteEventStoreOptions {
  /** `FULL` (default) makes every acknowledged append survive a power cut; `NORMAL` survives a crash of the process. */
  synchronous?: 'FULL' | 'NORMAL';
  pollIntervalMs?: number;
  clock?: () => Date;
}

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  /** The rows this append inserted, kept only once its batch has committed. */
  stored: StoredEvent[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The embedded event store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so an append
 * (check revision, insert) runs without interleaving. Appends issued in the same event-loop turn are
 * group-committed: one transaction and one fsync for all, each in its own savepoint so that a conflict
 * fails only its own append. Nothing is acknowledged before its commit is durable.
 */
export class SqliteEventStore implements EventStore {
  readonly db: Database.Database;
  private readonly statements;
  private readonly appendOne: (item: PendingAppend) => AppendResult;
  private readonly appendBatch: Database.Transaction<
    (items: PendingAppend[]) => Array<{ ok: true; result: AppendResult } | { ok: false; error: unknown }>
  >;
  private pending: PendingAppend[] = [];
  /** The latest appended events by position, so live subscribers need not read and parse them again (shared: read-only). */
  private readonly recent: StoredEvent[] = [];
  private static readonly RECENT = 4096;
  private readonly clock: () => Date;
  private readonly subscribers: Subscribers;

  constructor(filename: string, options: SqliteEventStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    // Live subscribers read the just-committed events from memory; everyone else reads the file.
    this.subscribers = new Subscribers(
      { readAll: (from, limit) => this.readLive(from, limit) },
      options.pollIntervalMs ?? 1_000,
    );
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        hash TEXT,
        UNIQUE (stream_id, revision)
      );
    `);
    // Files written before events carried a hash gain the column (their old events stay without one).
    const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(events)').all();
    if (!columns.some((column) => column.name === 'hash'))
      this.db.exec('ALTER TABLE events ADD COLUMN hash TEXT');
    this.statements = {
      head: this.db.prepare<[string], { revision: number | null }>(
        'SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?',
      ),
      byId: this.db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?'),
      hashAt: this.db.prepare<[string, number], { hash: string | null }>(
        'SELECT hash FROM events WHERE stream_id = ? AND revision = ?',
      ),
      insert: this.db.prepare(
        'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      stream: this.db.prepare<[string, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision',
      ),
      all: this.db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      headPosition: this.db.prepare<[], { position: number | null }>(
        'SELECT MAX(position) AS position FROM events',
      ),
    };
    // Nested inside appendBatch, each appendOne call is a savepoint.
    this.appendOne = this.db.transaction((item: PendingAppend): AppendResult => {
      item.stored = [];
      return this.appendNow(item.streamId, item.events, item.expected, item.stored);
    });
    this.appendBatch = this.db.transaction((items: PendingAppend[]) =>
      items.map((item) => {
        try {
          return { ok: true as const, result: this.appendOne(item) };
        } catch (error) {
          return { ok: false as const, error };
        }
      }),
    );
  }

  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ streamId, events, expected: expectedRevision, stored: [], resolve, reject });
    });
  }

  private flush(): void {
    const items = this.pending;
    this.pending = [];
    if (items.length === 0) return;
    let outcomes;
    try {
      outcomes = this.appendBatch.immediate(items);
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) this.remember(items[index].stored);
    });
    outcomes.forEach((outcome, index) =>
      outcome.ok ? items[index].resolve(outcome.result) : items[index].reject(outcome.error),
    );
    this.subscribers.notifyAll();
  }

  private appendNow(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    stored: StoredEvent[],
  ): AppendResult {
    const retried = this.alreadyStored(streamId, events);
    if (retried) return retried;
    const head = this.statements.head.get(streamId)?.revision ?? null;
    const actual = head === null ? 'no_stream' : head;
    const matches = expected === 'any' || (expected === 'no_stream' ? head === null : head === expected);
    if (!matches) throw new WrongExpectedRevision(streamId, expected, actual);
    const recordedAt = this.clock().toISOString();
    let revision = head ?? -1;
    let position = 0;
    let previous = head === null ? null : (this.statements.hashAt.get(streamId, head)?.hash ?? null);
    for (const event of events) {
      revision += 1;
      const hash = eventHash(previous, { ...event, streamId, revision, recordedAt });
      const info = this.statements.insert.run(
        event.id,
        streamId,
        revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
        hash,
      );
      position = Number(info.lastInsertRowid);
      stored.push({ ...event, streamId, revision, position, recordedAt, hash });
      previous = hash;
    }
    return { nextExpectedRevision: revision, position };
  }

  /**
   * Keeps the tail consecutive, as readLive relies on: an event that does not follow the last one kept (another
   * connection wrote in between) starts the tail afresh, and reads before it go to the file.
   */
  private remember(events: StoredEvent[]): void {
    for (const event of events) {
      const last = this.recent[this.recent.length - 1];
      if (last && event.position !== last.position + 1) this.recent.length = 0;
      this.recent.push(event);
    }
    if (this.recent.length > SqliteEventStore.RECENT)
      this.recent.splice(0, this.recent.length - SqliteEventStore.RECENT);
  }

  /** A retry stores nothing and answers as the first append did; a half-known batch is an error. */
  private alreadyStored(streamId: string, events: NewEvent[]): AppendResult | null {
    const found = events.map((event) => this.statements.byId.get(event.id));
    const known = found.filter((row): row is EventRow => row !== undefined);
    if (known.length === 0) return null;
    if (known.length !== events.length || known.some((row) => row.stream_id !== streamId))
      throw new DuplicateEventId(streamId, known[0].id);
    const last = known[known.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<StoredEvent[]> {
    return this.statements.stream.all(streamId, fromRevision).map(toStoredEvent);
  }

  async readAll(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    return this.statements.all.all(fromPosition, limit).map(toStoredEvent);
  }

  private async readLive(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    // Positions in the buffer are consecutive, so the index is arithmetic; the position found there checks it.
    const start = this.recent.length > 0 ? fromPosition + 1 - this.recent[0].position : -1;
    if (start >= 0 && start < this.recent.length && this.recent[start].position === fromPosition + 1)
      return this.recent.slice(start, start + limit);
    return this.readAll(fromPosition, limit);
  }

  async headPosition(): Promise<number> {
    return this.statements.headPosition.get()?.position ?? 0;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.subscribers.subscribe(options);
  }

  async close(): Promise<void> {
    if (this.pending.length > 0) this.flush();
    await this.subscribers.stopAll();
    if (this.db.open) this.db.close();
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
    ...(row.hash ? { hash: row.hash } : {}),
  };
}
