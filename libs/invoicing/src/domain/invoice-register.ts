/**
 * The register of a year's invoices: one stream per year whose events are the invoices issued, in
 * order. An invoice's number is its place in that stream (revision 0 is number 1), so numbers are
 * progressive and without gaps by construction: an invoice exists exactly when its number does, and both
 * are written by one append at the register's expected revision (decisions.md #30).
 */
export const INVOICE_ISSUED = 'InvoiceIssued';

export interface InvoiceIssuedData {
  invoiceId: string;
  year: number;
  /** Progressive within the year, from 1. */
  sequence: number;
  /** As printed and sent: "2026/17". */
  number: string;
  orderId: string;
  orderNumber: string;
  issuedAt: string;
}

export const registerStream = (year: number) => `invoiceRegister-${year}`;

export const invoiceNumber = (year: number, sequence: number) => `${year}/${sequence}`;

/** The sequence that the next invoice takes when the register's last event is at `revision` (-1: empty). */
export const nextSequence = (revision: number) => revision + 2;

/** The year an invoice issued at `at` is numbered in: Italian time, so a payment at 00:30 on 1 January counts in the new year. */
export function invoiceYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(at));
}
