import { BillingDetails } from '../domain/billing-details';
import { InvoiceDocument } from '../domain/invoice-register';

/** A company with a valid Partita IVA, reached through its recipient code. */
export const companyDetails: BillingDetails = {
  holder: { kind: 'company', name: 'Studio Rossi & Figli S.r.l.' },
  vatNumber: '01234560157',
  taxCode: '01234560157',
  address: { street: 'Via Roma 1', postalCode: '20121', city: 'Milano', province: 'MI', country: 'IT' },
  publicBody: false,
  sdiCode: 'M5UXCR1',
  pec: null,
};

/**
 * A company whose Partita IVA has a right check digit but an office code (789) no tax office has: the
 * details pass our checks, and the exchange rejects the invoice (00305).
 */
export const unregisteredCompanyDetails: BillingDetails = {
  ...companyDetails,
  vatNumber: '01234567897',
  taxCode: '01234567897',
};

/** A private person, reached through a PEC address (no recipient code). */
export const personDetails: BillingDetails = {
  ...companyDetails,
  holder: { kind: 'person', firstName: 'Mario', lastName: 'Rossi' },
  vatNumber: null,
  taxCode: 'RSSMRA85T10A562S',
  sdiCode: null,
  pec: 'mario.rossi@pec.it',
};

/** A two-year renewal: the service, a storage pack, the multi-year discount, VAT 22%. */
export const sampleDocument: InvoiceDocument = {
  seller: {
    name: 'Hosting Italia S.p.A.',
    vatNumber: '06363391001',
    taxRegime: 'RF01',
    address: {
      street: 'Via dei Server 10',
      postalCode: '52100',
      city: 'Arezzo',
      province: 'AR',
      country: 'IT',
    },
  },
  buyer: companyDetails,
  lines: [
    {
      description: 'Fatturazione Elettronica, rinnovo 2 anni',
      quantity: 2,
      unitPriceCents: 2500,
      totalCents: 5000,
    },
    { description: 'Pacchetto spazio aggiuntivo', quantity: 2, unitPriceCents: 1000, totalCents: 2000 },
    { description: 'Sconto pluriennale 5%', quantity: null, unitPriceCents: -350, totalCents: -350 },
  ],
  vatRateBps: 2200,
  taxableCents: 6650,
  vatCents: 1463,
  totalCents: 8113,
  reason: 'Rinnovo ordine 2026-000123',
  orderNumber: '2026-000123',
  payment: { mode: 'MP05', amountCents: 8113 },
};
