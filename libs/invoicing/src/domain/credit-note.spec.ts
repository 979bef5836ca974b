import { describe, expect, it } from '@jest/globals';
import { checkTotals } from './fattura-pa';
import { creditNoteDocument } from './credit-note';
import { InvoiceIssuedData } from './invoice-register';
import { companyDetails, personDetails, sampleDocument } from '../testing';

const invoice: InvoiceIssuedData = {
  invoiceId: 'i1',
  year: 2026,
  sequence: 4,
  number: '2026/4',
  date: '2026-11-25',
  orderId: 'o1',
  orderNumber: '2026-000123',
  customerId: 'c1',
  serviceId: 's1',
  document: sampleDocument,
  issuedAt: '2026-11-25T10:00:00.000Z',
};

describe('credit note document', () => {
  it('reverses the whole invoice with its own lines and totals', () => {
    const note = creditNoteDocument(invoice, companyDetails, 8113, 'Recesso');
    expect(note).toMatchObject({
      lines: sampleDocument.lines,
      taxableCents: 6650,
      vatCents: 1463,
      totalCents: 8113,
      reason: 'Storno totale della fattura 2026/4 del 25/11/2026: Recesso',
      payment: { mode: 'MP05', amountCents: 8113 },
    });
    checkTotals(note);
  });

  it('gives back a part as one line whose VAT is split off at the invoice’s rate, to the cent', () => {
    for (const amount of [1, 99, 1000, 3333, 8112]) {
      const note = creditNoteDocument(invoice, personDetails, amount, 'Disservizio');
      expect(note.totalCents).toBe(amount);
      expect(note.lines).toEqual([
        {
          description: 'Rimborso: Disservizio',
          quantity: null,
          unitPriceCents: note.taxableCents,
          totalCents: note.taxableCents,
        },
      ]);
      expect(Math.abs(note.vatCents - Math.round((note.taxableCents * 22) / 100))).toBeLessThanOrEqual(1);
      expect(note.buyer).toBe(personDetails);
      checkTotals(note);
    }
  });
});
