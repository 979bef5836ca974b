import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { invoiceStream } from '@app/invoicing';
import { fatturaPaSchemaErrors, unregisteredCompanyDetails, xmllintMissing } from '@app/invoicing/testing';
import { demoServiceId } from '../apps/api/src/demo-data';
import {
  Api,
  eventually,
  forEachEngine,
  renewAndConfirm,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';
import { deleteReadModels, readModels } from './support/read-models';
import { pdfText } from './support/pdf';

/** Reads a download's bytes (superagent's default would take a PDF for text). */
function binary(res: unknown, done: (error: Error | null, body: Buffer) => void) {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A paid order's invoice goes to the sandbox exchange; its answer is on the invoice's stream and in the lists. */
forEachEngine('invoices at the SdI (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let giulia: Api;
  let backOffice: Api;

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    [mario, giulia, backOffice] = await Promise.all(
      ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'backoffice@demo.it'].map((user) => t.login(user)),
    );
  });
  afterEach(() => t.close());

  async function paid(serviceKey: string) {
    const { orderId, confirmed } = await renewAndConfirm(t, mario, serviceKey);
    await backOffice
      .post('/back-office/payments', {
        orderNumber: confirmed.orderNumber,
        amountCents: confirmed.quote.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: `CRO-${serviceKey}`,
      })
      .expect(200);
    return { orderId, confirmed };
  }
  const myInvoices = async (status: string) =>
    eventually(async () => {
      const { body } = await mario.get('/me/invoices').expect(200);
      expect(body.map((invoice: { status: string }) => invoice.status)).toEqual([status]);
      return body;
    });

  it('delivers a paid order’s invoice (RC): listed with its state, its XML valid and its PDF with the same totals, to its customer only', async () => {
    const { confirmed } = await paid('rossi-srl');
    const [invoice] = await myInvoices('DELIVERED');
    expect(invoice).toMatchObject({
      number: '2026/1',
      orderNumber: confirmed.orderNumber,
      buyerName: 'Rossi S.r.l.',
      totalCents: confirmed.quote.grossCents,
      attempts: 1,
      errors: [],
      correctableUntil: null,
    });
    expect(invoice.fileName).toMatch(/^IT\d{11}_[0-9A-Z]{5}\.xml$/);

    const xml = await mario.get(`/me/invoices/${invoice.invoiceId}/xml`).expect(200);
    expect(xml.headers['content-disposition']).toBe(`attachment; filename="${invoice.fileName}"`);
    expect(xml.text).toContain('<Numero>2026/1</Numero>');
    const total = (confirmed.quote.grossCents / 100).toFixed(2);
    expect(xml.text).toContain(`<ImportoTotaleDocumento>${total}</ImportoTotaleDocumento>`);
    if (!xmllintMissing()) expect(fatturaPaSchemaErrors(xml.text)).toBeNull();

    const pdf = await mario
      .get(`/me/invoices/${invoice.invoiceId}/pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const [text] = pdfText(pdf.body as Buffer).pages;
    for (const expected of [
      'Fattura n. 2026/1',
      'Rossi S.r.l.',
      confirmed.orderNumber,
      total.replace('.', ','),
    ])
      expect(text).toContain(expected);
    expect(text).toContain('consegnata dal Sistema di Interscambio');

    // Another customer neither sees it nor downloads it.
    expect((await giulia.get('/me/invoices').expect(200)).body).toEqual([]);
    await giulia.get(`/me/invoices/${invoice.invoiceId}/xml`).expect(404);
    await giulia.get(`/me/invoices/${invoice.invoiceId}/pdf`).expect(404);

    // Read models deleted, app restarted: the same list, and nothing sent to the exchange again.
    const store = t.app.get<EventStore>(EVENT_STORE);
    const sent = await store.readStream(invoiceStream(invoice.invoiceId));
    expect(sent.map((event) => event.type)).toEqual(['InvoiceTransmitted', 'InvoiceDelivered']);
    const before = (await readModels(t)).invoices;
    await t.stopApp();
    await deleteReadModels(t);
    await t.restart();
    await t.settle();
    expect((await readModels(t)).invoices).toEqual(before);
    const again = await t.app.get<EventStore>(EVENT_STORE).readStream(invoiceStream(invoice.invoiceId));
    expect(again).toHaveLength(2);
  });

  it('shows the exchange’s rejection of a Partita IVA to the back office, first, and delivers the corrected re-send under the same number', async () => {
    const serviceId = demoServiceId('rossi-srl');
    await mario.put(`/me/services/${serviceId}/billing-details`, unregisteredCompanyDetails).expect(200);
    await paid('rossi-studio');
    await paid('rossi-srl');
    const rejected = await eventually(async () => {
      const { body } = await backOffice.get('/back-office/invoices').expect(200);
      expect(body.map((invoice: { status: string }) => invoice.status)).toEqual(['REJECTED', 'DELIVERED']);
      return body[0];
    });
    expect(rejected).toMatchObject({
      number: '2026/2',
      errors: [{ code: '00305', description: expect.stringContaining('01234567897') }],
      correctableUntil: new Date(TEST_NOW.getTime() + 5 * 86_400_000).toISOString(),
    });
    const onlyRejected = await backOffice.get('/back-office/invoices?status=REJECTED').expect(200);
    expect(onlyRejected.body.map((invoice: { number: string }) => invoice.number)).toEqual(['2026/2']);
    await backOffice.get('/back-office/invoices?status=LOST').expect(400);

    const correction = `/back-office/invoices/${rejected.invoiceId}/correction`;
    // The same details again would be rejected again; wrong details are refused field by field; nothing changes.
    const same = await backOffice.post(correction, { reason: 'Reinvio' }).expect(422);
    expect(same.body.code).toBe('NOTHING_CORRECTED');
    const wrong = await backOffice
      .post(correction, {
        reason: 'Partita IVA corretta',
        billingDetails: { ...unregisteredCompanyDetails, vatNumber: '01234567890' },
      })
      .expect(400);
    expect(wrong.body.errors).toEqual([{ field: 'billingDetails.vatNumber', reason: expect.any(String) }]);
    await mario.get('/me/invoices/not-a-uuid/xml').expect(400);
    const stream = invoiceStream(rejected.invoiceId);
    const store = t.app.get<EventStore>(EVENT_STORE);
    expect(await store.readStream(stream)).toHaveLength(2);

    const fixed = { ...unregisteredCompanyDetails, vatNumber: '01234560157', taxCode: '01234560157' };
    await backOffice
      .post(correction, { reason: 'Partita IVA corretta dal cliente', billingDetails: fixed })
      .expect(200);
    const delivered = await eventually(async () => {
      const { body } = await backOffice.get('/back-office/invoices?status=DELIVERED').expect(200);
      expect(body).toHaveLength(2);
      return body.find((invoice: { invoiceId: string }) => invoice.invoiceId === rejected.invoiceId);
    });
    expect(delivered).toMatchObject({ number: '2026/2', attempts: 2, errors: [] });
    expect((await store.readStream(stream)).map((event) => event.type)).toEqual([
      'InvoiceTransmitted',
      'InvoiceRejected',
      'InvoiceCorrected',
      'InvoiceTransmitted',
      'InvoiceDelivered',
    ]);
    const xml = (await backOffice.get(`/back-office/invoices/${rejected.invoiceId}/xml`).expect(200)).text;
    expect(xml).toContain('<Numero>2026/2</Numero>');
    expect(xml).toContain('<IdCodice>01234560157</IdCodice>');
    expect(xml).toMatch(/<ProgressivoInvio>R26[0-9A-Z]{7}<\/ProgressivoInvio>/);
    // The correction recorded the service's details too: the next invoice goes to them.
    const details = await mario.get(`/me/services/${serviceId}/billing-details`).expect(200);
    expect(details.body.details.vatNumber).toBe('01234560157');
    // The order's audit trail holds its invoice's sends, the exchange's answers and the correction.
    const audit = await backOffice.get(`/audit/orders/${rejected.orderId}`).expect(200);
    expect(
      audit.body.history
        .filter((entry: { stream: string }) => entry.stream === stream)
        .map((entry: { type: string; actor: { type: string } }) => `${entry.type} by ${entry.actor.type}`),
    ).toEqual([
      'InvoiceTransmitted by system',
      'InvoiceRejected by system',
      'InvoiceCorrected by back-office',
      'InvoiceTransmitted by system',
      'InvoiceDelivered by system',
    ]);
    expect(audit.body.state[stream]).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    // Delivered: there is nothing more to correct.
    const late = await backOffice.post(correction, { reason: 'Ancora' }).expect(409);
    expect(late.body.code).toBe('INVOICE_NOT_REJECTED');
  });
  it('follows a paid order’s refunds with credit notes (TD04) referencing its invoice, in the same numbering', async () => {
    const { orderId, confirmed } = await paid('rossi-srl');
    const gross = confirmed.quote.grossCents;
    const [invoice] = await myInvoices('DELIVERED');
    const service = (await mario.get(`/me/services/${demoServiceId('rossi-srl')}`).expect(200)).body;
    const refunds = `/back-office/orders/${orderId}/paid-refunds`;
    await backOffice
      .post(refunds, { amountCents: 1000, reason: 'Disservizio di novembre', reference: 'CRO-R1' })
      .expect(200);
    // More than what is left, or a customer trying: refused, nothing recorded.
    const tooMuch = await backOffice
      .post(refunds, { amountCents: gross, reason: 'Recesso', reference: 'CRO-R2' })
      .expect(422);
    expect(tooMuch.body).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', refundableCents: gross - 1000 });
    await mario.post(refunds, { amountCents: 1, reason: 'Io', reference: 'CRO-X' }).expect(403);
    // The first credit note delivered before the second refund: the audit trail below then has one order
    // (the SdI's delivery and the next credit note are otherwise a race between two processes).
    await eventually(async () => {
      const { body } = await mario.get('/me/invoices').expect(200);
      expect(body.map((d: { status: string }) => d.status)).toEqual(['DELIVERED', 'DELIVERED']);
    });
    await backOffice
      .post(refunds, { amountCents: gross - 1000, reason: 'Recesso', reference: 'CRO-R2' })
      .expect(200);

    const documents = await eventually(async () => {
      const { body } = await mario.get('/me/invoices').expect(200);
      expect(body.map((d: { status: string }) => d.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
      return body;
    });
    expect(
      documents.map((d: { number: string; type: string; corrects: string | null; totalCents: number }) => [
        d.number,
        d.type,
        d.corrects,
        d.totalCents,
      ]),
    ).toEqual([
      ['2026/3', 'TD04', '2026/1', gross - 1000],
      ['2026/2', 'TD04', '2026/1', 1000],
      ['2026/1', 'TD01', null, gross],
    ]);
    const partial = documents[1];
    expect(partial.taxableCents + partial.vatCents).toBe(1000);
    const xml = (await mario.get(`/me/invoices/${partial.invoiceId}/xml`).expect(200)).text;
    expect(xml).toContain('<TipoDocumento>TD04</TipoDocumento>');
    expect(xml).toMatch(/<DatiFattureCollegate>\s*<IdDocumento>2026\/1<\/IdDocumento>/);
    expect(xml).toContain('Storno parziale della fattura 2026/1');
    if (!xmllintMissing()) expect(fatturaPaSchemaErrors(xml)).toBeNull();
    const whole = (await mario.get(`/me/invoices/${documents[0].invoiceId}/xml`).expect(200)).text;
    if (!xmllintMissing()) expect(fatturaPaSchemaErrors(whole)).toBeNull();
    const pdf = await mario
      .get(`/me/invoices/${partial.invoiceId}/pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="nota-di-credito-2026-2.pdf"');
    const [text] = pdfText(pdf.body as Buffer).pages;
    expect(text).toContain('Nota di credito n. 2026/2');
    expect(text).toContain('A storno della fattura n. 2026/1');
    expect(text).toContain('10,00');

    // The renewal stands; what was invoiced nets to nothing; the order says what was given back.
    const after = (await mario.get(`/me/services/${demoServiceId('rossi-srl')}`).expect(200)).body;
    expect(after.expiresAt).toBe(service.expiresAt);
    const figures = (await backOffice.get('/back-office/dashboard').expect(200)).body;
    expect(figures.kpis.invoicedCents).toBe(0);
    expect(invoice.number).toBe('2026/1');
    const order = await t.app.get<EventStore>(EVENT_STORE).readStream(`renewalOrder-${orderId}`);
    expect(
      order
        .filter((e) => e.type === 'PaidOrderRefunded')
        .map((e) => (e.data as { reference: string }).reference),
    ).toEqual(['CRO-R1', 'CRO-R2']);

    // The order's audit trail: the invoice and both credit notes, each issued and delivered.
    const trail = (await backOffice.get(`/audit/orders/${orderId}`).expect(200)).body.history;
    expect(
      trail
        .map((entry: { type: string }) => entry.type)
        .filter((type: string) => /^(Invoice|CreditNote)(Issued|Delivered)$/.test(type)),
    ).toEqual([
      'InvoiceIssued',
      'InvoiceDelivered',
      'CreditNoteIssued',
      'InvoiceDelivered',
      'CreditNoteIssued',
      'InvoiceDelivered',
    ]);
    // A replay after the read models are deleted issues and sends nothing again.
    await t.stopApp();
    await deleteReadModels(t);
    await t.restart();
    await t.settle();
    expect((await mario.get('/me/invoices').expect(200)).body).toHaveLength(3);
    const register = await t.app.get<EventStore>(EVENT_STORE).readStream('invoiceRegister-2026');
    expect(register.map((e) => e.type)).toEqual(['InvoiceIssued', 'CreditNoteIssued', 'CreditNoteIssued']);
  });
});
