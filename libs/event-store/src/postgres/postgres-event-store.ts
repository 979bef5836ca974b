import { Client, Pool, PoolClient } from 'pg';
import { Subscribers } from '../catch-up-subscription';
import { LiveTail } from '../live-tail';
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

interface EventRow {
  position: string;
  id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: StoredEvent['metadata'];
  recorded_at: Date;
  hash: string | null;
}

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
      options: `-c search_path=${this.schema}`,
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
      // An append in one statement (one round trip, one commit): lock the stream; a retry of stored events
      // answers what is stored; a stale expected revision is a conflict; rows prepared on another head than
      // the stream's (the caller guessed its hash wrong) come back with the head to prepare them again;
      // else the positions are taken (last, so they are held as briefly as possible) and the rows inserted.
      // No NOTIFY here: a transaction that notifies holds a database-wide lock through its commit.
      await client.query(`DROP FUNCTION IF EXISTS ${this.schema}.append_prepare(text, text[])`);
      await client.query(`DROP FUNCTION IF EXISTS ${this.schema}.append_write(text, jsonb)`);
      await client.query(`
        CREATE OR REPLACE FUNCTION ${this.schema}.append_events(
          p_stream text, p_any boolean, p_expected integer, p_previous_hash text, p_rows jsonb, p_ids text[])
        RETURNS TABLE (outcome text, head integer, head_hash text, last_position bigint, stored jsonb)
        LANGUAGE plpgsql AS $fn$
        DECLARE
          first bigint;
          n integer := jsonb_array_length(p_rows);
        BEGIN
          PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));
          SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'id', e.id, 'stream_id', e.stream_id, 'revision', e.revision, 'position', e.position)
                   ORDER BY e.position), '[]'::jsonb)
            INTO stored FROM ${this.schema}.events e WHERE e.id = ANY(p_ids);
          SELECT e.revision, e.hash INTO head, head_hash
            FROM ${this.schema}.events e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
          IF jsonb_array_length(stored) > 0 THEN
            outcome := 'STORED';
          ELSIF NOT p_any AND coalesce(head, -1) <> p_expected THEN
            outcome := 'CONFLICT';
          ELSIF coalesce(head, -1) + 1 <> (p_rows->0->>'revision')::integer
             OR head_hash IS DISTINCT FROM p_previous_hash THEN
            outcome := 'STALE';
          ELSE
            -- The transaction's id and its positions under one short session lock (not through the commit):
            -- a higher transaction id always holds higher positions. No EXCEPTION block (a subtransaction per
            -- append): should anything fail while it is held, the caller unlocks the session before reuse.
            PERFORM pg_advisory_lock(${CLAIM_LOCK});
            PERFORM pg_current_xact_id();
            first := nextval('${this.schema}.events_position');
            IF n > 1 THEN
              PERFORM setval('${this.schema}.events_position', first + n - 1, true);
            END IF;
            PERFORM pg_advisory_unlock(${CLAIM_LOCK});
            INSERT INTO ${this.schema}.events (position, id, stream_id, revision, type, data, metadata, recorded_at, hash)
              SELECT first + r.ord - 1, r.e->>'id', p_stream, (r.e->>'revision')::integer, r.e->>'type',
                     r.e->'data', r.e->'metadata', (r.e->>'recordedAt')::timestamptz, r.e->>'hash'
                FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS r(e, ord);
            outcome := 'APPENDED';
            last_position := first + n - 1;
          END IF;
          RETURN NEXT;
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

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const client = await this.pool.connect();
    // The test hook needs a transaction to hold open; the application appends in one statement.
    const transaction = this.options.beforeCommit !== undefined;
    try {
      if (transaction) await client.query('BEGIN');
      const result = await this.write(client, streamId, events, expected);
      if (transaction) {
        await this.options.beforeCommit?.();
        await client.query('COMMIT');
      }
      this.announce(result.position);
      return result;
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
   * hashed again on it (a second round trip, at most twice more).
   */
  private async write(
    client: PoolClient,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const known = this.heads.get(streamId);
    let head: { revision: number; hash: string | null } =
      expected === 'no_stream'
        ? { revision: -1, hash: null }
        : known && (expected === 'any' || known.revision === expected)
          ? known
          : { revision: expected === 'any' ? -1 : expected, hash: null };
    const ids = events.map((event) => event.id);
    for (let attempt = 0; attempt < 3; attempt++) {
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
      const { rows: answer } = await client.query<{
        outcome: 'STORED' | 'CONFLICT' | 'STALE' | 'APPENDED';
        head: number | null;
        head_hash: string | null;
        last_position: string | null;
        stored: StoredRef[];
      }>('SELECT * FROM append_events($1, $2, $3, $4, $5::jsonb, $6::text[])', [
        streamId,
        expected === 'any',
        expected === 'any' ? null : expected === 'no_stream' ? -1 : expected,
        head.revision < 0 ? null : head.hash,
        JSON.stringify(rows),
        ids,
      ]);
      const [result] = answer;
      switch (result.outcome) {
        case 'STORED':
          return this.alreadyStored(streamId, events, result.stored)!;
        case 'CONFLICT':
          throw new WrongExpectedRevision(
            streamId,
            expected,
            result.head === null ? 'no_stream' : result.head,
          );
        case 'STALE':
          head = { revision: result.head ?? -1, hash: result.head_hash };
          continue;
        case 'APPENDED': {
          const last = rows[rows.length - 1];
          this.remember(streamId, last.revision, last.hash);
          return { nextExpectedRevision: last.revision, position: Number(result.last_position) };
        }
      }
    }
    throw new Error(`Stream ${streamId} kept changing while its events were prepared`);
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
    return { nextExpectedRevision: last.revision, position: Number(last.position) };
  }

  async readStream(streamId: string, fromRevision = 0, maxCount?: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      // LIMIT NULL: no limit.
      'SELECT * FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3',
      [streamId, fromRevision, maxCount ?? null],
    );
    const last = rows[rows.length - 1];
    // Only a read to the stream's end knows its last revision.
    if (last && (maxCount === undefined || rows.length < maxCount))
      this.remember(streamId, last.revision, last.hash);
    return rows.map(toStoredEvent);
  }

  async readAll(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      // Only what transactions older than every running one wrote: nothing can commit below it any more.
      `SELECT * FROM events
        WHERE position > $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY position LIMIT $2`,
      [fromPosition, limit],
    );
    return rows.map(toStoredEvent);
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

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    position: Number(row.position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
    ...(row.hash ? { hash: row.hash } : {}),
  };
}
