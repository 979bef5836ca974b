import { Transaction } from 'kysely';
import { StoredEvent } from '@app/event-store';
import { PlatformTables } from '../database/read-model-db';

/**
 * A projection turns events into read-model rows. `apply` runs inside the transaction that also
 * moves the projection's checkpoint, so a batch is either fully applied or not at all.
 */
export interface Projection {
  readonly name: string;
  /**
   * A reactor whose rows are decisions with side effects (the email outbox): it keeps them, and its
   * checkpoint, in the durable state beside the log, and is never rebuilt (that would repeat them).
   */
  readonly durable?: boolean;
  apply(trx: Transaction<PlatformTables>, event: StoredEvent): Promise<void>;
  /** Deletes every row the projection wrote, so it can be rebuilt from position 0. */
  reset(trx: Transaction<PlatformTables>): Promise<void>;
}
