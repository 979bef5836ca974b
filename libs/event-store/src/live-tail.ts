import { StoredEvent } from './event-store';

/**
 * The latest events a store's live subscribers read, kept so that each commit is read and parsed once for
 * all of them (the events are shared: read-only for everyone). It holds a run of consecutive positions; a
 * read that does not follow it starts it afresh. Only reads that can never gain an event below their last
 * one may be remembered (SQLite; PostgreSQL below the oldest running transaction), so what it answers for
 * a position is what a read of the store would answer, or a prefix of it.
 */
export class LiveTail {
  /**
   * The run, in a ring of `capacity` slots: the oldest at `first`, `size` of them. A ring, not an array
   * trimmed at its front: at moderate load each commit adds a few events, and trimming shifted all 4,096.
   */
  private readonly ring: StoredEvent[] = [];
  private first = 0;
  private size = 0;
  /** The reads of the store under way, by the position they read after. */
  private readonly reading = new Map<number, Promise<StoredEvent[]>>();

  constructor(private readonly capacity = 4096) {}

  /** The events after `from` that the tail holds (at most `limit`), or null when it holds none. */
  after(from: number, limit: number): StoredEvent[] | null {
    if (this.size === 0) return null;
    // Positions in the tail are consecutive, so the index is arithmetic; the position found there checks it.
    const start = from + 1 - this.at(0).position;
    if (start < 0 || start >= this.size || this.at(start).position !== from + 1) return null;
    const events: StoredEvent[] = [];
    for (let i = start; i < this.size && events.length < limit; i++) events.push(this.at(i));
    return events;
  }

  /**
   * The events after `from`: from the tail, else from `read`, which subscribers asking for the same position
   * while it runs share (all of a commit's subscribers are woken together).
   */
  async read(from: number, limit: number, read: () => Promise<StoredEvent[]>): Promise<StoredEvent[]> {
    const held = this.after(from, limit);
    if (held) return held;
    const running = this.reading.get(from);
    if (running) return (await running).slice(0, limit);
    const reading = read().then((events) => {
      this.remember(events);
      return events;
    });
    this.reading.set(from, reading);
    try {
      return await reading;
    } finally {
      this.reading.delete(from);
    }
  }

  /** Extends the tail with events that follow it, or starts it afresh with newer ones; older reads leave it be. */
  remember(events: StoredEvent[]): void {
    if (events.length === 0) return;
    const last = this.size > 0 ? this.at(this.size - 1) : null;
    if (last && events[0].position <= last.position) return;
    if (last && events[0].position !== last.position + 1) this.clear();
    for (let i = 0; i < events.length; i++) {
      if (i > 0 && events[i].position !== events[i - 1].position + 1) this.clear();
      this.push(events[i]);
    }
  }

  /** The `index`th event of the run, from its oldest. */
  private at(index: number): StoredEvent {
    return this.ring[(this.first + index) % this.capacity];
  }

  private clear(): void {
    this.ring.length = 0;
    this.first = 0;
    this.size = 0;
  }

  /** Adds an event after the last, in place of the oldest when the ring is full. */
  private push(event: StoredEvent): void {
    if (this.size < this.capacity) {
      this.ring[(this.first + this.size) % this.capacity] = event;
      this.size++;
    } else {
      this.ring[this.first] = event;
      this.first = (this.first + 1) % this.capacity;
    }
  }
}
