import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import {
  EventMetadata,
  PostgresEventStore,
  SqliteEventRow,
  eventHash,
  readHash,
  readTime,
} from '@app/event-store';
import { PostgresOrderNumbers, formatOrderNumber } from '@app/renewals';
import { engines } from '../../libs/event-store/src/testing/engines';

export const LEGACY_FIXTURE = join(__dirname, '..', 'fixtures', 'legacy-2026-11');
/** Where the fixture's dev clock ended (144 days after it started). */
export const LEGACY_FIXTURE_NOW = new Date('2027-04-25T00:00:00.000Z');
export const LEGACY_EVENTS = 74;
export const LEGACY_SENT_EMAILS = 18;

/** What the November 2026 server answered about its data folder (scripts/record-legacy-answers.js). */
export function legacyAnswers(): LegacyAnswers {
  return JSON.parse(readFileSync(join(LEGACY_FIXTURE, 'answers.json'), 'utf8')) as LegacyAnswers;
}

export interface LegacyAnswers {
  headPosition: number;
  customers: Record<string, { services: unknown[]; orders: unknown[]; order: Record<string, unknown> }>;
  backOffice: { refunds: unknown[]; awaiting: unknown[]; dashboard: Record<string, unknown> };
}

export interface LegacyEvent {
  streamId: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** Gives an event of the fixture new data and metadata (its id, stream, revision and time stay). */
export type Rewrite = (event: LegacyEvent) => Pick<LegacyEvent, 'data' | 'metadata'>;

/** The row rewritten, with its hash chained again to the previous event of its stream. */
function rewritten(
  row: SqliteEventRow,
  rewrite: Rewrite,
  previousHash: Map<string, string | null>,
): SqliteEventRow {
  const event = rewrite({
    streamId: row.stream_id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  });
  const hash = eventHash(previousHash.get(row.stream_id) ?? null, {
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    type: row.type,
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
    recordedAt: readTime(row.recorded_at),
  });
  previousHash.set(row.stream_id, hash);
  return { ...row, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata), hash };
}

/**
 * Installs the November 2026 data folder (test/fixtures/legacy-2026-11): as it is for the embedded engines,
 * or, for PostgreSQL, the same log, accounts, outbox, checkpoints and order numbers in the tables that
 * version kept in the events' schema. With `rewrite`, each event is first given new data and metadata.
 */
export async function installLegacyFixture(
  dataDir: string,
  schema: string | null,
  rewrite?: Rewrite,
): Promise<void> {
  if (!schema) {
    for (const file of ['events.db', 'read-models.db'])
      copyFileSync(join(LEGACY_FIXTURE, file), join(dataDir, file));
    if (rewrite) {
      const db = new Database(join(dataDir, 'events.db'));
      const update = db.prepare('UPDATE events SET data = ?, metadata = ?, hash = ? WHERE position = ?');
      const hashes = new Map<string, string | null>();
      db.transaction(() => {
        for (const row of db.prepare('SELECT * FROM events ORDER BY position').all() as SqliteEventRow[]) {
          const next = rewritten(row, rewrite, hashes);
          update.run(next.data, next.metadata, next.hash, next.position);
        }
      })();
      db.close();
    }
    return;
  }
  const events = new Database(join(LEGACY_FIXTURE, 'events.db'), { readonly: true });
  const readModels = new Database(join(LEGACY_FIXTURE, 'read-models.db'), { readonly: true });
  const store = await PostgresEventStore.open({ connectionString: engines.postgresUrl, schema });
  const pool = new Pool({
    connectionString: engines.postgresUrl,
    max: 1,
    options: `-c search_path=${schema}`,
  });
  try {
    const hashes = new Map<string, string | null>();
    for (const original of events
      .prepare('SELECT * FROM events ORDER BY position')
      .all() as SqliteEventRow[]) {
      const row = rewrite ? rewritten(original, rewrite, hashes) : original;
      await pool.query(
        'INSERT INTO events (position, id, stream_id, revision, type, data, metadata, recorded_at, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [
          row.position,
          row.id,
          row.stream_id,
          row.revision,
          row.type,
          row.data,
          row.metadata,
          readTime(row.recorded_at),
          readHash(row.hash),
        ],
      );
    }
    await PostgresOrderNumbers.open(pool, schema); // its tables, as that version created them
    for (const row of events
      .prepare("SELECT key, value, reserved_at FROM keyed_sequences WHERE scope = 'order-number'")
      .all() as Array<{ key: string; value: number; reserved_at: string }>)
      await pool.query(
        'INSERT INTO order_numbers (order_id, order_number, allocated_at) VALUES ($1, $2, $3)',
        [row.key, formatOrderNumber(row.value, new Date(row.reserved_at).getUTCFullYear()), row.reserved_at],
      );
    await pool.query("SELECT setval('order_number_seq', (SELECT count(*) FROM order_numbers))");
    const copy = async (table: string, ddl: string) => {
      await pool.query(ddl);
      const rows = readModels.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
      for (const row of rows) {
        const columns = Object.keys(row);
        await pool.query(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          columns.map((column) => row[column]),
        );
      }
    };
    await copy(
      'accounts',
      'CREATE TABLE accounts (id text PRIMARY KEY, username text NOT NULL UNIQUE, password_hash text NOT NULL, role text NOT NULL, display_name text NOT NULL, email text NOT NULL, created_at text NOT NULL)',
    );
    await copy(
      'projection_checkpoints',
      'CREATE TABLE projection_checkpoints (name text PRIMARY KEY, position bigint NOT NULL, updated_at text NOT NULL)',
    );
    await copy(
      'notifier_services',
      'CREATE TABLE notifier_services (service_id text PRIMARY KEY, customer_id text NOT NULL, name text NOT NULL, holder_email text NOT NULL)',
    );
    await copy(
      'notifier_orders',
      'CREATE TABLE notifier_orders (order_id text PRIMARY KEY, service_id text NOT NULL, order_number text)',
    );
    await copy(
      'outbox',
      `CREATE TABLE outbox (id text PRIMARY KEY, event_id text NOT NULL, template text NOT NULL, to_address text NOT NULL,
        subject text NOT NULL, text_body text NOT NULL, html_body text NOT NULL, created_at text NOT NULL, status text NOT NULL,
        attempts integer NOT NULL, next_attempt_at text NOT NULL, last_error text, sent_at text,
        CONSTRAINT outbox_event_template UNIQUE (event_id, template))`,
    );
  } finally {
    events.close();
    readModels.close();
    await pool.end();
    await store.close();
  }
}
