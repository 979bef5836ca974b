import { Client, Pool, PoolClient } from 'pg';
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

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** The schema holding the tables (created when missing); one per test in the test suites. */
  schema?: string;
  pollIntervalMs?: number;
  clock?: () => Date;
  maxConnections?: number;
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

// Any constant will do: every append in the schema takes this transaction-level lock.
const APPEND_LOCK = 0x72656e65;

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
 * The event store on PostgreSQL. Appends take one transaction-level advisory lock and number their
 * events max(position)+1 under it, so positions are gap-free and commit in order: a catch-up reader that
 * has seen position N can never later find an event below N committed late. The price is that appends
 * are serialised (PostgreSQL still group-commits their WAL flushes). Subscribers wake on NOTIFY, and
 * poll as a fallback.
 */
export class PostgresEventStore implements EventStore {
  readonly pool: Pool;
  readonly schema: string;
  private listener: Client | null = null;
  private readonly clock: () => Date;
  private readonly subscribers: Subscribers;
  private readonly channel: string;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = validSchemaName(options.schema ?? 'public');
    this.channel = `${this.schema}_events_appended`;
    this.clock = options.clock ?? (() => new Date());
    this.subscribers = new Subscribers(this, options.pollIntervalMs ?? 500);
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
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const result =
        (await this.alreadyStored(client, streamId, events)) ??
        (await this.insert(client, streamId, events, expected));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async insert(
    client: PoolClient,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const head = (
      await client.query<{ revision: number | null }>(
        'SELECT max(revision) AS revision FROM events WHERE stream_id = $1',
        [streamId],
      )
    ).rows[0].revision;
    const matches = expected === 'any' || (expected === 'no_stream' ? head === null : head === expected);
    if (!matches) throw new WrongExpectedRevision(streamId, expected, head === null ? 'no_stream' : head);
    const last = Number(
      (await client.query<{ position: string }>('SELECT coalesce(max(position), 0) AS position FROM events'))
        .rows[0].position,
    );
    const recordedAt = this.clock();
    let previous =
      head === null
        ? null
        : ((
            await client.query<{ hash: string | null }>(
              'SELECT hash FROM events WHERE stream_id = $1 AND revision = $2',
              [streamId, head],
            )
          ).rows[0]?.hash ?? null);
    const values: unknown[] = [];
    const rows = events.map((event, index) => {
      const base = index * 9;
      const revision = (head ?? -1) + index + 1;
      const hash = eventHash(previous, {
        ...event,
        streamId,
        revision,
        recordedAt: recordedAt.toISOString(),
      });
      previous = hash;
      values.push(
        last + index + 1,
        event.id,
        streamId,
        revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
        hash,
      );
      return `(${Array.from({ length: 9 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await client.query(
      `INSERT INTO events (position, id, stream_id, revision, type, data, metadata, recorded_at, hash) VALUES ${rows.join(', ')}`,
      values,
    );
    await client.query('SELECT pg_notify($1, $2)', [this.channel, String(last + events.length)]);
    return { nextExpectedRevision: (head ?? -1) + events.length, position: last + events.length };
  }

  /** A retry stores nothing and answers as the first append did; a half-known batch is an error. */
  private async alreadyStored(
    client: PoolClient,
    streamId: string,
    events: NewEvent[],
  ): Promise<AppendResult | null> {
    const { rows } = await client.query<{
      id: string;
      stream_id: string;
      revision: number;
      position: string;
    }>('SELECT id, stream_id, revision, position FROM events WHERE id = ANY($1::text[]) ORDER BY position', [
      events.map((event) => event.id),
    ]);
    if (rows.length === 0) return null;
    if (rows.length !== events.length || rows.some((row) => row.stream_id !== streamId))
      throw new DuplicateEventId(streamId, rows[0].id);
    const last = rows[rows.length - 1];
    return { nextExpectedRevision: last.revision, position: Number(last.position) };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      'SELECT * FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision',
      [streamId, fromRevision],
    );
    return rows.map(toStoredEvent);
  }

  async readAll(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      'SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT $2',
      [fromPosition, limit],
    );
    return rows.map(toStoredEvent);
  }

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
