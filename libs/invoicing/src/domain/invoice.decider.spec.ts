import { specFor } from '@app/renewals/testing';
import { companyDetails, unregisteredCompanyDetails } from '../testing';
import { InvoiceEvent, InvoiceRef, SdiOutcome, invoiceDecider } from './invoice.decider';

const spec = specFor(invoiceDecider);
const ref: InvoiceRef = {
  invoiceId: 'i1',
  number: '2026/7',
  year: 2026,
  sequence: 7,
  customerId: 'c1',
  serviceId: 's1',
  orderId: 'o1',
};
const sentAt = new Date('2026-12-03T10:00:00.000Z');
const rejectedAt = '2026-12-03T10:00:01.000Z';
const rejection: SdiOutcome = {
  type: 'NS',
  sdiId: '101',
  at: rejectedAt,
  errors: [{ code: '00305', description: 'IdCodice del CessionarioCommittente non valido' }],
};

const transmit = (outcome: SdiOutcome, fileName = 'IT06363391001_00006.xml') => ({
  type: 'RecordTransmission' as const,
  data: { invoice: ref, fileName, transmissionId: 'F202600007', outcome, now: sentAt },
});
const transmitted = (attempt: number, sdiId: string, fileName = 'IT06363391001_00006.xml'): InvoiceEvent => ({
  type: 'InvoiceTransmitted',
  data: {
    ...ref,
    attempt,
    fileName,
    transmissionId: 'F202600007',
    sdiId,
    transmittedAt: sentAt.toISOString(),
  },
});
const rejected: InvoiceEvent = {
  type: 'InvoiceRejected',
  data: { invoiceId: 'i1', sdiId: '101', errors: rejection.errors, rejectedAt },
};
const correct = (now: Date, buyer = companyDetails) => ({
  type: 'CorrectInvoice' as const,
  data: {
    invoiceId: 'i1',
    buyer,
    issuedBuyer: unregisteredCompanyDetails,
    reason: 'Partita IVA corretta',
    now,
  },
});
const corrected: InvoiceEvent = {
  type: 'InvoiceCorrected',
  data: {
    invoiceId: 'i1',
    buyer: companyDetails,
    reason: 'Partita IVA corretta',
    correctedAt: '2026-12-04T09:00:00.000Z',
  },
};

describe('invoice decider', () => {
  it('records a delivered file (RC) with the send that it answers', () =>
    spec
      .given([])
      .when(transmit({ type: 'RC', sdiId: '100', at: rejectedAt }))
      .then([
        transmitted(1, '100'),
        { type: 'InvoiceDelivered', data: { invoiceId: 'i1', sdiId: '100', deliveredAt: rejectedAt } },
      ]));

  it('records a file the exchange could not deliver (MC)', () =>
    spec
      .given([])
      .when(transmit({ type: 'MC', sdiId: '100', at: rejectedAt }))
      .then([
        transmitted(1, '100'),
        { type: 'InvoiceNotDelivered', data: { invoiceId: 'i1', sdiId: '100', notifiedAt: rejectedAt } },
      ]));

  it('records a rejection (NS) with the exchange’s error codes', () =>
    spec
      .given([])
      .when(transmit(rejection))
      .then([transmitted(1, '101'), rejected]));

  it('records nothing when the same file is recorded again (a retried process)', () =>
    spec
      .given([transmitted(1, '101'), rejected])
      .when(transmit(rejection))
      .then([]));

  it('refuses a second file for an invoice that has no correction to send', () =>
    spec
      .given([transmitted(1, '101'), rejected])
      .when(transmit(rejection, 'IT06363391001_00007.xml'))
      .thenThrows('INVOICE_ALREADY_SENT'));

  it('corrects a rejected invoice within five days', () =>
    spec
      .given([transmitted(1, '101'), rejected])
      .when(correct(new Date('2026-12-04T09:00:00.000Z')))
      .then([corrected]));

  it('sends the corrected invoice as its second file', () =>
    spec
      .given([transmitted(1, '101'), rejected, corrected])
      .when(transmit({ type: 'RC', sdiId: '102', at: rejectedAt }, 'IT06363391001_00007.xml'))
      .thenEmits(([first]) => expect(first).toEqual(transmitted(2, '102', 'IT06363391001_00007.xml'))));

  it('refuses a correction more than five days after the rejection', () =>
    spec
      .given([transmitted(1, '101'), rejected])
      .when(correct(new Date('2026-12-08T10:00:02.000Z')))
      .thenThrows('CORRECTION_WINDOW_CLOSED'));

  it('refuses a correction that leaves the rejected details as they were', () =>
    spec
      .given([transmitted(1, '101'), rejected])
      .when(correct(new Date('2026-12-04T09:00:00.000Z'), unregisteredCompanyDetails))
      .thenThrows('NOTHING_CORRECTED'));

  it('refuses to correct an invoice that was delivered', () =>
    spec
      .given([
        transmitted(1, '100'),
        { type: 'InvoiceDelivered', data: { invoiceId: 'i1', sdiId: '100', deliveredAt: rejectedAt } },
      ])
      .when(correct(new Date('2026-12-04T09:00:00.000Z')))
      .thenThrows('INVOICE_NOT_REJECTED'));
});
