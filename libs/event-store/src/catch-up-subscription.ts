import { EventStore, SubscribeOptions, Subscription } from './event-store';

/** How soon to read again after a wake-up that found nothing yet (then the poll interval). */
const SOON_MS = [2, 5, 10, 25, 50, 100];

/**
 * A catch-up subscription built on `readAll`: it reads batches from the position after the last one it
 * delivered, and when it reaches the head it waits for a wake-up from the adapter (an append in this
 * process) or for the poll interval (appends by other processes).
 */
export class CatchUpSubscription implements Subscription {
  private stopped = false;
  /** Set by `notify`: new events may be there, even if the read in flight did not see them. */
  private notified = false;
  /**
   * A wake-up that found nothing yet: the events it announced may still be invisible (on PostgreSQL, an
   * older transaction was still running). Read again soon, a few times, before falling back to polling.
   */
  private unseenWake = false;
  /** Set by `hurry`: the batch being read or applied is followed by the shorter wait (`hurriedCoalesceMs`). */
  private hurried = false;
  private wake: { cutBy: 'notify' | 'hurry' | null; now(): void } | null = null;
  private readonly done: Promise<void>;

  constructor(
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly options: SubscribeOptions,
    private readonly pollIntervalMs: number,
    private readonly retryDelayMs = 1_000,
  ) {
    this.done = this.run();
  }

  /** Tells the subscription that new events may be there. */
  notify(): void {
    this.notified = true;
    this.unseenWake = true;
    if (this.wake?.cutBy === 'notify') this.wake.now();
  }

  hurry(): void {
    this.hurried = true;
    if (this.wake?.cutBy === 'hurry') this.wake.now();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.now();
    await this.done;
  }

  private async run(): Promise<void> {
    let position = this.options.fromPosition;
    const batchSize = this.options.maxBatchSize ?? 500;
    const coalesceMs = this.options.coalesceMs ?? 0;
    let soon = 0;
    while (!this.stopped) {
      this.notified = false;
      this.hurried = false;
      let events;
      try {
        events = await this.store.readAll(position, batchSize);
        if (events.length > 0) {
          this.unseenWake = false;
          soon = 0;
          await this.options.onEvents(events);
          position = events[events.length - 1].position;
          if (events.length < batchSize && coalesceMs > 0) await this.coalesce(coalesceMs);
          continue;
        }
      } catch (error) {
        this.options.onError?.(error);
        // A failed batch is retried after the delay, however many appends happen meanwhile.
        await this.wait(this.retryDelayMs, null);
        continue;
      }
      // A wake-up during the read means the read may have missed events: read again at once.
      if (this.notified) continue;
      if (this.unseenWake && soon < SOON_MS.length)
        await this.wait(Math.min(SOON_MS[soon++], this.pollIntervalMs), 'notify');
      else {
        this.unseenWake = false;
        soon = 0;
        await this.wait(this.pollIntervalMs, 'notify');
      }
    }
  }

  /**
   * The wait after a small batch: `ms`, or, once someone hurries (before or during it), `hurriedCoalesceMs`
   * from its start (under load, when someone always waits, batches still gather that long).
   */
  private async coalesce(ms: number): Promise<void> {
    const started = performance.now();
    if (!this.hurried) await this.wait(ms, 'hurry');
    const left = (this.options.hurriedCoalesceMs ?? 0) - (performance.now() - started);
    if (left > 0) await this.wait(left, null);
  }

  /** Waits `ms`, less if stopped (or if `cutBy` names what happened: a notification, or a hurry). */
  private wait(ms: number, cutBy: 'notify' | 'hurry' | null): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      this.wake = { cutBy, now: done };
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => (this.wake = null));
  }
}

/** The catch-up subscriptions of one store: opened, woken after appends, and stopped together. */
export class Subscribers {
  private readonly open = new Set<CatchUpSubscription>();

  constructor(
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly pollIntervalMs: number,
  ) {}

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = new CatchUpSubscription(this.store, options, this.pollIntervalMs);
    this.open.add(subscription);
    return {
      stop: async () => {
        this.open.delete(subscription);
        await subscription.stop();
      },
      hurry: () => subscription.hurry(),
    };
  }

  /** New events may be there (an append in this process, or a notification from the server). */
  notifyAll(): void {
    for (const subscription of this.open) subscription.notify();
  }

  async stopAll(): Promise<void> {
    const stopping = [...this.open].map((subscription) => subscription.stop());
    this.open.clear();
    await Promise.all(stopping);
  }
}
