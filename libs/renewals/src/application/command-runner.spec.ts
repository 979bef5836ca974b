import { expect, it, jest } from '@jest/globals';
import { EventStore } from '@app/event-store';
import { describeWhen, engines } from '@app/event-store/testing';
import { BusinessRuleViolation, EventSourcedDecider, eventDecoder } from '@app/kernel';
import { CommandMeta, Metrics } from '@app/platform';
import { specEnginePerTest } from '@app/platform/testing';
import { CommandRunner } from './command-runner';
import { Aggregate } from './renewal-context';
import { StreamStates } from './stream-states';

/** A tally: Add n (nothing when n is 0), Close, Reopen; no Add while closed. */
type TallyCommand =
  | { type: 'Add'; data: { n: number; now: Date } }
  | { type: 'Close'; data: { now: Date } }
  | { type: 'Reopen'; data: { now: Date } };
type TallyEvent =
  | { type: 'Added'; data: { n: number } }
  | { type: 'Closed'; data: Record<string, never> }
  | { type: 'Reopened'; data: Record<string, never> };
type Tally = { total: number; closed: boolean };

const tally: EventSourcedDecider<TallyCommand, TallyEvent, Tally> = {
  initialState: () => ({ total: 0, closed: false }),
  decide(command, state) {
    if (command.type === 'Reopen') return state.closed ? [{ type: 'Reopened', data: {} }] : [];
    if (state.closed) throw new BusinessRuleViolation('TALLY_CLOSED', 'The tally is closed.');
    if (command.type === 'Close') return [{ type: 'Closed', data: {} }];
    return command.data.n === 0 ? [] : [{ type: 'Added', data: { n: command.data.n } }];
  },
  evolve: (state, event) =>
    event.type === 'Added'
      ? { ...state, total: state.total + event.data.n }
      : { ...state, closed: event.type === 'Closed' },
  events: eventDecoder<TallyEvent>({
    categories: ['tally'],
    versions: { Added: 1, Closed: 1, Reopened: 1 },
  }),
};

const aggregate: Aggregate<TallyCommand, TallyEvent, Tally> = {
  decider: tally,
  stream: (id) => `tally-${id}`,
  ownerOf: () => null,
  notFound: { code: 'TALLY_NOT_FOUND', what: 'Tally' },
};

let commands = 0;
const meta = (commandId = `command-${++commands}`): CommandMeta => ({
  commandId,
  correlationId: 'spec',
  causationId: null,
  actor: { type: 'system', id: 'spec' },
});

/** A runner as one process has it: its own cache of stream states over the shared store. */
const process = (store: EventStore) =>
  new CommandRunner(
    store,
    { now: () => new Date('2026-12-07T12:00:00Z') },
    new StreamStates(store),
    new Metrics(),
  );

function suite(engine: 'sqlite' | 'postgres') {
  const spec = specEnginePerTest(engine, 'command-runner');

  it('decides on the state it holds, without reading the stream, when nobody else appended', async () => {
    const { store } = spec.current;
    const runner = process(store);
    await runner.run(aggregate, 'a', { type: 'Add', data: { n: 1 } }, meta());
    const reads = jest.spyOn(store, 'readStream');
    const second = await runner.run(aggregate, 'a', { type: 'Add', data: { n: 2 } }, meta());
    expect(reads).not.toHaveBeenCalled();
    expect(second).toMatchObject({ state: { total: 3 }, revision: 1, appended: true });
  });

  it('decides again on what another process appended meanwhile', async () => {
    const { store } = spec.current;
    const [one, other] = [process(store), process(store)];
    await one.run(aggregate, 'a', { type: 'Add', data: { n: 1 } }, meta());
    await other.run(aggregate, 'a', { type: 'Add', data: { n: 10 } }, meta());
    const result = await one.run(aggregate, 'a', { type: 'Add', data: { n: 100 } }, meta());
    expect(result).toMatchObject({ state: { total: 111 }, revision: 2, appended: true });
    expect((await store.readStream('tally-a')).map((event) => event.data)).toEqual([
      { n: 1 },
      { n: 10 },
      { n: 100 },
    ]);
  });

  it('refuses, or changes nothing, only on a state it has read', async () => {
    const { store } = spec.current;
    const [one, other] = [process(store), process(store)];
    await one.run(aggregate, 'a', { type: 'Add', data: { n: 1 } }, meta());
    await other.run(aggregate, 'a', { type: 'Close', data: {} }, meta());
    // The cache says open: the refusal comes from the stream as it is.
    await expect(one.run(aggregate, 'a', { type: 'Add', data: { n: 2 } }, meta())).rejects.toMatchObject({
      code: 'TALLY_CLOSED',
    });
    // The cache says closed, the stream says open again: the command is not refused.
    await other.run(aggregate, 'a', { type: 'Reopen', data: {} }, meta());
    expect(await one.run(aggregate, 'a', { type: 'Add', data: { n: 2 } }, meta())).toMatchObject({
      state: { total: 3, closed: false },
      revision: 3,
      appended: true,
    });

    await one.run(aggregate, 'b', { type: 'Add', data: { n: 1 } }, meta());
    await other.run(aggregate, 'b', { type: 'Add', data: { n: 5 } }, meta());
    // Nothing to change: answered at the stream's revision and total, not the cache's.
    expect(await one.run(aggregate, 'b', { type: 'Add', data: { n: 0 } }, meta())).toMatchObject({
      state: { total: 6 },
      revision: 1,
      appended: false,
    });
  });

  it('takes If-Match against the stream, not the cache', async () => {
    const { store } = spec.current;
    const [one, other] = [process(store), process(store)];
    await one.run(aggregate, 'a', { type: 'Add', data: { n: 1 } }, meta());
    await other.run(aggregate, 'a', { type: 'Add', data: { n: 10 } }, meta());
    // The client saw revision 1 (the other process's change): it is the current one.
    const result = await one.run(aggregate, 'a', { type: 'Add', data: { n: 100 } }, meta(), {
      expectedRevision: 1,
    });
    expect(result).toMatchObject({ state: { total: 111 }, revision: 2, appended: true });
    await expect(
      one.run(aggregate, 'a', { type: 'Add', data: { n: 1 } }, meta(), { expectedRevision: 1 }),
    ).rejects.toMatchObject({ code: 'REVISION_MISMATCH' });
  });

  it('answers a command another process recorded as that process did, appending nothing', async () => {
    const { store } = spec.current;
    const [one, other] = [process(store), process(store)];
    await one.run(aggregate, 'a', { type: 'Add', data: { n: 1 } }, meta());
    const first = await other.run(aggregate, 'a', { type: 'Add', data: { n: 10 } }, meta('retried'));
    const retry = await one.run(aggregate, 'a', { type: 'Add', data: { n: 10 } }, meta('retried'));
    expect(retry).toMatchObject({
      state: { total: 11 },
      revision: first.revision,
      position: first.position,
      appended: false,
      replayed: true,
    });
    expect(await store.readStream('tally-a')).toHaveLength(2);
  });
}

describeWhen('', 'command runner [sqlite]', () => suite('sqlite'));
describeWhen(engines.postgresMissing, 'command runner [postgres]', () => suite('postgres'));
