import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { INVOICE_ISSUED, InvoiceIssuedData, invoiceXml, registerStream } from '@app/invoicing';
import { fatturaPaSchemaErrors, xmllintMissing } from '@app/invoicing/testing';
import {
  Api,
  eventually,
  forEachEngine,
  renewAndConfirm,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';
import { deleteReadModels } from './support/read-models';

/** A paid order's end is its invoice: issued once, from the order's totals, to the billing details. */
forEachEngine('invoicing (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let backOffice: Api;
  const invoices = async () =>
    (await t.app.get<EventStore>(EVENT_STORE).readStream(registerStream(2026)))
      .filter((event) => event.type === INVOICE_ISSUED)
      .map((event) => event.data as InvoiceIssuedData);

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    mario = await t.login('mario.rossi@demo.it');
    backOffice = await t.login('backoffice@demo.it');
  });
  afterEach(() => t.close());

  it('issues the invoice of a paid order once: its lines add up to the order, and its XML passes the XSD', async () => {
    const { orderId, confirmed } = await renewAndConfirm(t, mario, 'rossi-srl');
    await mario.get(`/me/orders/${orderId}`).expect(200);
    await backOffice
      .post('/back-office/payments', {
        orderNumber: confirmed.orderNumber,
        amountCents: confirmed.quote.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: 'CRO-1',
      })
      .expect(200);
    const [invoice] = await eventually(async () => {
      const issued = await invoices();
      expect(issued).toHaveLength(1);
      return issued;
    });
    expect(invoice).toMatchObject({
      number: '2026/1',
      date: '2026-11-25',
      orderId,
      orderNumber: confirmed.orderNumber,
      document: {
        buyer: { holder: { kind: 'company', name: 'Rossi S.r.l.' }, vatNumber: '01234560157' },
        taxableCents: confirmed.quote.taxableCents,
        vatCents: confirmed.quote.vatCents,
        totalCents: confirmed.quote.grossCents,
        payment: { mode: 'MP05', amountCents: confirmed.quote.grossCents },
        orderNumber: confirmed.orderNumber,
      },
    });
    const lines = invoice.document.lines.reduce((sum, line) => sum + line.totalCents, 0);
    expect(lines).toBe(confirmed.quote.taxableCents);
    expect(invoice.document.lines.map((line) => line.description)).toEqual(
      expect.arrayContaining([expect.stringContaining('FE Rossi S.r.l.')]),
    );
    if (!xmllintMissing()) expect(fatturaPaSchemaErrors(invoiceXml(invoice))).toBeNull();

    // Read models deleted, the app restarted: the processes replay the log and issue nothing again.
    await t.stopApp();
    await deleteReadModels(t);
    await t.restart();
    await t.settle();
    expect(await invoices()).toHaveLength(1);
  });

  it('does not invoice a payment only listed for refund (the order was cancelled)', async () => {
    const { orderId, confirmed } = await renewAndConfirm(t, mario, 'rossi-srl');
    await mario.post(`/me/orders/${orderId}/cancellation`, {}).expect(200);
    const answer = await backOffice
      .post('/back-office/payments', {
        orderNumber: confirmed.orderNumber,
        amountCents: confirmed.quote.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: 'CRO-2',
      })
      .expect(200);
    expect(answer.body.outcome).not.toBe('REGISTERED');
    await t.settle();
    expect(await invoices()).toEqual([]);
  });
});
