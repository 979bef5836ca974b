import { companyDetails, personDetails, sampleDocument, unregisteredCompanyDetails } from '../testing';
import { InvoiceIssuedData, fileNameOf, invoiceXml } from '../domain';
import { SandboxSdiExchange } from './sandbox-sdi-exchange';

const at = new Date('2026-12-03T10:00:00.000Z');
const invoice = (sequence: number, buyer = companyDetails): InvoiceIssuedData => ({
  invoiceId: `i${sequence}`,
  year: 2026,
  sequence,
  number: `2026/${sequence}`,
  date: '2026-12-03',
  orderId: 'o1',
  orderNumber: '2026-000123',
  customerId: 'c1',
  serviceId: 's1',
  document: { ...sampleDocument, buyer },
  issuedAt: at.toISOString(),
});
const file = (data: InvoiceIssuedData, attempt = 1, buyer?: typeof companyDetails) => ({
  fileName: fileNameOf(data, attempt),
  xml: invoiceXml(data, { attempt, buyer }),
  sentAt: at,
});

describe('sandbox SdI exchange', () => {
  let sdi: SandboxSdiExchange;
  beforeEach(() => (sdi = new SandboxSdiExchange()));

  it('delivers an invoice to a recipient code (RC)', async () => {
    expect(await sdi.transmit(file(invoice(1)))).toEqual({ type: 'RC', sdiId: '1', at: at.toISOString() });
  });

  it('rejects a Partita IVA that no tax office assigned (00305), and takes the corrected file', async () => {
    const wrong = invoice(1, unregisteredCompanyDetails);
    const answer = await sdi.transmit(file(wrong));
    expect(answer).toMatchObject({ type: 'NS', errors: [{ code: '00305' }] });
    expect(answer.type === 'NS' && answer.errors[0].description).toContain('01234567897');
    expect(await sdi.transmit(file(wrong, 2, companyDetails))).toMatchObject({ type: 'RC' });
  });

  it('rejects a seller whose Partita IVA the Anagrafe does not know (00301)', async () => {
    const seller = { ...sampleDocument.seller, vatNumber: '01234567890' };
    const data = { ...invoice(1), document: { ...invoice(1).document, seller } };
    expect(
      await sdi.transmit({ fileName: 'IT01234567890_00001.xml', xml: invoiceXml(data), sentAt: at }),
    ).toMatchObject({
      type: 'NS',
      errors: [{ code: '00301' }],
    });
  });

  it('answers the same file as the first time, and refuses another file under a used name (00002)', async () => {
    const first = await sdi.transmit(file(invoice(1)));
    expect(await sdi.transmit(file(invoice(1)))).toEqual(first);
    const other = { ...file(invoice(2)), fileName: file(invoice(1)).fileName };
    expect(await sdi.transmit(other)).toMatchObject({ type: 'NS', errors: [{ code: '00002' }] });
  });

  it('refuses an invoice number already delivered (00404)', async () => {
    await sdi.transmit(file(invoice(1)));
    const again = { ...file(invoice(1), 2), xml: invoiceXml(invoice(1), { attempt: 2 }) };
    expect(await sdi.transmit(again)).toMatchObject({ type: 'NS', errors: [{ code: '00404' }] });
  });

  it('cannot deliver to a person without a recipient code or PEC (MC)', async () => {
    const noChannel = invoice(1, { ...personDetails, pec: null });
    expect(await sdi.transmit(file(noChannel))).toMatchObject({ type: 'MC' });
  });

  it('refuses a file name that is not IT<Partita IVA>_<progressive>.xml (00001)', async () => {
    expect(await sdi.transmit({ ...file(invoice(1)), fileName: 'fattura.xml' })).toMatchObject({
      type: 'NS',
      errors: [{ code: '00001' }],
    });
  });
});

describe('file names and progressives', () => {
  it('gives every send of every invoice of a year its own name', () => {
    const names = new Set<string>();
    for (let sequence = 1; sequence <= 200; sequence++)
      for (let attempt = 1; attempt <= 10; attempt++) names.add(fileNameOf(invoice(sequence), attempt));
    expect(names.size).toBe(2000);
    expect([...names].every((name) => /^IT06363391001_[0-9A-Z]{5}\.xml$/.test(name))).toBe(true);
  });
});
