import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, StoredEvent } from '@app/event-store';
import { AccountState, READ_MODEL_DB, ReadModelDb, accountDecider, accountStream } from '@app/platform';
import { Deciders, RENEWAL_CONTEXT } from '@app/renewals';
import { replay } from '@app/kernel';
import {
  InvoiceState,
  creditNoteIdOf,
  invoiceDecider,
  invoiceIdOf,
  invoiceStream,
  registerStream,
} from '@app/invoicing';
import { NotFound, OrderState, ServiceState } from '@app/renewals/domain';
import { CustomerAreaTables } from '../customer-area/customer-area.tables';

export interface AuditEntry {
  position: number;
  recordedAt: string;
  stream: string;
  revision: number;
  type: string;
  /** Who: the user's name when the actor is a person with an account (customer or back office). */
  actor: { type: string; id: string; name: string | null };
  command: string | null;
  correlationId: string;
  causationId: string | null;
  /** The event's data as it was recorded, in the shape of its schema version (the state below is today's). */
  schemaVersion: number;
  data: unknown;
  /** The state of the event's stream right after it, as the aggregate's own fold has it. */
  stateAfter: unknown;
}

export interface AuditReport {
  subject: { kind: 'order' | 'service' | 'customer'; id: string; orderNumber?: string | null };
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
  private readonly accounts: ReadModelDb;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(RENEWAL_CONTEXT) deciders: Deciders,
  ) {
    this.orders = deciders.orders;
    this.services = deciders.services;
    this.db = db.withTables<CustomerAreaTables>();
    this.accounts = db;
  }

  async order(orderId: string, asOf: Date | null): Promise<AuditReport> {
    return this.report({ kind: 'order', id: orderId }, await this.orderStreams(orderId), asOf);
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
      // Their account: its registration and, if it came to that, the erasure of their personal data.
      accountStream(customerId),
      ...services.map((s) => this.services.stream(s.service_id)),
      ...orders.map((o) => this.orders.stream(o.order_id)),
    ];
    return this.report({ kind: 'customer', id: customerId }, streams, asOf);
  }

  /**
   * An order's stream, its invoice's and its credit notes' (their sends, the exchange's answers, the
   * corrections), and each document's entry in its year's register (read alone, by its number).
   */
  private async orderStreams(orderId: string): Promise<{ streams: string[]; entries: StoredEvent[] }> {
    const order = this.orders.stream(orderId);
    const refunds = (await this.store.readStream(order))
      .filter((event) => event.type === 'PaidOrderRefunded')
      .map((event) => (event.data as { reference: string }).reference);
    const documents = [
      invoiceIdOf(orderId),
      ...refunds.map((reference) => creditNoteIdOf(orderId, reference)),
    ];
    const entries: StoredEvent[] = [];
    for (const id of documents) {
      const [first] = await this.store.readStream(invoiceStream(id), 0, 1);
      const ref = first?.data as { year?: number; sequence?: number } | undefined;
      if (ref?.year && ref.sequence)
        entries.push(...(await this.store.readStream(registerStream(ref.year), ref.sequence - 1, 1)));
    }
    return { streams: [order, ...documents.map(invoiceStream)], entries };
  }

  private async report(
    subject: AuditReport['subject'],
    read: string[] | { streams: string[]; entries: StoredEvent[] },
    asOf: Date | null,
  ): Promise<AuditReport> {
    // `entries`: single events of a shared stream (a register), in the history but folded into no state.
    const { streams, entries } = Array.isArray(read) ? { streams: read, entries: [] } : read;
    const byStream = await Promise.all(
      streams.map(async (stream) => [stream, await this.store.readStream(stream)] as const),
    );
    if (byStream.every(([, events]) => events.length === 0))
      throw new NotFound(`${subject.kind.toUpperCase()}_NOT_FOUND`, `No ${subject.kind} ${subject.id}.`);
    const until = (events: StoredEvent[]) =>
      asOf ? events.filter((event) => Date.parse(event.recordedAt) <= asOf.getTime()) : events;
    // Each stream folded once, one event at a time: the state after each event, and the last is the state.
    const state: Record<string, unknown> = {};
    const stateAfter = new Map<StoredEvent, unknown>();
    for (const [stream, events] of byStream) {
      let folded: unknown;
      for (const event of until(events)) {
        folded = this.evolve(stream, event, folded);
        stateAfter.set(event, folded);
      }
      if (folded !== undefined) state[stream] = folded;
    }
    const recorded = until([...byStream.flatMap(([, events]) => events), ...entries]).sort(
      (a, b) => a.position - b.position,
    );
    const names = await this.namesOf(recorded.map((event) => event.metadata.actor.id));
    const history = recorded.map((event): AuditEntry => ({
      position: event.position,
      recordedAt: event.recordedAt,
      stream: event.streamId,
      revision: event.revision,
      type: event.type,
      actor: { ...event.metadata.actor, name: names.get(event.metadata.actor.id) ?? null },
      command: event.metadata.command ?? null,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      schemaVersion: event.metadata.schemaVersion ?? 1,
      data: withoutSecrets(event.data),
      // A register's entry is folded into no stream's state: the document it registers is its own.
      stateAfter: stateAfter.get(event) ?? (entries.includes(event) ? event.data : null),
    }));
    const orderNumber =
      subject.kind === 'order'
        ? ((state[this.orders.stream(subject.id)] as { orderNumber?: string | null } | undefined)
            ?.orderNumber ?? null)
        : undefined;
    return {
      subject: orderNumber === undefined ? subject : { ...subject, orderNumber },
      asOf: asOf?.toISOString() ?? null,
      history,
      state,
    };
  }

  /** The display names of the accounts among `ids` (people; the system's actors have none). */
  private async namesOf(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)].filter((id) => id);
    if (unique.length === 0) return new Map();
    const rows = await this.accounts
      .selectFrom('accounts')
      .select(['id', 'display_name'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((row) => [row.id, row.display_name]));
  }

  /** The aggregate's own fold over its events, decoded (and upcast) by its decoder. */
  /** The aggregate's own fold, one more event on `state` (its initial state when undefined). */
  private evolve(stream: string, event: StoredEvent, state: unknown): unknown {
    if (accountDecider.events.canDecode({ streamId: stream }))
      return replay(
        accountDecider,
        [event],
        (state as AccountState | undefined) ?? accountDecider.initialState(),
      );
    if (invoiceDecider.events.canDecode({ streamId: stream }))
      return replay(
        invoiceDecider,
        [event],
        (state as InvoiceState | undefined) ?? invoiceDecider.initialState(),
      );
    return this.orders.decider.events.canDecode({ streamId: stream })
      ? replay(
          this.orders.decider,
          [event],
          (state as OrderState | undefined) ?? this.orders.decider.initialState(),
        )
      : replay(
          this.services.decider,
          [event],
          (state as ServiceState | undefined) ?? this.services.decider.initialState(),
        );
  }
}

/** An account's registration holds its password's hash: never shown, even to the back office. */
function withoutSecrets(data: unknown): unknown {
  if (!data || typeof data !== 'object' || !('passwordHash' in data)) return data;
  const { passwordHash: _secret, ...rest } = data as Record<string, unknown>;
  return rest;
}

const CSV_COLUMNS = [
  'position',
  'recordedAt',
  'stream',
  'revision',
  'type',
  'actorType',
  'actorId',
  'actorName',
  'command',
  'correlationId',
  'causationId',
] as const;

/** An event's data as flat columns: `data.quote.grossCents`, arrays and empty objects as JSON. */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, `${prefix}.${key}`, into);
  } else into.set(prefix, value);
}

export type CsvDialect = { separator: ';' | ','; bom: boolean };
/** What Italian Excel opens as columns: semicolons and a UTF-8 byte-order mark. */
export const EXCEL_IT: CsvDialect = { separator: ';', bom: true };

function csvCell(value: unknown, separator: string): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const special = new RegExp(`["\r\n${separator}]`);
  return special.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The history as CSV: one row per event, the envelope's columns then one column per data field (the union
 * over the rows, in the order first seen), so a spreadsheet can filter and sum them.
 */
export function toCsv(history: AuditEntry[], dialect: CsvDialect = EXCEL_IT): string {
  const flat = history.map((entry) => {
    const fields = new Map<string, unknown>();
    flatten(entry.data, 'data', fields);
    return fields;
  });
  const dataColumns = [...new Set(flat.flatMap((fields) => [...fields.keys()]))];
  const rows = history.map((entry, i) =>
    [
      entry.position,
      entry.recordedAt,
      entry.stream,
      entry.revision,
      entry.type,
      entry.actor.type,
      entry.actor.id,
      entry.actor.name,
      entry.command,
      entry.correlationId,
      entry.causationId,
      ...dataColumns.map((column) => flat[i].get(column)),
    ]
      .map((cell) => csvCell(cell, dialect.separator))
      .join(dialect.separator),
  );
  const header = [...CSV_COLUMNS, ...dataColumns].map((c) => csvCell(c, dialect.separator));
  return (dialect.bom ? '\uFEFF' : '') + [header.join(dialect.separator), ...rows].join('\r\n') + '\r\n';
}

export function toJsonLines(history: AuditEntry[]): string {
  return history.map((entry) => JSON.stringify(entry)).join('\n') + '\n';
}
