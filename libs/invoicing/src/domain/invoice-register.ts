/**
 * The register of a year's invoices: one stream per year whose events are the invoices issued, in
 * order. An invoice's number is its place in that stream (revision 0 is number 1), so numbers are
 * progressive and without gaps by construction: an invoice exists exactly when its number does, and both
 * are written by one append at the register's expected revision (decisions.md #30).
 */
import { FatturaPaInput, fatturaPaXml } from './fattura-pa';

export const INVOICE_ISSUED = 'InvoiceIssued';

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

export const registerStream = (year: number) => `invoiceRegister-${year}`;

export const invoiceNumber = (year: number, sequence: number) => `${year}/${sequence}`;

/** The sequence that the next invoice takes when the register's last event is at `revision` (-1: empty). */
export const nextSequence = (revision: number) => revision + 2;

/** The day in Italy at `at`, YYYY-MM-DD. */
export function italianDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(at);
}

/** The file's progressivo invio: F, the year, the sequence in base 36 (10 characters, unique per invoice). */
export const transmissionIdOf = (invoice: Pick<InvoiceIssuedData, 'year' | 'sequence'>) =>
  `F${invoice.year}${invoice.sequence.toString(36).toUpperCase().padStart(5, '0')}`;

/** The invoice's FatturaPA XML, from the issued event alone. */
export function invoiceXml(invoice: InvoiceIssuedData): string {
  return fatturaPaXml({
    ...invoice.document,
    transmissionId: transmissionIdOf(invoice),
    type: 'TD01',
    number: invoice.number,
    date: invoice.date,
  });
}

/** The year an invoice issued at `at` is numbered in: Italian time, so a payment at 00:30 on 1 January counts in the new year. */
export function invoiceYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(at));
}
