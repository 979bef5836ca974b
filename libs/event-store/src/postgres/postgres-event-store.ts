import { Client, Pool, PoolClient } from 'pg';
import { Subscribers } from '../catch-up-subscription';
import { LiveTail } from '../live-tail';
import { eventHash } from '../hash-chain';
import { storeTypes } from './timestamps';
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

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** The schema holding the tables (created when missing); one per test in the test suites. */
  schema?: string;
  pollIntervalMs?: number;
  clock?: () => Date;
  maxConnections?: number;
  /**
   * Called inside each append's transaction just before COMMIT, after its positions are taken: the stress
   * test makes commits late and out of order with it. Never set in the application.
   */
  beforeCommit?: () => Promise<void>;
}

/** An event already stored under one of the ids being appended (a retry). */
interface StoredRef {
  id: string;
  stream_id: string;
  revision: number;
  position: number | string;
}

/**
 * An event as the store's reads select it, a row as an array (`rowMode: 'array'`: no object per row to
 * build): `EVENT_COLUMNS`, then the stream's id where the read spans streams, or the read it answers.
 */
type EventRow = [
  position: string,
  id: string,
  revision: number,
  type: string,
  data: unknown,
  metadata: StoredEvent['metadata'],
  /** ISO text (`storeTypes`). */
  recordedAt: string,
  hash: string | null,
  last: string | number,
];

/** An append waiting for, or in, a batch. */
interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  /** The head its rows are hashed on, once prepared: the stream's, when a batch said it was another. */
  head?: { revision: number; hash: string | null };
  prepared?: { revision: number; hash: string }[];
  attempts: number;
  /** Goes in a batch of its own. */
  alone: boolean;
  /** Sent again after the unique index refused one of its event ids. */
  rechecked?: boolean;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** What `append_batch` is given for one append. */
interface PreparedAppend {
  stream: string;
  any: boolean;
  expected: number | null;
  previousHash: string | null;
  rows: unknown[];
}

/** What `append_batch` answers for one append, in the batch's order. */
interface BatchAnswer {
  outcome: 'STORED' | 'CONFLICT' | 'STALE' | 'APPENDED';
  head: number | null;
  head_hash: string | null;
  last_position: string | null;
  stored: StoredRef[];
}

/** A read of a stream waiting for, or in, a batch. */
interface PendingRead {
  streamId: string;
  fromRevision: number;
  maxCount: number | undefined;
  resolve: (events: StoredEvent[]) => void;
  reject: (error: unknown) => void;
  /** Read in a query of its own: it was in one that failed. */
  alone?: boolean;
}

/** What a read of events selects, in `EventRow`'s order (not the transaction id: only the readers' guard uses it). */
const EVENT_COLUMNS = 'e.position, e.id, e.revision, e.type, e.data, e.metadata, e.recorded_at, e.hash';

/** Queries reading streams in flight at once: while they are, the reads that arrive wait for the next. */
const READ_BATCHES_IN_FLIGHT = 2;
const READ_BATCH_MAX = 200;

/** Batches of appends in flight at once: while they are, the appends that arrive wait for the next. */
const APPEND_BATCHES_IN_FLIGHT = 2;
/** At most this many appends (each on its own stream) in one batch. */
const APPEND_BATCH_MAX = 100;

/** Appends within this window are announced to the other processes by one NOTIFY. */
const NOTIFY_COALESCE_MS = 5;

// Any constant will do: the short critical section where an append takes its transaction id and positions.
const CLAIM_LOCK = 0x72656e65;

/** Runs DDL for a schema while holding a transaction-level advisory lock, so concurrent starts take turns. */
export async function withSchemaLock(
  pool: Pool,
  schema: string,
  ddl: (client: PoolClient) => Promise<void>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`renewals-ddl:${schema}`]);
    await ddl(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function validSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  return schema;
}

/**
 * The event store on PostgreSQL, with concurrent appends (docs/decisions.md, "Concurrent appends on
 * PostgreSQL"). An append locks only its stream (a transaction-level advisory lock on the stream id), checks
 * the expected revision, and inserts; appends to different streams run and commit in parallel, so their
 * commits share WAL flushes. Each event records the id of the transaction that wrote it (`xid8`). Positions
 * come from a sequence; the transaction id and the positions are taken together in one short critical
 * section (in `append_events`, microseconds, not held through the commit), so a transaction with a higher id
 * always holds higher positions. A catch-up reader reads only events written by transactions older than the
 * oldest one still running (`pg_snapshot_xmin(pg_current_snapshot())`): every event below a position it has
 * read is then committed (or rolled back) already, so no event committed late can land behind its
 * checkpoint. Positions may have gaps (a rolled-back append burns its numbers): they are an order, not a
 * count. Subscribers wake on NOTIFY, and poll as a fallback.
 */
export class PostgresEventStore implements EventStore {
  readonly pool: Pool;
  readonly schema: string;
  private listener: Client | null = null;
  private readonly clock: () => Date;
  private readonly subscribers: Subscribers;
  /**
   * What the live subscribers read. A read below the oldest running transaction can never gain an event
   * below its last one (a higher transaction id holds higher positions), so it may answer for later reads.
   */
  private readonly tail = new LiveTail();
  private readonly channel: string;
  private announced = 0;
  private readonly heads = new Map<string, { revision: number; hash: string | null }>();
  private notifyTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private waiting: PendingAppend[] = [];
  private batchesInFlight = 0;
  private readonly streamsInFlight = new Set<string>();
  private reads: PendingRead[] = [];
  private readsInFlight = 0;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = validSchemaName(options.schema ?? 'public');
    this.channel = `${this.schema}_events_appended`;
    this.clock = options.clock ?? (() => new Date());
    // Live subscribers share their reads: one query per commit for all of them, not one each.
    this.subscribers = new Subscribers(
      { readAll: (from, limit) => this.tail.read(from, limit, () => this.readAll(from, limit)) },
      options.pollIntervalMs ?? 500,
    );
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      // UTC: the store's reads take an event's time straight from PostgreSQL's text (`isoTimestamp`).
      options: `-c search_path=${this.schema} -c TimeZone=UTC`,
    });
  }

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.migrate();
      await store.listen();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Creates the schema and table; concurrent starts take turns (CREATE ... IF NOT EXISTS can race in PostgreSQL). */
  private async migrate(): Promise<void> {
    await withSchemaLock(this.pool, this.schema, async (client) => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.schema}.events (
          position BIGINT PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          stream_id TEXT NOT NULL,
          revision INTEGER NOT NULL,
          type TEXT NOT NULL,
          data JSONB NOT NULL,
          metadata JSONB NOT NULL,
          recorded_at TIMESTAMPTZ NOT NULL,
          hash TEXT,
          UNIQUE (stream_id, revision)
        )`);
      await client.query(`ALTER TABLE ${this.schema}.events ADD COLUMN IF NOT EXISTS hash TEXT`);
      // Events stored before concurrent appends were numbered serially: transaction id 0 orders them first.
      await client.query(
        `ALTER TABLE ${this.schema}.events ADD COLUMN IF NOT EXISTS transaction_id xid8 NOT NULL DEFAULT '0'::xid8`,
      );
      await client.query(
        `ALTER TABLE ${this.schema}.events ALTER COLUMN transaction_id SET DEFAULT pg_current_xact_id()`,
      );
      await client.query(`CREATE SEQUENCE IF NOT EXISTS ${this.schema}.events_position AS BIGINT`);
      // Positions continue after every event stored, including those written before the sequence existed
      // (or copied in by an upgrade): a sequence behind the table is moved past it at each start.
      await client.query(
        `SELECT setval('${this.schema}.events_position', e.max, true)
           FROM ${this.schema}.events_position s, (SELECT max(position) AS max FROM ${this.schema}.events) e
          WHERE e.max >= CASE WHEN s.is_called THEN s.last_value + 1 ELSE s.last_value END`,
      );
      // Appends in one statement (one round trip, one commit for a whole batch of them, each on its own
      // stream): lock every stream of the batch, in one order (batches of several processes never wait on
      // each other in a cycle); then, for each append, a retry of stored events answers what is stored, a
      // stale expected revision is a conflict, rows prepared on another head than the stream's (the caller
      // guessed its hash wrong) come back with the head to prepare them again; then the positions of every
      // append that passes are taken at once (a transaction's positions must all come from one claim, or a
      // later transaction could take positions between them) and the rows inserted in the batch's order.
      // No NOTIFY here: a transaction that notifies holds a database-wide lock through its commit.
      // (append_events, the one-append form before, is left for processes of the previous version.)
      await client.query(`
        CREATE OR REPLACE FUNCTION ${this.schema}.append_batch(p_appends jsonb)
        RETURNS TABLE (outcome text, head integer, head_hash text, last_position bigint, stored jsonb)
        LANGUAGE plpgsql
        -- Every statement here finds its rows by an index. A session keeps the plans it made for them, and
        -- a plan made while the table was small scanned it whole (0.3 ms an append a minute later).
        SET enable_seqscan = off
        AS $fn$
        DECLARE
          lock_key bigint;
          a jsonb;
          i integer := 0;
          outcomes text[] := '{}';
          heads integer[] := '{}';
          head_hashes text[] := '{}';
          storeds jsonb[] := '{}';
          counts integer[] := '{}';
          total integer := 0;
          first bigint;
          taken bigint;
        BEGIN
          FOR lock_key IN
            SELECT DISTINCT hashtextextended(value->>'stream', 0) FROM jsonb_array_elements(p_appends) ORDER BY 1
          LOOP
            PERFORM pg_advisory_xact_lock(lock_key);
          END LOOP;
          FOR a IN SELECT value FROM jsonb_array_elements(p_appends) LOOP
            i := i + 1;
            head := NULL;
            head_hash := NULL;
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                     'id', e.id, 'stream_id', e.stream_id, 'revision', e.revision, 'position', e.position)
                     ORDER BY e.position), '[]'::jsonb)
              INTO stored FROM ${this.schema}.events e
             WHERE e.id = ANY(ARRAY(SELECT r->>'id' FROM jsonb_array_elements(a->'rows') r));
            SELECT e.revision, e.hash INTO head, head_hash
              FROM ${this.schema}.events e WHERE e.stream_id = a->>'stream' ORDER BY e.revision DESC LIMIT 1;
            IF jsonb_array_length(stored) > 0 THEN
              outcome := 'STORED';
            ELSIF NOT (a->>'any')::boolean AND coalesce(head, -1) <> (a->>'expected')::integer THEN
              outcome := 'CONFLICT';
            ELSIF coalesce(head, -1) + 1 <> (a->'rows'->0->>'revision')::integer
               OR head_hash IS DISTINCT FROM a->>'previousHash' THEN
              outcome := 'STALE';
            ELSE
              outcome := 'APPENDED';
            END IF;
            outcomes := outcomes || outcome;
            heads := heads || head;
            head_hashes := head_hashes || head_hash;
            storeds := storeds || stored;
            counts := counts || CASE WHEN outcome = 'APPENDED' THEN jsonb_array_length(a->'rows') ELSE 0 END;
            IF outcome = 'APPENDED' THEN total := total + jsonb_array_length(a->'rows'); END IF;
          END LOOP;
          IF total > 0 THEN
            -- The transaction's id and its positions under one short session lock (not through the commit):
            -- a higher transaction id always holds higher positions. No EXCEPTION block (a subtransaction per
            -- batch): should anything fail while it is held, the caller unlocks the session before reuse.
            PERFORM pg_advisory_lock(${CLAIM_LOCK});
            PERFORM pg_current_xact_id();
            first := nextval('${this.schema}.events_position');
            IF total > 1 THEN
              PERFORM setval('${this.schema}.events_position', first + total - 1, true);
            END IF;
            PERFORM pg_advisory_unlock(${CLAIM_LOCK});
            INSERT INTO ${this.schema}.events (position, id, stream_id, revision, type, data, metadata, recorded_at, hash)
              SELECT first - 1 + row_number() OVER (ORDER BY x.n, r.m), r.e->>'id', x.a->>'stream',
                     (r.e->>'revision')::integer, r.e->>'type', r.e->'data', r.e->'metadata',
                     (r.e->>'recordedAt')::timestamptz, r.e->>'hash'
                FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS x(a, n),
                     jsonb_array_elements(x.a->'rows') WITH ORDINALITY AS r(e, m)
               WHERE outcomes[x.n] = 'APPENDED';
          END IF;
          taken := first - 1;
          FOR n IN 1 .. i LOOP
            outcome := outcomes[n];
            head := heads[n];
            head_hash := head_hashes[n];
            stored := storeds[n];
            taken := taken + counts[n];
            last_position := CASE WHEN outcome = 'APPENDED' THEN taken END;
            RETURN NEXT;
          END LOOP;
        END;
        $fn$`);
    });
  }

  private async listen(): Promise<void> {
    this.listener = new Client({ connectionString: this.options.connectionString });
    this.listener.on('notification', () => {
      this.subscribers.notifyAll();
    });
    // A lost listener only slows subscribers down to polling; it must not crash the process.
    this.listener.on('error', () => undefined);
    await this.listener.connect();
    await this.listener.query(`LISTEN ${this.channel}`);
  }

  /**
   * Appends are written in batches: while a batch is in flight, the appends that arrive wait and go together
   * in the next one (one statement and one commit for all of them; under load that is what lets PostgreSQL
   * keep up, as the embedded store's writer does with its group commit). Alone, an append goes at once.
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ streamId, events, expected, attempts: 0, alone: false, resolve, reject });
      this.sendBatches();
    });
  }

  private sendBatches(): void {
    while (this.batchesInFlight < APPEND_BATCHES_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.nextBatch();
      // Every waiting append is on a stream with an append in flight: they go when it is answered.
      if (batch.length === 0) return;
      void this.send(batch);
    }
  }

  /**
   * The waiting appends, in the order they came, one per stream (the next on a stream is hashed on what the
   * previous one wrote) and none on a stream with an append in flight; an append whose batch failed goes
   * alone, for an answer of its own.
   */
  private nextBatch(): PendingAppend[] {
    const batch: PendingAppend[] = [];
    const passed = new Set<string>();
    const left: PendingAppend[] = [];
    for (const pending of this.waiting) {
      const fits =
        batch.length < APPEND_BATCH_MAX &&
        !passed.has(pending.streamId) &&
        !this.streamsInFlight.has(pending.streamId) &&
        !batch[0]?.alone &&
        !(pending.alone && batch.length > 0);
      passed.add(pending.streamId);
      if (fits) batch.push(pending);
      else left.push(pending);
    }
    this.waiting = left;
    for (const pending of batch) this.streamsInFlight.add(pending.streamId);
    return batch;
  }

  private async send(batch: PendingAppend[]): Promise<void> {
    this.batchesInFlight++;
    let answers: BatchAnswer[] | null = null;
    try {
      answers = await this.write(batch);
    } catch (error) {
      // An event id another transaction stored after this one looked for it (the unique index): once
      // more, where the stored-ids check now sees it and answers as for any retry (DuplicateEventId on
      // another stream).
      if (batch.length === 1 && isUniqueViolation(error) && !batch[0].rechecked)
        this.waiting.unshift({ ...batch[0], alone: true, rechecked: true });
      else if (batch.length === 1) batch[0].reject(error);
      // One append's error (an event id stored on another stream meanwhile, say) fails the whole batch,
      // and nothing of it is stored: each goes again alone and gets its own answer. An error after the
      // commit was sent (a lost connection) may have stored it: then that append finds its events stored.
      else this.waiting.unshift(...batch.map((pending) => ({ ...pending, alone: true })));
    } finally {
      this.batchesInFlight--;
      for (const pending of batch) this.streamsInFlight.delete(pending.streamId);
    }
    if (answers) this.answer(batch, answers);
    this.sendBatches();
  }

  /** One statement for the batch (inside a transaction only when the test hook must hold it open). */
  private async write(batch: PendingAppend[]): Promise<BatchAnswer[]> {
    const appends = batch.map((pending) => this.prepare(pending));
    const client = await this.pool.connect();
    const transaction = this.options.beforeCommit !== undefined;
    try {
      if (transaction) await client.query('BEGIN');
      const { rows } = await client.query<BatchAnswer>({
        name: 'append-batch',
        text: 'SELECT * FROM append_batch($1::jsonb)',
        values: [JSON.stringify(appends)],
      });
      if (transaction) {
        await this.options.beforeCommit?.();
        await client.query('COMMIT');
      }
      return rows;
    } catch (error) {
      if (transaction) await client.query('ROLLBACK').catch(() => undefined);
      // A statement that failed while holding the positions' session lock leaves it held: let it go
      // before the connection serves anyone else (a broken connection loses it with the session).
      await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * The rows are hashed on the head the stream is believed to have (what this process last read or wrote of
   * it, or the expected revision); if the stream's head is another, the statement says so and the rows are
   * hashed again on it (in the next batch, at most twice more).
   */
  private prepare(pending: PendingAppend): PreparedAppend {
    const { streamId, events, expected } = pending;
    if (!pending.head) {
      const known = this.heads.get(streamId);
      pending.head =
        expected === 'no_stream'
          ? { revision: -1, hash: null }
          : known && (expected === 'any' || known.revision === expected)
            ? known
            : { revision: expected === 'any' ? -1 : expected, hash: null };
    }
    const head = pending.head;
    const recordedAt = this.clock().toISOString();
    let previous = head.hash;
    const rows = events.map((event, index) => {
      const revision = head.revision + index + 1;
      const hash = eventHash(previous, { ...event, streamId, revision, recordedAt });
      previous = hash;
      return {
        id: event.id,
        revision,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        recordedAt,
        hash,
      };
    });
    pending.prepared = rows;
    return {
      stream: streamId,
      any: expected === 'any',
      expected: expected === 'any' ? null : expected === 'no_stream' ? -1 : expected,
      previousHash: head.revision < 0 ? null : head.hash,
      rows,
    };
  }

  private answer(batch: PendingAppend[], answers: BatchAnswer[]): void {
    const again: PendingAppend[] = [];
    const settle: (() => void)[] = [];
    let appended = 0;
    batch.forEach((pending, index) => {
      const result = answers[index];
      const { streamId, events, expected } = pending;
      switch (result.outcome) {
        case 'STORED':
          try {
            const stored = this.alreadyStored(streamId, events, result.stored)!;
            settle.push(() => pending.resolve(stored));
          } catch (error) {
            settle.push(() => pending.reject(error));
          }
          return;
        case 'CONFLICT': {
          const error = new WrongExpectedRevision(
            streamId,
            expected,
            result.head === null ? 'no_stream' : result.head,
          );
          settle.push(() => pending.reject(error));
          return;
        }
        case 'STALE':
          if (++pending.attempts >= 3) {
            const error = new Error(`Stream ${streamId} kept changing while its events were prepared`);
            settle.push(() => pending.reject(error));
          } else again.push({ ...pending, head: { revision: result.head ?? -1, hash: result.head_hash } });
          return;
        case 'APPENDED': {
          const last = pending.prepared![pending.prepared!.length - 1];
          const position = Number(result.last_position);
          this.remember(streamId, last.revision, last.hash);
          appended = Math.max(appended, position);
          settle.push(() => pending.resolve({ nextExpectedRevision: last.revision, position }));
          return;
        }
      }
    });
    if (appended > 0) this.announce(appended);
    // Before any later append on their streams: they came first.
    this.waiting.unshift(...again);
    for (const done of settle) done();
  }

  /**
   * Wakes the subscribers: those of this process at once, the other processes' by one NOTIFY for all the
   * appends of the next few milliseconds (outside the appends' transactions, committed without waiting for
   * the disk: a lost NOTIFY only delays the other processes, which poll).
   */
  private announce(position: number): void {
    this.subscribers.notifyAll();
    this.announced = Math.max(this.announced, position);
    if (this.notifyTimer || this.closing) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      const sent = this.announced;
      this.pool
        .query("SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)", [
          this.channel,
          String(sent),
        ])
        .catch(() => undefined);
    }, NOTIFY_COALESCE_MS);
  }

  /** The last revision and hash seen of a stream, for the next append's hashes (a bounded cache). */
  private remember(streamId: string, revision: number, hash: string | null): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, { revision, hash });
    if (this.heads.size > 20_000) this.heads.delete(this.heads.keys().next().value!);
  }

  /** A retry stores nothing and answers as the first append did; a half-known batch is an error. */
  private alreadyStored(streamId: string, events: NewEvent[], stored: StoredRef[]): AppendResult | null {
    if (stored.length === 0) return null;
    if (stored.length !== events.length || stored.some((row) => row.stream_id !== streamId))
      throw new DuplicateEventId(streamId, stored[0].id);
    const last = stored[stored.length - 1];
    return { nextExpectedRevision: last.revision, position: Number(last.position), alreadyStored: true };
  }

  /**
   * Reads of streams, like appends, go together while others are in flight: one query for all those that
   * wait (under load, a query per read was most of PostgreSQL's work per command); alone, a read goes at once.
   */
  readStream(streamId: string, fromRevision = 0, maxCount?: number): Promise<StoredEvent[]> {
    return new Promise((resolve, reject) => {
      this.reads.push({ streamId, fromRevision, maxCount, resolve, reject });
      this.sendReads();
    });
  }

  private sendReads(): void {
    while (this.readsInFlight < READ_BATCHES_IN_FLIGHT && this.reads.length > 0) {
      // Reads to go alone are put back at the head of the queue, so they are always its first ones.
      const batch = this.reads.splice(0, this.reads[0].alone ? 1 : READ_BATCH_MAX);
      this.readsInFlight++;
      this.readStreams(batch)
        .then(
          (events) => batch.forEach((read, index) => read.resolve(events[index])),
          (error) => {
            if (batch.length === 1) return batch[0].reject(error);
            // One read's error (a stream id PostgreSQL refuses) fails the query: each goes again alone,
            // first in the queue and within the bound on queries in flight, as a failed batch of appends does.
            this.reads.unshift(...batch.map((read) => ({ ...read, alone: true })));
          },
        )
        .finally(() => {
          this.readsInFlight--;
          this.sendReads();
        });
    }
  }

  private async readStreams(batch: PendingRead[]): Promise<StoredEvent[][]> {
    const events: StoredEvent[][] = batch.map(() => []);
    if (batch.length === 1) {
      const [{ streamId, fromRevision, maxCount }] = batch;
      const { rows } = await this.pool.query<EventRow>({
        name: 'read-stream',
        // LIMIT NULL: no limit.
        text: `SELECT ${EVENT_COLUMNS} FROM events e WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
        values: [streamId, fromRevision, maxCount ?? null],
        rowMode: 'array',
        types: storeTypes,
      });
      for (const row of rows) events[0].push(toStoredEvent(row, streamId));
    } else {
      const { rows } = await this.pool.query<EventRow>({
        name: 'read-streams',
        text: `SELECT ${EVENT_COLUMNS}, q.read
           FROM unnest($1::text[], $2::integer[], $3::integer[]) WITH ORDINALITY AS q(stream_id, from_revision, max_count, read)
           CROSS JOIN LATERAL (
             SELECT * FROM events e
              WHERE e.stream_id = q.stream_id AND revision >= q.from_revision ORDER BY revision LIMIT q.max_count) e
          ORDER BY q.read, e.revision`,
        values: [
          batch.map((read) => read.streamId),
          batch.map((read) => read.fromRevision),
          batch.map((read) => read.maxCount ?? null),
        ],
        rowMode: 'array',
        types: storeTypes,
      });
      for (const row of rows) {
        const read = Number(row[8]) - 1;
        events[read].push(toStoredEvent(row, batch[read].streamId));
      }
    }
    batch.forEach(({ streamId, maxCount }, index) => {
      const read = events[index];
      const last = read[read.length - 1];
      // Only a read to the stream's end knows its last revision.
      if (last && (maxCount === undefined || read.length < maxCount))
        this.remember(streamId, last.revision, last.hash ?? null);
    });
    return events;
  }

  async readAll(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>({
      // Only what transactions older than every running one wrote: nothing can commit below it any more.
      text: `SELECT ${EVENT_COLUMNS}, e.stream_id FROM events e
        WHERE position > $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY position LIMIT $2`,
      values: [fromPosition, limit],
      rowMode: 'array',
      types: storeTypes,
    });
    return rows.map((row) => toStoredEvent(row, row[8] as string));
  }

  /**
   * The last acknowledged (committed) position. Catch-up readers may not read up to it yet while an older
   * transaction anywhere on the cluster is still open (see readAll), but a consumer is caught up only
   * once it has passed it: a head held back by that guard let "wait until projected" return early.
   */
  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT coalesce(max(position), 0) AS position FROM events',
    );
    return Number(rows[0].position);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.subscribers.subscribe(options);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    await this.subscribers.stopAll();
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
    await this.pool.end().catch(() => undefined);
  }
}

function toStoredEvent(row: EventRow, streamId: string): StoredEvent {
  const hash = row[7];
  return {
    id: row[1],
    streamId,
    revision: row[2],
    position: Number(row[0]),
    type: row[3],
    data: row[4],
    metadata: row[5],
    recordedAt: row[6],
    ...(hash ? { hash } : {}),
  };
}

/** PostgreSQL's unique_violation: a row with the same key was committed meanwhile. */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}
