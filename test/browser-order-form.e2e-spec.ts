/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { demoServiceId } from '../apps/api/src/demo-data';
import { browserSuite, itMoney, confirmInPage } from './support/browser';

/** The order pages show what the server holds, keep what the person entered, and act once per click. */
describeWhen(engines.chromiumMissing, 'the order pages in Chromium (e2e)', () => {
  const s = browserSuite();

  it('shows what the server kept after a refused change: the method, the term and the totals', async () => {
    const orderId = await s.checkedOut('mario.rossi@demo.it', 'rossi-studio', 'CREDIT_CARD');
    const api = await s.api('mario.rossi@demo.it');
    await api.put(`/me/orders/${orderId}/auto-renew`, { enabled: true }).expect(200);
    await s.t.settle();
    const page = await s.open(`/#/orders/${orderId}`);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Rinnovo di FE Studio Rossi');

    // Auto-renew is on: a bank transfer is refused, and the card stays chosen, on the page as on the server.
    await page.getByLabel(/Bonifico bancario/).check();
    await page.waitForFunction(
      () => (document.getElementById('method-CREDIT_CARD') as HTMLInputElement)?.checked,
    );
    await page
      .locator('#method-error')
      .getByText('Il rinnovo automatico richiede carta di credito o PayPal.')
      .waitFor();
    expect(await page.getByLabel(/Carta di credito/).isChecked()).toBe(true);
    expect(await page.getByLabel(/Bonifico bancario/).isChecked()).toBe(false);

    // A term change the server refuses (here: someone else changed the order meanwhile) leaves 1 year.
    const oneYear = await page.locator('[data-total="gross"]').textContent();
    await page.route('**/term', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 409, code: 'CONCURRENT_MODIFICATION', detail: 'changed meanwhile' }),
      }),
    );
    await page.getByLabel('Durata').selectOption('2');
    // The page is drawn again from the server: 1 year, with the refusal next to the term.
    await page.waitForFunction(
      () => (document.getElementById('term') as HTMLSelectElement | null)?.value === '1',
    );
    await page
      .locator('#term-error')
      .getByText("L'ordine è stato modificato nel frattempo: riprova.")
      .waitFor();
    expect(await page.locator('[data-total="gross"]').textContent()).toBe(oneYear);
    await page.unroute('**/term');

    await confirmInPage(page);
    await page.locator('.confirmation').getByText('Carta di credito').first().waitFor();
    await s.accessible(page);
  });

  it('keeps the consents ticked and the focus where it was when the method or the term changes', async () => {
    const orderId = await s.checkedOut('mario.rossi@demo.it', 'rossi-studio');
    const page = await s.open(`/#/orders/${orderId}`);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Rinnovo di FE Studio Rossi');
    await page.getByLabel(/Accetto le condizioni generali/).check();
    await page.getByLabel(/Ho letto l'informativa/).check();

    const term = page.getByLabel('Durata');
    await term.focus();
    await page.keyboard.press('ArrowDown'); // 2 years, from the keyboard
    await page
      .locator('[data-total="gross"]')
      .getByText(itMoney(2 * 3050))
      .waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('term');
    expect(await page.getByLabel(/Accetto le condizioni generali/).isChecked()).toBe(true);
    expect(await page.getByLabel(/Ho letto l'informativa/).isChecked()).toBe(true);

    await page.getByLabel(/^PayPal/).check();
    await page.waitForFunction(() => (document.getElementById('method-PAYPAL') as HTMLInputElement)?.checked);
    await page.getByLabel(/Approvo specificamente/).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('method-PAYPAL');
    expect(await page.getByLabel(/Accetto le condizioni generali/).isChecked()).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  });

  it('disables a control while its request runs and shows that something happens; a double click acts once', async () => {
    const api = await s.api('mario.rossi@demo.it');
    const orderId: string = (
      await api.post(`/me/services/${demoServiceId('rossi-studio')}/renewal`).expect(201)
    ).body.orderId;
    await s.t.settle();
    const page = await s.open(`/#/orders/${orderId}`);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Rinnovo di FE Studio Rossi');
    let checkouts = 0;
    await page.route('**/checkout', async (route) => {
      checkouts += 1;
      await new Promise((resolve) => setTimeout(resolve, 800)); // a slow network
      await route.continue();
    });
    const proceed = page.getByRole('button', { name: "Prosegui e completa l'ordine" });
    await proceed.dblclick();
    await page.getByRole('status').getByText('Attendere…').waitFor();
    expect(await proceed.isDisabled()).toBe(true);
    expect(await proceed.getAttribute('aria-busy')).toBe('true');
    await page.getByRole('heading', { name: "Completa l'ordine" }).waitFor();
    expect(checkouts).toBe(1);
    expect(await page.getByRole('status').getByText('Attendere…').isVisible()).toBe(false);
  });

  it('asks before cancelling a confirmed order, and keeps it when the answer is no', async () => {
    const { orderId } = await s.confirmed('mario.rossi@demo.it', 'rossi-studio');
    const page = await s.open(`/#/orders/${orderId}`);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Ordine confermato');
    let cancellations = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/cancellation')) cancellations += 1;
    });
    await page.getByRole('button', { name: "Annulla l'ordine" }).click();
    const dialog = page.getByRole('dialog', { name: "Annullare l'ordine?" });
    await dialog.waitFor();
    await s.accessible(page);
    await s.shot(page, '18-cancel-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await dialog.getByRole('button').first().waitFor({ state: 'hidden' });
    expect(cancellations).toBe(0);
    await s.heading(page, 'Ordine confermato');

    await page.getByRole('button', { name: "Annulla l'ordine" }).click();
    await dialog.getByRole('button', { name: "Sì, annulla l'ordine" }).click();
    await page.getByText('Stato: Annullato').waitFor();
    expect(cancellations).toBe(1);
  });

  it('never shows the word "null" on a cancelled or a paid order', async () => {
    const cancelled = await s.confirmed('mario.rossi@demo.it', 'rossi-studio');
    const api = await s.api('mario.rossi@demo.it');
    await api.post(`/me/orders/${cancelled.orderId}/cancellation`, {}).expect(200);
    const paid = await s.confirmed('mario.rossi@demo.it', 'rossi-srl');
    const office = await s.api('backoffice@demo.it');
    await office
      .post('/back-office/payments', {
        orderNumber: paid.orderNumber,
        amountCents: paid.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: 'CRO-NULL-1',
      })
      .expect(200);
    await s.t.settle();
    const page = await s.open(`/#/orders/${cancelled.orderId}`);
    await s.login(page, 'mario.rossi@demo.it');
    await page.getByText('Stato: Annullato').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/\bnull\b|\bundefined\b/);
    await page.goto(`${s.base}/#/orders/${paid.orderId}`);
    await page.getByText('Stato: Pagato').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/\bnull\b|\bundefined\b/);
  });
});

describeWhen(engines.chromiumMissing, 'the services page in Chromium (e2e)', () => {
  const s = browserSuite();

  it('shows "Rinnova" only once "Gestisci" has opened its panel, and hides it again', async () => {
    const page = await s.open('/');
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'I miei servizi');
    const renew = page.getByRole('button', { name: 'Rinnova: FE Studio Rossi' });
    const manage = page.getByRole('button', { name: 'Gestisci: FE Studio Rossi' });
    expect(await renew.isVisible()).toBe(false);
    await manage.click();
    expect(await renew.isVisible()).toBe(true);
    expect(await manage.getAttribute('aria-expanded')).toBe('true');
    await manage.click();
    expect(await renew.isVisible()).toBe(false);
    await s.fits(page);
    await s.accessible(page);
  });
  it('keeps the agreement code being typed while the cart is drawn again after a refusal', async () => {
    const api = await s.api('luca.verdi@demo.it');
    const orderId: string = (
      await api.post(`/me/services/${demoServiceId('verdi-promo')}/renewal`).expect(201)
    ).body.orderId;
    await s.t.settle();
    const page = await s.open(`/#/orders/${orderId}`);
    await s.login(page, 'luca.verdi@demo.it');
    await s.heading(page, 'Rinnovo di FE Verdi Promo');
    // The order read that follows the refusal is held back while the person types the next code.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/me/orders/${orderId}`, async (route) => {
      if (route.request().method() === 'GET') await held;
      await route.continue();
    });
    await page.getByLabel('Codice convenzione').fill('NONESISTE');
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.locator('#code-error').getByText('Il codice convenzione non esiste.').waitFor();
    await page.getByLabel('Codice convenzione').fill('ARTIGIANI2025');
    release();
    await page.waitForResponse((response) => response.url().endsWith(`/me/orders/${orderId}`));
    await page.locator('#code-error').getByText('Il codice convenzione non esiste.').waitFor();
    expect(await page.getByLabel('Codice convenzione').inputValue()).toBe('ARTIGIANI2025');
    await page.unroute(`**/me/orders/${orderId}`);
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.locator('#code-error').getByText('Il codice convenzione è scaduto.').waitFor();
  });
});
