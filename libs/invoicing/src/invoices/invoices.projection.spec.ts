import { describe, expect, it } from '@jest/globals';
import { inStream, projectionSpec } from '@app/platform/testing';
import { companyDetails, sampleDocument, unregisteredCompanyDetails } from '../testing';
import {
  InvoiceEvent,
  InvoiceIssuedData,
  InvoiceRegisterEvent,
  invoiceStream,
  registerStream,
} from '../domain';
import { InvoicesProjection } from './invoices.projection';
import { invoicesMigrations } from './invoices.tables';

const spec = projectionSpec(new InvoicesProjection(), {
  migrations: invoicesMigrations,
  tables: ['invoices', 'invoice_figures'],
  keepsPositions: true,
});
const issued: InvoiceIssuedData = {
  invoiceId: 'i1',
  year: 2026,
  sequence: 1,
  number: '2026/1',
  date: '2026-11-25',
  orderId: 'o1',
  orderNumber: 'FE-2026-000001',
  customerId: 'c1',
  serviceId: 's1',
  document: { ...sampleDocument, buyer: unregisteredCompanyDetails },
  issuedAt: '2026-11-25T10:00:00.000Z',
};
const ref = {
  invoiceId: 'i1',
  number: '2026/1',
  year: 2026,
  sequence: 1,
  customerId: 'c1',
  serviceId: 's1',
  orderId: 'o1',
};
const register = inStream<InvoiceRegisterEvent>(registerStream(2026), {
  type: 'InvoiceIssued',
  data: issued,
});
const sent = (attempt: number, sdiId: string): InvoiceEvent => ({
  type: 'InvoiceTransmitted',
  data: {
    ...ref,
    attempt,
    fileName: `IT06363391001_0000${attempt}.xml`,
    transmissionId: `F2026000${attempt}`,
    sdiId,
    transmittedAt: '2026-11-25T10:00:01.000Z',
  },
});
const errors = [{ code: '00305', description: 'IdCodice non valido' }];

describe('invoices projection', () => {
  it('lists an issued invoice with its totals, not yet sent', () =>
    spec.given(register).thenCheck(({ invoices }) =>
      expect(invoices).toEqual([
        expect.objectContaining({
          invoice_id: 'i1',
          customer_id: 'c1',
          number: '2026/1',
          buyer_name: 'Studio Rossi & Figli S.r.l.',
          total_cents: 8113,
          status: 'ISSUED',
          attempts: 0,
          errors: '[]',
          corrected_buyer: null,
        }),
      ]),
    ));

  it("sums each day's invoices and credit notes by type for the dashboard, each document once", () =>
    spec
      .given(
        inStream<InvoiceRegisterEvent>(
          registerStream(2026),
          { type: 'InvoiceIssued', data: issued },
          { type: 'InvoiceIssued', data: { ...issued, invoiceId: 'i2', sequence: 2, number: '2026/2' } },
          {
            type: 'InvoiceIssued',
            data: { ...issued, invoiceId: 'i3', sequence: 3, number: '2026/3', date: '2026-11-26' },
          },
          // The same invoice's event stored again under another id: listed once, counted once.
          { type: 'InvoiceIssued', data: { ...issued, invoiceId: 'i2', sequence: 2, number: '2026/2' } },
          {
            type: 'CreditNoteIssued',
            data: {
              ...issued,
              invoiceId: 'n1',
              sequence: 4,
              number: '2026/4',
              date: '2026-11-26',
              document: { ...sampleDocument, taxableCents: 1000, vatCents: 220, totalCents: 1220 },
              corrects: { invoiceId: 'i1', number: '2026/1', date: '2026-11-25' },
              refundReference: 'R1',
            },
          },
        ),
      )
      .thenRows({
        invoice_figures: [
          {
            date: '2026-11-25',
            type: 'TD01',
            invoices: 2,
            taxable_cents: 13300,
            vat_cents: 2926,
            total_cents: 16226,
          },
          {
            date: '2026-11-26',
            type: 'TD01',
            invoices: 1,
            taxable_cents: 6650,
            vat_cents: 1463,
            total_cents: 8113,
          },
          {
            date: '2026-11-26',
            type: 'TD04',
            invoices: 1,
            taxable_cents: 1000,
            vat_cents: 220,
            total_cents: 1220,
          },
        ],
      }));

  it('follows a rejection, its correction and the delivered re-send', () =>
    spec
      .given([
        ...register,
        ...inStream<InvoiceEvent>(
          invoiceStream('i1'),
          sent(1, '7'),
          {
            type: 'InvoiceRejected',
            data: { invoiceId: 'i1', sdiId: '7', errors, rejectedAt: '2026-11-25T10:00:02.000Z' },
          },
          {
            type: 'InvoiceCorrected',
            data: {
              invoiceId: 'i1',
              buyer: { ...companyDetails, holder: { kind: 'company', name: 'Rossi Corretta S.r.l.' } },
              reason: 'Partita IVA',
              correctedAt: '2026-11-26T09:00:00.000Z',
            },
          },
          sent(2, '8'),
          {
            type: 'InvoiceDelivered',
            data: { invoiceId: 'i1', sdiId: '8', deliveredAt: '2026-11-26T09:00:01.000Z' },
          },
        ),
      ])
      .thenCheck(({ invoices: [row] }) =>
        expect(row).toMatchObject({
          status: 'DELIVERED',
          status_at: '2026-11-26T09:00:01.000Z',
          attempts: 2,
          sdi_id: '8',
          file_name: 'IT06363391001_00002.xml',
          buyer_name: 'Rossi Corretta S.r.l.',
          errors: '[]',
          rejected_at: '2026-11-25T10:00:02.000Z',
        }),
      ));

  it('keeps the exchange’s errors of a rejection', () =>
    spec
      .given([
        ...register,
        ...inStream<InvoiceEvent>(invoiceStream('i1'), sent(1, '7'), {
          type: 'InvoiceRejected',
          data: { invoiceId: 'i1', sdiId: '7', errors, rejectedAt: '2026-11-25T10:00:02.000Z' },
        }),
      ])
      .thenCheck(({ invoices: [row] }) =>
        expect(row).toMatchObject({ status: 'REJECTED', errors: JSON.stringify(errors) }),
      ));
});
