import { expect, it } from '@jest/globals';
import { eventDecoder } from '@app/kernel';
import { describeWhen, engines } from '@app/event-store/testing';
import { ProjectedEvent, Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { appendCounted, until } from '../testing/counted-events';
import { specEnginePerTest } from '../testing/spec-engines';

type TestEvent = { type: 'Counted'; data: { n: number } };

/** Keeps what it applied in memory: the runner's own tables (checkpoints) are all these specs read. */
class Applied implements Projection {
  readonly name = 'applied';
  readonly events = eventDecoder<TestEvent>({ categories: ['count'], versions: { Counted: 1 } });
  readonly tables = [];
  readonly numbers: number[] = [];
  async apply(_: unknown, projected: ProjectedEvent): Promise<void> {
    this.numbers.push((projected as ProjectedEvent<TestEvent>).event.data.n);
  }
  async reset(): Promise<void> {
    this.numbers.length = 0;
  }
}

function suite(engine: 'sqlite' | 'postgres') {
  const spec = specEnginePerTest(engine, 'runner');

  it("a read of one's own write does not wait for the coalescing of batches", async () => {
    const { store, db } = spec.current;
    const projection = new Applied();
    // Events that follow a batch wait a minute to go together, unless someone waits for them.
    const runner = new ProjectionRunner(store, db, [projection], { coalesceMs: 60_000 });
    await runner.start();
    try {
      // The first event after a quiet spell goes at once.
      expect(await runner.waitFor('applied', await appendCounted(store, 1), 5_000)).toBe(true);
      const second = await appendCounted(store, 2);
      const started = performance.now();
      expect(await runner.waitFor('applied', second, 5_000)).toBe(true);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(projection.numbers).toEqual([1, 2]);
    } finally {
      await runner.stop();
    }
  }, 30_000);

  it('while someone waits, every batch goes after the shorter wait, not only the first', async () => {
    const { store, db } = spec.current;
    const projection = new Applied();
    const runner = new ProjectionRunner(store, db, [projection], { coalesceMs: 60_000 });
    await runner.start();
    try {
      const first = await appendCounted(store, 1);
      expect(await runner.waitFor('applied', first, 5_000)).toBe(true);
      // A reader waiting for the last of the events below stays waiting through the batches before it.
      const waiting = runner.waitFor('applied', first + 3, 10_000);
      for (const n of [2, 3, 4]) {
        const position = await appendCounted(store, n);
        await until(() => runner.position('applied') >= position, 3_000, 5);
      }
      expect(projection.numbers).toEqual([1, 2, 3, 4]);
      expect(await waiting).toBe(true);
    } finally {
      await runner.stop();
    }
  }, 30_000);
}

describeWhen('', 'projection runner [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'projection runner [postgres]', () => suite('postgres'));
