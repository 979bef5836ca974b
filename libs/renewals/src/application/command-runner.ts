import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, WrongExpectedRevision } from '@app/event-store';
import { CLOCK, Clock, CommandMeta, deterministicUuid } from '@app/platform';
import { Conflict, Decider } from '../domain';
import { StreamStates } from './stream-states';

export interface RunResult<State> {
  state: State;
  /** Global position of the last event this command appended (or appended before, on a retry); null when it changed nothing. */
  position: number | null;
  revision: number | null;
  /** True when this call appended events (not a no-op, and not a retry of a command already recorded). */
  appended: boolean;
  /**
   * True when the command was recorded before (same command id): nothing was appended, and `state`,
   * `revision` and `position` are those the command left, as its first run answered them.
   */
  replayed: boolean;
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
    private readonly states: StreamStates,
  ) {}

  async run<Command, Event extends { type: string; data: unknown }, State>(
    options: RunOptions<Command, Event, State>,
  ): Promise<RunResult<State>> {
    const { streamId, decider, meta } = options;
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.states.load(streamId, decider);
      const { state } = loaded;
      options.authorize?.(state);
      const earlier = loaded.commands.get(meta.commandId);
      if (earlier)
        return {
          state: await this.states.stateAt(streamId, decider, earlier.revision),
          position: earlier.position,
          revision: earlier.revision,
          appended: false,
          replayed: true,
        };
      const now = options.now ?? this.clock.now();
      const events = decider.decide(await options.command(now, state), state);
      if (events.length === 0)
        return { state, position: null, revision: null, appended: false, replayed: false };
      try {
        const result = await this.store.append(
          streamId,
          events.map((event, index) => ({
            id: deterministicUuid(`${meta.commandId}|${streamId}|${index}`),
            type: event.type,
            data: event.data,
            metadata: { ...meta, command: options.commandName },
          })),
          loaded.revision < 0 ? 'no_stream' : loaded.revision,
        );
        const next = events.reduce(decider.evolve, state);
        this.states.appended(
          streamId,
          decider,
          loaded,
          next,
          result.nextExpectedRevision,
          meta.commandId,
          result.position,
        );
        return {
          state: next,
          position: result.position,
          revision: result.nextExpectedRevision,
          appended: true,
          replayed: false,
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
