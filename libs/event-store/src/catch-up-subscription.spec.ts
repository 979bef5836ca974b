import { afterEach, describe, expect, it } from '@jest/globals';
import { CatchUpSubscription, Subscribers } from './catch-up-subscription';
import { StoredEvent, Subscription } from './event-store';

/** A log in memory: what `readAll` needs, and appends that wake the subscribers as a store does. */
function memoryLog() {
  const events: StoredEvent[] = [];
  const subscribers = new Subscribers(
    { readAll: async (from, limit) => events.filter((e) => e.position > from).slice(0, limit) },
    60_000,
  );
  return {
    subscribers,
    append(type: string) {
      const position = events.length + 1;
      events.push({
        id: `e-${position}`,
        streamId: 's',
        revision: position - 1,
        position,
        type,
        data: {},
        metadata: {
          correlationId: 'c',
          causationId: null,
          commandId: 'k',
          actor: { type: 'system', id: 't' },
        },
        recordedAt: new Date().toISOString(),
      });
      subscribers.notifyAll();
    },
  };
}

const sample: StoredEvent = {
  id: 'e-1',
  streamId: 's',
  revision: 0,
  position: 1,
  type: 'A',
  data: {},
  metadata: { correlationId: 'c', causationId: null, commandId: 'k', actor: { type: 'system', id: 't' } },
  recordedAt: new Date(0).toISOString(),
};

const until = async (check: () => boolean) => {
  const start = Date.now();
  while (!check() && Date.now() - start < 2_000) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('catch-up subscription', () => {
  let subscription: Subscription | null = null;
  afterEach(async () => {
    await subscription?.stop();
  });

  it('with coalesceMs, delivers the first event at once and the ones that follow closely together', async () => {
    const log = memoryLog();
    const batches: string[][] = [];
    subscription = log.subscribers.subscribe({
      fromPosition: 0,
      coalesceMs: 50,
      onEvents: async (events) => void batches.push(events.map((e) => e.type)),
    });
    log.append('A');
    await until(() => batches.length === 1);
    log.append('B');
    log.append('C');
    await new Promise((resolve) => setTimeout(resolve, 10));
    log.append('D');
    await until(() => batches.length === 2);
    expect(batches).toEqual([['A'], ['B', 'C', 'D']]);
  });

  it('without coalesceMs, reads again as soon as it is woken', async () => {
    const log = memoryLog();
    const batches: string[][] = [];
    subscription = log.subscribers.subscribe({
      fromPosition: 0,
      onEvents: async (events) => void batches.push(events.map((e) => e.type)),
    });
    log.append('A');
    await until(() => batches.length === 1);
    log.append('B');
    await until(() => batches.length === 2);
    expect(batches).toEqual([['A'], ['B']]);
  });

  it('does not wait between full batches (a subscriber behind the head catches up at full speed)', async () => {
    const log = memoryLog();
    for (const type of ['A', 'B', 'C', 'D', 'E']) log.append(type);
    const batches: string[][] = [];
    const start = Date.now();
    subscription = log.subscribers.subscribe({
      fromPosition: 0,
      maxBatchSize: 2,
      coalesceMs: 1_000,
      onEvents: async (events) => void batches.push(events.map((e) => e.type)),
    });
    await until(() => batches.length === 3);
    expect(batches).toEqual([['A', 'B'], ['C', 'D'], ['E']]);
    expect(Date.now() - start).toBeLessThan(900);
  });

  it('when hurried, delivers what came during the coalescing wait at once', async () => {
    const log = memoryLog();
    const batches: string[][] = [];
    subscription = log.subscribers.subscribe({
      fromPosition: 0,
      coalesceMs: 60_000,
      onEvents: async (events) => void batches.push(events.map((e) => e.type)),
    });
    log.append('A');
    await until(() => batches.length === 1);
    log.append('B');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([['A']]);
    subscription.hurry();
    await until(() => batches.length === 2);
    expect(batches).toEqual([['A'], ['B']]);
  });

  it('when hurried during a batch, reads the next one without the coalescing wait', async () => {
    const log = memoryLog();
    const batches: string[][] = [];
    subscription = log.subscribers.subscribe({
      fromPosition: 0,
      coalesceMs: 60_000,
      onEvents: async (events) => {
        batches.push(events.map((e) => e.type));
        // Someone waits for an event appended while this batch is applied.
        if (batches.length === 1) {
          log.append('B');
          subscription!.hurry();
        }
      },
    });
    log.append('A');
    await until(() => batches.length === 2);
    expect(batches).toEqual([['A'], ['B']]);
  });

  it('when hurried, still lets events gather for hurriedCoalesceMs', async () => {
    const log = memoryLog();
    const batches: string[][] = [];
    subscription = log.subscribers.subscribe({
      fromPosition: 0,
      coalesceMs: 60_000,
      hurriedCoalesceMs: 300,
      onEvents: async (events) => void batches.push(events.map((e) => e.type)),
    });
    log.append('A');
    await until(() => batches.length === 1);
    subscription.hurry();
    log.append('B');
    await new Promise((resolve) => setTimeout(resolve, 100));
    log.append('C');
    await until(() => batches.length === 2);
    expect(batches).toEqual([['A'], ['B', 'C']]);
  });

  it.each(['notify', 'hurry'] as const)(
    'retries a failed batch after its delay, not at every %s meanwhile (an append, a reader waiting)',
    async (wake) => {
      let calls = 0;
      const failing = new CatchUpSubscription(
        { readAll: async (from) => (from === 0 ? [{ ...sample, position: 1 }] : []) },
        {
          fromPosition: 0,
          coalesceMs: 5,
          onEvents: async () => {
            calls++;
            throw new Error('projection bug');
          },
        },
        60_000,
        5_000,
      );
      subscription = failing;
      await until(() => calls === 1);
      for (let i = 0; i < 20; i++) {
        failing[wake]();
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      expect(calls).toBe(1);
    },
  );
});
