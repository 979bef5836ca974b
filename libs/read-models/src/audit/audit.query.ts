import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, StoredEvent } from '@app/event-store';
import { READ_MODEL_DB, ReadModelDb } from '@app/platform';
import { Deciders, RENEWAL_CONTEXT } from '@app/renewals';
import { replay } from '@app/kernel';
import { NotFound } from '@app/renewals/domain';
import { CustomerAreaTables } from '../customer-area/customer-area.tables';

export interface AuditEntry {
  position: number;
  recordedAt: string;
  stream: string;
  revision: number;
  type: string;
  actor: { type: string; id: string };
  command: string | null;
  correlationId: string;
  causationId: string | null;
  /** The event's data as it was recorded, in the shape of its schema version (the state below is today's). */
  schemaVersion: number;
  data: unknown;
}

export interface AuditReport {
  subject: { kind: 'order' | 'service' | 'customer'; id: string };
  asOf: string | null;
  history: AuditEntry[];
  /** The state folded from the history up to asOf, by stream. */
  state: Record<string, unknown>;
}

/**
 * The audit trail: a subject's events in the order they were recorded, with who, when and why, and the
 * state as it was at any moment (the deciders' own fold over the events recorded by then). It reads the
 * streams themselves: the log is the audit record.
 */
@Injectable()
export class AuditQuery {
  private readonly orders;
  private readonly services;
  private readonly db;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(RENEWAL_CONTEXT) deciders: Deciders,
  ) {
    this.orders = deciders.orders;
    this.services = deciders.services;
    this.db = db.withTables<CustomerAreaTables>();
  }

  async order(orderId: string, asOf: Date | null): Promise<AuditReport> {
    return this.report({ kind: 'order', id: orderId }, [this.orders.stream(orderId)], asOf);
  }

  async service(serviceId: string, asOf: Date | null): Promise<AuditReport> {
    return this.report({ kind: 'service', id: serviceId }, [this.services.stream(serviceId)], asOf);
  }

  /** A customer's services and orders, as the customer area knows them, merged in recorded order. */
  async customer(customerId: string, asOf: Date | null): Promise<AuditReport> {
    const services = await this.db
      .selectFrom('ca_services')
      .select('service_id')
      .where('customer_id', '=', customerId)
      .execute();
    const orders = await this.db
      .selectFrom('ca_orders')
      .select('order_id')
      .where('customer_id', '=', customerId)
      .execute();
    if (services.length === 0)
      throw new NotFound('CUSTOMER_NOT_FOUND', `No services for customer ${customerId}.`);
    const streams = [
      ...services.map((s) => this.services.stream(s.service_id)),
      ...orders.map((o) => this.orders.stream(o.order_id)),
    ];
    return this.report({ kind: 'customer', id: customerId }, streams, asOf);
  }

  private async report(
    subject: AuditReport['subject'],
    streams: string[],
    asOf: Date | null,
  ): Promise<AuditReport> {
    const byStream = await Promise.all(
      streams.map(async (stream) => [stream, await this.store.readStream(stream)] as const),
    );
    if (byStream.every(([, events]) => events.length === 0))
      throw new NotFound(`${subject.kind.toUpperCase()}_NOT_FOUND`, `No ${subject.kind} ${subject.id}.`);
    const until = (events: StoredEvent[]) =>
      asOf ? events.filter((event) => Date.parse(event.recordedAt) <= asOf.getTime()) : events;
    const state: Record<string, unknown> = {};
    for (const [stream, events] of byStream) {
      const seen = until(events);
      if (seen.length > 0) state[stream] = this.stateOf(stream, seen);
    }
    const history = byStream
      .flatMap(([, events]) => until(events))
      .sort((a, b) => a.position - b.position)
      .map((event): AuditEntry => ({
        position: event.position,
        recordedAt: event.recordedAt,
        stream: event.streamId,
        revision: event.revision,
        type: event.type,
        actor: event.metadata.actor,
        command: event.metadata.command ?? null,
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.causationId,
        schemaVersion: event.metadata.schemaVersion ?? 1,
        data: event.data,
      }));
    return { subject, asOf: asOf?.toISOString() ?? null, history, state };
  }

  /** The aggregate's own fold over its events, decoded (and upcast) by its decoder. */
  private stateOf(stream: string, events: StoredEvent[]): unknown {
    return this.orders.decider.events.canDecode({ streamId: stream })
      ? replay(this.orders.decider, events)
      : replay(this.services.decider, events);
  }
}

const CSV_COLUMNS = [
  'position',
  'recordedAt',
  'stream',
  'revision',
  'type',
  'actorType',
  'actorId',
  'command',
  'correlationId',
  'causationId',
  'data',
];

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(history: AuditEntry[]): string {
  const rows = history.map((entry) =>
    [
      entry.position,
      entry.recordedAt,
      entry.stream,
      entry.revision,
      entry.type,
      entry.actor.type,
      entry.actor.id,
      entry.command,
      entry.correlationId,
      entry.causationId,
      entry.data,
    ]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

export function toJsonLines(history: AuditEntry[]): string {
  return history.map((entry) => JSON.stringify(entry)).join('\n') + '\n';
}
