import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@app/event-store';
import { SQLITE_ORDER_NUMBER_MIGRATIONS, SqliteOrderNumbers } from './order-numbers';

describe('order numbers on the embedded store', () => {
  let dir: string;
  let store: SqliteEventStore;
  const open = () =>
    (store = new SqliteEventStore(join(dir, 'events.db'), { migrations: SQLITE_ORDER_NUMBER_MIGRATIONS }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'order-numbers-'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers orders FE-<year>-<sequence>, the same number again for a retried confirmation', async () => {
    const numbers = new SqliteOrderNumbers(open());
    const march = new Date('2026-03-01T10:00:00Z');
    expect(await numbers.numberFor('order-a', march)).toBe('FE-2026-000001');
    expect(await numbers.numberFor('order-b', march)).toBe('FE-2026-000002');
    expect(await numbers.numberFor('order-a', new Date('2027-01-02T00:00:00Z'))).toBe('FE-2026-000001');
    expect(await numbers.orderOf(' fe-2026-000002 ')).toBe('order-b');
    expect(await numbers.orderOf('FE-2027-000002')).toBeNull();
    expect(await numbers.orderOf('FE-2026-000003')).toBeNull();
    expect(await numbers.orderOf('2026-000001')).toBeNull();
  });

  it('keeps the numbers of a file written before keyed sequences, and continues after them', async () => {
    const legacy = new Database(join(dir, 'events.db'));
    legacy.exec(`CREATE TABLE order_numbers (
      sequence INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL UNIQUE,
      order_number TEXT NOT NULL UNIQUE, allocated_at TEXT NOT NULL)`);
    legacy
      .prepare('INSERT INTO order_numbers (order_id, order_number, allocated_at) VALUES (?, ?, ?)')
      .run('old-order', 'FE-2025-000001', '2025-12-30T09:00:00.000Z');
    legacy.close();

    const numbers = new SqliteOrderNumbers(open());
    expect(await numbers.orderOf('FE-2025-000001')).toBe('old-order');
    expect(await numbers.numberFor('old-order', new Date('2026-02-01T00:00:00Z'))).toBe('FE-2025-000001');
    expect(await numbers.numberFor('new-order', new Date('2026-02-01T00:00:00Z'))).toBe('FE-2026-000002');
  });
});
