import { BillingDetails } from './billing-details';
import { InvoiceDocument, InvoiceIssuedData, italianDay } from './invoice-register';

/**
 * The credit note's document for `amountCents` given back of `invoice`: made out to whom the invoice
 * was (as corrected, if it was). The whole amount reverses the invoice's lines as they were; a part is
 * one line for the refund, its VAT split off at the invoice's rate (the taxable rounded to the cent, the
 * VAT the rest, so the total is the amount refunded to the cent).
 */
export function creditNoteDocument(
  invoice: InvoiceIssuedData,
  buyer: BillingDetails,
  amountCents: number,
  reason: string,
): InvoiceDocument {
  const { document } = invoice;
  const whole = amountCents === document.totalCents;
  const taxableCents = whole
    ? document.taxableCents
    : Math.round((amountCents * 10_000) / (10_000 + document.vatRateBps));
  const described = `${whole ? 'Storno totale' : 'Storno parziale'} della fattura ${invoice.number} del ${italianDay(invoice.date)}`;
  return {
    ...document,
    buyer,
    lines: whole
      ? document.lines
      : [
          {
            description: `Rimborso: ${reason}`,
            quantity: null,
            unitPriceCents: taxableCents,
            totalCents: taxableCents,
          },
        ],
    taxableCents,
    vatCents: amountCents - taxableCents,
    totalCents: amountCents,
    reason: `${described}: ${reason}`,
    payment: { mode: document.payment.mode, amountCents },
  };
}
