import { DomainEvent, EventDecoder, RecordedEvent } from './decoder';

/** The decider shape every aggregate follows: pure functions over commands, events and state. */
export interface Decider<Command, Event, State> {
  initialState(): State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export function fold<Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

/** A decider with its stored contract: the decoder its events are read with (and whose versions they are written with). */
export interface EventSourcedDecider<Command, Event extends DomainEvent, State> extends Decider<
  Command,
  Event,
  State
> {
  readonly events: EventDecoder<Event>;
}

/** Folds recorded events, each decoded (and upcast) by the decider's own decoder, onto `state`. */
export function replay<Event extends DomainEvent, State>(
  decider: EventSourcedDecider<unknown, Event, State>,
  recorded: readonly RecordedEvent[],
  state: State = decider.initialState(),
): State {
  return recorded.reduce((folded, event) => decider.evolve(folded, decider.events.decode(event)), state);
}

/** A command as a client states it: the time of the decision is added when it runs (`withTime`). */
export type Untimed<C> = C extends { type: infer T; data: infer D }
  ? { type: T; data: Omit<D, 'now'> }
  : never;

export function withTime<C extends { type: string; data: { now: Date } }>(command: Untimed<C>, now: Date): C {
  return { type: command.type, data: { ...(command.data as object), now } } as unknown as C;
}

/** The named fields of a value, and only those (copying an event's data into a state, say). */
export function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}
