import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import { withSchemaLock } from '@app/event-store';

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

/** The sequence lives beside the events (write side), so a number is never handed out twice. */
export class SqliteOrderNumbers implements OrderNumbers {
  private readonly find;
  private readonly findByNumber;
  private readonly insert;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS order_numbers (
      sequence INTEGER PRIMARY KEY AUTOINCREMENT,
      order_id TEXT NOT NULL UNIQUE,
      order_number TEXT NOT NULL UNIQUE,
      allocated_at TEXT NOT NULL
    )`);
    this.find = db.prepare<[string], { order_number: string }>(
      'SELECT order_number FROM order_numbers WHERE order_id = ?',
    );
    this.findByNumber = db.prepare<[string], { order_id: string }>(
      'SELECT order_id FROM order_numbers WHERE order_number = ?',
    );
    const insert = db.prepare(
      'INSERT INTO order_numbers (order_id, order_number, allocated_at) VALUES (?, ?, ?)',
    );
    const update = db.prepare('UPDATE order_numbers SET order_number = ? WHERE sequence = ?');
    this.insert = db.transaction((orderId: string, now: Date): string => {
      const existing = this.find.get(orderId);
      if (existing) return existing.order_number;
      const placeholder = `pending-${orderId}`;
      const sequence = Number(insert.run(orderId, placeholder, now.toISOString()).lastInsertRowid);
      const orderNumber = formatOrderNumber(sequence, now.getUTCFullYear());
      update.run(orderNumber, sequence);
      return orderNumber;
    });
  }

  async numberFor(orderId: string, now: Date): Promise<string> {
    return this.insert.immediate(orderId, now);
  }

  async orderOf(orderNumber: string): Promise<string | null> {
    return this.findByNumber.get(orderNumber.trim().toUpperCase())?.order_id ?? null;
  }

  /** The connection belongs to whoever opened it (the event store, or the app for a file of its own). */
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
