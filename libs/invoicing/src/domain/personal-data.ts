import { PersonalDataPolicy, tenYearsAfter } from '@app/kernel';
import { BillingDetailsEvent } from './billing-details.decider';
import { InvoiceEvent } from './invoice.decider';
import { InvoiceRegisterEvent } from './invoice-register';

/** Who the holder is and where: their kind, province, country and whether a public body stay in clear. */
const billingPaths = (at: string) =>
  [
    'holder.name',
    'holder.firstName',
    'holder.lastName',
    'vatNumber',
    'taxCode',
    'address.street',
    'address.postalCode',
    'address.city',
    'sdiCode',
    'pec',
  ].map((path) => `${at}.${path}`);

/** The buyer, and the lines and causale, which name the service (often after its holder). */
const DOCUMENT_PATHS = [...billingPaths('document.buyer'), 'document.lines.*.description', 'document.reason'];

type DataOf<E extends { type: string; data: unknown }, T extends E['type']> = Extract<E, { type: T }>['data'];

/**
 * The personal data in the invoicing events (decisions.md #34). The billing details are personal. An
 * issued invoice's buyer (and the exchange's words about it) is a fiscal record: kept ten years from the
 * end of the year of its date even after its owner is erased, readable then only by the invoices'
 * documents, and hidden from every other reader.
 */
export const invoicingPersonalData: PersonalDataPolicy = {
  BillingDetailsRecorded: {
    subject: (data: BillingDetailsEvent['data']) => data.customerId,
    personal: billingPaths('details'),
  },
  InvoiceIssued: {
    subject: (data: DataOf<InvoiceRegisterEvent, 'InvoiceIssued'>) => data.customerId,
    fiscal: {
      paths: DOCUMENT_PATHS,
      retainUntil: (data: { date: string }) => tenYearsAfter(data.date),
    },
  },
  CreditNoteIssued: {
    subject: (data: DataOf<InvoiceRegisterEvent, 'CreditNoteIssued'>) => data.customerId,
    fiscal: {
      paths: DOCUMENT_PATHS,
      retainUntil: (data: { date: string }) => tenYearsAfter(data.date),
    },
  },
  // The invoice's stream belongs to the buyer its first send names.
  InvoiceTransmitted: { subject: (data: DataOf<InvoiceEvent, 'InvoiceTransmitted'>) => data.customerId },
  InvoiceRejected: {
    fiscal: {
      paths: ['errors.*.description'],
      retainUntil: (data: DataOf<InvoiceEvent, 'InvoiceRejected'>) => tenYearsAfter(data.rejectedAt),
    },
  },
  InvoiceCorrected: {
    fiscal: {
      paths: billingPaths('buyer'),
      retainUntil: (data: DataOf<InvoiceEvent, 'InvoiceCorrected'>) => tenYearsAfter(data.correctedAt),
    },
  },
};
