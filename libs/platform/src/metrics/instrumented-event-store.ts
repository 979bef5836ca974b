import { EventStore, WrongExpectedRevision } from '@app/event-store';
import { Metrics } from './metrics';

/**
 * The event store with its appends timed and counted into the metrics. A proxy, so that everything else
 * is the store itself: its other methods, its engine's own members, and `instanceof` its class.
 */
export function instrumentedEventStore<S extends EventStore>(store: S, metrics: Metrics): S {
  const append: EventStore['append'] = async (streamId, events, expectedRevision) => {
    const result = await metrics.time(
      metrics.appends,
      {},
      () => store.append(streamId, events, expectedRevision),
      (done) => ('value' in done ? 'ok' : done.error instanceof WrongExpectedRevision ? 'conflict' : 'error'),
    );
    metrics.appendedEvents.inc(events.length);
    return result;
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
