/**
 * The register of a year's invoices: one stream per year whose events are the invoices issued, in
 * order. An invoice's number is its place in that stream (revision 0 is number 1), so numbers are
 * progressive and without gaps by construction: an invoice exists exactly when its number does, and both
 * are written by one append at the register's expected revision (decisions.md #30).
 */
import { eventDecoder } from '@app/kernel';
import { BillingDetails } from './billing-details';
import { FatturaPaInput, fatturaPaXml } from './fattura-pa';

export const INVOICE_ISSUED = 'InvoiceIssued';
export const CREDIT_NOTE_ISSUED = 'CreditNoteIssued';

/** What an invoice says apart from its number and date: who sells, who buys, the lines and the totals. */
export type InvoiceDocument = Omit<
  FatturaPaInput,
  'transmissionId' | 'type' | 'number' | 'date' | 'corrects'
>;

export interface InvoiceIssuedData {
  invoiceId: string;
  year: number;
  /** Progressive within the year, from 1. */
  sequence: number;
  /** As printed and sent: "2026/17". */
  number: string;
  /** YYYY-MM-DD, Italian time: the invoice's date. */
  date: string;
  orderId: string;
  orderNumber: string;
  customerId: string;
  serviceId: string;
  /** The whole document as issued (a fiscal record: later billing details never change it). */
  document: InvoiceDocument;
  issuedAt: string;
}

/**
 * A credit note (nota di credito, TD04): a document of the register like an invoice, numbered in the
 * same sequence, that gives back some or all of an invoice's amount. `invoiceId` is its own id (its
 * stream at the exchange is `invoice-<id>` like an invoice's); `corrects` is the invoice it reduces.
 */
export interface CreditNoteIssuedData extends InvoiceIssuedData {
  corrects: { invoiceId: string; number: string; date: string };
  /** The refund it documents: its reference at the bank or provider. */
  refundReference: string;
}

/** An invoice or a credit note, as the register holds it. */
export type RegisteredDocument = InvoiceIssuedData | CreditNoteIssuedData;

export const isCreditNote = (document: RegisteredDocument): document is CreditNoteIssuedData =>
  'corrects' in document;

export const REGISTER_CATEGORY = 'invoiceRegister';
export const registerStream = (year: number) => `${REGISTER_CATEGORY}-${year}`;

export type InvoiceRegisterEvent =
  | { type: typeof INVOICE_ISSUED; data: InvoiceIssuedData }
  | { type: typeof CREDIT_NOTE_ISSUED; data: CreditNoteIssuedData };

export const invoiceRegisterEvents = eventDecoder<InvoiceRegisterEvent>({
  categories: [REGISTER_CATEGORY],
  versions: { [INVOICE_ISSUED]: 1, [CREDIT_NOTE_ISSUED]: 1 },
});

export const invoiceNumber = (year: number, sequence: number) => `${year}/${sequence}`;

/** The sequence that the next invoice takes when the register's last event is at `revision` (-1: empty). */
export const nextSequence = (revision: number) => revision + 2;

/** A YYYY-MM-DD date as Italians write it: 03/12/2026. */
export const italianDay = (date: string) => date.split('-').reverse().join('/');

/** Made once: a formatter costs about 150 µs to make and 2 µs to use. */
const ITALIAN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' });
const ITALIAN_YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' });

/** The day in Italy at `at`, YYYY-MM-DD. */
export function italianDate(at: Date): string {
  return ITALIAN_DAY.format(at);
}

/**
 * The file's progressivo invio (up to 10 letters and digits, unique per file sent): F, the year and the
 * sequence in base 36 for the file as issued; R, the year's last two digits, the sequence and the attempt
 * for a corrected re-send (the exchange refuses a progressivo it has seen).
 */
export function transmissionIdOf(invoice: Pick<InvoiceIssuedData, 'year' | 'sequence'>, attempt = 1): string {
  const sequence = invoice.sequence.toString(36).toUpperCase().padStart(5, '0');
  if (attempt === 1) return `F${invoice.year}${sequence}`;
  return `R${String(invoice.year % 100).padStart(2, '0')}${sequence}${attempt.toString(36).toUpperCase().padStart(2, '0')}`;
}

/** Sends per invoice that a file name can tell apart; a year holds a million invoices, and names repeat every six years. */
const SENDS_PER_INVOICE = 10;
const INVOICES_PER_YEAR = 1_000_000;

/**
 * The file's name as the exchange requires it: IT, the transmitter's Partita IVA, an underscore and a
 * progressive of five letters and digits unique per file (base 36 of the year's slot, the sequence and
 * the attempt).
 */
export function fileNameOf(
  invoice: Pick<InvoiceIssuedData, 'year' | 'sequence' | 'document'>,
  attempt = 1,
): string {
  if (attempt > SENDS_PER_INVOICE || invoice.sequence > INVOICES_PER_YEAR)
    throw new Error(`Invoice ${invoice.year}/${invoice.sequence}: send ${attempt} has no file name left`);
  const slot = (invoice.year % 6) * INVOICES_PER_YEAR * SENDS_PER_INVOICE;
  const progressive = slot + (invoice.sequence - 1) * SENDS_PER_INVOICE + (attempt - 1);
  return `IT${invoice.document.seller.vatNumber}_${progressive.toString(36).toUpperCase().padStart(5, '0')}.xml`;
}

/**
 * The invoice's FatturaPA XML, from the issued event alone, or with the buyer a correction gave it and
 * the attempt it is sent as (number and date stay those issued).
 */
export function invoiceXml(
  invoice: RegisteredDocument,
  sent: { attempt?: number; buyer?: BillingDetails | null } = {},
): string {
  return fatturaPaXml({
    ...invoice.document,
    buyer: sent.buyer ?? invoice.document.buyer,
    transmissionId: transmissionIdOf(invoice, sent.attempt),
    ...(isCreditNote(invoice)
      ? { type: 'TD04', corrects: { number: invoice.corrects.number, date: invoice.corrects.date } }
      : { type: 'TD01' }),
    number: invoice.number,
    date: invoice.date,
  });
}

/** The year an invoice issued at `at` is numbered in: Italian time, so a payment at 00:30 on 1 January counts in the new year. */
export function invoiceYear(at: Date): number {
  return Number(ITALIAN_YEAR.format(at));
}
