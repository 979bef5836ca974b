import { Kysely, Migration } from 'kysely';

/**
 * An event a projection kept failing on, set aside so that the projection goes on with the next ones.
 * It stays here, with its error, until someone retries it (applied again, now) or skips it (never
 * applied); either way the row keeps who did it and when.
 */
export interface ParkedEventRow {
  projection: string;
  position: number;
  event_id: string;
  event_type: string;
  error: string;
  attempts: number;
  parked_at: string;
  /** parked: set aside; retried: applied later by an operator; skipped: left out for good. */
  state: 'parked' | 'retried' | 'skipped';
  acted_by: string | null;
  acted_at: string | null;
  reason: string | null;
}

export interface ParkedEventTables {
  parked_events: ParkedEventRow;
}

/** The table beside the checkpoints, in the read models' database and in the durable state. */
export const parkedEventsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('parked_events')
      .ifNotExists()
      .addColumn('projection', 'text', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('error', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('parked_at', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('acted_by', 'text')
      .addColumn('acted_at', 'text')
      .addColumn('reason', 'text')
      .addPrimaryKeyConstraint('parked_events_pk', ['projection', 'position'])
      .execute();
  },
};

export interface ParkedEvent {
  projection: string;
  position: number;
  eventId: string;
  eventType: string;
  error: string;
  attempts: number;
  parkedAt: string;
  state: ParkedEventRow['state'];
  actedBy: string | null;
  actedAt: string | null;
  reason: string | null;
}

export function parkedEventOf(row: ParkedEventRow): ParkedEvent {
  return {
    projection: row.projection,
    position: Number(row.position),
    eventId: row.event_id,
    eventType: row.event_type,
    error: row.error,
    attempts: Number(row.attempts),
    parkedAt: row.parked_at,
    state: row.state,
    actedBy: row.acted_by,
    actedAt: row.acted_at,
    reason: row.reason,
  };
}

/** Every event parked for these projections, in any state (a runner never applies them in its stream again). */
export async function readParked(
  db: Kysely<ParkedEventTables>,
  projections: string[],
): Promise<ParkedEvent[]> {
  if (projections.length === 0) return [];
  const rows = await db
    .selectFrom('parked_events')
    .selectAll()
    .where('projection', 'in', projections)
    .orderBy('position')
    .execute();
  return rows.map(parkedEventOf);
}

/** How many events each projection has parked and waiting for a decision (absent: none). */
export async function parkedCounts(
  db: Kysely<ParkedEventTables>,
  projections: string[],
): Promise<Map<string, number>> {
  if (projections.length === 0) return new Map();
  const rows = await db
    .selectFrom('parked_events')
    .select((eb) => ['projection', eb.fn.countAll<number>().as('n')])
    .where('projection', 'in', projections)
    .where('state', '=', 'parked')
    .groupBy('projection')
    .execute();
  return new Map(rows.map((row) => [row.projection, Number(row.n)]));
}

/** What a parked row keeps of an error: its stack, bounded. */
export function storedError(error: Error): string {
  return (error.stack ?? error.message).slice(0, 4_000);
}
