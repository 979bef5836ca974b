/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they see the DOM.
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { describeWhen, engines } from '../libs/event-store/src/testing/engines';
import { demoServiceId } from '../apps/api/src/demo-data';
import { currentConsents, startTestApp, TEST_NOW, TestApp } from './support/test-app';
import { confirmInPage } from './support/browser';

const SHOTS = join(process.cwd(), 'test-output', 'screenshots');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const itLong = (iso: Date) =>
  new Intl.DateTimeFormat('it-IT', { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(iso);

describeWhen(engines.chromiumMissing, 'the customer area and the back office in Chromium (e2e)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: engines.chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  // Each test has an app (and demo data) of its own; the browser is shared.
  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine: 'sqlite' });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterEach(() => t.close());

  /** A renewal confirmed through the API (what a test needs before the page it looks at). */
  const confirmedByApi = async (
    username: string,
    serviceKey: string,
    years = 1,
    method = 'BANK_TRANSFER',
  ) => {
    const api = await t.login(username);
    const orderId: string = (await api.post(`/me/services/${demoServiceId(serviceKey)}/renewal`).expect(201))
      .body.orderId;
    await api.post(`/me/orders/${orderId}/checkout`).expect(200);
    await api.put(`/me/orders/${orderId}/payment-method`, { method }).expect(200);
    if (years > 1) await api.put(`/me/orders/${orderId}/term`, { years }).expect(200);
    const order = (
      await api
        .post(`/me/orders/${orderId}/confirmation`, { consents: currentConsents(t.config) })
        .expect(200)
    ).body;
    await t.settle();
    return {
      orderId,
      orderNumber: order.orderNumber as string,
      grossText: itMoney(order.quote.grossCents),
      // Events are stamped by the store's wall clock: a moment after the confirmation and before the payment.
      wallClockAfter: Date.now() + 1000,
    };
  };

  const open = async (path: string, width = 1280): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      locale: 'it-IT',
      timezoneId: 'Europe/Rome',
    });
    const page = await context.newPage();
    // The pages must pass their own Content-Security-Policy: a violation is a failure.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${path}: ${message.text()}`);
    });
    await page.goto(base + path);
    return page;
  };
  const cspViolations: string[] = [];
  afterEach(() => {
    expect(cspViolations.splice(0)).toEqual([]);
  });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  /** axe-core on the page as it is: no serious or critical violation. */
  const accessible = async (page: Page) => {
    // Evaluated through the devtools protocol, which the page's CSP does not govern (an inline tag would be refused).
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: {
            run(): Promise<{
              violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
            }>;
          };
        }
      ).axe.run();
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
    });
    expect(violations).toEqual([]);
  };
  const login = async (page: Page, username: string) => {
    await page.getByLabel('Email').fill(username);
    await page.getByLabel('Password').fill('demo1234');
    await page.getByRole('button', { name: 'Accedi' }).click();
  };
  const heading = (page: Page, name: string | RegExp) =>
    page.getByRole('heading', { level: 1, name }).waitFor();

  it('renews a service from login to the confirmation page, keyboard first, with a refused consent on the way', async () => {
    const page = await open('/');
    await heading(page, "Accedi all'area clienti");
    await accessible(page);
    await shot(page, '01-login');
    // The keyboard alone: type, Tab, type, Enter.
    await page.getByLabel('Email').focus();
    await page.keyboard.type('mario.rossi@demo.it');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo1234');
    await page.keyboard.press('Enter');
    await heading(page, 'I miei servizi');
    expect(await page.getByText('FE Bianchi').count()).toBe(0); // another customer's services never show
    await accessible(page);
    await shot(page, '02-services');

    const manage = page.getByRole('button', { name: 'Gestisci: FE Studio Rossi' });
    await manage.focus();
    await page.keyboard.press('Enter');
    expect(await manage.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('button', { name: 'Rinnova: FE Studio Rossi' }).click();
    await heading(page, 'Rinnovo di FE Studio Rossi');
    const gross = () => page.locator('[data-total="gross"]').textContent();
    expect(await gross()).toBe(itMoney(3050)); // 25,00 + VAT
    await page.getByRole('button', { name: 'Aumenta lo spazio di 1 GB' }).click();
    await page.getByText('Spazio aggiuntivo: 1 GB (di cui 1 GB aggiunti in questo carrello)').waitFor();
    await page.getByRole('button', { name: 'Acquista il modulo NSO' }).click();
    await page.getByText('Modulo NSO: attivo').waitFor();
    await page.getByRole('button', { name: 'Un utente aggiuntivo in più' }).click();
    await page.getByText('Utenti aggiuntivi: 1').waitFor();
    await page.getByRole('button', { name: 'Un utente aggiuntivo in meno' }).click();
    await page.getByText('Utenti aggiuntivi: 0').waitFor();
    const cartTotal = await gross();
    expect(cartTotal).not.toBe(itMoney(3050));
    await accessible(page);
    await shot(page, '03-cart');

    await page.getByRole('button', { name: "Prosegui e completa l'ordine" }).click();
    await page.getByRole('heading', { name: "Completa l'ordine" }).waitFor();
    await page.getByLabel(/Bonifico bancario/).check();
    await page.getByLabel(/Bonifico bancario/).isChecked();
    await page.getByLabel('Durata').selectOption('2');
    await page.waitForFunction(
      () => (document.querySelector('#term') as HTMLSelectElement | null)?.value === '2',
    );
    // "Modifica il tuo ordine" goes back to the cart; the choices stay.
    await page.getByRole('button', { name: 'Modifica il tuo ordine' }).click();
    await page.getByRole('heading', { name: 'Carrello' }).waitFor();
    await page.getByRole('button', { name: "Prosegui e completa l'ordine" }).click();
    await page.getByRole('heading', { name: "Completa l'ordine" }).waitFor();
    expect(await page.getByLabel(/Bonifico bancario/).isChecked()).toBe(true);
    await page.getByLabel(/Accetto le condizioni generali/).check();
    await page.getByLabel(/Ho letto l'informativa privacy/).check();
    await page.getByRole('button', { name: 'Conferma' }).click();
    const consentError = page.locator('#consent-error-ONEROUS_CLAUSES');
    await consentError.waitFor();
    expect(await consentError.textContent()).toBe('Questo consenso è necessario per confermare.');
    await accessible(page);
    await shot(page, '04-order-form');
    await page.getByLabel(/Approvo specificamente le clausole vessatorie/).check();
    await page.getByRole('button', { name: 'Conferma' }).click();

    await heading(page, 'Ordine confermato');
    const orderNumber = (await page.locator('[data-order-number]').textContent()) ?? '';
    expect(orderNumber).toMatch(/^FE-2026-\d{6}$/);
    await page.getByText('IBAN').first().waitFor();
    await accessible(page);
    await shot(page, '05-confirmation');

    await page.getByRole('link', { name: 'I miei ordini' }).click();
    await heading(page, 'I miei ordini');
    await page.getByRole('link', { name: orderNumber }).waitFor();
    await accessible(page);
    await shot(page, '06-orders');
    await page.context().close();
  });

  it('reactivates an expired service', async () => {
    const page = await open('/');
    await login(page, 'giulia.bianchi@demo.it');
    await heading(page, 'I miei servizi');
    await page.getByRole('button', { name: 'Gestisci: FE Ditta Bianchi' }).click();
    await page.getByRole('button', { name: 'Riattiva: FE Ditta Bianchi' }).click();
    await heading(page, 'Riattivazione di FE Ditta Bianchi');
    await page.getByRole('button', { name: "Prosegui e completa l'ordine" }).click();
    await page.getByLabel(/Carta di credito/).check();
    await page.getByLabel('Rinnova automaticamente alla scadenza (solo carta di credito o PayPal)').waitFor();
    await confirmInPage(page);
    await accessible(page);
    await shot(page, '07-reactivation-confirmed');
    // Another customer's order is not found, not shown.
    const marios = await confirmedByApi('mario.rossi@demo.it', 'rossi-studio');
    await page.goto(`${base}/#/orders/${marios.orderId}`);
    await page.getByText('Ordine non trovato.').waitFor();
    await page.context().close();
  });

  it('refuses an agreement code with the reason next to the field, in the chosen language', async () => {
    const page = await open('/');
    await login(page, 'luca.verdi@demo.it');
    await heading(page, 'I miei servizi');
    await page.getByRole('button', { name: 'Gestisci: FE Verdi Promo' }).click();
    await page.getByRole('button', { name: 'Rinnova: FE Verdi Promo' }).click();
    await heading(page, 'Rinnovo di FE Verdi Promo');
    await page.getByLabel('Codice convenzione').fill('NONESISTE');
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    const error = page.locator('#code-error');
    await error.getByText('Il codice convenzione non esiste.').waitFor();
    await page.getByLabel('Codice convenzione').fill('ARTIGIANI2025');
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await error.getByText('Il codice convenzione è scaduto.').waitFor();
    await accessible(page);
    await shot(page, '08-agreement-code-refused');

    await page.getByLabel('Lingua').selectOption('en');
    await heading(page, 'Renewal of FE Verdi Promo');
    await page.getByLabel('Agreement code').fill('NONESISTE');
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.locator('#code-error').getByText('The agreement code does not exist.').waitFor();
    expect(await page.locator('[data-total="gross"]').textContent()).toMatch(/^€/); // en-GB: €18.30
    await shot(page, '09-english');
    await page.getByLabel('Language').selectOption('it');
    await page.context().close();
  });

  it('shows the prices, the warning and how to pay in English when English is chosen', async () => {
    // FE Rossi S.r.l. expires in 10 days; chosen four days later, a postal slip (5-7 working days) is
    // registered after the expiry, and the form warns of it with the date.
    const api = await t.login('mario.rossi@demo.it');
    const orderId: string = (await api.post(`/me/services/${demoServiceId('rossi-srl')}/renewal`).expect(201))
      .body.orderId;
    await api.post(`/me/orders/${orderId}/checkout`).expect(200);
    t.clock.set(new Date(TEST_NOW.getTime() + 4 * 86_400_000));
    await api.put(`/me/orders/${orderId}/payment-method`, { method: 'POSTAL_SLIP' }).expect(200);
    await t.settle();
    const page = await open('/');
    await page.getByLabel('Lingua').selectOption('en');
    await page.getByLabel('Email').fill('mario.rossi@demo.it');
    await page.getByLabel('Password').fill('demo1234');
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading(page, 'My services');
    await page.goto(`${base}/#/orders/${orderId}`);
    await heading(page, 'Renewal of FE Rossi S.r.l.');
    const expiry = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(
      new Date(TEST_NOW.getTime() + 10 * 86_400_000),
    );
    await page
      .getByText(
        `With this method the payment is registered after the service expires (${expiry}): the service may be interrupted.`,
      )
      .waitFor();
    await page.getByLabel(/Postal slip \(registered in 5 to 7 working days\)/).waitFor();
    const totals = page.locator('.totals');
    await totals.getByText('E-invoicing (1 year)').waitFor();
    await totals.getByText('NSO electronic orders module (1 year)').waitFor();
    expect(await totals.textContent()).not.toMatch(/Fatturazione|Modulo|Utente/);
    await shot(page, '16-order-form-english');

    await api.post(`/me/orders/${orderId}/confirmation`, { consents: currentConsents(t.config) }).expect(200);
    await t.settle();
    await page.reload();
    await heading(page, 'Order confirmed');
    await page
      .getByText('Fill in a postal slip to Hosting Italia S.p.A., postal account no.', { exact: false })
      .waitFor();
    await page.getByText(/^Quote as the reason for payment: "FE-2026-\d{6}"\.$/).waitFor();
    expect(await page.locator('.confirmation').textContent()).not.toMatch(/Compila|Indica come causale/);
    await accessible(page);
    await shot(page, '17-confirmation-english');
    await page.getByLabel('Language').selectOption('it');
    await page.context().close();
  });

  it('works at 375 px: nothing wider than the screen', async () => {
    const confirmed = await confirmedByApi('mario.rossi@demo.it', 'rossi-studio');
    const page = await open('/', 375);
    await login(page, 'mario.rossi@demo.it');
    await heading(page, 'I miei servizi');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, '10-services-375px');
    await page.goto(`${base}/#/orders/${confirmed.orderId}`);
    await heading(page, 'Ordine confermato');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await accessible(page);
    await page.context().close();
  });

  it('a back-office user registers the payment, sees it on the dashboard, and the customer area shows the new expiry', async () => {
    const confirmed = await confirmedByApi('mario.rossi@demo.it', 'rossi-studio', 2);
    const page = await open('/back-office');
    await heading(page, 'Accedi al back office');
    await accessible(page);
    await login(page, 'backoffice@demo.it');
    await heading(page, 'Cruscotto');
    // Nothing paid yet: the revenue chart says so instead of drawing empty axes.
    await page.locator('#revenue-period-empty').getByText('Nessun dato per il periodo scelto.').waitFor();

    await page.getByRole('link', { name: 'Pagamenti' }).click();
    await heading(page, 'Pagamenti');
    await page.getByRole('link', { name: confirmed.orderNumber, exact: true }).waitFor(); // awaiting registration
    await accessible(page);
    await page.getByLabel("Numero d'ordine").fill(confirmed.orderNumber);
    await page.getByLabel('Importo (euro)').fill('1,00');
    await page.getByLabel('ID transazione').fill('CRO-BROWSER-1');
    await page.getByRole('button', { name: 'Registra' }).click();
    await page
      .locator('#amount-error')
      .getByText("L'importo non corrisponde al totale dell'ordine.")
      .waitFor();
    const euros = confirmed.grossText.replace(/[^\d,]/g, '');
    await page.getByLabel('Importo (euro)').fill(euros);
    await page.getByRole('button', { name: 'Registra' }).click();
    await page.getByText(`Pagamento registrato per l'ordine ${confirmed.orderNumber}.`).waitFor();
    // The list is drawn again: the paid order no longer awaits payment.
    expect(await page.getByRole('link', { name: confirmed.orderNumber, exact: true }).count()).toBe(0);
    await shot(page, '11-payment-registered');

    await page.getByRole('link', { name: 'Cruscotto' }).click();
    await heading(page, 'Cruscotto');
    const revenue = page.locator('section[aria-labelledby="revenue-period-title"]');
    await revenue.locator('summary').click();
    await revenue.getByRole('cell', { name: confirmed.grossText }).waitFor();
    await page.locator('canvas#revenue-period').waitFor();
    await page.locator('canvas#orders-status').waitFor();
    await accessible(page);
    await shot(page, '12-dashboard');

    await page.getByRole('link', { name: 'Rimborsi' }).click();
    await heading(page, 'Rimborsi');
    await accessible(page);
    await shot(page, '13-refunds');

    await page.getByRole('link', { name: 'Audit' }).click();
    await heading(page, 'Audit');
    await page.getByLabel('Identificativo').fill(confirmed.orderId);
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByRole('heading', { name: 'Pagamento registrato', exact: true }).waitFor();
    const romeTime = new Date(confirmed.wallClockAfter)
      .toLocaleString('sv-SE', { timeZone: 'Europe/Rome' })
      .replace(' ', 'T');
    await page.getByLabel('Stato alla data (opzionale)').fill(romeTime);
    await page.getByRole('button', { name: 'Mostra' }).click();
    // As of just after the confirmation (Rome time), the payment had not come yet.
    await page
      .getByRole('heading', { name: 'Pagamento registrato', exact: true })
      .waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Rinnovo richiesto', exact: true }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Esporta CSV' }).click();
    expect((await download).suggestedFilename()).toBe(`audit-order-${confirmed.orderNumber}.csv`);
    await accessible(page);
    await shot(page, '14-audit');
    await page.context().close();

    const customer = await open('/');
    await login(customer, 'mario.rossi@demo.it');
    await heading(customer, 'I miei servizi');
    const newExpiry = itLong(new Date(TEST_NOW.getTime() + (120 + 365 * 2 + 1) * 86_400_000));
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await customer.getByText(newExpiry).count()) > 0) break;
      await customer.waitForTimeout(100);
      await customer.reload();
      await heading(customer, 'I miei servizi');
    }
    await customer.getByText(newExpiry).waitFor();
    await shot(customer, '15-services-renewed');
    await customer.context().close();
  });
});

function itMoney(cents: number): string {
  return new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
