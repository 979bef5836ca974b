/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Deciders, RENEWAL_CONTEXT, orderStream } from '@app/renewals';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { browserSuite, itMoney, SHOTS } from './support/browser';
import { pdfText } from './support/pdf';

/** Renders the first page of a PDF with pdf.js in the browser and takes its picture: what a person sees. */
async function showPdf(page: Page, pdf: Buffer, name: string) {
  const dist = join(process.cwd(), 'node_modules', 'pdfjs-dist', 'legacy', 'build');
  await page.route('http://pdf.viewer/**', (route) => {
    const file = new URL(route.request().url()).pathname.slice(1);
    if (file === 'view.html')
      return route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="it"><title>PDF</title><body style="margin:0;background:#888">
<canvas id="c"></canvas><script type="module">
import * as pdfjs from './pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = './pdf.worker.mjs';
const data = await (await fetch('./document.pdf')).arrayBuffer();
const doc = await pdfjs.getDocument({ data }).promise;
const p = await doc.getPage(1);
const viewport = p.getViewport({ scale: 1.3 });
const canvas = document.getElementById('c');
canvas.width = viewport.width; canvas.height = viewport.height;
await p.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
document.body.dataset.rendered = 'yes';
</script></body></html>`,
      });
    if (file === 'document.pdf') return route.fulfill({ contentType: 'application/pdf', body: pdf });
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(dist, file)) });
  });
  await page.goto('http://pdf.viewer/view.html');
  await page.waitForSelector('body[data-rendered="yes"]');
  await page.locator('canvas').screenshot({ path: join(SHOTS, `${name}.png`) });
}

describeWhen(engines.chromiumMissing, 'paying in Chromium (e2e)', () => {
  const s = browserSuite();

  it('pays a card order from the pay page: a declined card is shown as such, another card pays it once', async () => {
    const { orderId, orderNumber, grossCents } = await s.confirmed('mario.rossi@demo.it', 'rossi-studio', {
      method: 'CREDIT_CARD',
    });
    const page = await s.open(`/#/orders/${orderId}`, 375);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Ordine confermato');
    // From the keyboard: the link to the pay page, then the form.
    await page.getByRole('link', { name: 'Paga ora' }).focus();
    await page.keyboard.press('Enter');
    await s.heading(page, `Paga l'ordine ${orderNumber}`);
    await s.accessible(page);
    await s.fits(page);
    expect(await page.getByLabel('Carta di credito').isChecked()).toBe(true);

    await page.getByLabel('Numero della carta').fill('4000 0000 0000 0002');
    await page.getByLabel('Anno di scadenza').selectOption('2030');
    await page.getByLabel('Titolare della carta').fill('Mario Rossi');
    await page.getByRole('button', { name: `Paga ${itMoney(grossCents)}` }).click();
    const refusal = page.locator('#card-number-error');
    await refusal.getByText(/Pagamento rifiutato: la carta è stata rifiutata/).waitFor();
    // The field at fault has the focus, what was typed is still there, and the order still awaits payment.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card-number');
    expect(await page.getByLabel('Titolare della carta').inputValue()).toBe('Mario Rossi');
    await s.accessible(page);
    await s.shot(page, 'pay-online');

    await page.getByLabel('Numero della carta').fill('4242 4242 4242 4242');
    await page.keyboard.press('Enter'); // submits the form
    await page.getByText('Ordine pagato: il servizio è rinnovato.').waitFor();
    const types = (await s.t.app.get<EventStore>(EVENT_STORE).readStream(orderStream(orderId))).map(
      (e) => e.type,
    );
    expect(types.filter((type) => type === 'OnlinePaymentDeclined')).toHaveLength(1);
    expect(types.filter((type) => type === 'PaymentRegistered')).toHaveLength(1);
  });

  it('prints the pre-filled postal slip as a PDF with payee, account, amount, order number and reason', async () => {
    const { orderId, orderNumber, grossCents } = await s.confirmed('mario.rossi@demo.it', 'rossi-studio', {
      method: 'PREFILLED_SLIP',
    });
    const page = await s.open(`/#/orders/${orderId}`);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Ordine confermato');
    await s.accessible(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Scarica il bollettino precompilato (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`bollettino-${orderNumber}.pdf`);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { name: payee, postalAccount } = s.t.app.get<Deciders>(RENEWAL_CONTEXT).context.payee;
    const [text] = pdfText(pdf).pages;
    const amount = (grossCents / 100).toFixed(2).replace('.', ',');
    for (const expected of [
      'Bollettino postale precompilato',
      postalAccount,
      payee,
      amount,
      orderNumber,
      `Da pagare entro il`,
    ])
      expect(text).toContain(expected);
    await showPdf(page, pdf, 'slip-pdf');
  });

  it('shows the bank transfer with IBAN, beneficiary, amount and reason, each with a copy button', async () => {
    const { orderId, orderNumber, grossCents } = await s.confirmed('mario.rossi@demo.it', 'rossi-studio', {
      method: 'BANK_TRANSFER',
    });
    const page = await s.open(`/#/orders/${orderId}`, 375);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.base });
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Ordine confermato');
    const { iban, name } = s.t.app.get<Deciders>(RENEWAL_CONTEXT).context.payee;
    await page.getByText(iban, { exact: true }).waitFor();
    await page.getByText(name, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Copia IBAN' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Copiato: ${iban}` })
      .waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(iban);
    await page.getByRole('button', { name: 'Copia Causale' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(orderNumber);
    await page.getByRole('button', { name: 'Copia Importo' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      (grossCents / 100).toFixed(2).replace('.', ','),
    );
    await s.accessible(page);
    await s.fits(page);
  });
});
