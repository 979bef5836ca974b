import { describe, expect, it } from '@jest/globals';
import { StoredEvent } from './event-store';
import { LiveTail } from './live-tail';

const at = (position: number): StoredEvent => ({
  id: `e-${position}`,
  streamId: `s-${position}`,
  revision: 0,
  position,
  type: 'E',
  data: {},
  metadata: { correlationId: 'c', causationId: null, commandId: 'k', actor: { type: 'system', id: 't' } },
  recordedAt: '2026-12-07T00:00:00.000Z',
});
const positions = (events: StoredEvent[] | null) => events?.map((event) => event.position) ?? null;

describe('LiveTail: what live subscribers of one store share', () => {
  it('answers for a position from the consecutive run it holds, and starts afresh after a gap', () => {
    const tail = new LiveTail(5);
    tail.remember([at(3), at(4), at(5)]);
    expect(positions(tail.after(2, 10))).toEqual([3, 4, 5]);
    expect(positions(tail.after(3, 1))).toEqual([4]);
    expect(tail.after(5, 10)).toBeNull(); // the end: nothing known after it
    expect(tail.after(1, 10)).toBeNull(); // before it: what is between is not known
    tail.remember([at(6), at(7), at(8)]);
    expect(positions(tail.after(3, 10))).toEqual([4, 5, 6, 7, 8]); // the oldest dropped past the capacity
    expect(tail.after(2, 10)).toBeNull();
    tail.remember([at(4), at(5)]); // an older read changes nothing
    expect(positions(tail.after(7, 10))).toEqual([8]);
    tail.remember([at(10), at(11)]); // a gap (an aborted transaction's position): only what follows it
    expect(tail.after(7, 10)).toBeNull();
    expect(positions(tail.after(9, 10))).toEqual([10, 11]);
  });

  it('holds the latest run whatever sizes it grows by, however many times it has gone round', () => {
    const capacity = 7;
    const tail = new LiveTail(capacity);
    let next = 1;
    let runStart = 1;
    for (let round = 0; round < 60; round++) {
      const size = 1 + ((round * 5) % 4); // 1 to 4 events at a time
      if (round === 30) {
        next += 2; // a gap: the run starts again after it
        runStart = next;
      }
      tail.remember(Array.from({ length: size }, () => at(next++)));
      const head = next - 1;
      const oldest = Math.max(runStart, head - capacity + 1);
      for (let from = oldest - 3; from <= head; from++) {
        const expected =
          from + 1 >= oldest && from < head
            ? Array.from({ length: Math.min(3, head - from) }, (_, i) => from + 1 + i)
            : null;
        expect(positions(tail.after(from, 3))).toEqual(expected);
      }
    }
  });

  it('makes one read of the store for the subscribers that ask for the same position at once', async () => {
    const tail = new LiveTail();
    let reads = 0;
    let answer!: (events: StoredEvent[]) => void;
    const read = () => {
      reads++;
      return new Promise<StoredEvent[]>((resolve) => (answer = resolve));
    };
    const first = tail.read(0, 10, read);
    const second = tail.read(0, 1, read);
    answer([at(1), at(2)]);
    expect(positions(await first)).toEqual([1, 2]);
    expect(positions(await second)).toEqual([1]);
    expect(reads).toBe(1);
    // Then from the tail, without reading; after its end, a read again.
    expect(positions(await tail.read(1, 10, read))).toEqual([2]);
    expect(reads).toBe(1);
    const third = tail.read(2, 10, read);
    answer([]);
    expect(await third).toEqual([]);
    expect(reads).toBe(2);
  });
});
