import { Transaction } from 'kysely';
import { StoredEvent } from '@app/event-store';
import { PlatformTables } from '../database/read-model-db';

/**
 * A projection turns events into read-model rows. `apply` runs inside the transaction that also
 * moves the projection's checkpoint, so a batch is either fully applied or not at all.
 */
export interface Projection {
  readonly name: string;
  apply(trx: Transaction<PlatformTables>, event: StoredEvent): Promise<void>;
  /** Deletes every row the projection wrote, so it can be rebuilt from position 0. */
  reset(trx: Transaction<PlatformTables>): Promise<void>;
}
