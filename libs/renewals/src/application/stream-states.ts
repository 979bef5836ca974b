import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { EventSourcedDecider, replay } from '../domain';
import type { Aggregate } from './renewal-context';

export interface StreamState<State> {
  state: State;
  /** Revision of the last event folded in; -1 when the stream has none. */
  revision: number;
  /** The commands recorded in the stream, by command id: where their last event is. */
  commands: ReadonlyMap<string, { position: number; revision: number }>;
}

const CAPACITY = 10_000;

interface Entry extends StreamState<unknown> {
  decider: object;
  commands: Map<string, { position: number; revision: number }>;
}

/**
 * Folded stream states, kept in memory (an in-process snapshot per stream, least recently used dropped
 * first). A load reads only the events after the cached revision, so it is always current: the cache
 * is a prefix of the stream, never a guess about it, whichever process appended.
 */
@Injectable()
export class StreamStates {
  private readonly entries = new Map<string, Entry>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<Command, Event extends { type: string; data: unknown }, State>(
    streamId: string,
    decider: EventSourcedDecider<Command, Event, State>,
  ): Promise<StreamState<State>> {
    const cached = this.entries.get(streamId);
    const base: Entry =
      cached && cached.decider === decider
        ? cached
        : { decider, state: decider.initialState(), revision: -1, commands: new Map() };
    const tail = await this.store.readStream(streamId, base.revision + 1);
    let entry = base;
    if (tail.length > 0) {
      // The command map only ever gains ids of events that exist, so it is shared with older snapshots.
      for (const event of tail)
        base.commands.set(event.metadata.commandId, { position: event.position, revision: event.revision });
      const state = replay(decider, tail, base.state as State);
      entry = { decider, state, revision: tail[tail.length - 1].revision, commands: base.commands };
    }
    this.keep(streamId, entry);
    return entry as StreamState<State>;
  }

  /**
   * The state cached for the stream, without reading the stream: a prefix of it, current unless another
   * process (or another cache) appended since. Only for a decision whose append checks it (its expected
   * revision is the prefix's); null when nothing is cached for this decider.
   */
  cached<Command, Event extends { type: string; data: unknown }, State>(
    streamId: string,
    decider: EventSourcedDecider<Command, Event, State>,
  ): StreamState<State> | null {
    const cached = this.entries.get(streamId);
    if (!cached || cached.decider !== decider) return null;
    this.keep(streamId, cached);
    return cached as StreamState<State>;
  }

  /** The current state of one instance of an aggregate (its initial state when it has no events). */
  async stateOf<Command, Event extends { type: string; data: unknown }, State>(
    aggregate: Aggregate<Command, Event, State>,
    id: string,
  ): Promise<State> {
    return (await this.load(aggregate.stream(id), aggregate.decider)).state;
  }

  /** The stream's state as it was right after `revision` (a retried command answers as it did then). */
  async stateAt<Command, Event extends { type: string; data: unknown }, State>(
    streamId: string,
    decider: EventSourcedDecider<Command, Event, State>,
    revision: number,
  ): Promise<State> {
    const events = await this.store.readStream(streamId);
    return replay(
      decider,
      events.filter((event) => event.revision <= revision),
    );
  }

  /**
   * Records the state after this process appended to `loaded` (at its revision): exactly that prefix plus
   * our events. Even if a newer state was cached meanwhile, this one is still a prefix of the stream.
   */
  appended(
    streamId: string,
    decider: object,
    loaded: StreamState<unknown>,
    state: unknown,
    revision: number,
    commandId: string,
    position: number,
  ): void {
    const commands = loaded.commands as Map<string, { position: number; revision: number }>;
    commands.set(commandId, { position, revision });
    this.keep(streamId, { decider, state, revision, commands });
  }

  private keep(streamId: string, entry: Entry): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
  }
}
