import { expect, it } from '@jest/globals';
import { eventDecoder } from '@app/kernel';
import { describeWhen, engines } from '@app/event-store/testing';
import { ProjectedEvent, Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { appendCounted } from '../testing/counted-events';
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
}

describeWhen('', 'projection runner [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'projection runner [postgres]', () => suite('postgres'));
