import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore, WrongExpectedRevision } from '@app/event-store';
import { DomainError } from '@app/kernel';
import {
  CLOCK,
  Clock,
  CommandMeta,
  Metrics,
  currentLogContext,
  deterministicUuid,
  withLogContext,
} from '@app/platform';
import { Conflict, NotFound, PreconditionFailed, Untimed, withTime } from '../domain';
import { Aggregate } from './renewal-context';
import { StreamState, StreamStates } from './stream-states';

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

export interface RunOptions {
  /** The time of the decision; by default the clock's. A process or a scheduled action passes its own. */
  at?: Date;
  /** If-Match: the revision the client saw; another one is 412, never a silent retry. */
  expectedRevision?: number;
  /** The command creates the instance (a new order): there is no owner to check yet. */
  creates?: boolean;
}

type Timed = { type: string; data: { now: Date } };

/** What one run of a command is given. */
interface CommandRun<Command extends Timed, Event extends { type: string; data: unknown }, State> {
  aggregate: Aggregate<Command, Event, State>;
  id: string;
  /** `aggregate.stream(id)`. */
  streamId: string;
  command: Untimed<Command>;
  meta: CommandMeta;
  options: RunOptions;
}

/**
 * The one command-handling algorithm: load and fold the stream, decide, append with the expected
 * revision. A customer acting on another customer's instance gets a 404. A command already recorded in
 * the stream (same command id) appends nothing again and answers as it did; a concurrency conflict is
 * retried once from fresh state, then reported as 409. Event ids come from the command id, and each
 * event is written with its type's schema version.
 */
@Injectable()
export class CommandRunner {
  private readonly logger = new Logger('Commands');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly states: StreamStates,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Runs the command, timed and counted by its name and outcome in the metrics, with its correlation id
   * on every line logged meanwhile (a scheduled action or a process has no request around it).
   */
  run<Command extends Timed, Event extends { type: string; data: unknown }, State>(
    aggregate: Aggregate<Command, Event, State>,
    id: string,
    command: Untimed<Command>,
    meta: CommandMeta,
    options: RunOptions = {},
  ): Promise<RunResult<State>> {
    const started = performance.now();
    const streamId = aggregate.stream(id);
    return withLogContext({ ...currentLogContext(), correlationId: meta.correlationId }, () =>
      this.metrics.time(
        this.metrics.commands,
        { command: command.type },
        () => this.decideAndAppend({ aggregate, id, streamId, command, meta, options }),
        (done) => {
          const outcome =
            'error' in done
              ? done.error instanceof DomainError
                ? done.error.code
                : 'error'
              : done.value.replayed
                ? 'replayed'
                : done.value.appended
                  ? 'appended'
                  : 'unchanged';
          this.logger.debug({
            msg: `${command.type} ${streamId}: ${outcome}`,
            command: command.type,
            outcome,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
          });
          return outcome;
        },
      ),
    );
  }

  /**
   * Decides first on the state this process has cached for the stream, without reading it: the append's
   * expected revision is the cached one, so a stream another process (or another cache) moved meanwhile
   * refuses the append, and the command is decided again on a fresh read, as if that read had come first
   * (the conflict is not counted as the one retry). An answer that appends nothing (nothing to change, a
   * refusal, an If-Match mismatch, a command found recorded) is given only from a read state: the cache
   * alone is never the reason for it. Reading the stream's tail, usually to find nothing, was a tenth of
   * the main thread's time at the bench's peak on SQLite, and a round trip per command on PostgreSQL.
   */
  private async decideAndAppend<Command extends Timed, Event extends { type: string; data: unknown }, State>(
    run: CommandRun<Command, Event, State>,
  ): Promise<RunResult<State>> {
    const { aggregate, streamId, options } = run;
    const cached = this.states.cached(streamId, aggregate.decider);
    if (cached) {
      try {
        const result = await this.decideOn(run, cached, false);
        if (result) return result;
      } catch (error) {
        if (!(error instanceof DomainError) && !(error instanceof WrongExpectedRevision)) throw error;
      }
    }
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.states.load(streamId, aggregate.decider);
      try {
        const result = await this.decideOn(run, loaded, true);
        if (result) return result;
        // Recorded meanwhile by another process: the next read finds it and answers as it did.
        if (attempt >= 1) throw concurrentModification();
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (options.expectedRevision !== undefined)
          throw new PreconditionFailed(
            'REVISION_MISMATCH',
            'Someone else changed this meanwhile. Reload and try again.',
            'If-Match',
          );
        if (attempt >= 1) throw concurrentModification();
      }
    }
  }

  /**
   * One decision on `loaded`, and its append. On a state not read for this command (`read` false) it
   * answers only by appending; where the answer would append nothing it returns null, for a read first.
   * Null too when the store holds this command's events already (recorded after `loaded`).
   */
  private async decideOn<Command extends Timed, Event extends { type: string; data: unknown }, State>(
    { aggregate, id, streamId, command, meta, options }: CommandRun<Command, Event, State>,
    loaded: StreamState<State>,
    read: boolean,
  ): Promise<RunResult<State> | null> {
    const { decider } = aggregate;
    const { state } = loaded;
    if (meta.actor.type === 'customer' && !options.creates && aggregate.ownerOf(state) !== meta.actor.id)
      throw new NotFound(aggregate.notFound.code, `${aggregate.notFound.what} ${id} was not found.`);
    const earlier = loaded.commands.get(meta.commandId);
    if (earlier) {
      if (!read) return null;
      return {
        state: await this.states.stateAt(streamId, decider, earlier.revision),
        position: earlier.position,
        revision: earlier.revision,
        appended: false,
        replayed: true,
      };
    }
    if (options.expectedRevision !== undefined && options.expectedRevision !== loaded.revision)
      throw new PreconditionFailed(
        'REVISION_MISMATCH',
        `The request was made for revision ${options.expectedRevision}; the current one is ${loaded.revision}. Reload and try again.`,
        'If-Match',
        { currentRevision: loaded.revision },
      );
    const now = options.at ?? this.clock.now();
    const events = decider.decide(withTime<Command>(command, now), state);
    // Nothing to change: the answer is the state as it is, at the stream's current revision.
    if (events.length === 0) {
      if (!read) return null;
      return {
        state,
        position: null,
        revision: loaded.revision < 0 ? null : loaded.revision,
        appended: false,
        replayed: false,
      };
    }
    const result = await this.store.append(
      streamId,
      events.map((event, index) => ({
        id: deterministicUuid(`${meta.commandId}|${streamId}|${index}`),
        type: event.type,
        data: event.data,
        metadata: { ...meta, command: command.type, schemaVersion: decider.events.versions[event.type] },
      })),
      loaded.revision < 0 ? 'no_stream' : loaded.revision,
    );
    // The store answered a retry of events it holds already (their ids come from the command id): this
    // command was recorded after the state it was decided on. A read finds it, and answers as it did.
    if (result.alreadyStored) return null;
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
  }
}

const concurrentModification = () =>
  new Conflict(
    'CONCURRENT_MODIFICATION',
    'Someone else changed this at the same time. Reload and try again.',
  );
