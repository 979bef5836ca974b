import { StoredEvent } from './event-store';

/**
 * The latest events a store's live subscribers read, kept so that each commit is read and parsed once for
 * all of them (the events are shared: read-only for everyone). It holds a run of consecutive positions; a
 * read that does not follow it starts it afresh. Only reads that can never gain an event below their last
 * one may be remembered (SQLite; PostgreSQL below the oldest running transaction), so what it answers for
 * a position is what a read of the store would answer, or a prefix of it.
 */
export class LiveTail {
  private readonly recent: StoredEvent[] = [];
  /** The reads of the store under way, by the position they read after. */
  private readonly reading = new Map<number, Promise<StoredEvent[]>>();

  constructor(private readonly capacity = 4096) {}

  /** The events after `from` that the tail holds (at most `limit`), or null when it holds none. */
  after(from: number, limit: number): StoredEvent[] | null {
    if (this.recent.length === 0) return null;
    // Positions in the tail are consecutive, so the index is arithmetic; the position found there checks it.
    const start = from + 1 - this.recent[0].position;
    if (start < 0 || start >= this.recent.length || this.recent[start].position !== from + 1) return null;
    return this.recent.slice(start, start + limit);
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
    const last = this.recent[this.recent.length - 1];
    if (last && events[0].position <= last.position) return;
    if (last && events[0].position !== last.position + 1) this.recent.length = 0;
    for (let i = 0; i < events.length; i++) {
      if (i > 0 && events[i].position !== events[i - 1].position + 1) this.recent.length = 0;
      this.recent.push(events[i]);
    }
    if (this.recent.length > this.capacity) this.recent.splice(0, this.recent.length - this.capacity);
  }
}
