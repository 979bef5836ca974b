import { Transaction } from 'kysely';
import { EventMetadata, StoredEvent } from '@app/event-store';
import { DomainEvent, EventDecoder } from '@app/kernel';
import { PlatformTables } from '../database/read-model-db';

/** A stored event as its projection or process sees it: decoded (upcast) by its stream kind's decoder. */
export interface ProjectedEvent<E extends DomainEvent = DomainEvent> {
  event: E;
  id: string;
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
  metadata: EventMetadata;
}

/** What reads the log: it names the decoder of the streams it reads and, if it likes, the event types it handles. */
export interface EventConsumer<E extends DomainEvent> {
  readonly events: EventDecoder<E>;
  /** Only these types are handed over (Emmett's canHandle); all of the decoder's when absent. */
  readonly canHandle?: readonly E['type'][];
}

/** The event decoded for the consumer, or null when it is not for it. The one place runners decode. */
export function projected<E extends DomainEvent>(
  consumer: EventConsumer<E>,
  stored: StoredEvent,
): ProjectedEvent<E> | null {
  if (!consumer.events.canDecode(stored)) return null;
  if (consumer.canHandle && !(consumer.canHandle as readonly string[]).includes(stored.type)) return null;
  return {
    event: consumer.events.decode(stored),
    id: stored.id,
    streamId: stored.streamId,
    revision: stored.revision,
    position: stored.position,
    recordedAt: stored.recordedAt,
    metadata: stored.metadata,
  };
}

/**
 * A projection turns events into read-model rows. `apply` runs inside the transaction that also
 * moves the projection's checkpoint, so a batch is either fully applied or not at all.
 */
export interface Projection<E extends DomainEvent = DomainEvent> extends EventConsumer<E> {
  readonly name: string;
  /** The tables it writes, and only it: a blue/green rebuild builds them beside the live ones and swaps them in. */
  readonly tables: readonly string[];
  /**
   * A reactor whose rows are decisions with side effects (the email outbox): it keeps them, and its
   * checkpoint, in the durable state beside the log, and is never rebuilt (that would repeat them).
   */
  readonly durable?: boolean;
  /**
   * Once per batch, in its transaction, before its events are applied: the projection may read at once
   * the rows the batch's events will touch. A hint only: what it does not read here is read when an event
   * needs it, and what it reads and no event needs is passed over.
   */
  prefetch?(trx: Transaction<PlatformTables>, events: readonly StoredEvent[]): Promise<void>;
  apply(trx: Transaction<PlatformTables>, event: ProjectedEvent<E>): Promise<void>;
  /**
   * Once per batch, in its transaction, after its events were applied and before the checkpoint moves:
   * what the projection kept aside while applying them (counters summed over the batch) is written here.
   */
  flush?(trx: Transaction<PlatformTables>): Promise<void>;
  /** Deletes every row the projection wrote, so it can be rebuilt from position 0. */
  reset(trx: Transaction<PlatformTables>): Promise<void>;
}
