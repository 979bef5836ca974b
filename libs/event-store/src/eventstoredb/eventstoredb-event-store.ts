import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  ResolvedEvent,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import { Subscribers } from '../catch-up-subscription';
import {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevision,
} from '../event-store';

/**
 * The event store on EventStoreDB / KurrentDB (esdb://, cluster seeds work: esdb+discover://a,b,c).
 * Positions are the commit positions of the `$all` log; system events ($-types, $-streams) are skipped.
 * Correlation and causation ids are also written as the standard $correlationId / $causationId.
 * The live `$all` subscription (filtered to user events) only wakes the catch-up loop, which reads
 * batches with readAll: one algorithm for history and live events on every adapter.
 *
 * Tested only where a container runtime or an EVENTSTORE_URL is available (see the README).
 */
export class EventStoreDbEventStore implements EventStore {
  private wakeUp: { unsubscribe(): Promise<void> } | null = null;

  private readonly subscribers: Subscribers;

  private constructor(
    private readonly client: EventStoreDBClient,
    pollIntervalMs: number,
  ) {
    this.subscribers = new Subscribers(this, pollIntervalMs);
  }

  static async connect(
    connectionString: string,
    options: { pollIntervalMs?: number } = {},
  ): Promise<EventStoreDbEventStore> {
    const client = EventStoreDBClient.connectionString(connectionString);
    const store = new EventStoreDbEventStore(client, options.pollIntervalMs ?? 1_000);
    await store.headPosition(); // fails fast (14 UNAVAILABLE) when there is no server
    return store;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) =>
          jsonEvent({
            id: event.id,
            type: event.type,
            data: event.data as Record<string, unknown>,
            metadata: {
              ...event.metadata,
              $correlationId: event.metadata.correlationId,
              $causationId: event.metadata.causationId,
            },
          }),
        ),
        {
          expectedRevision:
            expected === 'no_stream' ? NO_STREAM : expected === 'any' ? ANY : BigInt(expected),
        },
      );
      return {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: Number(result.position?.commit ?? 0n),
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no_stream';
        throw new WrongExpectedRevision(streamId, expected, actual);
      }
      throw error;
    }
  }

  async readStream(streamId: string, fromRevision = 0, maxCount?: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: BigInt(fromRevision),
        direction: FORWARDS,
        ...(maxCount === undefined ? {} : { maxCount: BigInt(maxCount) }),
      })) {
        const event = toStoredEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let from = fromPosition;
    // readAll cannot filter on the server here: skip system events, and keep reading until `limit`
    // user events are found or the log ends, so a run of system events never looks like the head.
    for (;;) {
      const chunk = Math.max(limit * 2, 100);
      let read = 0;
      const position = from === 0 ? START : { commit: BigInt(from), prepare: BigInt(from) };
      for await (const resolved of this.client.readAll({
        fromPosition: position,
        maxCount: chunk,
        direction: FORWARDS,
      })) {
        read++;
        const commit = Number(resolved.event?.position?.commit ?? resolved.commitPosition ?? 0n);
        if (commit <= from && from !== 0) continue;
        from = Math.max(from, commit);
        const event = toStoredEvent(resolved);
        if (event) events.push(event);
        if (events.length >= limit) return events;
      }
      if (read < chunk) return events;
    }
  }

  async headPosition(): Promise<number> {
    for await (const resolved of this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1000,
    })) {
      const event = toStoredEvent(resolved);
      if (event) return event.position;
    }
    return 0;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.ensureWakeUp();
    return this.subscribers.subscribe(options);
  }

  /** One live subscription to the end of $all, user events only, that wakes every catch-up loop. */
  private ensureWakeUp(): void {
    if (this.wakeUp) return;
    const live = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    live.on('data', () => {
      this.subscribers.notifyAll();
    });
    live.on('error', () => {
      this.wakeUp = null; // the loops keep polling; the next subscriber reopens it
    });
    this.wakeUp = live;
  }

  async close(): Promise<void> {
    await this.subscribers.stopAll();
    await this.wakeUp?.unsubscribe().catch(() => undefined);
    this.wakeUp = null;
    await this.client.dispose();
  }
}

function toStoredEvent(resolved: ResolvedEvent): StoredEvent | null {
  const event = resolved.event;
  if (!event || event.type.startsWith('$') || event.streamId.startsWith('$') || !event.isJson) return null;
  const { $correlationId, $causationId, ...metadata } = (event.metadata ?? {}) as EventMetadata & {
    $correlationId?: string;
    $causationId?: string;
  };
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: Number(event.position?.commit ?? 0n),
    type: event.type,
    data: event.data,
    metadata: {
      ...metadata,
      correlationId: metadata.correlationId ?? $correlationId ?? '',
      causationId: metadata.causationId ?? $causationId ?? null,
    },
    recordedAt: event.created.toISOString(),
  };
}
