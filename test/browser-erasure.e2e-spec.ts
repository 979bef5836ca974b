/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { RenewalScheduler } from '@app/renewals';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { demoCustomerId } from '../apps/api/src/demo-data';
import { browserSuite } from './support/browser';

/** The back office erases a customer's personal data from their audit trail, in Chromium (decisions.md #34). */
describeWhen(engines.chromiumMissing, 'erasure of personal data in Chromium (e2e)', () => {
  const s = browserSuite();

  it('refuses while a service runs, then erases a customer whose services ended: the trail shows them erased', async () => {
    const page = await s.open(`/back-office#/audit/customers/${demoCustomerId('mario.rossi@demo.it')}`);
    await s.login(page, 'backoffice@demo.it');
    await page.getByRole('heading', { level: 2, name: 'Cancellazione dei dati personali' }).waitFor();
    await page
      .getByLabel('Motivo e riferimento della richiesta (senza dati personali)')
      .fill('Richiesta via PEC');
    await page.getByLabel('Confermo la cancellazione: non si può annullare.').check();
    await page.getByRole('button', { name: 'Cancella i dati personali' }).click();
    await page
      .getByText('Un servizio del cliente è ancora attivo o riattivabile', { exact: false })
      .waitFor();
    await page.getByText('Studio Rossi', { exact: false }).first().waitFor();

    // Giulia's services have both ended past their grace, and their data was deleted.
    s.t.clock.advanceDays(200);
    await s.t.app.get(RenewalScheduler).tick();
    await s.t.settle();
    await page.goto(`${s.base}/back-office#/audit/customers/${demoCustomerId('giulia.bianchi@demo.it')}`);
    await page.getByRole('heading', { level: 2, name: 'Cancellazione dei dati personali' }).waitFor();
    const main = page.getByRole('main');
    await main.getByText('FE Ditta Bianchi', { exact: false }).first().waitFor();
    await page
      .getByLabel('Motivo e riferimento della richiesta (senza dati personali)')
      .fill('Richiesta via PEC del 2/12');
    await page.getByLabel('Confermo la cancellazione: non si può annullare.').check();
    await page.getByRole('button', { name: 'Cancella i dati personali' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Dati personali cancellati il .*Le fatture restano conservate\.$/ })
      .waitFor();
    // The trail read again from the log: her fields read as erased, her name is nowhere on the page.
    await main.getByText('[cancellato]', { exact: false }).first().waitFor();
    await main.getByRole('heading', { name: 'Dati personali cancellati' }).waitFor();
    // Nothing more to erase: the form gives way to what was done.
    await main
      .getByText('I dati personali di questo cliente sono cancellati; le sue fatture restano conservate.')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Cancella i dati personali' }).count()).toBe(0);
    expect(await main.innerText()).not.toMatch(/giulia|bianchi/i);
    await s.accessible(page);
    await s.fits(page);
    await s.shot(page, 'cancellazione-dati-personali');
  });
});
