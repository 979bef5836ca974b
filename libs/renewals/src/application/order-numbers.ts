import type { Pool } from 'pg';
import { KeyedSequences, withSchemaLock } from '@app/event-store';

/**
 * Order numbers: unique, short, and the same for an order however often confirmation is retried.
 * FE-<year>-<6+ digit sequence>, e.g. FE-2026-000042.
 */
export interface OrderNumbers {
  numberFor(orderId: string, now: Date): Promise<string>;
  /** The order an order number belongs to, or null. */
  orderOf(orderNumber: string): Promise<string | null>;
  close(): Promise<void>;
}
export const ORDER_NUMBERS = Symbol('ORDER_NUMBERS');

export function formatOrderNumber(sequence: number, year: number): string {
  return `FE-${year}-${String(sequence).padStart(6, '0')}`;
}

const SCOPE = 'order-number';

/**
 * Moves the numbers of files written before keyed sequences (table `order_numbers`) into them, once: an
 * order keeps its number, and new numbers continue after the last one.
 */
export const SQLITE_ORDER_NUMBER_MIGRATIONS = [
  `CREATE TABLE IF NOT EXISTS order_numbers (
     sequence INTEGER PRIMARY KEY AUTOINCREMENT,
     order_id TEXT NOT NULL UNIQUE,
     order_number TEXT NOT NULL UNIQUE,
     allocated_at TEXT NOT NULL
   );
   INSERT OR IGNORE INTO keyed_sequences (scope, key, value, reserved_at)
     SELECT '${SCOPE}', order_id, sequence, allocated_at FROM order_numbers;
   DROP TABLE order_numbers;`,
];

/**
 * The sequence lives beside the events, in the SQLite store's keyed sequences (write side), so a number
 * is never handed out twice and an order always gets the one it got first.
 */
export class SqliteOrderNumbers implements OrderNumbers {
  constructor(private readonly sequences: KeyedSequences) {}

  async numberFor(orderId: string, now: Date): Promise<string> {
    const { value, reservedAt } = await this.sequences.reserve(SCOPE, orderId, now);
    return formatOrderNumber(value, new Date(reservedAt).getUTCFullYear());
  }

  async orderOf(orderNumber: string): Promise<string | null> {
    const normalised = orderNumber.trim().toUpperCase();
    const sequence = /^FE-\d{4}-(\d{6,})$/.exec(normalised)?.[1];
    if (!sequence) return null;
    const found = await this.sequences.keyOf(SCOPE, Number(sequence));
    if (!found) return null;
    // The year is part of the number: FE-2025-000042 is not FE-2026-000042.
    const year = new Date(found.reservedAt).getUTCFullYear();
    return formatOrderNumber(Number(sequence), year) === normalised ? found.key : null;
  }

  /** The store belongs to whoever opened it. */
  async close(): Promise<void> {}
}

/** On PostgreSQL: a sequence, and the order-to-number mapping with unique constraints both ways. */
export class PostgresOrderNumbers implements OrderNumbers {
  private constructor(private readonly pool: Pool) {}

  /** Creates the sequence and table if missing (under the schema's DDL lock, as concurrent starts race). */
  static async open(pool: Pool, schema: string): Promise<PostgresOrderNumbers> {
    await withSchemaLock(pool, schema, async (client) => {
      await client.query('CREATE SEQUENCE IF NOT EXISTS order_number_seq');
      await client.query(`CREATE TABLE IF NOT EXISTS order_numbers (
        order_id TEXT PRIMARY KEY,
        order_number TEXT NOT NULL UNIQUE,
        allocated_at TIMESTAMPTZ NOT NULL
      )`);
    });
    return new PostgresOrderNumbers(pool);
  }

  async numberFor(orderId: string, now: Date): Promise<string> {
    const existing = await this.pool.query<{ order_number: string }>(
      'SELECT order_number FROM order_numbers WHERE order_id = $1',
      [orderId],
    );
    if (existing.rows[0]) return existing.rows[0].order_number;
    const { rows } = await this.pool.query<{ sequence: string }>(
      "SELECT nextval('order_number_seq') AS sequence",
    );
    const candidate = formatOrderNumber(Number(rows[0].sequence), now.getUTCFullYear());
    // Two confirmations of one order racing: the first insert wins and both answer its number.
    await this.pool.query(
      'INSERT INTO order_numbers (order_id, order_number, allocated_at) VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING',
      [orderId, candidate, now],
    );
    const stored = await this.pool.query<{ order_number: string }>(
      'SELECT order_number FROM order_numbers WHERE order_id = $1',
      [orderId],
    );
    return stored.rows[0].order_number;
  }

  async orderOf(orderNumber: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ order_id: string }>(
      'SELECT order_id FROM order_numbers WHERE order_number = $1',
      [orderNumber.trim().toUpperCase()],
    );
    return rows[0]?.order_id ?? null;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
