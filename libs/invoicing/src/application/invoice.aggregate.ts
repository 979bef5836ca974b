import { EventStore } from '@app/event-store';
import { Aggregate } from '@app/renewals';
import {
  CREDIT_NOTE_ISSUED,
  INVOICE_ISSUED,
  InvoiceCommand,
  InvoiceEvent,
  InvoiceRef,
  RegisteredDocument,
  InvoiceState,
  invoiceDecider,
  invoiceStream,
  registerStream,
} from '../domain';

export const invoiceAggregate: Aggregate<InvoiceCommand, InvoiceEvent, InvoiceState> = {
  decider: invoiceDecider,
  stream: invoiceStream,
  ownerOf: (state) => state.ref?.customerId ?? null,
  notFound: { code: 'INVOICE_NOT_FOUND', what: 'Invoice' },
};

export const refOf = (invoice: RegisteredDocument): InvoiceRef => ({
  invoiceId: invoice.invoiceId,
  number: invoice.number,
  year: invoice.year,
  sequence: invoice.sequence,
  customerId: invoice.customerId,
  serviceId: invoice.serviceId,
  orderId: invoice.orderId,
});

/** The invoice as issued, from its place in the register (its number is its revision there, plus one). */
export async function issuedInvoice(
  store: EventStore,
  ref: Pick<InvoiceRef, 'year' | 'sequence' | 'invoiceId'>,
): Promise<RegisteredDocument> {
  const [event] = await store.readStream(registerStream(ref.year), ref.sequence - 1, 1);
  if ((event?.type !== INVOICE_ISSUED && event?.type !== CREDIT_NOTE_ISSUED) || event.id !== ref.invoiceId)
    throw new Error(`${registerStream(ref.year)} has no invoice ${ref.invoiceId} at ${ref.sequence}`);
  return event.data as RegisteredDocument;
}
