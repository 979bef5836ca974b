import { BillingDetails } from '../domain/billing-details';

/** A company with a valid Partita IVA, reached through its recipient code. */
export const companyDetails: BillingDetails = {
  holder: { kind: 'company', name: 'Studio Rossi & Figli S.r.l.' },
  vatNumber: '01234567897',
  taxCode: '01234567897',
  address: { street: 'Via Roma 1', postalCode: '20121', city: 'Milano', province: 'MI', country: 'IT' },
  publicBody: false,
  sdiCode: 'M5UXCR1',
  pec: null,
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
