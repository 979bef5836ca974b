/**
 * The event store port. Every adapter (SQLite, PostgreSQL, EventStoreDB) passes the same contract spec
 * (testing/event-store.contract.ts).
 *
 * Revisions are 0-based per stream; positions are the global order, strictly increasing, and
 * `fromPosition` is exclusive (0 reads from the start).
 */
export interface Actor {
  type: 'customer' | 'back-office' | 'system';
  id: string;
}

export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  commandId: string;
  actor: Actor;
  /** The command that caused the event, by name (audit trail). */
  command?: string;
  /** The shape version of `data` (the decoders' upcasters bring older ones to today's); absent means 1. */
  schemaVersion?: number;
  [key: string]: unknown;
}

export interface NewEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface StoredEvent<Data = unknown> {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  data: Data;
  metadata: EventMetadata;
  recordedAt: string;
  /** SHA-256 of the event chained to the previous one in its stream (hash-chain.ts); absent where the engine keeps none. */
  hash?: string;
}

/** A stream revision (the revision of its last event), or a state of the stream. */
export type ExpectedRevision = number | 'no_stream' | 'any';

export interface AppendResult {
  /** The revision of the stream's last event after the append. */
  nextExpectedRevision: number;
  /** The global position of the last appended event. */
  position: number;
  /**
   * Every event was stored before under these ids (a retry): nothing was written, and the figures above
   * are where they were stored. Adapters that cannot tell a retry (EventStoreDB) leave it out.
   */
  alreadyStored?: true;
}

export class WrongExpectedRevision extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedRevision';
  }
}

/** Some, not all, of the batch's event ids are already stored: it is neither new nor a retry. */
export class DuplicateEventId extends Error {
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(`Event ${eventId} is already stored, but the batch for ${streamId} is not the one stored before`);
    this.name = 'DuplicateEventId';
  }
}

export interface Subscription {
  /** Resolves when the subscription has stopped and its handler is no longer running. */
  stop(): Promise<void>;
  /**
   * Someone waits for the events that may be there now (a read of one's own write): the next batch goes
   * after `hurriedCoalesceMs` instead of `coalesceMs`. A retry's pause after a failed batch is not cut short.
   */
  hurry(): void;
}

export interface SubscribeOptions {
  /** Exclusive: the subscription delivers events after this position. */
  fromPosition: number;
  maxBatchSize?: number;
  /**
   * After a batch smaller than maxBatchSize, wait this long before reading again, so that the events that
   * follow closely are delivered together (a projection then commits once for all of them). The first
   * event after a quiet spell is delivered at once. Default 0.
   */
  coalesceMs?: number;
  /**
   * Once someone waits for events (`Subscription.hurry`), the wait after a small batch is this instead of
   * `coalesceMs` (under load someone always waits: batches still gather this long). Default 0.
   */
  hurriedCoalesceMs?: number;
  /** Called with batches in global order; the next batch waits for the returned promise. */
  onEvents(events: StoredEvent[]): Promise<void>;
  /** Called when the handler throws; the subscription retries the same batch after a pause. */
  onError?(error: unknown): void;
}

export interface EventStore {
  /**
   * Appends atomically when the stream is at `expectedRevision`. Appending a batch whose event ids are
   * all stored already is a retry: it succeeds without writing and returns the original result.
   */
  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /**
   * The stream's events from `fromRevision` (default 0) in revision order, at most `maxCount` (all when
   * absent), empty when there are none.
   */
  readStream(streamId: string, fromRevision?: number, maxCount?: number): Promise<StoredEvent[]>;
  /** Events after `fromPosition` in global order, at most `limit`. */
  readAll(fromPosition: number, limit: number): Promise<StoredEvent[]>;
  /** The position of the last stored event, 0 when there is none. */
  headPosition(): Promise<number>;
  /** A catch-up subscription to the global log: history first, then live events. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
