import { Logger } from '@nestjs/common';
import { eventLogContext, withLogContext } from '../logging/log-context';
import { EventStore, StoredEvent, Subscription } from '@app/event-store';
import { DomainEvent, DomainError } from '@app/kernel';
import { ReadModelDb } from '../database/read-model-db';
import { readCheckpoint, writeCheckpoint } from './checkpoints';
import { EventConsumer, ProjectedEvent, projected } from './projection';

/** A process reacts to events with commands. Its commands have ids derived from the event, so a replay appends nothing twice. */
export interface EventProcess<E extends DomainEvent = DomainEvent> extends EventConsumer<E> {
  readonly name: string;
  handle(event: ProjectedEvent<E>): Promise<void>;
}

/**
 * Runs a process from its checkpoint, one event at a time, saving the checkpoint after each batch (and
 * after the last event handled when one fails): delivery is at least once and the commands are idempotent. A business-rule refusal is logged and skipped (retrying
 * cannot change it); any other failure retries the event.
 */
export class ProcessRunner {
  private subscription: Subscription | null = null;
  private checkpoint = 0;
  private readonly logger: Logger;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    readonly process: EventProcess,
  ) {
    this.logger = new Logger(`Process:${process.name}`);
  }

  get position(): number {
    return this.checkpoint;
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    this.checkpoint = await readCheckpoint(this.db, this.process.name);
    this.subscription = this.store.subscribeToAll({
      fromPosition: this.checkpoint,
      onEvents: (events) => this.handle(events),
      onError: (error) => this.logger.error(`event failed, retrying: ${(error as Error).stack ?? error}`),
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
  }

  private async handle(events: StoredEvent[]): Promise<void> {
    let handled: number | null = null;
    try {
      for (const event of events) {
        await withLogContext(eventLogContext(event), async () => {
          try {
            const decoded = projected(this.process, event);
            if (decoded) await this.process.handle(decoded);
          } catch (error) {
            if (!(error instanceof DomainError)) {
              this.logger.error(`failed on ${event.type} at ${event.position}: ${(error as Error).message}`);
              throw error;
            }
            this.logger.warn(`${event.type} ${event.id} refused by ${error.code}: ${error.message}`);
          }
        });
        handled = event.position;
      }
    } finally {
      if (handled !== null) await this.save(handled);
    }
  }

  private async save(position: number): Promise<void> {
    await writeCheckpoint(this.db, this.process.name, position);
    this.checkpoint = position;
  }
}
