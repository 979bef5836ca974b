import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, StoredEvent, WrongExpectedRevision } from '@app/event-store';
import { CLOCK, Clock, CommandMeta, deterministicUuid } from '@app/platform';
import { Conflict, Decider, fold } from '../domain';

export interface RunResult<State> {
  state: State;
  /** Global position of the last event this command appended (or appended before, on a retry); null when it changed nothing. */
  position: number | null;
  revision: number | null;
}

export interface RunOptions<Command, Event, State> {
  streamId: string;
  decider: Decider<Command, Event, State>;
  /** Builds the domain command once the time is known. */
  command: (now: Date, state: State) => NoInfer<Command> | Promise<NoInfer<Command>>;
  meta: CommandMeta;
  commandName: string;
  /** Called with the folded state before deciding: throws (e.g. NotFound) when the caller may not act. */
  authorize?: (state: State) => void;
  /** The time of the decision; by default the clock's. A process passes the time of the event it reacts to. */
  now?: Date;
}

/**
 * The one command-handling algorithm: load and fold the stream, decide, append with the expected
 * revision. A command already recorded in the stream (same command id) appends nothing again; a
 * concurrency conflict is retried once from fresh state, then reported as 409.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run<Command, Event extends { type: string; data: unknown }, State>(
    options: RunOptions<Command, Event, State>,
  ): Promise<RunResult<State>> {
    const { streamId, decider, meta } = options;
    for (let attempt = 0; ; attempt++) {
      const stored = await this.store.readStream(streamId);
      const state = fold(decider, stored.map(toDomainEvent<Event>));
      options.authorize?.(state);
      const earlier = stored.filter((event) => event.metadata.commandId === meta.commandId);
      if (earlier.length > 0) {
        const last = earlier[earlier.length - 1];
        return { state, position: last.position, revision: last.revision };
      }
      const now = options.now ?? this.clock.now();
      const events = decider.decide(await options.command(now, state), state);
      if (events.length === 0) return { state, position: null, revision: null };
      const expected = stored.length === 0 ? 'no_stream' : stored[stored.length - 1].revision;
      try {
        const result = await this.store.append(
          streamId,
          events.map((event, index) => ({
            id: deterministicUuid(`${meta.commandId}|${streamId}|${index}`),
            type: event.type,
            data: event.data,
            metadata: { ...meta, command: options.commandName },
          })),
          expected,
        );
        return {
          state: events.reduce(decider.evolve, state),
          position: result.position,
          revision: result.nextExpectedRevision,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (attempt >= 1)
          throw new Conflict(
            'CONCURRENT_MODIFICATION',
            'Someone else changed this at the same time. Reload and try again.',
          );
      }
    }
  }
}

/** Stored events become domain events here; an upcaster for an old shape would go in this one place. */
export function toDomainEvent<Event>(stored: StoredEvent): Event {
  return { type: stored.type, data: stored.data } as Event;
}
