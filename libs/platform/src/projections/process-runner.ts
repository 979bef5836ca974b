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
 * How long the stored checkpoint may stay behind events the process had nothing to do with. Most batches
 * hold none of a process's events; replaying those after a restart or a move to another worker sends no
 * command, so they need not cost a write each. Within READINESS_MAX_BEHIND at our rates.
 */
export const IDLE_CHECKPOINT_MS = 250;

/**
 * Runs a process from its checkpoint, one event at a time, saving the checkpoint after each batch it
 * handled an event in (and after the last event handled when one fails): delivery is at least once and
 * the commands are idempotent. Batches it handled nothing in are saved at most every IDLE_CHECKPOINT_MS,
 * and when it stops. A business-rule refusal is logged and skipped (retrying cannot change it); any
 * other failure retries the event.
 */
export class ProcessRunner {
  private subscription: Subscription | null = null;
  /** The position handled up to. */
  private checkpoint = 0;
  /** The position stored, and when it was last written. */
  private saved = 0;
  private savedAt = -Infinity;
  private idleSave: NodeJS.Timeout | null = null;
  /** Writes one after another: a later position is never overwritten by an earlier one. */
  private saving: Promise<void> = Promise.resolve();
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
    this.checkpoint = this.saved = await readCheckpoint(this.db, this.process.name);
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
    if (subscription) await this.save();
  }

  private async handle(events: StoredEvent[]): Promise<void> {
    let handled: number | null = null;
    let acted = false;
    try {
      for (const event of events) {
        await withLogContext(eventLogContext(event), async () => {
          try {
            const decoded = projected(this.process, event);
            if (!decoded) return;
            acted = true;
            await this.process.handle(decoded);
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
      if (handled !== null) {
        this.checkpoint = handled;
        if (acted || performance.now() - this.savedAt >= IDLE_CHECKPOINT_MS) await this.save();
        else this.saveSoon();
      }
    }
  }

  /** Stores the position handled up to, after any write already under way. */
  private save(): Promise<void> {
    if (this.idleSave) clearTimeout(this.idleSave);
    this.idleSave = null;
    this.savedAt = performance.now();
    const next = this.saving
      .catch(() => undefined)
      .then(async () => {
        const position = this.checkpoint;
        if (position === this.saved) return;
        await writeCheckpoint(this.db, this.process.name, position);
        this.saved = position;
      });
    this.saving = next;
    return next;
  }

  private saveSoon(): void {
    if (this.idleSave) return;
    const wait = Math.max(0, this.savedAt + IDLE_CHECKPOINT_MS - performance.now());
    this.idleSave = setTimeout(() => {
      this.idleSave = null;
      this.save().catch((error) =>
        this.logger.warn(`cannot store the checkpoint yet: ${(error as Error).message}`),
      );
    }, wait);
    this.idleSave.unref();
  }
}
