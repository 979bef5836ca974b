/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { RenewalScheduler } from '@app/renewals';
import { demoServiceId } from '../apps/api/src/demo-data';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { browserSuite, itLong, tickConsents } from './support/browser';
import { currentConsents } from './support/test-app';

describeWhen(engines.chromiumMissing, 'auto-renew in Chromium (e2e)', () => {
  const s = browserSuite();

  it('switches auto-renew on with a card, shows the card and the next charge, changes the card, switches it off', async () => {
    const api = await s.api('mario.rossi@demo.it');
    const serviceId = demoServiceId('rossi-studio');
    const page = await s.open('/#/services', 375);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'I miei servizi');
    await page.getByRole('link', { name: 'Rinnovo automatico: FE Studio Rossi' }).click();
    await s.heading(page, 'Rinnovo automatico di FE Studio Rossi');
    await s.accessible(page);

    // Without the consents (the tacit-renewal clause among them) nothing is switched on.
    await page.getByLabel('Numero della carta').fill('4242 4242 4242 4242');
    await page.getByLabel('Anno di scadenza').selectOption('2030');
    await page.getByLabel('Titolare della carta').fill('Mario Rossi');
    await page.getByRole('button', { name: 'Attiva il rinnovo automatico' }).click();
    await page.locator('#consent-error-GENERAL_TERMS, #consent-error-ONEROUS_CLAUSES').first().waitFor();
    expect((await api.get(`/me/services/${serviceId}`).expect(200)).body.autoRenew).toBe(false);

    await page.getByLabel('Durata di ogni rinnovo').selectOption('2');
    await tickConsents(page);
    await page.getByRole('button', { name: 'Attiva il rinnovo automatico' }).click();
    await page.getByRole('status').filter({ hasText: 'Rinnovo automatico attivato.' }).waitFor();
    const service = (await api.get(`/me/services/${serviceId}`).expect(200)).body;
    expect(service).toMatchObject({ autoRenew: true, autoRenewal: { years: 2 } });
    expect(await page.locator('#stored-method').textContent()).toBe('Visa •••• 4242');
    expect(await page.locator('#next-charge').textContent()).toContain(
      `il ${itLong(new Date(service.autoRenewal.chargesAt))}, 7 giorni prima della scadenza`,
    );
    await s.accessible(page);
    await s.fits(page);
    await s.shot(page, 'auto-renew');

    // Another card.
    await page.getByLabel('Numero della carta').fill('5555 5555 5555 4444');
    await page.getByLabel('Anno di scadenza').selectOption('2031');
    await page.getByLabel('Titolare della carta').fill('Mario Rossi');
    await tickConsents(page);
    await page.getByRole('button', { name: 'Salva la nuova carta e la durata' }).click();
    await page.getByRole('status').filter({ hasText: 'Dati del rinnovo automatico aggiornati.' }).waitFor();
    expect(await page.locator('#stored-method').textContent()).toBe('Mastercard •••• 4444');

    // Off, after asking.
    await page.getByRole('button', { name: 'Disattiva il rinnovo automatico' }).click();
    await page.getByRole('button', { name: 'Sì, disattiva' }).click();
    await page.getByRole('status').filter({ hasText: 'Rinnovo automatico disattivato.' }).waitFor();
    expect((await api.get(`/me/services/${serviceId}`).expect(200)).body.autoRenew).toBe(false);
    expect(await page.locator('#stored-method').count()).toBe(0);
  });

  it('after a declined charge asks to update the details, and the order awaiting payment can be paid or cancelled', async () => {
    const api = await s.api('mario.rossi@demo.it');
    const serviceId = demoServiceId('rossi-srl');
    await api
      .put(`/me/services/${serviceId}/auto-renew`, {
        method: 'CREDIT_CARD',
        card: { number: '4000000000000002', expiryMonth: 12, expiryYear: 2030, holder: 'Mario Rossi' },
        years: 1,
        consents: currentConsents(s.t.config),
      })
      .expect(200);
    await s.t.settle();
    const { chargesAt } = (await api.get(`/me/services/${serviceId}`).expect(200)).body.autoRenewal;
    s.t.clock.set(new Date(chargesAt));
    expect((await s.t.app.get(RenewalScheduler).tick()).autoRenewals).toBe(1);
    await s.t.settle();

    const page = await s.open('/#/services', 375);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'I miei servizi');
    const banner = page.getByRole('alert').filter({ hasText: 'Aggiorna i tuoi dati' });
    await banner
      .getByText(/L'addebito automatico per FE Rossi S\.r\.l\. .* non è riuscito: la carta è stata rifiutata/)
      .waitFor();
    await banner.getByRole('button', { name: "Annulla l'ordine" }).waitFor();
    await s.accessible(page);
    await s.fits(page);
    await s.shot(page, 'auto-renew-declined');

    await banner.getByRole('link', { name: /Paga l'ordine FE-/ }).click();
    await s.heading(page, /Paga l'ordine FE-/);
    await page.getByLabel('Numero della carta').fill('4242 4242 4242 4242');
    await page.getByLabel('Anno di scadenza').selectOption('2030');
    await page.getByLabel('Titolare della carta').fill('Mario Rossi');
    await page.getByRole('button', { name: /^Paga / }).click();
    await page.getByText('Ordine pagato: il servizio è rinnovato.').waitFor();
    await page.getByRole('link', { name: 'Torna ai servizi' }).click();
    await s.heading(page, 'I miei servizi');
    expect(await page.getByText('Aggiorna i tuoi dati').count()).toBe(0);
  });
});
