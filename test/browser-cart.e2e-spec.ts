/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { demoServiceId } from '../apps/api/src/demo-data';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { browserSuite, itLong, itMoney } from './support/browser';

/** The cart can be undone and thrown away; before "Conferma" the customer sees what they will get. */
describeWhen(engines.chromiumMissing, 'the cart and what it buys in Chromium (e2e)', () => {
  const s = browserSuite();

  it('takes back storage the cart added, never below the service, and discards the cart', async () => {
    const api = await s.api('mario.rossi@demo.it');
    const serviceId = demoServiceId('rossi-srl'); // has 2 storage packs
    const orderId: string = (await api.post(`/me/services/${serviceId}/renewal`).expect(201)).body.orderId;
    await s.t.settle();
    const page = await s.open(`/#/orders/${orderId}`, 375);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Rinnovo di FE Rossi S.r.l.');
    const label = page.locator('#storage-label');
    const down = page.getByRole('button', { name: 'Riduci lo spazio di 1 GB' });
    expect(await label.textContent()).toBe(
      'Spazio aggiuntivo: 2 GB (di cui 0 GB aggiunti in questo carrello)',
    );
    expect(await down.isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Aumenta lo spazio di 1 GB' }).click();
    await page.getByText('Spazio aggiuntivo: 3 GB (di cui 1 GB aggiunti in questo carrello)').waitFor();
    // From the keyboard: the focus stays on the button it pressed.
    await down.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Spazio aggiuntivo: 2 GB (di cui 0 GB aggiunti in questo carrello)').waitFor();
    expect(await down.isDisabled()).toBe(true);
    const order = (await api.get(`/me/orders/${orderId}`).expect(200)).body;
    expect(order.cart.storagePacks).toBe(2);
    await s.accessible(page);
    await s.fits(page);

    await page.getByRole('button', { name: 'Elimina il carrello' }).click();
    const dialog = page.getByRole('dialog', { name: 'Eliminare il carrello?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape'); // "no": the cart stays
    await dialog.waitFor({ state: 'detached' });
    expect((await api.get(`/me/orders/${orderId}`).expect(200)).body.status).toBe('CART');
    await page.getByRole('button', { name: 'Elimina il carrello' }).click();
    await page.getByRole('button', { name: 'Sì, elimina il carrello' }).click();
    await s.heading(page, 'I miei servizi');
    await s.t.settle();
    expect((await api.get(`/me/orders/${orderId}`).expect(200)).body.status).toBe('CANCELLED');
    // The service can be renewed again.
    await page.getByRole('button', { name: 'Gestisci: FE Rossi S.r.l.' }).click();
    await page.getByRole('button', { name: 'Rinnova: FE Rossi S.r.l.' }).waitFor();
  });

  it('shows the refusal of the last change, not that of an earlier one whose redraw answers later', async () => {
    const api = await s.api('mario.rossi@demo.it');
    const serviceId = demoServiceId('rossi-srl');
    const orderId: string = (await api.post(`/me/services/${serviceId}/renewal`).expect(201)).body.orderId;
    await s.t.settle();
    const page = await s.open(`/#/orders/${orderId}`);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Rinnovo di FE Rossi S.r.l.');
    // The order's read that redraws the page after the first refusal is held until the second is drawn.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    await page.route(`**/me/orders/${orderId}`, async (route) => {
      if (route.request().method() === 'GET' && ++reads === 1) await held;
      await route.continue();
    });
    const service = (n: number) => {
      let seen = 0;
      return page.waitForResponse((r) => r.url().endsWith(`/me/services/${serviceId}`) && ++seen === n);
    };
    const error = page.locator('#code-error');
    await page.getByLabel('Codice convenzione').fill('NONESISTE');
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await error.getByText('Il codice convenzione non esiste.').waitFor();
    const secondRedrawn = service(1);
    await page.getByLabel('Codice convenzione').fill('ARTIGIANI2025');
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await secondRedrawn;
    await error.getByText('Il codice convenzione è scaduto.').waitFor();
    const firstRedrawn = service(1);
    release();
    await firstRedrawn;
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(await error.textContent()).toBe('Il codice convenzione è scaduto.');
    expect(await page.getByLabel('Codice convenzione').inputValue()).toBe('ARTIGIANI2025');
  });

  it('shows the new expiry, the taxable amount before VAT and each term\'s price; "in scadenza" on services due within 60 days', async () => {
    const api = await s.api('mario.rossi@demo.it');
    const page = await s.open('/#/services', 375);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'I miei servizi');
    const soon = page.getByRole('listitem').filter({ hasText: 'FE Rossi S.r.l.' });
    await soon.getByText('In scadenza', { exact: true }).waitFor();
    await soon.getByText('(tra 10 giorni)').waitFor();
    const later = page.getByRole('listitem').filter({ hasText: 'FE Studio Rossi' });
    expect(await later.getByText('In scadenza').count()).toBe(0);
    await s.accessible(page);

    const orderId = await s.checkedOut('mario.rossi@demo.it', 'rossi-studio', 'BANK_TRANSFER');
    await page.goto(`${s.base}/#/orders/${orderId}`);
    await s.heading(page, 'Rinnovo di FE Studio Rossi');
    const term = page.getByLabel('Durata');
    const options = await term.locator('option').allTextContents();
    expect(options[0]).toBe(`1 anno - ${itMoney(3050)}`);
    expect(options).toHaveLength(10);
    const view = (await api.get(`/me/orders/${orderId}`).expect(200)).body;
    const three = view.termPrices.find((p: { years: number }) => p.years === 3);
    expect(options[2]).toBe(`3 anni - ${itMoney(three.grossCents)}`);
    await page
      .getByText(`Dopo il rinnovo il servizio scadrà il ${itLong(new Date(view.newExpiresAt))}.`)
      .waitFor();

    await term.selectOption('3');
    await page.locator('[data-total="gross"]').getByText(itMoney(three.grossCents)).waitFor();
    await page
      .getByText(`Dopo il rinnovo il servizio scadrà il ${itLong(new Date(three.newExpiresAt))}.`)
      .waitFor();
    // Gross, the discount by name and rate, the taxable amount, then the VAT on it.
    await page.getByText('Imponibile lordo').waitFor();
    await page.getByText('Sconto pluriennale, 3 anni (−5%)').waitFor();
    expect(await page.locator('[data-total="taxable"]').textContent()).toBe(itMoney(three.taxableCents));
    const vat = Math.floor((three.taxableCents * 2200 + 5000) / 10000);
    expect(await page.locator('[data-total="vat"]').textContent()).toBe(itMoney(vat));
    expect(three.taxableCents + vat).toBe(three.grossCents);
    expect(await page.getByText('Sconto: Sconto').count()).toBe(0);
    await s.accessible(page);
    await s.fits(page);
  });
});
