/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { expect, it } from '@jest/globals';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { fatturaPaSchemaErrors, unregisteredCompanyDetails, xmllintMissing } from '@app/invoicing/testing';
import { demoServiceId } from '../apps/api/src/demo-data';
import { browserSuite, itMoney } from './support/browser';
import { pdfText } from './support/pdf';

/** "Le mie fatture" and the back office's invoices, in Chromium: what each person sees and downloads. */
describeWhen(engines.chromiumMissing, 'invoices in Chromium (e2e)', () => {
  const s = browserSuite();

  async function paid(serviceKey: string) {
    const order = await s.confirmed('mario.rossi@demo.it', serviceKey);
    const backOffice = await s.api('backoffice@demo.it');
    await backOffice
      .post('/back-office/payments', {
        orderNumber: order.orderNumber,
        amountCents: order.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: `CRO-${serviceKey}`,
      })
      .expect(200);
    await s.t.settle();
    return order;
  }

  it('lists a paid renewal’s invoice as delivered, with its XML (valid) and its PDF copy showing the same total', async () => {
    const { orderNumber, grossCents } = await paid('rossi-srl');
    const page = await s.open('/#/invoices');
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Le mie fatture');
    const row = page.getByRole('row', { name: /2026\/1/ });
    for (const text of [orderNumber, 'Rossi S.r.l.', itMoney(grossCents), 'Consegnata'])
      await row.getByText(text, { exact: true }).waitFor();

    const [xmlDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'XML della fattura 2026/1' }).click(),
    ]);
    expect(xmlDownload.suggestedFilename()).toMatch(/^IT\d{11}_[0-9A-Z]{5}\.xml$/);
    const xml = readFileSync(await xmlDownload.path(), 'utf8');
    const total = (grossCents / 100).toFixed(2);
    expect(xml).toContain(`<ImportoTotaleDocumento>${total}</ImportoTotaleDocumento>`);
    if (!xmllintMissing()) expect(fatturaPaSchemaErrors(xml)).toBeNull();

    const [pdfDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'PDF della fattura 2026/1, copia di cortesia' }).click(),
    ]);
    expect(pdfDownload.suggestedFilename()).toBe('fattura-2026-1.pdf');
    const [text] = pdfText(readFileSync(await pdfDownload.path())).pages;
    for (const expected of ['Fattura n. 2026/1', orderNumber, 'Totale documento', total.replace('.', ',')])
      expect(text).toContain(expected);
    await s.accessible(page);
    await s.fits(page);
    await s.shot(page, 'le-mie-fatture');
  });

  it('shows the back office a rejected invoice first, with the exchange’s error, and delivers its correction', async () => {
    const mario = await s.api('mario.rossi@demo.it');
    await mario
      .put(`/me/services/${demoServiceId('rossi-srl')}/billing-details`, unregisteredCompanyDetails)
      .expect(200);
    await paid('rossi-studio');
    await paid('rossi-srl');
    const page = await s.open('/back-office#/invoices');
    await s.login(page, 'backoffice@demo.it');
    await s.heading(page, 'Fatture');
    const card = page
      .getByRole('listitem')
      .filter({ hasText: 'Fattura 2026/2 a Studio Rossi & Figli S.r.l.: scartata' });
    await card.getByText(/^00305: .*01234567897/).waitFor();
    // The rejected one is listed first in the table too.
    const firstRow = page.getByRole('row').nth(1);
    await firstRow.getByText('Scartata dallo SdI').waitFor();

    // Sent again as it was: refused, with the reason in words, and nothing changes.
    await card.getByLabel('Motivo della correzione').fill('Reinvio');
    await card.getByRole('button', { name: 'Correggi e reinvia' }).click();
    await card.getByText('I dati sono quelli scartati dallo SdI: correggili prima di reinviare.').waitFor();

    // A Partita IVA with a wrong check digit: told next to it, in Italian.
    await card.getByLabel('Partita IVA').fill('01234560158');
    await card.getByRole('button', { name: 'Correggi e reinvia' }).click();
    await card.getByText('Partita IVA non valida: 11 cifre, con la cifra di controllo corretta.').waitFor();
    await card.getByLabel('Partita IVA').fill('01234560157');
    await card.getByLabel('Codice fiscale').fill('01234560157');
    await card.getByLabel('Motivo della correzione').fill('Partita IVA corretta dal cliente');
    await card.getByRole('button', { name: 'Correggi e reinvia' }).click();
    await page.getByRole('status').getByText('Fattura 2026/2 corretta e reinviata allo SdI.').waitFor();
    await s.t.settle();
    await page.getByLabel('Stato').selectOption('DELIVERED');
    await page
      .getByRole('row', { name: /2026\/2/ })
      .getByText('Consegnata')
      .waitFor();
    expect(await page.getByRole('row', { name: /2026\/1/ }).count()).toBe(1);
    await s.accessible(page);
    await s.shot(page, 'back-office-fatture');
  });
  it('refunds a paid order from its back-office page, and the customer sees the credit note under the invoice', async () => {
    const { orderId, grossCents } = await paid('rossi-srl');
    const page = await s.open(`/back-office#/orders/${orderId}`);
    await s.login(page, 'backoffice@demo.it');
    await page.getByRole('heading', { name: "Rimborsa l'ordine pagato" }).waitFor();
    expect(await page.getByLabel('Importo da rimborsare (€)').inputValue()).toBe(
      (grossCents / 100).toFixed(2),
    );
    // No reason: told next to the field, nothing recorded.
    await page.getByLabel('Riferimento del rimborso (CRO/TRN)').fill('CRO-R1');
    await page.getByRole('button', { name: 'Rimborsa', exact: true }).click();
    await page
      .locator('#paid-refund-reason-error')
      .getByText('Indica il motivo del rimborso (almeno 3 caratteri).')
      .waitFor();
    await page.getByLabel('Motivo del rimborso').fill('Recesso nei termini');
    await page.getByRole('button', { name: 'Rimborsa', exact: true }).click();
    await page.getByText(`Ordine rimborsato per intero (${itMoney(grossCents)}).`).waitFor();
    await s.accessible(page);
    await s.t.settle();

    const customer = await s.open('/#/invoices');
    await s.login(customer, 'mario.rossi@demo.it');
    await s.heading(customer, 'Le mie fatture');
    const note = customer.getByRole('row', {
      name: /2026\/2 \(nota di credito, storno della fattura 2026\/1\)/,
    });
    await note.getByText(itMoney(grossCents), { exact: true }).waitFor();
    await note.getByText('Consegnata', { exact: true }).waitFor();
    await customer
      .getByRole('row', { name: /^2026\/1 / })
      .getByText('Consegnata')
      .waitFor();
  });
});
