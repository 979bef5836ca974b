import { Actor, EventStore, StoredEvent, WrongExpectedRevision } from '@app/event-store';
import { deterministicUuid } from '@app/platform';
import {
  CREDIT_NOTE_ISSUED,
  CreditNoteIssuedData,
  INVOICE_ISSUED,
  InvoiceDocument,
  InvoiceIssuedData,
  RegisteredDocument,
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

export interface IssueCreditNote extends IssueInvoice {
  corrects: CreditNoteIssuedData['corrects'];
  refundReference: string;
}

/** The invoice of an order: one per order, whichever process issues it. */
export const invoiceIdOf = (orderId: string) => deterministicUuid(`invoice:${orderId}`);

/** The credit note of a refund: one per refund of the order. */
export const creditNoteIdOf = (orderId: string, refundReference: string) =>
  deterministicUuid(`credit-note:${orderId}|${refundReference}`);

/** The register's documents read at once. */
const REGISTER_PAGE = 500;

/** Many appenders at once each lose a round to the others at most this many times before it gives up. */
const MAX_ROUNDS = 1_000;

type Numbered = Pick<InvoiceIssuedData, 'year' | 'sequence' | 'number' | 'date'>;

/**
 * The last revision a process has seen of each year's register, so that numbering the next document
 * reads only what was appended since (one read of the whole register per year and process, at most).
 * A head that is behind costs a lost round; one that is wrong cannot be, since it only ever moves to a
 * revision read or written.
 */
export class RegisterHeads {
  private readonly heads = new Map<string, number>();
  head(stream: string): number {
    return this.heads.get(stream) ?? -1;
  }
  saw(stream: string, revision: number): void {
    if (revision > this.head(stream)) this.heads.set(stream, revision);
  }
}

/**
 * Appends a document (an invoice, a credit note) to its year's register at the revision last read, and
 * reads again when another process took that number first. Its id comes from what it documents, so it
 * is registered once however many processes or retries try: the store takes an append of stored ids as
 * a retry and answers where they were stored, which is its number, read back from there.
 */
async function register<D extends RegisteredDocument>(
  store: EventStore,
  command: IssueInvoice,
  id: string,
  type: typeof INVOICE_ISSUED | typeof CREDIT_NOTE_ISSUED,
  build: (numbered: Numbered) => D,
  heads: RegisterHeads,
): Promise<D> {
  const year = invoiceYear(command.at);
  const stream = registerStream(year);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // What was appended since this process last looked, a page at a time: a process's first document of a
    // year reads the register from its start, tens of thousands of documents by the year's end, and held
    // it all at once (the server's peak memory after a restart on the 100,000-customer log). The head may
    // move while this reads (another issue of this process): count from where it read.
    let revision = heads.head(stream);
    for (;;) {
      const page: StoredEvent[] = await store.readStream(stream, revision + 1, REGISTER_PAGE);
      const known = page.find((event) => event.id === id);
      if (known) return known.data as D;
      revision += page.length;
      heads.saw(stream, revision);
      if (page.length < REGISTER_PAGE) break;
    }
    const sequence = nextSequence(revision);
    const data = build({
      year,
      sequence,
      number: invoiceNumber(year, sequence),
      date: italianDate(command.at),
    });
    try {
      const result = await store.append(
        stream,
        [
          {
            id,
            type,
            data,
            metadata: {
              correlationId: command.correlationId,
              causationId: command.causationId ?? null,
              commandId: id,
              actor: command.actor,
              command: type === INVOICE_ISSUED ? 'IssueInvoice' : 'IssueCreditNote',
              schemaVersion: 1,
            },
          },
        ],
        revision === -1 ? 'no_stream' : revision,
      );
      if (result.nextExpectedRevision === revision + 1) {
        heads.saw(stream, revision + 1);
        return data;
      }
      // Registered before, below what this process had read: its number is where it was stored.
      const [stored] = await store.readStream(stream, result.nextExpectedRevision, 1);
      return stored.data as D;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
    }
  }
  throw new Error(`${stream}: no number after ${MAX_ROUNDS} rounds of concurrent appends`);
}

const body = (command: IssueInvoice, invoiceId: string, numbered: Numbered): InvoiceIssuedData => ({
  invoiceId,
  ...numbered,
  orderId: command.orderId,
  orderNumber: command.orderNumber,
  customerId: command.customerId,
  serviceId: command.serviceId,
  document: command.document,
  issuedAt: command.at.toISOString(),
});

/** Issues the order's invoice, numbered in the year of `at` (Italian time), once per order. */
export function issueInvoice(
  store: EventStore,
  command: IssueInvoice,
  heads = new RegisterHeads(),
): Promise<InvoiceIssuedData> {
  const invoiceId = invoiceIdOf(command.orderId);
  return register(
    store,
    command,
    invoiceId,
    INVOICE_ISSUED,
    (numbered) => body(command, invoiceId, numbered),
    heads,
  );
}

/** Issues the credit note of a refund, in the same register and sequence as the invoices, once per refund. */
export function issueCreditNote(
  store: EventStore,
  command: IssueCreditNote,
  heads = new RegisterHeads(),
): Promise<CreditNoteIssuedData> {
  const id = creditNoteIdOf(command.orderId, command.refundReference);
  return register(
    store,
    command,
    id,
    CREDIT_NOTE_ISSUED,
    (numbered) => ({
      ...body(command, id, numbered),
      corrects: command.corrects,
      refundReference: command.refundReference,
    }),
    heads,
  );
}

/** A document of a year's register, by its id (null when the register has none). */
export async function registeredDocument(
  store: EventStore,
  year: number,
  id: string,
): Promise<RegisteredDocument | null> {
  const found = (await store.readStream(registerStream(year))).find((event) => event.id === id);
  return found ? (found.data as RegisteredDocument) : null;
}
