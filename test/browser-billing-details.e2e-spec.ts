/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { billingDetailsStream } from '@app/invoicing';
import { demoServiceId } from '../apps/api/src/demo-data';
import { browserSuite, confirmInPage } from './support/browser';

/** "Verifica i dati di fatturazione" before "Conferma": the seeded details, each wrong field told, a change saved. */
describeWhen(engines.chromiumMissing, 'the billing details in Chromium (e2e)', () => {
  const s = browserSuite();

  it('shows the details, says what is wrong next to each field, and saves a correction', async () => {
    const orderId = await s.checkedOut('mario.rossi@demo.it', 'rossi-studio');
    const page = await s.open(`/#/orders/${orderId}`);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Rinnovo di FE Studio Rossi');
    await page.getByRole('heading', { name: 'Verifica i dati di fatturazione' }).waitFor();
    expect(await page.getByLabel('Nome', { exact: true }).inputValue()).toBe('Mario');
    expect(await page.getByLabel('Partita IVA').inputValue()).toBe('09876540585');

    // A wrong check digit and a four-digit CAP: each refusal next to its field, nothing recorded.
    await page.getByLabel('Partita IVA').fill('09876543210');
    await page.getByLabel('CAP').fill('2012');
    await page.getByRole('button', { name: 'Salva i dati di fatturazione' }).click();
    await page
      .locator('#billing-vatNumber-error')
      .getByText('Partita IVA non valida: 11 cifre, con la cifra di controllo corretta.')
      .waitFor();
    await page.locator('#billing-address-postalCode-error').getByText('Il CAP è di cinque cifre.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('billing-vatNumber');
    const stream = billingDetailsStream(demoServiceId('rossi-studio'));
    const store = s.t.app.get<EventStore>(EVENT_STORE);
    expect(await store.readStream(stream)).toHaveLength(1);

    // Corrected, and made out to the studio as a company: saved, and the form shows what the server kept.
    await page.getByLabel('Intestatario').selectOption('company');
    await page.getByLabel('Ragione sociale').fill('Studio Rossi S.r.l.');
    await page.getByLabel('Partita IVA').fill('01234567897');
    await page.getByLabel('Codice fiscale').fill('01234567897');
    await page.getByLabel('CAP').fill('20121');
    await page.getByLabel('Codice destinatario SdI').fill('m5uxcr1');
    await page.getByRole('button', { name: 'Salva i dati di fatturazione' }).click();
    await page.getByRole('status').getByText('Dati di fatturazione salvati.').waitFor();
    expect(await page.getByLabel('Codice destinatario SdI').inputValue()).toBe('M5UXCR1');
    expect(await page.locator('#billing-vatNumber-error').isHidden()).toBe(true);
    const events = await store.readStream(stream);
    expect(events).toHaveLength(2);
    expect(events[1].data).toMatchObject({
      details: { holder: { kind: 'company', name: 'Studio Rossi S.r.l.' }, vatNumber: '01234567897' },
    });

    // The order form still confirms.
    await confirmInPage(page);
    await s.accessible(page);
  });
});
