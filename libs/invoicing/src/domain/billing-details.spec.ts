import { companyDetails } from '../testing';
import { billingIssues, isValidPersonTaxCode, isValidVatNumber } from './billing-details';

const company = companyDetails;

describe('Partita IVA', () => {
  it.each(['06363391001', '01234567897', '00743110157'])('accepts %s (its check digit is right)', (value) =>
    expect(isValidVatNumber(value)).toBe(true),
  );
  it.each([
    ['06363391002', 'a wrong check digit'],
    ['01234567890', 'a wrong check digit'],
    ['0636339100', 'ten digits'],
    ['IT06363391001', 'the country prefix'],
    ['00000000000', 'zeros'],
  ])('refuses %s (%s)', (value) => expect(isValidVatNumber(value)).toBe(false));
});

describe('Codice Fiscale', () => {
  it.each(['RSSMRA85T10A562S', 'MRTMTT25D09F205Z', 'RSSMRA85T10A56NH'])('accepts %s', (value) =>
    expect(isValidPersonTaxCode(value)).toBe(true),
  );
  it.each([
    ['RSSMRA85T10A562T', 'a wrong check character'],
    ['RSSMRA85Z10A562S', 'Z is no month'],
    ['rssmra85t10a562s', 'lower case'],
    ['RSSMRA85T10A562', '15 characters'],
  ])('refuses %s (%s)', (value) => expect(isValidPersonTaxCode(value)).toBe(false));
});

describe('billing details', () => {
  it('a company with its Partita IVA, address and recipient code has no issue', () =>
    expect(billingIssues(company)).toEqual([]));

  it('a person with a Codice Fiscale and a PEC address has no issue', () =>
    expect(
      billingIssues({
        ...company,
        holder: { kind: 'person', firstName: 'Mario', lastName: 'Rossi' },
        vatNumber: null,
        taxCode: 'RSSMRA85T10A562S',
        sdiCode: null,
        pec: 'mario.rossi@pec.it',
      }),
    ).toEqual([]));

  it('names each wrong field with its reason', () =>
    expect(
      billingIssues({
        ...company,
        vatNumber: '06363391002',
        taxCode: 'RSSMRA85T10A562T',
        address: { ...company.address, postalCode: '2012', province: 'Milano' },
        sdiCode: 'ABC',
        pec: 'not-an-address',
      }),
    ).toEqual([
      { field: 'vatNumber', reason: 'the Partita IVA’s check digit is wrong' },
      { field: 'taxCode', reason: 'the Codice Fiscale’s check character is wrong' },
      { field: 'address.postalCode', reason: 'a CAP is five digits' },
      {
        field: 'address.province',
        reason: 'an Italian address needs its province’s two letters (MI, RM, ...)',
      },
      { field: 'sdiCode', reason: 'a recipient code is 7 capital letters and digits' },
      { field: 'pec', reason: 'not an email address' },
    ]));

  it('a company needs its Partita IVA and a way to be reached; a public body its office code', () => {
    expect(billingIssues({ ...company, vatNumber: null, sdiCode: null })).toEqual([
      { field: 'vatNumber', reason: 'a company is invoiced with its Partita IVA' },
      { field: 'sdiCode', reason: 'a company needs a recipient code or a PEC address' },
    ]);
    expect(billingIssues({ ...company, publicBody: true })).toEqual([
      {
        field: 'sdiCode',
        reason: 'a public body is invoiced through its 6-character office code (codice univoco ufficio)',
      },
    ]);
    expect(billingIssues({ ...company, publicBody: true, sdiCode: 'UFE3Q1' })).toEqual([]);
  });

  it('a foreign address needs no CAP or province', () =>
    expect(
      billingIssues({
        ...company,
        address: {
          street: 'Rue de Rivoli 1',
          postalCode: '75001',
          city: 'Paris',
          province: null,
          country: 'FR',
        },
      }),
    ).toEqual([]));
});
