import { randomUUID } from 'node:crypto';
import { EventStore } from '@app/event-store';

/**
 * The platform's projection specs count events: each `Counted { n }` in a stream of its own, where a
 * lost or doubled event shows in the totals. Answers the event's position.
 */
export async function appendCounted(store: EventStore, n: number): Promise<number> {
  const result = await store.append(
    `count-${randomUUID()}`,
    [
      {
        id: randomUUID(),
        type: 'Counted',
        data: { n },
        metadata: { correlationId: `c-${n}`, causationId: null, schemaVersion: 1 } as never,
      },
    ],
    'no_stream',
  );
  return result.position;
}

/** Polls `check` until it holds; throws after `ms`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  ms: number,
  pollMs: number,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
