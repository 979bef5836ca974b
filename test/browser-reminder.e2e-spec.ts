/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { RenewalScheduler } from '@app/renewals';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { browserSuite, confirmInPage } from './support/browser';
import { eventually } from './support/test-app';

/** The whole path a customer takes alone: from the reminder email to a paid renewal, in the browser. */
describeWhen(engines.chromiumMissing, 'from a reminder email to a paid renewal, in Chromium (e2e)', () => {
  const s = browserSuite();

  it('follows the reminder link to the cart, confirms, pays by card, and the service is renewed', async () => {
    await s.t.app.get(RenewalScheduler).tick();
    await s.t.settle();
    const reminder = await eventually(async () => {
      const mail = s.t.smtp
        .to('mario.rossi@demo.it')
        .find((m) => m.subject === 'Promemoria: FE Rossi S.r.l. scade tra 10 giorni');
      expect(mail).toBeDefined();
      return mail!;
    });
    const text = String(reminder.text);
    expect(text.startsWith('Gentile Mario Rossi,')).toBe(true);
    expect(String(reminder.html)).toContain('Gentile Mario Rossi,');
    const link = /Rinnova FE Rossi S\.r\.l\.: (\S+)/.exec(text)?.[1];
    expect(link).toMatch(/\/#\/services\/[0-9a-f-]+\/renew$/);
    expect(String(reminder.html)).toContain(`href="${link}"`);

    // The link, on this server (PUBLIC_URL is the default here): log in, and the cart is there.
    const page = await s.open(`/${new URL(link!).hash}`, 375);
    await s.login(page, 'mario.rossi@demo.it');
    await s.heading(page, 'Rinnovo di FE Rossi S.r.l.');
    await page.getByRole('button', { name: "Prosegui e completa l'ordine" }).click();
    await page.getByLabel(/Carta di credito/).check();
    await page.waitForFunction(
      () => (document.getElementById('method-CREDIT_CARD') as HTMLInputElement)?.checked,
    );
    await confirmInPage(page);
    await page.getByRole('link', { name: 'Paga ora' }).click();
    await s.heading(page, /Paga l'ordine FE-/);
    await page.getByLabel('Numero della carta').fill('4242 4242 4242 4242');
    await page.getByLabel('Anno di scadenza').selectOption('2030');
    await page.getByLabel('Titolare della carta').fill('Mario Rossi');
    await page.getByRole('button', { name: /^Paga / }).click();
    await page.getByText('Ordine pagato: il servizio è rinnovato.').waitFor();
    await s.accessible(page);
    await s.fits(page);

    // The renewal completed email follows, with the new expiry.
    await eventually(async () => {
      const done = s.t.smtp
        .to('mario.rossi@demo.it')
        .find((m) => m.subject?.startsWith('Servizio rinnovato'));
      expect(done?.text).toContain('la nuova scadenza è il');
    });
  });
});
