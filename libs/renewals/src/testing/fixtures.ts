import { Catalog } from '../domain/pricing/catalog';
import { ConsentDocuments, DEFAULT_POLICY, Payee } from '../domain/shared/policy';
import { OrderContext } from '../domain/order/order.decider';

/** A small catalog with round prices, so expected totals can be worked out by hand in the specs. */
export const testCatalog: Catalog = {
  version: 'test-1',
  currency: 'EUR',
  vatRateBps: 2200,
  products: [
    {
      code: 'STD',
      name: 'Fatturazione Elettronica',
      promotional: false,
      yearlyPriceCents: 2500,
      includedStorageGb: 1,
      includedUsers: 1,
    },
    {
      code: 'PROMO',
      name: 'FE Promo',
      promotional: true,
      yearlyPriceCents: 1500,
      includedStorageGb: 1,
      includedUsers: 1,
    },
  ],
  storagePack: { name: 'Spazio 1 GB', yearlyPriceCents: 1000 },
  extraUser: { name: 'Utente aggiuntivo', yearlyPriceCents: 500 },
  nsoModule: { name: 'Modulo NSO', yearlyPriceCents: 2000 },
  multiYearDiscounts: [
    { minYears: 3, discountBps: 500 },
    { minYears: 5, discountBps: 1000 },
  ],
  agreementCodes: [
    {
      code: 'CONV15',
      description: 'Convenzione 15%',
      discountBps: 1500,
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2026-12-31T23:59:59.999Z',
      products: ['STD'],
    },
    {
      code: 'OLD10',
      description: 'Convenzione scaduta',
      discountBps: 1000,
      validFrom: '2025-01-01T00:00:00.000Z',
      validUntil: '2025-12-31T23:59:59.999Z',
      products: ['STD'],
    },
    {
      code: 'FUTURE',
      description: 'Convenzione futura',
      discountBps: 1000,
      validFrom: '2027-01-01T00:00:00.000Z',
      validUntil: '2027-12-31T23:59:59.999Z',
      products: ['STD'],
    },
    {
      code: 'PROMOONLY',
      description: 'Solo promo',
      discountBps: 1000,
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2026-12-31T23:59:59.999Z',
      products: ['PROMO'],
    },
  ],
};

export const testDocuments: ConsentDocuments = {
  GENERAL_TERMS: { version: 'GT-3', title: 'Condizioni generali', url: '/documents/gt/3' },
  ONEROUS_CLAUSES: { version: 'OC-3', title: 'Clausole vessatorie', url: '/documents/oc/3' },
  PRIVACY_NOTICE: { version: 'PN-2', title: 'Informativa privacy', url: '/documents/pn/2' },
};

export const testPayee: Payee = {
  name: 'Hosting Italia S.p.A.',
  iban: 'IT60X0542811101000000123456',
  bic: 'BPMOIT22XXX',
  bank: 'Banca di Prova',
  postalAccount: '12345678',
  contacts: {
    address: 'Via di Prova 1, 20121 Milano (MI)',
    email: 'assistenza@prova.example',
    phone: '+39 02 0000 0000',
    website: 'https://www.prova.example',
    vatNumber: 'IT00000000000',
  },
};

export const testContext: OrderContext = {
  catalog: testCatalog,
  policy: DEFAULT_POLICY,
  documents: testDocuments,
  payee: testPayee,
};

export const allConsents = { GENERAL_TERMS: 'GT-3', ONEROUS_CLAUSES: 'OC-3', PRIVACY_NOTICE: 'PN-2' };
