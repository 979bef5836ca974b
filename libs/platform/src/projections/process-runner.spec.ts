import { expect, it } from '@jest/globals';
import { KyselyPlugin, OperationNode } from 'kysely';
import { randomUUID } from 'node:crypto';
import { eventDecoder } from '@app/kernel';
import { describeWhen, engines } from '@app/event-store/testing';
import { readCheckpoint } from './checkpoints';
import { EventProcess, IDLE_CHECKPOINT_MS, ProcessRunner } from './process-runner';
import { ProjectedEvent } from './projection';
import { appendCounted, until as pollUntil } from '../testing/counted-events';
import { specEnginePerTest } from '../testing/spec-engines';

type TestEvent = { type: 'Counted'; data: { n: number } };

/** A process that acts on the `count` streams' events (it would send a command for each) and on nothing else. */
class Acting implements EventProcess<TestEvent> {
  readonly name = 'acting';
  readonly events = eventDecoder<TestEvent>({ categories: ['count'], versions: { Counted: 1 } });
  readonly handled: number[] = [];
  onHandle: () => Promise<void> = async () => undefined;
  async handle({ event }: ProjectedEvent<TestEvent>): Promise<void> {
    await this.onHandle();
    this.handled.push(event.data.n);
  }
}

/** Counts the statements that write a checkpoint. */
class CheckpointWrites implements KyselyPlugin {
  count = 0;
  transformQuery({ node }: { node: OperationNode }) {
    if (node.kind === 'InsertQueryNode' && JSON.stringify(node).includes('"projection_checkpoints"'))
      this.count++;
    return node as never;
  }
  async transformResult({ result }: { result: unknown }) {
    return result as never;
  }
}

function suite(engine: 'sqlite' | 'postgres') {
  const spec = specEnginePerTest(engine, 'process-runner');

  /** An event of a stream the process does not read. */
  const noise = async () =>
    (
      await spec.current.store.append(
        `noise-${randomUUID()}`,
        [
          {
            id: randomUUID(),
            type: 'Noise',
            data: {},
            metadata: { correlationId: 'c', causationId: null } as never,
          },
        ],
        'no_stream',
      )
    ).position;
  const until = (check: () => boolean | Promise<boolean>, ms = 15_000) => pollUntil(check, ms, 5);

  it('stores its checkpoint at once after a batch it acted in, and not after each batch of events it does not read', async () => {
    const { store, db } = spec.current;
    const process = new Acting();
    const writes = new CheckpointWrites();
    const runner = new ProcessRunner(store, db.withPlugin(writes), process);
    await runner.start();
    let head = 0;
    for (let i = 0; i < 30; i++) {
      head = await noise();
      await until(() => runner.position === head);
    }
    // 30 batches in a few hundred milliseconds: a handful of writes, not one each.
    expect(writes.count).toBeLessThan(10);
    // The position handled is stored soon after, with nothing more to read.
    await until(async () => (await readCheckpoint(db, process.name)) === head, IDLE_CHECKPOINT_MS * 20);

    // A batch it acted in is stored before the next batch is handed over.
    const first = await appendCounted(store, 1);
    await until(() => process.handled.length === 1);
    process.onHandle = async () => void (storedBeforeSecond = await readCheckpoint(db, process.name));
    let storedBeforeSecond = 0;
    await appendCounted(store, 2);
    await until(() => process.handled.length === 2);
    expect(storedBeforeSecond).toBe(first);
    await runner.stop();
  }, 60_000);

  it('stores the position it handled when it stops, and a restart from there acts on nothing twice', async () => {
    const { store, db } = spec.current;
    const process = new Acting();
    const runner = new ProcessRunner(store, db, process);
    await runner.start();
    await appendCounted(store, 1);
    let head = 0;
    for (let i = 0; i < 5; i++) head = await noise();
    await until(() => runner.position === head);
    await runner.stop();
    expect(await readCheckpoint(db, process.name)).toBe(head);

    const again = new Acting();
    const restarted = new ProcessRunner(store, db, again);
    await restarted.start();
    await appendCounted(store, 2);
    await until(() => again.handled.length === 1);
    await restarted.stop();
    expect(again.handled).toEqual([2]);
  }, 60_000);
}

describeWhen('', 'process runner [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'process runner [postgres]', () => suite('postgres'));
