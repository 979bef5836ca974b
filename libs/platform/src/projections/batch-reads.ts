import { Transaction } from 'kysely';
import { StoredEvent } from '@app/event-store';
import { PlatformTables } from '../database/read-model-db';

/**
 * Values one statement may list (`where id in (...)`, rows of a multi-row insert): well under SQLite's
 * limit on a statement's parameters (32,766) and PostgreSQL's (65,535), for rows of up to 60 columns.
 */
export const PER_STATEMENT = 500;

/** `items` in slices of at most `size`. */
export function chunks<T>(items: readonly T[], size = PER_STATEMENT): T[][] {
  const slices: T[][] = [];
  for (let i = 0; i < items.length; i += size) slices.push(items.slice(i, i + size));
  return slices;
}

/** Runs an insert that does nothing on a conflict: true when it inserted the row. */
export async function inserted(insert: {
  executeTakeFirst(): Promise<{ numInsertedOrUpdatedRows?: bigint }>;
}): Promise<boolean> {
  return Number((await insert.executeTakeFirst()).numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The distinct ids the events' data name under `field` (a batch's services, orders...), for a prefetch. */
export function idsIn(events: readonly StoredEvent[], field: string): string[] {
  const ids = new Set<string>();
  for (const { data } of events) {
    const id = data && typeof data === 'object' ? (data as Record<string, unknown>)[field] : undefined;
    if (typeof id === 'string') ids.add(id);
  }
  return [...ids];
}

/**
 * What a projection keeps for one batch (rows read, changes to write), by the batch's transaction: made on
 * first use, taken by `flush`. A batch that fails leaves its state to be collected with its transaction.
 */
export class PerBatch<State> {
  private readonly batches = new WeakMap<object, State>();

  constructor(private readonly make: (trx: Transaction<PlatformTables>) => State) {}

  of(trx: Transaction<PlatformTables>): State {
    let state = this.batches.get(trx);
    if (state === undefined) this.batches.set(trx, (state = this.make(trx)));
    return state;
  }

  /** The batch's state, forgotten here (undefined when the batch kept none). */
  take(trx: Transaction<PlatformTables>): State | undefined {
    const state = this.batches.get(trx);
    this.batches.delete(trx);
    return state;
  }
}
