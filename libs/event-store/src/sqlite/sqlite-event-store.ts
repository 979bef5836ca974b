import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Subscribers } from '../catch-up-subscription';
import { LiveTail } from '../live-tail';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import {
  Reservation,
  SqliteWriterOptions,
  WriteOutcome,
  WriteRequest,
  WriterControl,
  WriterMessage,
  WriterRequest,
  WriterThreadData,
  ensureSchema,
  fromWriteError,
} from './sqlite-writer';
import { EVENTS_PAGE_SIZE, SqliteEventRow, toStoredEvent } from './sqlite-row';

export * from './sqlite-row';

export interface SqliteEventStoreOptions extends SqliteWriterOptions {
  pollIntervalMs?: number;
}

/** Numbers reserved once per key, in order, on the write side (order numbers). */
export interface KeyedSequences {
  /** The next number of the scope for this key, or the one the key already has. */
  reserve(scope: string, key: string, at: Date): Promise<Reservation>;
  /** The key a number was reserved for, or null. */
  keyOf(scope: string, value: number): Promise<{ key: string; reservedAt: string } | null>;
}

/**
 * The embedded event store: one SQLite file in WAL mode. Reads run on this thread's own connection;
 * writes go to the file's one writer, a thread of its own (sqlite-writer.thread.ts) that group-commits
 * with one fsync for all the appends waiting, so an fsync never blocks this thread. Nothing is
 * acknowledged before its commit is durable.
 */
export class SqliteEventStore implements EventStore, KeyedSequences {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly thread: Worker;
  private readonly exited: Promise<unknown>;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextRequest = 1;
  /** Called when no write is waiting any more (close waits for that). */
  private readonly idle: Array<() => void> = [];
  private failure: Error | null = null;
  /** Reads wait until the writer has opened and migrated the file. */
  private readonly ready: Promise<void>;
  private markReady!: () => void;
  private isReady = false;
  private closed = false;
  /** The latest events read, so that several live subscribers read and parse them once. */
  private readonly tail = new LiveTail();
  private readonly subscribers: Subscribers;
  /** The last position known to be in the file: this store's commits, and reads that reached the end. */
  private head = 0;
  /**
   * Until when a live read from `head` may answer "nothing yet" without reading the file. Every commit of
   * this store moves `head` before its subscribers hear of it; another connection's appends (only tests
   * write one file from two stores) are read at most a poll interval later than without it.
   */
  private headFreshUntil = 0;
  private readonly pollIntervalMs: number;

  constructor(
    readonly filename: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.db = new Database(filename);
    // Only a new file takes it (before its first page is written); an older one keeps its own.
    this.db.pragma(`page_size = ${EVENTS_PAGE_SIZE}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    // The statements below need the tables: create them here too (the writer thread does the same).
    ensureSchema(this.db);
    this.statements = {
      stream: this.db.prepare<[string, number, number], SqliteEventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      all: this.db.prepare<[number, number], SqliteEventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      headPosition: this.db.prepare<[], { position: number | null }>(
        'SELECT MAX(position) AS position FROM events',
      ),
      keyOf: this.db.prepare<[string, number], { key: string; reserved_at: string }>(
        'SELECT key, reserved_at FROM keyed_sequences WHERE scope = ? AND value = ?',
      ),
    };
    // Live subscribers read just-committed events through the shared tail; everyone else reads the file.
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.subscribers = new Subscribers(
      { readAll: (from, limit) => this.readLive(from, limit) },
      this.pollIntervalMs,
    );
    this.thread = startWriterThread({
      filename,
      options: { synchronous: options.synchronous, migrations: options.migrations },
    });
    this.thread.on('message', (message: WriterMessage) => this.receive(message));
    // A thread's uncaught error arrives as a copy that may have lost its message: name what is left.
    this.thread.on('error', (error: Partial<Error> & { code?: string }) =>
      this.fail(
        new Error(`The writer of ${filename} failed: ${error.message ?? error.code ?? String(error)}`),
      ),
    );
    this.exited = new Promise((resolve) => this.thread.once('exit', resolve));
    void this.exited.then(() => this.fail(new Error(`The writer of ${filename} has stopped`)));
  }

  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.write({
      kind: 'append',
      streamId,
      events,
      expected: expectedRevision,
    }) as Promise<AppendResult>;
  }

  reserve(scope: string, key: string, at: Date): Promise<Reservation> {
    return this.write({ kind: 'reserve', scope, key, at: at.toISOString() }) as Promise<Reservation>;
  }

  async keyOf(scope: string, value: number): Promise<{ key: string; reservedAt: string } | null> {
    await this.ready;
    const row = this.statements.keyOf.get(scope, value);
    return row ? { key: row.key, reservedAt: row.reserved_at } : null;
  }

  async readStream(streamId: string, fromRevision = 0, maxCount?: number): Promise<StoredEvent[]> {
    await this.ready;
    // LIMIT -1: no limit.
    return this.statements.stream.all(streamId, fromRevision, maxCount ?? -1).map(toStoredEvent);
  }

  async readAll(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    await this.ready;
    return this.readFile(fromPosition, limit);
  }

  private readFile(fromPosition: number, limit: number): StoredEvent[] {
    return this.statements.all.all(fromPosition, limit).map(toStoredEvent);
  }

  async headPosition(): Promise<number> {
    await this.ready;
    return this.statements.headPosition.get()?.position ?? 0;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.subscribers.subscribe(options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscribers.stopAll();
    // Every write asked for is answered before the writer goes.
    await this.drained();
    this.thread.ref(); // the process waits for the writer to close the file
    this.thread.postMessage({ op: 'close' } satisfies WriterControl);
    await this.exited;
    if (this.db.open) this.db.close();
  }

  private write(request: WriteRequest): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('The event store is closed'));
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.keepAlive();
      this.thread.postMessage({ id, request } satisfies WriterRequest);
    });
  }

  private receive(message: WriterMessage): void {
    if ('ready' in message) {
      this.isReady = true;
      this.markReady();
      return this.keepAlive();
    }
    if ('committed' in message) {
      this.head = Math.max(this.head, message.committed);
      return this.subscribers.notifyAll();
    }
    const waiter = this.waiting.get(message.id);
    if (!waiter) return;
    this.settled(message.id);
    const outcome: WriteOutcome = message.outcome;
    if (outcome.ok) waiter.resolve(outcome.result);
    else waiter.reject(fromWriteError(outcome.error));
  }

  private settled(id: number): void {
    this.waiting.delete(id);
    this.keepAlive();
    if (this.waiting.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** The process stays up while the writer has something to answer (that it opened, or a write), and no longer. */
  private keepAlive(): void {
    // Closing, the process waits for the writer to close the file (its ready message may come after close()).
    if (this.closed || !this.isReady || this.waiting.size > 0) this.thread.ref();
    else this.thread.unref();
  }

  private drained(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** The writer is gone (it failed to open the file, or crashed): what waits is refused, and so is what comes. */
  private fail(error: Error): void {
    if (this.closed && !this.waiting.size) return;
    this.failure ??= error;
    this.isReady = true;
    this.markReady();
    this.keepAlive();
    for (const [id, waiter] of this.waiting) {
      this.settled(id);
      waiter.reject(this.failure);
    }
  }

  private async readLive(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    // From here on nothing waits: the subscribers woken by one commit run one after the other, and only
    // the first reads the file; the others find its events in the tail.
    if (!this.isReady) await this.ready;
    const held = this.tail.after(fromPosition, limit);
    if (held) return held;
    // Every live subscriber reads once more after its last batch, and finds nothing: no need to ask the file.
    if (fromPosition >= this.head && performance.now() < this.headFreshUntil) return [];
    const events = this.readFile(fromPosition, limit);
    if (events.length < limit) {
      this.head = Math.max(this.head, events.length > 0 ? events[events.length - 1].position : fromPosition);
      this.headFreshUntil = performance.now() + this.pollIntervalMs;
    }
    this.tail.remember(events);
    return events;
  }
}

/**
 * Starts the writer thread. Built, it is a JavaScript file beside this one; run from the TypeScript
 * sources (jest, or node -r @swc-node/register), the thread compiles its module as it loads it.
 */
function startWriterThread(data: WriterThreadData): Worker {
  const entry = join(__dirname, `sqlite-writer.thread${extname(__filename)}`);
  if (extname(entry) === '.js') return new Worker(entry, { workerData: data });
  const register = require.resolve('@swc-node/register');
  return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: data,
  });
}
