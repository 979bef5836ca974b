import { Logger } from '@nestjs/common';
import { EventStore, StoredEvent, Subscription } from '@app/event-store';
import { ReadModelDb } from '../database/read-model-db';
import { readCheckpoint, writeCheckpoint } from './checkpoints';
import { Projection } from './projection';
import { LatencyWindow } from './latency-window';

/**
 * Feeds one projection from the global log. Each batch and the checkpoint commit in one transaction:
 * a crash replays at most the uncommitted batch, which was never visible.
 */
export class ProjectionRunner {
  private subscription: Subscription | null = null;
  private checkpoint = 0;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();
  readonly lag = new LatencyWindow(4096);
  private readonly logger: Logger;
  private readonly afterBatch: Array<(events: StoredEvent[]) => void> = [];

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    readonly projection: Projection,
  ) {
    this.logger = new Logger(`Projection:${projection.name}`);
  }

  get position(): number {
    return this.checkpoint;
  }

  get running(): boolean {
    return this.subscription !== null;
  }

  onBatch(listener: (events: StoredEvent[]) => void): void {
    this.afterBatch.push(listener);
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    this.checkpoint = await readCheckpoint(this.db, this.projection.name);
    this.subscription = this.store.subscribeToAll({
      fromPosition: this.checkpoint,
      onEvents: (events) => this.handle(events),
      onError: (error) => this.logger.error(`batch failed, retrying: ${(error as Error).stack ?? error}`),
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
  }

  /** Empties the read model and replays the whole log into it. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.db.transaction().execute(async (trx) => {
      await this.projection.reset(trx);
      await trx.deleteFrom('projection_checkpoints').where('name', '=', this.projection.name).execute();
    });
    this.checkpoint = 0;
    await this.start();
  }

  /** Resolves once the read model includes the event at `position` (read-your-writes). */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.checkpoint >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async handle(events: StoredEvent[]): Promise<void> {
    const last = events[events.length - 1].position;
    await this.db.transaction().execute(async (trx) => {
      for (const event of events) await this.projection.apply(trx, event);
      await writeCheckpoint(trx, this.projection.name, last);
    });
    this.checkpoint = last;
    const now = Date.now();
    for (const event of events) this.lag.record(now - Date.parse(event.recordedAt));
    for (const waiter of this.waiters) if (waiter.position <= last) waiter.resolve();
    for (const listener of this.afterBatch) listener(events);
  }
}
