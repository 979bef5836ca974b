import { expect, it } from '@jest/globals';
import { Conflict, eventDecoder } from '@app/kernel';
import { describeWhen, engines } from '@app/event-store/testing';
import { ProjectedEvent, Projection } from './projection';
import { POISON_ATTEMPTS, ProjectionRunner } from './projection-runner';
import { appendCounted, until as pollUntil } from '../testing/counted-events';
import { specEnginePerTest } from '../testing/spec-engines';

type TestEvent = { type: 'Counted'; data: { n: number } };

/** A projection that fails on the events it is told to, until it is "fixed" (a new release). */
class Counting implements Projection {
  readonly events = eventDecoder<TestEvent>({ categories: ['count'], versions: { Counted: 1 } });
  readonly seen = new Map<number, number>();
  readonly poison = new Set<number>();
  readonly tables = [];
  fixed = false;
  constructor(readonly name: string) {}
  async apply(_trx: unknown, projected: ProjectedEvent): Promise<void> {
    const { event, position } = projected as ProjectedEvent<TestEvent>;
    if (this.poison.has(event.data.n) && !this.fixed) throw new Error(`cannot count ${event.data.n}`);
    this.seen.set(event.data.n, position);
  }
  async reset(): Promise<void> {
    this.seen.clear();
  }
}

function suite(engine: 'sqlite' | 'postgres') {
  const spec = specEnginePerTest(engine, 'parked');

  async function append(...ns: number[]): Promise<number> {
    let last = 0;
    for (const n of ns) last = await appendCounted(spec.current.store, n);
    return last;
  }

  const until = (check: () => boolean | Promise<boolean>, ms = 15_000) => pollUntil(check, ms, 20);

  it(`parks an event after ${POISON_ATTEMPTS} failures and goes on; a skip and a retry are recorded`, async () => {
    const { store, db } = spec.current;
    const a = new Counting('a');
    const b = new Counting('b');
    a.poison.add(2);
    const runner = new ProjectionRunner(store, db, [a, b]);
    await runner.start();
    const head = await append(1, 2, 3);
    await until(() => runner.position('a') === head && runner.position('b') === head);
    // a went on without event 2; b, which never failed on it, has everything.
    expect([...a.seen.keys()].sort()).toEqual([1, 3]);
    expect([...b.seen.keys()].sort()).toEqual([1, 2, 3]);
    const [parked] = await runner.parkedEvents();
    expect(parked).toMatchObject({
      projection: 'a',
      eventType: 'Counted',
      attempts: POISON_ATTEMPTS,
      state: 'parked',
      actedBy: null,
    });
    expect(parked.error).toContain('cannot count 2');
    const position = parked.position;
    expect(b.seen.get(2)).toBe(position);

    // Still broken: a retry fails, says so, and leaves it parked with one more attempt.
    await expect(runner.actOnParked('a', position, 'retry', 'operator-1', null)).rejects.toThrow(Conflict);
    expect((await runner.parkedEvents())[0]).toMatchObject({
      state: 'parked',
      attempts: POISON_ATTEMPTS + 1,
    });

    // Fixed: the retry applies it, and records who did it and why.
    a.fixed = true;
    const retried = await runner.actOnParked('a', position, 'retry', 'operator-1', 'fixed in 1.2');
    expect(retried).toMatchObject({ state: 'retried', actedBy: 'operator-1', reason: 'fixed in 1.2' });
    expect(a.seen.get(2)).toBe(position);
    await expect(runner.actOnParked('a', position, 'skip', 'operator-1', null)).rejects.toThrow(
      /retried already/,
    );

    // A second poison, skipped: recorded, never applied, and it stays out after a restart.
    a.fixed = false;
    a.poison.add(4);
    const next = await append(4, 5);
    await until(() => runner.position('a') === next);
    const fourth = (await runner.parkedEvents()).find((p) => p.state === 'parked')!;
    const skipped = await runner.actOnParked('a', fourth.position, 'skip', 'operator-2', 'test data');
    expect(skipped).toMatchObject({ state: 'skipped', actedBy: 'operator-2', reason: 'test data' });
    expect([...a.seen.keys()].sort()).toEqual([1, 2, 3, 5]);
    await runner.stop();

    // A rebuild from 0 with the fixed version: the retried event is applied in its place, the skipped one not.
    a.fixed = true;
    const again = new ProjectionRunner(store, db, [a, b]);
    await again.start();
    await again.rebuild('a');
    await until(() => again.position('a') === next);
    expect([...a.seen.keys()].sort()).toEqual([1, 2, 3, 5]);
    expect((await again.parkedEvents()).map((p) => [p.state, p.actedBy])).toEqual([
      ['skipped', 'operator-2'],
    ]);
    await again.stop();
  }, 60_000);
}

describeWhen('', 'parked events [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'parked events [postgres]', () => suite('postgres'));
