import { StoredEvent } from '../event-store';

/**
 * A row of the SQLite `events` table: the file format (the fixtures and tools that read files use it).
 * Rows written since December 2026 keep the hash as its 32 bytes and the time as epoch milliseconds;
 * older rows keep both as text (64 hex digits, ISO 8601). Both read back as the same event, so the hash
 * chain, which covers the values and not their storage, verifies across the change.
 */
export interface SqliteEventRow {
  position: number;
  id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string | number;
  hash: string | Buffer | null;
}

/** The page size of a new events file: fewer half-empty pages than SQLite's 4 KiB for rows of about 800 bytes. */
export const EVENTS_PAGE_SIZE = 8192;

/** The hash as stored: its 32 bytes rather than 64 hex characters. */
export function storedHash(hex: string): Buffer {
  return Buffer.from(hex, 'hex');
}

/** The hash as the chain uses it (hex), whichever way its row stored it. */
export function readHash(stored: string | Buffer | null | undefined): string | null {
  if (stored === null || stored === undefined) return null;
  return typeof stored === 'string' ? stored : stored.toString('hex');
}

/** The time as stored: epoch milliseconds where they read back as the same text, else the text itself. */
export function storedTime(iso: string): number | string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso ? ms : iso;
}

export function readTime(stored: string | number): string {
  return typeof stored === 'number' ? new Date(stored).toISOString() : stored;
}

export function toStoredEvent(row: SqliteEventRow): StoredEvent {
  const hash = readHash(row.hash);
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: readTime(row.recorded_at),
    ...(hash ? { hash } : {}),
  };
}
