import { jest } from '@jest/globals';
import fs from 'node:fs';
import { basename } from 'node:path';
import { describeWhen } from '@app/event-store/testing';
import {
  companyDetails,
  fatturaPaSchemaErrors,
  personDetails,
  sampleDocument,
  xmllintMissing,
} from '../testing';
import { FatturaPaInput, fatturaPaXml } from './fattura-pa';

const buyer = companyDetails;
const person = personDetails;

const invoice: FatturaPaInput = {
  ...sampleDocument,
  transmissionId: 'R2026001',
  type: 'TD01',
  number: '2026/1',
  date: '2026-12-03',
};

describe('FatturaPA XML', () => {
  it('writes the amounts with two decimals, the lines, the summary and the order', () => {
    const xml = fatturaPaXml(invoice);
    expect(xml).toContain('<FormatoTrasmissione>FPR12</FormatoTrasmissione>');
    expect(xml).toContain('<ImportoTotaleDocumento>81.13</ImportoTotaleDocumento>');
    expect(xml).toContain('<PrezzoUnitario>-3.50</PrezzoUnitario>');
    expect(xml).toContain('<ImponibileImporto>66.50</ImponibileImporto>');
    expect(xml).toContain('<Imposta>14.63</Imposta>');
    expect(xml).toContain('<Denominazione>Studio Rossi &amp; Figli S.r.l.</Denominazione>');
    expect(xml).toContain('<IdDocumento>2026-000123</IdDocumento>');
  });

  it('refuses lines that do not add up to the taxable amount, or a total that is not taxable plus VAT', () => {
    expect(() => fatturaPaXml({ ...invoice, taxableCents: 6651 })).toThrow(/add up to 6650 cents/);
    expect(() => fatturaPaXml({ ...invoice, totalCents: 8114 })).toThrow(/is not its taxable/);
  });

  it('addresses a person by name, and through a PEC address when there is no recipient code', () => {
    const xml = fatturaPaXml({
      ...invoice,
      buyer: person,
    });
    expect(xml).toContain('<CodiceDestinatario>0000000</CodiceDestinatario>');
    expect(xml).toContain('<PECDestinatario>mario.rossi@pec.it</PECDestinatario>');
    expect(xml).toContain('<Nome>Mario</Nome>');
    expect(xml).toContain('<CodiceFiscale>RSSMRA85T10A562S</CodiceFiscale>');
    // A person without a Partita IVA has no IdFiscaleIVA: the company's number appears nowhere.
    expect(xml).not.toContain('01234560157');
  });
});

describeWhen(xmllintMissing() ?? '', 'FatturaPA XML against the official 1.2.1 schema (xmllint)', () => {
  it('leaves no copy of the document checked behind in the temporary folder', () => {
    const made: string[] = [];
    const mkdtemp = fs.mkdtempSync;
    const spy = jest.spyOn(fs, 'mkdtempSync').mockImplementation((prefix, options) => {
      const dir = mkdtemp(prefix, options) as string;
      made.push(dir);
      return dir;
    });
    try {
      expect(fatturaPaSchemaErrors(fatturaPaXml(invoice))).toBeNull();
    } finally {
      spy.mockRestore();
    }
    const documents = made.filter((dir) => basename(dir).startsWith('fatturapa-doc-'));
    expect(documents).toHaveLength(1);
    expect(documents.filter((dir) => fs.existsSync(dir))).toEqual([]);
  });

  it('an invoice to a company (FPR12) is valid', () =>
    expect(fatturaPaSchemaErrors(fatturaPaXml(invoice))).toBeNull());

  it('an invoice to a person with a PEC address is valid', () =>
    expect(
      fatturaPaSchemaErrors(
        fatturaPaXml({
          ...invoice,
          buyer: person,
        }),
      ),
    ).toBeNull());

  it('an invoice to a public body (FPA12) and a credit note (TD04) naming its invoice are valid', () => {
    expect(
      fatturaPaSchemaErrors(
        fatturaPaXml({ ...invoice, buyer: { ...buyer, publicBody: true, sdiCode: 'UFE3Q1' } }),
      ),
    ).toBeNull();
    expect(
      fatturaPaSchemaErrors(
        fatturaPaXml({
          ...invoice,
          type: 'TD04',
          number: '2026/2',
          corrects: { number: '2026/1', date: '2026-12-03' },
        }),
      ),
    ).toBeNull();
  });

  it('the check fails a document the schema refuses: a recipient code of the wrong length, no number', () => {
    expect(fatturaPaSchemaErrors(fatturaPaXml({ ...invoice, buyer: { ...buyer, sdiCode: 'ABC' } }))).toMatch(
      /CodiceDestinatario/,
    );
    expect(fatturaPaSchemaErrors(fatturaPaXml(invoice).replace(/<Numero>[^<]*<\/Numero>/, ''))).toMatch(
      /Numero|ImportoTotaleDocumento/,
    );
  });
});
