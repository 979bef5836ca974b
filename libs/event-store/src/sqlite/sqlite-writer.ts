import Database from 'better-sqlite3';
import { eventHash } from '../hash-chain';
import {
  AppendResult,
  DuplicateEventId,
  ExpectedRevision,
  NewEvent,
  WrongExpectedRevision,
} from '../event-store';
import { EVENTS_PAGE_SIZE, readHash, storedHash, storedTime } from './sqlite-row';

/**
 * What one SQLite file holds on the write side: the events, and keyed sequences (order numbers). It
 * answers whether the file keeps times as milliseconds: a file created before December 2026 declares its
 * `recorded_at` TEXT, whose affinity would turn a number into text, so it goes on storing ISO text.
 */
export function ensureSchema(db: Database.Database): { timeAsMilliseconds: boolean } {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT NOT NULL,
      recorded_at INTEGER NOT NULL,
      hash BLOB,
      UNIQUE (stream_id, revision)
    );
    CREATE TABLE IF NOT EXISTS keyed_sequences (
      scope TEXT NOT NULL,
      key TEXT NOT NULL,
      value INTEGER NOT NULL,
      reserved_at TEXT NOT NULL,
      PRIMARY KEY (scope, key),
      UNIQUE (scope, value)
    );
  `);
  // Files written before events carried a hash gain the column (their old events stay without one).
  const columns = db.prepare<[], { name: string; type: string }>('PRAGMA table_info(events)').all();
  if (!columns.some((column) => column.name === 'hash')) db.exec('ALTER TABLE events ADD COLUMN hash TEXT');
  return { timeAsMilliseconds: columns.find((column) => column.name === 'recorded_at')?.type === 'INTEGER' };
}

/** A number reserved for a key, once: reserving the same key again answers the same number. */
export interface Reservation {
  value: number;
  reservedAt: string;
}

export type WriteRequest =
  | { kind: 'append'; streamId: string; events: NewEvent[]; expected: ExpectedRevision }
  | { kind: 'reserve'; scope: string; key: string; at: string };

/** An error as it crosses a thread: the typed ones keep their fields, so the client rebuilds them. */
export type WriteError =
  | {
      name: 'WrongExpectedRevision';
      streamId: string;
      expected: ExpectedRevision;
      actual: number | 'no_stream';
    }
  | { name: 'DuplicateEventId'; streamId: string; eventId: string }
  | { name: string; message: string };

export type WriteOutcome =
  { ok: true; result: AppendResult | Reservation } | { ok: false; error: WriteError };

/** What the writer thread is started with. */
export interface WriterThreadData {
  filename: string;
  options: SqliteWriterOptions;
}

/** A request from the store to its writer thread, answered under the same id. */
export interface WriterRequest {
  id: number;
  request: WriteRequest;
}
/**
 * From the writer thread to a store: that the file is open and migrated, the answer to one request, or
 * that events up to a position are committed.
 */
export type WriterMessage = { ready: true } | { id: number; outcome: WriteOutcome } | { committed: number };
/** From the store: close the file once the requests sent before are written. */
export type WriterControl = { op: 'close' };

export interface CommitOutcome {
  outcomes: WriteOutcome[];
  /** The position of the last event stored by this commit, null when it stored none. */
  lastPosition: number | null;
}

export interface SqliteWriterOptions {
  /** `FULL` (default) makes every acknowledged write survive a power cut; `NORMAL` survives a crash of the process. */
  synchronous?: 'FULL' | 'NORMAL';
  /** SQL run once when the writer opens, after the schema (e.g. moving an older table's rows into this schema). */
  migrations?: string[];
}

/**
 * The one writer of an SQLite event file. better-sqlite3 is synchronous, so a write (check revision,
 * insert) runs without interleaving. `commit` writes a group of requests in one transaction, with one
 * fsync for all and a savepoint each, so that a conflict fails only its own request. It runs on a
 * thread of its own (sqlite-writer.thread.ts): the fsync never blocks a thread that serves requests.
 */
export class SqliteWriter {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly one: (request: WriteRequest) => AppendResult | Reservation;
  private readonly batch: Database.Transaction<(requests: WriteRequest[]) => WriteOutcome[]>;
  private lastPosition: number | null = null;
  private readonly synchronous: 'FULL' | 'NORMAL';
  private readonly timeAsMilliseconds: boolean;

  constructor(filename: string, options: SqliteWriterOptions = {}) {
    this.db = new Database(filename);
    this.db.pragma(`page_size = ${EVENTS_PAGE_SIZE}`);
    this.db.pragma('journal_mode = WAL');
    this.synchronous = options.synchronous ?? 'FULL';
    this.db.pragma(`synchronous = ${this.synchronous}`);
    this.db.pragma('busy_timeout = 5000');
    this.timeAsMilliseconds = ensureSchema(this.db).timeAsMilliseconds;
    for (const sql of options.migrations ?? []) this.db.exec(sql);
    this.statements = {
      head: this.db.prepare<[string], { revision: number | null }>(
        'SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?',
      ),
      byId: this.db.prepare<[string], { stream_id: string; revision: number; position: number; id: string }>(
        'SELECT id, stream_id, revision, position FROM events WHERE id = ?',
      ),
      hashAt: this.db.prepare<[string, number], { hash: string | Buffer | null }>(
        'SELECT hash FROM events WHERE stream_id = ? AND revision = ?',
      ),
      insert: this.db.prepare(
        'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      reserved: this.db.prepare<[string, string], { value: number; reserved_at: string }>(
        'SELECT value, reserved_at FROM keyed_sequences WHERE scope = ? AND key = ?',
      ),
      nextValue: this.db.prepare<[string], { value: number }>(
        'SELECT COALESCE(MAX(value), 0) + 1 AS value FROM keyed_sequences WHERE scope = ?',
      ),
      reserve: this.db.prepare(
        'INSERT INTO keyed_sequences (scope, key, value, reserved_at) VALUES (?, ?, ?, ?)',
      ),
    };
    // Nested inside `batch`, each call of `one` is a savepoint.
    this.one = this.db.transaction((request: WriteRequest) =>
      request.kind === 'append'
        ? this.append(request.streamId, request.events, request.expected)
        : this.reserve(request.scope, request.key, request.at),
    );
    this.batch = this.db.transaction((requests: WriteRequest[]) =>
      requests.map((request): WriteOutcome => {
        try {
          return { ok: true, result: this.one(request) };
        } catch (error) {
          return errorOutcome(error);
        }
      }),
    );
  }

  /** Writes the requests in one transaction; nothing is answered before that commit is durable. */
  commit(requests: WriteRequest[]): CommitOutcome {
    this.lastPosition = null;
    // A commit of reservations only need not wait for its own fsync: nobody learns a number before the
    // event that carries it is appended, and that append's fsync makes every earlier commit in the WAL
    // durable too. A number whose commit a power cut takes was never shown, and may be handed out again.
    const skipSync = this.synchronous === 'FULL' && !requests.some((request) => request.kind === 'append');
    if (skipSync) this.db.pragma('synchronous = NORMAL');
    try {
      const outcomes = this.batch.immediate(requests);
      return { outcomes, lastPosition: this.lastPosition };
    } finally {
      if (skipSync) this.db.pragma('synchronous = FULL');
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private append(streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    if (events.length === 0) throw new Error('append needs at least one event');
    const retried = this.alreadyStored(streamId, events);
    if (retried) return retried;
    const head = this.statements.head.get(streamId)?.revision ?? null;
    const actual = head === null ? 'no_stream' : head;
    const matches = expected === 'any' || (expected === 'no_stream' ? head === null : head === expected);
    if (!matches) throw new WrongExpectedRevision(streamId, expected, actual);
    const recordedAt = new Date().toISOString();
    let revision = head ?? -1;
    let position = 0;
    let previous = head === null ? null : readHash(this.statements.hashAt.get(streamId, head)?.hash);
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
        this.timeAsMilliseconds ? storedTime(recordedAt) : recordedAt,
        storedHash(hash),
      );
      position = Number(info.lastInsertRowid);
      previous = hash;
    }
    this.lastPosition = position;
    return { nextExpectedRevision: revision, position };
  }

  /** A retry stores nothing and answers as the first append did; a half-known batch is an error. */
  private alreadyStored(streamId: string, events: NewEvent[]): AppendResult | null {
    const known = events
      .map((event) => this.statements.byId.get(event.id))
      .filter((row) => row !== undefined);
    if (known.length === 0) return null;
    if (known.length !== events.length || known.some((row) => row.stream_id !== streamId))
      throw new DuplicateEventId(streamId, known[0].id);
    const last = known[known.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position, alreadyStored: true };
  }

  private reserve(scope: string, key: string, at: string): Reservation {
    const existing = this.statements.reserved.get(scope, key);
    if (existing) return { value: existing.value, reservedAt: existing.reserved_at };
    const value = this.statements.nextValue.get(scope)!.value;
    this.statements.reserve.run(scope, key, value, at);
    return { value, reservedAt: at };
  }
}

export function errorOutcome(error: unknown): WriteOutcome {
  return { ok: false, error: toWriteError(error) };
}

function toWriteError(error: unknown): WriteError {
  if (error instanceof WrongExpectedRevision)
    return {
      name: 'WrongExpectedRevision',
      streamId: error.streamId,
      expected: error.expected,
      actual: error.actual,
    };
  if (error instanceof DuplicateEventId)
    return { name: 'DuplicateEventId', streamId: error.streamId, eventId: error.eventId };
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  return { name, message };
}

/** The typed error again, on the thread that asked. */
export function fromWriteError(error: WriteError): Error {
  if ('expected' in error) return new WrongExpectedRevision(error.streamId, error.expected, error.actual);
  if ('eventId' in error) return new DuplicateEventId(error.streamId, error.eventId);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
