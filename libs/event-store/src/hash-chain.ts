import { createHash } from 'node:crypto';
import { EventStore, StoredEvent } from './event-store';

/** JSON with object keys sorted at every level, so the same content always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The event's hash, chained to the previous event of its stream (null for the first). */
export function eventHash(
  previous: string | null,
  event: Pick<StoredEvent, 'id' | 'streamId' | 'revision' | 'type' | 'data' | 'metadata' | 'recordedAt'>,
): string {
  const content = canonicalJson({
    previous,
    id: event.id,
    stream: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  });
  return createHash('sha256').update(content).digest('hex');
}

export interface BrokenLink {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  reason: 'HASH_MISMATCH' | 'MISSING_HASH' | 'REVISION_GAP';
}

export interface VerifyResult {
  events: number;
  streams: number;
  brokenLink: BrokenLink | null;
}

/**
 * Walks the whole log and recomputes every stream's chain: an event whose content, order or
 * predecessor was changed after it was stored no longer matches, and the first such event is named.
 */
export async function verifyLog(
  store: Pick<EventStore, 'readAll'>,
  batchSize = 1000,
  /** After each batch: the last position verified and the events verified so far. */
  onProgress?: (position: number, events: number) => void,
): Promise<VerifyResult> {
  const heads = new Map<string, { hash: string; revision: number }>();
  let position = 0;
  let events = 0;
  for (;;) {
    const batch = await store.readAll(position, batchSize);
    if (batch.length === 0) return { events, streams: heads.size, brokenLink: null };
    for (const event of batch) {
      events++;
      const head = heads.get(event.streamId);
      const broken = (reason: BrokenLink['reason']): VerifyResult => ({
        events,
        streams: heads.size,
        brokenLink: {
          position: event.position,
          streamId: event.streamId,
          revision: event.revision,
          eventId: event.id,
          reason,
        },
      });
      if (event.revision !== (head?.revision ?? -1) + 1) return broken('REVISION_GAP');
      if (!event.hash) return broken('MISSING_HASH');
      if (event.hash !== eventHash(head?.hash ?? null, event)) return broken('HASH_MISMATCH');
      heads.set(event.streamId, { hash: event.hash, revision: event.revision });
    }
    position = batch[batch.length - 1].position;
    onProgress?.(position, events);
  }
}
