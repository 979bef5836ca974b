import { Actor, EventStore, StoredEvent, WrongExpectedRevision } from '@app/event-store';
import { deterministicUuid } from '@app/platform';
import {
  INVOICE_ISSUED,
  InvoiceDocument,
  InvoiceIssuedData,
  italianDate,
  invoiceNumber,
  invoiceYear,
  nextSequence,
  registerStream,
} from '../domain/invoice-register';

export interface IssueInvoice {
  orderId: string;
  orderNumber: string;
  customerId: string;
  serviceId: string;
  document: InvoiceDocument;
  /** The event the invoice is issued for (the payment registered). */
  causationId?: string | null;
  at: Date;
  actor: Actor;
  correlationId: string;
}

/** The invoice of an order: one per order, whichever process issues it. */
export const invoiceIdOf = (orderId: string) => deterministicUuid(`invoice:${orderId}`);

/** Many appenders at once each lose a round to the others at most this many times before it gives up. */
const MAX_ROUNDS = 1_000;

/**
 * Issues the order's invoice: appends it to its year's register at the revision last read, and reads
 * again when another process took that number first. The event's id is derived from the order, so an
 * order is invoiced once however many processes or retries try (the store takes an append of stored
 * ids as a retry and answers where they were stored: the number they got).
 */
export async function issueInvoice(store: EventStore, command: IssueInvoice): Promise<InvoiceIssuedData> {
  const year = invoiceYear(command.at);
  const stream = registerStream(year);
  const invoiceId = invoiceIdOf(command.orderId);
  let events: StoredEvent[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    events = events.concat(await store.readStream(stream, events.length));
    const known = events.find((event) => event.id === invoiceId);
    if (known) return known.data as InvoiceIssuedData;
    const revision = events.length - 1;
    const sequence = nextSequence(revision);
    const data: InvoiceIssuedData = {
      invoiceId,
      year,
      sequence,
      number: invoiceNumber(year, sequence),
      date: italianDate(command.at),
      orderId: command.orderId,
      orderNumber: command.orderNumber,
      customerId: command.customerId,
      serviceId: command.serviceId,
      document: command.document,
      issuedAt: command.at.toISOString(),
    };
    try {
      const result = await store.append(
        stream,
        [
          {
            id: invoiceId,
            type: INVOICE_ISSUED,
            data,
            metadata: {
              correlationId: command.correlationId,
              causationId: command.causationId ?? null,
              commandId: invoiceId,
              actor: command.actor,
              command: 'IssueInvoice',
              schemaVersion: 1,
            },
          },
        ],
        revision === -1 ? 'no_stream' : revision,
      );
      // A retry of an append stored before answers where it was stored: read that number back.
      if (result.nextExpectedRevision !== revision + 1) continue;
      return data;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
    }
  }
  throw new Error(`${stream}: no number after ${MAX_ROUNDS} rounds of concurrent appends`);
}
