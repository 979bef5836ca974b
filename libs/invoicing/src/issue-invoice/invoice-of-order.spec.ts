import { describe, expect, it } from '@jest/globals';
import { testPayee } from '@app/renewals/testing';
import { sellerOf } from './invoice-of-order';

const office = {
  street: 'Via di Prova 1',
  postalCode: '20121',
  city: 'Milano',
  province: 'MI',
  country: 'IT',
};

describe('the seller', () => {
  it('is the payee, with its Partita IVA and registered office from the configuration', () =>
    expect(
      sellerOf({
        ...testPayee,
        contacts: { ...testPayee.contacts!, vatNumber: 'IT05554440155' },
        registeredOffice: office,
      }),
    ).toEqual({ name: testPayee.name, vatNumber: '05554440155', taxRegime: 'RF01', address: office }));

  it('refuses a configuration an invoice could not name its seller with', () => {
    expect(() => sellerOf({ ...testPayee, registeredOffice: office })).toThrow(
      'payee.contacts.vatNumber: "IT00000000000" is not a valid Partita IVA',
    );
    expect(() =>
      sellerOf({ ...testPayee, contacts: { ...testPayee.contacts!, vatNumber: 'IT05554440155' } }),
    ).toThrow('payee.registeredOffice');
  });
});
