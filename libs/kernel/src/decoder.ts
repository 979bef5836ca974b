/**
 * Where stored events become domain events, and the only place: each stream kind's domain exports one
 * decoder with its stream category, the schema version each event type is written with, and the upcasters
 * that bring an older shape to the current one. Runners hand decoded events to projections and processes;
 * nothing else reads `data` of a stored event.
 */
export interface RecordedEvent {
  type: string;
  streamId: string;
  data: unknown;
  metadata: { schemaVersion?: number };
}

export interface DomainEvent {
  type: string;
  data: unknown;
}

/** Brings `data` of one version to the next: upcasters[type][n - 1] turns version n into n + 1. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an upcaster reads an old shape no type describes any more
type Upcaster = (data: any) => unknown;

export interface EventDecoder<E extends DomainEvent> {
  /** The stream categories it reads (a stream is `<category>-<id>`). */
  readonly categories: readonly string[];
  /** The schema version each event type is written with now (in the event's metadata, `schemaVersion`). */
  readonly versions: Readonly<Record<string, number>>;
  /** Whether the event is of a stream kind this decoder reads. */
  canDecode(event: Pick<RecordedEvent, 'streamId'>): boolean;
  /** The event in its current shape; an event type it does not know is an error (a newer writer?). */
  decode(event: RecordedEvent): E;
}

export class UnknownEventType extends Error {
  constructor(
    readonly type: string,
    readonly streamId: string,
  ) {
    super(`No decoder knows event type ${type} (stream ${streamId})`);
    this.name = 'UnknownEventType';
  }
}

/** The stream's category: what comes before the first `-`. */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export function eventDecoder<E extends DomainEvent>(spec: {
  categories: readonly string[];
  /** Every event type of the stream kind, with the version it is written with now (1 if it never changed). */
  versions: Record<E['type'], number>;
  upcasters?: Partial<Record<E['type'], Upcaster[]>>;
}): EventDecoder<E> {
  const versions = spec.versions as Record<string, number>;
  const upcasters = (spec.upcasters ?? {}) as Record<string, Upcaster[]>;
  for (const [type, version] of Object.entries(versions))
    if ((upcasters[type]?.length ?? 0) !== version - 1)
      throw new Error(`${type} is at version ${version}: it needs ${version - 1} upcasters`);
  const categories = new Set(spec.categories);
  return {
    categories: spec.categories,
    versions,
    canDecode: (event) => categories.has(categoryOf(event.streamId)),
    decode(event) {
      const current = versions[event.type];
      if (current === undefined) throw new UnknownEventType(event.type, event.streamId);
      let data = event.data;
      for (let version = event.metadata.schemaVersion ?? 1; version < current; version++)
        data = upcasters[event.type][version - 1](data);
      return { type: event.type, data } as E;
    },
  };
}

/** One decoder for several stream kinds (a projection that reads services and orders). */
export function combineDecoders<A extends DomainEvent, B extends DomainEvent>(
  a: EventDecoder<A>,
  b: EventDecoder<B>,
): EventDecoder<A | B> {
  return {
    categories: [...a.categories, ...b.categories],
    versions: { ...a.versions, ...b.versions },
    canDecode: (event) => a.canDecode(event) || b.canDecode(event),
    decode: (event) => (a.canDecode(event) ? a.decode(event) : b.decode(event)),
  };
}
