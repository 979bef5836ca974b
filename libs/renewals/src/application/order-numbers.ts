import type Database from 'better-sqlite3';

/**
 * Order numbers: unique, short, and the same for an order however often confirmation is retried.
 * FE-<year>-<6+ digit sequence>, e.g. FE-2026-000042.
 */
export interface OrderNumbers {
  numberFor(orderId: string, now: Date): Promise<string>;
  /** The order an order number belongs to, or null. */
  orderOf(orderNumber: string): Promise<string | null>;
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
}
